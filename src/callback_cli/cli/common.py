"""Opening the journal for a command, once, and small helpers the command modules share."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import typer

from callback_cli import config, dates, paths
from callback_cli.errors import BadInput
from callback_cli.journal import Journal
from callback_cli.render import notice
from callback_cli.store import Store


def db_path(ctx: typer.Context):
    root = ctx.find_root()
    flag = (root.obj or {}).get("db") if root.obj else None
    return paths.journal_path(flag)


def open_store(
    ctx: typer.Context, *, create: bool = False, path: Path | None = None, aside: bool = False
) -> Store:
    """Open the journal (or the file at `path`) for this command, once; it is closed when the
    command ends, and the root's error handler can ask it whether it committed. `aside`: a
    missing journal is built aside and put in place when the command commits (Store.open)."""
    store = Store.open(path or db_path(ctx), create=create, aside=aside)
    for line in store.notices:
        notice(line)
    ctx.call_on_close(store.close)
    root = ctx.find_root()
    if isinstance(root.obj, dict):
        root.obj.setdefault("stores", []).append(store)
    return store


def open_journal(
    ctx: typer.Context, *, create: bool = False, store: Store | None = None, aside: bool = False
) -> Journal:
    """The journal over the store (opened here unless given), as of today. The config is read
    first: a bad file must stop the command before it changes anything."""
    today, stale_days = dates.today(), config.load().stale_days
    return Journal(store or open_store(ctx, create=create, aside=aside), today, stale_days)


def stdin_is_terminal() -> bool:
    return sys.stdin.isatty()


def require_terminal(what: str) -> None:
    if not stdin_is_terminal():
        raise BadInput(f"{what} (no terminal to ask in)")


def parse_when(text: str | None, today: date) -> date | None:
    # an empty --date is a mistake (as in add and edit), not "today"
    if text is None:
        return None
    return dates.parse_date(text, base=today, order=config.load().date_order, nearest=True)


def one_format(**flags: bool) -> str | None:
    chosen = [name for name, on in flags.items() if on]
    if len(chosen) > 1:
        raise BadInput(f"choose one output format, not {' and '.join('--' + c for c in chosen)}")
    return chosen[0] if chosen else None
