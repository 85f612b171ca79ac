"""Audition, event and tag rows: writing them, reading them back, filtering them.

The columns derived from events (status, last_date, advanced_on, booked_on, called_on) are
worked out by the journal (journal.derive) and written here; `sync_tag_copies` keeps the
copies of some of them on `tags` in step (see migrations: rates by tag read one index), and
`insert_many` writes a new audition's tags with those copies already in them.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from itertools import chain
from typing import TYPE_CHECKING

from callback_cli import models
from callback_cli.errors import JournalError, NotFound
from callback_cli.models import match_text
from callback_cli.store.errors import translated
from callback_cli.store.filtering import where
from callback_cli.store.search import index_from as index_search_from
from callback_cli.store.search import reindex as reindex_search

if TYPE_CHECKING:  # the record shapes are for the type checker: plain dicts at run time
    from callback_cli.filters import Filter
    from callback_cli.models import Audition, StoredEvent

# what update_audition may change: the user's columns and the time of the change
_EDITABLE = frozenset(models.COLUMNS) | {"updated_at"}
_DERIVED = ("status", "last_date", "advanced_on", "booked_on", "called_on")
BULK = 5000  # more new auditions than this in one import: rebuild the indexes afterwards
BULK_CACHE_KIB = 32768  # page cache for a bulk import (index upkeep); memory stays flat
# kept through a bulk import: the import reads an audition's events and expenses through them
_KEPT_INDEXES = ("events_audition", "expenses_audition")


def insert_row(conn: sqlite3.Connection, table: str, row: dict) -> int:
    cols = ", ".join(row)
    marks = ", ".join("?" for _ in row)
    cur = conn.execute(f"INSERT INTO {table} ({cols}) VALUES ({marks})", tuple(row.values()))
    return cur.lastrowid or 0


# Rows written by one INSERT of many VALUES rows: Python's sqlite3 runs a statement per row of
# executemany, and for 100,000 auditions those runs cost more than the writing (measured: 0.98
# → 0.78 s for the auditions, 0.42 → 0.26 s for their tags). 32 rows of the widest table stay
# far under 999 parameters, the smallest limit an SQLite build may have.
ROWS_PER_INSERT = 32
_MOST_PARAMETERS = 999
# the Bloom filter of the import's match keys: 1 MiB, two bits a key; of the keys new to a
# journal of a million, about one in twenty is still looked up in the table
_SEEN_BYTES = 1 << 20
_SEEN_MASK = _SEEN_BYTES - 1


def _insert_rows(conn: sqlite3.Connection, head: str, width: int, rows: Sequence[tuple]) -> None:
    """`head` (an INSERT up to VALUES) for each row of `width` values, many rows a statement."""
    one = "(" + ", ".join("?" * width) + ")"
    per = max(1, min(ROWS_PER_INSERT, _MOST_PARAMETERS // width))
    whole = len(rows) - len(rows) % per
    if whole:
        conn.executemany(
            f"{head} VALUES {', '.join([one] * per)}",
            (tuple(chain.from_iterable(rows[i : i + per])) for i in range(0, whole, per)),
        )
    if whole < len(rows):
        conn.executemany(f"{head} VALUES {one}", rows[whole:])


def sync_tag_copies(conn: sqlite3.Connection, ids: Iterable[int] = (), from_id: int | None = None) -> None:
    """Copy the auditions' date and outcome dates onto their tags: for these ids, or for
    every audition from `from_id` on (a bulk insert)."""
    copy = (
        "UPDATE tags SET (date, advanced_on, booked_on) = (SELECT date, advanced_on, "
        "booked_on FROM auditions a WHERE a.id = tags.audition_id) "
    )
    if from_id is not None:
        conn.execute(copy + "WHERE audition_id >= ?", (from_id,))
        return
    ids = list(ids)
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        conn.execute(copy + f"WHERE audition_id IN ({', '.join('?' for _ in chunk)})", chunk)


def _dicts(conn: sqlite3.Connection, sql: str, params=()) -> list[dict]:
    """A query's rows as dicts: plain tuples zipped with the names, faster than sqlite3.Row."""
    cursor = conn.cursor()
    cursor.row_factory = None
    cursor.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, values, strict=True)) for values in cursor]


# an event's columns in the order _event reads them
_EVENT = "status, date, note, created_at, time"


