"""Journals made by each released schema open, read right, and upgrade with a backup."""

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from test_derived import assert_in_step
from test_hear_back import _called_back

from callback_cli import migrations
from callback_cli.store import Store

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def old_journal(tmp_path, monkeypatch):
    path = tmp_path / "journal.db"
    shutil.copy(FIXTURES / "journal-m001.db", path)
    monkeypatch.setenv("CALLBACK_DB", str(path))
    return path


def _contents(path) -> dict:
    """Every row of every table, in order: what a journal holds, whatever its bytes."""
    conn = sqlite3.connect(path)
    try:
        tables = [
            r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        ]
        return {t: conn.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall() for t in tables}
    finally:
        conn.close()


def test_every_released_schema_has_a_fixture():
    for name in migrations.NAMES:
        assert (FIXTURES / f"journal-{name.split('_')[0]}.db").exists(), name


def test_the_m001_journal_reads_and_writes(cli, old_journal):
    recs = {r["project"]: r for r in cli.json("list")}
    night = recs["Night Shift"]
    assert (night["role"], night["casting"], night["outfit"], night["tags"]) == (
        "Nurse Kim",
        "Jane Doe Casting",
        "blue shirt",
        ["drama"],
    )
    assert night["events"] == [
        {"status": "callback", "date": "2026-03-04", "time": None, "note": "producer session"}
    ]
    assert recs["Soda"]["status"] == "released"
    thanks = [i for i in cli.json("followups", "--all") if i["item"] == "thank-you"]
    assert [(i["audition_id"], i["done"]) for i in thanks] == [(night["id"], True)]
    cli("add", "New one")
    assert len(cli.json("list")) == 3


