"""Reading commands that answer questions: stats, report, patterns, people."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from callback_cli import config, dates, reports
from callback_cli.render import json_out
from callback_cli.render import reports as draw
from callback_cli.cli import options as o
from callback_cli.cli.app import app
from callback_cli.cli.common import db_path, open_journal, open_store
from callback_cli.cli.view import date_range
from callback_cli.errors import BadInput


def _show(doc, as_json: bool, drawer) -> None:
    """The document itself for scripts, or drawn for people."""
    if as_json:
        json_out(doc)
    else:
        drawer(doc)


def _complete_by(incomplete: str):
    return [b for b in reports.BY if b.startswith(incomplete)]


@app.command()
def stats(
    ctx: typer.Context,
    since: o.Since = None,
    until: o.Until = None,
    week: o.Week = False,
    month: o.Month = False,
    year: o.Year = False,
    by: Annotated[
        Optional[str],
        typer.Option("--by", help="Group by: " + ", ".join(reports.BY) + ".", autocompletion=_complete_by),
    ] = None,
    json: o.Json = False,
) -> None:
    """Callback rate, booking ratio and conversion.

    Over any range, optionally grouped with --by.

    Example: callback stats --year --by month
    """
    today = dates.today()
    if by is not None and by not in reports.BY:
        raise BadInput(f"unknown --by {by!r} (choose from {', '.join(reports.BY)})")
    start, end = date_range(since, until, week, month, year, today)
    _show(reports.stats(open_store(ctx), today, start, end, by), json, draw.stats)


@app.command()
def report(
    ctx: typer.Context,
    week: Annotated[
        Optional[str],
        typer.Argument(help="this (default), last, or any date in the week.", show_default=False),
    ] = None,
    html: Annotated[Optional[Path], typer.Option("--html", help="Also save it as HTML.")] = None,
    svg: Annotated[Optional[Path], typer.Option("--svg", help="Also save it as SVG.")] = None,
    json: o.Json = False,
) -> None:
    """The weekly report: auditions, outcomes, trend, what is next.

    Example: callback report last --html week.html
    """
    from callback_cli import files

    for path in (html, svg):
        if path is not None:
            files.check_target(path, db_path(ctx))  # before any work: never over the journal
    today = dates.today()
    cfg = config.load()
    journal = open_journal(ctx)
    doc = reports.weekly(journal.store, journal, today, week, cfg)
    _show(doc, json, lambda d: draw.report(d, today))
    if json:
        return
    from callback_cli.render import notice, recording, visible

    for path, kind in ((html, "html"), (svg, "svg")):
        if path:
            page = recording(
                lambda con: draw.report(doc, today, con), kind, title=f"callback: week of {doc['week']['start']}"
            )
            files.write_file(path, db_path(ctx), lambda fh, page=page: fh.write(page))
            notice(f"Saved {visible(path)}")


@app.command()
def patterns(
    ctx: typer.Context,
    minimum: Annotated[int, typer.Option("--min", min=1, max=2**63 - 1, help="Smallest group worth showing.")] = 5,
    since: o.Since = None,
    until: o.Until = None,
    year: o.Year = False,
    json: o.Json = False,
) -> None:
    """Which factors go with callbacks, honest about small samples.

    Example: callback patterns --min 8
    """
    today = dates.today()
    start, end = date_range(since, until, False, False, year, today)
    _show(reports.patterns(open_store(ctx), today, minimum, start, end), json, draw.patterns)


@app.command()
def people(
    ctx: typer.Context,
    not_seen: Annotated[
        Optional[int],
        typer.Option(
            "--not-seen", min=0, max=100_000, metavar="DAYS", help="Only offices you have not auditioned for in DAYS days."
        ),
    ] = None,
    since: o.Since = None,
    until: o.Until = None,
    year: o.Year = False,
    json: o.Json = False,
) -> None:
    """Casting offices: who calls you in, and who calls you back.

    Example: callback people --not-seen 90
    """
    today = dates.today()
    start, end = date_range(since, until, False, False, year, today)
    rows = reports.people(open_store(ctx), today, start, end, not_seen)
    _show(rows, json, lambda doc: draw.people(doc, not_seen))
