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
ASIDE = "notes+"  # a phrase whose column is kept in the notes under its header
# a field named with this after it is taken only when no other column gives that field, and
# kept in the notes otherwise ("Spot" is the project unless a "Product" column is)
FALLBACK = "?"

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
        "mi",
        "km",
        "usd",
        "eur",
        "gbp",
        "cad",
        "aud",
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
        "location": "location where address venue place city studio theatre theater",
        "room": "room met people present panel attendees who choreographer accompanist pianist md",
        "headshot": "headshot headshots photo picture pic",
        "rating": "rating feel felt score stars grade",
        "outfit": "outfit wardrobe wore clothes clothing attire wearing look",
        "direction": "direction directions adjustments adjustment redirect redirects",
        "notes": "notes note comments comment thoughts remarks memo description reflection "
        "journal observations",
        "tags": "tags tag labels label keywords",
        "status": "status result results outcome outcomes response",
        "round": "round stage step rounds",
        "callback": "callback callbacks recall recalls cb cbs",
        "booked": "booked booking book bookings",
        "pinned": "pinned avail pin hold refusal pencil pencilled penciled",
        "released": "released release releases",
        "uid": "uid uuid guid",
        "created_at": "created timestamp",
        "updated_at": "updated modified",
        "time": "time",
        "tape_due": "due deadline",
        "miles": "miles mileage distance",
        "expenses": "expenses expense spending",
        "parking": "parking",
        "cost": "cost costs fee fees spent gas fuel toll tolls travel taxi uber train coaching",
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
    "created time": "created_at",
    "created on": "created_at",
    "time created": "created_at",
    "last edited": "updated_at",
    "last edited time": "updated_at",
    "edited": "updated_at",
    "modified time": "updated_at",
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
    "casting assistant": "casting",
    "musical director": "room",
    "music director": "room",
    "musical supervisor": "room",
    "first refusal": "pinned",
    "avail check": "pinned",
    "heavy pencil": "pinned",
    "follow up": ASIDE,
    "follow up date": ASIDE,
    "follow up method": ASIDE,
    "follow up sent": ASIDE,
    "followup": ASIDE,
    "followup date": ASIDE,
    "thank you": ASIDE,
    "thank you sent": ASIDE,
    "thank you note": ASIDE,
    "union status": ASIDE,
    "submitted on": "date" + FALLBACK,
    "date submitted": "date" + FALLBACK,
    "submission date": "date" + FALLBACK,
    "submitted date": "date" + FALLBACK,
    "applied on": "date" + FALLBACK,
    "date applied": "date" + FALLBACK,
    "casting agency": "casting",
    "got it via": "source",
    "casting platform": "source",
    "person tape": "format",
    "self tape person": "format",
    "production company": ASIDE,
    "callback time": ASIDE,
    "to do": ASIDE,
    "next steps": ASIDE,
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
        "rate",
        "rates",
        "pay",
        "union",
        "attachment",
        "attachments",
        "files",
        "file",
        "link",
        "links",
        "url",
        "website",
        "producer",
        "producers",
        "network",
        "networks",
        "sag",
        "aftra",
        "equity",
        "hair",
        "makeup",
        "accent",
        "accents",
        "dialect",
        "props",
        "shoot",
        "shooting",
        "filming",
        "postcard",
        "postcards",
        "steps",
        "todo",
        "breakdown",
    ]
)
# words that name a field only when no other column names it
SECOND_CHOICE = {"spot": "project", "name": "project", "title": "project"}
# words that make a column something written about the audition, kept in the notes
_NOTE_WORDS = frozenset(
    {"notes", "note", "comments", "comment", "feedback", "thoughts", "remarks", "description", "breakdown"}
)
# "how ... went / felt / feel": how the audition felt, the rating
_HOW_IT_WENT = frozenset({"feel", "felt", "went", "go", "going", "think", "thought", "did"})
# a header ending in one of these names when something happened: `audition_at`, `callback_on`
_WHEN = frozenset({"at", "on", "time", "date", "dates", "datetime", "timestamp"})
# a casting column naming an office rather than a person, and one naming a person
_OFFICE_WORDS = frozenset({"office", "company", "agency", "house", "studio", "offices", "companies"})
_PERSON_WORDS = frozenset({"director", "associate", "assistant", "person", "contact", "cd", "cds"})


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
    fallback: bool = False


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
    if len(ws) == 1 and ws[0] in SECOND_CHOICE:
        return Match(SECOND_CHOICE[ws[0]], fallback=True)
    when = _when(raw)
    if when is not None:
        return when
    if "how" in raw and set(ws) & _HOW_IT_WENT:  # "How do you feel it went? (1-5)"
        return _result("rating", question)
    fields: set | None = None
    for w in ws:
        options = LEXICON.get(w) or LEXICON.get(w.rstrip("s"))
        if not options:
            return _kept_aside(ws)
        fields = set(options) if fields is None else fields & set(options)
    if not fields:
        return _kept_aside(ws)
    first = LEXICON.get(ws[0]) or LEXICON[ws[0].rstrip("s")]
    best = next(f for f in first if f in fields)
    return _result(best, question)


