"""search: find auditions by anything written about them."""

from __future__ import annotations

from typing import Annotated, List

import typer

from callback_cli import render
from callback_cli import search as find
from callback_cli.cli import options as o
from callback_cli.cli.app import app
from callback_cli.cli.common import open_journal
from callback_cli.models import Filter
from callback_cli.render.search import results


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
    results([(r, find.context(r, terms)) for r in records], terms, journal.today, all_)
