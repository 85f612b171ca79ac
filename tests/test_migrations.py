"""Journals made by each released schema open, read right, and upgrade with a backup."""

import shutil
import sqlite3
from pathlib import Path

import pytest

from callback_cli import migrations
from callback_cli.store import Store

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def old_journal(tmp_path, monkeypatch):
    path = tmp_path / "journal.db"
    shutil.copy(FIXTURES / "journal-m001.db", path)
    monkeypatch.setenv("CALLBACK_DB", str(path))
    return path


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
    assert night["events"] == [{"status": "callback", "date": "2026-03-04", "note": "producer session"}]
    assert recs["Soda"]["status"] == "released"
    thanks = [i for i in cli.json("followups", "--all") if i["item"] == "thank-you"]
    assert [(i["audition_id"], i["done"]) for i in thanks] == [(night["id"], True)]
    cli("add", "New one")
    assert len(cli.json("list")) == 3


def test_a_pending_step_backs_up_first_and_says_where(cli, old_journal, monkeypatch):
    def m999_add_agent(db):
        db.execute("ALTER TABLE auditions ADD COLUMN agent TEXT")

    first_pending = migrations.NAMES[1] if len(migrations.NAMES) > 1 else "m999_add_agent"
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
    assert before  # the original bytes were read before the upgrade
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
