"""Real tracker layouts (tests/fixtures/trackers/) through the real `import` command into a
real journal: what each must give, that re-importing changes nothing, and what the preview
and --json say about it."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

HERE = Path(__file__).parent / "fixtures" / "trackers"
LAYOUTS = sorted(p.name for p in HERE.iterdir())


@pytest.fixture(autouse=True)
def november(monkeypatch):
    monkeypatch.setenv("CALLBACK_TODAY", "2026-11-23")


def imported(cli, name, *extra):
    summary = cli.json("import", HERE / name, *extra)
    return summary, cli.json("list")


def by_project(rows):
    return {r["project"]: r for r in rows}


def events(rec):
    return [(e["status"], e["date"]) for e in rec["events"]]


def xlsx(path: Path) -> Path:
    """A coach's Excel workbook: a title row, a blank row, real date cells, TRUE/FALSE
    booleans, a number typed as a number, and a second sheet."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "2026"
    ws.append(["AUDITION TRACKER 2026 — keep it updated!"])
    ws.append([])
    ws.append(
        ["Date", "Project Title", "Role", "Project Type", "Casting Office", "Callback?", "Booked?", "Rating"]
    )
    ws.append(
        [datetime(2026, 9, 8), "Harbor Lights", "Nurse", "TV Drama", "Kowalski Casting", True, False, 4]
    )
    ws.append(
        [datetime(2026, 10, 1, 14, 30), "Crunch Bar", "Dad", "Commercial", "Bluebird Casting", True, True, 5]
    )
    ws.append([date(2026, 10, 20), "Oak Street", "Postman", "Feature", "Jane Doe Casting", False, False, 3])
    old = wb.create_sheet("Archive")
    old.append(["Date", "Project", "Role"])
    old.append([datetime(2025, 3, 2), "Old Play", "Servant"])
    wb.save(path)
    return path


def test_app_export_in_camel_case_keeps_every_key_or_names_it(cli):
    summary, rows = imported(cli, "app_camelcase_export.json")
    assert summary["new"] == 3
    low = by_project(rows)["Low Tide"]
    assert (low["role"], low["type"], low["format"], low["size"]) == (
        "Deputy Sam",
        "film",
        "self-tape",
        "co-star",
    )
    assert (low["casting"], low["room"]) == ("Harbor Casting", "Lena Ortiz")  # two casting columns, both kept
    assert events(low) == [("callback", "2026-09-21")]  # "Callback" beside its date: one callback
    glow = by_project(rows)["Glow Cosmetics"]
    assert glow["type"] == "other" and "print" in glow["tags"] and events(glow) == [("booked", "2026-10-02")]
    assert by_project(rows)["The Long Hallway"]["status"] == "auditioned"  # Pending: no outcome yet
    assert summary["columns"]["agentEmail"] is None and summary["columns"]["castingDirector"] == "room"
    assert summary["values"]["type"]["Print"] == "other + tag print"
    assert any("exportedAt" in w for w in summary["warnings"])
    assert not any("time of day" in w for w in summary["warnings"])  # the time is kept now
    assert by_project(rows)["Low Tide"]["time"] == "17:30"


def test_snake_case_jsonl_reads_its_words(cli):
    summary, rows = imported(cli, "app_snake_case_export.jsonl")
    got = {r["project"]: (r["type"], r["format"], r["size"], r["status"]) for r in rows}
    assert got == {
        "Riverside": ("web", "self-tape", "series-regular", "pinned"),
        "Crunch Bar": ("commercial", "in-person", "principal", "no-response"),
        "Stardust": ("theatre", "in-person", "ensemble", "callback"),
        "Quest of Ash": ("other", "virtual", "lead", "released"),
    }
    assert "game" in by_project(rows)["Quest of Ash"]["tags"]
    assert by_project(rows)["Stardust"]["events"][0]["note"] == "2nd callback"  # the round is kept
    assert summary["columns"]["record_id"] is None
    assert by_project(rows)["Riverside"]["created_at"] == "2026-08-03T21:00:00Z"


