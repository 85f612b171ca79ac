"""The journal file: opening, checking, upgrading, and every SQL statement the app runs.

One function (`Store.open`) opens the journal once per command. An up-to-date journal is
checked with the standard sqlite3 module alone; sqlite-utils is imported only when a
schema step is pending (a new or an older journal).
"""

from __future__ import annotations

import os
import sqlite3
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from callback_cli import migrations, models
from callback_cli.errors import JournalError, NotFound

_HEADER = b"SQLite format 3\x00"
# auditions, advanced (as of today), booked (as of today): the first two parameters are today
_MEASURES = (
    "count(*), count(CASE WHEN {a}.advanced_on <= ? THEN 1 END), "
    "count(CASE WHEN {a}.booked_on <= ? THEN 1 END)"
)
# what update_audition may change: the user's fields and the time of the change
_EDITABLE = frozenset(models.FIELDS) - {"tags"} | {"updated_at"}
UNDO_KEEP = 100


committed = False  # whether this process has committed a write (for honest Ctrl-C messages)


def _set_sigint(handler):
    """Swap the Ctrl-C handler (main thread only: elsewhere a no-op returning None);
    returns the previous one."""
    import signal
    import threading

    if handler is None or threading.current_thread() is not threading.main_thread():
        return None
    return signal.signal(signal.SIGINT, handler) or signal.default_int_handler


def busy_timeout() -> float:
    """Seconds a command waits for another program's lock (CALLBACK_BUSY_TIMEOUT overrides)."""
    try:
        return max(0.0, float(os.environ.get("CALLBACK_BUSY_TIMEOUT", "10")))
    except ValueError:
        return 10.0


def _check_file(path: Path) -> None:
    """Refuse anything at the journal path that is not a SQLite file, without touching it."""
    if path.is_dir():
        raise JournalError(f"{path} is a directory, not a journal file")
    try:
        with open(path, "rb") as fh:
            header = fh.read(len(_HEADER))
    except OSError as exc:
        raise JournalError(f"cannot read the journal {path}: {exc.strerror}") from None
    if not header:
        raise JournalError(f"{path} is an empty file, not a callback journal")
    if header != _HEADER:
        raise JournalError(f"{path} is not a SQLite database (not a callback journal)")


def find_invalid(path: Path):
    """The first value in the journal at `path` it cannot hold, as an InvalidValue, or None.
    Opened read-only; used to explain a failure, so it reads everything and takes its time."""
    from callback_cli import checks
    from callback_cli.errors import InvalidValue

    if not Path(path).is_file():
        return None
    conn = sqlite3.connect(f"{Path(path).absolute().as_uri()}?mode=ro", uri=True, timeout=busy_timeout())
    try:
        rows = _dicts(conn, "SELECT * FROM auditions ORDER BY id")
        for row in rows:
            problem = checks.row_problem(row)
            if problem:
                return InvalidValue(row["id"], *problem)
        for event in _dicts(conn, "SELECT audition_id, status, date, note FROM events ORDER BY audition_id"):
            problem = checks.event_problem(event)
            if problem:
                return InvalidValue(event["audition_id"], *problem)
        for row in _dicts(conn, "SELECT audition_id, due FROM checked ORDER BY audition_id"):
            if not checks.valid_day(row["due"]):
                return InvalidValue(row["audition_id"], "follow-up due", row["due"])
        return None
    finally:
        conn.close()


def read_journal(path: Path) -> Iterator[tuple[dict, list, list]]:
    """Another journal's auditions (as Store.iter_all), opened read-only (`mode=ro`): an
    import never changes its source, not even to upgrade it. Refuses a file that is not a
    callback journal, or one from a newer version."""
    from callback_cli.errors import BadInput

    # With no -wal beside it, no program has the file open: read it as immutable, which makes
    # SQLite create nothing at all (a read-only WAL connection would add -wal and -shm files).
    quiet = not Path(f"{path}-wal").exists()
    uri = f"{Path(path).absolute().as_uri()}?mode=ro" + ("&immutable=1" if quiet else "")
    try:
        conn = sqlite3.connect(uri, uri=True, timeout=busy_timeout())
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
    except sqlite3.DatabaseError as exc:
        raise BadInput(f"cannot read the journal {path} ({exc})") from None
    other = Store(conn, Path(path), exists=True)
    try:
        yield from other.iter_all()
    except sqlite3.DatabaseError as exc:
        raise BadInput(f"cannot read the journal {path} ({exc})") from None
    finally:
        conn.close()


