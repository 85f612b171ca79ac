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

from callback_cli import migrations, models, store_extra
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
                "expenses": [
                    dict(r)
                    for r in self.conn.execute("SELECT * FROM expenses WHERE audition_id = ? ORDER BY id", (aid,))
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
            for cost in saved.get("expenses", ()):  # undo entries older than expenses have none
                self._insert("expenses", cost)
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

    def add_event(
        self, aid: int, status: str, date: str, note: str | None, created_at: str, time: str | None = None
    ) -> None:
        self.conn.execute(
            "INSERT INTO events (audition_id, status, date, note, created_at, time) VALUES (?, ?, ?, ?, ?, ?)",
            (aid, status, date, note, created_at, time),
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

    def insert_many(
        self, auditions: list[dict], events: list[tuple], tags: list[tuple], expenses: list[tuple] = ()
    ) -> None:
        """Bulk insert for imports: auditions carry their ids and derived columns; events are
        (audition_id, status, date, note, created_at, time), tags (audition_id, tag, date,
        advanced_on, booked_on), expenses (audition_id, date, cents, what, created_at)."""
        self.conn.execute("PRAGMA cache_size = -262144")  # 256 MiB at most, for index upkeep
        # A big batch: drop the secondary indexes and build them again afterwards (a sort),
        # far faster than updating them row by row. DDL is transactional: all or nothing.
        rebuild = []
        if len(auditions) > 5000:
            rebuild = self.conn.execute(
                "SELECT name, sql FROM sqlite_master WHERE type IN ('index', 'trigger') AND sql IS NOT NULL "
                "AND tbl_name IN ('auditions', 'events', 'tags')"
            ).fetchall()
            for name, sql in rebuild:
                kind = "TRIGGER" if sql.upper().startswith("CREATE TRIGGER") else "INDEX"
                self.conn.execute(f'DROP {kind} "{name}"')
        if auditions:
            cols = list(auditions[0])
            self.conn.executemany(
                f"INSERT INTO auditions ({', '.join(cols)}) VALUES ({', '.join('?' for _ in cols)})",
                [tuple(a[c] for c in cols) for a in auditions],
            )
        self.conn.executemany(
            "INSERT INTO events (audition_id, status, date, note, created_at, time) VALUES (?, ?, ?, ?, ?, ?)",
            events,
        )
        self.conn.executemany(
            "INSERT INTO expenses (audition_id, date, cents, what, created_at) VALUES (?, ?, ?, ?, ?)", expenses
        )
        self.conn.executemany(
            "INSERT OR IGNORE INTO tags (audition_id, tag, date, advanced_on, "
            "booked_on) VALUES (?, ?, ?, ?, ?)",
            tags,
        )
        triggers = [sql for _, sql in rebuild if sql.upper().startswith("CREATE TRIGGER")]
        for _, sql in rebuild:
            if sql not in triggers:
                self.conn.execute(sql)
        if rebuild:
            # the search index too, once the indexes its rows are read through are back:
            # filled again in one pass rather than row by row through the triggers
            from callback_cli.store_search import rebuild as rebuild_search

            rebuild_search(self.conn)
        for sql in triggers:
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
        row = self.conn.execute("SELECT * FROM auditions WHERE id = ?", (aid,)).fetchone()
        if row is None:
            raise NotFound(f"no audition with id {aid}")
        return dict(row)

    def events(self, aid: int) -> list[dict]:
        return [
            dict(r)
            for r in self.conn.execute(
                "SELECT status, date, note, created_at, time FROM events WHERE audition_id = ? "
                "ORDER BY date, id",
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
        terms = [*flt.words, *([flt.search] if flt.search else [])]
        if terms:
            from callback_cli.store_search import search_clause

            clause, more = search_clause(terms, alias)
            clauses.append(clause)
            params.extend(more)
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
            f"SELECT audition_id, status, date, note, created_at, time FROM events "
            f"WHERE audition_id IN ({inner}) ORDER BY audition_id, date, id",
            (*params, *lparams),
        ):
            events.setdefault(r[0], []).append(
                {"status": r[1], "date": r[2], "note": r[3], "created_at": r[4], "time": r[5]}
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
            "SELECT audition_id, status, date, note, created_at, time FROM events "
            "ORDER BY audition_id, date, id"
        )
        spent = self.conn.cursor().execute(
            "SELECT audition_id, date, cents, what FROM expenses ORDER BY audition_id, date, id"
        )
        next_spent = spent.fetchone()
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
                            "time": next_event[5],
                        }
                    )
                next_event = events.fetchone()
            costs = []
            while next_spent is not None and next_spent[0] <= aid:
                if next_spent[0] == aid:
                    costs.append({"date": next_spent[1], "cents": next_spent[2], "what": next_spent[3]})
                next_spent = spent.fetchone()
            row["_expenses"] = costs
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

    # ---- expenses, deadlines and the time to hear back ------------------------------------
    def add_expense(self, aid: int, day: str, cents: int, what: str | None, at: str) -> None:
        store_extra.add_expense(self.conn, aid, day, cents, what, at)

    def expenses(self, ids) -> dict[int, list[dict]]:
        ids = list(ids)
        found: dict[int, list[dict]] = {}
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            found.update(store_extra.expenses_of(self.conn, ", ".join("?" for _ in chunk), chunk))
        return found

    def year_costs(self, year: int) -> tuple[list[dict], list[dict]]:
        since, until = f"{year:04d}-01-01", f"{year:04d}-12-31"
        return store_extra.spent_between(self.conn, since, until), store_extra.driven_between(
            self.conn, since, until
        )

    def tapes_due(self, since: str) -> list[dict]:
        """Auditions with a self-tape deadline on or after `since`."""
        return _dicts(
            self.conn,
            "SELECT id, uid, project, role, tape_due FROM auditions WHERE tape_due >= ? ORDER BY tape_due",
            (since,),
        )

    def first_outcomes(self, since: str | None, until: str | None, today: str) -> list[tuple]:
        return store_extra.first_outcomes(self.conn, since, until, today)
