"""The words actors use, read into the record's values: statuses (with the callback round
kept), types (an unknown word becomes `other` with the word kept as a tag), formats, sizes,
and the yes/no answers of question columns ("Did I get a callback?").

One module for every reader: the options of `add`, `mark`, `edit` and `list`, and `import`.
Pure: no I/O, no SQL, no Typer, no Rich.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from callback_cli import models
from callback_cli.errors import BadInput

# ---- normalising a word ------------------------------------------------------------------
_EDGE = " \t\r\n.,;:!?*\"'()[]{}<>~`"
_SYMBOLS = re.compile(r"^[^\w'+]+(?=\w)|(?<=[\w.])[^\w'.+]+$")
_JOINERS = re.compile(r"[_\-/\s]+")


def key(word) -> str:
    """A word as the tables know it: lower case, surrounding punctuation and spaces gone,
    `_`, `-`, `/` and runs of spaces folded to one space ("Booked!" → "booked",
    "avail_check" → "avail check", "Co-Star" → "co star")."""
    text = str(word).strip().lower().replace("’", "'")
    text = text.strip(_EDGE)
    if text and not (text[0].isalnum() and text[-1].isalnum()):
        text = _SYMBOLS.sub("", text)  # "Booked!!! 🎉", "✨ Callback": the word inside the symbols
    if not text.isalnum():  # letters and digits alone hold no "_", "-", "/" or space to fold
        text = _JOINERS.sub(" ", text)
    return text.strip(_EDGE).strip()


class _Table:
    """A word table ({meaning: words}), read by key(word). It is built the first time it is
    read: most commands never read one, and normalising every word of every table costs
    start-up time."""

    __slots__ = ("_groups", "_words")

    def __init__(self, groups: dict) -> None:
        self._groups: dict = groups
        self._words: dict | None = None

    def _built(self) -> dict:
        if self._words is None:
            self._words = {key(word): meaning for meaning, words in self._groups.items() for word in words}
        return self._words

    def get(self, k: str, default=None):
        return self._built().get(k, default)

    def __getitem__(self, k: str):
        return self._built()[k]

    def __contains__(self, k: object) -> bool:
        return k in self._built()


# ---- statuses ----------------------------------------------------------------------------
class Outcome(NamedTuple):
    """What a status word says: `status` None means no outcome yet (Submitted, TBD, blank);
    `label` keeps the more specific word ("producer session", "callback 2") for the event's
    note; `round` is the callback round when the word gives one."""

    status: str | None
    label: str | None = None
    round: int | None = None


_STATUS = _Table(
    {
        "callback": (
            "callback",
            "callbacks",
            "cb",
            "call back",
            "called back",
            "recall",
            "recalled",
            "got a callback",
            "got a recall",
            "invited back",
        ),
        "pinned": (
            "pinned",
            "pin",
            "avail",
            "avail check",
            "availability",
            "availability check",
            "first avail",
            "1st avail",
            "checked avail",
            "hold",
            "on hold",
            "held",
            "first refusal",
            "pencil",
            "pencilled",
            "penciled",
            "on avail",
            "heavy pencil",
            "light pencil",
            "pencil hold",
            "on pencil",
            "on a pencil",
            "pencilled in",
            "penciled in",
            "second refusal",
            "1st refusal",
            "2nd refusal",
            "right of first refusal",
            "on first refusal",
            "soft hold",
            "hard hold",
        ),
        "booked": (
            "booked",
            "book",
            "booking",
            "booked it",
            "cast",
            "got it",
            "got the part",
            "got the job",
            "got the role",
            "offer",
            "offered",
            "hired",
            "won",
            "booked!",
        ),
        "released": (
            "released",
            "release",
            "passed",
            "pass",
            "not cast",
            "rejected",
            "not booked",
            "didn't book",
            "did not book",
            "didn't get it",
            "not selected",
            "went another way",
            "they went another way",
            "lost",
            "lost it",
            "cut",
            "not this time",
            "unsuccessful",
            "not successful",
            "no thanks",
            "not for me",
            "not right",
            "no go",
        ),
        "declined": ("declined", "decline", "turned down", "turned it down", "i passed", "withdrew"),
        "no-response": (
            "no response",
            "noresponse",
            "no word",
            "noword",
            "ghosted",
            "no reply",
            "nothing",
            "none",
            "heard nothing",
            "never heard",
            "never heard back",
            "no news",
            "silence",
        ),
    }
)
# these say "a callback", and which kind: the word itself is kept as the event's note
_CALLBACK_KINDS = _Table(
    {
        None: (
            "producer session",
            "producers session",
            "producer's session",
            "producer callback",
            "producers callback",
            "producer's callback",
            "straight to producers",
            "straight to producer",
            "went to producers",
            "to producers",
            "producers",
            "chemistry read",
            "chemistry",
            "chemistry test",
            "screen test",
            "network test",
            "studio test",
            "network",
            "studio",
            "director session",
            "director's session",
            "directors session",
            "work session",
            "mix and match",
            "final callback",
            "finals",
            "final",
            "test deal",
        )
    }
)
_NO_OUTCOME = _Table(
    {
        None: (
            "",
            "-",
            "--",
            "?",
            "submitted",
            "sent",
            "pending",
            "tbd",
            "tba",
            "n/a",
            "na",
            "waiting",
            "waiting to hear",
            "auditioned",
            "audition",
            "self taped",
            "taped",
            "tape sent",
            "in progress",
            "unknown",
            "open",
            "scheduled",
            "upcoming",
            "not yet",
            "viewed",
            "seen",
            "selected",
            "selected for audition",
            "invited to audition",
            "audition requested",
            "requested",
            "confirmed",
            "audition confirmed",
            "applied",
        )
    }
)
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5}
# (the patterns are compiled by `re` when first used, and kept in its cache: start-up)
_ROUND_BEFORE = re.compile(
    r"^(?:(\d{1,2})(?:st|nd|rd|th)?|(first|second|third|fourth|fifth)) (?:callback|cb|recall)$"
)
_ROUND_AFTER = re.compile(r"^(?:callback|cb|call back|recall) ?(?:#|no|round)? ?(\d{1,2})$")


@lru_cache(maxsize=1024)
def outcome(word) -> Outcome | None:
    """Read a status word; None when the word is not one the tables know."""
    k = key(word)
    if k in _NO_OUTCOME:
        return Outcome(None)
    status = _STATUS.get(k) or _STATUS.get(k.replace(" ", "-"))
    if status is None and k.replace(" ", "-") in models.STATUSES:
        status = k.replace(" ", "-")
    if status is not None:
        return Outcome(status)
    if k in _CALLBACK_KINDS:
        return Outcome("callback", k)
    m = _ROUND_BEFORE.match(k) or _ROUND_AFTER.match(k)
    if m:
        n = int(m[1]) if m[1] else _ORDINALS[m[2]]
        return Outcome("callback", k, n)
    return None


# what joins two outcomes in one cell ("Callback, Booked", "CB → Booked", "callback then pinned")
_SEVERAL = re.compile(r"\s*(?:,|;|→|->|=>|>|\+|&|\bthen\b|\band\b)\s*")
# an outcome with the day it happened: "Callback 9/9", "Pinned (9/20)", "booked on 3/14/2026"
_DATED = re.compile(
    r"^(.+?)[\s(:@\-–—]+(?:on\s+)?(\d{1,4}[/.\-]\d{1,2}(?:[/.\-]\d{2,4})?)\)?$", re.IGNORECASE
)
_TIMES = re.compile(r"^(.+?)\s*[x×]\s*(\d)$", re.IGNORECASE)  # "Callback x2"
_NOTED = re.compile(r"^(.+?)\s*(?:\((.+)\)|\s[-–—:]\s+(.+))$")  # an outcome, then a note about it


def outcomes(word) -> list[tuple[Outcome, str | None]] | None:
    """A status cell holding more than one word a table knows, in the order they happened:
    each outcome with the date text written beside it (None when none is). "Callback 9/9" →
    [(callback, "9/9")]; "Callback, Booked" → [(callback, None), (booked, None)]; "Callback
    x2" → [(callback "callback x2", None)]. None when any part is not a known outcome."""
    text = str(word).strip()
    found: list[tuple[Outcome, str | None]] = []
    for part in _SEVERAL.split(text):
        part = part.strip()
        if not part:
            continue
        one = outcome(part)
        if one is not None:
            found.append((one, None))
            continue
        m = _DATED.match(part)
        one = outcome(m[1]) if m else None
        if m and one is not None:
            found.append((one, m[2]))
            continue
        m = _NOTED.match(part)
        one = outcome(m[1]) if m else None
        if m and one is not None and one.status is not None:
            note = (m[2] or m[3]).strip()  # "Callback (Zoom)", "Pinned - for May"
            found.append((one._replace(label=f"{one.label}; {note}" if one.label else note), None))
            continue
        m = _TIMES.match(part)
        one = outcome(m[1]) if m else None
        if m and one is not None and one.status == "callback":
            found.append((Outcome("callback", key(part), int(m[2]) if m[2] != "1" else None), None))
            continue
        return None
    return found or None


