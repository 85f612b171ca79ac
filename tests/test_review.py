"""`callback review`: the season as plain data (review.py), in the terminal, and its errors."""

from __future__ import annotations

from datetime import date

import pytest
from handjournal import build

from callback_cli import review
from callback_cli.journal import Journal
from callback_cli.store import Store


@pytest.fixture
def hand(cli):
    build(cli)
    return cli


def test_review_json_is_the_season(hand):
    doc = hand.json("review", "--year", "2026")
    assert (doc["since"], doc["until"]) == ("2026-01-01", "2026-12-31")
    assert (doc["auditions"], doc["advanced"], doc["booked"]) == (6, 3, 1)
    # months up to today's, empty ones included, each with its 95% range
    assert [(m["key"], m["auditions"], m["advanced"]) for m in doc["months"]] == [
        ("2026-01", 2, 2),
        ("2026-02", 2, 1),
        ("2026-03", 2, 0),
    ]
    jan = doc["months"][0]
    assert jan["low"] == pytest.approx(0.342, abs=0.001) and jan["high"] == 1.0
    assert [(c["casting"].lower(), c["auditions"], c["advanced"]) for c in doc["casting"]] == [
        ("jane doe casting", 2, 2),
        ("ad co", 2, 1),
        ("old vic", 1, 0),
    ]
    assert [(b["audition_id"], b["booked_on"], b["project"]) for b in doc["bookings"]] == [
        (1, "2026-01-15", "P1")
    ]
    # offices not seen for 90 days or more, over the whole history: none yet on 2026-03-11
    assert doc["not_seen"] == {"days": 90, "offices": []}
    assert doc["patterns"]["overall"]["auditions"] == 6 and doc["patterns"]["standouts"] == []


def test_review_without_a_range_is_this_year_and_since_until_work(hand):
    assert hand.json("review")["since"] == "2026-01-01"
    feb = hand.json("review", "--since", "2026-02-01", "--until", "2026-02-28")
    assert (feb["auditions"], feb["advanced"]) == (2, 1)
    assert [m["key"] for m in feb["months"]] == ["2026-02"]


def test_offices_not_seen_lately(hand, monkeypatch):
    monkeypatch.setenv("CALLBACK_TODAY", "2026-06-01")
    quiet = hand.json("review")["not_seen"]["offices"]
    assert [(o["casting"].lower(), o["days_since"]) for o in quiet] == [
        ("jane doe casting", 140),
        ("ad co", 105),
    ]


def test_review_bad_ranges_are_exit_2(hand):
    assert hand("review", "--year", "2026", "--since", "2026-01-01", code=2).stderr.startswith("Error:")
    hand("review", "--year", "99999", code=2)
    assert hand("review", "--since", "2026-03-01", "--until", "2026-01-01", code=2).stderr.startswith(
        "Error:"
    )


def test_review_in_the_terminal_draws_bars_and_words(hand):
    out = hand("review", "--year", "2026").stdout
    assert "Season review: 2026" in out
    assert "6 auditions · 3 called back (callback rate 50%" in out
    assert "2026-01  " in out and "█" in out  # the months as bars
    assert "jane doe casting" in out.lower() and "called back" in out
    assert "Nothing stands out yet" in out
    assert "Thu 15 Jan: Role P1 in P1" in out


def test_review_of_an_empty_journal(cli):
    assert "No auditions in this range yet." in cli("review").stdout
    doc = cli.json("review")
    assert doc["auditions"] == 0 and doc["casting"] == [] and doc["bookings"] == []


def test_season_directly(hand):
    store = Store.open(hand.path)
    try:
        today = date(2026, 3, 11)
        doc = review.season(store, Journal(store, today, 14).select, today, "2026-01-01", "2026-01-31")
        assert (doc["auditions"], doc["advanced"], doc["booked"]) == (2, 2, 1)
        assert [m["key"] for m in doc["months"]] == ["2026-01"]
        assert review.year_range(2026) == ("2026-01-01", "2026-12-31")
    finally:
        store.close()


def test_name_is_a_setting_the_pages_show(cli, tmp_path):
    cli("config", "set", "name", "Alex Morgan")
    assert cli.json("config")["name"] == "Alex Morgan"
    cli.add("P", "--date", "2026-03-10")
    cli("review", "--html", tmp_path / "s.html")
    assert "Season review · Alex Morgan" in (tmp_path / "s.html").read_text()
    cli("config", "unset", "name")
    assert cli.json("config")["name"] is None


def test_an_empty_season_has_a_page_but_no_chart_card(cli, tmp_path):
    result = cli("review", "--html", tmp_path / "s.html", "--svg", tmp_path / "s.svg", code=2)
    assert result.stderr.strip() == "Error: there is nothing to chart in this range"
    assert not (tmp_path / "s.html").exists() and not (tmp_path / "s.svg").exists()
    cli("review", "--html", tmp_path / "s.html")
    assert "No auditions in this range yet." in (tmp_path / "s.html").read_text()
