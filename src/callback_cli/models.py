"""The record and the values that travel between the layers, typed; the audition world's
fixed values (types, formats, statuses). The words actors use for them are read by
callback_cli.vocabulary.

`RECORD_KEYS` is the one place the record's fields and their order are written: every other
field list (what a user sets, the columns, the CSV) is taken from it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TypedDict

from callback_cli.checks import parse_stamp, valid_day
from callback_cli.errors import InvalidValue

TYPES = ("film", "tv", "commercial", "theatre", "voiceover", "web", "student", "other")
FORMATS = ("in-person", "self-tape", "virtual")
STATUSES = ("callback", "pinned", "booked", "released", "declined", "no-response")
ALL_STATUSES = ("auditioned",) + STATUSES
ADVANCING = ("callback", "pinned", "booked")
OPEN = ("auditioned", "callback", "pinned")  # statuses that can go stale
SIZES = (
    "lead",
    "supporting",
    "guest-star",
    "co-star",
    "recurring",
    "featured",
    "principal",
    "background",
    "ensemble",
)

# the follow-up checklist's items, in the order it lists them (followups.py has a rule each)
FOLLOWUP_ITEMS = ("notes", "thank-you", "prep", "no-word", "feedback")


# ---- the record's fields: the one place they and their order are written ---------------------
# The contract's audition record (show --json, list --json, export), in its order.
RECORD_KEYS = (
    "id",
    "uid",
    "date",
    "project",
    "role",
    "type",
    "format",
    "size",
    "casting",
    "source",
    "location",
    "room",
    "headshot",
    "rating",
    "outfit",
    "direction",
    "tags",
    "notes",
    "status",
    "advanced",
    "upcoming",
    "stale",
    "events",
    "created_at",
    "updated_at",
)
# what the journal works out itself, and the identity and stamps it keeps
_NOT_SET_BY_USER = frozenset(
    ("id", "uid", "status", "advanced", "upcoming", "stale", "events", "created_at", "updated_at")
)
# Every field a user can set on an audition, in the record's order (tags are a list, rating an int).
FIELDS = tuple(k for k in RECORD_KEYS if k not in _NOT_SET_BY_USER)
# the user's fields stored as columns of the auditions table (all but tags)
COLUMNS = tuple(k for k in FIELDS if k != "tags")
# the free-text and word fields (all but the date, the rating and the tags)
TEXT_FIELDS = tuple(k for k in COLUMNS if k not in ("date", "rating"))


class Event(TypedDict):
    """One outcome on an audition's history, as the record carries it."""

    status: str
    date: str
    note: str | None


class StoredEvent(Event):
    """An event as the store reads it: with the time it was entered."""

    created_at: str


class Audition(TypedDict, total=False):
    """A row of the auditions table: the user's columns, identity, stamps and the columns
    derived from events (status, last_date, advanced_on, booked_on)."""

    id: int
    uid: str
    date: str
    project: str
    role: str | None
    type: str | None
    format: str | None
    size: str | None
    casting: str | None
    source: str | None
    location: str | None
    room: str | None
    headshot: str | None
    rating: int | None
    outfit: str | None
    direction: str | None
    notes: str | None
    created_at: str
    updated_at: str
    status: str
    last_date: str
    advanced_on: str | None
    booked_on: str | None


class Record(TypedDict):
    """The contract's audition record; its keys are RECORD_KEYS, in that order."""

    id: int
    uid: str
    date: str
    project: str
    role: str | None
    type: str | None
    format: str | None
    size: str | None
    casting: str | None
    source: str | None
    location: str | None
    room: str | None
    headshot: str | None
    rating: int | None
    outfit: str | None
    direction: str | None
    tags: list[str]
    notes: str | None
    status: str
    advanced: bool
    upcoming: bool
    stale: bool
    events: list[Event]
    created_at: str
    updated_at: str


@dataclass(slots=True)
class Filter:
    """Which auditions a command is about. Plain data: the store turns it into SQL."""

    since: str | None = None
    until: str | None = None
    statuses: tuple[str, ...] | list[str] = ()
    types: tuple[str, ...] | list[str] = ()
    formats: tuple[str, ...] | list[str] = ()
    casting: str | None = None
    tags: tuple[str, ...] | list[str] = ()
    search: str | None = None
    limit: int | None = None
    include_upcoming: bool = True
    active_since: str | None = None
    ids: tuple[int, ...] | list[int] = ()


# an incoming event: (status, date, note)
IncomingEvent = tuple[str, str, "str | None"]


def match_key(day: str, project: str, role: str | None) -> tuple[str, str, str]:
    """Spreadsheet rows without a uid match on date + project + role, in any case."""
    return (day, project.casefold(), (role or "").casefold())


