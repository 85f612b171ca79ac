"""search: find auditions by anything written about them."""

# No `from __future__ import annotations` here: Typer would have to evaluate every option's
# annotation string again on each run (about 3 ms of start-up); these are real objects.

from typing import Annotated, List

import typer

from callback_cli import render
from callback_cli import search as find
from callback_cli.cli import options as o
from callback_cli.cli.app import app
from callback_cli.cli.common import open_journal
from callback_cli.filters import Filter


@app.command()
def search(
    ctx: typer.Context,
    words: Annotated[
        List[str],
        typer.Argument(
            help="Words to find (each must occur; any case, any part of a word).", show_default=False
        ),
    ],
    all_: Annotated[bool, typer.Option("--all", "-a", help="Show every match in the terminal.")] = False,
    json: o.Json = False,
) -> None:
    """Find auditions by anything written about them, best matches first.

    Looks in the project, role, casting, who was in the room, direction, notes, outfit,
    location, source, headshot, tags and the notes on outcomes.

    Example: callback search "jane doe" reader
    """
    terms = find.terms(words)
    journal = open_journal(ctx)
    records = find.rank(journal.select(Filter(words=terms)), terms)
    if json:
        render.json_out(records)
        return
    from callback_cli.render.search import results  # lazy: Rich only for the screen, not --json

    results([(r, find.context(r, terms)) for r in records], terms, journal.today, all_)
