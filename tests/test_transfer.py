"""Export and import through the real command and the real files."""

import csv
import io
import json
import sqlite3

import pytest
from handjournal import build
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st


def counts(summary):
    """The three counts of an import's --json summary."""
    return {k: summary[k] for k in ("new", "present", "updated")}


def strip_ids(records):
    return [{k: v for k, v in r.items() if k != "id"} for r in records]


def test_json_round_trip_is_lossless(cli, tmp_path):
    build(cli)
    out = tmp_path / "all.json"
    cli("export", "-o", out)
    first = json.loads(out.read_text())
    assert len(first) == 7 and first[0]["events"][0] == {
        "status": "callback",
        "date": "2026-01-08",
        "time": None,
        "note": None,
    }
    other = tmp_path / "other.db"
    assert counts(cli.json("--db", other, "import", out)) == {"new": 7, "present": 0, "updated": 0}
    again = json.loads(cli("--db", other, "export").stdout)
    assert strip_ids(again) == strip_ids(first)


def test_jsonl_round_trip_and_reimport_adds_nothing(cli, tmp_path):
    build(cli)
    out = tmp_path / "all.jsonl"
    cli("export", "--jsonl", "-o", out)
    lines = out.read_text().splitlines()
    assert len(lines) == 7 and json.loads(lines[0])["project"] == "P1"
    assert counts(cli.json("import", out)) == {"new": 0, "present": 7, "updated": 0}
    assert cli.rows("SELECT count(*) n FROM auditions")[0]["n"] == 7


def test_csv_export_is_one_readable_row_per_audition(cli):
    build(cli)
    rows = list(csv.DictReader(io.StringIO(cli("export", "--csv").stdout)))
    assert len(rows) == 7
    p1 = rows[0]
    assert (p1["status"], p1["callback_dates"], p1["booked_date"], p1["tags"]) == (
        "booked",
        "2026-01-08",
        "2026-01-15",
        "drama",
    )


# the fields a CSV export carries and an import of it must give back
CSV_FIELDS = (
    "date",
    "project",
    "role",
    "type",
    "format",
    "casting",
    "rating",
    "outfit",
    "notes",
    "tags",
    "status",
)


def without_uids(csv_text: str) -> str:
    """The same spreadsheet with its uid column emptied, as if someone had retyped it."""
    rows = list(csv.DictReader(io.StringIO(csv_text)))
    for r in rows:
        r["uid"] = ""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=next(csv.reader(io.StringIO(csv_text))))
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue()


def test_csv_round_trip_keeps_what_csv_carries(cli, tmp_path):
    build(cli)
    out = tmp_path / "all.csv"
    cli("export", "--csv", "-o", out)
    sheet = tmp_path / "sheet.csv"
    sheet.write_text(without_uids(out.read_text()))
    other = tmp_path / "other.db"
    cli("--db", other, "import", sheet)
    keep = CSV_FIELDS
    mine = [{k: r[k] for k in keep} for r in cli.json("list")]
    theirs = [{k: r[k] for k in keep} for r in cli.json("--db", other, "list")]
    assert mine == theirs
    # and the same spreadsheet again matches on date + project + role
    assert counts(cli.json("--db", other, "import", sheet)) == {"new": 0, "present": 7, "updated": 0}


SPREADSHEET = (
    "\ufeffDate,Production,Character,Casting Director,Medium,Audition Type,Result,Notes,Wardrobe\r\n"
    '2026-01-03,"Paper Moons, Part 2",Viola,Jane Doe,Film,Self tape,Callback,"quotes ""here""",\r\n'
    "01/10/2026,Soda,,,Commercial,,,,red dress\r\n"
    "\r\n"
    "Feb 2 2026,Hamlet,Ophelia,Old Vic,theater,in person,no word,,\r\n"
)


def test_spreadsheet_with_other_headers_bom_crlf_and_quotes(cli, tmp_path):
    sheet = tmp_path / "tracker.csv"
    sheet.write_bytes(SPREADSHEET.encode("utf-8"))
    out = cli("import", sheet).stdout
    assert "3 new" in out
    recs = {r["project"]: r for r in cli.json("list")}
    moons = recs["Paper Moons, Part 2"]
    assert (moons["role"], moons["casting"], moons["type"], moons["format"]) == (
        "Viola",
        "Jane Doe",
        "film",
        "self-tape",
    )
    assert moons["notes"] == 'quotes "here"' and moons["status"] == "callback"
    assert moons["events"] == [{"status": "callback", "date": "2026-01-03", "time": None, "note": None}]
    assert recs["Soda"]["date"] == "2026-01-10" and recs["Soda"]["outfit"] == "red dress"
    assert recs["Soda"]["role"] is None and recs["Soda"]["status"] == "auditioned"
    assert recs["Hamlet"]["status"] == "no-response" and recs["Hamlet"]["type"] == "theatre"
    assert counts(cli.json("import", sheet)) == {"new": 0, "present": 3, "updated": 0}


