"""Whether a value is one the journal can hold: the checks both doors use, the import (every
row from any file, another journal included) and the reading side (a value changed by a bit
flip or another program's write is reported, never a crash deep inside a report)."""

from __future__ import annotations

import re
from datetime import date, datetime, timezone
from functools import cache

# The dates a journal can use: wide enough for any career, narrow enough that every date
# sum the reports do (weeks, months, twelve weeks back, a year ahead) stays on the calendar.
FIRST_YEAR, LAST_YEAR = 1900, 2200
# No text a journal keeps holds a NUL: a CSV export could not carry it (csv and most
# spreadsheets end a cell there), so a journal with one could not be read back in.
NUL_REFUSED = "holds a NUL character (\\0), which a journal cannot keep"
FIRST_DAY, LAST_DAY = f"{FIRST_YEAR}-01-01", f"{LAST_YEAR}-12-31"
_STAMP = r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?)?(Z|[+-]\d{2}:?\d{2})?$"


@cache
def _stamp() -> re.Pattern:
    """The stamp pattern, compiled when first needed (0.4 ms that `add` never pays)."""
    return re.compile(_STAMP)


def in_range(day: date) -> bool:
    return FIRST_YEAR <= day.year <= LAST_YEAR


def valid_day(text) -> bool:
    """An ISO date (YYYY-MM-DD) a journal can use."""
    if text.__class__ is not str:
        return False
    if text in _GOOD_DAYS:
        return True
    if len(text) != 10 or not FIRST_DAY <= text <= LAST_DAY:
        return False
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    _GOOD_DAYS.add(text)  # at most the ~110,000 days of the years a journal can use
    return True


_GOOD_DAYS: set[str] = set()  # days found valid already: an import or export checks each often


def parse_stamp(text) -> datetime | None:
    """An ISO 8601 timestamp as an aware datetime (no zone means UTC), or None."""
    if text.__class__ is not str or not _stamp().match(text.strip()):
        return None
    raw = text.strip()
    if raw.endswith("Z"):
        raw = raw[:-1] + "+00:00"
    try:
        when = datetime.fromisoformat(raw)
    except ValueError:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    if not FIRST_YEAR <= when.astimezone(timezone.utc).year <= LAST_YEAR:
        return None
    return when


def valid_stamp(text) -> bool:
    """A timestamp the journal can hold; its own form (YYYY-MM-DDTHH:MM:SSZ) is checked
    without parsing, anything else through parse_stamp."""
    return _journal_form(text) or parse_stamp(text) is not None


def _journal_form(text) -> bool:
    """Whether a timestamp is in the journal's own form (YYYY-MM-DDTHH:MM:SSZ), a real time
    on a day a journal can use: what parse_stamp, then utc_stamp, would give back unchanged."""
    if not (
        text.__class__ is str
        and len(text) == 20
        and text.isascii()
        and text[10] == "T"
        and text[19] == "Z"
        and text[13] == text[16] == ":"
        and valid_day(text[:10])
    ):
        return False
    hh, mm, ss = text[11:13], text[14:16], text[17:19]
    return hh.isdigit() and mm.isdigit() and ss.isdigit() and hh < "24" and mm < "60" and ss < "60"


def utc_stamp(text) -> str | None:
    """A timestamp in the journal's form (YYYY-MM-DDTHH:MM:SSZ, UTC), or None if it is not one."""
    if _journal_form(text):  # as callback writes them (its export): kept, not parsed again
        return text
    when = parse_stamp(text)
    if when is None:
        return None
    return when.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def valid_clock(text) -> bool:
    """A time of day as the journal keeps it: "HH:MM", 24-hour."""
    if text.__class__ is not str or len(text) != 5 or text[2] != ":":
        return False
    hours, minutes = text[:2], text[3:]
    return hours.isdigit() and minutes.isdigit() and int(hours) < 24 and int(minutes) < 60


def valid_due(text) -> bool:
    """A self-tape deadline: "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM"."""
    if text.__class__ is not str or len(text) not in (10, 16) or not valid_day(text[:10]):
        return False
    return len(text) == 10 or (text[10] == "T" and valid_clock(text[11:]))


def valid_miles(value) -> bool:
    """Miles driven: a finite number, not negative."""
    if value.__class__ not in (int, float):
        return False
    return 0 <= value < 1e9


@cache
def _uid() -> re.Pattern:
    return re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def uid_form(text) -> bool:
    """Whether a uid is written as callback writes it (str(uuid.UUID): lower-case hex in
    8-4-4-4-12): then reading it as a UUID and writing it back would give it unchanged."""
    return text.__class__ is str and _uid().fullmatch(text) is not None
