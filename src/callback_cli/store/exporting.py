"""Export built in SQL: each record's JSON text, or its CSV line, made by SQLite in one pass.

An export of 100,000 auditions spent most of its time building a dict per record and
encoding it in Python; here SQLite writes the text and Python only writes the lines. The
output is byte for byte what `models.to_record` + `json` (or `render.export.CsvWriter` over
`csv_row`) give: keys in models.RECORD_KEYS order, `json.dumps`' separators, free text
through `json_quote` (which escapes exactly what Python's encoder escapes with
ensure_ascii=False), numbers as Python prints them (miles is handed to Python to print; an
amount of cents / 100 has at most 13 digits, which SQLite and Python print alike).

That holds for values the journal can hold. The reading side checks every row
(models.row_problem and its kin) and names the first bad value; `plain` tells whether the
fast path may run: when anything is out of the ordinary (a value a check would refuse, or
one this SQL might print otherwise), the caller takes the record-by-record path instead,
which gives the same output or the same error.

Each record is one `printf()` (a `||` chain copies the growing text once per piece), and a
value `plain` has proved to be in the journal's own form (a day, a stamp, a status...) is
printed as it is: only free text goes through `json_quote`. `plain` reads what an index
holds where one does (the distinct days of `date`, the statuses...), and each distinct
value once.
"""

from __future__ import annotations

import contextlib
import gc
import os
import pickle
import signal
import sqlite3
import struct
from collections.abc import Callable, Generator
from pathlib import Path
from typing import Union

from callback_cli import models
from callback_cli.checks import FIRST_DAY, LAST_DAY, valid_day
from callback_cli.store.errors import translated

# ---- what the fast path accepts: a subset of what models.row_problem and kin accept --------
# Every check here is true or false, never NULL (a NULL would let `NOT (...)` pass a row).


def _bytes(x: str, n: int) -> str:
    # length() of text stops at a NUL, and printf's %s too: the whole value is n bytes
    return f"length(CAST({x} AS BLOB)) = {n}"


def _day(x: str) -> str:
    # date(julianday()): SQLite's date() alone takes 2026-02-30 as it is; IS compares every
    # byte (a NUL and more after a good day make it false)
    return (
        f"(typeof({x}) = 'text' AND {x} BETWEEN '{FIRST_DAY}' AND '{LAST_DAY}' "
        f"AND date(julianday({x})) IS {x})"
    )


def _clock(x: str) -> str:
    return f"({_bytes(x, 5)} AND {x} GLOB '[0-2][0-9]:[0-5][0-9]' AND {x} < '24')"


def _due(x: str) -> str:
    return (
        f"({_day(x)} OR (typeof({x}) = 'text' AND {_bytes(x, 16)} AND {_day(f'substr({x}, 1, 10)')} "
        f"AND substr({x}, 11, 1) = 'T' AND {_clock(f'substr({x}, 12)')}))"
    )


def _among(x: str, values) -> str:
    return f"{x} IN ({', '.join(repr(v) for v in values)})"


def _blob(x: str) -> str:
    """Whether x is a BLOB: in a TEXT column (see _TEXT_AFFINITY) a value is NULL, text or a
    BLOB, and every BLOB sorts after all text (one comparison, where typeof() is a call)."""
    return f"({x} >= x'') IS 1"


def _nul(x: str) -> str:
    """Whether text x holds a NUL (printf's %s would stop there; Python's csv writes it)."""
    return f"instr({x}, char(0))"


def _bad(table: str, where: str) -> str:
    return f"SELECT 1 FROM {table} WHERE {where}"


def _bad_distinct(column: str, table: str, good: str) -> str:
    """A distinct value of `column` that `good` (written over x) refuses; NULLs are fine. A
    column an index holds is read from the index, and each value is checked once."""
    return (
        f"SELECT 1 FROM (SELECT DISTINCT {column} AS x FROM {table} WHERE {column} IS NOT NULL) "
        f"WHERE NOT {good}"
    )


