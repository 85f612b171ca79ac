"""Report figures against a journal counted by hand (see handjournal.py)."""

from datetime import date

import pytest
from handjournal import build

from callback_cli import reports
from callback_cli.journal import Journal
from callback_cli.reports import wilson
from callback_cli.store import Store


@pytest.fixture
def hand(cli):
    build(cli)
    return cli


def test_totals(hand):
    s = hand.json("stats")
    assert (s["auditions"], s["advanced"], s["booked"]) == (6, 3, 1)  # #7 is upcoming
    assert s["callback_rate"] == 0.5 and s["booking_rate"] == 1 / 6 and s["conversion"] == 1 / 3
    assert s["since"] is None and s["by"] is None and s["groups"] == []


def _groups(doc):
    return [(g["key"], g["auditions"], g["advanced"], g["booked"]) for g in doc["groups"]]


def test_by_type_sorted_by_volume_then_key(hand):
    assert _groups(hand.json("stats", "--by", "type")) == [
        ("commercial", 2, 1, 0),
        ("tv", 2, 2, 1),
        ("film", 1, 0, 0),
        ("theatre", 1, 0, 0),
    ]


def test_by_tag_counts_each_tag_and_untagged_is_null(hand):
    assert _groups(hand.json("stats", "--by", "tag")) == [
        (None, 3, 1, 0),
        ("comedy", 2, 1, 0),
        ("drama", 2, 2, 1),
    ]


def test_by_casting_ignores_case(hand):
    groups = _groups(hand.json("stats", "--by", "casting"))
    assert groups[0] == ("Ad Co", 2, 1, 0)
    assert groups[1][0].lower() == "jane doe casting" and groups[1][1:] == (2, 2, 1)
    assert groups[2:] == [("Old Vic", 1, 0, 0), (None, 1, 0, 0)]


def test_by_weekday_week_and_month(hand):
    assert _groups(hand.json("stats", "--by", "weekday")) == [
        ("mon", 4, 3, 1),
        ("fri", 1, 0, 0),
        ("wed", 1, 0, 0),
    ]
    assert _groups(hand.json("stats", "--by", "month")) == [
        ("2026-01", 2, 2, 1),
        ("2026-02", 2, 1, 0),
        ("2026-03", 2, 0, 0),
    ]
    weeks = hand.json("stats", "--by", "week")
    assert ("2026-W02", 1, 1, 1) in _groups(weeks) and len(weeks["groups"]) == 6
    series = [g["key"] for g in weeks["series"]]
    assert series[0] == "2026-W02" and series[-1] == "2026-W11" and len(series) == 10
    assert next(g for g in weeks["series"] if g["key"] == "2026-W04")["auditions"] == 0


def test_by_rating_keys_are_numbers(hand):
    assert _groups(hand.json("stats", "--by", "rating")) == [(None, 4, 1, 0), (3, 1, 1, 0), (4, 1, 1, 1)]


def test_ranges_are_inclusive(hand):
    s = hand.json("stats", "--since", "2026-02-04", "--until", "2026-03-06")
    assert (s["auditions"], s["advanced"], s["booked"]) == (3, 1, 0)
    assert s["since"] == "2026-02-04" and s["until"] == "2026-03-06"
    assert hand.json("stats", "--month")["auditions"] == 2  # #7 is upcoming
    empty = hand.json("stats", "--since", "2025-01-01", "--until", "2025-02-01")
    assert empty["auditions"] == 0 and empty["callback_rate"] is None and empty["conversion"] is None


def test_human_stats_match_json(hand):
    out = hand("stats", "--by", "type").stdout
    assert "6 auditions" in out and "3 called back" in out and "50%" in out and "1 in 6" in out
    assert "of callbacks became bookings" in out
    assert "commercial" in out and "For context" in out


def test_weekly_report(hand):
    r = hand.json("report")
    assert r["week"] == {"start": "2026-03-09", "end": "2026-03-15"}
    assert [a["project"] for a in r["auditions"]] == ["P6"]
    assert (r["callbacks"], r["bookings"], r["callback_rate"]) == (0, 0, 0.0)
    assert r["trailing"]["weeks"] == 12 and r["trailing"]["auditions"] == 5
    assert r["trailing"]["callback_rate"] == 0.6
    assert r["streak_weeks"] == 2 and r["weeks_since_booking"] == 7
    assert [(u["kind"], u["date"], u["project"]) for u in r["upcoming"]] == [
        ("callback", "2026-03-13", "P6"),
        ("audition", "2026-03-20", "P7"),
    ]
    assert {f["item"] for f in r["followups"]} == {"notes", "no-word", "prep"}


def test_report_other_weeks(hand):
    last = hand.json("report", "last")
    assert last["week"]["start"] == "2026-03-02" and [a["project"] for a in last["auditions"]] == ["P5"]
    jan = hand.json("report", "2026-01-14")
    assert jan["week"] == {"start": "2026-01-12", "end": "2026-01-18"}
    assert (jan["callbacks"], jan["bookings"]) == (1, 1)  # #2's callback, #1's booking
    assert hand.json("report", "Jan 8")["callbacks"] == 1
    hand("report", "someday", code=2)


