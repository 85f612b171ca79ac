"""Words that tell the truth: what human screens say about dates, counts and statuses, and
the commands behind them (through the real command and the real journal file)."""

from __future__ import annotations

from datetime import date

import pytest

from callback_cli import dates
from callback_cli.render import words

TODAY = date(2026, 3, 11)  # a Wednesday, as in conftest


@pytest.mark.parametrize(
    "day, said",
    [
        ("2026-03-11", "today"),
        ("2026-03-10", "yesterday"),
        ("2026-03-06", "5 days ago"),  # never "0 weeks ago"
        ("2026-02-18", "3 weeks ago"),
        ("2025-12-01", "3 months ago"),
        ("2026-03-13", "in 2 days"),
        ("2026-03-12", "tomorrow"),
    ],
)
def test_ago_uses_the_unit_a_person_would(day, said):
    assert words.ago(day, TODAY) == said


def test_plural_and_listing():
    assert words.plural(1, "audition") == "1 audition"
    assert words.plural(2, "audition") == "2 auditions"
    assert words.listing(["a", "b", "c"]) == "a, b and c"


def _rec(day, status="auditioned", events=(), stale=False):
    return {"date": day, "status": status, "events": list(events), "stale": stale}


def test_status_says_what_has_not_happened_yet():
    assert words.status(_rec("2026-03-20"), TODAY) == "upcoming"
    future_cb = _rec("2026-03-01", "callback", [{"status": "callback", "date": "2026-03-12", "note": None}])
    assert words.status(future_cb, TODAY) == "callback Thu 12 Mar"
    future_book = _rec("2026-03-01", "booked", [{"status": "booked", "date": "2026-03-18", "note": None}])
    assert words.status(future_book, TODAY) == "booking Wed 18 Mar"  # not booked until its date
    assert words.status(_rec("2026-01-01", stale=True), TODAY) == "stale"
    assert words.status(_rec("2026-01-01", "callback", stale=True), TODAY) == "callback, stale"
    assert words.status(_rec("2026-01-01", "released"), TODAY) == "released"


def test_last_news_measures_the_latest_event_not_the_audition():
    rec = _rec("2026-01-01", "callback", [{"status": "callback", "date": "2026-03-06", "note": None}])
    assert words.last_news(rec, TODAY) == "5 days ago"
    assert words.last_news(_rec("2026-03-13"), TODAY) == "in 2 days"


def test_who_for_never_doubles_brackets_or_articles():
    assert words.who_for("Galaxy Rangers (game)", "Lawyer #2") == "Lawyer #2 in Galaxy Rangers (game)"
    assert words.who_for("The Gilded Age", None) == "The Gilded Age"


# ---- year-less dates ---------------------------------------------------------------------
def test_a_yearless_date_in_a_command_is_the_nearest_occurrence():
    jan5 = date(2027, 1, 5)
    assert dates.parse_date("Dec 28", base=jan5, nearest=True) == date(2026, 12, 28)  # 8 days ago
    assert dates.parse_date("12/28", base=jan5, nearest=True) == date(2026, 12, 28)
    assert dates.parse_date("28 Dec", base=jan5, nearest=True) == date(2026, 12, 28)
    assert dates.parse_date("Jan 20", base=jan5, nearest=True) == date(2027, 1, 20)
    # in an import file it stays in the current year, as the contract says
    assert dates.parse_date("Dec 28", base=jan5) == date(2027, 12, 28)


def test_a_yearless_date_typed_in_add_lands_in_last_year_when_that_is_nearer(cli, monkeypatch):
    monkeypatch.setenv("CALLBACK_TODAY", "2027-01-05")
    rec = cli.json("add", "Night Shift", "--date", "Dec 28")
    assert rec["date"] == "2026-12-28"
    listed = cli.json("list", "--since", "Dec 20")
    assert [r["id"] for r in listed] == [rec["id"]]


# ---- list --status upcoming / stale ------------------------------------------------------
def test_list_status_takes_upcoming_and_stale(cli):
    old = cli.add("Old One", "--date", "2026-01-05")  # silent for two months: stale
    called = cli.add("Called", "--date", "2026-01-10")
    cli("mark", called, "callback", "--date", "2026-03-09")  # fresh news: not stale
    ahead = cli.add("Ahead", "--date", "2026-03-20")  # upcoming
    done = cli.add("Done", "--date", "2026-01-02")
    cli("mark", done, "released", "--date", "2026-01-20")  # closed: never stale
    ids = lambda *a: [int(x) for x in cli("list", *a, "--ids").stdout.split()]  # noqa: E731
    assert ids("--status", "upcoming") == [ahead]
    assert ids("--status", "stale") == [old]
    assert sorted(ids("--status", "stale", "--status", "upcoming")) == sorted([old, ahead])
    assert ids("--status", "released") == [done]
    records = {r["id"]: r for r in cli.json("list")}
    assert records[old]["stale"] and not records[called]["stale"] and records[ahead]["upcoming"]
    # JSON keeps the contract's meaning: a future audition's status is still "auditioned"
    assert records[ahead]["status"] == "auditioned"
    screen = cli("list").stdout
    assert "upcoming" in screen and "stale" in screen and "last news" in screen