# the free-text columns printed through json_quote (JSON) or quoted like csv does (CSV)
_FREE = ("uid", *(c for c in models.TEXT_FIELDS if c not in ("type", "format")))
# The declared types these checks rely on: a TEXT column keeps a number as its text (so a
# value there is NULL, text or a BLOB), an INTEGER one keeps 3.0 as 3, a REAL one 3 as 3.0.
_TEXT = ("type", "format", "status", "date", "time", "tape_due", "created_at", "updated_at")
_DECLARED = {
    "auditions": {
        **dict.fromkeys((*_FREE, *_TEXT, *models.DERIVED_DAYS), "TEXT"),
        "rating": "INTEGER",
        "miles": "REAL",
    },
    "events": dict.fromkeys(("status", "date", "note", "time"), "TEXT"),
    "tags": {"tag": "TEXT"},
}


def _checks(csv: bool) -> list[str]:
    """The queries that find a value the fast path must not print (one row is enough). For
    CSV, also a NUL in free text (printf's %s would stop there), in the same passes."""

    def nul(*columns: str) -> list[str]:
        return [_nul(c) for c in columns] if csv else []

    return [
        _bad_distinct("date", "auditions", _day("x")),
        "SELECT 1 FROM auditions WHERE date IS NULL",
        *(_bad_distinct(c, "auditions", _day("x")) for c in models.DERIVED_DAYS),
        _bad_distinct("tape_due", "auditions", _due("x")),
        _bad_distinct("time", "auditions", _clock("x")),
        _bad_distinct("status", "auditions", _among("x", models.ALL_STATUSES)),
        "SELECT 1 FROM auditions WHERE status IS NULL",
        "SELECT 1 FROM (SELECT DISTINCT type, format, rating FROM auditions) WHERE NOT ("
        f"(type IS NULL OR {_among('type', models.TYPES)}) "
        f"AND (format IS NULL OR {_among('format', models.FORMATS)}) "
        "AND (rating IS NULL OR (typeof(rating) = 'integer' AND rating BETWEEN 1 AND 5)))",
        _bad(
            "auditions",
            " OR ".join(
                [
                    "project IS NULL OR project = ''",
                    *(_blob(c) for c in _FREE),
                    "(miles IS NOT NULL AND NOT "
                    "(typeof(miles) IN ('integer', 'real') AND miles >= 0 AND miles < 1e9))",
                    *nul(*_FREE),
                ]
            ),
        ),
        "SELECT 1 FROM (SELECT DISTINCT status, date FROM events) WHERE NOT "
        f"(status IS NOT NULL AND {_among('status', models.STATUSES)} AND {_day('date')})",
        _bad(
            "events",
            " OR ".join([_blob("note"), f"(time IS NOT NULL AND NOT {_clock('time')})", *nul("note")]),
        ),
        _bad(
            "expenses",
            " OR ".join(
                [
                    f"NOT ({_day('date')} AND typeof(cents) = 'integer' AND cents >= 0 "
                    "AND cents < 10000000000000 AND typeof(what) IN ('text', 'null'))",
                    *nul("what"),
                ]
            ),
        ),
        _bad("tags", " OR ".join([_blob("tag"), *nul("tag")])),
    ]


_CHECKS = {csv: "SELECT " + " OR ".join(f"EXISTS ({c})" for c in _checks(csv)) for csv in (False, True)}


def _own_stamp(text) -> bool:
    """A stamp in the journal's own form (YYYY-MM-DDTHH:MM:SSZ, a real time), which prints as
    it is in JSON and CSV; checks.valid_stamp takes it too (and other forms, left to Python)."""
    return (
        text.__class__ is str
        and len(text) == 20
        and text.isascii()
        and text[4] == text[7] == "-"
        and text[10] == "T"
        and text[13] == text[16] == ":"
        and text[19] == "Z"
        and text[:4].isdigit()
        and valid_day(text[:10])
        and text[11:13].isdigit()
        and text[14:16].isdigit()
        and text[17:19].isdigit()
        and text[11:13] < "24"
        and text[14:16] < "60"
        and text[17:19] < "60"
    )