def status(word, *, allow_auditioned: bool = False) -> str:
    """A status given as an option (`mark`, `list --status`): a known outcome word or an error."""
    if word in models.STATUSES:  # the usual case, without building the tables
        return word
    k = key(word)
    if allow_auditioned and k == "auditioned":
        return "auditioned"
    found = outcome(word) if k else None
    if found is None or found.status is None:
        choices = (("auditioned",) if allow_auditioned else ()) + models.STATUSES
        raise BadInput(f"unknown status {word!r} (choose from {', '.join(choices)})")
    return found.status


# ---- rounds (a tracker with one row per round) ---------------------------------------------
_FIRST_ROUND = _Table(
    {
        None: (
            "audition",
            "1st audition",
            "first audition",
            "initial",
            "initial audition",
            "first",
            "1st",
            "1",
            "round 1",
            "first round",
            "1st round",
            "pre read",
            "preread",
            "prescreen",
            "pre screen",
            "first read",
            "read",
            "self tape",
            "tape",
            "open call",
            "go see",
            "general",
        )
    }
)
_ROUND_N = re.compile(r"^(?:round )?(\d{1,2})(?:st|nd|rd|th)?(?: round)?$")


@lru_cache(maxsize=512)
def round_of(word) -> Outcome | None:
    """A `Round`/`Stage` cell: Outcome(None) for the first audition, a callback (round kept)
    for a later round, any other outcome for a stage like "Booked"; None when unknown."""
    k = key(word)
    if k in _FIRST_ROUND:
        return Outcome(None)
    m = _ROUND_N.match(k)
    if m:
        n = int(m[1])
        return Outcome(None) if n <= 1 else Outcome("callback", k, n - 1)
    if k.startswith(("second", "2nd", "third", "3rd")) and ("round" in k or "audition" in k or "read" in k):
        return Outcome("callback", k)
    found = outcome(word)
    if found is not None and found.status is not None:
        return found
    if "callback" in k.split() or "recall" in k.split():
        return Outcome("callback", k)
    return None


