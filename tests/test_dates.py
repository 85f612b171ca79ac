from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from callback_cli.dates import parse_date, today, week_bounds
from callback_cli.errors import BadInput

BASE = date(2026, 3, 11)  # Wednesday

GOOD = [
    ("2026-03-01", date(2026, 3, 1)),
    ("2026/3/1", date(2026, 3, 1)),
    ("today", BASE),
    ("Today ", BASE),
    ("yesterday", date(2026, 3, 10)),
    ("tomorrow", date(2026, 3, 12)),
    ("3 days ago", date(2026, 3, 8)),
    ("1 day ago", date(2026, 3, 10)),
    ("a week ago", date(2026, 3, 4)),
    ("2 weeks ago", date(2026, 2, 25)),
    ("in 3 days", date(2026, 3, 14)),
    ("in 2 weeks", date(2026, 3, 25)),
    ("wed", BASE),  # a bare weekday: the most recent, today included
    ("wednesday", BASE),
    ("mon", date(2026, 3, 9)),
    ("thu", date(2026, 3, 5)),
    ("last fri", date(2026, 3, 6)),
    ("last wed", date(2026, 3, 4)),  # "last" is never today
    ("next monday", date(2026, 3, 16)),
    ("next wed", date(2026, 3, 18)),  # "next" is never today
    ("next thu", date(2026, 3, 12)),
    ("Nov 3", date(2026, 11, 3)),
    ("november 3", date(2026, 11, 3)),
    ("Nov 3, 2025", date(2025, 11, 3)),
    ("3 Nov 2026", date(2026, 11, 3)),
    ("3rd Nov", date(2026, 11, 3)),
    ("11/3", date(2026, 11, 3)),
    ("11/3/2025", date(2025, 11, 3)),
    ("11/3/25", date(2025, 11, 3)),
]

BAD = [
    "",
    "not a date",
    "2026-02-30",
    "2026-13-01",
    "Nov 31",
    "13/13",
    "32 Jan",
    "someday",
    "last",
    "next week day",
    "3 fortnights ago",
    "in days",
    "11/3/2026/1",
    "-1 days ago",
    "2026-3",
    "Novem 3",
    "9999 years ago",
    "in 9999 years",
    "0/0",
    "2026-00-10",
    "Feb 29",
]


@pytest.mark.parametrize("text,expected", GOOD)
def test_good_dates(text, expected):
    assert parse_date(text, base=BASE, order="mdy") == expected


@pytest.mark.parametrize("text", BAD)
def test_bad_dates_are_bad_input(text):
    with pytest.raises(BadInput):
        parse_date(text, base=BASE, order="mdy")


def test_day_first_order():
    assert parse_date("11/3", base=BASE, order="dmy") == date(2026, 3, 11)
    assert parse_date("3/11", base=BASE, order="mdy") == date(2026, 3, 11)


def test_date_order_comes_from_config(cli, tmp_path):
    cli.add("Month first", "--date", "3/1")
    (tmp_path / "config.toml").write_text('date_order = "dmy"\n')
    cli.add("Day first", "--date", "3/1")
    assert {r["project"]: r["date"] for r in cli.json("list")} == {
        "Month first": "2026-03-01",
        "Day first": "2026-01-03",
    }


def test_today_honours_callback_today(monkeypatch):
    monkeypatch.setenv("CALLBACK_TODAY", "2024-02-29")
    assert today() == date(2024, 2, 29)
    monkeypatch.setenv("CALLBACK_TODAY", "yesterday")
    with pytest.raises(BadInput):
        today()


def test_week_bounds_honour_week_start():
    assert week_bounds(BASE, 0) == (date(2026, 3, 9), date(2026, 3, 15))
    assert week_bounds(BASE, 6) == (date(2026, 3, 8), date(2026, 3, 14))


@given(st.text(max_size=40))
def test_no_text_crashes_the_parser(text):
    try:
        result = parse_date(text, base=BASE, order="mdy")
    except BadInput:
        return
    assert isinstance(result, date)


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31)))  # the years a journal can use
def test_every_iso_date_round_trips(d):
    assert parse_date(d.isoformat(), base=BASE) == d
