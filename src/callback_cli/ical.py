"""Upcoming auditions, callbacks and self-tape deadlines as an iCalendar file (via the
icalendar library). An entry with a time is a timed event in the system's time zone (TZID);
one without is an all-day event."""

from __future__ import annotations

import contextlib
import os
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path

EVENING = time(18, 0)  # "the evening before": 6 pm the day before


def local_zone():
    """The system's time zone as a ZoneInfo (TZ, else /etc/localtime, else /etc/timezone),
    or None when it has no name (then times are written as floating local times)."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError  # lazy: only the calendar needs zones

    names = [os.environ.get("TZ", "").lstrip(":")]
    with contextlib.suppress(OSError):
        target = os.path.realpath("/etc/localtime")
        if "zoneinfo/" in target:
            names.append(target.split("zoneinfo/", 1)[1])
    with contextlib.suppress(OSError):
        names.append(Path("/etc/timezone").read_text(encoding="utf-8").strip())
    for name in names:
        if name and not name.startswith("/"):
            try:
                return ZoneInfo(name)
            except (ZoneInfoNotFoundError, ValueError):
                continue
    return None


def _start(entry: dict, zone):
    day = date.fromisoformat(entry["date"])
    if not entry.get("time"):
        return day
    hour, minute = int(entry["time"][:2]), int(entry["time"][3:5])
    return datetime.combine(day, time(hour, minute), tzinfo=zone)


def alarm_before(start, evening: bool) -> timedelta:
    """How long before the start an alarm rings: 6 pm the evening before (evening), else a
    day before a timed deadline (6 pm the evening before an all-day one)."""
    if isinstance(start, datetime):
        if not evening:
            return timedelta(days=1)
        ring = datetime.combine(start.date() - timedelta(days=1), EVENING, tzinfo=start.tzinfo)
        return start - ring
    return datetime.combine(start, time(0)) - datetime.combine(start - timedelta(days=1), EVENING)


# RFC 5545 (3.3.11) allows no control characters in text but the line breaks it escapes:
# stored text that holds any (an escape sequence, a bell) loses them in the calendar file
_CONTROLS = {c: None for c in (*range(32), *range(0x7F, 0xA0)) if c != 10}


def _text(value: str) -> str:
    return value.translate(_CONTROLS)


def to_ics(entries: list[dict], minutes: int = 30, zone=None) -> bytes:
    """Entries: {"uid", "date", "time", "kind", "summary", "location", "checklist",
    "alarm": None | "evening" | "deadline"}; timed events last `minutes`."""
    from icalendar import Alarm, Calendar, Event  # lazy: icalendar takes ~100 ms to import

    cal = Calendar()
    cal.add("prodid", "-//callback//audition journal//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "Auditions and callbacks")
    stamp = datetime.now(timezone.utc).replace(microsecond=0)
    for entry in entries:
        event = Event()
        start = _start(entry, zone)
        event.add("uid", entry["uid"])
        event.add("dtstamp", stamp)
        event.add("dtstart", start)
        if not isinstance(start, datetime):
            event.add("dtend", start + timedelta(days=1))
        elif entry["kind"] != "tape":  # a deadline is a moment: no end (RFC 5545 3.6.1)
            event.add("dtend", start + timedelta(minutes=minutes))
        event.add("summary", _text(entry["summary"]))
        if entry.get("location"):
            event.add("location", _text(entry["location"]))
        lines = entry.get("checklist") or []
        heading = "Before you send it:" if entry["kind"] == "tape" else "Prep:"
        description = heading + "\n" + "\n".join(f"- {_text(line)}" for line in lines) if lines else ""
        if description:
            event.add("description", description)
        if entry.get("alarm"):
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", description or _text(entry["summary"]))
            alarm.add("trigger", -alarm_before(start, entry["alarm"] == "evening"))
            event.add_component(alarm)
        cal.add_component(event)
    if zone is not None and any(e.get("time") for e in entries):
        cal.add_missing_timezones()
    return cal.to_ical()