# ---- the pieces of a record ----------------------------------------------------------------
def _list(select: str, order: str) -> str:
    """A JSON list of the rows' JSON texts `o`, as json.dumps writes it, `[]` when none."""
    return f"coalesce((SELECT '[' || group_concat(o, ', ') || ']' FROM ({select} ORDER BY {order})), '[]')"


def _printf(pairs: list[tuple[str, str, str]], before: str = "{", after: str = "}") -> str:
    """printf() of `"key": value, ...` from (key, format, SQL value) triples."""
    fmt = before + ", ".join(f'"{key}": {spec}' for key, spec, _ in pairs) + after
    return f"printf('{fmt}', {', '.join(value for _, _, value in pairs)})"


def _quoted(x: str) -> str:
    """A value plain() proved needs no escaping, as a JSON string, or null."""
    return f"""coalesce('"' || {x} || '"', 'null')"""


_AMOUNT = "CASE WHEN cents % 100 THEN CAST(cents / 100.0 AS TEXT) ELSE CAST(cents / 100 AS TEXT) END"
_EVENT = _printf(
    [
        ("status", '"%s"', "status"),
        ("date", '"%s"', "date"),
        ("time", "%s", _quoted("time")),
        ("note", "%s", "json_quote(note)"),
    ]
)
_EXPENSE = _printf([("date", '"%s"', "date"), ("amount", "%s", _AMOUNT), ("what", "%s", "json_quote(what)")])


def _events(obj: str) -> str:
    return _list(f"SELECT {obj} o FROM events WHERE audition_id = a.id", "date, id")


def _expenses(obj: str) -> str:
    return _list(f"SELECT {obj} o FROM expenses WHERE audition_id = a.id", "date, id")


_LAST = "coalesce(a.last_date, a.date)"
_WORKED_OUT = {
    "id": ("%d", "a.id"),
    "tags": ("%s", _list("SELECT json_quote(tag) o FROM tags WHERE audition_id = a.id", "tag")),
    "rating": ("%s", "coalesce(a.rating, 'null')"),
    "expenses": ("%s", _expenses(_EXPENSE)),
    "events": ("%s", _events(_EVENT)),
    "advanced": ("%s", "CASE WHEN a.advanced_on <= :today THEN 'true' ELSE 'false' END"),
    "upcoming": ("%s", "CASE WHEN a.date > :today THEN 'true' ELSE 'false' END"),
    "stale": (
        "%s",
        # is_stale: last <= today and (today - last).days >= stale_days; dates are ISO here
        f"CASE WHEN {_among('a.status', models.OPEN)} AND {_LAST} <= :today "
        f"AND {_LAST} <= date(:today, -:stale || ' days') THEN 'true' ELSE 'false' END",
    ),
}
# printed as they are: plain() proved each is NULL or in the journal's own form
_OWN_FORM = ("date", "status", "created_at", "updated_at")
_OWN_FORM_OR_NULL = ("time", "type", "format", "tape_due")


def _json_value(key: str) -> tuple[str, str]:
    if key in _WORKED_OUT:
        return _WORKED_OUT[key]
    if key in _OWN_FORM:
        return '"%s"', f"a.{key}"
    if key in _OWN_FORM_OR_NULL:
        return "%s", _quoted(f"a.{key}")
    return "%s", f"json_quote(a.{key})"


def _record_parts() -> tuple[str, str, str, str]:
    """SQL for each audition's JSON text; its miles as that text has them (NULL when only
    Python prints them right: a fraction); and for the record whose miles are NULL there, the
    text before its miles and after them (Python puts them in between)."""
    at = models.RECORD_KEYS.index("miles")
    keys = models.RECORD_KEYS
    miles = _whole_miles("'null'")
    line = _printf([(k, *_json_value(k)) if k != "miles" else (k, "%s", miles) for k in keys])
    before, after = ([(k, *_json_value(k)) for k in part] for part in (keys[:at], keys[at + 1 :]))
    return line, miles, _printf(before, after=', "miles": '), _printf(after, before=", ")