# ---- types ---------------------------------------------------------------------------------
_TYPE = _Table(
    {
        "film": (
            "film",
            "films",
            "feature",
            "feature film",
            "features",
            "short",
            "short film",
            "indie",
            "indie film",
            "independent",
            "independent film",
            "movie",
            "motion picture",
            "theatrical",
        ),
        "tv": (
            "tv",
            "t.v",
            "television",
            "episodic",
            "series regular",
            "series",
            "streaming",
            "cable",
            "m.o.w",
            "mow",
            "movie of the week",
            "tv movie",
            "sitcom",
            "pilot",
            "soap",
            "daytime",
            "limited series",
            "miniseries",
            "mini series",
            "network tv",
            "network",
            "continuing drama",
            "telly",
            "soap opera",
        ),
        "commercial": (
            "commercial",
            "commercials",
            "ad",
            "advert",
            "advertisement",
            "tvc",
            "spot",
            "national commercial",
            "regional commercial",
            "promo",
        ),
        "theatre": (
            "theatre",
            "theater",
            "musical",
            "musical theatre",
            "musical theater",
            "play",
            "stage",
            "opera",
            "broadway",
            "off broadway",
            "tour",
            "national tour",
            "regional theatre",
            "regional theater",
        ),
        "voiceover": (
            "voiceover",
            "voice over",
            "vo",
            "v.o",
            "voice",
            "animation",
            "audiobook",
            "dubbing",
            "voice acting",
            "narration",
            "narrator",
            "e learning",
            "elearning",
            "radio",
            "radio ad",
            "radio commercial",
            "radio spot",
            "explainer",
            "podcast",
        ),
        "web": ("web", "new media", "web series", "webseries", "online", "youtube", "digital", "internet"),
        "student": ("student", "student film", "student short", "thesis film", "grad film", "film school"),
        "other": ("other",),
    }
)
_GENRES = {"comedy", "drama", "thriller", "horror", "action", "romance", "romcom", "sci", "fi", "family"}