def _dicts(conn: sqlite3.Connection, sql: str, params=()) -> list[dict]:
    """A query's rows as dicts: plain tuples zipped with the names, faster than sqlite3.Row."""
    cursor = conn.cursor()
    cursor.row_factory = None
    cursor.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, values, strict=True)) for values in cursor]


def _connect(target: str) -> sqlite3.Connection:
    conn = sqlite3.connect(target, timeout=busy_timeout(), isolation_level=None)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


class Store:
    """An open journal. `exists` is False for a missing file opened for reading."""

    def __init__(self, conn: sqlite3.Connection, path: Path, exists: bool):
        self.conn, self.path, self.exists = conn, path, exists
        self.notices: list[str] = []

    # ---- opening -------------------------------------------------------------------------
    @classmethod
    def open(cls, path: Path, *, create: bool = False) -> "Store":
        """Open the journal. A missing file is created only when `create` (a command that
        adds data); otherwise it reads as an empty journal and nothing is written."""
        path = Path(path)
        if not path.exists() and not path.is_symlink():
            if not create:
                conn = _connect(":memory:")
                migrations.apply(conn)
                return cls(conn, path, exists=False)
            return cls._create(path)
        _check_file(path)
        try:
            conn = _connect(str(path))
            store = cls(conn, path, exists=True)
            store._upgrade()
        except sqlite3.DatabaseError as exc:
            raise JournalError(f"{path} is corrupt or not a callback journal ({exc})") from None
        return store

    @classmethod
    def _create(cls, path: Path) -> "Store":
        """Build the new journal in a private temporary file, then link it into place: a
        racing process sees either no journal or a complete one, never a half-made file."""
        tmp = path.with_name(f".{path.name}.{os.getpid()}.new")
        try:
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            os.close(os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
            conn = _connect(str(tmp))
            try:
                conn.execute("PRAGMA journal_mode = WAL")
                with cls(conn, tmp, exists=True).transaction():
                    migrations.apply(conn)
            finally:
                conn.close()
            try:
                os.link(tmp, path)
            except FileExistsError:
                pass  # another process made it first: use theirs
            except OSError:  # a file system without hard links
                if not path.exists():
                    os.replace(tmp, path)
        except OSError as exc:
            raise JournalError(f"cannot create the journal {path}: {exc.strerror}") from None
        finally:
            for leftover in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
                leftover.unlink(missing_ok=True)
        return cls.open(path)

    def _applied(self) -> list[str]:
        found = self.conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_sqlite_migrations'"
        ).fetchone()
        if not found:
            return []
        return [
            r[0]
            for r in self.conn.execute(
                "SELECT name FROM _sqlite_migrations WHERE migration_set = ? ORDER BY rowid",
                (migrations.SET_NAME,),
            )
        ]

    def _upgrade(self) -> None:
        applied = self._applied()
        unknown = [name for name in applied if name not in migrations.NAMES]
        if unknown:
            raise JournalError(
                f"{self.path} was written by a newer version of callback (schema step "
                f"{unknown[-1]!r}); upgrade callback to use it. The file was not changed."
            )
        if len(applied) == len(migrations.NAMES):
            return
        if not applied:
            tables = self.conn.execute(
                "SELECT count(*) FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"
            ).fetchone()[0]
            if tables:
                raise JournalError(
                    f"{self.path} is a SQLite database but not a callback journal; it was not changed"
                )
        else:
            backup = self._backup(f"before-{migrations.NAMES[len(applied)]}")
            self.notices.append(f"Upgraded the journal's format; the old file is kept at {backup}")
        with self.transaction():
            migrations.apply(self.conn)

    def _backup(self, label: str) -> Path:
        target = self.path.with_name(f"{self.path.stem}.{label}{self.path.suffix or '.db'}")
        n = 1
        while target.exists():
            n += 1
            target = self.path.with_name(f"{self.path.stem}.{label}-{n}{self.path.suffix}")
        fd = os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        os.close(fd)
        dest = sqlite3.connect(str(target))
        with dest:
            self.conn.backup(dest)
        dest.close()
        return target

    def close(self) -> None:
        self.conn.close()

    # ---- transactions and undo -----------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One write transaction: BEGIN IMMEDIATE takes the write lock up front (waiting up to
        the busy timeout), and anything raised rolls everything back. Ctrl-C is caught for
        the length of it: it stops the running statement and the transaction never commits,
        even when it lands during a long C call where Python cannot raise at once."""
        global committed
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            if "locked" in str(exc) or "busy" in str(exc):
                raise JournalError(
                    f"the journal is locked by another program (waited {busy_timeout():g} s);"
                    " nothing was written"
                ) from None
            raise
        interrupted: list = []

        def on_interrupt(signum, frame):
            interrupted.append(signum)
            self.conn.interrupt()

        previous = _set_sigint(on_interrupt)
        try:
            try:
                yield
                if interrupted:
                    raise KeyboardInterrupt
                self.conn.execute("COMMIT")
                committed = True
            except BaseException as exc:
                if self.conn.in_transaction:
                    self.conn.rollback()
                if interrupted and not isinstance(exc, KeyboardInterrupt):
                    raise KeyboardInterrupt from None
                raise
        finally:
            _set_sigint(previous)

    def snapshot(self, ids) -> dict:
        """Everything about these auditions, to put back on undo (None: did not exist)."""
        snap = {}
        for aid in ids:
            row = self.conn.execute("SELECT * FROM auditions WHERE id = ?", (aid,)).fetchone()
            if row is None:
                snap[str(aid)] = None
                continue
            snap[str(aid)] = {
                "row": dict(row),
                "events": [
                    dict(r)
                    for r in self.conn.execute(
                        "SELECT * FROM events WHERE audition_id = ? ORDER BY id", (aid,)
                    )
                ],
                "tags": [
                    r[0] for r in self.conn.execute("SELECT tag FROM tags WHERE audition_id = ?", (aid,))
                ],
                "checked": [
                    dict(r) for r in self.conn.execute("SELECT * FROM checked WHERE audition_id = ?", (aid,))
                ],
            }
        return snap

    def restore(self, snap: dict) -> None:
        for key, saved in snap.items():
            aid = int(key)
            self.conn.execute("DELETE FROM auditions WHERE id = ?", (aid,))
            if saved is None:
                continue
            self._insert("auditions", saved["row"])
            for event in saved["events"]:
                self._insert("events", event)
            self.conn.executemany(
                "INSERT INTO tags (audition_id, tag) VALUES (?, ?)", [(aid, tag) for tag in saved["tags"]]
            )
            for item in saved["checked"]:
                self._insert("checked", item)
        self._sync_tags([int(k) for k, saved in snap.items() if saved])

    def _insert(self, table: str, row: dict) -> int:
        cols = ", ".join(row)
        marks = ", ".join("?" for _ in row)
        cur = self.conn.execute(f"INSERT INTO {table} ({cols}) VALUES ({marks})", tuple(row.values()))
        return cur.lastrowid

    def push_undo(self, command: str, summary: str, snap: dict, at: str) -> None:
        import json

        self.conn.execute(
            "INSERT INTO undo_log (at, command, summary, snapshot) VALUES (?, ?, ?, ?)",
            (at, command, summary, json.dumps(snap, separators=(",", ":"))),
        )
        self.conn.execute("DELETE FROM undo_log WHERE id <= (SELECT max(id) FROM undo_log) - ?", (UNDO_KEEP,))

    def pop_undo(self) -> dict | None:
        row = self.conn.execute("SELECT * FROM undo_log ORDER BY id DESC LIMIT 1").fetchone()
        if row is None:
            return None
        self.conn.execute("DELETE FROM undo_log WHERE id = ?", (row["id"],))
        import json

        entry = dict(row)
        entry["snapshot"] = json.loads(entry["snapshot"])
        return entry

    # ---- writing auditions ---------------------------------------------------------------
    def insert_audition(self, values: dict, tags=()) -> int:
        aid = self._insert("auditions", values)
        self.set_tags(aid, tags)
        return aid

    def update_audition(self, aid: int, values: dict) -> None:
        bad = set(values) - _EDITABLE
        if bad:
            raise ValueError(f"not editable: {sorted(bad)}")
        if values:
            sets = ", ".join(f"{col} = ?" for col in values)
            self.conn.execute(f"UPDATE auditions SET {sets} WHERE id = ?", (*values.values(), aid))

    def set_tags(self, aid: int, tags) -> None:
        self.conn.execute("DELETE FROM tags WHERE audition_id = ?", (aid,))
        self.conn.executemany(
            "INSERT OR IGNORE INTO tags (audition_id, tag, date, advanced_on, booked_on) "
            "SELECT id, ?, date, advanced_on, booked_on FROM auditions WHERE id = ?",
            [(tag, aid) for tag in tags],
        )

    def _sync_tags(self, ids) -> None:
        """Copy the auditions' date and outcome dates onto their tags (see migrations)."""
        ids = list(ids)
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            self.conn.execute(
                "UPDATE tags SET (date, advanced_on, booked_on) = (SELECT date, advanced_on, "
                "booked_on FROM auditions a WHERE a.id = tags.audition_id) "
                f"WHERE audition_id IN ({', '.join('?' for _ in chunk)})",
                chunk,
            )

    def delete_audition(self, aid: int) -> None:
        self.conn.execute("DELETE FROM auditions WHERE id = ?", (aid,))

    def add_event(self, aid: int, status: str, date: str, note: str | None, created_at: str) -> None:
        self.conn.execute(
            "INSERT INTO events (audition_id, status, date, note, created_at) VALUES (?, ?, ?, ?, ?)",
            (aid, status, date, note, created_at),
        )

    def refresh(self, ids) -> None:
        """Recompute the columns derived from events (models.derive) for these auditions."""
        from callback_cli.models import derive

        ids = list(ids)
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            marks = ", ".join("?" for _ in chunk)
            events: dict = {aid: [] for aid in chunk}
            for aid, status, day in self.conn.execute(
                f"SELECT audition_id, status, date FROM events WHERE audition_id IN ({marks})"
                " ORDER BY audition_id, id",
                chunk,
            ):
                events[aid].append((status, day))
            rows = self.conn.execute(
                f"SELECT id, date FROM auditions WHERE id IN ({marks})", chunk
            ).fetchall()
            self.conn.executemany(
                "UPDATE auditions SET status = :status, last_date = :last_date, "
                "advanced_on = :advanced_on, booked_on = :booked_on WHERE id = :id",
                [{**derive(day, events[aid]), "id": aid} for aid, day in rows],
            )
            self._sync_tags(chunk)

    def next_id(self) -> int:
        return (self.conn.execute("SELECT max(id) FROM auditions").fetchone()[0] or 0) + 1

    def insert_many(self, auditions: list[dict], events: list[tuple], tags: list[tuple]) -> None:
        """Bulk insert for imports: auditions carry their ids and derived columns; events are
        (audition_id, status, date, note, created_at), tags (audition_id, tag, date,
        advanced_on, booked_on)."""
        self.conn.execute("PRAGMA cache_size = -262144")  # 256 MiB at most, for index upkeep
        # A big batch: drop the secondary indexes and build them again afterwards (a sort),
        # far faster than updating them row by row. DDL is transactional: all or nothing.
        rebuild = []
        if len(auditions) > 5000:
            rebuild = self.conn.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
                "AND tbl_name IN ('auditions', 'events', 'tags')"
            ).fetchall()
            for name, _ in rebuild:
                self.conn.execute(f'DROP INDEX "{name}"')
        if auditions:
            cols = list(auditions[0])
            self.conn.executemany(
                f"INSERT INTO auditions ({', '.join(cols)}) VALUES ({', '.join('?' for _ in cols)})",
                [tuple(a[c] for c in cols) for a in auditions],
            )
        self.conn.executemany(
            "INSERT INTO events (audition_id, status, date, note, created_at) VALUES (?, ?, ?, ?, ?)", events
        )
        self.conn.executemany(
            "INSERT OR IGNORE INTO tags (audition_id, tag, date, advanced_on, "
            "booked_on) VALUES (?, ?, ?, ?, ?)",
            tags,
        )
        for _, sql in rebuild:
            self.conn.execute(sql)

    def match_rows(self) -> Iterator[tuple]:
        """(id, uid, date, project, role) of every audition, for matching imports."""
        yield from self.conn.execute("SELECT id, uid, date, project, role FROM auditions")

    def event_keys(self, aid: int) -> set[tuple]:
        return {
            (r[0], r[1], r[2])
            for r in self.conn.execute("SELECT status, date, note FROM events WHERE audition_id = ?", (aid,))
        }

    # ---- reading auditions ---------------------------------------------------------------
    def row(self, aid: int) -> dict:
        if not -(2**63) <= aid < 2**63:  # beyond SQLite's integers: no such audition can exist
            raise NotFound(f"no audition with id {aid}")
        row = self.conn.execute("SELECT * FROM auditions WHERE id = ?", (aid,)).fetchone()
        if row is None:
            raise NotFound(f"no audition with id {aid}")
        return dict(row)

    def events(self, aid: int) -> list[dict]:
        return [
            dict(r)
            for r in self.conn.execute(
                "SELECT status, date, note, created_at FROM events WHERE audition_id = ? ORDER BY date, id",
                (aid,),
            )
        ]

    def tags(self, aid: int) -> list[str]:
        return [
            r[0] for r in self.conn.execute("SELECT tag FROM tags WHERE audition_id = ? ORDER BY tag", (aid,))
        ]

    def _where(self, flt, today: str, alias: str = "a") -> tuple[str, list]:
        clauses, params = [], []
        if flt is None:
            return "1", params
        if flt.since:
            clauses.append(f"{alias}.date >= ?")
            params.append(flt.since)
        if flt.until:
            clauses.append(f"{alias}.date <= ?")
            params.append(flt.until)
        if not flt.include_upcoming:
            clauses.append(f"{alias}.date <= ?")
            params.append(today)
        for column, values in (
            ("status", flt.statuses),
            ("type", flt.types),
            ("format", flt.formats),
            ("id", flt.ids),
        ):
            if values:
                clauses.append(f"{alias}.{column} IN ({', '.join('?' for _ in values)})")
                params.extend(values)
        if flt.casting:
            clauses.append(f"instr(lower({alias}.casting), lower(?)) > 0")
            params.append(flt.casting)
        if flt.tags:
            marks = ", ".join("?" for _ in flt.tags)
            clauses.append(
                f"EXISTS (SELECT 1 FROM tags t WHERE t.audition_id = {alias}.id AND t.tag IN ({marks}))"
            )
            params.extend(flt.tags)
        if flt.active_since:
            clauses.append(f"{alias}.last_date >= ?")
            params.append(flt.active_since)
        if flt.search:
            clauses.append(
                " OR ".join(
                    f"instr(lower(coalesce({alias}.{c}, '')), lower(?)) > 0"
                    for c in ("project", "role", "notes")
                ).join("()")
            )
            params.extend([flt.search] * 3)
        return " AND ".join(clauses) or "1", params

    def select(self, flt, today: str, with_tags: bool = True) -> tuple[list[dict], dict, dict]:
        """Auditions matching the filter, newest first, with their events and tags by id."""
        where, params = self._where(flt, today)
        if flt is not None and flt.limit:
            # newest N: let the date index find them
            tail, lparams = " ORDER BY a.date DESC, a.id DESC LIMIT ?", [flt.limit]
        else:
            # no ORDER BY in SQL: it would lure the planner onto the date index and away from
            # the filter's own index; sorting the result in Python is cheaper
            tail, lparams = "", []
        inner = f"SELECT a.id FROM auditions a WHERE {where}{tail}"
        rows = _dicts(self.conn, f"SELECT a.* FROM auditions a WHERE {where}{tail}", (*params, *lparams))
        if not tail:
            rows.sort(key=lambda r: (r["date"], r["id"]), reverse=True)
        events: dict[int, list] = {}
        for r in self.conn.execute(
            f"SELECT audition_id, status, date, note, created_at FROM events "
            f"WHERE audition_id IN ({inner}) ORDER BY audition_id, date, id",
            (*params, *lparams),
        ):
            events.setdefault(r[0], []).append(
                {"status": r[1], "date": r[2], "note": r[3], "created_at": r[4]}
            )
        tags: dict[int, list] = {}
        if with_tags:
            for r in self.conn.execute(
                f"SELECT audition_id, tag FROM tags WHERE audition_id IN ({inner}) ORDER BY audition_id, tag",
                (*params, *lparams),
            ):
                tags.setdefault(r[0], []).append(r[1])
        return rows, events, tags

    def ids(self, flt, today: str) -> list[int]:
        where, params = self._where(flt, today)
        limit = " LIMIT ?" if flt.limit else ""
        return [
            r[0]
            for r in self.conn.execute(
                f"SELECT a.id FROM auditions a WHERE {where} ORDER BY a.date DESC, a.id DESC{limit}",
                (*params, *([flt.limit] if limit else [])),
            )
        ]

    def count(self, flt, today: str) -> int:
        where, params = self._where(flt, today)
        return self.conn.execute(f"SELECT count(*) FROM auditions a WHERE {where}", params).fetchone()[0]

    def iter_all(self) -> Iterator[tuple[dict, list, list]]:
        """Every audition in id order with its events and tags, streamed (flat memory)."""
        events = self.conn.execute(
            "SELECT audition_id, status, date, note, created_at FROM events ORDER BY audition_id, date, id"
        )
        tags = self.conn.cursor().execute("SELECT audition_id, tag FROM tags ORDER BY audition_id, tag")
        next_event, next_tag = events.fetchone(), tags.fetchone()
        cursor = self.conn.cursor()
        cursor.row_factory = None  # plain tuples, zipped with the names: faster than Row
        cursor.execute("SELECT * FROM auditions ORDER BY id")
        names = [d[0] for d in cursor.description]
        for values in cursor:
            row = dict(zip(names, values, strict=True))
            aid = row["id"]
            evs, tgs = [], []
            while next_event is not None and next_event[0] <= aid:
                if next_event[0] == aid:
                    evs.append(
                        {
                            "status": next_event[1],
                            "date": next_event[2],
                            "note": next_event[3],
                            "created_at": next_event[4],
                        }
                    )
                next_event = events.fetchone()
            while next_tag is not None and next_tag[0] <= aid:
                if next_tag[0] == aid:
                    tgs.append(next_tag[1])
                next_tag = tags.fetchone()
            yield row, evs, tgs

    def distinct(self, column: str, limit: int = 200) -> list[str]:
        """Values already in the journal, most used first (for prompts and completion)."""
        if column == "tag":
            sql = "SELECT tag, count(*) n FROM tags GROUP BY tag ORDER BY n DESC, tag LIMIT ?"
        elif column in ("casting", "project", "source", "outfit", "location"):
            sql = (
                f"SELECT {column}, count(*) n FROM auditions WHERE {column} IS NOT NULL "
                f"GROUP BY {column} ORDER BY n DESC, max(date) DESC LIMIT ?"
            )
        else:
            raise ValueError(column)
        return [r[0] for r in self.conn.execute(sql, (limit,))]

    def last_value(self, column: str) -> str | None:
        if column not in ("format", "type", "source"):
            raise ValueError(column)
        row = self.conn.execute(
            f"SELECT {column} FROM auditions WHERE {column} IS NOT NULL ORDER BY id DESC LIMIT 1"
        ).fetchone()
        return row[0] if row else None

    # ---- follow-up items checked off --------------------------------------------------------
    def checked_items(self, since: str) -> set[tuple]:
        return {
            (r[0], r[1], r[2])
            for r in self.conn.execute("SELECT audition_id, item, due FROM checked WHERE due >= ?", (since,))
        }

    def check(self, aid: int, item: str, due: str, at: str) -> None:
        self.conn.execute(
            "INSERT OR REPLACE INTO checked (audition_id, item, due, checked_at) VALUES (?, ?, ?, ?)",
            (aid, item, due, at),
        )

    def uncheck(self, aid: int, item: str) -> str | None:
        """Remove the most recent check of this item; returns its due date."""
        row = self.conn.execute(
            "SELECT due FROM checked WHERE audition_id = ? AND item = ? ORDER BY due DESC LIMIT 1",
            (aid, item),
        ).fetchone()
        if row is None:
            return None
        self.conn.execute(
            "DELETE FROM checked WHERE audition_id = ? AND item = ? AND due = ?", (aid, item, row[0])
        )
        return row[0]

    def earlier_outfit(self, project: str, before: str) -> tuple[str, str] | None:
        """(date, outfit) of the latest earlier audition for this project (any case) with an
        outfit logged."""
        row = self.conn.execute(
            "SELECT date, outfit FROM auditions WHERE project = ? COLLATE NOCASE AND date < ? "
            "AND outfit IS NOT NULL ORDER BY date DESC LIMIT 1",
            (project, before),
        ).fetchone()
        return (row[0], row[1]) if row else None

    def casting_record(self, casting: str, today: str) -> tuple[int, int]:
        """(auditions, advanced) with this casting office (any case) up to today."""
        row = self.conn.execute(
            "SELECT count(*), count(CASE WHEN advanced_on <= ? THEN 1 END) FROM auditions "
            "WHERE casting = ? COLLATE NOCASE AND date <= ?",
            (today, casting, today),
        ).fetchone()
        return row[0], row[1]

    # ---- aggregates for reports ----------------------------------------------------------
    KINDS = ("type", "format", "size", "source", "rating")
    _SINGLE = {"casting": "a.casting COLLATE NOCASE", "outfit": "a.outfit COLLATE NOCASE", "date": "a.date"}

    def counts(
        self, dim: str | None, since: str | None, until: str | None, today: str, with_unset: bool = True
    ) -> list[tuple]:
        """(key, auditions, advanced, booked) per value of `dim` (one row when dim is None),
        over auditions dated in the range and not after today; advanced and booked as of
        today. `dim` is casting, outfit, date or tag; for the KINDS see counts_by_kind."""
        cond, params = self._range("a", since, until, today, (today, today))
        measures = _MEASURES.format(a="a")
        if dim is None:
            return [
                (
                    None,
                    *self.conn.execute(f"SELECT {measures} FROM auditions a WHERE {cond}", params).fetchone(),
                )
            ]
        if dim == "tag":
            tcond, tparams = self._range("t", since, until, today, (today, today))
            rows = [
                tuple(r)
                for r in self.conn.execute(
                    f"SELECT t.tag, {_MEASURES.format(a='t')} FROM tags t WHERE {tcond} GROUP BY t.tag",
                    tparams,
                )
            ]
            if with_unset:  # the untagged: everything less the tagged, each counted once
                total = self.conn.execute(
                    f"SELECT {measures} FROM auditions a WHERE {cond}", params
                ).fetchone()
                tagged = self.conn.execute(
                    f"SELECT {_MEASURES.format(a='d')} FROM (SELECT DISTINCT t.audition_id, "
                    f"t.advanced_on, t.booked_on FROM tags t WHERE {tcond}) d",
                    tparams,
                ).fetchone()
                untagged = tuple(x - y for x, y in zip(total, tagged, strict=True))
                if untagged[0]:
                    rows.append((None, *untagged))
            return rows
        expr = self._SINGLE[dim]
        column = expr.split()[0]
        unset = "" if with_unset else f" AND {column} IS NOT NULL"
        return [
            tuple(r)
            for r in self.conn.execute(
                f"SELECT {column}, {measures} FROM auditions a WHERE {cond}{unset} GROUP BY {expr}", params
            )
        ]

    def counts_by_kind(self, since: str | None, until: str | None, today: str) -> list[tuple]:
        """(type, format, size, source, rating, auditions, advanced, booked) per combination,
        in one pass over the auditions_by_kind index."""
        cond, params = self._range("a", since, until, today, (today, today))
        kinds = ", ".join(f"a.{k}" for k in self.KINDS)
        return [
            tuple(r)
            for r in self.conn.execute(
                f"SELECT {kinds}, {_MEASURES.format(a='a')} FROM auditions a "
                f"INDEXED BY auditions_by_kind WHERE {cond} GROUP BY {kinds}",
                params,
            )
        ]

    @staticmethod
    def _range(alias: str, since, until, today: str, lead: tuple = ()) -> tuple[str, list]:
        """The WHERE for 'dated in the range and not after today'; its parameters follow
        `lead`, the parameters that come before it in the statement."""
        where, params = [f"{alias}.date <= ?"], [*lead, today]
        if since:
            where.append(f"{alias}.date >= ?")
            params.append(since)
        if until:
            where.append(f"{alias}.date <= ?")
            params.append(until)
        return " AND ".join(where), params

    def in_parallel(self, calls: list[tuple[str, tuple]]) -> list:
        """Run read-only store calls, each (method name, args), two at a time: one thread on
        this connection, one on a second connection, each taking the next call as it becomes
        free (list the heaviest first). SQLite lets go of Python's lock while it scans, so
        two cores share a long report. In-memory journals run the calls in turn."""
        if not self.exists or len(calls) < 2:
            return [getattr(self, name)(*args) for name, args in calls]
        import itertools
        import threading

        results: list = [None] * len(calls)
        errors: list = []
        turns = itertools.count()  # next() on it is atomic under the GIL

        def work(store):
            try:
                store = store or Store(_connect(str(self.path)), self.path, exists=True)
                for i in iter(lambda: next(turns), None):
                    if i >= len(calls):
                        break
                    name, args = calls[i]
                    results[i] = getattr(store, name)(*args)
                if store is not self:
                    store.close()
            except BaseException as exc:  # re-raised in the caller's thread
                errors.append(exc)

        helper = threading.Thread(target=work, args=(None,))
        helper.start()
        try:
            work(self)
        finally:
            helper.join()
        if errors:
            raise errors[0]
        return results

    def any_audition(self, start: str, end: str) -> bool:
        return (
            self.conn.execute(
                "SELECT 1 FROM auditions WHERE date >= ? AND date <= ? LIMIT 1", (start, end)
            ).fetchone()
            is not None
        )

    def event_counts(self, since: str, until: str, today: str) -> dict[str, int]:
        """How many events of each status are dated in the range and not after today."""
        return {
            r[0]: r[1]
            for r in self.conn.execute(
                "SELECT status, count(*) FROM events WHERE date >= ? AND date <= ? AND date <= ? "
                "GROUP BY status",
                (since, until, today),
            )
        }

    def last_event_date(self, status: str, today: str) -> str | None:
        return self.conn.execute(
            "SELECT max(date) FROM events WHERE status = ? AND date <= ?", (status, today)
        ).fetchone()[0]

    def upcoming(self, today: str) -> list[dict]:
        """Auditions and callbacks dated after today, soonest first."""
        return [
            dict(r)
            for r in self.conn.execute(
                """SELECT id AS audition_id, 'audition' AS kind, date, project, role
               FROM auditions WHERE date > ?
               UNION ALL
               SELECT a.id, 'callback', e.date, a.project, a.role
               FROM events e JOIN auditions a ON a.id = e.audition_id
               WHERE e.status = 'callback' AND e.date > ?
               ORDER BY date, audition_id""",
                (today, today),
            )
        ]

    def casting_history(self, since: str | None, until: str | None, today: str) -> list[dict]:
        """Per casting office (any case): counts, rates' inputs and when last seen."""
        cond, params = self._range("a", since, until, today, (today, today))
        return [
            dict(r)
            for r in self.conn.execute(
                f"""SELECT a.casting AS casting, count(*) AS auditions,
                   count(CASE WHEN a.advanced_on <= ? THEN 1 END) AS advanced,
                   count(CASE WHEN a.booked_on <= ? THEN 1 END) AS booked,
                   max(a.date) AS last_seen
                FROM auditions a WHERE {cond} AND a.casting IS NOT NULL
                GROUP BY a.casting COLLATE NOCASE""",
                params,
            )
        ]

    def casting_projects(
        self, casting: str, since: str | None, until: str | None, today: str
    ) -> Iterator[str]:
        """One casting office's projects (any case), most recent first, read lazily from the
        auditions_by_casting index."""
        cond, params = self._range("a", since, until, today, (casting,))
        for (project,) in self.conn.execute(
            f"SELECT a.project FROM auditions a WHERE a.casting = ? COLLATE NOCASE AND {cond} "
            "ORDER BY a.casting COLLATE NOCASE, a.date DESC",
            params,
        ):
            yield project