def test_uk_log_is_day_first_for_the_whole_column(cli):
    summary, rows = imported(cli, "uk_day_first_log.csv")
    got = {r["project"]: (r["date"], r["status"]) for r in rows}
    assert got == {
        "Hollyoaks": ("2026-09-02", "callback"),  # 02/09 is 2 September: 14/10 decides the column
        "The Crown Inn": ("2026-10-14", "pinned"),
        "Casualty": ("2026-11-03", "released"),
        "Tesco Christmas": ("2026-11-05", "auditioned"),
    }
    assert not any(r["upcoming"] for r in rows)
    assert by_project(rows)["Casualty"]["type"] == "tv"  # a continuing drama is television


def test_one_row_per_round_becomes_one_audition_with_its_callbacks(cli):
    summary, rows = imported(cli, "rounds_as_rows.csv")
    assert summary["new"] == 3 and len(rows) == 3
    night = by_project(rows)["Night Shift"]
    assert night["date"] == "2026-09-01" and night["status"] == "booked"
    assert [(e["status"], e["date"], e["note"]) for e in night["events"]] == [
        ("callback", "2026-09-08", "1st callback"),
        ("callback", "2026-09-15", "producer's callback"),
        ("callback", "2026-09-22", "chemistry read"),
        ("booked", "2026-09-22", None),
    ]
    moons = by_project(rows)["Paper Moons"]
    # "Callback" on the first row is the callback round below it, not a second callback
    assert events(moons) == [("callback", "2026-10-09"), ("released", "2026-10-09")]
    assert "they went younger" in moons["notes"]
    stats = cli.json("stats")
    assert (stats["auditions"], stats["advanced"], stats["booked"]) == (3, 2, 1)


def test_yes_no_question_columns_become_outcomes(cli):
    summary, rows = imported(cli, "yes_no_questions.csv")
    got = {r["project"]: events(r) for r in rows}
    assert got == {
        "FizzUp Soda": [("callback", "2026-06-02")],
        "Harbor Lights": [],
        "Night Shift": [("callback", "2026-07-07"), ("booked", "2026-07-07")],
        "Verizon": [],
    }
    assert by_project(rows)["FizzUp Soda"]["events"][0]["note"] == "Zoom"  # "Yes - Zoom"
    stats = cli.json("stats")
    assert stats["callback_rate"] == 0.5 and stats["booked"] == 1


def test_checkbox_columns_read_x_as_no_beside_ticks(cli):
    _, rows = imported(cli, "checkbox_columns.csv")
    got = {r["project"]: [s for s, _ in events(r)] for r in rows}
    assert got == {"Alpha": ["callback"], "Beta": [], "Gamma": ["callback", "booked"], "Delta": []}


def test_x_alone_in_a_column_is_a_tick(cli):
    _, rows = imported(cli, "european_semicolon_cp1252.csv")
    assert by_project(rows)["L’Été"]["status"] == "booked"


def test_two_casting_columns_are_both_kept(cli):
    summary, rows = imported(cli, "two_casting_columns.csv")
    got = {r["project"]: (r["casting"], r["room"]) for r in rows}
    assert got == {
        "Harbor Lights": ("Kowalski Casting", "Ann Kowalski"),
        "Silent Waters": ("Ruiz & Partners Casting", "Maria Ruiz"),
        "Crunch Bar": ("Bluebird Casting", None),
    }
    assert any("Casting Director" in w for w in summary["warnings"])


def test_excel_date_styles_and_date_times(cli):
    summary, rows = imported(cli, "date_styles_and_times.csv")
    assert sorted(r["date"] for r in rows) == ["2026-10-05"] + ["2026-11-03"] * 4
    assert not any("time of day" in w for w in summary["warnings"])  # the time is kept now
    times = {r["project"]: r["time"] for r in rows}
    assert (times["Brightsmile"], times["FizzUp Soda"], times["Night Shift"]) == ("18:00", "10:30", None)


