"""The fast export (store/exporting.py) is exactly as strict as the record-by-record path:
every value the record path refuses sends the export there (which names it), and the
calendar's edge cases it takes are printed byte for byte as the record path prints them.
Through the real command on the real SQLite file, and the store's check directly."""

from __future__ import annotations

import io
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from conftest import TODAY as CONFTEST_TODAY  # the day the command runs on

from callback_cli.journal import Journal
from callback_cli.render import export as writer
from callback_cli.store import Store

TODAY = date.fromisoformat(CONFTEST_TODAY)
FORMATS = ("jsonl", "json", "csv")


def _journal(cli) -> None:
    """Three auditions with every table in use; the one the tests change is audition 2."""
    cli("add", "First", "--date", "2026-03-01", "--tag", "drama", "-q")
    cli("add", "Night Shift", "--date", "2026-03-02", "--tag", "period", "--note", 'a, "quoted" note', "-q")
    cli("mark", "2", "callback", "--date", "2026-03-09", "--note", "read well")
    cli("spend", "2", "12.50", "parking")
    cli("add", "Third", "--date", "2026-03-03", "-q")


def _set(db: Path, sql: str) -> None:
    conn = sqlite3.connect(db)
    conn.execute(sql)
    conn.commit()
    conn.close()


def _records(db: Path, fmt: str) -> str:
    """What the record-by-record path writes for the journal (or raises)."""
    store = Store.open(db)
    try:
        out = io.StringIO()
        writer.write(Journal(store, TODAY, 14).all_records(), fmt, out)
        return out.getvalue()
    finally:
        store.close()


def _plain(db: Path, csv: bool) -> bool:
    store = Store.open(db)
    try:
        return store.exporting.plain(csv=csv)
    finally:
        store.close()


# values the record path refuses, each one the checks must catch (audition 2's row, event,
# expense or tag): impossible days, a leap day in a year without one, an hour 24, a NUL
# after a good value, BLOBs
A = "UPDATE auditions SET {} WHERE id = 2"
REFUSED = [
    (A.format("date = '2026-02-30'"), "date '2026-02-30'"),
    (A.format("date = '2026-02-29'"), "date '2026-02-29'"),
    (A.format("date = '1900-02-29'"), "date '1900-02-29'"),
    (A.format("date = '2026-04-31'"), "date '2026-04-31'"),
    (A.format("date = '2026-11-24' || char(0) || 'x'"), "date '2026-11-24\\x00x'"),
    (A.format("last_date = '2100-02-29'"), "last_date '2100-02-29'"),
    (A.format("advanced_on = '2026-13-01'"), "advanced_on '2026-13-01'"),
    (
        "UPDATE auditions SET created_at = '2026-11-24T24:00:00Z' WHERE id = 2",
        "created_at '2026-11-24T24:00:00Z'",
    ),
    (
        "UPDATE auditions SET updated_at = '2026-02-30T10:00:00Z' WHERE id = 2",
        "updated_at '2026-02-30T10:00:00Z'",
    ),
    (
        "UPDATE auditions SET updated_at = '2023-02-29T10:00:00Z' WHERE id = 2",
        "updated_at '2023-02-29T10:00:00Z'",
    ),
    (A.format("time = '24:00'"), "time '24:00'"),
    (A.format("time = '12:00' || char(0) || 'x'"), "time '12:00\\x00x'"),
    (
        "UPDATE auditions SET tape_due = '2026-12-01T17:30' || char(0) WHERE id = 2",
        "tape_due '2026-12-01T17:30\\x00'",
    ),
    (A.format("tape_due = '2026-02-30T17:30'"), "tape_due '2026-02-30T17:30'"),
    (A.format("rating = 6"), "rating 6"),
    (A.format("type = 'movie'"), "type 'movie'"),
    (A.format("status = 'won'"), "status 'won'"),
    (A.format("project = ''"), "project ''"),
    (A.format("notes = X'1b5b'"), "notes b'\\x1b['"),
    ("UPDATE auditions SET uid = X'00' WHERE id = 2", None),  # the record path prints it oddly
    (A.format("miles = 'far'"), "miles 'far'"),
    ("UPDATE events SET date = '2026-02-30'", "event date '2026-02-30'"),
    ("UPDATE events SET time = '24:00'", "event time '24:00'"),
    ("UPDATE events SET note = X'1b5b'", "event note b'\\x1b['"),
    ("UPDATE expenses SET date = '2025-02-29'", "expense date '2025-02-29'"),
    ("UPDATE tags SET tag = X'1b5b' WHERE audition_id = 2", "tag b'\\x1b['"),
]


@pytest.mark.parametrize("sql, what", REFUSED)
def test_a_value_the_record_path_refuses_is_named_by_every_export(cli, db_path, tmp_path, sql, what):
    _journal(cli)
    _set(db_path, sql)
    assert not _plain(db_path, csv=False) and not _plain(db_path, csv=True)
    if what is None:
        return
    for fmt in FORMATS:
        out = tmp_path / f"out.{fmt}"
        result = cli("export", f"--{fmt}", "-o", out, code=1)
        assert result.stderr == f"Error: the journal has an invalid value in audition 2 ({what})\n", fmt
        assert not out.exists()  # nothing written, not even the auditions before it
        with pytest.raises(Exception, match="invalid value in audition 2"):
            _records(db_path, fmt)