@dataclass(slots=True)
class Incoming:
    """One validated record from an import file (or the demo season): `row` is its number in
    the file, `values` its columns, events (status, date, note) in date order."""

    row: int
    values: dict
    tags: list[str]
    events: list[IncomingEvent] = field(default_factory=list)
    uid: str | None = None
    created_at: str | None = None
    updated_at: str | None = None
    # (status, date) pairs whose date the file did not give but the import assumed (a "Callback"
    # result dated the audition's day): the journal knows such an outcome by its status alone
    loose: frozenset = frozenset()

    def key(self) -> tuple[str, str, str]:
        return match_key(self.values["date"], self.values["project"], self.values.get("role"))


# ---- the record, as of today --------------------------------------------------------------
def is_stale(row: Audition, today: date, stale_days: int) -> bool:
    """Still open (auditioned, callback, pinned), nothing dated after today, and its latest
    date stale_days or more ago: silence after a callback counts too."""
    last = row["last_date"] or row["date"]
    return (
        row["status"] in OPEN
        and last <= today.isoformat()
        and (today - date.fromisoformat(last)).days >= stale_days
    )


# the record is built in RECORD_KEYS order in one pass (export streams 100,000 of them): the
# stored fields before the tags, the tags, the stored fields after them, then the rest
_TAGS_AT, _STATUS_AT = RECORD_KEYS.index("tags"), RECORD_KEYS.index("status")
_HEAD, _MIDDLE = RECORD_KEYS[:_TAGS_AT], RECORD_KEYS[_TAGS_AT + 1 : _STATUS_AT]
if RECORD_KEYS[_STATUS_AT:] != (
    "status",
    "advanced",
    "upcoming",
    "stale",
    "events",
    "created_at",
    "updated_at",
):
    raise AssertionError("to_record writes the fields after status in this order")


def to_record(row: Audition, events: list, tags: list[str], today: date, stale_days: int) -> Record:
    """The contract's audition record, with the fields that depend on today."""
    problem = row_problem(row) or next(filter(None, map(event_problem, events)), None)
    if problem:  # a bit flip or another program's write: say so, never crash further on
        raise InvalidValue(row.get("id"), *problem)
    t = today.isoformat()
    rec: dict = {key: row.get(key) for key in _HEAD}
    rec["tags"] = list(tags)
    for key in _MIDDLE:
        rec[key] = row.get(key)
    rec["status"] = row["status"]
    rec["advanced"] = bool(row["advanced_on"] and row["advanced_on"] <= t)
    rec["upcoming"] = row["date"] > t
    rec["stale"] = is_stale(row, today, stale_days)
    rec["events"] = [{"status": e["status"], "date": e["date"], "note": e["note"]} for e in events]
    rec["created_at"] = row["created_at"]
    rec["updated_at"] = row["updated_at"]
    return rec  # type: ignore[return-value]


# ---- values the journal can hold (checked on reading: the file is not trusted) -------------
_TYPES, _FORMATS = frozenset(TYPES), frozenset(FORMATS)
_STATUSES, _ALL = frozenset(STATUSES), frozenset(ALL_STATUSES)
_PLAIN_TEXT = ("role", "size", "casting", "source", "location", "room", "headshot", "outfit", "direction", "notes")


def row_problem(row: dict) -> tuple[str, object] | None:
    """The first column of an auditions row holding a value the journal cannot hold."""
    if not valid_day(row.get("date")):
        return "date", row.get("date")
    project = row.get("project")
    if project.__class__ is not str or not project:
        return "project", project
    rating = row.get("rating")
    if rating is not None and (rating.__class__ is not int or not 1 <= rating <= 5):
        return "rating", rating
    for column, allowed in (("type", _TYPES), ("format", _FORMATS)):
        value = row.get(column)
        if value is not None and value not in allowed:
            return column, value
    if "status" in row and row["status"] not in _ALL:
        return "status", row["status"]
    for column in ("last_date", "advanced_on", "booked_on"):
        value = row.get(column)
        if value is not None and not valid_day(value):
            return column, value
    for column in ("created_at", "updated_at"):
        if column in row and parse_stamp(row[column]) is None:
            return column, row[column]
    for column in _PLAIN_TEXT:
        value = row.get(column)
        if value is not None and value.__class__ is not str:
            return column, value
    return None


def event_problem(event: dict) -> tuple[str, object] | None:
    if event.get("status") not in _STATUSES:
        return "event status", event.get("status")
    if not valid_day(event.get("date")):
        return "event date", event.get("date")
    note = event.get("note")
    if note is not None and note.__class__ is not str:
        return "event note", note
    return None