def test_ambiguous_dates_warn_naming_the_rows_and_date_order_fixes_them(cli, tmp_path):
    summary = cli.json("import", HERE / "ambiguous_day_first.csv", "--dry-run")
    warning = next(w for w in summary["warnings"] if "both ways" in w)
    assert "row 1 " in warning and "--date-order dmy" in warning
    summary, rows = imported(cli, "ambiguous_day_first.csv", "--date-order", "dmy")
    assert sorted(r["date"] for r in rows) == ["2026-05-12", "2026-06-11", "2026-10-09"]
    assert not [w for w in summary["warnings"] if "both ways" in w]


def test_yearless_dates_after_today_are_named(cli):
    summary, rows = imported(cli, "yearless_commercial.csv")
    assert any(w.startswith("rows 2, 3: the date has no year") for w in summary["warnings"])
    assert by_project(rows)["Target"]["date"] == "2026-03-03"


def test_notion_export_name_column_and_other_types_as_tags(cli):
    summary, rows = imported(cli, "notion_export.csv")
    got = {r["project"]: (r["type"], r["tags"], r["status"]) for r in rows}
    assert got == {
        "Glow Cosmetics": ("other", ["comedy", "print", "summer"], "booked"),
        "Acme Industrial Safety": ("other", ["industrial"], "no-response"),
        "Neon Lights": ("other", ["dance", "music-video"], "released"),
        "Space Quest": ("voiceover", [], "pinned"),
    }
    assert summary["columns"]["Name"] == "project"


def test_semicolons_title_row_blank_rows_and_windows_1252(cli):
    summary, rows = imported(cli, "european_semicolon_cp1252.csv")
    got = {r["project"]: (r["date"], r["role"], r["type"], r["status"]) for r in rows}
    assert got == {
        "Café Noir": ("2026-09-03", "Zoë", "film", "callback"),
        "L’Été": ("2026-09-17", "Waiter", "film", "booked"),
        "Euro Bank €": ("2026-10-01", "Customer", "commercial", "released"),
        "Les Misérables": ("2026-10-22", "Ensemble", "theatre", "pinned"),
    }
    assert any("My Audition Log 2026" in w for w in summary["warnings"])


def test_utf16_tab_delimited_excel_text(cli):
    _, rows = imported(cli, "excel_unicode_text_utf16.txt")
    got = {r["project"]: (r["date"], r["casting"], r["status"]) for r in rows}
    assert got == {
        "Night Shift": ("2026-11-03", "Jane Doe Casting", "callback"),
        "Harbor Lights": ("2026-10-17", "Kowalski Casting", "auditioned"),
        "Brightsmile": ("2026-09-02", "Bluebird Casting", "booked"),
    }
    assert by_project(rows)["Brightsmile"]["notes"] == "shoot in December — yay"


def test_repeated_rows_and_same_day_rounds_are_one_audition(cli):
    summary, rows = imported(cli, "repeated_rows_same_day.csv")
    assert summary["new"] == 2
    assert events(by_project(rows)["Oak Street"]) == [("callback", "2026-10-06")]
    # the copied row carries the booking: it is kept the first time, not the second
    assert events(by_project(rows)["Crunch Bar"]) == [("booked", "2026-10-13")]


def test_xlsx_workbook_first_sheet_or_named_sheet(cli, tmp_path):
    book = xlsx(tmp_path / "coach.xlsx")
    summary, rows = imported(cli, book)
    got = {r["project"]: (r["date"], r["type"], r["rating"], [s for s, _ in events(r)]) for r in rows}
    assert got == {
        "Harbor Lights": ("2026-09-08", "tv", 4, ["callback"]),
        "Crunch Bar": ("2026-10-01", "commercial", 5, ["callback", "booked"]),
        "Oak Street": ("2026-10-20", "film", 3, []),
    }
    assert any("AUDITION TRACKER" in w for w in summary["warnings"])
    cli("import", book, "--sheet", "archive")
    assert "Old Play" in by_project(cli.json("list"))
    err = cli("import", book, "--sheet", "Nope", code=2).stderr
    assert err.startswith("Error:") and "'2026'" in err and "'Archive'" in err


