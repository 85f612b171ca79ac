"""The import's pure layers, read directly: headers, dates, bytes to rows, rows to records."""

from datetime import date

import pytest

from callback_cli.errors import BadInput, ImportRowsError
from callback_cli.importing import dates as idates
from callback_cli.importing import headers as h
from callback_cli.importing import text as itext
from callback_cli.importing.sheet import Mapping, Reader

TODAY = date(2026, 11, 23)


# ---- headers -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "header,field",
    [
        ("Audition Date", "date"),
        ("date_auditioned", "date"),
        ("Name of Project", "project"),
        ("Project Name", "project"),
        ("projectTitle", "project"),
        ("roleSize", "size"),
        ("Role Type", "size"),
        ("casting_office", "casting"),
        ("Casting Director / Agency", "casting"),
        ("CASTING DIRECTOR", "casting"),
        ("What I Wore", "outfit"),
        ("Headshot Used", "headshot"),
        ("Met With", "room"),
        ("Submitted By", "source"),
        ("Type of Project", "type"),
        ("Audition Type", "format"),
        ("Did I get a callback?", "callback"),
        ("Callback?", "callback"),
        ("Called back", "callback"),
        ("Did I book it?", "booked"),
        ("Booked?", "booked"),
        ("Result", "status"),
        ("Audition Round", "round"),
        ("Stage", "round"),
        ("Rating (1-5)", "rating"),
        ("Thoughts", "notes"),
        ("Material", "notes"),
        ("Sides", "notes"),
        ("Follow-Up Date", "notes"),
        ("Parking", "parking"),
    ],
)
def test_headers_name_fields_in_any_spelling(header, field):
    assert h.match(header).field == field


def test_words_split_camel_and_snake_case():
    assert h.words("castingDirector") == ["casting", "director"]
    assert h.words("role_size") == ["role", "size"]
    assert h.words("HTMLNotes") == ["html", "notes"]
    assert h.words("Callback?") == ["callback", "?"]


def test_order_of_words_does_not_matter():
    assert h.match("Date Audition").field == h.match("Audition Date").field == "date"
    assert h.match("Size Role").field == "size"


def test_two_columns_on_one_field_are_never_collapsed():
    cols = h.plan(["Date", "Project", "Casting Company", "Casting Director", "Audition Date"])
    assert [(c.field, c.aside, c.clash) for c in cols] == [
        ("date", False, False),
        ("project", False, False),
        ("casting", False, False),
        ("room", False, True),
        ("notes", True, True),
    ]
    # with a room column too, the second casting column joins it (each person named)
    cols = h.plan(["Date", "Project", "CD", "Casting Office", "Room"])
    assert [c.field for c in cols] == ["date", "project", "room", "casting", "room"]


def test_plan_follows_the_users_map_and_names_what_it_drops():
    cols = h.plan(["When", "Spot", "Parking"], {"spot": "project", "Parking": "skip"})
    assert [(c.field, c.why) for c in cols] == [
        ("date", None),
        ("project", None),
        (None, "skipped by --map"),
    ]
    assert h.plan(["Date", "Name"])[1].field == "project"  # a title column when nothing else is


# ---- dates ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "cell,order,expect",
    [
        ("3-Nov-2026", "mdy", ("2026-11-03", None)),
        ("11/3/26", "mdy", ("2026-11-03", None)),
        ("Tue, Nov 3, 2026", "mdy", ("2026-11-03", None)),
        ("03.11.2026", "dmy", ("2026-11-03", None)),
        ("2026-11-03T18:00:00Z", "mdy", ("2026-11-03", "18:00")),
        ("2026-11-03 09:05:00", "mdy", ("2026-11-03", "09:05")),
        ("10/05/2026 10:30 AM", "mdy", ("2026-10-05", "10:30")),
        ("10/05/2026 2:15pm", "dmy", ("2026-05-10", "14:15")),
        ("46329", "mdy", ("2026-11-03", None)),
        ("November 3, 2026", "mdy", ("2026-11-03", None)),
        ("3rd November 2026", "mdy", ("2026-11-03", None)),
    ],
)
def test_date_styles(cell, order, expect):
    stamp = idates.parse(cell, order, TODAY)
    assert (stamp.date, stamp.time) == expect