def test_show_does_not_call_a_future_booking_booked(cli):
    aid = cli.add("Night Shift", "--date", "2026-03-02")
    cli("mark", aid, "booked", "--date", "2026-03-18")
    screen = cli("show", aid).stdout
    assert "booking Wed 18 Mar" in screen and "booked" not in screen
    assert cli.json("show", aid)["status"] == "booked"  # the contract's word, unchanged


# ---- one spelling per casting office; --source keeps its case ------------------------------
def test_an_office_typed_in_two_cases_is_one_office_spelled_as_most_recently(cli):
    cli.add("A", "--casting", "jane doe casting", "--date", "2026-02-01")
    for day in ("2026-02-10", "2026-02-20", "2026-02-25", "2026-03-01"):
        cli.add("B", "--casting", "Jane Doe Casting", "--date", day)
    cli.add("C", "--casting", "JANE DOE CASTING", "--date", "2026-03-05")  # the latest spelling
    people = cli.json("people")
    assert [(p["casting"], p["auditions"]) for p in people] == [("JANE DOE CASTING", 6)]
    groups = cli.json("stats", "--by", "casting")["groups"]
    assert [(g["key"], g["auditions"]) for g in groups] == [("JANE DOE CASTING", 6)]
    pats = cli.json("patterns", "--min", "1")["patterns"]
    assert [(p["key"], p["auditions"]) for p in pats if p["dimension"] == "casting"] == [
        ("JANE DOE CASTING", 6)
    ]


def test_source_keeps_its_case_and_groups_any_case(cli):
    cli.add("A", "--source", "Talent House")
    cli.add("B", "--source", "talent house")
    cli.add("C", "--source", "Talent House")
    assert cli.json("show", "1")["source"] == "Talent House"
    groups = cli.json("stats", "--by", "source")["groups"]
    assert [(g["key"], g["auditions"]) for g in groups] == [("Talent House", 3)]


# ---- slips fixed ---------------------------------------------------------------------------
def test_report_words(cli):
    cli.add("Night Shift", "--date", "2026-03-02")
    aid = cli.add("Harbor Lights", "--date", "2026-03-04")
    cli("mark", aid, "booked", "--date", "2026-03-06")
    screen = cli("report").stdout
    assert "Last booking Fri 6 Mar (5 days ago)" in screen  # not "(0 weeks ago)"
    assert "1 auditions" not in screen
    last = cli("report", "last").stdout
    assert "That week:" in last and "This week:" not in last


def test_report_with_nothing_counted_yet_never_says_rate_dash_against(cli):
    cli.add("Old", "--date", "2026-02-10")
    screen = cli("report").stdout
    assert "—, against" not in screen and "— against" not in screen
    assert "Over the 12 weeks before: callback rate 0% (1 audition)." in " ".join(screen.split())


def test_patterns_min_1_does_not_talk_of_fewer_than_1_audition(cli):
    cli.add("A")
    screen = cli("patterns", "--min", "1").stdout
    assert "fewer than 1" not in screen
    screen = cli("patterns", "--min", "2").stdout
    assert "fewer than 1" not in screen


def test_help_reads_as_english(cli):
    for command in (
        "",
        "add",
        "mark",
        "list",
        "show",
        "edit",
        "delete",
        "stats",
        "patterns",
        "people",
        "config",
    ):
        args = [command, "--help"] if command else ["--help"]
        text = cli(*args).stdout
        for slip in ("<str>", "{id}", "{status}", "<int range>", "x>=", "<path>", "`"):
            assert slip not in text, (command, slip)
    assert "--date DATE" in cli("add", "--help").stdout
    mark = cli("mark", "--help").stdout
    assert "what felt good" not in mark and "mark [OPTIONS] ID STATUS" in " ".join(mark.split())


def test_follow_up_texts_read_as_english(cli):
    cli.add("The Gilded Age", "--date", "2026-03-14")  # no role logged, coming up
    cli.add("Galaxy Rangers (game)", "--role", "Lawyer #2", "--date", "2026-03-10")
    items = cli.json("followups")
    texts = " ".join(i["text"] for i in items) + " ".join(" ".join(i["checklist"]) for i in items)
    assert "the The" not in texts and "(game) (" not in texts and "the role in" not in texts
    prep = next(i for i in items if i["item"] == "prep")
    assert prep["text"] == "Prepare for the audition on Sat 14 Mar: The Gilded Age."
    assert prep["checklist"][0] == "The project: The Gilded Age"
    notes = next(i for i in items if i["item"] == "notes")
    assert "Lawyer #2 in Galaxy Rangers (game)" in notes["text"]