def _whole_miles(none: str) -> str:
    """Miles as Python prints the record's (to_record makes whole ones an int); NULL for a
    fraction, which SQLite would print otherwise (0.1 + 0.2: 0.3, not 0.30000000000000004)."""
    return (
        f"CASE WHEN a.miles IS NULL THEN {none} WHEN a.miles = CAST(a.miles AS INTEGER) "
        "THEN CAST(CAST(a.miles AS INTEGER) AS TEXT) END"
    )


# ---- CSV: one line an audition, quoted as Python's csv quotes it ---------------------------
def _neutral(x: str) -> str:
    """render.export.neutralise in SQL: a ' before text a spreadsheet would run as a formula.
    Every character it looks for sorts before 'A': most text is passed by one comparison."""
    starts = "('=', '+', '-', '@', char(9), char(13))"
    return (
        f"CASE WHEN {x} < 'A' AND substr({x}, 1, 1) IN ('=', '+', '-', '@', char(9), char(13), '''') "
        f"AND substr(ltrim({x}, ''''), 1, 1) IN {starts} THEN '''' || {x} ELSE {x} END"
    )


def _csv_text(x: str) -> str:
    """A free-text cell, neutralised, in quotes when it holds a comma, a quote or a line end.
    csv.writer (lineterminator "\\n") quotes for , " and \\n; render.export.CsvWriter writes a
    row holding a \\r as csv does with "\\r\\n", so a cell with a \\r is quoted too, and no
    other cell changes (the neutralising ' is none of these characters)."""
    return (
        f"""CASE WHEN instr({x}, ',') OR instr({x}, '"') OR instr({x}, char(10)) OR instr({x}, char(13)) """
        f"""THEN '"' || replace({_neutral(x)}, '"', '""') || '"' ELSE {_neutral(x)} END"""
    )


def _csv_json(x: str) -> str:
    """A JSON list cell: empty for an empty list, else quoted (it always holds a quote)."""
    return f"""'"' || replace(nullif({x}, '[]'), '"', '""') || '"'"""


def _csv_parts(fields) -> tuple[str, str, str, str]:
    """SQL for each audition's CSV line, as _record_parts gives its JSON text: the cells of
    render.export.csv_row, in `fields` order. The cells from
    status_date on are made by one pass over the audition's events (in date, id order:
    events_audition's), which also prints the cells after them."""
    outside = {
        "id": "a.id",
        # one aggregate, computed once however often the cell's expression names it
        "tags": "(SELECT "
        + _csv_text("group_concat(tag, '; ')")
        + " FROM (SELECT tag FROM tags WHERE audition_id = a.id ORDER BY tag))",
        "expenses": _csv_json(_expenses(_EXPENSE)),
    }
    from_events = {
        "status_date": "max(CASE WHEN status = a.status THEN date END)",
        "callback_dates": "group_concat(CASE WHEN status = 'callback' THEN date END, '; ')",
        "booked_date": "min(CASE WHEN status = 'booked' THEN date END)",
        "events": _csv_json(f"'[' || group_concat({_EVENT}, ', ') || ']'"),
    }

    def cell(f: str) -> str:
        if f in outside or f in from_events:
            return outside.get(f) or from_events[f]
        return _csv_text(f"a.{f}") if f in _FREE else f"a.{f}"

    def cells(names, fmt: str) -> str:
        return f"printf('{fmt * len(names)}', {', '.join(cell(f) for f in names)})"

    at, first = fields.index("miles"), min(fields.index(f) for f in from_events)
    if first < at:
        raise AssertionError("the cells made from events come after miles")
    events = (
        f"(SELECT {cells(fields[first:], ',%s')} FROM events INDEXED BY events_audition "
        "WHERE audition_id = a.id)"
    )
    before, between = fields[:at], fields[at + 1 : first]
    miles = _whole_miles("''")
    fmt = "%s," * len(before) + "%s" + ",%s" * len(between) + "%s"
    line = f"printf('{fmt}', {', '.join([*map(cell, before), miles, *map(cell, between), events])})"
    head = cells(before, "%s,")
    tail = f"{cells(between, ',%s')} || {events}" if between else events
    return line, miles, head, tail