def test_yearless_dates_are_flagged():
    assert idates.parse("Jan 6", "mdy", TODAY) == idates.Stamp("2026-01-06", None, True)
    assert idates.parse("6/1", "dmy", TODAY).yearless


def test_order_is_decided_by_the_whole_column():
    assert idates.detect_order(["02/09/2026", "14/10/2026"], "mdy") == idates.Order("dmy", False)
    assert idates.detect_order(["6/4/2026", "8/20/2026"], "dmy") == idates.Order("mdy", False)
    assert idates.detect_order(["1/2/2026", "3/4/2026"], "dmy") == idates.Order("dmy", True)
    assert idates.detect_order(["03.11.2026"], "mdy") == idates.Order("dmy", False)
    assert idates.detect_order(["2026-01-02", "Nov 3"], "mdy") == idates.Order("mdy", False)


def test_impossible_dates_are_bad_input():
    for cell in ("2026-13-45", "31/31/2026", "soon-ish"):
        with pytest.raises(BadInput):
            idates.parse(cell, "mdy", TODAY)


# ---- bytes to rows -------------------------------------------------------------------------
def test_encodings_are_detected():
    text = "Date,Project\n2026-01-01,Café Zoë – L’Été\n"
    for data, enc in (
        (text.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + text.encode("utf-8"), "utf-8-sig"),
        (text.encode("utf-16"), "utf-16"),
        (text.encode("utf-16-le"), "utf-16-le"),
        (text.encode("cp1252"), "cp1252"),
    ):
        assert itext.decode(data, "x") == (text, enc)
    with pytest.raises(BadInput, match="binary"):
        itext.decode(b"PK\x03\x04\x00\x01\x02garbage" * 3 + b"\x00", "x")


@pytest.mark.parametrize("delim", [",", ";", "\t", "|"])
def test_delimiter_is_sniffed(delim):
    text = (
        f"Date{delim}Project{delim}Casting\n"
        f"2026-01-01{delim}A, the musical{delim}X\n2026-01-02{delim}B{delim}Y\n"
    )
    assert itext.sniff(text) == delim


def test_title_row_and_blank_rows_above_the_header_are_skipped():
    rows = [
        ["My auditions 2026", "", ""],
        ["", "", ""],
        ["Date", "Project", "Role"],
        ["2026-01-01", "A", "B"],
    ]
    table = itext.table(rows, "x")
    assert table.header == ["Date", "Project", "Role"] and table.above == ["My auditions 2026"]
    assert table.rows == [(1, ["2026-01-01", "A", "B"])]


def test_empty_and_title_only_files_are_refused():
    with pytest.raises(BadInput, match="empty"):
        itext.table([["", ""], []], "x")


# ---- rows to records -------------------------------------------------------------------------
def read(header, rows, mapping=None, order="mdy"):
    reader = Reader(header, TODAY, mapping or Mapping(), order, "x.csv")
    return reader.read(list(enumerate(rows, 1))), reader.report


def test_every_problem_of_a_bad_row_is_named():
    with pytest.raises(ImportRowsError) as err:
        read(["Date", "Project", "Result", "Rating"], [["2026-02-30", "", "hmm", "11"]])
    assert [(n, c) for n, c, _ in err.value.problems] == [
        (1, "Date"),
        (1, "Result"),
        (1, "Rating"),
        (1, "Project"),
    ]
    assert "--map" in err.value.hint


def test_a_bad_date_alone_gets_no_map_hint():
    with pytest.raises(ImportRowsError) as err:
        read(["Date", "Project"], [["nonsense", "A"]])
    assert getattr(err.value, "hint", None) is None


def test_value_map_gives_a_word_its_meaning():
    mapping = Mapping.parse(["Result:Went to network=callback", "Result:meh=none"])
    records, report = read(
        ["Date", "Project", "Result"],
        [["2026-01-01", "A", "went to network"], ["2026-01-02", "B", "meh"]],
        mapping,
    )
    assert [r.events for r in records] == [[("callback", "2026-01-01", None)], []]
    assert report.values["status"]["went to network"] == "callback"


def test_missing_date_or_project_column_says_how_to_map_it():
    with pytest.raises(BadInput, match='--map "Header=project"'):
        read(["Date", "Thing"], [["2026-01-01", "A"]])


