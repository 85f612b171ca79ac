"""Export built in SQL: each record's JSON text, or its CSV cells, made by SQLite in one pass.

An export of 100,000 auditions spent most of its time building a dict per record and
encoding it in Python; here SQLite writes the text and Python only writes the lines. The
output is byte for byte what `models.to_record` + `json` (or `render.export.csv_row`) give:
keys in models.RECORD_KEYS order, `json.dumps`' separators, strings through `json_quote`
(which escapes exactly what Python's encoder escapes with ensure_ascii=False), numbers as
Python prints them (miles is handed to Python to print; an amount of cents / 100 has at most
13 digits, which SQLite and Python print alike).

That holds for values the journal can hold. The reading side checks every row
(models.row_problem and its kin) and names the first bad value; `plain` tells whether the
fast path may run: when anything is out of the ordinary (a value a check would refuse, or
one this SQL might print otherwise), the caller takes the record-by-record path instead,
which gives the same output or the same error.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

from callback_cli import models
from callback_cli.checks import FIRST_DAY, LAST_DAY
from callback_cli.store.errors import translate, translated

# ---- what the fast path accepts: a subset of what models.row_problem and kin accept --------


def _day(x: str) -> str:
    # date(julianday()): SQLite's date() alone takes 2026-02-30 as it is
    return (
        f"(typeof({x}) = 'text' AND length({x}) = 10 AND {x} BETWEEN '{FIRST_DAY}' AND '{LAST_DAY}' "
        f"AND date(julianday({x})) IS {x})"
    )


def _clock(x: str) -> str:
    return f"({x} GLOB '[0-2][0-9]:[0-5][0-9]' AND {x} < '24')"


def _stamp(x: str) -> str:
    # the journal's own form only (YYYY-MM-DDTHH:MM:SSZ, a real time: SQLite would write an
    # impossible one otherwise, so the day and hour are checked too); any other form is left to Python
    return (
        f"(strftime('%Y-%m-%dT%H:%M:%SZ', {x}) IS {x} AND substr({x}, 12, 2) < '24' "
        f"AND date(julianday(substr({x}, 1, 10))) IS substr({x}, 1, 10) "
        f"AND {x} BETWEEN '{FIRST_DAY}' AND '{LAST_DAY}T23:59:59Z')"
    )


def _text(x: str) -> str:
    return f"typeof({x}) IN ('text', 'null')"


def _among(x: str, values) -> str:
    return f"{x} IN ({', '.join(repr(v) for v in values)})"


_PLAIN_AUDITION = " AND ".join(
    [
        "typeof(uid) = 'text'",
        _day("date"),
        "typeof(project) = 'text' AND length(project) > 0",
        "(rating IS NULL OR (typeof(rating) = 'integer' AND rating BETWEEN 1 AND 5))",
        f"(type IS NULL OR {_among('type', models.TYPES)})",
        f"(format IS NULL OR {_among('format', models.FORMATS)})",
        _among("status", models.ALL_STATUSES),
        *(f"({c} IS NULL OR {_day(c)})" for c in models.DERIVED_DAYS),
        _stamp("created_at"),
        _stamp("updated_at"),
        f"(time IS NULL OR {_clock('time')})",
        f"(tape_due IS NULL OR {_day('tape_due')} OR (length(tape_due) = 16 AND "
        f"{_day('substr(tape_due, 1, 10)')} AND substr(tape_due, 11, 1) = 'T' AND "
        f"{_clock('substr(tape_due, 12)')}))",
        "(miles IS NULL OR (typeof(miles) IN ('integer', 'real') AND miles >= 0 AND miles < 1e9))",
        *(_text(c) for c in models.TEXT_FIELDS),
    ]
)
_PLAIN_EVENT = " AND ".join(
    [_among("status", models.STATUSES), _day("date"), _text("note"), f"(time IS NULL OR {_clock('time')})"]
)
_PLAIN_EXPENSE = " AND ".join(
    [_day("date"), "typeof(cents) = 'integer' AND cents >= 0 AND cents < 10000000000000", _text("what")]
)
_TEXT_COLUMNS = ("uid", *models.TEXT_FIELDS, "status", "created_at", "updated_at")
_HAS_CR = " OR ".join(f"instr({c}, char(13))" for c in _TEXT_COLUMNS)


# ---- the pieces of a record ----------------------------------------------------------------
def _list(select: str, order: str) -> str:
    """A JSON list of the rows' JSON texts `o`, as json.dumps writes it, `[]` when none."""
    return f"coalesce((SELECT '[' || group_concat(o, ', ') || ']' FROM ({select} ORDER BY {order})), '[]')"