def test_on_standard_output_the_export_stops_where_the_record_path_stops(run, db_path):
    """The check runs before the first byte: standard output holds what the record path
    wrote before the bad audition, then the one error."""
    assert run("add", "First", "--date", "2026-03-01", "-q").returncode == 0
    assert run("add", "Second", "--date", "2026-03-02", "-q").returncode == 0
    _set(db_path, "UPDATE auditions SET created_at = '2026-11-24T24:00:00Z' WHERE id = 2")
    for fmt in FORMATS:
        p = run("export", f"--{fmt}")
        assert p.returncode == 1
        assert p.stderr == (
            "Error: the journal has an invalid value in audition 2 (created_at '2026-11-24T24:00:00Z')\n"
        )
        first = p.stdout.splitlines()
        assert len(first) == (2 if fmt != "jsonl" else 1)  # "[" or the header, then audition 1
        assert '"id": 1' in first[-1] or first[-1].startswith("1,")


# values the record path takes: the fast path takes them too, and prints them as it does
TAKEN = [
    "UPDATE auditions SET date = '2024-02-29' WHERE id = 2",
    "UPDATE auditions SET date = '2000-02-29' WHERE id = 2",
    "UPDATE auditions SET date = '1900-01-01', last_date = '1900-01-01' WHERE id = 1",
    "UPDATE auditions SET date = '2200-12-31', last_date = '2200-12-31' WHERE id = 3",
    "UPDATE auditions SET created_at = '2024-02-29T23:59:59Z', updated_at = '2026-12-31T00:00:00Z'",
    "UPDATE auditions SET time = '23:59', tape_due = '2024-02-29T00:00' WHERE id = 2",
    "UPDATE events SET date = '2024-02-29', time = '00:00'",
    "UPDATE expenses SET date = '2028-02-29'",
    "UPDATE auditions SET notes = 'one' || char(13) || 'two', role = '=SUM(A1)', casting = '-x' WHERE id = 2",
    "UPDATE tags SET tag = '+1, \"x\"' || char(13) WHERE audition_id = 2",
    "UPDATE auditions SET direction = 'tab' || char(9) || ' ' || char(1) || ' é 😀 \\ \"' WHERE id = 1",
]


@pytest.mark.parametrize("sql", TAKEN)
def test_an_edge_value_the_record_path_takes_is_printed_alike(cli, db_path, tmp_path, sql):
    _journal(cli)
    _set(db_path, sql)
    assert _plain(db_path, csv=False) and _plain(db_path, csv=True)  # the fast path runs
    for fmt in FORMATS:
        out = tmp_path / f"out.{fmt}"
        cli("export", f"--{fmt}", "-o", out)
        with open(out, encoding="utf-8", newline="") as fh:  # every \r as written
            assert fh.read() == _records(db_path, fmt), fmt


def test_a_nul_in_free_text_leaves_csv_to_the_record_path(cli, db_path, tmp_path):
    """printf's %s would stop at a NUL: CSV goes record by record (and writes it, as csv
    does); JSON escapes it on the fast path."""
    _journal(cli)
    _set(db_path, "UPDATE auditions SET notes = 'a' || char(0) || 'b' WHERE id = 2")
    assert _plain(db_path, csv=False) and not _plain(db_path, csv=True)
    for fmt in FORMATS:
        out = tmp_path / f"out.{fmt}"
        cli("export", f"--{fmt}", "-o", out)
        with open(out, encoding="utf-8", newline="") as fh:
            text = fh.read()
        assert text == _records(db_path, fmt)
        assert ("a\x00b" if fmt == "csv" else "a\\u0000b") in text


def test_a_table_declared_otherwise_is_left_to_the_record_path(tmp_path):
    """The checks lean on the declared types (a TEXT column keeps a number as text): a
    journal whose table says otherwise is read record by record."""
    path = tmp_path / "j.db"
    store = Store.open(path, create=True)
    j = Journal(store, TODAY, 14)
    j.add({"date": "2026-03-02", "project": "Night Shift"})
    assert store.exporting.plain() and store.exporting.plain(csv=True)
    store.conn.execute("ALTER TABLE tags RENAME COLUMN tag TO label")
    assert not store.exporting.plain()
    store.close()


@pytest.mark.parametrize("stale_days", [0, 1, 14, -3])
def test_stale_at_the_edge_is_worked_out_as_the_record_path_does(tmp_path, stale_days):
    """Days apart exactly stale_days, one fewer, one more, in the future, and after a callback."""
    from datetime import timedelta

    store = Store.open(tmp_path / "j.db", create=True)
    j = Journal(store, TODAY, stale_days)
    for back in (-2, 0, 1, 2, 3, 4, 13, 14, 15, 400):
        aid = j.add({"date": (TODAY - timedelta(days=back + 3)).isoformat(), "project": f"P{back}"})
        if back % 2:
            j.mark(aid, "callback", TODAY - timedelta(days=back), None, None)
    seen = {}
    for fmt in FORMATS:
        out = io.StringIO()
        if fmt == "csv":
            writer.write_lines(j.export_csv(writer.CSV_FIELDS, "\n"), out)
        else:
            writer.write_texts(j.export_json(writer.SEPARATOR[fmt]), fmt, out)
        records = io.StringIO()
        writer.write(j.all_records(), fmt, records)
        assert out.getvalue() == records.getvalue()
        seen[fmt] = out.getvalue()
    if stale_days == 14:  # both answers are among them
        assert '"stale": true' in seen["jsonl"] and '"stale": false' in seen["jsonl"]
    store.close()
