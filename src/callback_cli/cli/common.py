"""Opening the journal for a command, once, and small helpers the command modules share."""

from __future__ import annotations

import sys
from datetime import date

import typer

from callback_cli import dates, paths
from callback_cli.errors import BadInput


def db_path(ctx: typer.Context):
    root = ctx.find_root()
    flag = (root.obj or {}).get("db") if root.obj else None
    return paths.journal_path(flag)


def open_store(ctx: typer.Context, *, create: bool = False):
    from callback_cli.render import notice
    from callback_cli.store import Store

    store = Store.open(db_path(ctx), create=create)
    for line in store.notices:
        notice(line)
    ctx.call_on_close(store.close)
    return store


def open_journal(ctx: typer.Context, *, create: bool = False):
    from callback_cli import config
    from callback_cli.journal import Journal

    # the config is read before anything is written: a bad file must stop the command
    # before its change, not after it (the record shown afterwards needs stale_days)
    today, stale_days = dates.today(), config.load().stale_days
    return Journal(open_store(ctx, create=create), today, stale_days)


def stdin_is_terminal() -> bool:
    return sys.stdin.isatty()


def require_terminal(what: str) -> None:
    if not stdin_is_terminal():
        raise BadInput(f"{what} (no terminal to ask in)")


def parse_when(text: str | None, today: date) -> date | None:
    # an empty --date is a mistake (as in add and edit), not "today"
    return dates.parse_date(text, base=today) if text is not None else None


def one_format(**flags: bool) -> str | None:
    chosen = [name for name, on in flags.items() if on]
    if len(chosen) > 1:
        raise BadInput(f"choose one output format, not {' and '.join('--' + c for c in chosen)}")
    return chosen[0] if chosen else None
