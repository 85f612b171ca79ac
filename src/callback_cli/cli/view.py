"""Reading commands for auditions: list and show."""

# No `from __future__ import annotations` here: Typer would have to evaluate every option's
# annotation string again on each run (about 3 ms of start-up); these are real objects.

import sys
from datetime import date, timedelta
from typing import Annotated, Optional

import typer

from callback_cli import config, dates, render
from callback_cli.cli import options as o
from callback_cli.cli.app import app
from callback_cli.cli.common import one_format, open_journal
from callback_cli.errors import BadInput
from callback_cli.filters import Filter
from callback_cli.journal import norm_format, norm_status, norm_type


def date_range(since, until, week, month, year, today):
    """--since/--until, or the current --week/--month/--year, as inclusive ISO bounds."""
    if sum(map(bool, (week, month, year))) > 1 or ((week or month or year) and (since or until)):
        raise BadInput("choose one range: --since/--until, --week, --month or --year")
    start: date | None
    end: date | None
    if week:
        start, end = dates.week_bounds(today, config.load().week_start_index)
    elif month:
        start, end = dates.month_bounds(today)
    elif year:
        start, end = dates.year_bounds(today)
    else:
        order = config.load().date_order
        start = dates.parse_date(since, base=today, order=order, nearest=True) if since else None
        end = dates.parse_date(until, base=today, order=order, nearest=True) if until else None
    if start and end and start > end:
        raise BadInput(f"--since {start} is after --until {end}")
    return dates.iso(start), dates.iso(end)


WORDS = ("upcoming", "stale")  # --status words for what has not happened / gone quiet


def stale_before(status: list[str] | None, today) -> str | None:
    """For --status stale: the date an open audition's last news must be on or before."""
    if not any(s.lower() == "stale" for s in status or []):
        return None
    return (today - timedelta(days=config.load().stale_days)).isoformat()


@app.command("list")
def list_(
    ctx: typer.Context,
    since: o.Since = None,
    until: o.Until = None,
    week: o.Week = False,
    month: o.Month = False,
    status: o.StatusFilter = None,
    type: o.TypeFilter = None,
    format: o.FormatFilter = None,
    casting: o.CastingFilter = None,
    tag: o.TagFilter = None,
    search: Annotated[
        Optional[str], typer.Option("--search", help="Text in any field, as search reads it (any case).")
    ] = None,
    limit: Annotated[
        Optional[int],
        typer.Option("--limit", "-l", callback=o.at_least(1, "--limit"), help="Only the newest N."),
    ] = None,
    all_: Annotated[
        bool, typer.Option("--all", "-a", help="Show every row in the terminal, however long.")
    ] = False,
    wide: Annotated[
        bool, typer.Option("--wide", "-w", help="Show every column, whole, however wide the screen.")
    ] = False,
    json: o.Json = False,
    csv: o.Csv = False,
    ids: o.Ids = False,
) -> None:
    """List auditions, newest first, with filters.

    Example: callback list --month --status callback
    """
    fmt = one_format(json=json, csv=csv, ids=ids)
    today = dates.today()
    start, end = date_range(since, until, week, month, False, today)
    flt = Filter(
        since=start,
        until=end,
        statuses=[norm_status(s, allow_auditioned=True) for s in status or [] if s.lower() not in WORDS],
        upcoming=any(s.lower() == "upcoming" for s in status or []),
        stale_before=stale_before(status, today),
        types=[norm_type(t) for t in type or []],
        formats=[norm_format(f) for f in format or []],
        casting=casting,
        tags=[t.strip().lower() for t in tag or []],
        search=search,
        limit=limit,
    )
    filtered = bool(start or end or status or type or format or casting or tag or search)
    journal = open_journal(ctx)
    if fmt == "ids":
        render.ids_out(journal.ids(flt))
        return
    if fmt is None:
        from callback_cli.render import records as draw  # lazy: --json/--csv/--ids skip the layout

        room = None if all_ else draw.fetch_limit()
        if room and not (limit and limit <= room):
            flt.limit = room
            records = journal.select(flt)
            total = journal.count(flt) if len(records) == room else len(records)
            if limit:
                total = min(total, limit)
        else:
            records = journal.select(flt)
            total = len(records)
        draw.auditions(records, today, total, filtered, wide=wide, all_=all_)
        return
    records = journal.select(flt)
    if fmt == "json":
        render.json_out(records)
    else:
        from callback_cli.render import export  # lazy: the csv module only for --csv

        export.write(records, "csv", sys.stdout)


@app.command()
def show(
    ctx: typer.Context,
    id: Annotated[int, typer.Argument(help="The audition's id.", show_default=False)],
    full: Annotated[
        bool, typer.Option("--full", help="Show very long notes whole, even in a terminal.")
    ] = False,
    json: o.Json = False,
) -> None:
    """Show one audition with its whole history, direction and notes.

    Example: callback show 12
    """
    journal = open_journal(ctx)
    rec = journal.record(id)
    if json:
        render.json_out(rec)
    else:
        from callback_cli.render.records import detail  # lazy: show --json skips the layout

        detail(rec, journal.today, full=full, currency=config.load().currency)