class Kind(NamedTuple):
    """A type word read: the type, and the original word as a tag when the type is `other`
    because no table knows the word (`Print` → other + tag `print`)."""

    type: str | None
    tag: str | None = None


_VOICE = {"vo", "v.o", "voiceover", "voice", "voices"}


def _type_known(k: str) -> str | None:
    if k in _TYPE:
        return _TYPE[k]
    words = [w for w in k.split() if w not in _GENRES]
    if words and len(words) < len(k.split()) and " ".join(words) in _TYPE:
        return _TYPE[" ".join(words)]  # "TV Drama", "Feature Comedy"
    if _VOICE & set(words):
        return "voiceover"  # "Commercial VO", "Promo voice": the work is the voice's
    found = {_TYPE.get(w) for w in words}
    if len(words) > 1 and len(found) == 1 and None not in found:
        return found.pop()  # "Theatre - Musical", "TV / Streaming": every word says one type
    return None


@lru_cache(maxsize=1024)
def kind(word) -> Kind:
    """Read a type word; every word gives a type (unknown ones `other` + the word as a tag)."""
    k = key(word)
    if not k:
        return Kind(None)
    known = _type_known(k)
    if known:
        return Kind(known)
    return Kind("other", tag_of(word))


def project_type(word) -> str:
    """A type given as an option: a known word or an error."""
    if word in models.TYPES:  # the usual case, without building the table
        return word
    known = _type_known(key(word))
    if known is None:
        raise BadInput(f"unknown type {word!r} (choose from {', '.join(models.TYPES)})")
    return known


# ---- formats -------------------------------------------------------------------------------
_FORMAT = _Table(
    {
        "in-person": (
            "in person",
            "inperson",
            "in-person",
            "live",
            "in room",
            "in the room",
            "in office",
            "office",
            "studio",
            "at the office",
            "face to face",
            "f2f",
        ),
        "self-tape": (
            "self tape",
            "selftape",
            "self taped",
            "self-tape",
            "tape",
            "taped",
            "video",
            "e tape",
            "etape",
            "video submission",
            "ecocast",
            "eco cast",
            "self tape submission",
        ),
        "virtual": (
            "virtual",
            "zoom",
            "online",
            "remote",
            "skype",
            "facetime",
            "video call",
            "live virtual",
            "webex",
            "teams",
            "google meet",
            "zoom audition",
            "live zoom",
        ),
    }
)


@lru_cache(maxsize=512)
def audition_format(word) -> str | None:
    """Read a format word; None when unknown."""
    k = key(word)
    if k.replace(" ", "-") in models.FORMATS:
        return k.replace(" ", "-")
    return _FORMAT.get(k)


