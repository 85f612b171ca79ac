"""Export built by SQLite (store/exporting.py) gives byte for byte what the record-by-record
path gives (models.to_record + json / render.export.csv_row), and leaves every journal it
might print otherwise to that path: the real command, the store and the journal directly."""

from __future__ import annotations

import io
import json
import random
import sqlite3
from datetime import date

import pytest

from callback_cli import models
from callback_cli.filters import Filter
from callback_cli.journal import Journal
from callback_cli.render import export as writer
from callback_cli.store import Store

TODAY = date(2026, 11, 24)

# text that JSON escapes, CSV quotes, a spreadsheet would run, or that is far from ASCII
ODD_TEXT = [
    'say "hi", then\\leave',
    "tab\there\nnew line",
    "".join(chr(c) for c in range(1, 32) if c != 13),
    "carriage\rreturn",
    "\x7f \u2028 \u2029 \ufeff é ß Ünïcode 日本 😀",
    "=SUM(A1)",
    "'+1 (555)",
    "''@home",
    "-dash",
    "plain",
    "",
    "50% off; a_b",
]


def _fill(j: Journal) -> None:
    rnd = random.Random(7)
    conn = j.store.conn
    for n in range(60):
        text = ODD_TEXT[n % len(ODD_TEXT)] or None
        aid = j.add(
            {
                "date": f"2026-{n % 12 + 1:02d}-{n % 28 + 1:02d}",
                "project": (text or "P") + str(n),
                "role": text,
                "casting": ODD_TEXT[(n + 3) % len(ODD_TEXT)] or None,
                "notes": text,
                "rating": n % 5 + 1 if n % 3 else None,
                "type": models.TYPES[n % len(models.TYPES)] if n % 4 else None,
                "format": models.FORMATS[n % 3] if n % 5 else None,
                "time": f"{n % 24:02d}:{n % 60:02d}" if n % 2 else None,
                "tape_due": ("2026-12-01", "2026-12-01T17:30", None)[n % 3],
            },
            [t for t in ("drama", "period", "x-" + str(n % 3)) if rnd.random() < 0.5],
        )
        for k in range(n % 3):
            day = date(2026, n % 12 + 1, n % 28 + 1).replace(day=28)
            j.mark(aid, models.STATUSES[(n + k) % len(models.STATUSES)], day, ODD_TEXT[k] or None, "10:15")
        for _ in range(n % 4):
            j.spend(aid, rnd.choice([1, 5, 99, 100, 101, 1250, 1999, 123456789, 10**13 - 1]), text, TODAY)
    # miles as another program may have written them: whole, tenths, long fractions, tiny
    miles = [None, 0, 12, 12.0, 12.5, 0.1 + 0.2, 1e-05, 611494488.0494471, 999999999.9, -0.0]
    for n, value in enumerate(miles, 1):
        conn.execute("UPDATE auditions SET miles = ? WHERE id = ?", (value, n))


@pytest.fixture
def journal(tmp_path):
    store = Store.open(tmp_path / "j.db", create=True)
    j = Journal(store, TODAY, 14)
    _fill(j)
    yield j
    store.close()


def _record_path(j: Journal, fmt: str) -> str:
    out = io.StringIO()
    writer.write(j.all_records(), fmt, out)
    return out.getvalue()


def _sql_path(j: Journal, fmt: str) -> str:
    out = io.StringIO()
    if fmt == "csv":
        lines = j.export_csv(writer.CSV_FIELDS, writer.SEPARATOR[fmt])
        assert lines is not None
        n = writer.write_lines(lines, out)
    else:
        texts = j.export_json(writer.SEPARATOR[fmt])
        assert texts is not None
        n = writer.write_texts(texts, fmt, out)
    assert n == j.count(Filter())
    return out.getvalue()


@pytest.mark.parametrize("fmt", ["jsonl", "json", "csv"])
def test_sql_and_records_write_the_same_bytes(journal, fmt):
    # carriage returns, quotes, commas, formulas and tags that start like one included
    journal.store.conn.execute(
        "INSERT INTO tags (audition_id, tag) VALUES (1, '=x'), (2, 'a,\"b'), (3, 'c' || char(13))"
    )
    assert _sql_path(journal, fmt) == _record_path(journal, fmt)


