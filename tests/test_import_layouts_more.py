"""More real tracker layouts (tests/fixtures/layouts/, written by make_layouts.py) through the
real `import` command into a real journal file: each gives what a person reading the sheet
expects (expected.json beside them), re-importing changes nothing, and the rules behind
each case are checked on their own layer too."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from callback_cli import vocabulary
from callback_cli.importing import dates as idates
from callback_cli.importing import headers as h

HERE = Path(__file__).parent / "fixtures" / "layouts"
EXPECTED = {
    k: v for k, v in json.loads((HERE / "expected.json").read_text()).items() if not k.startswith("_")
}


@pytest.fixture(autouse=True)
def november(monkeypatch):
    monkeypatch.setenv("CALLBACK_TODAY", "2026-11-23")


def test_every_layout_file_has_what_it_should_give():
    files = {p.name for p in HERE.iterdir() if p.name not in ("expected.json", "make_layouts.py")}
    assert files == set(EXPECTED) and len(files) >= 20


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_layout_imports_as_a_person_reads_it(cli, name):
    exp = EXPECTED[name]
    summary = cli.json("import", HERE / name)
    rows = cli.json("list")
    stats = cli.json("stats")
    assert summary["new"] == exp["records"] == len(rows), name
    assert (stats["auditions"], stats["advanced"], stats["booked"]) == (
        exp["counted"],
        exp["advanced"],
        exp["booked"],
    ), name
    by = {r["project"]: r for r in rows}
    for project, status in exp.get("status", {}).items():
        assert by[project]["status"] == status, (name, project)
    for project, events in exp.get("events", {}).items():
        assert [[e["status"], e["date"]] for e in by[project]["events"]] == events, (name, project)
    for project, fields in exp.get("fields", {}).items():
        for field, value in fields.items():
            assert by[project][field] == value, (name, project, field)
    for project, text in exp.get("notes", {}).items():
        assert text in (by[project]["notes"] or ""), (name, project)
    for header, field in exp.get("columns", {}).items():
        assert summary["columns"][header] == field, (name, header)
    for header in exp.get("no_column", []):
        assert header not in summary["columns"], (name, header)
    for words in exp.get("warnings", []):
        assert any(words in w for w in summary["warnings"]), (name, words, summary["warnings"])
    if "people" in exp:
        assert {p["casting"]: p["auditions"] for p in cli.json("people")} == exp["people"]
    # what the list says is what the file holds: every event a row of the real SQLite file
    stored = cli.rows("SELECT COUNT(*) AS n FROM events")[0]["n"]
    assert stored == sum(len(r["events"]) for r in rows)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_layout_reimport_changes_nothing(cli, name):
    cli("import", HERE / name)
    before = cli("export", "--jsonl").stdout
    again = cli.json("import", HERE / name)
    assert (again["new"], again["updated"]) == (0, 0), name
    assert cli("export", "--jsonl").stdout == before


def test_dry_run_preview_names_every_column_and_writes_nothing(cli, db_path):
    out = cli("import", HERE / "theatre_log.csv", "--dry-run").stdout
    for words in ("Musical Director", "room", "Theatre", "location", "Song", "notes", "Offered", "booked"):
        assert words in out
    assert not db_path.exists()


def test_the_installed_command_reads_a_uk_log_without_help(run, tmp_path):
    env = {"CALLBACK_DB": str(tmp_path / "uk.db"), "CALLBACK_TODAY": "2026-11-23"}
    p = run("import", HERE / "uk_spotlight_log.csv", "--json", env=env)
    assert p.returncode == 0, p.stderr
    assert "--map" not in p.stderr and json.loads(p.stdout)["new"] == 7
    stats = json.loads(run("stats", "--json", env=env).stdout)
    assert (stats["advanced"], stats["booked"]) == (4, 1)


def test_date_order_flag_wins_over_the_rows_sequence(cli):
    cli("import", HERE / "uk_all_ambiguous.csv", "--date-order", "mdy")
    assert sorted(r["date"] for r in cli.json("list")) == ["2026-02-11", "2026-03-02", "2026-10-03"]


# ---- each rule on its own layer --------------------------------------------------------------
@pytest.mark.parametrize(
    "word, status",
    [
        ("Not this time", "released"),
        ("Unsuccessful", "released"),
        ("Heavy pencil", "pinned"),
        ("Pencilled", "pinned"),
        ("First refusal", "pinned"),
        ("Recalled", "callback"),
        ("2nd recall", "callback"),
        ("Selected for audition", None),
        ("Viewed", None),
        ("NO_RESPONSE", "no-response"),
    ],
)
def test_status_words_of_other_trackers(word, status):
    assert vocabulary.outcome(word).status == status


def test_add_and_mark_take_the_same_words_as_import(cli):
    rid = cli.add("Doctors")
    cli("mark", rid, "heavy pencil")
    cli("mark", rid, "not this time")
    assert [e["status"] for e in cli.json("show", rid)["events"]] == ["pinned", "released"]
    assert vocabulary.status("recall") == "callback"


@pytest.mark.parametrize(
    "word, kind",
    [
        ("Commercial VO", "voiceover"),
        ("Radio", "voiceover"),
        ("Theatre - Musical", "theatre"),
        ("TV / Streaming", "tv"),
        ("Video Game", "other"),
    ],
)
def test_type_words_with_more_than_one_word(word, kind):
    assert vocabulary.kind(word).type == kind


@pytest.mark.parametrize(
    "header, field",
    [
        ("audition_at", "date"),
        ("callback_at", "callback"),
        ("booked_on", "booked"),
        ("Theatre", "location"),
        ("Musical Director", "room"),
        ("First Refusal", "pinned"),
        ("CB?", "callback"),
        ("Created time", "created_at"),
        ("Rate", "notes"),
        ("Follow-up", "notes"),
        ("Mood", None),
    ],
)
def test_headers_of_other_trackers(header, field):
    assert h.match(header).field == field


def test_second_choice_columns_give_way_to_the_first_choice():
    assert [c.field for c in h.plan(["Date", "Spot", "Product"])] == ["date", "notes", "project"]
    assert [c.field for c in h.plan(["Date", "Spot"])] == ["date", "project"]
    assert [c.field for c in h.plan(["Submitted On", "Audition Date", "Project"])] == [
        "notes",
        "date",
        "project",
    ]
    assert [c.field for c in h.plan(["Submitted On", "Project"])] == ["date", "project"]


def test_the_office_is_the_casting_and_the_people_the_room():
    cols = h.plan(["Date", "Project", "Casting Director", "Casting Associate", "Casting Company"])
    assert [c.field for c in cols] == ["date", "project", "room", "room", "casting"]


def test_a_column_in_date_order_one_way_only_is_read_that_way():
    facts = idates.OrderFacts()
    for v in ("03/02/2026", "10/03/2026", "02/11/2026"):
        facts.add(v)
    assert facts.order("mdy") == idates.Order("dmy", True, True)
    assert facts.order("mdy", sequence=False) == idates.Order("mdy", True)
    steady = idates.OrderFacts()
    for v in ("01/02/2026", "02/03/2026", "03/04/2026"):  # in order both ways: the default
        steady.add(v)
    assert steady.order("mdy") == idates.Order("mdy", True)


@pytest.mark.parametrize(
    "cell, day, clock",
    [
        ("October 20, 2026 2:30 PM (EDT)", "2026-10-20", "14:30"),
        ("October 20, 2026 → October 21, 2026", "2026-10-20", None),
        ("10/20/2026 2:30 pm est", "2026-10-20", "14:30"),
    ],
)
def test_dates_with_a_zone_or_a_range(cell, day, clock):
    stamp = idates.parse(cell, "mdy", date(2026, 11, 23))
    assert (stamp.date, stamp.time) == (day, clock)


def test_a_bad_date_is_named_as_the_file_has_it():
    with pytest.raises(Exception) as exc:
        idates.parse("Sometime In MAY", "mdy", date(2026, 11, 23))
    assert "'Sometime In MAY'" in str(exc.value)


def test_a_lone_cell_that_is_a_date_is_still_a_bad_row(cli, tmp_path):
    f = tmp_path / "t.csv"
    f.write_text("Date,Project,Role\n2026-01-05,,\nMARCH,,\n2026-03-02,Oak Street,Postman\n")
    p = cli("import", f, code=2)
    assert "row 1" in p.stderr and "missing project" in p.stderr and "row 2" not in p.stderr


@pytest.mark.parametrize(
    "cell, read",
    [
        ("Callback 9/9", [("callback", "9/9")]),
        ("Pinned (9/20)", [("pinned", "9/20")]),
        ("booked on 3/14/2026", [("booked", "3/14/2026")]),
        ("Callback, Booked", [("callback", None), ("booked", None)]),
        ("CB → Booked", [("callback", None), ("booked", None)]),
        ("Producer session; Released", [("callback", None), ("released", None)]),
        ("TBD, maybe", None),
    ],
)
def test_a_status_cell_with_days_or_several_outcomes(cell, read):
    found = vocabulary.outcomes(cell)
    assert (found and [(o.status, when) for o, when in found]) == read


@pytest.mark.parametrize("word, stars", [("Great", 5), ("good", 4), ("meh", 3), ("rough", 2), ("awful", 1)])
def test_a_rating_in_words(word, stars):
    assert vocabulary.rating_word(word) == stars
    assert vocabulary.rating_word("nailed the accent") is None


def test_a_type_column_of_media_stays_the_type(cli, tmp_path):
    f = tmp_path / "t.csv"
    f.write_text("Date,Project,Role,Type\n2026-01-05,A,X,Audition\n2026-01-12,B,Y,Commercial\n")
    summary = cli.json("import", f)
    assert summary["columns"]["Type"] == "type"
    assert {r["project"]: r["type"] for r in cli.json("list")} == {"A": "other", "B": "commercial"}


@pytest.mark.parametrize(
    "cell, day",
    [
        ("3 Nov '25", "2025-11-03"),
        ("11/3/2025 @ 2:30pm", "2025-11-03"),
        ("Tuesday, November 4th", "2025-11-04"),  # the year in which Nov 4 is a Tuesday
        ("Wed 11/4", "2026-11-04"),
        ("1788710400000", "2026-09-06"),  # an app's epoch milliseconds
    ],
)
def test_more_date_cells(cell, day):
    assert idates.parse(cell, "mdy", date(2026, 11, 23)).date == day


def test_symbols_around_a_word_are_not_the_word():
    assert vocabulary.outcome("Booked!!! 🎉").status == "booked"
    assert vocabulary.outcome("✨ Callback").status == "callback"
    found = vocabulary.outcomes("Producer session (Zoom)")
    assert found and found[0][0].status == "callback" and found[0][0].label == "producer session; Zoom"


def test_a_year_heading_fills_only_year_less_dates():
    assert idates.with_year("Jan 13", "2025") == "jan 13 2025"
    assert idates.with_year("1/13", "2025") == "1/13/2025"
    assert idates.with_year("Jan 13, 2026", "2025") is None


def test_a_word_kept_aside_names_no_field_too():
    # a word in both would never reach its field: "Production" must stay the project
    assert not set(h.ASIDES) & set(h.LEXICON)
    assert h.match("Production").field == "project" and h.match("Producer").aside


@pytest.mark.parametrize(
    "header",
    ["Callback Notes", "Notes from CD", "Self-tape link", "Director/Producer", "Shoot dates", "Hair/Makeup"],
)
def test_columns_written_about_the_audition_are_kept_in_the_notes(header):
    assert h.match(header) == h.Match("notes", aside=True)


def test_a_type_column_of_first_rounds_only_is_not_read_as_rounds(cli, tmp_path):
    f = tmp_path / "t.csv"
    f.write_text("Date,Project,Role,Type\n2026-01-05,A,X,Self tape\n2026-01-12,B,Y,Audition\n")
    assert cli.json("import", f)["columns"]["Type"] == "type"