def _event(r, at: int = 0) -> StoredEvent:
    """An event from a query's row whose status, date, note, created_at and time start at `at`."""
    return {"status": r[at], "date": r[at + 1], "note": r[at + 2], "created_at": r[at + 3], "time": r[at + 4]}


@translated
class Rows:
    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn

    # ---- writing ---------------------------------------------------------------------------
    def insert_audition(self, values: dict, tags: Iterable[str] = ()) -> int:
        aid = insert_row(self.conn, "auditions", {"id": self.next_id(), **values})
        self.set_tags(aid, tags)
        return aid

    def update_audition(self, aid: int, values: dict) -> None:
        bad = set(values) - _EDITABLE
        if bad:
            raise ValueError(f"not editable: {sorted(bad)}")
        if values:
            sets = ", ".join(f"{col} = ?" for col in values)
            self.conn.execute(f"UPDATE auditions SET {sets} WHERE id = ?", (*values.values(), aid))

    def set_tags(self, aid: int, tags: Iterable[str]) -> None:
        self.conn.execute("DELETE FROM tags WHERE audition_id = ?", (aid,))
        self.conn.executemany(
            "INSERT OR IGNORE INTO tags (audition_id, tag) VALUES (?, ?)", [(aid, tag) for tag in tags]
        )
        sync_tag_copies(self.conn, [aid])

    def delete_audition(self, aid: int) -> None:
        self.conn.execute("DELETE FROM auditions WHERE id = ?", (aid,))

    def add_event(
        self, aid: int, status: str, date: str, note: str | None, created_at: str, time: str | None = None
    ) -> None:
        self.conn.execute(
            "INSERT INTO events (audition_id, status, date, note, created_at, time)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (aid, status, date, note, created_at, time),
        )

    def outcomes(self, ids: Iterable[int]) -> dict[int, tuple[str, list[tuple[str, str]]]]:
        """For each audition: its date and its events as (status, date), in entry order."""
        ids = list(ids)
        found: dict[int, tuple[str, list[tuple[str, str]]]] = {}
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            marks = ", ".join("?" for _ in chunk)
            for aid, day in self.conn.execute(f"SELECT id, date FROM auditions WHERE id IN ({marks})", chunk):
                found[aid] = (day, [])
            for aid, status, day in self.conn.execute(
                f"SELECT audition_id, status, date FROM events WHERE audition_id IN ({marks}) "
                "ORDER BY audition_id, id",
                chunk,
            ):
                found[aid][1].append((status, day))
        return found

    def write_derived(self, derived: dict[int, dict]) -> None:
        """Store the derived columns (_DERIVED) by id, and their copies on the tags."""
        self.conn.executemany(
            f"UPDATE auditions SET {', '.join(f'{k} = :{k}' for k in _DERIVED)} WHERE id = :id",
            [{**{k: values[k] for k in _DERIVED}, "id": aid} for aid, values in derived.items()],
        )
        sync_tag_copies(self.conn, derived)

    def next_id(self) -> int:
        """The id a new audition gets: above every id ever used (m002), so none is reused."""
        row = self.conn.execute(
            "SELECT max(coalesce((SELECT max(id) FROM auditions), 0), "
            "coalesce((SELECT value FROM id_high WHERE name = 'auditions'), 0))"
        ).fetchone()
        if row[0] >= 2**63 - 1:  # SQLite's largest id: only another program's write gets here
            raise JournalError(
                "the journal has used its largest possible id; export it and import into a new one"
            )
        return row[0] + 1

    def insert_many(
        self,
        columns: Sequence[str],
        auditions: list[tuple],
        events: list[tuple],
        tags: list[tuple],
        expenses: list[tuple] | tuple[()] = (),
    ) -> None:
        """Insert for imports, one batch: auditions are tuples of `columns`, their ids and
        derived columns among them; events are (audition_id, status, date, note, created_at,
        time), tags (audition_id, tag) of these new auditions only, expenses (audition_id, date,
        cents, what, created_at)."""
        if auditions:
            _insert_rows(self.conn, f"INSERT INTO auditions ({', '.join(columns)})", len(columns), auditions)
        self.conn.executemany(
            "INSERT INTO events (audition_id, status, date, note, created_at, time)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            events,
        )
        self.conn.executemany(
            "INSERT INTO expenses (audition_id, date, cents, what, created_at) VALUES (?, ?, ?, ?, ?)",
            expenses,
        )
        if tags:  # the new auditions' tags, their copies taken from the rows just written
            at = {name: n for n, name in enumerate(columns)}
            i, d, a, b = at["id"], at["date"], at["advanced_on"], at["booked_on"]
            copies = {row[i]: (row[d], row[a], row[b]) for row in auditions}
            _insert_rows(
                self.conn,
                "INSERT OR IGNORE INTO tags (audition_id, tag, date, advanced_on, booked_on)",
                5,
                [(aid, tag, *copies[aid]) for aid, tag in tags],
            )

    def begin_bulk(self) -> list[tuple]:
        """Before a big import: drop the secondary indexes (built again afterwards in one sort,
        far faster than kept up row by row) and the triggers (the search index is filled in
        one pass at the end). The indexes by audition stay: the import reads through them.
        DDL is transactional: all or nothing. Returns what end_bulk puts back."""
        self.conn.execute(f"PRAGMA cache_size = -{BULK_CACHE_KIB}")
        dropped = self.conn.execute(
            "SELECT type, name, sql FROM sqlite_master WHERE type IN ('index', 'trigger') "
            "AND sql IS NOT NULL AND tbl_name IN ('auditions', 'events', 'tags') "
            f"AND name NOT IN ({', '.join(repr(n) for n in _KEPT_INDEXES)})"
        ).fetchall()
        for kind, name, _ in dropped:
            self.conn.execute(f'DROP {kind.upper()} "{name}"')
        return dropped

    def end_bulk(self, dropped: list[tuple], from_id: int) -> None:
        """After a big import: the indexes built again, the search rows of the auditions from
        `from_id` on added, the triggers back, and the highest id ever used recorded."""
        for kind, _, sql in dropped:
            if kind == "index":
                self.conn.execute(sql)
        index_search_from(self.conn, from_id)  # after the indexes: read through them
        for kind, _, sql in dropped:
            if kind == "trigger":
                self.conn.execute(sql)
        self.conn.execute(
            "UPDATE id_high SET value = (SELECT max(id) FROM auditions) WHERE name = 'auditions' "
            "AND value < (SELECT max(id) FROM auditions)"
        )

    def reindex_search(self, ids: Iterable[int]) -> None:
        """The search rows of these auditions written again (changed while the triggers were off)."""
        reindex_search(self.conn, ids)

    # ---- matching imports --------------------------------------------------------------------
    # An import matches each batch of records against the journal and against the records it
    # has added already: by uid through the uid's own index, and by date + project + role (in
    # any case) through a temporary table of those keys' hashes, filled once from the journal.
    # A key whose hash is not in the table is looked up no further: a Bloom filter of the
    # hashes (1 MiB) answers that without a query for nearly every new record. A hash shared by
    # two keys only brings back an audition more, which the matching (merge.match) compares by
    # its real key. Memory stays that of a batch, however big the journal or the file.
    def open_match_index(self) -> None:
        self.conn.execute(
            "CREATE TEMP TABLE IF NOT EXISTS import_keys (hash INTEGER NOT NULL, id INTEGER NOT NULL, "
            "PRIMARY KEY (hash, id)) WITHOUT ROWID"
        )
        self.conn.execute("DELETE FROM temp.import_keys")
        self._seen = bytearray(_SEEN_BYTES)
        cursor = self.conn.cursor()
        cursor.row_factory = None
        cursor.execute("SELECT id, date, project, role FROM auditions ORDER BY id")
        while chunk := cursor.fetchmany(5000):
            self.remember_keys((aid, match_text(day, project, role)) for aid, day, project, role in chunk)

    def remember_keys(self, pairs: Iterable[tuple[int, str]]) -> None:
        """(id, match key) of auditions in the journal or added by the import."""
        seen, hashed = self._seen, []
        for aid, key in pairs:
            h = hash(key)
            seen[h & _SEEN_MASK] |= 1 << (h >> 24 & 7)
            seen[h >> 27 & _SEEN_MASK] |= 1 << (h >> 51 & 7)
            hashed.append((h, aid))
        _insert_rows(self.conn, "INSERT OR IGNORE INTO temp.import_keys (hash, id)", 2, hashed)

    def close_match_index(self) -> None:
        self.conn.execute("DROP TABLE IF EXISTS temp.import_keys")
        self._seen = bytearray()

    def match_candidates(self, uids: Iterable[str], keys: Iterable[str]) -> list[tuple]:
        """(id, uid, date, project, role) of the auditions with one of these uids, or maybe one
        of these keys (remember_keys: a few more may come back, never fewer)."""
        seen = self._seen
        hashes = [
            h
            for h in {hash(k) for k in keys}
            if seen[h & _SEEN_MASK] >> (h >> 24 & 7) & seen[h >> 27 & _SEEN_MASK] >> (h >> 51 & 7) & 1
        ]
        found: dict[int, tuple] = {}
        for sql, values in (
            ("SELECT id, uid, date, project, role FROM auditions WHERE uid IN ({})", list(set(uids))),
            (
                "SELECT a.id, a.uid, a.date, a.project, a.role FROM temp.import_keys k "
                "JOIN auditions a ON a.id = k.id WHERE k.hash IN ({})",
                hashes,
            ),
        ):
            for i in range(0, len(values), 500):
                chunk = values[i : i + 500]
                for row in self.conn.execute(sql.format(", ".join("?" for _ in chunk)), chunk):
                    found[row[0]] = tuple(row)
        return sorted(found.values())

    # ---- reading ---------------------------------------------------------------------------
    def match_rows(self) -> Iterator[tuple]:
        """(id, uid, date, project, role) of every audition, for matching imports."""
        yield from self.conn.execute("SELECT id, uid, date, project, role FROM auditions")

    def event_keys(self, aid: int) -> set[tuple]:
        """(status, date, note) of each of an audition's events."""
        return {
            (r[0], r[1], r[2])
            for r in self.conn.execute("SELECT status, date, note FROM events WHERE audition_id = ?", (aid,))
        }

    def row(self, aid: int) -> Audition:
        if not -(2**63) <= aid < 2**63:  # beyond SQLite's integers: no such audition can exist
            raise NotFound(f"no audition with id {aid}")
        row = self.conn.execute("SELECT * FROM auditions WHERE id = ?", (aid,)).fetchone()
        if row is None:
            raise NotFound(f"no audition with id {aid}")
        return dict(row)  # type: ignore[return-value]

    def events(self, aid: int) -> list[StoredEvent]:
        return [
            _event(r)
            for r in self.conn.execute(
                f"SELECT {_EVENT} FROM events WHERE audition_id = ? ORDER BY date, id",
                (aid,),
            )
        ]

    def tags(self, aid: int) -> list[str]:
        return [
            r[0] for r in self.conn.execute("SELECT tag FROM tags WHERE audition_id = ? ORDER BY tag", (aid,))
        ]

    def select(
        self, flt: Filter | None, today: str, with_tags: bool = True
    ) -> tuple[list[Audition], dict[int, list[StoredEvent]], dict[int, list[str]]]:
        """Auditions matching the filter, newest first, with their events and tags by id."""
        clause, params = where(flt, today)
        searching = flt is not None and bool(flt.search or flt.words)
        if flt is not None and flt.limit:
            # newest N: let the date index find them
            tail, lparams = " ORDER BY a.date DESC, a.id DESC LIMIT ?", [flt.limit]
        else:
            # no ORDER BY in SQL: it would lure the planner onto the date index and away from
            # the filter's own index; sorting the result in Python is cheaper
            tail, lparams = "", []
        rows = _dicts(self.conn, f"SELECT a.* FROM auditions a WHERE {clause}{tail}", (*params, *lparams))
        if not tail:
            rows.sort(key=lambda r: (r["date"], r["id"]), reverse=True)
        batches: list[tuple[str, tuple]]  # (the ids as SQL, its parameters)
        if searching:
            # a search is the costly part of the filter: look up the ids it found, in
            # batches, rather than run the search again for the events and the tags
            found = [r["id"] for r in rows]
            batches = [
                (", ".join("?" for _ in found[i : i + 500]), tuple(found[i : i + 500]))
                for i in range(0, len(found), 500)
            ]
        else:
            batches = [(f"SELECT a.id FROM auditions a WHERE {clause}{tail}", (*params, *lparams))]
        events: dict[int, list[StoredEvent]] = {}
        tags: dict[int, list[str]] = {}
        for within, args in batches:
            for r in self.conn.execute(
                f"SELECT audition_id, {_EVENT} FROM events "
                f"WHERE audition_id IN ({within}) ORDER BY audition_id, date, id",
                args,
            ):
                events.setdefault(r[0], []).append(_event(r, 1))
            if with_tags:
                for r in self.conn.execute(
                    f"SELECT audition_id, tag FROM tags WHERE audition_id IN ({within}) "
                    "ORDER BY audition_id, tag",
                    args,
                ):
                    tags.setdefault(r[0], []).append(r[1])
        return rows, events, tags  # type: ignore[return-value]

    def ids(self, flt: Filter, today: str) -> list[int]:
        clause, params = where(flt, today)
        limit = " LIMIT ?" if flt.limit else ""
        return [
            r[0]
            for r in self.conn.execute(
                f"SELECT a.id FROM auditions a WHERE {clause} ORDER BY a.date DESC, a.id DESC{limit}",
                (*params, *([flt.limit] if limit else [])),
            )
        ]

    def count(self, flt: Filter, today: str) -> int:
        clause, params = where(flt, today)
        return self.conn.execute(f"SELECT count(*) FROM auditions a WHERE {clause}", params).fetchone()[0]

    def iter_all(self) -> Iterator[tuple[Audition, list[StoredEvent], list[str], list[dict]]]:
        """Every audition in id order with its events, tags and expenses, streamed (flat memory):
        four cursors in id order, merged."""

        def plain(sql: str) -> sqlite3.Cursor:
            cursor = self.conn.cursor()
            cursor.row_factory = None  # plain tuples: faster than Row
            cursor.arraysize = 1000
            return cursor.execute(sql)

        events = plain(f"SELECT audition_id, {_EVENT} FROM events ORDER BY audition_id, date, id")
        tags = plain("SELECT audition_id, tag FROM tags ORDER BY audition_id, tag")
        costs = plain("SELECT audition_id, date, cents, what FROM expenses ORDER BY audition_id, date, id")
        next_event, next_tag, next_cost = next(events, None), next(tags, None), next(costs, None)
        cursor = plain("SELECT * FROM auditions ORDER BY id")
        names = [d[0] for d in cursor.description]
        for values in cursor:
            row = dict(zip(names, values, strict=True))
            aid = values[0]
            evs: list[StoredEvent] = []
            tgs: list[str] = []
            spent: list[dict] = []
            while next_event is not None and next_event[0] <= aid:
                if next_event[0] == aid:
                    e = next_event
                    evs.append({"status": e[1], "date": e[2], "note": e[3], "created_at": e[4], "time": e[5]})
                next_event = next(events, None)
            while next_tag is not None and next_tag[0] <= aid:
                if next_tag[0] == aid:
                    tgs.append(next_tag[1])
                next_tag = next(tags, None)
            while next_cost is not None and next_cost[0] <= aid:
                if next_cost[0] == aid:
                    spent.append({"date": next_cost[1], "cents": next_cost[2], "what": next_cost[3]})
                next_cost = next(costs, None)
            yield row, evs, tgs, spent  # type: ignore[misc]

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

    def earlier_outfits(self, wanted: Iterable[tuple[str, str]]) -> dict[tuple[str, str], tuple[str, str]]:
        """For each (project, date) asked about: (date, outfit) of the latest earlier audition
        for that project (any case) with an outfit logged; of two on that day, the one logged
        last. Pairs with none are left out. One statement for all of them, each answered from
        the auditions_by_project index (m005), not by reading the table."""
        pairs = list(dict.fromkeys(wanted))
        found: dict[tuple[str, str], tuple[str, str]] = {}
        for i in range(0, len(pairs), 400):  # two parameters each, well under SQLite's limit
            chunk = pairs[i : i + 400]
            values = ", ".join("(?, ?)" for _ in chunk)
            for project, before, day, outfit in self.conn.execute(
                f"WITH wanted(project, before) AS (VALUES {values}) "
                "SELECT w.project, w.before, e.date, e.outfit FROM wanted w JOIN auditions e ON e.id = ("
                "SELECT a.id FROM auditions a WHERE a.project = w.project COLLATE NOCASE "
                "AND a.date < w.before AND a.outfit IS NOT NULL ORDER BY a.date DESC, a.id DESC LIMIT 1)",
                [x for pair in chunk for x in pair],
            ):
                found[(project, before)] = (day, outfit)
        return found

    def tapes_due(self, since: str) -> list[dict]:
        """Auditions with a self-tape deadline on or after `since`, soonest first."""
        return _dicts(
            self.conn,
            "SELECT id, uid, project, role, tape_due FROM auditions WHERE tape_due >= ? ORDER BY tape_due",
            (since,),
        )
