"""The journal file and the only SQL the app runs, split by what it serves:

- opening.py       checking, creating, upgrading (with a backup) the file
- transactions.py  one write transaction, and Ctrl-C during it
- rows.py          audition, event and tag rows (filtering.py: a Filter as SQL)
- undo.py          the undo log
- aggregates.py    the counts reports are made of
- checklist.py     follow-up items checked off
- costs.py         expenses and miles
- search.py        the full-text index behind search and list --search
- exporting.py     export's records built as text by SQLite
- errors.py        sqlite3's errors as the project's own

`Store.open` opens the journal once per command.
"""

from __future__ import annotations

import os
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
    from callback_cli.store.exporting import Exporting
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
        # the file this store opened (None: in memory); a write checks it is still the one at
        # the path, and a journal this command made is removed again if it commits nothing
        self.identity: tuple[int, int] | None = None
        self.created = False
        # a journal built aside (opening.create_aside): where it is until its first commit
        # puts it in place; `left_aside` when another program made a journal there meanwhile
        self.aside: Path | None = None
        self.left_aside: Path | None = None
        self.closed = False

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

    @cached_property
    def exporting(self) -> Exporting:
        from callback_cli.store.exporting import Exporting  # lazy: only export

        # a journal opened for reading only may be read as immutable: no helper reads it then
        return Exporting(self.conn, self.path if self.exists and not self.read_only else None)

    @classmethod
    def open(cls, path: Path, *, create: bool = False, aside: bool = False) -> Store:
        """Open the journal. A missing file is created only when `create` (a command that
        adds data); otherwise it reads as an empty journal and nothing is written. With
        `aside` (an import), a missing journal is built aside and put in place by the first
        commit (opening.create_aside, publish)."""
        path = Path(path)
        if not present(path, error=JournalError):
            if not create:
                return cls(opening.in_memory(), path, exists=False)
            if aside:
                tmp, conn = opening.create_aside(path, lambda conn: cls._lay_out(conn, path))
                store = cls(conn, path, exists=True)
                store.aside, store.created = tmp, True
                return store
            created = opening.create(path, lambda conn: cls._lay_out(conn, path))
        else:
            created = False
            if aside:  # an import: what an import killed here before left is swept
                opening.sweep(path)
        opening.check_file(path)
        identity = opening.identity(path)
        read_only = opening.read_only_reason(path)
        try:
            if read_only:
                store = cls(opening.connect_read_only(path), path, exists=True)
                store.read_only = read_only
            else:
                store = cls(opening.connect(str(path)), path, exists=True)
            store.identity, store.created = identity, created
            store._upgrade()
        except sqlite3.DatabaseError as exc:
            if _no_room(path):  # SQLite says "disk I/O error" when it cannot make its -shm file
                raise JournalError(
                    f"the disk holding {path} is full: free some space and try again"
                ) from None
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
        if self.aside is not None:
            self._publish(self.aside)
            if self.left_aside is not None:
                return  # nothing of this command's is at the path (yet)
        self.committed = True

    def _publish(self, tmp: Path) -> None:
        """Put the journal built aside in place, and go on with the one at the path."""
        self.aside = None
        try:
            published = opening.publish(tmp, self.path, self.conn)
        except JournalError:
            self.left_aside = tmp  # removed on close
            raise
        if published:
            self._use(opening.connect(str(self.path)))
            self.identity = opening.identity(self.path)
        else:  # another program made the journal meanwhile: what this one holds stays aside
            self.left_aside = tmp
            self._use(opening.connect(str(tmp)))

    def _use(self, conn: sqlite3.Connection) -> None:
        """Go on with another connection (the journal put in place): every part follows it."""
        self.conn, self.rows = conn, Rows(conn)
        for part in ("undo", "costs", "aggregates", "checklist", "exporting"):
            self.__dict__.pop(part, None)

    def _writable(self) -> None:
        if self.read_only:
            raise JournalError(f"{self.read_only}; nothing was written")

    def _still_there(self) -> None:
        """Refuse to write when the journal this store opened is no longer the file at its
        path (removed or replaced while this command waited for the lock): the write would
        go to a file nobody reads again."""
        if self.identity is not None and opening.identity(self.path) != self.identity:
            raise JournalError(
                f"the journal {self.path} was removed or replaced while this command waited for "
                "it; nothing was written (run the command again)"
            )

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One write transaction (see transactions.py); sets `committed` when it commits."""
        self._writable()
        with transaction(self.conn, on_commit=self._committed, on_begin=self._still_there):
            yield

    def scratch(self) -> Store:
        """A private in-memory copy to try writes on (a dry run over a journal that cannot be
        written); nothing done to it reaches the file."""
        conn = opening.connect(":memory:")
        self.conn.backup(conn)
        return Store(conn, self.path, exists=True)

    def close(self) -> None:
        """Close the journal. One that this command made and then wrote nothing into (an
        import that failed halfway) is removed again: nothing is left behind."""
        if self.closed:
            return
        self.closed = True
        aside = self.aside or self.left_aside
        if aside is not None:  # never put in place: nobody else has seen it
            self.conn.close()
            opening.remove(aside)
            return
        if self.created and not self.committed:
            self._remove_if_unused()
        self.conn.close()

    def _remove_if_unused(self) -> None:
        """Remove the journal this command made, under its write lock, if it is still the
        file at the path and holds nothing. Another command that opened it meanwhile finds
        it gone when it takes the lock (`_still_there`) and writes nothing; one that holds
        the lock now is using it: it is left alone (no waiting)."""
        try:
            self.conn.execute("PRAGMA busy_timeout = 0")
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error:
            return
        try:
            held = self.conn.execute(
                "SELECT (SELECT count(*) FROM auditions) + (SELECT count(*) FROM undo_log)"
            ).fetchone()[0]
            if not held and opening.identity(self.path) == self.identity:
                opening.remove(self.path)
        except (sqlite3.Error, OSError):
            pass  # it stays: an empty journal is harmless
        finally:
            self.conn.rollback()


def _no_room(path: Path) -> bool:
    """Whether the journal's disk is full (a failure to open it then is no sign of damage)."""
    try:
        st = os.statvfs(path.parent)
    except (OSError, AttributeError):  # (no statvfs on Windows)
        return False
    return st.f_bavail * st.f_frsize < (64 << 10)
