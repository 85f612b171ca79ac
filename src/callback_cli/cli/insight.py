"""Reading commands that answer questions: stats, report, patterns, people."""

# No `from __future__ import annotations` here: Typer would have to evaluate every option's
# annotation string again on each run (about 3 ms of start-up); these are real objects.

from pathlib import Path
from typing import Annotated, Optional

import typer

from callback_cli import config, dates, followups, reports
from callback_cli.cli import options as o
from callback_cli.cli.app import app
from callback_cli.cli.common import db_path, open_journal, open_store
from callback_cli.cli.view import date_range
from callback_cli.errors import BadInput
from callback_cli.render import json_out
from callback_cli.render import reports as draw


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
    all_: o.All = False,
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
    _show(reports.stats(open_store(ctx), today, start, end, by), json, lambda d: draw.stats(d, all_=all_))


@app.command()
def report(
    ctx: typer.Context,
    week: Annotated[
        Optional[str],
        typer.Argument(help="this (default), last, or any date in the week.", show_default=False),
    ] = None,
    html: Annotated[
        Optional[Path], typer.Option("--html", metavar="FILE", help="Also save it as a page to send (HTML).")
    ] = None,
    svg: Annotated[
        Optional[Path], typer.Option("--svg", metavar="FILE", help="Also save its main chart as an SVG card.")
    ] = None,
    all_: o.All = False,
    json: o.Json = False,
) -> None:
    """The weekly report: auditions, outcomes, trend, what is next.

    Example: callback report last --html week.html
    """
    from callback_cli import files  # lazy: only commands that write a file need it

    for path in (html, svg):
        if path is not None:
            files.check_target(path, db_path(ctx))  # before any work: never over the journal
    today = dates.today()
    cfg = config.load()
    try:  # the week's words first: a date's hint alone would not say `this` and `last`
        reports.week_of(week, today, cfg.week_start_index, cfg.date_order)
    except BadInput as exc:
        raise BadInput(f"WEEK is this, last or a date in the week; {exc}") from None
    store = open_store(ctx)
    journal = open_journal(ctx, store=store)
    items = followups.items(store, today, cfg)
    doc = reports.weekly(store, journal.select, today, week, cfg.week_start_index, items, cfg.date_order)
    _show(doc, json, lambda d: draw.report(d, today, all_=all_))
    if html or svg:
        from callback_cli.cli.review import save_pages  # lazy: the page writer is for --html/--svg only

        save_pages(ctx, "week", doc, today, cfg, html, svg, store=store)


@app.command()
def patterns(
    ctx: typer.Context,
    minimum: Annotated[
        int,
        typer.Option(
            "--min", callback=o.at_least(1, "--min"), help="Leave out groups with fewer auditions than N."
        ),
    ] = 5,
    since: o.Since = None,
    until: o.Until = None,
    year: o.Year = False,
    all_: o.All = False,
    json: o.Json = False,
) -> None:
    """Which factors go with callbacks, honest about small samples.

    Example: callback patterns --min 8
    """
    today = dates.today()
    start, end = date_range(since, until, False, False, year, today)
    doc = reports.patterns(open_store(ctx), today, minimum, start, end)
    _show(doc, json, lambda d: draw.patterns(d, [reports.verdict(p) for p in d["patterns"]], all_=all_))


@app.command()
def people(
    ctx: typer.Context,
    not_seen: Annotated[
        Optional[int],
        typer.Option(
            "--not-seen",
            callback=o.at_least(0, "--not-seen", highest=100_000),
            metavar="DAYS",
            help="Only offices you have not auditioned for in DAYS days.",
        ),
    ] = None,
    since: o.Since = None,
    until: o.Until = None,
    year: o.Year = False,
    all_: o.All = False,
    json: o.Json = False,
) -> None:
    """Casting offices: who calls you in, and who calls you back.

    Example: callback people --not-seen 90
    """
    today = dates.today()
    start, end = date_range(since, until, False, False, year, today)
    rows = reports.people(open_store(ctx), today, start, end, not_seen)
    _show(rows, json, lambda doc: draw.people(doc, not_seen, all_=all_))