def test_map_option_and_status_date(cli, tmp_path):
    sheet = tmp_path / "x.csv"
    sheet.write_text(
        "When,Thing,Who cast it,status,status_date,tags\n"
        "2026-02-01,Pilot,Bluebird,booked,2026-02-09,drama; comedy\n"
    )
    cli("import", sheet, code=2)  # no project column without the map
    cli("import", sheet, "--map", "Thing=project", "--map", "Who cast it=casting")
    rec = cli.json("list")[0]
    assert rec["casting"] == "Bluebird" and rec["tags"] == ["comedy", "drama"]
    assert rec["events"] == [{"status": "booked", "date": "2026-02-09", "time": None, "note": None}]
    cli("import", sheet, "--map", "Thing=nonsense", code=2)


def test_bad_rows_abort_everything_and_are_listed(cli, tmp_path, db_path):
    cli.add("Existing")
    before = db_path.read_bytes()
    sheet = tmp_path / "bad.csv"
    sheet.write_text(
        "date,project,rating,result\n2026-01-01,Good,3,\nnope,Bad date,,\n"
        "2026-01-02,,2,\n2026-01-03,Loud,9,\n2026-01-04,Odd,,maybe\n"
    )
    result = cli("import", sheet, code=2)
    err = result.stderr
    assert err.startswith("Error: 4 bad rows; nothing was imported")
    for expected in (
        "row 2, column date",
        "row 3, column project",
        "row 4, column rating",
        "row 5, column result",
    ):
        assert expected in err
    assert "row 1" not in err
    assert cli.rows("SELECT project FROM auditions") == [{"project": "Existing"}]
    assert db_path.read_bytes() == before


@pytest.mark.parametrize(
    "content,name",
    [
        ("{not json", "x.json"),
        ('[{"date": "2026-01-01"}]', "x.json"),
        ("[1, 2]", "x.json"),
        ('{"date": "2026-01-01", "project": "A"}\nnot json\n', "x.jsonl"),
        ("", "x.csv"),
        ("project\nA\n", "x.csv"),
        ("date,project\n2026-01-01,A,extra\n", "x.csv"),
        (
            '[{"date": "2026-01-05", "project": "A", "events": [{"status": "booked", "date": '
            '"2026-01-01"}]}]',
            "x.json",
        ),
        ('[{"date": "2026-01-05", "project": "A", "uid": "not-a-uid"}]', "x.json"),
    ],
)
def test_broken_import_files_are_exit_2_and_write_nothing(cli, tmp_path, db_path, content, name):
    path = tmp_path / name
    path.write_text(content)
    result = cli("import", path, code=2)
    assert result.stderr.startswith("Error:")
    assert not db_path.exists()


def test_missing_file_and_directory_are_exit_2(cli, tmp_path):
    cli("import", tmp_path / "nope.csv", code=2)
    cli("import", tmp_path, "--from", "csv", code=2)


def test_dry_run_writes_nothing(cli, tmp_path, db_path):
    sheet = tmp_path / "s.csv"
    sheet.write_text("date,project\n2026-01-01,A\n2026-01-02,B\n")
    assert "Would import s.csv: 2 new" in cli("import", sheet, "--dry-run").stdout
    assert not db_path.exists()


def test_format_detected_from_content(cli, tmp_path):
    data = tmp_path / "export.txt"
    data.write_text('{"date": "2026-01-01", "project": "A"}\n{"date": "2026-01-02", "project": "B"}\n')
    assert cli.json("import", data)["new"] == 2
    sheet = tmp_path / "sheet.txt"
    sheet.write_text("date,project\n2026-01-03,C\n")
    assert cli.json("import", sheet)["new"] == 1
    assert cli.json("import", sheet, "--from", "csv")["present"] == 1


