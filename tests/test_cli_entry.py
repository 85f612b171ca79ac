"""add, mark, edit, delete, undo through the real app, checked in the real SQLite file."""

import csv
import io

import pytest

from callback_cli.models import RECORD_KEYS


def test_add_stores_every_field(cli):
    rec = cli.json(
        "add",
        "Night Shift",
        "--role",
        "Nurse Kim",
        "--type",
        "TV",
        "--format",
        "self tape",
        "--casting",
        "Jane Doe Casting",
        "--rating",
        "4",
        "--outfit",
        "blue shirt",
        "--size",
        "Guest Star",
        "--source",
        "Agent",
        "--location",
        "Studio 4",
        "--room",
        "CD and reader",
        "--headshot",
        "smiling",
        "--direction",
        "slower",
        "--tag",
        "drama",
        "--tag",
        "Night Shoot,hospital",
        "--note",
        "felt good",
        "--date",
        "2026-03-09",
    )
    assert set(RECORD_KEYS) == set(rec)
    assert rec["type"] == "tv" and rec["format"] == "self-tape" and rec["size"] == "guest-star"
    assert rec["source"] == "Agent" and rec["tags"] == ["drama", "hospital", "night-shoot"]  # case kept
    assert rec["status"] == "auditioned" and rec["events"] == [] and rec["advanced"] is False
    row = cli.rows("SELECT * FROM auditions")[0]
    assert row["casting"] == "Jane Doe Casting" and row["rating"] == 4 and row["date"] == "2026-03-09"
    assert row["direction"] == "slower" and row["notes"] == "felt good"
    assert row["created_at"].endswith("Z") and len(row["uid"]) == 36


def test_add_defaults_to_today_and_accepts_aliases(cli):
    rec = cli.json("add", "Play", "--type", "theater")
    assert rec["date"] == "2026-03-11" and rec["type"] == "theatre"
    assert cli.json("add", "Spot", "--type", "VO")["type"] == "voiceover"


def test_quiet_prints_only_the_id(cli):
    out = cli("add", "Spot", "--quiet").stdout
    assert out == "1\n"


def test_note_from_stdin(cli):
    cli("add", "Film", "--note", "-", input="long\nnotes\n")
    assert cli.rows("SELECT notes FROM auditions")[0]["notes"] == "long\nnotes"


@pytest.mark.parametrize(
    "args",
    [
        ["--date", "not a date"],
        ["--rating", "6"],
        ["--rating", "x"],
        ["--type", "hologram"],
        ["--format", "carrier pigeon"],
        ["--date", "2026-02-30"],
    ],
)
def test_bad_input_is_exit_2_and_writes_nothing(cli, db_path, args):
    result = cli("add", "X", *args, code=2)
    assert result.stderr.startswith("Error: ") and "Traceback" not in result.stderr
    assert not db_path.exists()


def test_add_without_project_and_without_terminal_is_exit_2(cli, db_path):
    result = cli("add", code=2)
    assert "Error:" in result.stderr and not db_path.exists()


def test_mark_appends_events_and_numbers_rounds(cli):
    aid = cli.add("Film", "--date", "2026-03-01")
    rec = cli.json("mark", aid, "callback", "--date", "2026-03-04", "--note", "producer session")
    assert rec["status"] == "callback" and rec["advanced"] is True
    assert rec["events"] == [
        {"status": "callback", "date": "2026-03-04", "time": None, "note": "producer session"}
    ]
    out = cli("mark", aid, "callback", "--date", "2026-03-06").stdout
    assert "round 2" in out
    rec = cli.json("mark", aid, "avail", "--date", "2026-03-07")
    assert rec["status"] == "pinned"
    shown = cli("show", aid).stdout
    assert "callback 1" in shown and "callback 2" in shown and "producer session" in shown
    assert [r["status"] for r in cli.rows("SELECT status FROM events ORDER BY id")] == [
        "callback",
        "callback",
        "pinned",
    ]


def test_future_callback_is_scheduled_not_advanced(cli):
    aid = cli.add("Film", "--date", "2026-03-09")
    rec = cli.json("mark", aid, "callback", "--date", "next mon")
    assert rec["events"][0]["date"] == "2026-03-16"
    assert rec["status"] == "callback" and rec["advanced"] is False and rec["stale"] is False


def test_mark_rejects_unknown_status_id_and_early_date(cli):
    aid = cli.add("Film", "--date", "2026-03-05")
    assert "unknown status" in cli("mark", aid, "maybe", code=2).stderr
    assert cli("mark", 99, "booked", code=1).stderr == "Error: no audition with id 99\n"
    cli("mark", aid, "booked", "--date", "2026-03-01", code=2)
    assert cli.rows("SELECT count(*) n FROM events")[0]["n"] == 0


def test_stale_after_stale_days_of_silence(cli):
    old = cli.add("Old", "--date", "2026-02-25")  # 14 days before today
    cli.add("Recent", "--date", "2026-02-26")
    cb = cli.add("Silent callback", "--date", "2026-02-01")
    cli("mark", cb, "callback", "--date", "2026-02-20")
    by_project = {r["project"]: r for r in cli.json("list")}
    assert by_project["Old"]["stale"] is True and by_project["Recent"]["stale"] is False
    assert by_project["Silent callback"]["stale"] is True
    cli("mark", old, "released")
    assert cli.json("show", old)["stale"] is False


