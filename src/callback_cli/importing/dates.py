"""Dates as a tracker's column means them.

The day/month order is decided per column from all of its values: one `14/10/2026` makes
the whole column day-first, one `10/14/2026` month-first; a column where every date reads
both ways follows `date_order` (dotted `03.11.2026` columns are day-first, as where that
style is written) and is marked ambiguous, so the import can warn when that reading puts a
past log after today. Also read: Excel's `3-Nov-2026`, `11/3/26`, `Tue, Nov 3, 2026`,
`03.11.2026`, ISO timestamps, Excel serial numbers, and date-times whose time is kept
(`10/05/2026 10:30 AM` → 2026-10-05, 10:30). Everything else goes to the project's own
parser (`Nov 3`, `yesterday`...). Pure: no I/O.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import NamedTuple

from callback_cli.checks import valid_day
from callback_cli.dates import _MONTHS, _WEEKDAYS, parse_date
from callback_cli.errors import BadInput

_NUMERIC = re.compile(r"^(\d{1,2})([/.\-])(\d{1,2})(?:\2(\d{4}|\d{2}))?$")
_ISO = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")
_NAMED = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?[\s\-/.]+([a-z]+)\.?(?:,?[\s\-/.]+(\d{4}|\d{2}))?$")
_NAMED_US = re.compile(r"^([a-z]+)\.?[\s\-/.]+(\d{1,2})(?:st|nd|rd|th)?(?:,?[\s\-/.]+(\d{4}|\d{2}))?$")
_TIME = re.compile(
    r"^(?P<d>.*?)(?:[t\s]+|\s+at\s+|,\s*)(?P<h>\d{1,2})(?::(?P<m>\d{2}))?(?::\d{2}(?:\.\d+)?)?\s*"
    r"(?P<ampm>[ap]\.?m\.?)?\s*(?P<tz>z|utc|gmt|[+-]\d{2}:?\d{2})?$"
)
_SERIAL = re.compile(r"^(\d{5})(?:\.(\d+))?$")


class Stamp(NamedTuple):
    """A cell read: the ISO date, the time (`HH:MM`) when the cell gave one, and whether the
    cell had no year (so the current year was assumed)."""

    date: str
    time: str | None = None
    yearless: bool = False


class Order(NamedTuple):
    """A column's day/month order and whether its values left it open (`by_sequence`: open,
    and decided by the order in which the dates follow each other)."""

    order: str
    ambiguous: bool
    by_sequence: bool = False


_ZONE = re.compile(
    r"\s*(?:\(([a-z]{2,5}|utc[+-]\d{1,2}(?::\d{2})?)\)|\b(?:[ecmpa][sd]t|bst|cet|cest|ist|aest|aedt))$"
)
_RANGE = re.compile(r"\s*(?:→|->)\s*|\s+(?:–|—|-|to)\s+")
_DIGIT = re.compile(r"\d")
_QUOTED_YEAR = re.compile(r"['’‘](\d{2})$")


def _clean(text: str) -> str:
    text = str(text).strip()
    if not text or valid_day(text):  # an empty cell or an ISO date: nothing below changes it
        return text
    text = " ".join(text.lower().split())
    # a date range (Notion's "October 20, 2026 → October 21, 2026"): the day it starts
    if " " in text or ">" in text or "→" in text:  # a range is marked by "->", "→" or spaces
        parts = _RANGE.split(text, maxsplit=1)
        if len(parts) == 2 and parts[0] and parts[1] and _DIGIT.search(parts[1]):
            text = parts[0]
    # a zone named after the time, "2:30 PM (EDT)", "2:30 pm est": the day is the day written
    if not text[-1:].isdigit():  # a zone ends in a letter or ")", never in a digit
        text = _ZONE.sub("", text)
    text = _QUOTED_YEAR.sub(r"\1", text)  # "3 Nov '25"
    text = text.replace(" @ ", " ")  # "11/3/2025 @ 2:30pm"
    # a leading weekday: "Tue, Nov 3, 2026", "Tuesday 3 November 2026"
    head, _, rest = text.partition(" ")
    if rest and head.rstrip(",.") in _WEEKDAYS:
        text = rest.strip()
    return text


def _split_time(text: str) -> tuple[str, str | None]:
    """Take a trailing time off a date-time: ("10/05/2026", "10:30") from "10/05/2026 10:30 AM"."""
    m = _TIME.match(text)
    if not m or not m["d"]:
        return text, None
    if m["m"] is None and m["ampm"] is None:  # a bare number after a date is not a time
        return text, None
    hour, minute = int(m["h"]), int(m["m"] or 0)
    if m["ampm"]:
        if not 1 <= hour <= 12:
            return text, None
        hour = hour % 12 + (12 if m["ampm"].startswith("p") else 0)
    if hour > 23 or minute > 59:
        return text, None
    return m["d"].strip().rstrip(","), f"{hour:02d}:{minute:02d}"


class OrderFacts:
    """What a date column's values say about its day/month order, gathered a value at a time
    (a file read in a pass before its rows are): four flags, however long the column."""

    __slots__ = ("day_first", "month_first", "dotted", "slashed", "_last", "_steps")

    def __init__(self) -> None:
        self.day_first = self.month_first = self.dotted = self.slashed = False
        # how a log in date order reads: the last ambiguous date read both ways, and how many
        # steps from one to the next go up, and down, read month-first and day-first
        self._last: tuple | None = None
        self._steps = [0, 0, 0, 0]  # mdy up, mdy down, dmy up, dmy down

    def add(self, value) -> None:
        text = _clean(value)
        if not text or valid_day(text):  # an empty cell or an ISO date: no day/month order to tell
            return
        text, _ = _split_time(text)
        m = _NUMERIC.match(text)
        if not m:
            return
        a, b = int(m[1]), int(m[3])
        if m[2] == ".":
            self.dotted = True
        else:
            self.slashed = True
        if a > 12 and b <= 12:
            self.day_first = True
        elif b > 12 and a <= 12:
            self.month_first = True
        elif a and b and a != b:
            year = int(m[4]) if m[4] else 0
            now = ((year, a, b), (year, b, a))
            if self._last is not None:
                for i, (before, after) in enumerate(zip(self._last, now, strict=True)):
                    if after > before:
                        self._steps[2 * i] += 1
                    elif after < before:
                        self._steps[2 * i + 1] += 1
            self._last = now

    def order(self, default: str, sequence: bool = True) -> Order:
        day_first, month_first = self.day_first, self.month_first
        if day_first and not month_first:
            return Order("dmy", False)
        if month_first and not day_first:
            return Order("mdy", False)
        if self.dotted and not self.slashed and not month_first:
            return Order("dmy", False)
        ambiguous = not (day_first or month_first) and (self.slashed or self.dotted)
        if ambiguous and sequence:
            sequenced = self._in_sequence()
            if sequenced is not None and sequenced != default:
                return Order(sequenced, True, by_sequence=True)
        return Order(default, ambiguous)

    def _in_sequence(self) -> str | None:
        """The order in which the column's dates run steadily up (or down), as a log kept a
        day at a time does, when the other order jumps about: 03/02, 10/03, 02/11 is Feb,
        Mar, Nov day-first and Mar, Oct, Feb month-first. None when that does not tell."""
        mdy_up, mdy_down, dmy_up, dmy_down = self._steps
        steps = mdy_up + mdy_down
        if steps < 2:
            return None
        mdy, dmy = max(mdy_up, mdy_down) / steps, max(dmy_up, dmy_down) / steps
        if dmy == 1.0 and mdy <= 0.75:
            return "dmy"
        if mdy == 1.0 and dmy <= 0.75:
            return "mdy"
        return None


def detect_order(values, default: str) -> Order:
    """The day/month order of a column, from every value in it."""
    facts = OrderFacts()
    for value in values:
        facts.add(value)
    return facts.order(default)


def with_year(value, year: str) -> str | None:
    """A year-less date cell with the year written in (`Jan 13` → `Jan 13 2025`, `1/13` →
    `1/13/2025`, `13 Jan` → `13 Jan 2025`); None when the cell has a year or is no such date."""
    text, clock = _split_time(_clean(value))
    m = _NUMERIC.match(text)
    if m and m[4] is None:
        dated = f"{m[1]}{m[2]}{m[3]}{m[2]}{year}"
    elif ((m := _NAMED.match(text)) and m[3] is None and m[2].rstrip(".") in _MONTHS) or (
        (m := _NAMED_US.match(text)) and m[3] is None and m[1].rstrip(".") in _MONTHS
    ):
        dated = f"{text} {year}"
    else:
        return None
    return f"{dated} {clock}" if clock else dated


def _year(text: str) -> int:
    year = int(text)
    return year + 2000 if len(text) == 2 and year < 70 else year + 1900 if len(text) == 2 else year


def _make(y: int, m: int, d: int, raw: str) -> date:
    try:
        return date(y, m, d)
    except ValueError:
        raise BadInput(f"{raw!r} is not a real date") from None


def parse(value, order: str, today: date) -> Stamp:
    """One cell, in its column's order; BadInput when it is not a date."""
    raw = str(value).strip()
    if valid_day(raw):  # an ISO date a journal can use (the one check, cached): nothing to read
        return Stamp(raw)
    if len(raw) == 10 and raw[4] == "-" and raw[7] == "-":
        try:
            return Stamp(date.fromisoformat(raw).isoformat())
        except ValueError:
            pass
    stamp = _parse(raw, order, today)
    if stamp.yearless:
        weekday = _WEEKDAYS.get(" ".join(raw.lower().split()).partition(" ")[0].rstrip(",."))
        if weekday is not None:  # "Tuesday, November 4th": the year in which that day is a Tuesday
            day = date.fromisoformat(stamp.date)
            for back in (0, -1, 1, -2, -3, -4, -5, -6):
                try:
                    other = day.replace(year=day.year + back)
                except ValueError:
                    continue
                if other.weekday() == weekday:
                    return stamp._replace(date=other.isoformat(), yearless=False)
    return stamp


