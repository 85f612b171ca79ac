"""The one clock, and the date words actors type.

`today()` is the only place "today" comes from: it honours CALLBACK_TODAY so tests and
"as of" reports are repeatable. `parse_date` reads ISO dates, relative words
(`yesterday`, `3 days ago`, `last fri`, `next monday`, a bare weekday), month names
(`Nov 3`, `3 Nov 2026`) and slashes (`11/3`, per `date_order`).
"""

from __future__ import annotations

import os
import re
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache

from callback_cli.checks import in_range
from callback_cli.errors import BadInput

_WEEKDAYS = {
    "mon": 0,
    "monday": 0,
    "tue": 1,
    "tues": 1,
    "tuesday": 1,
    "wed": 2,
    "weds": 2,
    "wednesday": 2,
    "thu": 3,
    "thur": 3,
    "thurs": 3,
    "thursday": 3,
    "fri": 4,
    "friday": 4,
    "sat": 5,
    "saturday": 5,
    "sun": 6,
    "sunday": 6,
}
_MONTHS = {
    "jan": 1,
    "january": 1,
    "feb": 2,
    "february": 2,
    "mar": 3,
    "march": 3,
    "apr": 4,
    "april": 4,
    "may": 5,
    "jun": 6,
    "june": 6,
    "jul": 7,
    "july": 7,
    "aug": 8,
    "august": 8,
    "sep": 9,
    "sept": 9,
    "september": 9,
    "oct": 10,
    "october": 10,
    "nov": 11,
    "november": 11,
    "dec": 12,
    "december": 12,
}
_NUMBER_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
}
_UNIT = r"(day|days|week|weeks|month|months|year|years)"
_AMOUNT = r"(\d{1,4}|" + "|".join(_NUMBER_WORDS) + ")"


@lru_cache(maxsize=1)
def _patterns() -> dict:
    """The date patterns, compiled on first use (most commands never parse a date)."""
    return {
        "ago": re.compile(rf"^{_AMOUNT}\s+{_UNIT}\s+ago$"),
        "in": re.compile(rf"^in\s+{_AMOUNT}\s+{_UNIT}$"),
        "rel_weekday": re.compile(r"^(last|next|this)\s+([a-z]+)$"),
        "month_first": re.compile(r"^([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(\d{4}))?$"),
        "day_first": re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\.?,?(?:\s+(\d{4}))?$"),
        "slashed": re.compile(r"^(\d{1,2})/(\d{1,2})(?:/(\d{2}|\d{4}))?$"),
        "iso": re.compile(r"^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$"),
    }


EXAMPLES = "2026-11-03, today, yesterday, 3 days ago, last fri, next monday, Nov 3, 11/3"


def today() -> date:
    """Today's local date, or CALLBACK_TODAY (YYYY-MM-DD) when it is set."""
    pinned = os.environ.get("CALLBACK_TODAY")
    if pinned:
        try:
            day = date.fromisoformat(pinned.strip())
        except ValueError:
            raise BadInput(f"CALLBACK_TODAY must be YYYY-MM-DD, got {pinned!r}") from None
        if not _usable(day):
            raise BadInput(f"CALLBACK_TODAY must be a date in the years {_YEARS}, got {pinned!r}")
        return day
    return date.today()


_YEARS = "1900-2200"


def _usable(day: date) -> bool:
    return in_range(day)


def _door(day: date, raw) -> date:
    """Every date typed goes through here: only dates a journal can use pass."""
    if not _usable(day):
        raise BadInput(f"the date {raw!r} ({day}) is outside the years {_YEARS} a journal can use")
    return day


def now_utc() -> str:
    """A timestamp for created_at/updated_at: ISO 8601, UTC, second precision."""
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _make(year: int, month: int, day: int, text: str) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise BadInput(f"{text!r} is not a real date") from None


def _amount(word: str) -> int:
    return int(word) if word.isdigit() else _NUMBER_WORDS[word]


def _shift(base: date, amount: int, unit: str) -> date:
    from dateutil.relativedelta import relativedelta  # lazy: only relative date words need it

    unit = unit.rstrip("s")
    try:
        return base + relativedelta(**{unit + "s": amount})
    except (ValueError, OverflowError):
        raise BadInput(f"{abs(amount)} {unit}s is too far from today") from None