# What the export reads, a span of ids at a time: the span's text, its records joined by the
# separator, and how many (Chunk); or its rows (head, miles, tail) when a record's miles only
# Python prints right; or, when SQLite cannot read the span (text that is not UTF-8...), the
# span's first id: from there on the record-by-record path reads, in the same snapshot, and
# names what it finds or prints it as it does.
Chunk = tuple[str, int]
Item = Union[Chunk, list[tuple], int]
Items = Generator[Item, None, None]

CHUNK = 2_500  # auditions a span holds
# A journal of this many auditions or more is read by two processes on two cores: a helper,
# forked, reads three spans in four on a connection of its own while this one checks the
# journal and reads the rest (threads do not help: SQLite's allocator runs one at a time).
HELPER_FROM = 20_000


@translated
class Exporting:
    def __init__(self, conn: sqlite3.Connection, path: Path | None = None):
        """`path`: the journal's file, for a helper to open (None: no helper)."""
        self.conn, self.path = conn, path

    def plain(self, csv: bool = False) -> bool:
        """Whether every row holds only values the fast path prints as Python would (and, for
        CSV, no NUL in free text, where printf would stop)."""
        for table, wanted in _DECLARED.items():
            declared = dict(self.conn.execute("SELECT name, upper(type) FROM pragma_table_info(?)", (table,)))
            if any(declared.get(c) != t for c, t in wanted.items()):
                return False  # not the journal's own tables: what the checks assume may not hold
        return not self.conn.execute(_CHECKS[csv]).fetchone()[0] and self._stamps_plain()

    def _stamps_plain(self) -> bool:
        """Whether every created_at and updated_at is in the journal's own form: read in
        Python, each distinct pair checked once (no index holds them; a set is cheaper than
        SQLite's DISTINCT here), with the set of pairs seen kept small."""
        cursor = self.conn.cursor()
        cursor.row_factory = None
        seen: set[tuple] = set()
        try:
            cursor.execute("SELECT created_at, updated_at FROM auditions")
            while rows := cursor.fetchmany(5000):
                new = set(rows) - seen
                if not all(_own_stamp(made) and _own_stamp(changed) for made, changed in new):
                    return False
                seen = new if len(seen) > 20000 else seen | new
        except sqlite3.Error:  # e.g. text that is not UTF-8: the record path reports it
            return False
        finally:
            cursor.close()
        return True

    def json_chunks(self, today: str, stale_days: int, sep: str) -> Items | None:
        """Every audition's record as JSON text, by id, the records of a span joined by `sep`
        (see Item); None when plain() says the record-by-record path must read this journal."""
        return self._chunks(_record_parts(), {"today": today, "stale": stale_days, "sep": sep}, csv=False)

    def csv_chunks(self, fields, sep: str) -> Items | None:
        """Every audition's CSV line, its cells in `fields` order (render.export.CSV_FIELDS),
        by id, as json_chunks; None when plain(csv=True) says no."""
        return self._chunks(_csv_parts(tuple(fields)), {"sep": sep}, csv=True)

    def _chunks(self, parts: tuple[str, str, str, str], params: dict, csv: bool) -> Items | None:
        """The spans' items once plain() has passed, all read in one snapshot of the journal:
        the connection's read transaction holds from before plain() until the last span is
        read (and the record-by-record path, if it takes over, has read the rest)."""
        line, miles, head, tail = parts
        within = "FROM auditions a WHERE a.id BETWEEN :lo AND :hi ORDER BY a.id"
        sql = (
            f"SELECT group_concat(line, :sep), count(*), count(m) "
            f"FROM (SELECT {line} AS line, {miles} AS m {within})",
            f"SELECT {head}, a.miles, {tail} {within}",
        )
        # in a transaction already (a test's savepoint), its snapshot is the one to read
        own = not self.conn.in_transaction
        helper = None
        if own:
            spans = self._spans()
            helper = self._helper(spans, sql, params)
            if helper is None:
                _begin(self.conn)
        else:
            spans = self._spans()

        def done() -> None:
            if helper is not None:
                helper.close()
            if own:
                _end(self.conn)

        try:
            passed = self.plain(csv=csv)
        except BaseException:
            done()
            raise
        if not passed:
            done()
            return None
        return self._one_by_one(spans, sql, params, done, helper)

    def _helper(self, spans, sql: tuple[str, str], params: dict) -> _Helper | None:
        """A forked helper reading three spans in four, on the snapshot this connection is then
        in (a read transaction begun here); None when the journal is small, there is no fork
        or one core, or the snapshots cannot be shown to be one (this one is in none then).

        PRAGMA data_version changes when another connection has committed since the last time
        it was asked. It is asked here before the helper exists and again once both have
        begun reading, the helper first: unchanged, no write came in between, and the helper
        began reading inside that stretch, so both read the same journal."""
        if (
            self.path is None
            or not hasattr(os, "fork")
            or (os.cpu_count() or 1) < 2
            or len(spans) * CHUNK < HELPER_FROM
        ):
            return None
        before = self.conn.execute("PRAGMA data_version").fetchone()[0]
        helper = _Helper.start(self.path, [s for k, s in enumerate(spans) if k % 4], sql, params)
        if helper is None:
            return None
        try:
            _begin(self.conn)
            if self.conn.execute("PRAGMA data_version").fetchone()[0] == before:
                return helper
        except BaseException:
            helper.close()
            _end(self.conn)
            raise
        helper.close()
        _end(self.conn)
        return None

    def _spans(self) -> list[tuple[int, int]]:
        """The ids in spans of CHUNK auditions, the first and last open-ended."""
        cuts: list[int] = []
        at = self.conn.execute("SELECT min(id) FROM auditions").fetchone()[0]
        while at is not None:
            at = self.conn.execute(
                "SELECT id FROM auditions WHERE id >= ? ORDER BY id LIMIT 1 OFFSET ?", (at, CHUNK)
            ).fetchone()
            at = at and at[0]
            if at is not None:
                cuts.append(at)
        return list(zip([-(2**63), *cuts], [c - 1 for c in cuts] + [2**63 - 1], strict=True))

    def _one_by_one(
        self, spans, sql: tuple[str, str], params: dict, done: Callable[[], None], helper
    ) -> Items:
        """The spans' items in id order (the helper's from it); `done` when the last is read
        or the reader stops."""
        try:
            for k, (lo, hi) in enumerate(spans):
                if helper is not None and k % 4:
                    item = helper.next(lo)
                else:
                    item = _read_span(self.conn, sql, params, lo, hi)
                if item is not None:
                    yield item
                if item.__class__ is int:
                    return
        finally:
            done()


