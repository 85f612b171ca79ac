"""The audition world's fixed values (types, formats, statuses) and the record's fields.
The words actors use for them are read by callback_cli.vocabulary."""

from __future__ import annotations

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

# Text fields of the record, in the order `show`, CSV and prompts use.
TEXT_FIELDS = (
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
    "outfit",
    "direction",
    "notes",
)
# Every field a user can set on an audition (tags are a list, rating an int).
FIELDS = ("date",) + TEXT_FIELDS + ("rating", "tags")
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


class Filter:
    """Which auditions a command is about. Plain data: the store turns it into SQL."""

    __slots__ = (
        "since",
        "until",
        "statuses",
        "types",
        "formats",
        "casting",
        "tags",
        "search",
        "limit",
        "include_upcoming",
        "active_since",
        "ids",
    )

    def __init__(
        self,
        since=None,
        until=None,
        statuses=(),
        types=(),
        formats=(),
        casting=None,
        tags=(),
        search=None,
        limit=None,
        include_upcoming=True,
        active_since=None,
        ids=(),
    ):
        self.since, self.until = since, until
        self.statuses, self.types, self.formats = tuple(statuses), tuple(types), tuple(formats)
        self.casting, self.tags, self.search = casting, tuple(tags), search
        self.limit, self.include_upcoming = limit, include_upcoming
        self.active_since, self.ids = active_since, tuple(ids)


def derive(day: str, events) -> dict:
    """The columns that follow from an audition's events (none depends on "today"): status
    is the latest event's (by date, then entry order), else auditioned; last_date the latest
    date of all; advanced_on and booked_on the first advancing and booking dates."""
    status, last, latest = "auditioned", day, None
    advanced = booked = None
    for n, (kind, when) in enumerate(events):
        if latest is None or (when, n) >= latest:
            latest, status = (when, n), kind
        if when > last:
            last = when
        if kind in ADVANCING and (advanced is None or when < advanced):
            advanced = when
        if kind == "booked" and (booked is None or when < booked):
            booked = when
    return {"status": status, "last_date": last, "advanced_on": advanced, "booked_on": booked}
