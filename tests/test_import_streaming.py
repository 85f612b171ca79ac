"""A long import streams: the file is read a line at a time and written a batch at a time,
all in one transaction. The batch, the bulk threshold and the reader's look-ahead are made
small here, so that a few dozen rows cross every boundary a million would."""

from __future__ import annotations

import json
import sqlite3
import uuid
from datetime import date
from pathlib import Path

import pytest

from callback_cli import importing, journal, merge
from callback_cli.errors import ImportRowsError
from callback_cli.importing import json_file
from callback_cli.importing.rows import RowError, validate_stream
from callback_cli.incoming import Incoming
from callback_cli.journal import Journal
from callback_cli.store import Store
from callback_cli.store import rows as store_rows

TODAY = date(2026, 3, 11)


def record(i: int, **extra) -> dict:
    return {"date": f"2025-{i % 12 + 1:02d}-{i % 27 + 1:02d}", "project": f"Show {i}", **extra}


def write_jsonl(path: Path, items) -> Path:
    path.write_text("".join(json.dumps(x) + "\n" for x in items))
    return path


def schema(cli) -> list[dict]:
    return cli.rows("SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name")


# ---- the reader --------------------------------------------------------------------------
def test_the_jsonl_reader_is_a_generator_that_reads_as_it_goes(tmp_path, monkeypatch):
    monkeypatch.setattr(json_file, "PEEK", 3)
    path = tmp_path / "long.jsonl"
    lines = [json.dumps(record(i)) for i in range(40)] + ["{this line is broken"]
    path.write_text("\n".join(lines) + "\n")
    records, report = importing.stream(path, "jsonl", TODAY)
    assert iter(records) is records  # a generator, not a list
    first = [next(records) for _ in range(10)]
    # ten records read, and the broken last line not reached yet: the file is not read whole
    assert [r.values["project"] for r in first] == [f"Show {i}" for i in range(10)]
    assert report.columns == {"date": "date", "project": "project"}
    with pytest.raises(ImportRowsError) as caught:
        list(records)
    assert caught.value.problems[0][2].startswith("line 41:")
    # read whole, the same file fails before a single record
    with pytest.raises(ImportRowsError):
        importing.read(path, "jsonl", TODAY)


def test_validate_stream_yields_nothing_after_a_bad_row_and_names_every_bad_row():
    def convert(n, item):
        if item == "bad":
            raise RowError("date", f"bad {n}")
        return Incoming(n, {"date": "2026-01-01", "project": item}, [])

    items = list(enumerate(["a", "b", "bad", "c", "bad", "d"], 1))
    got = []
    with pytest.raises(ImportRowsError) as caught:
        for rec in validate_stream(items, convert):
            got.append(rec.values["project"])
    assert got == ["a", "b"]
    assert caught.value.problems == [(3, "date", "bad 3"), (5, "date", "bad 5")]


def test_a_later_line_with_another_apps_key_is_refused_not_dropped(cli, tmp_path, small_batches):
    cli.add("Before")
    items = [record(i) for i in range(9)] + [record(9, castingDirector="Jane Doe")]
    err = cli("import", write_jsonl(tmp_path / "mixed.jsonl", items), code=2).stderr
    assert "row 10, column castingDirector" in err
    assert [r["project"] for r in cli.rows("SELECT project FROM auditions")] == ["Before"]


def test_a_file_that_is_not_utf8_is_read_whole_as_before(cli, tmp_path, small_batches):
    path = tmp_path / "latin.jsonl"
    path.write_bytes(
        "".join(json.dumps(record(i, notes="café"), ensure_ascii=False) + "\n" for i in range(9)).encode(
            "cp1252"
        )
    )
    assert json_file.stream_own(path, TODAY, "mdy") is None
    assert cli.json("import", path)["new"] == 9
    assert {r["notes"] for r in cli.rows("SELECT notes FROM auditions")} == {"café"}