class _Helper:
    """A forked process reading spans on its own connection, in order, each one's item
    written to a temporary file (so it never waits for this one) and announced down a pipe:
    b"T" text (its records joined, and how many), b"R" rows (pickled), b"E" SQLite could not
    read the span, b"N" no audition in it."""

    _HEAD = struct.Struct("!cqqq")  # kind, how many (or the span's first id), where, bytes

    def __init__(self, pid: int, fd: int, spool):
        self.pid, self.fd, self.spool = pid, fd, spool

    @classmethod
    def start(cls, path: Path, spans, sql: tuple[str, str], params: dict) -> _Helper | None:
        """The helper, once it is reading in its snapshot; None when it could not begin."""
        import tempfile  # lazy: only a large export has a helper

        opened: list = []
        try:  # no room for the file, no process left: this one reads alone
            spool = tempfile.TemporaryFile()  # noqa: SIM115 - closed by close(); gone with its last descriptor
            opened.append(spool)
            r, w = os.pipe()
            opened += [r, w]
            pid = os.fork()
        except OSError:
            for f in opened:
                with contextlib.suppress(OSError):
                    if isinstance(f, int):
                        os.close(f)
                    else:
                        f.close()
            return None
        if pid == 0:  # the helper: SQLite, the file and the pipe only, then gone at once
            code = 1
            try:
                os.close(r)
                gc.disable()  # never finalise the parent's objects (its journal) here
                _help(path, spans, sql, params, w, spool.fileno())
                code = 0
            finally:
                os._exit(code)
        os.close(w)
        helper = cls(pid, r, spool)
        try:
            if helper._read(1) == b"R":
                return helper
        except (OSError, EOFError):
            pass
        helper.close()
        return None

    def next(self, lo: int) -> Item | None:
        """The next span's item; a helper that stopped without it leaves the rest, from `lo`,
        to the record-by-record path."""
        try:
            kind, n, where, size = self._HEAD.unpack(self._read(self._HEAD.size))
            body = os.pread(self.spool.fileno(), size, where)
            if len(body) != size:
                return lo
        except (OSError, struct.error, EOFError):
            return lo
        if kind == b"T":
            return body.decode(), n
        if kind == b"R":
            return pickle.loads(body)  # noqa: S301 - our own child's rows
        if kind == b"E":
            return n
        return None

    def _read(self, size: int) -> bytes:
        parts, left = [], size
        while left:
            got = os.read(self.fd, left)
            if not got:
                raise EOFError
            parts.append(got)
            left -= len(got)
        return b"".join(parts)

    def close(self) -> None:
        with contextlib.suppress(OSError):
            os.kill(self.pid, signal.SIGKILL)
        with contextlib.suppress(OSError):
            os.waitpid(self.pid, 0)
        with contextlib.suppress(OSError):
            os.close(self.fd)
        self.spool.close()


