"""`callback demo`: a realistic journal in its own file, to see the product working."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from callback_cli import config, dates, paths, render
from callback_cli.cli.app import app
from callback_cli.errors import BadInput


@app.command()
def demo(
    ctx: typer.Context,
    file: Annotated[
        Optional[Path],
        typer.Option(
            "--file", help="Where to build it (default: demo.db in the data dir, never your journal)."
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace FILE if it already exists.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only the file's path.")] = False,
) -> None:
    """Build a demo journal in its own file and show its reports.

    Example: callback demo && CALLBACK_DB="$(callback demo -q)" callback list
    """
    from callback_cli import demo as season, reports
    from callback_cli.journal import Journal
    from callback_cli.store import Store

    from callback_cli import files
    from callback_cli.cli.common import db_path

    target = (file or paths.demo_path()).expanduser()
    # the journal in force (--db, else CALLBACK_DB, else the default), by file identity
    for journal in {db_path(ctx), paths.journal_path()}:
        if files.is_journal(target, journal):
            raise BadInput(f"{target} is your journal; the demo never writes there")
    if target.is_dir():
        raise BadInput(f"{target} is a directory; give a file name for the demo journal")
    if target.exists() or target.is_symlink():
        if file is not None and not force:
            raise BadInput(f"{target} exists; add --force to replace it")
        files.check_target(target, None)  # a regular file only: never a device or a FIFO
        for suffix in ("", "-wal", "-shm"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
    today = dates.today()
    journal = Journal(Store.open(target, create=True), today)
    summary = journal.import_records(season.season(today), label="demo season")
    if quiet:
        render.plain(str(target))
        return
    from callback_cli.render import reports as draw

    render.say(f"Built a demo journal with {summary['new']} auditions: {render.esc(target)}\n")
    draw.stats(reports.stats(journal.store, today, by="month"))
    render.say("")
    draw.report(reports.weekly(journal.store, journal, today, None, config.load()), today)
    render.say(
        f"\nTry it: [bold]export CALLBACK_DB={render.esc(target)}[/] then callback list, "
        "callback patterns --min 3, callback people, callback followups."
    )
