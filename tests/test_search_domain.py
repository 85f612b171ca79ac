"""Search's words, ranking and context, without the store."""

import pytest

from callback_cli.errors import BadInput
from callback_cli.search import context, rank, score, terms


def rec(id, date="2026-11-01", **fields):
    return {"id": id, "date": date, "tags": [], "events": [], **fields}


def test_terms_split_and_refuse_nothing():
    assert terms(["jane  doe", "Jane", "room"]) == ["jane", "doe", "room"]
    for empty in ([], [""], ["  "]):
        with pytest.raises(BadInput):
            terms(empty)


def test_a_project_hit_outranks_a_note_hit_and_ties_go_newest_first():
    a = rec(1, project="Kim's Diner")
    b = rec(2, notes="kim was lovely")
    c = rec(3, date="2026-11-05", notes="kim again")
    assert score(a, ["kim"]) == 8 and score(b, ["KIM"]) == 3
    assert [r["id"] for r in rank([b, c, a], ["kim"])] == [1, 3, 2]


def test_context_marks_the_words_where_they_are():
    r = rec(
        4,
        project="Night Shift",
        room="Jane Doe, a reader named Sam, and the showrunner who said very little",
        events=[{"status": "callback", "date": "2026-11-05", "note": "Sam read again"}],
    )
    hits = context(r, ["sam"])
    assert [h["field"] for h in hits] == ["room", "callback 2026-11-05"]
    room = hits[0]
    assert [room["text"][a:b] for a, b in room["spans"]] == ["Sam"]
    assert room["text"].endswith("…")
    assert [hits[1]["text"][a:b] for a, b in hits[1]["spans"]] == ["Sam"]


def test_context_cuts_long_text_at_a_word():
    r = rec(5, notes="x" * 10 + " lots of words before the direction bit and after it more words follow")
    (hit,) = context(r, ["direction"])
    assert hit["text"].startswith("…") and "direction" in hit["text"]
    a, b = hit["spans"][0]
    assert hit["text"][a:b] == "direction"