def _help(path: Path, spans, sql: tuple[str, str], params: dict, fd: int, spool: int) -> None:
    """The helper's work: begin reading (b"R"), then each span's item into the file and its
    heading down the pipe."""

    def send(data: bytes) -> None:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]

    conn = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True, isolation_level=None)
    _begin(conn)
    send(b"R")
    head, at = _Helper._HEAD, 0
    for lo, hi in spans:
        item = _read_span(conn, sql, params, lo, hi)
        kind, n, body = b"N", 0, b""
        if item.__class__ is int:
            kind, n = b"E", lo
        elif item.__class__ is tuple:
            kind, n, body = b"T", item[1], item[0].encode()
        elif item is not None:
            kind, body = b"R", pickle.dumps(item)
        view = memoryview(body)
        while view:
            view = view[os.pwrite(spool, view, at + len(body) - len(view)) :]
        send(head.pack(kind, n, at, len(body)))
        at += len(body)
        if kind == b"E":
            return


def _read_span(conn: sqlite3.Connection, sql: tuple[str, str], params: dict, lo: int, hi: int) -> Item | None:
    """The span's item (see Item); None when it holds no audition."""
    cursor = conn.cursor()
    cursor.row_factory = None
    try:
        text, n, whole = cursor.execute(sql[0], {**params, "lo": lo, "hi": hi}).fetchone()
        if not n:
            return None
        if whole == n:
            return text, n
        return cursor.execute(sql[1], {**params, "lo": lo, "hi": hi}).fetchall()
    except sqlite3.Error:
        return lo
    finally:
        cursor.close()


def _begin(conn: sqlite3.Connection) -> None:
    """A read transaction, its snapshot taken now."""
    conn.execute("BEGIN")
    conn.execute("SELECT 1 FROM auditions LIMIT 1").fetchall()


def _end(conn: sqlite3.Connection) -> None:
    """End the connection's read transaction."""
    try:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
    except sqlite3.Error:
        pass