# ---- the import, a batch at a time ---------------------------------------------------------
def test_a_long_import_with_a_bad_row_at_the_end_writes_nothing(cli, tmp_path, db_path, small_batches):
    cli.add("Before", "--tag", "drama")
    before = schema(cli)
    items = [record(i, tags=["period"]) for i in range(30)]
    items[12]["date"] = "someday"  # a bad row in the middle, after batches were written
    items.append({"project": "No date"})  # and one at the very end
    err = cli("import", write_jsonl(tmp_path / "long.jsonl", items), code=2).stderr
    assert err.startswith("Error: 2 bad rows; nothing was imported")
    assert "row 13, column date" in err and "row 31, column date" in err
    assert [r["project"] for r in cli.rows("SELECT project FROM auditions")] == ["Before"]
    assert cli.rows("SELECT count(*) n FROM tags")[0]["n"] == 1
    assert cli.rows("SELECT count(*) n FROM audition_search")[0]["n"] == 1
    assert schema(cli) == before  # the indexes and triggers dropped for the bulk way are back
    assert cli.rows("SELECT count(*) n FROM undo_log")[0]["n"] == 1  # only the add


def test_a_long_import_that_fails_into_a_new_journal_leaves_no_file(cli, tmp_path, db_path, small_batches):
    assert not db_path.exists()
    items = [record(i) for i in range(30)] + [{"project": "No date"}]
    cli("import", write_jsonl(tmp_path / "long.jsonl", items), code=2)
    assert not db_path.exists()  # batches were written inside the transaction, then rolled back
    assert not [p.name for p in db_path.parent.iterdir() if p.name.startswith(db_path.name)]
    cli("import", write_jsonl(tmp_path / "good.jsonl", items[:30]))
    assert cli.rows("SELECT count(*) n FROM auditions")[0]["n"] == 30


def test_the_installed_command_leaves_no_journal_after_a_failed_long_import(run, tmp_path):
    rows = [json.dumps(record(i)) for i in range(journal.IMPORT_BATCH + 10)] + ['{"project": "No date"}']
    (tmp_path / "long.jsonl").write_text("\n".join(rows) + "\n")
    target = tmp_path / "new" / "journal.db"
    done = run("--db", target, "import", tmp_path / "long.jsonl")
    assert done.returncode == 2 and "nothing was imported" in done.stderr
    assert not target.exists() and not list(target.parent.iterdir())


def test_a_long_import_writes_every_batch_keeps_indexes_search_and_ids(cli, tmp_path, small_batches):
    first = cli.add("Before", "--room", "old room")
    before = schema(cli)
    items = [record(i, room=f"Room {i}", tags=["period"] if i % 2 else []) for i in range(23)]
    items[21]["events"] = [{"status": "callback", "date": "2025-12-30", "note": "Yolanda read"}]
    summary = cli.json("import", write_jsonl(tmp_path / "long.jsonl", items))
    assert (summary["new"], summary["present"], summary["updated"]) == (23, 0, 0)
    assert schema(cli) == before
    assert [r["project"] for r in cli.json("search", "room 17")] == ["Show 17"]
    assert [r["project"] for r in cli.json("search", "yolanda")] == ["Show 21"]
    assert [r["project"] for r in cli.json("search", "old room")] == ["Before"]
    assert cli.rows("SELECT count(*) n FROM audition_search")[0]["n"] == 24
    assert cli.rows("SELECT count(*) n FROM tags WHERE tag = 'period' AND date IS NOT NULL")[0]["n"] == 11
    # each tag carries its audition's date and outcome dates (rates by tag read them there)
    copies = "SELECT t.audition_id, t.date, t.advanced_on, t.booked_on FROM tags t ORDER BY 1"
    own = (
        "SELECT t.audition_id, a.date, a.advanced_on, a.booked_on FROM tags t "
        "JOIN auditions a ON a.id = t.audition_id ORDER BY 1"
    )
    assert cli.rows(copies) == cli.rows(own)
    assert cli.rows(
        "SELECT t.advanced_on FROM tags t JOIN auditions a ON a.id = t.audition_id "
        "WHERE a.project = 'Show 21'"
    ) == [{"advanced_on": "2025-12-30"}]
    ids = [r["id"] for r in cli.rows("SELECT id FROM auditions ORDER BY id")]
    assert ids == list(range(first, first + 24))
    uids = [r["uid"] for r in cli.rows("SELECT uid FROM auditions WHERE id > ? ORDER BY id", (first,))]
    assert len(set(uids)) == 23 and all(uuid.UUID(u).version == 7 for u in uids)
    # the highest id used is recorded although its trigger was off: a deleted newest id stays used
    cli("delete", str(ids[-1]), "--yes")
    assert cli.add("After") == ids[-1] + 1
    # the whole import is one undo entry
    cli("undo")  # the add
    cli("undo")  # the delete
    assert "long.jsonl: 23 new" in cli("undo").stdout
    assert [r["project"] for r in cli.rows("SELECT project FROM auditions")] == ["Before"]
    assert cli.rows("SELECT count(*) n FROM audition_search")[0]["n"] == 1