def _weekday(base: date, which: str, index: int) -> date:
    from dateutil.relativedelta import FR, MO, SA, SU, TH, TU, WE, relativedelta  # lazy: as above

    wd = (MO, TU, WE, TH, FR, SA, SU)[index]
    if which == "last":  # the one before today
        return base - timedelta(days=1) + relativedelta(weekday=wd(-1))
    if which == "next":  # the one after today
        return base + timedelta(days=1) + relativedelta(weekday=wd(+1))
    if which == "this":  # the one in the coming week, today included
        return base + relativedelta(weekday=wd(+1))
    return base + relativedelta(weekday=wd(-1))  # bare: the most recent, today included


def _yearless(month: int, day: int, base: date, nearest: bool, text: str) -> date:
    """A date typed without its year. In a command it is the occurrence nearest `base` (within
    six months either way: typed on 5 Jan, `Dec 28` is eight days ago); in an import file it
    stays in `base`'s year, as the contract says."""
    if not nearest:
        return _make(base.year, month, day, text)
    found = []
    for year in (base.year - 1, base.year, base.year + 1):
        try:
            candidate = date(year, month, day)
        except ValueError:  # 29 Feb outside a leap year
            continue
        if abs((candidate - base).days) <= 184:
            found.append(candidate)
    if not found:
        return _make(base.year, month, day, text)
    return min(found, key=lambda d: (abs((d - base).days), d > base))


def parse_date(text: str, *, base: date | None = None, order: str = "mdy", nearest: bool = False) -> date:
    """Read a date as an actor types it; raise BadInput (exit 2) with examples otherwise.
    `order` reads slashed dates: "mdy" (11/3 is Nov 3) or "dmy" (config date_order).
    `nearest`: a year-less date is the occurrence nearest `base` (commands), not in `base`'s
    year (import files). Only dates in the years 1900-2200 pass."""
    return _door(_parse(text, base, order, nearest), text)


def _parse(text, base: date | None, order: str, nearest: bool) -> date:
    raw = text
    if isinstance(text, str) and len(text) == 10 and text[4] == "-":  # the common case: an ISO date
        try:
            return date.fromisoformat(text)
        except ValueError:
            pass
    text = " ".join(str(text).strip().lower().split())
    if not text:
        raise BadInput(f"empty date (try {EXAMPLES})")
    p = _patterns()
    m = p["iso"].match(text)
    if m:
        return _make(int(m[1]), int(m[2]), int(m[3]), raw)
    base = base or today()
    if text in ("today", "now"):
        return base
    if text == "yesterday":
        return base - timedelta(days=1)
    if text == "tomorrow":
        return base + timedelta(days=1)
    m = p["ago"].match(text)
    if m:
        return _shift(base, -_amount(m[1]), m[2])
    m = p["in"].match(text)
    if m:
        return _shift(base, _amount(m[1]), m[2])
    if text in _WEEKDAYS:
        return _weekday(base, "", _WEEKDAYS[text])
    m = p["rel_weekday"].match(text)
    if m and m[2] in _WEEKDAYS:
        return _weekday(base, m[1], _WEEKDAYS[m[2]])
    if m and m[1] in ("last", "next", "this") and m[2] in ("week", "month", "year"):
        sign = {"last": -1, "next": 1, "this": 0}[m[1]]
        return _shift(base, sign, m[2])
    m = p["month_first"].match(text)
    if m and m[1] in _MONTHS:
        if not m[3]:
            return _yearless(_MONTHS[m[1]], int(m[2]), base, nearest, raw)
        return _make(int(m[3]), _MONTHS[m[1]], int(m[2]), raw)
    m = p["day_first"].match(text)
    if m and m[2] in _MONTHS:
        if not m[3]:
            return _yearless(_MONTHS[m[2]], int(m[1]), base, nearest, raw)
        return _make(int(m[3]), _MONTHS[m[2]], int(m[1]), raw)
    m = p["slashed"].match(text)
    if m:
        first, second = int(m[1]), int(m[2])
        month, day = (second, first) if order == "dmy" else (first, second)
        if not m[3]:
            return _yearless(month, day, base, nearest, raw)
        year = int(m[3]) + (2000 if len(m[3]) == 2 else 0)
        return _make(year, month, day, raw)
    raise BadInput(f"cannot read the date {raw!r} (try {EXAMPLES})")


def iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def week_bounds(day: date, week_start: int = 0) -> tuple[date, date]:
    """The week holding `day`, starting on weekday `week_start` (0 = Monday)."""
    start = day - timedelta(days=(day.weekday() - week_start) % 7)
    return start, start + timedelta(days=6)


