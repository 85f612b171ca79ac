"""Upcoming auditions and callbacks as an iCalendar file (via the icalendar library)."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone


def to_ics(entries: list[dict]) -> bytes:
    from icalendar import Calendar, Event  # lazy: icalendar takes ~100 ms to import

    cal = Calendar()
    cal.add("prodid", "-//callback//audition journal//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "Auditions and callbacks")
    stamp = datetime.now(timezone.utc).replace(microsecond=0)
    for entry in entries:
        event = Event()
        day = date.fromisoformat(entry["date"])
        event.add("uid", entry["uid"])
        event.add("dtstamp", stamp)
        event.add("dtstart", day)
        event.add("dtend", day + timedelta(days=1))
        event.add("summary", entry["summary"])
        if entry.get("location"):
            event.add("location", entry["location"])
        event.add("description", "Prep:\n" + "\n".join(f"- {line}" for line in entry["checklist"]))
        cal.add_component(event)
    return cal.to_ical()