@pytest.mark.parametrize("collide", [False, True], ids=["own-hashes", "every-key-one-hash"])
def test_repeated_rows_across_a_batch_boundary_are_one_audition_with_its_outcomes(
    cli, tmp_path, small_batches, monkeypatch, collide
):
    if collide:  # the match index gives back every audition: the matching still picks by key
        monkeypatch.setattr(store_rows, "hash", lambda key: -7, raising=False)
    same = {"date": "2026-01-05", "project": "Night Shift", "role": "Kim"}
    callback = {**same, "events": [{"status": "callback", "date": "2026-01-09"}]}
    items = [
        record(1),
        dict(same),  # new in the first batch ...
        {**callback, "project": "NIGHT SHIFT"},  # ... and again in it, with its callback
        record(2),
        record(3),
        dict(callback),  # the next batch: the callback once more
        record(4),
        record(5),
        record(6),
        {**same, "events": [{"status": "booked", "date": "2026-01-20"}], "tags": ["drama"]},
    ]
    path = write_jsonl(tmp_path / "rounds.jsonl", items)
    summary = cli.json("import", path)
    assert (summary["new"], summary["present"], summary["updated"]) == (7, 1, 2)
    (night,) = [r for r in cli.json("list") if r["project"] == "Night Shift"]
    assert [(e["status"], e["date"]) for e in night["events"]] == [
        ("callback", "2026-01-09"),
        ("booked", "2026-01-20"),
    ]
    assert night["status"] == "booked" and night["tags"] == ["drama"]
    exported = cli("export", "--jsonl").stdout
    again = cli.json("import", path)
    assert (again["new"], again["updated"]) == (0, 0)
    assert cli("export", "--jsonl").stdout == exported


def test_rounds_as_rows_of_a_sheet_longer_than_a_batch_are_one_audition(cli, tmp_path, small_batches):
    sheet = tmp_path / "rounds.csv"
    rows = [f"2026-01-{d:02d},Show {d},Lead,1st Audition" for d in range(1, 8)]
    rows[3:3] = ["2026-02-01,Night Shift,Kim,1st Audition", "2026-02-03,Night Shift,Kim,1st Callback"]
    rows += ["2026-02-10,Night Shift,Kim,Producer's Callback"]
    sheet.write_text("Date,Project,Role,Round\n" + "\n".join(rows) + "\n")
    assert cli.json("import", sheet)["new"] == 8
    (night,) = [r for r in cli.json("list") if r["project"] == "Night Shift"]
    assert [(e["status"], e["date"]) for e in night["events"]] == [
        ("callback", "2026-02-03"),
        ("callback", "2026-02-10"),
    ]
    again = cli.json("import", sheet)
    assert (again["new"], again["updated"]) == (0, 0)


def test_a_dry_run_of_a_long_file_counts_everything_and_writes_nothing(cli, tmp_path, db_path, small_batches):
    cli.add("Show 2", "--date", record(2)["date"])
    before = schema(cli)
    items = [record(i) for i in range(20)] + [record(3)]
    path = write_jsonl(tmp_path / "long.jsonl", items)
    preview = cli.json("import", path, "--dry-run")
    assert (preview["new"], preview["present"], preview["updated"]) == (19, 2, 0)
    assert [r["project"] for r in cli.rows("SELECT project FROM auditions")] == ["Show 2"]
    assert schema(cli) == before
    real = cli.json("import", path)
    assert (real["new"], real["present"], real["updated"]) == (19, 2, 0)


