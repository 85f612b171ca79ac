"""Times of day and dates with a time, as actors type them (tables of good and bad input)."""

from datetime import date

import pytest

from callback_cli.dates import in_days, parse_date_time, parse_time, say_time, say_when
from callback_cli.errors import BadInput

BASE = date(2026, 11, 23)  # a Monday

GOOD_TIMES = [
    ("10:30", "10:30"),
    ("9:05", "09:05"),
    ("14:15", "14:15"),
    ("00:00", "00:00"),
    ("23:59", "23:59"),
    ("9am", "09:00"),
    ("9 am", "09:00"),
    ("9 AM", "09:00"),
    ("2:15pm", "14:15"),
    ("5 p.m.", "17:00"),
    ("12am", "00:00"),
    ("12pm", "12:00"),
    ("12:30 am", "00:30"),
    ("noon", "12:00"),
    ("midnight", "00:00"),
]
BAD_TIMES = [
    "",
    "25:00",
    "24:00",
    "12:60",
    "13pm",
    "0am",
    "9",
    "930",
    "9:5",
    "nine",
    "10:30:00",
    "-1:00",
    "pm",
]


@pytest.mark.parametrize("text,expected", GOOD_TIMES)
def test_times_read(text, expected):
    assert parse_time(text) == expected


@pytest.mark.parametrize("text", BAD_TIMES)
def test_bad_times_are_refused(text):
    with pytest.raises(BadInput):
        parse_time(text)


GOOD_DATE_TIMES = [
    ("fri 2:15pm", False, (date(2026, 11, 20), "14:15")),  # a bare weekday: the most recent
    ("fri 2:15pm", True, (date(2026, 11, 27), "14:15")),  # a deadline: the coming one
    ("mon 9am", True, (BASE, "09:00")),  # today counts as coming
    ("thu 5pm", True, (date(2026, 11, 26), "17:00")),
    ("tomorrow 9am", False, (date(2026, 11, 24), "09:00")),
    ("tomorrow at 9am", False, (date(2026, 11, 24), "09:00")),
    ("next tue 10:30", False, (date(2026, 11, 24), "10:30")),  # "next": the one after today
    ("Nov 30 14:00", False, (date(2026, 11, 30), "14:00")),
    ("3 Nov 2026", False, (date(2026, 11, 3), None)),  # a year is not a time
    ("2026-11-26T17:00", False, (date(2026, 11, 26), "17:00")),
    ("2026-11-26 17:00", False, (date(2026, 11, 26), "17:00")),
    ("5pm", True, (BASE, "17:00")),  # a time alone: today
    ("in 3 days", False, (date(2026, 11, 26), None)),
    ("today", False, (BASE, None)),
]
BAD_DATE_TIMES = ["someday", "", "fri 25:00", "tomorrow 13pm", "at", "fri 2:15pmx", "2026-02-30 10:00"]


@pytest.mark.parametrize("text,ahead,expected", GOOD_DATE_TIMES)
def test_dates_with_times_read(text, ahead, expected):
    assert parse_date_time(text, base=BASE, order="mdy", ahead=ahead) == expected


@pytest.mark.parametrize("text", BAD_DATE_TIMES)
def test_bad_dates_with_times_are_refused(text):
    with pytest.raises(BadInput):
        parse_date_time(text, base=BASE, order="mdy", ahead=True)


def test_times_said_aloud():
    assert [say_time(t) for t in ("17:00", "14:15", "00:00", "12:00", "09:05", None)] == [
        "5 pm",
        "2:15 pm",
        "12 am",
        "12 pm",
        "9:05 am",
        "",
    ]
    assert say_when(date(2026, 11, 26), "17:00", BASE) == "Thu 5 pm"
    assert say_when(date(2026, 12, 3), "17:00", BASE) == "Thu Dec 3 5 pm"
    assert say_when(date(2026, 11, 20), None, BASE) == "Fri Nov 20"
    assert [in_days(BASE.replace(day=d), BASE) for d in (23, 24, 22, 26, 18)] == [
        "today",
        "tomorrow",
        "yesterday",
        "in 3 days",
        "5 days ago",
    ]
