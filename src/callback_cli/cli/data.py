"""Data in and out: export, import."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, List, Optional

import typer

from callback_cli import config, dates, render
from callback_cli.cli import options as o
from callback_cli.cli.app import app
from callback_cli.cli.common import db_path, one_format, open_journal, open_store
from callback_cli.errors import BadInput


@app.command()
def export(
    ctx: typer.Context,
    json: Annotated[
        bool, typer.Option("--json", help="One JSON list of whole records (the default; lossless).")
    ] = False,
    jsonl: Annotated[bool, typer.Option("--jsonl", help="One JSON record a line.")] = False,
    csv: Annotated[bool, typer.Option("--csv", help="One spreadsheet row an audition.")] = False,
    output: Annotated[
        Optional[Path], typer.Option("--output", "-o", help="Write to this file (default: standard output).")
    ] = None,
) -> None:
    """Export the whole journal as JSON, JSON Lines or CSV.

    Example: callback export --csv -o auditions.csv
    """
    from callback_cli import files, transfer

    fmt = one_format(json=json, jsonl=jsonl, csv=csv) or "json"
    if output is not None:
        files.check_target(output, db_path(ctx))  # before any work: never over the journal
    store = open_store(ctx)
    today, stale = dates.today(), config.load().stale_days
    if output is None:
        transfer.write_export(store, fmt, sys.stdout, today, stale)
        return
    n = files.write_file(
        output, db_path(ctx), lambda fh: transfer.write_export(store, fmt, fh, today, stale)
    )
    render.notice(f"Exported {n} auditions to {render.visible(output)}")


def _mapping(pairs: list[str] | None) -> dict:
    from callback_cli.transfer import TARGETS

    mapping = {}
    for pair in pairs or []:
        header, sep, field = pair.partition("=")
        field = field.strip().lower()
        if not sep or not header.strip() or field not in TARGETS:
            raise BadInput(f'--map takes "Header=field" with a field of the record, got {pair!r}')
        mapping[header.strip().lower()] = field
    return mapping


@app.command("import")
def import_(
    ctx: typer.Context,
    file: Annotated[
        Path, typer.Argument(help="A .json, .jsonl, .csv or another journal .db.", show_default=False)
    ],
    from_: Annotated[
        Optional[str],
        typer.Option("--from", help="The file's format, if its name does not say: json, jsonl, csv, db."),
    ] = None,
    map_: Annotated[
        Optional[List[str]],
        typer.Option("--map", help='Match a CSV header to a field, e.g. "Casting Director=casting".'),
    ] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Check and count; write nothing.")] = False,
    json: o.Json = False,
) -> None:
    """Import a spreadsheet, an export or another journal.

    Nothing is doubled: records are matched by uid, or by date + project + role.

    Example: callback import old-sheet.csv --map "Casting Director=casting" --dry-run
    """
    from callback_cli import transfer

    today = dates.today()
    fmt = transfer.detect(file, from_)
    if fmt != "db" and file.is_dir():
        raise BadInput(f"{file} is a directory, not an import file")
    records, ignored = transfer.read(file, fmt, today, _mapping(map_))
    journal = open_journal(ctx, create=not dry_run and bool(records))
    with render.progress("Importing", len(records)) as bar:
        summary = journal.import_records(records, dry_run=dry_run, progress=bar, label=f"import {file.name}")
    if json:
        render.json_out(summary)
        return
    if ignored:
        render.notice(f'Ignored columns: {", ".join(ignored)} (use --map "Header=field")')
    head = "Would import" if dry_run else "Imported"
    render.say(
        f"{head} {file.name}: {summary['new']} new, {summary['present']} already present, "
        f"{summary['updated']} updated." + (" Nothing was written." if dry_run else "")
    )