def test_changes_beyond_the_ones_described_are_counted_and_said(cli, tmp_path, monkeypatch):
    monkeypatch.setattr(journal, "CHANGES_KEPT", 2)
    path = write_jsonl(tmp_path / "five.jsonl", [record(i) for i in range(5)])
    cli("import", path)
    more = write_jsonl(tmp_path / "more.jsonl", [record(i, casting="Jane Doe") for i in range(5)])
    summary = cli.json("import", more)
    assert summary["updated"] == 5 and len(summary["changes"]) == 2
    assert "3 more changed auditions are counted but not listed" in summary["warnings"]


# ---- the layers, directly ------------------------------------------------------------------
def test_match_keeps_repeats_of_a_new_record_for_after_it_is_written():
    one = Incoming(1, {"date": "2026-01-01", "project": "A"}, [])
    two = Incoming(2, {"date": "2026-01-01", "project": "a"}, [])
    matched = merge.match([one, two], [])
    assert matched.new == [one] and matched.again == [two] and matched.duplicates == 1
    assert merge.plan(matched, {}).summary() == {"new": 1, "present": 0, "updated": 0}


@pytest.mark.parametrize("collide", [False, True], ids=["own-hashes", "every-key-one-hash"])
def test_the_match_index_gives_back_the_auditions_of_a_key_and_never_misses_one(
    tmp_path, monkeypatch, collide
):
    if collide:
        monkeypatch.setattr(store_rows, "hash", lambda key: 2**63 - 1, raising=False)
    store = Store.open(tmp_path / "j.db", create=True)
    with store.transaction():
        for day, project, role in [("2026-01-01", "Night Shift", "Kim"), ("2026-01-02", "Other", None)]:
            store.rows.insert_audition(
                {
                    "uid": str(uuid.uuid4()),
                    "date": day,
                    "project": project,
                    "role": role,
                    "created_at": "x",
                    "updated_at": "x",
                }
            )
        rows = store.rows
        rows.open_match_index()
        rows.remember_keys([(99, "2026-01-03\x1fadded\x1f")])  # as the import remembers a row it added
        found = rows.match_candidates([], ["2026-01-01\x1fnight shift\x1fkim", "2026-02-02\x1fnone\x1f"])
        ids = [r[0] for r in found]
        assert ids == ([1, 2] if collide else [1])  # a shared hash brings more, never fewer
        assert rows.match_candidates([], ["2026-02-02\x1fnone\x1f"]) == (found if collide else [])
        rows.close_match_index()


def test_a_dry_run_over_a_journal_that_cannot_be_written_plans_on_a_copy(tmp_path):
    store = Store.open(tmp_path / "j.db", create=True)
    Journal(store, TODAY, 14).add({"project": "Kept", "date": "2026-01-01"})
    store.read_only = "the journal is read-only here"
    records = [Incoming(1, {"date": "2026-01-01", "project": "kept"}, ["new-tag"])]
    records += [Incoming(2, {"date": "2026-01-02", "project": "Other"}, [])]
    summary = Journal(store, TODAY, 14).import_records(records, dry_run=True)
    assert (summary["new"], summary["present"], summary["updated"]) == (1, 0, 1)
    assert store.conn.execute("SELECT count(*) FROM auditions").fetchone()[0] == 1
    assert store.conn.execute("SELECT count(*) FROM tags").fetchone()[0] == 0


def test_new_uids_are_version_7_in_increasing_order():
    make = journal.uid_maker()
    uids = [make() for _ in range(1000)]
    assert uids == sorted(uids) and len(set(uids)) == 1000
    assert {uuid.UUID(u).version for u in uids} == {7}
    assert {uuid.UUID(u).variant for u in uids} == {uuid.RFC_4122}


