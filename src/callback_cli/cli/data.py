"""Data in and out: export, import."""

# No `from __future__ import annotations` here: Typer would have to evaluate every option's
# annotation string again on each run (about 3 ms of start-up); these are real objects.

import gc
import os
import re
import sys
from itertools import chain, islice
from pathlib import Path
from typing import Annotated, List, Optional

import typer

from callback_cli import config, dates, importing, render
from callback_cli.cli import options as o
from callback_cli.cli.app import app
from callback_cli.cli.common import db_path, one_format, open_journal
from callback_cli.errors import BadInput, CallbackError, ImportRowsError
from callback_cli.importing import maps
from callback_cli.importing.rows import regular
from callback_cli.journal import IMPORT_BATCH
from callback_cli.render import export as writer


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
    from callback_cli import files  # lazy: only commands that write a file need it

    fmt = one_format(json=json, jsonl=jsonl, csv=csv) or "json"
    if output is not None:
        files.check_target(output, db_path(ctx))  # before any work: never over the journal
    journal = open_journal(ctx)

    def put(out) -> int:
        # built by SQLite when every value is one it prints as Python would; else record by record
        if fmt == "csv":
            lines = journal.export_csv(writer.CSV_FIELDS, writer.SEPARATOR[fmt])
            if lines is not None:
                return writer.write_lines(lines, out)
        else:
            texts = journal.export_json(writer.SEPARATOR[fmt])
            if texts is not None:
                return writer.write_texts(texts, fmt, out)
        return writer.write(journal.all_records(), fmt, out)

    if output is None:
        put(sys.stdout)
        return
    n = files.write_file(output, db_path(ctx), put)
    render.notice(f"Exported {n} auditions to {render.visible(output)}")


@app.command("import")
def import_(
    ctx: typer.Context,
    file: Annotated[
        Path,
        # readable=False: the importer's own checks name an unreadable file in one Error line
        typer.Argument(
            help="A .csv/.tsv, .xlsx, .json, .jsonl or another journal .db.",
            show_default=False,
            readable=False,
        ),
    ],
    from_: Annotated[
        Optional[str],
        typer.Option(
            "--from", help="The file's format, if its name does not say: json, jsonl, csv, xlsx, db."
        ),
    ] = None,
    map_: Annotated[
        Optional[List[str]],
        typer.Option(
            "--map",
            help='A column\'s field ("Product=project", "Parking=skip") or a word\'s meaning '
            '("Result:Straight to producers=callback"). Repeatable.',
        ),
    ] = None,
    map_file: Annotated[
        Optional[Path],
        typer.Option("--map-file", help="Read --map lines from this file (one a line).", readable=False),
    ] = None,
    profile: Annotated[
        Optional[str], typer.Option("--profile", help="Use the --map flags saved with --save-map NAME.")
    ] = None,
    save_map: Annotated[
        Optional[str],
        typer.Option("--save-map", help="Keep this import's --map flags under NAME for next time."),
    ] = None,
    sheet: Annotated[
        Optional[str], typer.Option("--sheet", help="The sheet of an .xlsx workbook (default: the first).")
    ] = None,
    date_order: Annotated[
        Optional[str],
        typer.Option("--date-order", help="How 4/5/2026 reads when the file cannot tell: mdy or dmy."),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show how the file reads and what would change; write nothing.")
    ] = False,
    json: o.Json = False,
) -> None:
    """Import a spreadsheet (.csv, .xlsx), an export or another journal.

    Columns and words are read as a person reads them; --dry-run shows how, and what would
    change. Nothing is doubled: records are matched by uid, or by date + project + role.

    Example: callback import old-sheet.xlsx --dry-run
    """
    try:
        summary, report, mapping = _import(
            ctx, file, from_, map_, map_file, profile, save_map, sheet, date_order, dry_run
        )
    except CallbackError as exc:
        raise _bounded(exc) from None
    except UnicodeEncodeError as exc:
        if "surrogate" not in str(exc):
            raise
        raise _unpaired(file, from_, sheet, date_order) from None
    except MemoryError:
        raise CallbackError(
            f"{file.name} is too large to read in the memory available; nothing was imported"
        ) from None
    if summary.get("changes_more"):
        report.warn(f"{summary['changes_more']} more changed auditions are counted but not listed")
    if save_map is not None:
        try:
            where = maps.save_profile(save_map, mapping.as_flags(), file.name)
        except CallbackError as exc:  # checked before the import, so rare: a full disk
            saved = (
                "" if dry_run or not summary["new"] + summary["updated"] else "; the import itself was saved"
            )
            raise CallbackError(f"{exc}{saved}") from None
        report.warn(f"the --map flags are saved as {save_map!r} ({where}); next time: --profile {save_map}")
    if json:
        render.json_out(
            {
                "new": summary["new"],
                "present": summary["present"],
                "updated": summary["updated"],
                "columns": report.columns,
                "values": report.values,
                "warnings": report.warnings,
                "changes": [{k: c[k] for k in ("uid", "fields", "events")} for c in summary["changes"]],
            }
        )
        return
    from callback_cli.render import importing as show  # lazy: Rich only for the human preview

    new_rows = [
        {"row": r.row, **r.values, "events": [{"status": e[0], "date": e[1], "note": e[2]} for e in r.events]}
        for r in summary.get("new_rows", [])
    ]
    show.preview(file.name, summary, report, dry_run, new_rows)


