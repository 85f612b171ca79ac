"""The record and the values that travel between the layers, typed; the audition world's
fixed values (types, formats, statuses). The words actors use for them are read by
callback_cli.vocabulary.

`RECORD_KEYS` is the one place the record's fields and their order are written: every other
field list (what a user sets, the columns, the CSV) is taken from it.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING, Any, TypedDict

from callback_cli.checks import valid_clock, valid_day, valid_due, valid_miles, valid_stamp
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
FOLLOWUP_ITEMS = ("notes", "thank-you", "prep", "no-word", "feedback", "tape")


# ---- the record's fields: the one place they and their order are written ---------------------
# The contract's audition record (show --json, list --json, export), in its order.
RECORD_KEYS = (
    "id",
    "uid",
    "date",
    "time",
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
    "tape_due",
    "miles",
    "expenses",
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
# Every field a user can set on an audition, in the record's order (tags and expenses are
# lists, kept in their own tables; rating an int).
FIELDS = tuple(k for k in RECORD_KEYS if k not in _NOT_SET_BY_USER)
# the user's fields stored as columns of the auditions table (all but tags and expenses)
COLUMNS = tuple(k for k in FIELDS if k not in ("tags", "expenses"))
# stored in their own form: the call time "HH:MM", a self-tape deadline "YYYY-MM-DD" or
# "YYYY-MM-DDTHH:MM", the miles driven (a number)
TIMED_FIELDS = ("time", "tape_due", "miles")
# the free-text and word fields (all but the date, the rating, the times and miles)
TEXT_FIELDS = tuple(k for k in COLUMNS if k not in ("date", "rating") + TIMED_FIELDS)


# The record's shapes, for the type checker only: at run time each is a plain dict, and
# building TypedDict classes costs start-up time on every command.
if TYPE_CHECKING:

    class Event(TypedDict):
        """One outcome on an audition's history, as the record carries it."""

        status: str
        date: str
        time: str | None
        note: str | None

    class Expense(TypedDict):
        """One cost, as the record carries it: amount a number with two decimals at most."""

        date: str
        amount: float | int
        what: str | None

    class StoredEvent(Event):
        """An event as the store reads it: with the time it was entered."""

        created_at: str

    class Audition(TypedDict, total=False):
        """A row of the auditions table: the user's columns, identity, stamps and the columns
        derived from events (status, last_date, advanced_on, booked_on, called_on)."""

        id: int
        uid: str
        date: str
        time: str | None
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
        tape_due: str | None
        miles: float | None
        created_at: str
        updated_at: str
        status: str
        last_date: str
        advanced_on: str | None
        booked_on: str | None
        called_on: str | None

    class Record(TypedDict):
        """The contract's audition record; its keys are RECORD_KEYS, in that order."""

        id: int
        uid: str
        date: str
        time: str | None
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
        tape_due: str | None
        miles: float | int | None
        expenses: list[Expense]
        status: str
        advanced: bool
        upcoming: bool
        stale: bool
        events: list[Event]
        created_at: str
        updated_at: str


def match_key(day: str, project: str, role: str | None) -> tuple[str, str, str]:
    """Spreadsheet rows without a uid match on date + project + role, in any case."""
    return (day, project.casefold(), (role or "").casefold())


def match_text(day: str, project: str, role: str | None) -> str:
    """match_key as one string (the import's index of keys holds it)."""
    return f"{day}\x1f{project.casefold()}\x1f{(role or '').casefold()}"


# ---- naming an audition, numbering its callbacks ------------------------------------------
def audition_name(row: Mapping[str, Any]) -> str:
    """An audition as a person names it: `Lawyer #2 in Galaxy Rangers (game)`, or the
    project alone: never `(game) (Lawyer #2)`, and no article before a title that has one."""
    return f"{row['role']} in {row['project']}" if row.get("role") else row["project"]


def audition_label(row: Mapping[str, Any]) -> str:
    """An audition in a message about a change: `#12 Nurse Kim in Night Shift, 2026-11-03`."""
    return f"#{row['id']} {audition_name(row)}, {row['date']}"