@pytest.mark.parametrize("fmt", ["jsonl", "json", "csv"])
def test_an_empty_journal(tmp_path, fmt):
    store = Store.open(tmp_path / "j.db", create=True)
    j = Journal(store, TODAY, 14)
    assert _sql_path(j, fmt) == _record_path(j, fmt)
    store.close()


def test_every_amount_prints_as_python_prints_it(journal):
    conn = journal.store.conn
    rnd = random.Random(3)
    cents = list(range(0, 20000)) + [rnd.randrange(10**13) for _ in range(20000)]
    conn.execute("DELETE FROM expenses")
    conn.executemany(
        "INSERT INTO expenses (audition_id, date, cents, what, created_at) VALUES (1, '2026-11-01', ?, NULL, "
        "'2026-11-01T10:00:00Z')",
        [(c,) for c in cents],
    )
    assert _sql_path(journal, "jsonl") == _record_path(journal, "jsonl")


# values SQLite and Python might not read alike; what the fast path takes must all be valid
DAYS = [
    f"{y:04d}-{m:02d}-{d:02d}"
    for y in (1899, 1900, 2023, 2024, 2100, 2200, 2201)
    for m in (0, 1, 2, 12, 13)
    for d in (0, 1, 28, 29, 30, 31, 32)
] + ["2026-W47-2", "20261124", "2026-1-01", "２０２６-11-01", " 2026-11-24", "2026-11-24 ", 20261124, None]
STAMPS = [
    f"{d}T{h}:{m}:{s}Z"
    for d in ("2026-11-24", "2026-02-30", "2023-02-29", "1899-12-31", "2201-01-01")
    for h in ("00", "23", "24")
    for m in ("00", "59", "60")
    for s in ("00", "59", "60")
] + ["2026-11-24 10:00:00Z", "2026-11-24T10:00:00+00:00", "2026-11-24T10:00:00.5Z", "2026-11-24", None, 5]
CLOCKS = ["00:00", "23:59", "24:00", "12:60", "1:00", "01:0a", "²1:00", "12:00:00", 1200, b"12:00"]
DUES = ["2026-12-01", "2026-02-30", "2026-12-01T17:30", "2026-12-01T24:00", "2026-12-01 17:30", "2026-12-01T"]
POISONS = (
    [("auditions", c, v) for c in ("date", *models.DERIVED_DAYS) for v in DAYS]
    + [("auditions", c, v) for c in ("created_at", "updated_at") for v in STAMPS]
    + [("auditions", "time", v) for v in CLOCKS]
    + [("auditions", "tape_due", v) for v in DUES]
    + [("auditions", "miles", v) for v in (-1, 1e9, "far", b"x", 5)]
    + [("auditions", "rating", v) for v in (0, 6, 2.0, "3", 3)]
    + [("auditions", "type", v) for v in ("movie", "TV", 1, "tv")]
    + [("auditions", "status", v) for v in ("won", "auditioned", None)]
    + [("auditions", "project", v) for v in ("", 5, b"x", None, "ok")]
    + [("auditions", c, v) for c in ("notes", "role", "uid") for v in (5, 1.5, b"x", "ok")]
    + [("events", "date", v) for v in DAYS[:20]]
    + [("events", "status", v) for v in ("auditioned", "won", "booked")]
    + [("events", "time", v) for v in CLOCKS]
    + [("events", "note", v) for v in (5, b"x", "ok")]
    + [("expenses", "cents", v) for v in (-1, 10**13, 2.5, "abc", 250)]
    + [("expenses", "date", v) for v in DAYS[:20]]
    + [("tags", "tag", v) for v in (5, b"x", "ok")]
)


def _problem(j: Journal) -> tuple | None:
    """What the record path finds wrong with the journal (or None)."""
    try:
        for _ in j.all_records():
            pass
    except Exception as exc:  # noqa: BLE001 - any refusal counts: the fast path must not run then
        return (type(exc).__name__, str(exc))
    return None