def test_a_nul_is_refused_other_controls_kept_and_vertical_tab_is_a_line_break():
    with pytest.raises(ImportRowsError, match="bad row") as err:
        read(["Date", "Project"], [["2026-01-01", "A\x00B"]])
    assert "U+0000" in err.value.problems[0][2]
    # text a journal holds (screens show it as visible symbols): kept exactly, for a lossless
    # round trip of callback's own CSV export
    records, _ = read(["Date", "Project"], [["2026-01-01", "A\x1b[2J"]])
    assert records[0].values["project"] == "A\x1b[2J"
    records, _ = read(["Date", "Project", "Notes"], [["2026-01-01", "A", "one\x0btwo"]])
    assert records[0].values["notes"] == "one\ntwo"


def test_rounds_without_a_round_column_need_a_role_and_an_open_audition():
    rows = [
        ["2026-06-04", "Harbor Lights", "", "Callback"],
        ["2026-08-20", "Harbor Lights", "", "Booking"],  # no role: two auditions
        ["2026-09-01", "Night Shift", "Kim", ""],
        ["2026-09-08", "Night Shift", "Kim", "Booked"],  # a week later, still open: a round
        ["2026-10-01", "Oak", "Mom", "Released"],
        ["2026-10-08", "Oak", "Mom", ""],  # released before: a new audition
    ]
    records, _ = read(["Date", "Project", "Role", "Result"], rows)
    assert [(r.values["project"], r.events) for r in records] == [
        ("Harbor Lights", [("callback", "2026-06-04", None)]),
        ("Harbor Lights", [("booked", "2026-08-20", None)]),
        ("Night Shift", [("callback", "2026-09-08", None), ("booked", "2026-09-08", None)]),
        ("Oak", [("released", "2026-10-01", None)]),
        ("Oak", []),
    ]


def test_totals_row_and_repeated_header_are_skipped():
    rows = [["Date", "Project"], ["2026-01-01", "A"], ["", "Total: 1"]]
    records, report = read(["Date", "Project"], rows)
    assert [r.values["project"] for r in records] == ["A"]
    assert report.warnings == ["row 3: a totals row ('Total: 1'), not an audition: skipped"]


@pytest.mark.parametrize("cell,rating", [("4", 4), ("4/5", 4), ("8/10", 4), ("★★★", 3), ("5 stars", 5)])
def test_ratings_as_people_write_them(cell, rating):
    records, _ = read(["Date", "Project", "Rating"], [["2026-01-01", "A", cell]])
    assert records[0].values["rating"] == rating


# ---- callback's own records: the fast path ---------------------------------------------------
@pytest.mark.parametrize(
    "given,clean",
    [
        ({"date": "2026-01-02", "project": "A", "type": "tv", "size": "co-star", "rating": 4}, True),
        ({"date": "2026-01-02", "project": " A"}, False),
        ({"date": "2026-02-30", "project": "A"}, False),
        ({"date": "1/2/2026", "project": "A"}, False),
        ({"date": "2026-01-02", "project": "A", "type": "TV"}, False),
        ({"date": "2026-01-02", "project": "A", "size": "costar"}, False),
        ({"date": "2026-01-02", "project": "A", "source": "Agent"}, False),
        ({"date": "2026-01-02", "project": "A", "rating": 6}, False),
        ({"date": "2026-01-02", "project": "A", "rating": True}, False),
    ],
)
def test_values_already_clean_skip_validation_only_when_it_would_change_nothing(given, clean):
    from callback_cli.importing.rows import already_clean
    from callback_cli.journal import clean_fields

    assert already_clean(given) is clean
    if clean:
        assert clean_fields(given, base=TODAY) == given


def test_a_huge_cell_in_the_first_lines_does_not_hide_the_delimiter():
    text = "Date;Project;Notes\n2026-01-01;A;" + "x" * 300_000 + "\n2026-01-02;B;short\n"
    assert itext.sniff(text) == ";"


def test_a_map_to_a_field_this_version_lacks_is_refused_not_dropped():
    from callback_cli import models

    if "miles" not in models.FIELDS:
        with pytest.raises(BadInput, match="keeps no miles"):
            Mapping.parse(["Mileage=miles"])
    assert Mapping.parse(["Mileage=skip"]).fields == {"mileage": "skip"}
