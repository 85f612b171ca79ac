"""`callback demo`: a realistic journal in its own file, to see the product working."""

# No `from __future__ import annotations` here: Typer would have to evaluate every option's
# annotation string again on each run (about 3 ms of start-up); these are real objects.

import shlex
import shutil
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from callback_cli import config, dates, followups, paths, render, reports
from callback_cli.cli.app import app
from callback_cli.cli.common import db_path, open_journal, open_store
from callback_cli.demo import season
from callback_cli.errors import BadInput
from callback_cli.render import reports as draw


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
    from callback_cli import files  # lazy: only commands that write a file need it

    target = (file or paths.demo_path()).expanduser()
    # the journal in force (--db, else CALLBACK_DB, else the default), by file identity
    for journal in {db_path(ctx), paths.journal_path()}:
        if files.is_journal(target, journal):
            raise BadInput(f"{target} is your journal; the demo never writes there")
    present = files.present(target)  # a folder that cannot be entered: one line, not a traceback
    if present and target.is_dir():
        raise BadInput(f"{target} is a directory; give a file name for the demo journal")
    if present:
        if file is not None and not force:
            raise BadInput(f"{target} exists; add --force to replace it")
        files.check_target(target, None)  # a regular file only: never a device or a FIFO
        for suffix in ("", "-wal", "-shm"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
    today = dates.today()
    store = open_store(ctx, create=True, path=target)
    journal = open_journal(ctx, store=store)
    summary = journal.import_records(season(today), label="demo season")
    if quiet:  # plain: a path must reach a pipe whole, never wrapped or read as markup
        sys.stdout.write(f"{target}\n")
        return
    cfg = config.load()
    doc = reports.stats(store, today, by="month")
    upcoming = summary["new"] - doc["auditions"]  # the figures count only what has happened
    ahead = f" ({upcoming} of them still to come, which the figures leave out)" if upcoming else ""
    render.say(f"Built a demo journal with {summary['new']} auditions{ahead}: {render.esc(str(target))}\n")
    draw.stats(doc)
    render.say("")
    items = followups.items(store, today, cfg)
    draw.report(reports.weekly(store, journal.select, today, None, cfg.week_start_index, items), today)
    render.say("")
    render.lines_out(try_it(target))


def try_it(target: Path) -> list[str]:
    """The lines that show how to look around, runnable as printed: when `callback` is not on
    PATH (a virtualenv not activated) an alias line names the program that is running."""
    lines = ["[bold]Try it:[/]", f"  export CALLBACK_DB={render.esc(shlex.quote(str(target)))}"]
    me = Path(sys.argv[0]).resolve() if sys.argv and sys.argv[0] else None
    found = shutil.which("callback")
    if me and me.name == "callback" and (not found or Path(found).resolve() != me):
        lines.append(f"  alias callback={render.esc(shlex.quote(str(me)))}")
    lines += [
        "  callback list",
        "  callback patterns --min 3",
        "  callback people",
        "  callback followups",
    ]
    return lines
