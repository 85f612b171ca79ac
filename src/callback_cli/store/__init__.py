"""The journal file and the only SQL the app runs, split by what it serves:

- opening.py       checking, creating, upgrading (with a backup) the file
- transactions.py  one write transaction, and Ctrl-C during it
- rows.py          audition, event and tag rows (filtering.py: a Filter as SQL)
- undo.py          the undo log
- aggregates.py    the counts reports are made of
- checklist.py     follow-up items checked off
- errors.py        sqlite3's errors as the project's own

`Store.open` opens the journal once per command.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from callback_cli import migrations
from callback_cli.errors import JournalError
from callback_cli.store import opening
from callback_cli.store.aggregates import Aggregates
from callback_cli.store.checklist import Checklist
from callback_cli.store.errors import translate
from callback_cli.store.reading import find_invalid, read_journal
from callback_cli.store.rows import Rows
from callback_cli.store.transactions import transaction
from callback_cli.store.undo import UndoLog

__all__ = ["Store", "find_invalid", "read_journal"]


class Store:
    """An open journal. `exists` is False for a missing file opened for reading;
    `committed` turns True once this process has committed a write to it."""

    def __init__(self, conn: sqlite3.Connection, path: Path, exists: bool):
        self.conn, self.path, self.exists = conn, path, exists
        self.notices: list[str] = []
        self.committed = False
        self.rows = Rows(conn)
        self.undo = UndoLog(conn)
        self.aggregates = Aggregates(conn)
        self.checklist = Checklist(conn)

    @classmethod
    def open(cls, path: Path, *, create: bool = False) -> Store:
        """Open the journal. A missing file is created only when `create` (a command that
        adds data); otherwise it reads as an empty journal and nothing is written."""
        path = Path(path)
        if not path.exists() and not path.is_symlink():
            if not create:
                return cls(opening.in_memory(), path, exists=False)
            opening.create(path, lambda conn: cls._lay_out(conn, path))
        opening.check_file(path)
        try:
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
        step = opening.pending_upgrade(self.conn, self.path)
        if step is None:
            return
        if step != "new":
            saved = opening.backup(self.conn, self.path, f"before-{step}")
            self.notices.append(f"Upgraded the journal's format; the old file is kept at {saved}")
        with self.transaction():
            migrations.apply(self.conn)

    def _committed(self) -> None:
        self.committed = True

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One write transaction (see transactions.py); sets `committed` when it commits."""
        with transaction(self.conn, on_commit=self._committed):
            yield

    def close(self) -> None:
        self.conn.close()