def _members(pairs: list[tuple[str, str]]) -> str:
    """`"key": value, ...` from (key, SQL giving the value's JSON text) pairs."""
    return " || ', ' || ".join(f"'\"{key}\": ' || {value}" for key, value in pairs)


def _object(pairs: list[tuple[str, str]]) -> str:
    return f"'{{' || {_members(pairs)} || '}}'"


_AMOUNT = "CASE WHEN cents % 100 THEN CAST(cents / 100.0 AS TEXT) ELSE CAST(cents / 100 AS TEXT) END"
_EVENTS = _list(
    "SELECT "
    + _object([(k, f"json_quote({k})") for k in ("status", "date", "time", "note")])
    + " o FROM events WHERE audition_id = a.id",
    "date, id",
)
_EXPENSES = _list(
    "SELECT "
    + _object([("date", "json_quote(date)"), ("amount", _AMOUNT), ("what", "json_quote(what)")])
    + " o FROM expenses WHERE audition_id = a.id",
    "date, id",
)
_TAGS = _list("SELECT json_quote(tag) o FROM tags WHERE audition_id = a.id", "tag")
_LAST = "coalesce(a.last_date, a.date)"
_WORKED_OUT = {
    "tags": _TAGS,
    "expenses": _EXPENSES,
    "events": _EVENTS,
    "advanced": "CASE WHEN a.advanced_on <= :today THEN 'true' ELSE 'false' END",
    "upcoming": "CASE WHEN a.date > :today THEN 'true' ELSE 'false' END",
    "stale": (
        f"CASE WHEN {_among('a.status', models.OPEN)} AND {_LAST} <= :today "
        f"AND julianday(:today) - julianday({_LAST}) >= :stale THEN 'true' ELSE 'false' END"
    ),
}


def _record_sql() -> str:
    """SELECT (the JSON text before miles, miles, the text after it) of every audition."""
    at = models.RECORD_KEYS.index("miles")
    before, after = (
        [(k, _WORKED_OUT.get(k, f"json_quote(a.{k})")) for k in keys]
        for keys in (models.RECORD_KEYS[:at], models.RECORD_KEYS[at + 1 :])
    )
    head = f"'{{' || {_members(before)} || ', \"miles\": '"
    tail = f"', ' || {_members(after)} || '}}'"
    return f"SELECT {head}, a.miles, {tail} FROM auditions a ORDER BY a.id"


def _neutral(x: str) -> str:
    """render.export.neutralise in SQL: a ' before text a spreadsheet would run as a formula."""
    starts = "('=', '+', '-', '@', char(9), char(13))"
    return (
        f"CASE WHEN substr({x}, 1, 1) IN ('=', '+', '-', '@', char(9), char(13), '''') "
        f"AND substr(ltrim({x}, ''''), 1, 1) IN {starts} THEN '''' || {x} ELSE {x} END"
    )


