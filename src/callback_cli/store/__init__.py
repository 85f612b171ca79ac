"""The journal file and the only SQL the app runs, split by what it serves:

- opening.py       checking, creating, upgrading (with a backup) the file
- transactions.py  one write transaction, and Ctrl-C during it
- rows.py          audition, event and tag rows (filtering.py: a Filter as SQL)
- undo.py          the undo log
- aggregates.py    the counts reports are made of
- checklist.py     follow-up items checked off
- costs.py         expenses and miles
- search.py        the full-text index behind search and list --search
- errors.py        sqlite3's errors as the project's own

`Store.open` opens the journal once per command.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from callback_cli import migrations
from callback_cli.errors import JournalError
from callback_cli.files import present
from callback_cli.store import opening
from callback_cli.store.errors import translate
from callback_cli.store.rows import Rows
from callback_cli.store.transactions import transaction

if TYPE_CHECKING:  # the types only: each part is loaded when first used (start-up)
    from callback_cli.store.aggregates import Aggregates
    from callback_cli.store.checklist import Checklist
    from callback_cli.store.costs import Costs
    from callback_cli.store.undo import UndoLog

__all__ = ["Store", "find_invalid", "read_journal"]


def read_journal(path: Path):
    """Another journal's auditions, read-only (store.reading.read_journal)."""
    from callback_cli.store import reading  # lazy: only importing another journal

    return reading.read_journal(path)


def find_invalid(path: Path):
    """The first value the journal cannot hold (store.reading.find_invalid)."""
    from callback_cli.store import reading  # lazy: only explaining a failure

    return reading.find_invalid(path)


class Store:
    """An open journal. `exists` is False for a missing file opened for reading;
    `committed` turns True once this process has committed a write to it."""

    def __init__(self, conn: sqlite3.Connection, path: Path, exists: bool):
        self.conn, self.path, self.exists = conn, path, exists
        self.notices: list[str] = []
        self.committed = False
        self.read_only: str | None = None  # why this journal cannot be written, if it cannot
        self.rows = Rows(conn)

    # the reports' SQL, the checklist and the undo log: loaded by the commands that use them
    @cached_property
    def undo(self) -> UndoLog:
        from callback_cli.store.undo import UndoLog  # lazy: only writing commands and undo

        return UndoLog(self.conn)

    @cached_property
    def costs(self) -> Costs:
        from callback_cli.store.costs import Costs  # lazy: only the records and commands with costs

        return Costs(self.conn)

    @cached_property
    def aggregates(self) -> Aggregates:
        from callback_cli.store.aggregates import Aggregates  # lazy: only the reports

        return Aggregates(self.conn)

    @cached_property
    def checklist(self) -> Checklist:
        from callback_cli.store.checklist import Checklist  # lazy: only the follow-ups

        return Checklist(self.conn)

    @classmethod
    def open(cls, path: Path, *, create: bool = False) -> Store:
        """Open the journal. A missing file is created only when `create` (a command that
        adds data); otherwise it reads as an empty journal and nothing is written."""
        path = Path(path)
        if not present(path, error=JournalError):
            if not create:
                return cls(opening.in_memory(), path, exists=False)
            opening.create(path, lambda conn: cls._lay_out(conn, path))
        opening.check_file(path)
        read_only = opening.read_only_reason(path)
        try:
            if read_only:
                store = cls(opening.connect_read_only(path), path, exists=True)
                store.read_only = read_only
            else:
                store = cls(opening.connect(str(path)), path, exists=True)
            store._upgrade()
        except sqlite3.DatabaseError as exc:
            raise JournalError(f"{path} is corrupt or not a callback journal ({exc})") from None
        except sqlite3.Error as exc:
            raise translate(exc) from None
        return store

    @staticmethod
    def _lay_out(conn: sqlite3.Connection, path: Path) -> None:
        with transaction(conn):
            migrations.apply(conn)

    def _upgrade(self) -> None:
        if opening.pending_upgrade(self.conn, self.path) is None:
            return
        self._writable()
        # Under the write lock: when several commands start at once on an old journal, one
        # upgrades (and makes the one backup); the others wait, then find it up to date.
        with self.transaction():
            step = opening.pending_upgrade(self.conn, self.path)
            if step is None:
                return
            if step != "new":
                # read through a second connection: this one holds the write lock, and a
                # backup through it would wait on itself
                reader = opening.connect(str(self.path))
                try:
                    saved = opening.backup(reader, self.path, f"before-{step}")
                finally:
                    reader.close()
                self.notices.append(f"Upgraded the journal's format; the old file is kept at {saved}")
            migrations.apply(self.conn)

    def _committed(self) -> None:
        self.committed = True

    def _writable(self) -> None:
        if self.read_only:
            raise JournalError(f"{self.read_only}; nothing was written")

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One write transaction (see transactions.py); sets `committed` when it commits."""
        self._writable()
        with transaction(self.conn, on_commit=self._committed):
            yield

    def scratch(self) -> Store:
        """A private in-memory copy to try writes on (a dry run over a journal that cannot be
        written); nothing done to it reaches the file."""
        conn = opening.connect(":memory:")
        self.conn.backup(conn)
        return Store(conn, self.path, exists=True)

    def close(self) -> None:
        self.conn.close()