def test_the_fast_path_never_takes_a_value_the_record_path_refuses(tmp_path):
    store = Store.open(tmp_path / "j.db", create=True)
    j = Journal(store, TODAY, 14)
    aid = j.add({"date": "2026-03-02", "project": "Night Shift", "notes": "fine"}, ["drama"])
    j.mark(aid, "callback", date(2026, 3, 9), "read", "10:00")
    j.spend(aid, 1250, "parking", date(2026, 3, 2))
    conn = store.conn
    taken = 0
    for table, column, value in POISONS:
        conn.execute("SAVEPOINT p")
        try:
            conn.execute(f"UPDATE {table} SET {column} = ?", (value,))
        except sqlite3.IntegrityError:  # the schema itself refuses it (NOT NULL, CHECK)
            conn.execute("ROLLBACK TO p")
            conn.execute("RELEASE p")
            continue
        for csv in (False, True):
            if j.store.exporting.plain(csv=csv):
                taken += 1
                assert _problem(j) is None, (table, column, value)
                fmt = "csv" if csv else "jsonl"
                assert _sql_path(j, fmt) == _record_path(j, fmt), (table, column, value)
        conn.execute("ROLLBACK TO p")
        conn.execute("RELEASE p")
    assert taken > 40  # the valid ones among them do take the fast path
    store.close()


def test_what_only_csv_leaves_to_the_record_path(journal):
    """A NUL in free text: printf would stop there, so CSV leaves the journal to the record
    path; JSON escapes it. A carriage return or a tag that starts like a formula is the fast
    path's own work now."""
    conn = journal.store.conn
    assert journal.store.exporting.plain(csv=True) and journal.store.exporting.plain()
    for table, column, where in [
        ("auditions", "notes", "id = 1"),
        ("auditions", "uid", "id = 2"),
        ("events", "note", "id = (SELECT min(id) FROM events)"),
        ("expenses", "what", "id = (SELECT min(id) FROM expenses)"),
        ("tags", "tag", "(audition_id, tag) = (SELECT audition_id, tag FROM tags LIMIT 1)"),
    ]:
        conn.execute("SAVEPOINT p")
        conn.execute(f"UPDATE {table} SET {column} = 'a' || char(0) || 'b' WHERE {where}")
        assert not journal.store.exporting.plain(csv=True), (table, column)
        assert journal.store.exporting.plain(), (table, column)
        assert _sql_path(journal, "jsonl") == _record_path(journal, "jsonl")
        conn.execute("ROLLBACK TO p")
        conn.execute("RELEASE p")
    conn.execute("UPDATE auditions SET notes = 'a' || char(13) || 'b' WHERE id = 1")
    conn.execute("INSERT INTO tags (audition_id, tag) VALUES (1, '=x')")
    assert journal.store.exporting.plain(csv=True)
    assert _sql_path(journal, "csv") == _record_path(journal, "csv")


# ---- the real command ----------------------------------------------------------------------
def _expected(db, fmt: str) -> str:
    store = Store.open(db)
    try:
        return _record_path(Journal(store, TODAY, 14), fmt)
    finally:
        store.close()


def _file(cli, tmp_path, fmt: str) -> str:
    out = tmp_path / f"out.{fmt}"
    out.unlink(missing_ok=True)
    cli("export", f"--{fmt}", "-o", out)
    with open(out, encoding="utf-8", newline="") as fh:  # every \r as written
        return fh.read()


@pytest.mark.parametrize("fmt", ["jsonl", "json", "csv"])
def test_the_command_writes_what_the_records_say(cli, db_path, tmp_path, fmt, monkeypatch):
    monkeypatch.setenv("CALLBACK_TODAY", TODAY.isoformat())
    store = Store.open(db_path, create=True)
    _fill(Journal(store, TODAY, 14))
    store.close()
    expected = _expected(db_path, fmt)
    assert _file(cli, tmp_path, fmt) == expected
    if fmt != "csv":
        records = (
            [json.loads(line) for line in expected.split("\n")[:-1]]
            if fmt == "jsonl"
            else json.loads(expected)
        )
        assert [r["id"] for r in records] == list(range(1, 61))
    # standard output too (the test runner reads it with universal newlines: no \r there)
    conn = sqlite3.connect(db_path)
    for column in ("project", "role", "casting", "notes"):
        conn.execute(f"UPDATE auditions SET {column} = replace({column}, char(13), '')")
    conn.execute("UPDATE events SET note = replace(note, char(13), '')")
    conn.execute("UPDATE expenses SET what = replace(what, char(13), '')")
    conn.commit()
    conn.close()
    assert cli("export", f"--{fmt}").stdout == _expected(db_path, fmt)