def month_bounds(day: date) -> tuple[date, date]:
    start = day.replace(day=1)
    nxt = (start + timedelta(days=32)).replace(day=1)
    return start, nxt - timedelta(days=1)


def year_bounds(day: date) -> tuple[date, date]:
    return date(day.year, 1, 1), date(day.year, 12, 31)


# ---- times of day --------------------------------------------------------------------------
# A time as actors type it: 10:30, 14:15, 9am, 2:15pm, 5 p.m., noon, midnight.
_TIME = r"(?:(\d{1,2})(?::(\d{2}))?\s*([ap])\.?m\.?|(\d{1,2}):(\d{2})|noon|midnight)"
TIME_EXAMPLES = "10:30, 14:15, 9am, 2:15pm, noon"


@lru_cache(maxsize=1)
def _time_patterns() -> tuple:
    return (
        re.compile(rf"^{_TIME}$"),
        # a date followed by a time, "at" allowed between: "fri 2:15pm", "tomorrow at 9am"
        re.compile(rf"^(.*?)(?:\s+at)?\s+({_TIME})$"),
    )


def parse_time(text: str) -> str:
    """Read a time of day into "HH:MM" (24-hour); raise BadInput (exit 2) otherwise."""
    raw = text
    text = " ".join(str(text).strip().lower().split())
    m = _time_patterns()[0].match(text)
    if not m:
        raise BadInput(f"cannot read the time {raw!r} (try {TIME_EXAMPLES})")
    if text == "noon":
        return "12:00"
    if text == "midnight":
        return "00:00"
    if m[3]:  # 12-hour clock
        hour, minute = int(m[1]), int(m[2] or 0)
        if not 1 <= hour <= 12:
            raise BadInput(f"{raw!r} is not a time: with am/pm the hour is 1 to 12")
        hour = hour % 12 + (12 if m[3] == "p" else 0)
    else:
        hour, minute = int(m[4]), int(m[5])
    if hour > 23 or minute > 59:
        raise BadInput(f"{raw!r} is not a time of day (try {TIME_EXAMPLES})")
    return f"{hour:02d}:{minute:02d}"


def parse_date_time(
    text: str, *, base: date | None = None, order: str = "mdy", ahead: bool = False, nearest: bool = False
) -> tuple[date, str | None]:
    """A date with an optional time after it ("fri 2:15pm", "tomorrow 9am", "Nov 3 10:30");
    a time alone means today. With `ahead` (a deadline), a bare weekday is the coming one,
    today included, rather than the most recent."""
    raw = " ".join(str(text).strip().lower().split())
    if re.match(r"^\d{4}-\d{1,2}-\d{1,2}t\d", raw):  # 2026-11-26T17:00
        raw = raw.replace("t", " ", 1)
    when: str | None = None
    day_text = raw
    single, split = _time_patterns()
    if single.match(raw):
        day_text, when = "today", parse_time(raw)
    else:
        m = split.match(raw)
        if m and m[1]:
            day_text, when = m[1], parse_time(m[2])
    if ahead and day_text in _WEEKDAYS:
        day_text = f"this {day_text}"
    try:
        day = parse_date(day_text, base=base, order=order, nearest=nearest)
    except BadInput:
        raise BadInput(f"cannot read the date {text!r} (try {EXAMPLES}, with a time: fri 2:15pm)") from None
    return day, when


def say_time(hhmm: str | None) -> str:
    """ "17:00" → "5 pm", "14:15" → "2:15 pm" (how people say times aloud)."""
    if not hhmm:
        return ""
    hour, minute = int(hhmm[:2]), int(hhmm[3:5])
    half = "am" if hour < 12 else "pm"
    shown = hour % 12 or 12
    return f"{shown} {half}" if minute == 0 else f"{shown}:{minute:02d} {half}"


def say_when(day: date, hhmm: str | None = None, today: date | None = None) -> str:
    """ "Thu 5 pm" for a day in the coming week, "Thu Nov 26 5 pm" further off or back."""
    near = today is not None and 0 <= (day - today).days < 7
    text = f"{day:%a}" if near else f"{day:%a} {day:%b} {day.day}"
    return f"{text} {say_time(hhmm)}" if hhmm else text


def in_days(day: date, today: date) -> str:
    """ "today", "tomorrow", "in 3 days", "yesterday", "5 days ago"."""
    n = (day - today).days
    if n == 0:
        return "today"
    if n == 1:
        return "tomorrow"
    if n == -1:
        return "yesterday"
    return f"in {n} days" if n > 0 else f"{-n} days ago"
