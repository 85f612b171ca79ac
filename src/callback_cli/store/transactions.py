"""One write transaction, and Ctrl-C during it.

BEGIN IMMEDIATE takes the write lock up front (waiting up to the busy timeout), and anything
raised rolls everything back. Ctrl-C is caught for the length of it: it stops the running
statement and the transaction never commits, even when it lands during a long C call where
Python cannot raise at once.
"""

from __future__ import annotations

import contextlib
import signal
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from callback_cli.errors import JournalError
from callback_cli.store.errors import translate
from callback_cli.store.opening import busy_timeout


def _set_sigint(handler):
    """Swap the Ctrl-C handler (main thread only: elsewhere a no-op returning None);
    returns the previous one."""
    if handler is None or threading.current_thread() is not threading.main_thread():
        return None
    return signal.signal(signal.SIGINT, handler) or signal.default_int_handler


@contextmanager
def transaction(
    conn: sqlite3.Connection,
    on_commit: Callable[[], None] | None = None,
    on_begin: Callable[[], None] | None = None,
) -> Iterator[None]:
    """Run the block as one transaction; `on_begin` is called once the write lock is held
    (it may refuse by raising: nothing is written), `on_commit` once it has committed."""
    interrupted: list = []

    def on_interrupt(signum, frame):
        interrupted.append(signum)
        # once committed, the store may have closed this connection (a journal built aside,
        # put in place): the Ctrl-C is only noted then, and the change stays saved
        with contextlib.suppress(sqlite3.ProgrammingError):
            conn.interrupt()

    # caught from before BEGIN: a Ctrl-C can never land between BEGIN and the rollback guard
    previous = _set_sigint(on_interrupt)
    try:
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            if interrupted:
                raise KeyboardInterrupt from None
            if "locked" in str(exc) or "busy" in str(exc):
                raise JournalError(
                    f"the journal is locked by another program (waited {busy_timeout():g} s); "
                    "nothing was written"
                ) from None
            raise translate(exc) from None
        try:
            if on_begin is not None:
                on_begin()
            yield
            if interrupted:
                raise KeyboardInterrupt
            conn.execute("COMMIT")
        except BaseException as exc:
            if conn.in_transaction:
                conn.rollback()
            if interrupted and not isinstance(exc, KeyboardInterrupt):
                raise KeyboardInterrupt from None
            if isinstance(exc, sqlite3.Error):
                raise translate(exc) from None
            raise
        if on_commit is not None:
            on_commit()
    finally:
        _set_sigint(previous)