def test_a_value_left_to_the_record_path_exports_the_same(cli, db_path, tmp_path, monkeypatch):
    """A stamp in another form (valid, but not the journal's own) and a carriage return:
    the record path writes the export, as before."""
    monkeypatch.setenv("CALLBACK_TODAY", TODAY.isoformat())
    cli.add("Night Shift", "--date", "2026-03-02", "--note", "line\r\nend")
    conn = sqlite3.connect(db_path)
    conn.execute("UPDATE auditions SET created_at = '2026-03-02T10:00:00+00:00'")
    conn.commit()
    conn.close()
    for fmt in ("jsonl", "json", "csv"):
        assert _file(cli, tmp_path, fmt) == _expected(db_path, fmt)


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_the_check_and_the_rows_read_one_snapshot(tmp_path, monkeypatch, fmt):
    """Another program writes a value the record path refuses just after the check passed:
    the rows are read from the journal as it was checked, never with that value."""
    from callback_cli.store.exporting import Exporting

    path = tmp_path / "j.db"
    store = Store.open(path, create=True)
    j = Journal(store, TODAY, 14)
    for n in range(1500):  # more than one fetch of rows
        j.add({"date": "2026-03-02", "project": f"P{n}"})
    before = _record_path(j, fmt)
    real = _a_write_after_the_check(monkeypatch, path)
    assert _sql_path(j, fmt) == before
    monkeypatch.setattr(Exporting, "plain", real)
    assert _problem(j) is not None  # the value is there now, and the record path names it
    store.close()


@pytest.mark.parametrize("table, column", [("auditions", "notes"), ("events", "note"), ("tags", "tag")])
def test_a_value_sqlite_cannot_print_leaves_the_journal_to_the_record_path(journal, table, column):
    # bytes, not text, in one row (a tag is unique per audition)
    one = {
        "auditions": "id = 40",
        "events": "id = (SELECT max(id) FROM events)",
        "tags": "(audition_id, tag) = (SELECT audition_id, tag FROM tags LIMIT 1)",
    }[table]
    journal.store.conn.execute(f"UPDATE {table} SET {column} = X'1b5b' WHERE {one}")
    assert journal.export_json("\n") is None
    assert journal.export_csv(writer.CSV_FIELDS, "\n") is None
    assert _problem(journal) is not None  # which names it


@pytest.mark.parametrize("with_helper", [False, True])
@pytest.mark.parametrize("fmt", ["jsonl", "json", "csv"])
def test_a_span_sqlite_cannot_read_is_left_to_the_record_path(journal, monkeypatch, fmt, with_helper):
    """Text that is not UTF-8 in audition 40: the spans before it are SQLite's, the rest is read
    record by record, which writes what it can and names the row, as it always has."""
    from callback_cli.store import exporting

    monkeypatch.setattr(exporting, "CHUNK", 7)
    monkeypatch.setattr(exporting, "HELPER_FROM", 0 if with_helper else 10**9)
    journal.store.conn.execute("UPDATE auditions SET notes = CAST(X'66ff6f' AS TEXT) WHERE id = 40")

    def written(path) -> tuple[str, str]:
        out = io.StringIO()
        try:
            if path == "records":
                writer.write(journal.all_records(), fmt, out)
            elif fmt == "csv":
                writer.write_lines(journal.export_csv(writer.CSV_FIELDS, "\n"), out)
            else:
                writer.write_texts(journal.export_json(writer.SEPARATOR[fmt]), fmt, out)
        except Exception as exc:  # noqa: BLE001 - the same refusal either way
            return out.getvalue(), str(exc)
        return out.getvalue(), ""

    fast, records = written("fast"), written("records")
    assert fast == records
    assert "decode" in records[1]
    assert ('"id": 39' if fmt != "csv" else "\n39,") in records[0]  # what came before is written


