"""Journal files read-only, never changed: another journal an import reads, and this one
when a command failed on a value it should never hold (to say which, instead of a crash)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from callback_cli import checks, migrations, models
from callback_cli.errors import BadInput, InvalidValue
from callback_cli.store import opening
from callback_cli.store.rows import Rows

if TYPE_CHECKING:  # the record shapes are for the type checker: plain dicts at run time
    from callback_cli.models import Audition, StoredEvent


def _dicts(conn: sqlite3.Connection, sql: str) -> list[dict]:
    cursor = conn.cursor()
    cursor.row_factory = None
    cursor.execute(sql)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, values, strict=True)) for values in cursor]


def read_journal(path: Path) -> Iterator[tuple[Audition, list[StoredEvent], list[str], list[dict]]]:
    """Another journal's auditions (as Store.iter_all), opened read-only (`mode=ro`): an
    import never changes its source, not even to upgrade it (a journal from an older version
    is copied into memory and the copy upgraded). Refuses a file that is not a callback
    journal, or one from a newer version."""
    # With no -wal beside it, no program has the file open: read it as immutable, which makes
    # SQLite create nothing at all (a read-only WAL connection would add -wal and -shm files).
    quiet = not Path(f"{path}-wal").exists()
    uri = f"{Path(path).absolute().as_uri()}?mode=ro" + ("&immutable=1" if quiet else "")
    try:
        conn = sqlite3.connect(uri, uri=True, timeout=opening.busy_timeout())
        conn.row_factory = sqlite3.Row
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if not {"auditions", "events", "tags", "_sqlite_migrations"} <= names:
            conn.close()
            raise BadInput(f"{path} is not a callback journal (it has no auditions)")
        steps = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM _sqlite_migrations WHERE migration_set = ?", (migrations.SET_NAME,)
            )
        ]
        unknown = [name for name in steps if name not in migrations.NAMES]
        if unknown:
            conn.close()
            raise BadInput(f"{path} was written by a newer version of callback; upgrade to import it")
        if set(steps) != set(migrations.NAMES):
            conn = _upgraded_copy(conn)
    except sqlite3.DatabaseError as exc:
        raise BadInput(f"cannot read the journal {path} ({exc})") from None
    try:
        yield from Rows(conn).iter_all()
    except sqlite3.DatabaseError as exc:
        raise BadInput(f"cannot read the journal {path} ({exc})") from None
    finally:
        conn.close()


def _upgraded_copy(source: sqlite3.Connection) -> sqlite3.Connection:
    """An older journal's contents in memory, upgraded there; the file stays as it was."""
    copy = sqlite3.connect(":memory:")
    copy.row_factory = sqlite3.Row
    try:
        source.backup(copy)
    finally:
        source.close()
    with copy:
        migrations.apply(copy)
    return copy


def find_invalid(path: Path):
    """The first value in the journal at `path` it cannot hold, as an InvalidValue, or None.
    Opened read-only; used to explain a failure, so it reads everything and takes its time."""

    if not Path(path).is_file():
        return None
    conn = sqlite3.connect(
        f"{Path(path).absolute().as_uri()}?mode=ro", uri=True, timeout=opening.busy_timeout()
    )
    try:
        rows = _dicts(conn, "SELECT * FROM auditions ORDER BY id")
        for row in rows:
            problem = models.row_problem(row)
            if problem:
                return InvalidValue(row["id"], *problem)
        for event in _dicts(
            conn, "SELECT audition_id, status, date, time, note FROM events ORDER BY audition_id"
        ):
            problem = models.event_problem(event)
            if problem:
                return InvalidValue(event["audition_id"], *problem)
        for cost in _dicts(conn, "SELECT audition_id, date, cents, what FROM expenses ORDER BY audition_id"):
            problem = models.expense_problem(cost)
            if problem:
                return InvalidValue(cost["audition_id"], *problem)
        for row in _dicts(conn, "SELECT audition_id, tag FROM tags ORDER BY audition_id"):
            if row["tag"].__class__ is not str:
                return InvalidValue(row["audition_id"], "tag", row["tag"])
        for row in _dicts(conn, "SELECT audition_id, due FROM checked ORDER BY audition_id"):
            if not checks.valid_day(row["due"]):
                return InvalidValue(row["audition_id"], "follow-up due", row["due"])
        return None
    finally:
        conn.close()