def test_edit_changes_clears_and_replaces_tags(cli):
    aid = cli.add("Film", "--role", "Guard", "--tag", "a", "--outfit", "blue")
    rec = cli.json("edit", aid, "--project", "Film II", "--role", "", "--tag", "b", "--rating", "2")
    assert (rec["project"], rec["role"], rec["tags"], rec["rating"]) == ("Film II", None, ["b"], 2)
    assert rec["outfit"] == "blue"
    assert "Nothing changed" in cli("edit", aid, "--project", "Film II").stdout
    cli("edit", aid, "--type", "bogus", code=2)
    cli("edit", 42, "--role", "x", code=1)
    cli("edit", aid, code=2)  # nothing to change and no terminal for $EDITOR


def test_delete_needs_yes_without_terminal(cli):
    aid = cli.add("Film")
    assert "--yes" in cli("delete", aid, code=2).stderr
    assert cli.rows("SELECT count(*) n FROM auditions")[0]["n"] == 1
    cli("delete", aid, "--yes")
    assert cli.rows("SELECT count(*) n FROM auditions")[0]["n"] == 0


def test_undo_reverts_each_kind_of_change_in_order(cli):
    aid = cli.add("Film", "--tag", "x", "--date", "2026-03-01")
    cli("mark", aid, "callback", "--date", "2026-03-03")
    cli("edit", aid, "--role", "Lead", "--tag", "y")
    cli("delete", aid, "--yes")
    snapshots = []
    for expected in ("delete", "edit", "mark", "add"):
        out = cli("undo").stdout
        assert out.startswith(f"Undid: {expected}")
        snapshots.append(cli.rows("SELECT role, status FROM auditions"))
    assert snapshots[0] == [{"role": "Lead", "status": "callback"}]
    assert cli.rows("SELECT tag FROM tags") == []
    assert snapshots[1] == [{"role": None, "status": "callback"}]
    assert snapshots[2] == [{"role": None, "status": "auditioned"}]
    assert snapshots[3] == []
    assert cli("undo", code=1).stderr == "Error: nothing to undo\n"


def test_undo_after_delete_restores_id_uid_and_history(cli):
    aid = cli.add("Film", "--tag", "x", "--date", "2026-03-01")
    cli("mark", aid, "booked", "--date", "2026-03-03")
    before = cli.json("show", aid)
    cli("delete", aid, "--yes")
    cli("undo")
    assert cli.json("show", aid) == before


def test_list_filters(cli):
    a = cli.add(
        "Night Shift", "--date", "2026-03-01", "--type", "tv", "--casting", "Jane Doe CSA", "--tag", "drama"
    )
    b = cli.add(
        "Soda 100% Fizz",
        "--date",
        "2026-03-05",
        "--type",
        "commercial",
        "--format",
        "self-tape",
        "--note",
        "snake_case joke",
    )
    c = cli.add("Hamlet", "--date", "2026-03-10", "--type", "theatre", "--casting", "Old Vic")
    cli("mark", a, "callback", "--date", "2026-03-02")

    def ids(*args):
        return [int(x) for x in cli("list", *args, "--ids").stdout.split()]

    assert ids() == [c, b, a]  # newest first
    assert ids("--since", "2026-03-05") == [c, b]
    assert ids("--until", "2026-03-05") == [b, a]  # inclusive
    assert ids("--status", "callback") == [a]
    assert ids("--status", "auditioned") == [c, b]
    assert ids("--type", "tv", "--type", "theater") == [c, a]
    assert ids("--format", "self-tape") == [b]
    assert ids("--casting", "jane") == [a]
    assert ids("--tag", "drama") == [a]
    assert ids("--search", "HAM") == [c]
    assert ids("--search", "100%") == [b] and ids("--search", "e_c") == [b]
    assert ids("--search", "%") == [b] and ids("--search", "_") == [b]
    assert ids("--limit", "2") == [c, b]
    assert ids("--week") == [c]  # Mon 9 to Sun 15 March
    assert ids("--month") == [c, b, a]
    assert "No auditions match." in cli("list", "--status", "booked").stdout
    cli("list", "--status", "maybe", code=2)
    cli("list", "--json", "--csv", code=2)


def test_list_csv_and_json_agree(cli):
    aid = cli.add("Film, the", "--tag", "a", "--tag", "b", "--date", "2026-03-01")
    cli("mark", aid, "callback", "--date", "2026-03-02")
    rows = list(csv.DictReader(io.StringIO(cli("list", "--csv").stdout)))
    assert rows[0]["project"] == "Film, the" and rows[0]["tags"] == "a; b"
    assert rows[0]["status"] == "callback" and rows[0]["callback_dates"] == "2026-03-02"
    assert cli.json("list")[0]["project"] == "Film, the"


def test_reading_a_missing_journal_creates_nothing(cli, db_path):
    assert cli.json("list") == []
    assert "No auditions yet" in cli("list").stdout
    cli("show", 1, code=1)
    cli("mark", 1, "booked", code=1)
    cli("undo", code=1)
    assert not db_path.exists()


def test_global_db_flag_wins_over_environment(cli, tmp_path):
    other = tmp_path / "other.db"
    cli("--db", other, "add", "Elsewhere")
    assert other.exists() and not cli.path.exists()