def test_week_start_from_config(hand, tmp_path):
    (tmp_path / "config.toml").write_text('week_start = "sunday"\n')
    assert hand.json("report")["week"] == {"start": "2026-03-08", "end": "2026-03-14"}


def test_report_exports_html_and_svg(hand, tmp_path):
    hand("report", "--html", tmp_path / "w.html", "--svg", tmp_path / "w.svg")
    assert "P6" in (tmp_path / "w.html").read_text() and "<svg" in (tmp_path / "w.svg").read_text()


def test_people(hand):
    rows = hand.json("people")
    assert [
        (r["casting"].lower(), r["auditions"], r["advanced"], r["booked"], r["last_seen"]) for r in rows
    ] == [
        ("jane doe casting", 2, 2, 1, "2026-01-12"),
        ("ad co", 2, 1, 0, "2026-02-16"),
        ("old vic", 1, 0, 0, "2026-03-09"),
    ]
    assert rows[0]["projects"] == ["P2", "P1"] and rows[0]["callback_rate"] == 1.0
    stale = hand.json("people", "--not-seen", "30")
    assert [r["casting"].lower() for r in stale] == ["jane doe casting"]


def test_patterns_honest_about_small_samples(hand):
    doc = hand.json("patterns", "--min", "2")
    assert doc["overall"] == {"auditions": 6, "advanced": 3, "callback_rate": 0.5}
    keys = {(p["dimension"], p["key"]): (p["auditions"], p["advanced"]) for p in doc["patterns"]}
    assert keys[("format", "self-tape")] == (3, 2) and keys[("weekday", "mon")] == (4, 3)
    assert ("rating", 4) not in keys  # one audition is under --min
    assert all(p["signal"] is None for p in doc["patterns"])
    assert "Nothing stands out" in hand("patterns", "--min", "2").stdout


def test_patterns_find_a_real_difference(cli):
    for n in range(40):
        fmt = "in-person" if n % 2 else "self-tape"
        aid = cli.add(f"P{n}", "--date", "2026-01-10", "--format", fmt)
        if fmt == "in-person" and n % 10 != 1:
            cli("mark", aid, "callback", "--date", "2026-01-12")
    doc = cli.json("patterns")
    first, second = doc["patterns"][:2]
    assert (first["key"], first["signal"]) in {("in-person", "above"), ("self-tape", "below")}
    assert {first["key"], second["key"]} == {"in-person", "self-tape"}
    assert "above your usual" in cli("patterns").stdout


def test_wilson_interval_matches_reference_values():
    low, high = wilson(2, 2)
    assert round(low, 4) == 0.3424 and high == 1.0
    low, high = wilson(5, 20)
    assert (round(low, 4), round(high, 4)) == (0.1119, 0.4687)


def test_empty_journal_reports_are_friendly(cli, db_path):
    assert "No auditions" in cli("stats").stdout
    assert cli.json("stats")["callback_rate"] is None
    assert cli.json("people") == [] and cli.json("patterns")["patterns"] == []
    assert "No auditions this week" in cli("report").stdout
    assert not db_path.exists()


# ---- the domain called directly: reports receive the store (and the follow-ups) ------------
TODAY = date(2026, 3, 11)


def test_reports_directly_over_the_store(hand, db_path):
    store = Store.open(db_path)
    try:
        stats = reports.stats(store, TODAY, by="type")
        assert (stats["auditions"], stats["advanced"], stats["booked"]) == (6, 3, 1)
        assert [(g["key"], g["auditions"]) for g in stats["groups"]][:2] == [("commercial", 2), ("tv", 2)]
        assert reports.grouped(store, "format", None, None, TODAY, with_unset=False) != []
        people = reports.people(store, TODAY)
        assert [p["casting"].lower() for p in people] == ["jane doe casting", "ad co", "old vic"]
        doc = reports.patterns(store, TODAY, minimum=2)
        assert doc["overall"] == {"auditions": 6, "advanced": 3, "callback_rate": 0.5}
        journal = Journal(store, TODAY, 14)
        given = [{"item": "handed in"}]
        week = reports.weekly(store, journal.select, TODAY, None, 0, given)
        assert week["followups"] is given  # the report carries the checklist it was given
        assert week["week"] == {"start": "2026-03-09", "end": "2026-03-15"} and week["streak_weeks"] == 2
    finally:
        store.close()


def test_verdict_words():
    assert reports.verdict({"signal": "above", "low": 0.1, "high": 0.9}) == "above your usual"
    assert reports.verdict({"signal": "below", "low": 0.1, "high": 0.9}) == "below your usual"
    assert reports.verdict({"signal": None, "low": 0.40, "high": 0.55}) == "about your usual"
    assert reports.verdict({"signal": None, "low": 0.1, "high": 0.9}) == "too few to tell"