def _import(ctx, file, from_, map_, map_file, profile, save_map, sheet, date_order, dry_run):
    """Read, check and import the file (or, with dry_run, only check it): the summary, the
    report of how it read, and the mapping used."""
    today = dates.today()
    regular(file)  # a missing file, a folder, a FIFO or a device is named before anything else
    if from_ is not None and not from_.strip():
        raise BadInput(f"--from takes one of {', '.join(importing.FORMATS)}, got an empty value")
    fmt = importing.detect(file, from_)
    if fmt != "db" and file.is_dir():
        raise BadInput(f"{file} is a directory, not an import file")
    if sheet is not None and fmt != "xlsx":
        raise BadInput(f"--sheet is for .xlsx workbooks; {file.name} is read as {fmt}")
    if fmt == "db":
        _not_the_journal(file, db_path(ctx))
    order = (config.load().date_order if date_order is None else date_order).lower()
    if order not in ("mdy", "dmy"):
        raise BadInput(f"--date-order takes mdy or dmy, got {date_order!r}")
    flags: list[str] = []
    if profile is not None:
        flags += maps.load_profile(profile)
    if map_file:
        flags += maps.load_file(map_file)
    flags += list(map_ or [])
    mapping = importing.Mapping.parse(flags)
    mapping.order_given = date_order is not None  # the file's own date sequence then yields to it
    if save_map is not None:
        maps.profile_path(save_map)  # a bad name is refused before anything is read
        if not flags:
            raise BadInput("--save-map keeps --map flags: give at least one --map (or --map-file)")
        maps.check_writable(save_map)  # before the import commits, not after
    # An import makes millions of small objects that all live until it ends: the collector's
    # passes over them free nothing (tests/benchmarks/bench_import.py measures the gain)
    gc.disable()
    try:
        records, report = importing.stream(file, fmt, today, mapping, order, sheet)
        # a file of up to a batch is read and checked whole before the journal is opened; a
        # longer one goes on streaming, a batch at a time, inside the import's one transaction
        it = iter(records)
        head = list(islice(it, IMPORT_BATCH))
        whole = len(head) < IMPORT_BATCH
        # a journal this import makes is built aside and appears whole when it commits
        journal = open_journal(ctx, create=not dry_run and bool(head), aside=True)
        with render.progress("Importing", len(head) if whole else None) as bar:
            summary = journal.import_records(
                chain(head, it), dry_run=dry_run, progress=bar, label=f"import {file.name}"
            )
        if journal.store.left_aside is not None:
            # another program made the journal while this one was built aside: the file goes
            # into theirs instead, read again and matched against what they wrote (the copy
            # built aside removed first: the disk holds one of them at a time)
            journal.store.close()
            records, report = importing.stream(file, fmt, today, mapping, order, sheet)
            summary = open_journal(ctx, create=True).import_records(records, label=f"import {file.name}")
    finally:
        gc.enable()
    return summary, report, mapping


def _not_the_journal(file: Path, journal: Path) -> None:
    """Importing the journal into itself (by its name, a link, or another name of the same
    file) would only read what is there: refused, as a mistake of which file was meant."""
    try:
        same = os.path.samefile(file, journal)
    except OSError:  # the journal does not exist yet, or cannot be looked at: not the same
        return
    if same:
        raise BadInput(f"{file} is the journal this import would write into; nothing to import")


_LONG_RUN = re.compile(r"\S{120,}")  # an unbroken run of text this long is a value quoted whole


def _short(text: str) -> str:
    """A message that quotes a value from the file, cut to a readable line: a cell of 50 MB
    must not come back as 50 MB on stderr."""
    text = _LONG_RUN.sub(lambda m: f"{m.group()[:60]}… ({len(m.group()):,} characters)", text)
    return text if len(text) <= 1000 else text[:999] + "…"


def _bounded(exc: CallbackError) -> CallbackError:
    """The error with every message it carries cut to a readable length (the problems shown:
    the first 50)."""
    if exc.args and isinstance(exc.args[0], str):
        exc.args = (_short(exc.args[0]), *exc.args[1:])
    if isinstance(exc, ImportRowsError):
        exc.problems[:50] = [(row, _short(col), _short(why)) for row, col, why in exc.problems[:50]]
        if exc.hint:
            exc.hint = _short(exc.hint)
    return exc


def _unpaired(file: Path, from_, sheet, date_order) -> BadInput:
    """A file whose text holds an unpaired surrogate (JSON's "\\ud800" escape: no character
    at all), which the journal cannot store: the error names the first row that holds one.
    Found by reading the file again, on this error's path only (the import's own path pays
    nothing for it)."""
    why = (
        f"{file.name} holds text that is not valid Unicode (an unpaired \\ud800-\\udfff escape); "
        "nothing was imported"
    )
    try:
        fmt = importing.detect(file, from_)
        order = (config.load().date_order if date_order is None else date_order).lower()
        records, _ = importing.stream(file, fmt, dates.today(), None, order, sheet)
        for rec in records:
            for column, value in _texts(rec):
                if isinstance(value, str) and not value.isascii() and _unencodable(value):
                    return ImportRowsError(
                        why, [(rec.row, column, f"{_short(repr(value))} is not valid Unicode")]
                    )
    except CallbackError:
        pass
    return BadInput(why)


def _texts(rec):
    yield from rec.values.items()
    yield from (("tags", t) for t in rec.tags)
    for e in rec.events:
        yield from (("events", v) for v in e)
    for x in rec.expenses:
        yield from (("expenses", v) for v in x)
    yield "uid", rec.uid


def _unencodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False