def test_two_journals_merge_without_duplicates_keeping_every_event(cli, tmp_path):
    laptop, desktop = tmp_path / "laptop.db", tmp_path / "desktop.db"
    aid = int(cli("--db", laptop, "add", "Shared", "--date", "2026-03-01", "--quiet").stdout)
    cli("--db", laptop, "export", "-o", tmp_path / "l.json")
    cli("--db", desktop, "import", tmp_path / "l.json")
    cli("--db", laptop, "mark", aid, "callback", "--date", "2026-03-03")
    cli("--db", desktop, "mark", 1, "pinned", "--date", "2026-03-05")
    cli("--db", desktop, "add", "Only on desktop", "--date", "2026-03-02")
    assert counts(cli.json("--db", laptop, "import", desktop)) == {"new": 1, "present": 0, "updated": 1}
    assert counts(cli.json("--db", laptop, "import", desktop)) == {"new": 0, "present": 2, "updated": 0}
    shared = [r for r in cli.json("--db", laptop, "list") if r["project"] == "Shared"][0]
    assert [e["status"] for e in shared["events"]] == ["callback", "pinned"]
    assert shared["status"] == "pinned"
    assert counts(cli.json("--db", desktop, "import", laptop)) == {"new": 0, "present": 1, "updated": 1}


def test_undo_reverts_a_whole_import(cli, tmp_path):
    cli.add("Before")
    sheet = tmp_path / "s.csv"
    sheet.write_text("date,project\n2026-01-01,A\n2026-01-02,B\n")
    cli("import", sheet)
    assert "import s.csv" in cli("undo").stdout
    assert [r["project"] for r in cli.rows("SELECT project FROM auditions")] == ["Before"]


def test_journal_stays_readable_by_other_tools(cli, db_path):
    build(cli)
    conn = sqlite3.connect(db_path)
    rows = conn.execute(
        "SELECT project, status, tags, callback_dates FROM audition_summary ORDER BY id"
    ).fetchall()
    assert rows[0] == ("P1", "booked", "drama", "2026-01-08")


# ---- property tests ---------------------------------------------------------------------
text = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=20).filter(
    lambda s: s.strip() == s and s
)
audition = st.fixed_dictionaries(
    {
        "date": st.dates(
            min_value=__import__("datetime").date(2020, 1, 1),
            max_value=__import__("datetime").date(2026, 3, 1),
        ).map(str),
        "project": text,
        "role": st.none() | text,
        "type": st.none() | st.sampled_from(["film", "tv", "commercial", "theatre"]),
        "format": st.none() | st.sampled_from(["in-person", "self-tape", "virtual"]),
        "casting": st.none() | text,
        "rating": st.none() | st.integers(1, 5),
        "outfit": st.none() | text,
        "notes": st.none() | text,
        "tags": st.lists(st.sampled_from(["drama", "comedy", "period"]), unique=True).map(sorted),
        "events": st.lists(
            st.tuples(st.sampled_from(["callback", "pinned", "booked", "released"]), st.integers(0, 30)),
            max_size=3,
        ),
    }
)


@pytest.mark.slow
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(audition, max_size=6))
def test_any_journal_survives_a_json_round_trip(cli, tmp_path_factory, items):
    from datetime import date, timedelta

    root = tmp_path_factory.mktemp("prop")
    docs = []
    for item in items:
        start = date.fromisoformat(item["date"])
        events = [
            {"status": s, "date": str(start + timedelta(days=d)), "note": None}
            for s, d in sorted(item["events"], key=lambda e: e[1])
        ]
        docs.append({**item, "events": events})
    source = root / "in.json"
    source.write_text(json.dumps(docs))
    cli("--db", root / "a.db", "import", source)
    first = cli("--db", root / "a.db", "export").stdout
    (root / "a.json").write_text(first)
    cli("--db", root / "b.db", "import", root / "a.json")
    second = cli("--db", root / "b.db", "export").stdout
    assert strip_ids(json.loads(first)) == strip_ids(json.loads(second))


@pytest.mark.slow
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(audition, max_size=6))
def test_csv_keeps_every_field_it_carries(cli, tmp_path_factory, items):
    root = tmp_path_factory.mktemp("csvprop")
    docs = [{**item, "events": []} for item in items]
    source = root / "in.json"
    source.write_text(json.dumps(docs))
    cli("--db", root / "a.db", "import", source)
    cli("--db", root / "a.db", "export", "--csv", "-o", root / "a.csv")
    cli("--db", root / "b.db", "import", root / "a.csv")
    keep = ("uid", *CSV_FIELDS, "created_at", "updated_at")

    def fields(db):
        return sorted(({k: r[k] for k in keep} for r in cli.json("--db", db, "list")), key=lambda r: r["uid"])

    assert fields(root / "a.db") == fields(root / "b.db")
    # re-importing a spreadsheet of them (uids removed) matches on date + project + role
    (root / "s.csv").write_text(without_uids((root / "a.csv").read_text()))
    assert cli.json("--db", root / "b.db", "import", root / "s.csv")["new"] == 0