def test_a_pending_step_backs_up_first_and_says_where(cli, old_journal, monkeypatch):
    def m999_add_agent(db):
        db.execute("ALTER TABLE auditions ADD COLUMN agent TEXT")

    cli("list")  # up to date first: the test is about the next step
    first_pending = "m999_add_agent"
    monkeypatch.setattr(migrations, "_STEPS", [*migrations._STEPS, m999_add_agent])
    monkeypatch.setattr(migrations, "NAMES", (*migrations.NAMES, "m999_add_agent"))
    before = old_journal.read_bytes()
    result = cli("list")
    backup = old_journal.with_name(f"journal.before-{first_pending}.db")  # named by the first step due
    assert f"old file is kept at {backup}" in result.stderr
    assert backup.exists() and backup.stat().st_mode & 0o777 == 0o600
    conn = sqlite3.connect(backup)
    assert conn.execute("SELECT count(*) FROM auditions").fetchone()[0] == 2
    assert "agent" not in [r[1] for r in conn.execute("PRAGMA table_info(auditions)")]
    conn.close()
    conn = sqlite3.connect(old_journal)
    assert "agent" in [r[1] for r in conn.execute("PRAGMA table_info(auditions)")]
    assert [r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations")][-1] == "m999_add_agent"
    conn.close()
    # the backup holds exactly what the journal held before the upgrade
    original = old_journal.with_name("original.db")
    original.write_bytes(before)
    assert _contents(backup) == _contents(original) and _contents(original)["auditions"]
    assert cli("list").stderr == ""  # upgraded once, not again


def test_a_failing_step_changes_nothing(cli, old_journal, monkeypatch):
    def m999_broken(db):
        db.execute("ALTER TABLE auditions ADD COLUMN agent TEXT")
        raise RuntimeError("boom")

    monkeypatch.setattr(migrations, "_STEPS", [*migrations._STEPS, m999_broken])
    monkeypatch.setattr(migrations, "NAMES", (*migrations.NAMES, "m999_broken"))
    with pytest.raises(RuntimeError):
        Store.open(old_journal)
    conn = sqlite3.connect(old_journal)
    assert "agent" not in [r[1] for r in conn.execute("PRAGMA table_info(auditions)")]
    conn.close()


# ---- call times, expenses and search (m003, m004) ------------------------------------------
def _journal(tmp_path, monkeypatch, name):
    path = tmp_path / "journal.db"
    shutil.copy(FIXTURES / name, path)
    monkeypatch.setenv("CALLBACK_DB", str(path))
    return path


@pytest.mark.parametrize("name", ["journal-m001.db", "journal-pre13.db", "journal-m003.db"])
def test_older_journals_gain_times_expenses_and_search(cli, tmp_path, monkeypatch, name):
    path = _journal(tmp_path, monkeypatch, name)
    recs = cli.json("list")
    assert all({"time", "tape_due", "miles", "expenses"} <= set(r) for r in recs)
    assert all("time" in e for r in recs for e in r["events"])
    conn = sqlite3.connect(path)
    applied = [r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations ORDER BY rowid")]
    assert applied[0] == "m001_initial" and set(applied) == set(migrations.NAMES)
    triggers = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    assert set(migrations.SEARCH_TRIGGERS) <= triggers  # a later step must not drop them
    indexed = conn.execute("SELECT count(*) FROM audition_search").fetchone()[0]
    assert indexed == conn.execute("SELECT count(*) FROM auditions").fetchone()[0] == len(recs)
    conn.close()
    # what was there before is found by any of its text, and new writes are searchable
    night = next(r for r in recs if r["project"] == "Night Shift")
    assert [r["id"] for r in cli.json("search", "nurse")] == [night["id"]]
    assert [r["id"] for r in cli.json("search", "producer")] == [night["id"]]  # an event note
    new = cli.add("Brand New", "--room", "Quincy Adams")
    assert [r["id"] for r in cli.json("search", "quincy")] == [new]


def test_the_pre13_journal_keeps_everything_and_searches_every_field(cli, tmp_path, monkeypatch):
    path = _journal(tmp_path, monkeypatch, "journal-pre13.db")
    monkeypatch.setenv("CALLBACK_TODAY", "2026-11-23")  # the day it was made
    result = cli("list")
    assert (
        "before-m002_lasting_ids_and_undo_sizes" in result.stderr
    )  # backed up first, named by the first step due
    recs = {r["project"]: r for r in cli.json("list")}
    night = recs["Night Shift"]
    assert (night["room"], night["headshot"], night["direction"]) == (
        "Jane, a reader named Sam",
        "blue smile",
        "slower, more tired",
    )
    assert (night["time"], night["tape_due"], night["miles"], night["expenses"]) == (None, None, None, [])
    assert night["events"] == [
        {
            "status": "callback",
            "date": "2026-10-27",
            "time": None,
            "note": "producer session with the showrunner",
        }
    ]
    assert [r["project"] for r in cli.json("search", "reader", "sam")] == ["Night Shift"]
    assert [r["project"] for r in cli.json("search", "showrunner")] == ["Night Shift"]
    assert [r["project"] for r in cli.json("list", "--search", "50%")] == ["Soda Pop"]  # % literal
    assert [r["project"] for r in cli.json("list", "--search", "t_r")] == ["Hamlet_Redux"]  # _ literal
    assert [r["project"] for r in cli.json("list", "--search", "hospital")] == ["Night Shift"]  # a tag
    assert [r["project"] for r in cli.json("search", "smile")] == ["Night Shift"]  # the headshot
    thanks = [i for i in cli.json("followups", "--all") if i["item"] == "thank-you"]
    assert [i["done"] for i in thanks] == [True]
    assert path.with_name("journal.before-m002_lasting_ids_and_undo_sizes.db").exists()


def test_the_m004_journal_reads_right(cli, tmp_path, monkeypatch):
    _journal(tmp_path, monkeypatch, "journal-m004.db")
    (rec,) = cli.json("list")
    assert (rec["time"], rec["tape_due"], rec["miles"]) == ("10:30", "2026-03-05T17:00", 12.5)
    assert rec["expenses"] == [{"date": "2026-03-02", "amount": 18.5, "what": "parking"}]
    assert rec["events"] == [
        {"status": "callback", "date": "2026-03-09", "time": "14:00", "note": "producer session"}
    ]
    assert [r["id"] for r in cli.json("search", "reader named")] == [1]


# ---- the project index (m005) ----------------------------------------------------------------
@pytest.mark.parametrize("name", ["journal-m001.db", "journal-m004.db"])
def test_older_journals_gain_the_project_index_and_prep_reads_it(cli, tmp_path, monkeypatch, name):
    path = _journal(tmp_path, monkeypatch, name)
    monkeypatch.setenv("CALLBACK_TODAY", "2026-03-20")
    ahead = cli.add("NIGHT SHIFT", "--date", "2026-03-25")  # the same project, in another case
    conn = sqlite3.connect(path)
    applied = [r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations ORDER BY rowid")]
    assert "m005_project_index" in applied
    plan = " ".join(
        r[3]
        for r in conn.execute(
            "EXPLAIN QUERY PLAN SELECT id FROM auditions WHERE project = ? COLLATE NOCASE AND date < ? "
            "AND outfit IS NOT NULL ORDER BY date DESC, id DESC LIMIT 1",
            ("Night Shift", "2026-03-25"),
        )
    )
    conn.close()
    assert "auditions_by_project" in plan
    night = next(r for r in cli.json("list") if r["project"] == "Night Shift")
    (prep,) = [i for i in cli.json("followups") if i["item"] == "prep" and i["audition_id"] == ahead]
    assert f"Last time you read for NIGHT SHIFT ({night['date']}) you wore: blue shirt" in prep["checklist"]


@pytest.mark.parametrize("name", ["journal-m005.db", "journal-m007.db"])
def test_the_m005_and_m007_journals_read_right(cli, tmp_path, monkeypatch, name):
    _journal(tmp_path, monkeypatch, name)
    result = cli("list")
    if name == "journal-m007.db":
        assert result.stderr == ""  # up to date: nothing to upgrade, no backup
    else:
        assert "before-m007_first_callback" in result.stderr
    (night,) = cli.json("list")
    assert (night["project"], night["outfit"], night["time"]) == ("Night Shift", "blue shirt", "10:30")
    assert cli.json("stats")["days_to_callback"] == {"n": 1, "median": 7, "p90": 7}


# ---- the first callback's date and the days to hear back (m007) -------------------------------
@pytest.mark.parametrize("name", ["journal-m001.db", "journal-pre13.db", "journal-m005.db"])
def test_older_journals_gain_the_first_callback_date(cli, tmp_path, monkeypatch, name):
    path = _journal(tmp_path, monkeypatch, name)
    cli("list")  # upgraded
    rows = cli.rows(
        "SELECT a.id, a.called_on, (SELECT min(date) FROM events e WHERE e.audition_id = a.id "
        "AND e.status = 'callback') AS first FROM auditions a"
    )
    assert rows and all(r["called_on"] == r["first"] for r in rows)
    assert any(r["called_on"] for r in rows)
    conn = sqlite3.connect(path)
    indexes = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    conn.close()
    assert {"auditions_called_by_type", "auditions_called_by_casting", "auditions_booked_days"} <= indexes


def _as_before_m007(path) -> None:
    """Take the journal back to the shape a journal made before m007 has."""
    conn = sqlite3.connect(path, isolation_level=None)
    for index in ("auditions_called_by_type", "auditions_called_by_casting", "auditions_booked_days"):
        conn.execute(f"DROP INDEX {index}")
    conn.execute("ALTER TABLE auditions DROP COLUMN called_on")
    conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm007_first_callback'")
    for entry, text in conn.execute("SELECT id, snapshot FROM undo_log").fetchall():
        snap = json.loads(text)  # undo entries written then had no called_on either
        for saved in snap.values():
            if saved:
                saved["row"].pop("called_on")
        conn.execute("UPDATE undo_log SET snapshot = ? WHERE id = ?", (json.dumps(snap), entry))
    conn.close()


def test_a_journal_made_before_m007_upgrades_to_the_same_figures(cli, db_path):
    _called_back(cli)
    cli.add("Waiting Game", "--date", "2026-02-27", "--casting", "Bright Casting")
    booked = cli.add("Pinned First", "--date", "2026-02-02", "--type", "film")
    cli("mark", booked, "pinned", "--date", "2026-02-04")
    cli("mark", booked, "booked", "--date", "2026-02-09")
    gone = cli.add("Deleted Then Undone", "--date", "2026-02-20")
    cli("mark", gone, "callback", "--date", "2026-02-22")
    cli("delete", gone, "--yes")  # the last change: undone after the upgrade
    shown = {
        args: cli(*args).stdout
        for args in (
            ("stats", "--json"),
            ("stats", "--by", "type", "--json"),
            ("people", "--json"),
            ("followups", "--json"),
            ("stats",),
            ("people",),
        )
    }
    assert json.loads(shown["stats", "--json"])["days_to_booking"]["n"] == 2
    _as_before_m007(db_path)
    result = cli("stats", "--json")
    assert "before-m007_first_callback" in result.stderr  # backed up, then upgraded
    assert {args: cli(*args).stdout for args in shown} == shown
    cli("undo")  # an undo entry from before the upgrade: the derived columns worked out again
    assert_in_step(cli)
    assert cli.rows("SELECT called_on FROM auditions WHERE id = ?", (gone,)) == [{"called_on": "2026-02-22"}]