def callback_rounds(events: list) -> list[int | None]:
    """Each event's callback round (1, 2, ...) in the order given (date order), None for
    the other statuses."""
    rounds: list[int | None] = []
    n = 0
    for event in events:
        if event["status"] == "callback":
            n += 1
            rounds.append(n)
        else:
            rounds.append(None)
    return rounds


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


def to_record(
    row: Audition,
    events: list,
    tags: list[str],
    today: date,
    stale_days: int,
    expenses: list | None = None,
) -> Record:
    """The contract's audition record, with the fields that depend on today; `expenses` as
    the store reads them ({"date", "cents", "what"})."""
    problem = (
        row_problem(row if row.__class__ is dict else dict(row))
        or next(filter(None, map(event_problem, events)), None)
        or next(filter(None, map(expense_problem, expenses or ())), None)
        or next((("tag", t) for t in tags if t.__class__ is not str), None)
    )
    if problem:  # a bit flip or another program's write: say so, never crash further on
        raise InvalidValue(row.get("id") or 0, *problem)
    t = today.isoformat()
    rec: dict = {key: row.get(key) for key in _HEAD}
    rec["tags"] = list(tags)
    for key in _MIDDLE:
        rec[key] = row.get(key)
    miles = rec["miles"]
    if miles is not None and miles == int(miles):
        rec["miles"] = int(miles)
    rec["expenses"] = [
        {
            "date": x["date"],
            "amount": x["cents"] / 100 if x["cents"] % 100 else x["cents"] // 100,
            "what": x["what"],
        }
        for x in expenses or ()
    ]
    rec["status"] = row["status"]
    rec["advanced"] = bool(row["advanced_on"] and row["advanced_on"] <= t)
    rec["upcoming"] = row["date"] > t
    rec["stale"] = is_stale(row, today, stale_days)
    rec["events"] = [
        {"status": e["status"], "date": e["date"], "time": e.get("time"), "note": e["note"]} for e in events
    ]
    rec["created_at"] = row["created_at"]
    rec["updated_at"] = row["updated_at"]
    return rec  # type: ignore[return-value]


# ---- values the journal can hold (checked on reading: the file is not trusted) -------------
_TYPES, _FORMATS = frozenset(TYPES), frozenset(FORMATS)
_STATUSES, _ALL = frozenset(STATUSES), frozenset(ALL_STATUSES)
# the text fields checked only for being text (project, type and format have their own checks)
_PLAIN_TEXT = tuple(k for k in TEXT_FIELDS if k not in ("project", "type", "format"))


# the dates the journal works out from events (journal.derive), checked on reading
DERIVED_DAYS = ("last_date", "advanced_on", "booked_on", "called_on")


def row_problem(row: Mapping[str, Any]) -> tuple[str, object] | None:
    """The first column of an auditions row holding a value the journal cannot hold."""
    if "uid" in row and row["uid"].__class__ is not str:
        return "uid", row["uid"]
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
    for column in DERIVED_DAYS:
        value = row.get(column)
        if value is not None and not valid_day(value):
            return column, value
    for column in ("created_at", "updated_at"):
        if column in row and not valid_stamp(row[column]):
            return column, row[column]
    for column, valid in (("time", valid_clock), ("tape_due", valid_due), ("miles", valid_miles)):
        value = row.get(column)
        if value is not None and not valid(value):
            return column, value
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
    time = event.get("time")
    if time is not None and not valid_clock(time):
        return "event time", time
    return None


def expense_problem(cost: dict) -> tuple[str, object] | None:
    """An expenses row holding what the journal cannot hold."""
    if not valid_day(cost.get("date")):
        return "expense date", cost.get("date")
    cents = cost.get("cents")
    if cents.__class__ is not int or not 0 <= cents < 10**13:
        return "expense amount", cents
    what = cost.get("what")
    if what is not None and what.__class__ is not str:
        return "expense", what
    return None
