"""`callback review`: the season in one page; and the page writing `report` shares with it."""

# No `from __future__ import annotations` here: Typer would have to evaluate every option's
# annotation string again on each run (about 3 ms of start-up); these are real objects.

from datetime import date
from pathlib import Path
from typing import Annotated, Optional

import typer

from callback_cli import config, dates
from callback_cli import review as season
from callback_cli.cli import options as o
from callback_cli.cli.app import app
from callback_cli.cli.common import db_path, open_journal, open_store
from callback_cli.cli.view import date_range
from callback_cli.errors import BadInput
from callback_cli.render import json_out

Html = Annotated[
    Optional[Path], typer.Option("--html", metavar="FILE", help="Also save it as a page to send (HTML).")
]
Svg = Annotated[
    Optional[Path], typer.Option("--svg", metavar="FILE", help="Also save its main chart as an SVG card.")
]


def save_pages(ctx, kind: str, doc: dict, today: date, cfg, html, svg, store=None) -> None:
    """Write the page and/or the chart card for `report` (kind "week") or `review` ("season")."""
    from callback_cli.render import notice, page  # lazy: Jinja2 and pygal, only when a page is written

    journal_file = db_path(ctx)
    if kind == "week":
        extras = season.week_extras(store, today, doc)
        make_page = lambda: page.week_page(doc, extras, today, cfg.name)  # noqa: E731
        make_card = lambda: page.week_card(extras)  # noqa: E731
    else:
        make_page = lambda: page.season_page(doc, today, cfg.name)  # noqa: E731
        make_card = lambda: page.season_card(doc)  # noqa: E731
    # everything made first: a page that cannot be made leaves no file half written
    outputs = [(path, make()) for path, make in ((html, make_page), (svg, make_card)) if path is not None]
    for path, text in outputs:
        page.write(path, text, journal_file)
        notice(f"Saved {path}")


@app.command()
def review(
    ctx: typer.Context,
    year: Annotated[
        Optional[int],
        typer.Option(
            "--year",
            metavar="YEAR",
            callback=o.at_least(1900, "--year", 2200),  # a range in words, not [1900<=x<=2200]
            help="The season: a calendar year.",
        ),
    ] = None,
    since: o.Since = None,
    until: o.Until = None,
    html: Html = None,
    svg: Svg = None,
    json: o.Json = False,
) -> None:
    """The season in one page, to bring to a meeting with an agent.

    Volume and callback rate by month, the casting offices that call you in and back, the
    ones not seen lately, what goes with callbacks, bookings. Without a range: this year.

    Example: callback review --year 2026 --html season.html
    """
    from callback_cli import files  # lazy: only commands that write a file need it

    for path in (html, svg):
        if path is not None:
            files.check_target(path, db_path(ctx))  # before any work: never over the journal
    today = dates.today()
    cfg = config.load()
    if year is not None and (since or until):
        raise BadInput("choose one range: --year, or --since/--until")
    if year is not None:
        start, end = season.year_range(year)
    elif since or until:
        start, end = date_range(since, until, False, False, False, today)
    else:
        start, end = season.year_range(today.year)
    store = open_store(ctx)
    doc = season.season(store, open_journal(ctx, store=store).select, today, start, end)
    if json:
        json_out(doc)
    else:
        from callback_cli.render import review as draw  # lazy: Rich, which --json never pays for

        draw.season(doc, today)
    if html or svg:
        save_pages(ctx, "season", doc, today, cfg, html, svg)