# ---- an import that makes the journal builds it aside ----------------------------------------
def test_an_import_that_makes_the_journal_puts_it_in_place_whole(run, tmp_path):
    rows = [json.dumps(record(i, tags=["period"])) for i in range(journal.IMPORT_BATCH + 10)]
    (tmp_path / "long.jsonl").write_text("\n".join(rows) + "\n")
    target = tmp_path / "new" / "journal.db"
    done = run("--db", target, "import", tmp_path / "long.jsonl", "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["new"] == journal.IMPORT_BATCH + 10
    assert sorted(p.name for p in target.parent.iterdir()) == ["journal.db"]
    conn = sqlite3.connect(target)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("SELECT count(*) FROM auditions").fetchone()[0] == journal.IMPORT_BATCH + 10
    conn.execute("INSERT INTO audition_search (audition_search) VALUES ('integrity-check')")
    conn.close()
    assert [
        r["project"] for r in json.loads(run("--db", target, "search", "show 1234", "--json").stdout)
    ] == ["Show 1234"]
    undone = run("--db", target, "undo")
    assert undone.returncode == 0 and "long.jsonl" in undone.stdout
    assert json.loads(run("--db", target, "list", "--json").stdout) == []


def test_a_journal_another_program_makes_during_the_import_gets_the_import_merged_in(
    cli, tmp_path, db_path, monkeypatch, small_batches
):
    from callback_cli.store import opening

    link = opening._link

    def racing(tmp, path):  # another program's first command lands while this import builds
        assert not path.exists()
        monkeypatch.setattr(opening, "_link", link)
        theirs = Store.open(path, create=True)
        Journal(theirs, date(2026, 3, 11), 14).add({"date": "2025-02-02", "project": "Show 1"})
        theirs.close()
        return link(tmp, path)

    monkeypatch.setattr(opening, "_link", racing)
    items = [record(i, tags=["period"]) for i in range(20)]
    summary = cli.json("import", write_jsonl(tmp_path / "long.jsonl", items))
    # theirs held Show 1 on its date already: matched (its tag added), not doubled
    assert (summary["new"], summary["present"], summary["updated"]) == (19, 0, 1)
    assert cli.rows("SELECT count(*) n FROM auditions")[0]["n"] == 20
    assert cli.rows("SELECT count(*) n FROM tags")[0]["n"] == 19 + 1
    assert sorted(p.name for p in tmp_path.iterdir() if "journal.db" in p.name) == ["journal.db"]
    assert "long.jsonl: 19 new" in cli("undo").stdout
    assert [r["project"] for r in cli.rows("SELECT project FROM auditions")] == ["Show 1"]


def test_undoing_a_long_import_puts_the_journal_back_exactly(cli, tmp_path, db_path, small_batches):
    kept = cli.add(
        "Kept Show", "--role", "Nurse", "--date", "2025-02-02", "--tag", "drama", "--casting", "Ada"
    )
    cli("mark", str(kept), "callback", "--date", "2025-02-09", "--note", "chemistry read")
    cli("spend", str(kept), "12.50", "parking")
    other = cli.add("Other Show", "--date", "2025-03-01")

    def dump():
        return {
            table: cli.rows(f"SELECT * FROM {table} ORDER BY 1, 2")
            for table in ("auditions", "events", "tags", "expenses", "checked", "audition_search_content")
        }

    before, shape = dump(), schema(cli)
    items = [record(i, tags=["period"], room=f"Room {i}") for i in range(30)]
    # the import also changes an audition the journal had: undo puts it back as it was
    items.append({"date": "2025-02-02", "project": "Kept Show", "role": "Nurse", "tags": ["comedy"]})
    summary = cli.json("import", write_jsonl(tmp_path / "long.jsonl", items))
    assert (summary["new"], summary["updated"]) == (30, 1)
    assert "long.jsonl: 30 new, 1 updated" in cli("undo").stdout
    assert dump() == before
    assert schema(cli) == shape  # the indexes and triggers turned off for the delete are back
    conn = sqlite3.connect(db_path)
    conn.execute("INSERT INTO audition_search (audition_search) VALUES ('integrity-check')")
    conn.close()
    assert [r["id"] for r in cli.json("search", "chemistry")] == [kept]
    assert cli.json("search", "room 1") == []
    # the journal goes on as before: the triggers keep the search index in step again
    cli("edit", str(other), "--note", "a quiet reader")
    assert [r["id"] for r in cli.json("search", "quiet reader")] == [other]