# the CSV cells that can hold free text: the others hold dates, fixed words, numbers, or JSON
# lists (starting with "["), which no spreadsheet reads as a formula; tags are free text too,
# but plain() leaves a journal with a tag that starts like a formula to the slow path
_FREE_TEXT = frozenset(c for c in models.TEXT_FIELDS if c not in ("type", "format")) | {"uid"}
_RISKY_TAG = "substr(tag, 1, 1) IN ('=', '+', '-', '@', char(9), char(13), '''')"


def _csv_sql(fields) -> str:
    """SELECT the cells of render.export.csv_row, in `fields` order, neutralised. `+status`:
    an audition's events are found through events_audition, never events_status."""
    cells = {
        "miles": "CASE WHEN a.miles = CAST(a.miles AS INTEGER) THEN CAST(a.miles AS INTEGER) "
        "ELSE a.miles END",
        "tags": "coalesce((SELECT group_concat(tag, '; ') FROM (SELECT tag FROM tags "
        "WHERE audition_id = a.id ORDER BY tag)), '')",
        "expenses": f"nullif({_EXPENSES}, '[]')",
        "events": f"coalesce(nullif({_EVENTS}, '[]'), '')",
        "status_date": "(SELECT date FROM events WHERE audition_id = a.id AND +status = a.status "
        "ORDER BY date DESC, id DESC LIMIT 1)",
        "callback_dates": "coalesce((SELECT group_concat(date, '; ') FROM (SELECT date FROM events "
        "WHERE audition_id = a.id AND +status = 'callback' ORDER BY date, id)), '')",
        "booked_date": "(SELECT date FROM events WHERE audition_id = a.id AND +status = 'booked' "
        "ORDER BY date, id LIMIT 1)",
    }
    columns = [cells.get(f) or (_neutral(f"a.{f}") if f in _FREE_TEXT else f"a.{f}") for f in fields]
    return f"SELECT {', '.join(columns)} FROM auditions a ORDER BY a.id"


@translated
class Exporting:
    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn

    def plain(self, csv: bool = False) -> bool:
        """Whether every row holds only values the fast path prints as Python would (and, for
        CSV, no carriage return, which the writer quotes by hand)."""
        checks = [
            f"SELECT 1 FROM auditions WHERE NOT ({_PLAIN_AUDITION})",
            f"SELECT 1 FROM events WHERE NOT ({_PLAIN_EVENT})",
            f"SELECT 1 FROM expenses WHERE NOT ({_PLAIN_EXPENSE})",
            "SELECT 1 FROM tags WHERE typeof(tag) != 'text'",
        ]
        if csv:
            checks += [
                f"SELECT 1 FROM auditions WHERE {_HAS_CR}",
                "SELECT 1 FROM events WHERE instr(note, char(13))",
                "SELECT 1 FROM expenses WHERE instr(what, char(13))",
                f"SELECT 1 FROM tags WHERE instr(tag, char(13)) OR {_RISKY_TAG}",
            ]
        sql = "SELECT " + " OR ".join(f"EXISTS ({c})" for c in checks)
        return not self.conn.execute(sql).fetchone()[0]

    def json_parts(self, today: str, stale_days: int) -> Iterator[tuple[str, object, str]]:
        """(the record's JSON before miles, miles, the JSON after it) of every audition, by id."""
        return _rows(self.conn, _RECORD, {"today": today, "stale": stale_days})

    def csv_cells(self, fields) -> Iterator[tuple]:
        """The CSV cells of every audition, by id, in `fields` order (render.export.CSV_FIELDS)."""
        return _rows(self.conn, _csv_sql(fields))


def _rows(conn: sqlite3.Connection, sql: str, params=()) -> Iterator[tuple]:
    """A query's rows, a thousand at a time, its errors the project's own. Never `yield from`
    the cursor: a reader that stops early (a closed pipe) would have the cursor closed when
    this is finalised, after the journal is."""
    cursor = conn.cursor()
    cursor.row_factory = None
    try:
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(1000):
            yield from rows
    except sqlite3.Error as exc:
        raise translate(exc) from None


_RECORD = _record_sql()