def _parse(raw: str, order: str, today: date) -> Stamp:
    text, clock = _split_time(_clean(raw))
    m = _ISO.match(text)
    if m:
        return Stamp(_make(int(m[1]), int(m[2]), int(m[3]), raw).isoformat(), clock)
    m = _NUMERIC.match(text)
    if m:
        a, b = int(m[1]), int(m[3])
        month, day = (b, a) if order == "dmy" else (a, b)
        year = _year(m[4]) if m[4] else today.year
        return Stamp(_make(year, month, day, raw).isoformat(), clock, m[4] is None)
    m = _NAMED.match(text)
    if m and m[2].rstrip(".") in _MONTHS:
        year = _year(m[3]) if m[3] else today.year
        return Stamp(_make(year, _MONTHS[m[2].rstrip(".")], int(m[1]), raw).isoformat(), clock, m[3] is None)
    m = _NAMED_US.match(text)
    if m and m[1].rstrip(".") in _MONTHS:
        year = _year(m[3]) if m[3] else today.year
        return Stamp(_make(year, _MONTHS[m[1].rstrip(".")], int(m[2]), raw).isoformat(), clock, m[3] is None)
    if raw.isdigit() and len(raw) in (10, 13):  # an app's instant, seconds or ms since 1970
        try:
            when = datetime.fromtimestamp(int(raw) / (1000 if len(raw) == 13 else 1))
        except (OverflowError, OSError, ValueError):
            raise BadInput(f"{raw!r} is not a real date") from None
        return Stamp(
            when.date().isoformat(),
            f"{when.hour:02d}:{when.minute:02d}" if when.hour or when.minute else None,
        )
    m = _SERIAL.match(raw)
    if m and 20000 <= int(m[1]) <= 80000:  # an Excel serial day number (1900 date system)
        serial = date(1899, 12, 30) + timedelta(days=int(m[1]))
        if m[2]:
            minutes = round(float("0." + m[2]) * 24 * 60)
            if minutes:
                clock = f"{minutes // 60 % 24:02d}:{minutes % 60:02d}"
        return Stamp(serial.isoformat(), clock)
    try:
        return Stamp(parse_date(text, base=today, order=order).isoformat(), clock)
    except BadInput as exc:  # name the cell as the file has it, not as it was folded to read it
        raise BadInput(str(exc).replace(repr(text), repr(raw), 1)) from None


def swapped(value, order: str, today: date) -> str | None:
    """The same cell read in the other order, when that gives a real date."""
    try:
        return parse(value, "mdy" if order == "dmy" else "dmy", today).date
    except BadInput:
        return None
