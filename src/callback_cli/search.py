"""Finding auditions by anything written about them: the words to look for, the ranking,
and the matching words in their context (pure: the store finds the candidates)."""

from __future__ import annotations

from callback_cli.errors import BadInput

# the record's text, most telling first; a hit counts this much towards the ranking
WEIGHTS = {
    "project": 8,
    "role": 6,
    "casting": 5,
    "room": 5,
    "tags": 4,
    "direction": 3,
    "notes": 3,
    "outfit": 2,
    "headshot": 2,
    "location": 2,
    "events": 2,
    "source": 1,
    "type": 1,
    "format": 1,
    "size": 1,
}
CONTEXT = 30  # characters shown either side of a match


def terms(words) -> list[str]:
    """The words of `search WORDS`, each of which must occur (any case, any part of a word)."""
    found: list[str] = []
    for word in words or ():
        for part in str(word).split():
            if part.lower() not in (t.lower() for t in found):
                found.append(part)
    if not found:
        raise BadInput("give at least one word to search for, e.g. callback search jane")
    return found


def texts(rec: dict) -> list[tuple[str, str]]:
    """(field, text) for every text of a record that search looks in, in WEIGHTS order."""
    out = []
    value: object
    for name in WEIGHTS:
        if name == "tags":
            value = " ".join(rec.get("tags") or ())
        elif name == "events":
            for e in rec.get("events") or ():
                if e.get("note"):
                    out.append((f"{e['status']} {e['date']}", e["note"]))
            continue
        else:
            value = rec.get(name)
        if value:
            out.append((name, str(value)))
    return out


def _weight(field: str) -> int:
    return WEIGHTS.get(field, WEIGHTS["events"])


def score(rec: dict, words: list[str]) -> int:
    lowered = [w.lower() for w in words]
    return sum(_weight(field) * text.lower().count(w) for field, text in texts(rec) for w in lowered)


def rank(records: list, words: list[str]) -> list:
    """Most hits in the most telling fields first; ties newest first."""
    return sorted(records, key=lambda r: (-score(r, words), _neg(r["date"]), -r["id"]))


def _neg(day: str) -> tuple:
    return tuple(-ord(c) for c in day)


def context(rec: dict, words: list[str], limit: int = 3) -> list[dict]:
    """Where the words occur: [{"field", "text", "spans": [[start, end], ...]}], the text
    cut to CONTEXT characters around the first match, spans relative to it."""
    lowered = [w.lower() for w in words]
    hits = []
    for field, text in texts(rec):
        low = text.lower()
        if len(low) != len(text):  # a character whose lower case is longer: match as typed
            low = text
        first = min((i for i in (low.find(w) for w in lowered) if i >= 0), default=-1)
        if first < 0:
            continue
        start = max(0, first - CONTEXT)
        end = min(len(text), first + CONTEXT + max(len(w) for w in lowered))
        if start:  # do not start mid-word
            space = text.find(" ", start, first)
            start = space + 1 if space >= 0 else start
        piece = text[start:end]
        spans = []
        for w in lowered:
            at = low.find(w, start, end)
            while at >= 0 and at + len(w) <= end:
                spans.append([at - start, at - start + len(w)])
                at = low.find(w, at + len(w), end)
        hits.append(
            {
                "field": field,
                "text": ("…" if start else "") + piece + ("…" if end < len(text) else ""),
                "spans": [[a + (1 if start else 0), b + (1 if start else 0)] for a, b in sorted(spans)],
            }
        )
        if len(hits) == limit:
            break
    return hits
