"""Reading a tracker's column headers as a person reads them.

A header is split into words (case, spaces, punctuation, camelCase and snake_case all
normalised), filler words are dropped (`of`, `the`, `name`, `#`, ...), and it matches a field
when its words name that field, in any order: `Audition Date`, `Name of Project`, `roleSize`,
`casting_office`, `Casting Director / Agency`, `What I Wore`, `Did I get a callback?`.
Pure: no I/O.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from callback_cli import models

# What a column can feed besides the record's own fields: outcome columns (a status word,
# a yes/no question or dates of an outcome), rounds, and the columns our own export writes.
OUTCOMES = ("callback", "pinned", "booked", "released", "declined", "no-response")
EXTRA_TARGETS = (
    "status",
    "status_date",
    "round",
    "events",
    "uid",
    "created_at",
    "updated_at",
    "time",
    "tape_due",
    "miles",
    "parking",
    "cost",
) + OUTCOMES
# the contract's own CSV names for the outcome columns
ALIASES = {"callback_dates": "callback", "booked_date": "booked", "no_response": "no-response"}
IGNORED = "id"  # a row number of someone else's table: read, never kept

FILLER = frozenset(
    [
        "of",
        "the",
        "a",
        "an",
        "my",
        "i",
        "me",
        "did",
        "do",
        "does",
        "we",
        "you",
        "your",
        "it",
        "its",
        "is",
        "was",
        "were",
        "what",
        "which",
        "who",
        "whom",
        "with",
        "by",
        "for",
        "to",
        "at",
        "on",
        "in",
        "name",
        "names",
        "title",
        "#",
        "no",
        "nr",
        "number",
        "num",
        "and",
        "or",
        "if",
        "any",
        "ever",
        "get",
        "got",
        "used",
        "use",
        "current",
        "actual",
        "main",
        "primary",
        "final",
    ]
)
# words that only narrow another word down ("Audition Date" is the date)
WEAK = frozenset({"audition", "auditioned", "auditions", "session", "info", "details", "s"})


def _lexicon() -> dict[str, tuple[str, ...]]:
    """word → the fields it can name, the most likely first."""
    groups = {
        "date": "date day when dated",
        "project": "project projects production show job product brand client campaign gig film title "
        "series program programme",
        "role": "role character part char roles characters",
        "type": "type medium category genre kind media",
        "format": "format how mode",
        "size": "size billing tier",
        "casting": "casting cd cds castingdirector office company agency director",
        "room_": "director",
        "source": "source via submitted submission submitter referral platform agent manager rep "
        "booker representation",
        "location": "location where address venue place city studio",
        "room": "room met people present panel attendees who",
        "headshot": "headshot headshots photo picture pic",
        "rating": "rating feel felt score stars grade",
        "outfit": "outfit wardrobe wore clothes clothing attire wearing",
        "direction": "direction directions adjustments adjustment redirect redirects",
        "notes": "notes note comments comment thoughts remarks memo description reflection "
        "journal observations",
        "tags": "tags tag labels label keywords",
        "status": "status result results outcome outcomes response",
        "round": "round stage step rounds",
        "callback": "callback callbacks recall",
        "booked": "booked booking book bookings",
        "pinned": "pinned avail pin hold",
        "released": "released",
        "uid": "uid uuid guid",
        "created_at": "created",
        "updated_at": "updated modified",
        "time": "time",
        "tape_due": "due deadline",
        "miles": "miles mileage distance",
        "expenses": "expenses expense spending",
        "parking": "parking",
        "cost": "cost costs fee fees spent",
        "events": "events history",
    }
    out: dict[str, tuple[str, ...]] = {}
    for field, words in groups.items():
        for w in words.split():
            out[w] = out.get(w, ()) + (field.rstrip("_"),)
    out["director"] = ("room", "casting")  # alone, the director in the room; beside casting, the CD
    return out


LEXICON = _lexicon()

# phrases (any order) whose meaning is not the sum of their words
PHRASES = {
    "project type": "type",
    "production type": "type",
    "show type": "type",
    "job type": "type",
    "type of work": "type",
    "role size": "size",
    "role type": "size",
    "part size": "size",
    "role billing": "size",
    "audition type": "format",
    "audition format": "format",
    "audition method": "format",
    "submission type": "format",
    "status date": "status_date",
    "result date": "status_date",
    "outcome date": "status_date",
    "response date": "status_date",
    "heard back": "status_date",
    "called back": "callback",
    "call back": "callback",
    "callback date": "callback",
    "callback dates": "callback",
    "date callback": "callback",
    "booked date": "booked",
    "booking date": "booked",
    "date booked": "booked",
    "date added": "created_at",
    "added": "created_at",
    "created date": "created_at",
    "creation date": "created_at",
    "last modified": "updated_at",
    "date modified": "updated_at",
    "last updated": "updated_at",
    "how felt": "rating",
    "how go": "rating",
    "how it go": "rating",
    "how went": "rating",
    "how did": "rating",
    "self rating": "rating",
    "in room": "room",
    "met": "room",
    "who was there": "room",
    "session director": "room",
    "call time": "time",
    "audition time": "time",
    "start time": "time",
    "appointment time": "time",
    "tape due": "tape_due",
    "self tape due": "tape_due",
    "due date": "tape_due",
    "tape deadline": "tape_due",
    "project name": "project",
    "audition round": "round",
    "callback round": "round",
    "status date callback": "callback",
    "casting director": "casting",
    "casting office": "casting",
    "casting company": "casting",
    "casting associate": "casting",
    "casting agency": "casting",
    "got it via": "source",
    "how got": "source",
    "how got audition": "source",
    "id": IGNORED,
    "row": IGNORED,
}
# columns that are kept in the notes under their own header ("Material: sides, scene 3")
ASIDES = frozenset(
    [
        "material",
        "materials",
        "sides",
        "scene",
        "scenes",
        "monologue",
        "monologues",
        "song",
        "songs",
        "sheet",
        "music",
        "feedback",
        "contact",
        "contacts",
        "reader",
        "prep",
        "callback_notes",
    ]
)
# a casting column naming an office rather than a person
_OFFICE_WORDS = frozenset({"office", "company", "agency", "casting", "house", "studio"})


def words(header: str) -> list[str]:
    """A header's words: camelCase and snake_case split, lower case, punctuation gone
    (`#` and `?` kept as words: `#` is filler, `?` marks a question column)."""
    text = str(header).replace("\ufeff", "").strip()
    text = re.sub(r"([a-z0-9])([A-Z])", r"\1 \2", text)
    text = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1 \2", text)
    text = text.lower().replace("'s", "").replace("’s", "")
    return re.findall(r"[a-z0-9]+|[#?]", text)


def _known(field: str) -> bool:
    return field in models.FIELDS or field in EXTRA_TARGETS or field == IGNORED


class Match(NamedTuple):
    """A header read: `field` (None when no field fits), `aside` True when the column is
    kept in the notes under its header, `question` True for a yes/no column (`Callback?`),
    `missing` the field it names that this version does not keep (`Mileage` → miles)."""

    field: str | None
    aside: bool = False
    question: bool = False
    missing: str | None = None


def _phrase(ws: list[str]) -> str | None:
    joined = " ".join(ws)
    if joined in PHRASES:
        return PHRASES[joined]
    key = " ".join(sorted(ws))
    for phrase, field in PHRASES.items():
        if " ".join(sorted(phrase.split())) == key:
            return field
    return None


def match(header: str) -> Match:
    """Which field a header names (see the module's docstring)."""
    raw = words(header)
    question = "?" in raw
    raw = [w for w in raw if w != "?"]
    if not raw:
        return Match(None)
    if "_".join(raw) in models.FIELDS or "_".join(raw) in EXTRA_TARGETS:  # our own names
        return _result("_".join(raw), question)
    if "_".join(raw) in ALIASES:
        return _result(ALIASES["_".join(raw)], question)
    content = [w for w in raw if w not in FILLER and not w.isdigit()] or raw
    for ws in (raw, content, [w for w in content if w not in WEAK] or content):
        found = _phrase(ws)
        if found:
            return _result(found, question)
    ws = [w for w in content if w not in WEAK] or content
    if all(w in ASIDES for w in ws):
        return Match("notes", aside=True)
    fields: set | None = None
    for w in ws:
        options = LEXICON.get(w) or LEXICON.get(w.rstrip("s"))
        if not options:
            return Match(None)
        fields = set(options) if fields is None else fields & set(options)
    if not fields:
        return Match(None)
    first = LEXICON.get(ws[0]) or LEXICON[ws[0].rstrip("s")]
    best = next(f for f in first if f in fields)
    return _result(best, question)


def _result(field: str, question: bool) -> Match:
    if not _known(field):
        return Match(None)
    if field in ("time", "tape_due", "miles") and field not in models.FIELDS:
        return Match(None, missing=field)
    return Match(field, question=question)


def is_office(header: str) -> bool:
    """A casting column that names an office or company rather than a person."""
    return bool(set(words(header)) & _OFFICE_WORDS) and "director" not in words(header)


# ---- a whole header row -------------------------------------------------------------------
MULTI = frozenset({"notes", "tags", "status"} | set(OUTCOMES))  # fields several columns may feed


class Column(NamedTuple):
    """One column's place: `field` None means not kept (`why` says why)."""

    index: int  # type: ignore[assignment]  # a field named like tuple.index, on purpose
    header: str
    field: str | None
    aside: bool = False
    why: str | None = None
    clash: bool = False  # it shares a field with another column: the import says so


def plan(headers: list[str], mapping: dict[str, str] | None = None) -> list[Column]:
    """Decide every column's field. Two columns landing on one field are never collapsed in
    silence: a second casting column goes to `room` (a director beside an office), any other
    second one into the notes under its header, and `why` says so."""
    mapping = {k.casefold(): v for k, v in (mapping or {}).items()}
    cols: list[Column] = []
    for i, header in enumerate(headers):
        name = str(header).strip()
        if not name:
            cols.append(Column(i, name, None, why="no header"))
            continue
        if name.casefold() in mapping:
            field = mapping[name.casefold()]
            if field in ("skip", "ignore", "-", "none"):
                cols.append(Column(i, name, None, why="skipped by --map"))
            elif field == "notes+":
                cols.append(Column(i, name, "notes", aside=True))
            else:
                cols.append(Column(i, name, field))
            continue
        m = match(name)
        if m.field == IGNORED:
            cols.append(Column(i, name, None, why="a row number of another table"))
        elif m.field is None:
            why = f"this version keeps no {m.missing.replace('_', ' ')}" if m.missing else "no field matches"
            cols.append(Column(i, name, None, why=why))
        elif m.aside:
            cols.append(Column(i, name, "notes", aside=True, why=f"kept in the notes as '{name}: …'"))
        else:
            cols.append(Column(i, name, m.field))
    if not any(c.field == "project" for c in cols):
        # a database's or Notion's title column ("Name") is the project when nothing else is
        for c in cols:
            if c.field is None and c.why != "skipped by --map" and words(c.header) in (["name"], ["title"]):
                cols[c.index] = Column(c.index, c.header, "project")
                break
    return _resolve(cols, set(mapping.values()))


def _resolve(cols: list[Column], mapped: set) -> list[Column]:
    casting = [c for c in cols if c.field == "casting"]
    if len(casting) > 1:
        offices = [c for c in casting if is_office(c.header)] or casting[:1]
        keep = offices[0]
        for c in casting:
            if c is keep:
                continue
            room_taken = any(x.field == "room" for x in cols)
            target = "room" if not room_taken else "notes"
            cols[c.index] = c._replace(
                field=target,
                aside=target == "notes",
                why=f"a second casting column beside {keep.header!r}: kept as {target}",
                clash=True,
            )
    seen: dict[str, Column] = {}
    for c in list(cols):
        if c.field is None or c.field in MULTI or c.aside:
            continue
        if c.field in seen:
            cols[c.index] = c._replace(
                field="notes",
                aside=True,
                why=f"{seen[c.field].header!r} already gives {c.field}: kept in the notes as '{c.header}: …'",
                clash=True,
            )
        else:
            seen[c.field] = c
    return cols


def score(cells: list[str]) -> int:
    """How header-like a row is: how many of its cells name a field."""
    return sum(1 for c in cells if str(c).strip() and match(str(c)).field not in (None,))