def format_option(word) -> str:
    found = audition_format(word)
    if found is None:
        raise BadInput(f"unknown format {word!r} (choose from {', '.join(models.FORMATS)})")
    return found


# ---- sizes ---------------------------------------------------------------------------------
_SIZE = _Table(
    {
        "co-star": ("co star", "costar", "co starring"),
        "guest-star": ("guest star", "guest", "guest starring", "gs"),
        "series-regular": ("series regular", "regular", "series reg"),
        "recurring": ("recurring", "recurring guest star", "recurring guest"),
        "lead": ("lead", "leading", "starring", "lead role", "principal lead"),
        "supporting": ("supporting", "support", "supporting role"),
        "day-player": ("day player", "dayplayer"),
        "under-5": ("under 5", "u5", "under five"),
        "background": ("background", "bg", "extra", "background actor", "bkg"),
    }
)


@lru_cache(maxsize=512)
def size(word) -> str | None:
    """Sizes are free text stored lower-case with `-` between words; the usual spellings
    of the common ones are folded together (`Co-Star`, `costar`, `co_star` → co-star)."""
    k = key(word)
    if not k:
        return None
    if k.replace(" ", "-") in models.SIZES:  # the usual case, without building the table
        return k.replace(" ", "-")
    return _SIZE.get(k, k.replace(" ", "-"))


# ---- yes / no ------------------------------------------------------------------------------
_YES = {"true", "t", "yes", "y", "1", "✓", "✔", "☑", "✅", "x", "yep", "yeah", "got it", "checked"}
_NO = {"false", "f", "no", "n", "0", "✗", "✘", "☐", "❌", "nope", "not yet"}
_YES_REST = re.compile(r"(?i)^\s*(yes|y|true|✓|✔)\b[\s\-–—:,;(]*(.*?)[\s)]*$")
_NO_REST = re.compile(r"(?i)^\s*(no|n|false)\b[\s\-–—:,;(]*(.*?)[\s)]*$")


class Answer(NamedTuple):
    """A question column's cell: `yes` True/False, or None for blank/unknown; `rest` the
    words after the answer ("Yes - Zoom" → yes, "Zoom")."""

    yes: bool | None
    rest: str | None = None


def answer(word, *, x_means_yes: bool = True) -> Answer | None:
    """Read a yes/no cell. `x` is a tick in a column of ticks, and "no" beside ✓ marks
    (the column decides: x_means_yes). Blank or "-" is Answer(None); unknown text None."""
    raw = "" if word is None else str(word).strip()
    k = raw.lower().strip(" .!")
    if k in ("", "-", "--", "n/a", "na", "?", "tbd", "pending"):
        return Answer(None)
    if k == "x":
        return Answer(x_means_yes)
    if k in _YES:
        return Answer(True)
    if k in _NO:
        return Answer(False)
    m = _YES_REST.match(raw)
    if m:
        return Answer(True, m[2].strip() or None)
    m = _NO_REST.match(raw)
    if m:
        return Answer(False, m[2].strip() or None)
    return None


# ---- ratings --------------------------------------------------------------------------------
# how a "How did it go?" column says it in words, on the 1-5 scale
_RATING_WORDS = _Table(
    {
        5: ("excellent", "amazing", "great", "fantastic", "nailed it", "perfect", "awesome", "loved it"),
        4: ("good", "very good", "pretty good", "solid", "strong", "well"),
        3: ("ok", "okay", "fine", "meh", "average", "alright", "all right", "so so", "decent"),
        2: ("bad", "poor", "not great", "rough", "weak", "off"),
        1: ("awful", "terrible", "horrible", "disaster", "bombed", "the worst"),
    }
)


def rating_word(word) -> int | None:
    """A rating given as a word ("Great" → 5, "meh" → 3); None when the word is not one."""
    return _RATING_WORDS.get(key(word))


# ---- tags ----------------------------------------------------------------------------------
def tag_of(word) -> str:
    """A word as a tag: lower case, words joined by `-`."""
    return "-".join(str(word).strip().lower().replace(",", " ").replace(";", " ").split())