def dashboard_first(path: Path, *, table: bool = True) -> Path:
    """A workbook that opens on a summary page (counts and a rate, no header), then the log."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Dashboard"
    for row in (["My audition stats 2026"], [], ["Auditions", 2], ["Callbacks", 1], ["Callback rate", "50%"]):
        ws.append(row)
    log = wb.create_sheet("Auditions")
    log.append(["Date", "Project", "Role", "Status"] if table else ["Things to remember"])
    log.append([datetime(2026, 10, 1), "Night Shift", "Kim", "Callback"] if table else ["bring headshots"])
    log.append([datetime(2026, 10, 8), "Harbor Lights", "Nurse", "Booked!"] if table else ["smile"])
    wb.create_sheet("Notes").append(["Things to remember"])
    wb.save(path)
    return path


def test_a_workbook_that_opens_on_a_summary_page_is_read_from_its_log_sheet(cli, tmp_path):
    book = dashboard_first(tmp_path / "tracker.xlsx")
    summary = cli.json("import", book)
    assert summary["new"] == 2
    assert (
        "read the sheet 'Auditions': the first, 'Dashboard', holds no table of auditions "
        "(to read another: --sheet NAME)"
    ) in summary["warnings"]
    got = {r["project"]: (r["date"], [s for s, _ in events(r)]) for r in cli.json("list")}
    assert got == {"Night Shift": ("2026-10-01", ["callback"]), "Harbor Lights": ("2026-10-08", ["booked"])}
    # a sheet named is read as named: the summary page is refused, not skipped
    err = cli("import", book, "--sheet", "dashboard", code=2).stderr
    assert err.startswith("Error:") and "(sheet 'Dashboard') needs a 'date' and a 'project' column" in err


def test_a_workbook_with_no_table_on_any_sheet_says_so_naming_them(cli, tmp_path, db_path):
    book = dashboard_first(tmp_path / "notes.xlsx", table=False)
    err = cli("import", book, code=2).stderr
    assert err.startswith("Error:") and "(nor do the other sheets, 'Auditions', 'Notes')" in err
    assert not db_path.exists()


@pytest.mark.parametrize("name", LAYOUTS + ["coach.xlsx"])
def test_reimporting_any_layout_changes_nothing(cli, tmp_path, name):
    path = xlsx(tmp_path / name) if name.endswith(".xlsx") else HERE / name
    extra = ["--date-order", "dmy"] if name == "ambiguous_day_first.csv" else []
    first = cli.json("import", path, *extra)
    assert first["new"] > 0
    before = cli("export", "--jsonl").stdout
    again = cli.json("import", path, *extra)
    assert (again["new"], again["updated"], again["changes"]) == (0, 0, [])
    assert cli("export", "--jsonl").stdout == before


def test_dry_run_preview_tells_columns_words_changes_and_warnings(cli, tmp_path):
    cli("import", HERE / "two_casting_columns.csv")
    sheet = tmp_path / "later.csv"
    sheet.write_text(
        "Date,Project,Role,Casting Company,Status,Parking\n"
        "2026-05-18,Silent Waters,Detective,Ruiz & Partners Casting,Booked!,$12\n"
        "2026-07-01,New One,Lead,Bluebird Casting,,\n"
    )
    out = " ".join(cli("import", sheet, "--dry-run").stdout.split())
    assert "Would import later.csv: 1 new, 0 already present, 1 updated. Nothing was written." in out
    assert "Parking" in out and "parking" in out  # a cost column: kept as an expense
    assert "Booked!" in out and "booked" in out
    assert "Silent Waters (Detective), 2026-05-18" in out and "+ booked 2026-05-18" in out
    assert "New One" in out
    data = cli.json("import", sheet, "--dry-run")
    assert set(data) == {"new", "present", "updated", "columns", "values", "warnings", "changes"}
    assert data["changes"] == [
        {
            "uid": data["changes"][0]["uid"],
            "fields": [],
            "events": [{"status": "booked", "date": "2026-05-18", "note": None}],
        }
    ]
    assert len(cli.json("list")) == 3  # the dry run wrote nothing


def test_an_outcome_the_journal_has_is_not_added_again(cli, tmp_path):
    aid = cli.add("Night Shift", "--role", "Kim", "--date", "2026-10-01")
    cli("mark", aid, "callback", "--date", "2026-10-08")
    cli("mark", aid, "booked", "--date", "2026-12-02")  # a scheduled one
    sheet = tmp_path / "s.csv"
    sheet.write_text("Date,Project,Role,Result,Booked?\n2026-10-01,Night Shift,Kim,Callback,yes\n")
    summary = cli.json("import", sheet)
    assert (summary["new"], summary["updated"]) == (0, 0)
    assert [e["status"] for e in cli.json("show", aid)["events"]] == ["callback", "booked"]


def test_unknown_words_stop_the_import_naming_every_problem_and_the_map(cli, tmp_path, db_path):
    sheet = tmp_path / "odd.csv"
    sheet.write_text(
        "Date,Project,Result,Rating,Callback?\n"
        "2026-10-01,Fine,Booked,3,no\n"
        "2026-13-45,,Maybe later,9,perhaps\n"
    )
    err = cli("import", sheet, code=2).stderr
    lines = err.splitlines()
    assert lines[0] == "Error: 1 bad row; nothing was imported"
    for column in ("Date", "Project", "Result", "Rating", "Callback?"):
        assert any(ln.startswith(f"  row 2, column {column}:") for ln in lines), (column, err)
    assert '--map "Result:Maybe later=callback"' in err
    assert not db_path.exists()
    cli("import", sheet, "--map", "Result:Maybe later=none", "--map", "Callback?:perhaps=no", code=2)
    fixed = tmp_path / "fixed.csv"
    fixed.write_text(
        "Date,Project,Result\n2026-10-01,Fine,Straight to producers!!\n2026-10-02,Two,Maybe later\n"
    )
    cli("import", fixed, "--map", "Result:Maybe later=callback")
    assert [r["status"] for r in cli.json("list")] == ["callback", "callback"]


def test_a_wrong_delimiter_gets_no_map_hint(cli, tmp_path):
    sheet = tmp_path / "one.csv"
    sheet.write_text("My auditions\nnothing here but words\n")
    err = cli("import", sheet, code=2).stderr
    assert err.startswith("Error: one.csv reads as a single column") and len(err.splitlines()) == 1
    assert "--map" not in err
    (tmp_path / "two.csv").write_text("Datum,Projekt\n2026-01-01,A\n")  # a map does help here
    assert '--map "Header=date"' in cli("import", tmp_path / "two.csv", code=2).stderr


def test_saved_map_is_reused_by_name_and_from_a_file(cli, tmp_path):
    sheet = tmp_path / "monthly.csv"
    sheet.write_text("Spot,Day,Verdict\nAcme,2026-10-01,Straight to producers\nZed,2026-10-02,meh\n")
    flags = ["--map", "Spot=project", "--map", "Day=date", "--map", "Verdict:meh=released"]
    cli("import", sheet, *flags, "--save-map", "agency")
    assert cli.json("import", sheet, "--profile", "agency")["new"] == 0
    saved = next((tmp_path / "maps").glob("agency.map"))
    assert "Verdict:meh=released" in saved.read_text() and oct(saved.stat().st_mode)[-3:] == "600"
    mapfile = tmp_path / "my.map"
    mapfile.write_text("# my sheet\nSpot=project\nDay=date\nVerdict:meh=released\n")
    assert cli.json("import", sheet, "--map-file", mapfile)["present"] == 2
    assert "no saved map" in cli("import", sheet, "--profile", "nope", code=2).stderr
    assert cli("import", sheet, "--save-map", "../x", *flags, code=2).stderr.startswith("Error:")


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"   \n\n",
        b"Date,Project,Role\n",
        b"My Audition Log 2026\n",
        b"Date,Project\n2026-10-01,Nul\x00here\n",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        "Date,Project\n".encode("utf-16") + b"\x00\xd8",
    ],
)
def test_broken_files_are_one_error_exit_2_nothing_written(cli, tmp_path, db_path, content):
    path = tmp_path / "x.csv"
    path.write_bytes(content)
    err = cli("import", path, code=2).stderr
    assert err.startswith("Error:") and "Traceback" not in err
    assert not db_path.exists()


def test_huge_cells_and_a_long_note_survive(cli, tmp_path):
    note = "word " * 40000  # 200 KB, past csv's default 128 KiB field limit
    sheet = tmp_path / "big.csv"
    sheet.write_text(f'Date,Project,Notes\n2026-10-01,Long,"{note}"\n')
    cli("import", sheet)
    assert cli.json("list")[0]["notes"] == note.strip()


def test_csv_export_carries_the_whole_event_history(cli, tmp_path):
    aid = cli.add("Night Shift", "--role", "Kim", "--date", "2026-10-01", "--note", "n" * 140_000)
    cli("mark", aid, "callback", "--date", "2026-10-08", "--note", "chemistry read, with a comma")
    cli("mark", aid, "pinned", "--date", "2026-10-10")
    cli("mark", aid, "released", "--date", "2026-10-20", "--note", 'said "next time"')
    cli("mark", aid, "callback", "--date", "2026-12-01", "--note", "scheduled")
    out = tmp_path / "all.csv"
    cli("export", "--csv", "-o", out)
    header = out.read_text().splitlines()[0].split(",")
    assert "events" in header
    other = tmp_path / "other.db"
    assert cli.json("--db", other, "import", out)["new"] == 1
    mine, theirs = cli.json("show", aid), cli.json("--db", other, "show", "1")
    for rec in (mine, theirs):
        rec.pop("id")
    assert theirs == mine


def test_costs_on_later_rounds_and_repeated_rows_are_kept_once_each(cli, tmp_path):
    sheet = tmp_path / "rounds_with_costs.csv"
    sheet.write_text(
        "Date,Project,Role,Round,Parking\n"
        "2026-03-03,Night Shift,Nurse,1st Audition,10\n"
        "2026-03-10,Night Shift,Nurse,Callback,12.50\n"
        "2026-04-01,Day Job,Clerk,,8\n"
        "2026-04-01,Day Job,Clerk,,8\n"  # the same row copied: the same cost, once
        "2026-05-02,Long Shot,Lead,1st Audition,\n"
        "2026-05-09,Long Shot,Lead,Callback,6\n"  # a cost only on the later round
    )
    cli("import", sheet)
    rows = by_project(cli.json("list", "--all", "--json"))
    assert [(x["date"], x["amount"], x["what"]) for x in rows["Night Shift"]["expenses"]] == [
        ("2026-03-03", 10, "parking"),
        ("2026-03-10", 12.5, "parking"),
    ]
    assert [(x["date"], x["amount"]) for x in rows["Day Job"]["expenses"]] == [("2026-04-01", 8)]
    assert [(x["date"], x["amount"]) for x in rows["Long Shot"]["expenses"]] == [("2026-05-09", 6)]
    assert cli.json("import", sheet)["new"] == 0  # and again changes nothing
    assert cli.json("expenses", "--year", "2026")["total"] == 36.5
