"""merge.py, directly: an outcome the journal already has is not planned again, and a
spreadsheet row fills only what the journal lacks."""

from callback_cli import merge
from callback_cli.incoming import Incoming

TODAY = "2026-11-23"


def existing(events=(), **row):
    base = {
        "uid": "u-1",
        "project": "Night Shift",
        "role": "Kim",
        "date": "2026-10-01",
        "updated_at": "2026-10-02T00:00:00Z",
    }
    return merge.Existing({**base, **row}, set(events), [])


def incoming(events, loose=(), uid=None, **values):
    values = {"date": "2026-10-01", "project": "Night Shift", "role": "Kim", **values}
    return Incoming(1, values, [], list(events), uid, loose=frozenset(loose))


def test_same_status_same_day_is_known_whatever_the_note():
    have = existing([("callback", "2026-10-08", "chemistry")])
    assert merge.change(1, have, incoming([("callback", "2026-10-08", None)]), TODAY) is None


def test_a_dateless_outcome_matches_the_status_on_any_day():
    have = existing([("callback", "2026-10-20", None)])
    rec = incoming([("callback", "2026-10-01", None)], loose=[("callback", "2026-10-01")])
    assert merge.change(1, have, rec, TODAY) is None
    # the same row without the assumption is a second callback
    change = merge.change(1, have, incoming([("callback", "2026-10-01", None)]), TODAY)
    assert change is not None and change.events == [("callback", "2026-10-01", None)]


def test_a_spreadsheet_outcome_near_one_or_against_a_scheduled_one_is_known():
    have = existing([("callback", "2026-10-08", None), ("booked", "2026-12-01", None)])
    assert merge.change(1, have, incoming([("callback", "2026-10-10", None)]), TODAY) is None
    assert merge.change(1, have, incoming([("booked", "2026-10-15", None)]), TODAY) is None
    far = merge.change(1, have, incoming([("callback", "2026-10-20", None)]), TODAY)
    assert far.events == [("callback", "2026-10-20", None)]


def test_a_record_with_a_uid_matches_outcomes_exactly():
    have = existing([("callback", "2026-10-08", None)])
    rec = incoming([("callback", "2026-10-09", None)], uid="u-1", updated_at=None)
    assert merge.change(1, have, rec, TODAY).events == [("callback", "2026-10-09", None)]


def test_a_spreadsheet_row_fills_blanks_and_never_overwrites():
    have = existing(casting="Bluebird", notes=None)
    change = merge.change(1, have, incoming([], casting="Other Office", notes="wore blue"), TODAY)
    assert change.fields == {"notes": "wore blue"}
    assert change.describe()["fields"] == [{"field": "notes", "from": None, "to": "wore blue"}]
    assert change.describe()["label"] == "Night Shift (Kim), 2026-10-01"