# ---- a large journal: a forked helper reads three spans in four, on the same snapshot --------
@pytest.fixture
def helper(monkeypatch):
    """The helper from any size on, spans of 7: the large-journal path on a few dozen
    auditions. Lists each helper that began reading."""
    from callback_cli.store import exporting

    monkeypatch.setattr(exporting, "HELPER_FROM", 0)
    monkeypatch.setattr(exporting, "CHUNK", 7)
    started = []
    real = exporting._Helper.start.__func__

    def start(cls, *args):
        got = real(cls, *args)
        started.append(got is not None)
        return got

    monkeypatch.setattr(exporting._Helper, "start", classmethod(start))
    return started


@pytest.mark.parametrize("fmt", ["jsonl", "json", "csv"])
def test_a_helper_writes_the_same_bytes(journal, helper, fmt):
    journal.store.conn.execute("DELETE FROM auditions WHERE id IN (5, 6, 7, 8, 30)")  # gaps in the ids
    assert _sql_path(journal, fmt) == _record_path(journal, fmt)
    assert helper == [True]


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_the_helper_reads_the_snapshot_the_check_reads(tmp_path, monkeypatch, helper, fmt):
    """Another program writes a value the record path refuses while the check runs: the
    helper began reading before it, and never sees it."""
    from callback_cli.store.exporting import Exporting

    path = tmp_path / "j.db"
    store = Store.open(path, create=True)
    j = Journal(store, TODAY, 14)
    for n in range(60):
        j.add({"date": "2026-03-02", "project": f"P{n}"})
    before = _record_path(j, fmt)
    real = _a_write_after_the_check(monkeypatch, path)
    assert _sql_path(j, fmt) == before
    assert helper == [True]
    monkeypatch.setattr(Exporting, "plain", real)
    assert _problem(j) is not None  # the value is there now
    store.close()


def test_a_write_while_the_helper_begins_leaves_the_export_to_one_reader(tmp_path, monkeypatch, helper):
    """A write committed after the helper began reading but before this process did:
    data_version tells, the helper is sent away, and the export is the journal as it is now."""
    import os

    from callback_cli.store import exporting

    path = tmp_path / "j.db"
    store = Store.open(path, create=True)
    j = Journal(store, TODAY, 14)
    for n in range(60):
        j.add({"date": "2026-03-02", "project": f"P{n}"})
    parent, real = os.getpid(), exporting._begin

    def begin_after_a_write(conn):
        if os.getpid() == parent:  # the helper (a fork) begins as it would
            other = sqlite3.connect(path)
            other.execute("UPDATE auditions SET project = 'Changed' WHERE id = 3")
            other.commit()
            other.close()
        real(conn)

    monkeypatch.setattr(exporting, "_begin", begin_after_a_write)
    out = _sql_path(j, "jsonl")
    assert helper == [True]  # it began, and was sent away
    assert '"project": "Changed"' in out
    monkeypatch.setattr(exporting, "_begin", real)
    assert out == _record_path(j, "jsonl")
    store.close()


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_a_helper_that_stops_leaves_the_rest_to_the_record_path(journal, monkeypatch, helper, fmt):
    import os

    from callback_cli.store import exporting

    def began_then_gone(path, spans, sql, params, fd, spool):
        conn = sqlite3.connect(path)
        exporting._begin(conn)
        os.write(fd, b"R")

    monkeypatch.setattr(exporting, "_help", began_then_gone)
    assert _sql_path(journal, fmt) == _record_path(journal, fmt)
    assert helper == [True]


def test_no_process_left_for_a_helper_leaves_the_export_to_one_reader(journal, monkeypatch, helper):
    import os

    def no_fork():
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", no_fork)
    assert _sql_path(journal, "jsonl") == _record_path(journal, "jsonl")
    assert helper == [False]


def _a_write_after_the_check(monkeypatch, path):
    """Have another program write a value the journal cannot hold (2026-02-30) right after
    the export's check has passed; returns the check as it was, to put back."""
    from callback_cli.store.exporting import Exporting

    real = Exporting.plain

    def plain_then_a_write(self, csv=False):
        passed = real(self, csv=csv)
        other = sqlite3.connect(path)
        other.execute("UPDATE auditions SET date = '2026-02-30'")
        other.commit()
        other.close()
        return passed

    monkeypatch.setattr(Exporting, "plain", plain_then_a_write)
    return real
