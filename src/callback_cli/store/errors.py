"""SQLite's errors turned into the project's own, inside the store: callers (the CLI above
all) never see or import sqlite3."""

from __future__ import annotations

import functools
import inspect
import sqlite3
from collections.abc import Callable
from typing import Any, TypeVar

from callback_cli.errors import JournalError

T = TypeVar("T")


def translate(exc: sqlite3.Error) -> JournalError:
    """The project's exception for a sqlite3 one."""
    msg = str(exc)
    if isinstance(exc, sqlite3.OperationalError) and ("locked" in msg or "busy" in msg):
        return JournalError("the journal is locked by another program; nothing was written")
    if isinstance(exc, sqlite3.OperationalError):
        return JournalError(msg)
    return JournalError(f"the journal is corrupt or unreadable ({msg})")


def _wrap(fn: Callable[..., Any]) -> Callable[..., Any]:
    if inspect.isgeneratorfunction(fn):

        @functools.wraps(fn)
        def generator(*args: Any, **kwargs: Any) -> Any:
            try:
                yield from fn(*args, **kwargs)
            except sqlite3.Error as exc:
                raise translate(exc) from None

        return generator

    @functools.wraps(fn)
    def call(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except sqlite3.Error as exc:
            raise translate(exc) from None

    return call


def translated(cls: type[T]) -> type[T]:
    """Class decorator: every public method raises JournalError instead of sqlite3.Error."""
    for name, value in list(vars(cls).items()):
        if not name.startswith("_") and inspect.isfunction(value):
            setattr(cls, name, _wrap(value))
    return cls