def _kept_aside(ws: list[str]) -> Match:
    """A header no field fits whose words still say it is something written about the
    audition ("Callback Notes", "Notes from CD", "Self-tape link", "Director/Producer"): kept
    in the notes under its header. Words nobody can place ("Mood") are not kept, and named."""
    if set(ws) & (_NOTE_WORDS | ASIDES):
        return Match("notes", aside=True)
    return Match(None)


def _when(raw: list[str]) -> Match | None:
    """`audition_at`, `callback_on`, `Booked On`, `Audition Time Stamp`: a database's or an
    app's name for when something happened. The audition's own is the date; an outcome's
    is the dates of that outcome."""
    if len(raw) < 2 or raw[-1] not in _WHEN or raw[-1] == "time" and raw[-2] not in WEAK:
        return None
    rest = [w for w in raw[:-1] if w not in _WHEN]
    if not rest:
        return None
    if all(w in WEAK or w in ("scheduled", "appointment", "held", "start", "starts") for w in rest):
        return Match("date")
    inner = match(" ".join(rest))
    if inner.field in OUTCOMES:
        return inner._replace(question=False)
    return None


def _result(field: str, question: bool) -> Match:
    if field == ASIDE:
        return Match("notes", aside=True)
    fallback = field.endswith(FALLBACK)
    field = field.rstrip(FALLBACK)
    if not _known(field):
        return Match(None)
    if field in ("time", "tape_due", "miles") and field not in models.FIELDS:
        return Match(None, missing=field)
    return Match(field, question=question, fallback=fallback)


def is_office(header: str) -> bool:
    """A casting column that names an office or company rather than a person."""
    return _casting_rank(header) == 0


def _casting_rank(header: str) -> int:
    """0 a column naming an office (`Casting Company`, `Casting Director / Agency`), 1 one
    that could be either (`Casting`, `CD`), 2 a person (`Casting Director`, `Casting Associate`):
    the office is the record's casting, the people in the room beside it."""
    ws = set(words(header))
    if ws & _OFFICE_WORDS:
        return 0
    if ws & _PERSON_WORDS and ws != {"cd"} and ws != {"cds"}:
        return 2
    return 1


# ---- a whole header row -------------------------------------------------------------------
# fields several columns may feed (the people in the room are joined, each named)
MULTI = frozenset({"notes", "tags", "status", "room", "cost", "events"} | set(OUTCOMES))


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
        if m.field is None and "." in name.strip("."):
            m = match(name.rsplit(".", 1)[1])  # a nested key read alone: "outcome.bookedDate"
        if m.field == IGNORED:
            cols.append(Column(i, name, None, why="a row number of another table"))
        elif m.field is None:
            why = f"this version keeps no {m.missing.replace('_', ' ')}" if m.missing else "no field matches"
            cols.append(Column(i, name, None, why=why))
        elif m.aside:
            cols.append(Column(i, name, "notes", aside=True, why=f"kept in the notes as '{name}: …'"))
        elif m.fallback:
            cols.append(Column(i, name, None, why=f"?{m.field}"))
        else:
            cols.append(Column(i, name, m.field))
    # a second-choice column ("Name", "Spot", "Submitted On") gives its field when no other
    # column does (a database's or Notion's title column is the project), else goes to the notes
    for c in list(cols):
        if c.field is None and c.why and c.why.startswith("?"):
            field = c.why[1:]
            given = next((x for x in cols if x.field == field), None)
            if given is None:
                cols[c.index] = Column(c.index, c.header, field)
            else:
                cols[c.index] = c._replace(
                    field="notes",
                    aside=True,
                    why=f"{given.header!r} gives {field}: kept in the notes as '{c.header}: …'",
                )
    return _resolve(cols, set(mapping.values()))


def _resolve(cols: list[Column], mapped: set) -> list[Column]:
    casting = [c for c in cols if c.field == "casting"]
    if len(casting) > 1:
        keep = min(casting, key=lambda c: _casting_rank(c.header))  # the office, else the first
        for c in casting:
            if c is keep:
                continue
            cols[c.index] = c._replace(
                field="room",
                why=f"a second casting column beside {keep.header!r}: kept as room",
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
