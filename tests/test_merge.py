"""merge.py called directly: incoming records matched to what the journal holds, as a plan."""

from __future__ import annotations

from callback_cli import merge
from callback_cli.incoming import Incoming

UID = "0b8f3c4e-1111-4222-8333-444455556666"


def incoming(
    n, day="2026-03-01", project="Night Shift", role=None, uid=None, events=(), tags=(), updated=None
):
    values = {"date": day, "project": project, "role": role}
    return Incoming(n, values, list(tags), list(events), uid, None, updated)


def journal_row(aid, uid, day="2026-03-01", project="Night Shift", role=None, updated="2026-03-02T10:00:00Z"):
    return {"id": aid, "uid": uid, "date": day, "project": project, "role": role, "updated_at": updated}


def test_match_by_uid_then_by_date_project_role_in_any_case():
    rows = [(1, UID, "2026-03-01", "Night Shift", "Kim"), (2, "other", "2026-03-02", "Soda", None)]
    records = [
        incoming(1, uid=UID, project="Renamed"),  # the uid wins over the fields
        incoming(2, day="2026-03-02", project="SODA"),  # no uid: date + project + role, any case
        incoming(3, day="2026-03-02", project="Soda", role="Lead"),  # another role: new
        incoming(4, day="2026-03-02", project="Soda", role="lead"),  # the same new one again
    ]
    matched = merge.match(records, rows)
    assert [(aid, rec.row) for aid, rec in matched.found] == [(1, 1), (2, 2)]
    assert [rec.row for rec in matched.new] == [3]
    assert matched.duplicates == 1


def test_plan_takes_missing_events_and_tags_always_and_fields_only_when_newer():
    have = merge.Existing(
        journal_row(1, UID) | {"casting": "Old"},
        {("callback", "2026-03-03", None)},
        ["drama"],
    )
    older = incoming(
        1,
        uid=UID,
        events=[("callback", "2026-03-03", None), ("booked", "2026-03-09", None)],
        tags=["comedy"],
        updated="2026-03-01T00:00:00Z",
    )
    older.values["casting"] = "New"
    plan = merge.plan(merge.match([older], [(1, UID, "2026-03-01", "Night Shift", None)]), {1: have})
    (change,) = plan.changes
    assert change.events == [("booked", "2026-03-09", None)]
    assert change.tags == ["comedy", "drama"]
    assert change.fields == {} and change.updated_at is None  # older copy: the journal's fields stay
    newer = incoming(1, uid=UID, updated="2026-03-05T00:00:00Z")
    newer.values["casting"] = "New"
    plan = merge.plan(merge.match([newer], [(1, UID, "2026-03-01", "Night Shift", None)]), {1: have})
    assert plan.changes[0].fields == {"casting": "New"}
    assert plan.changes[0].updated_at == "2026-03-05T00:00:00Z"
    assert plan.summary() == {"new": 0, "present": 0, "updated": 1}


def test_nothing_new_is_present_and_a_second_copy_counts_only_for_what_it_adds():
    have = merge.Existing(journal_row(1, UID), {("callback", "2026-03-03", None)}, ["drama"])
    rows = [(1, UID, "2026-03-01", "Night Shift", None)]
    same = incoming(1, uid=UID, events=[("callback", "2026-03-03", None)], tags=["drama"])
    more = incoming(2, uid=UID, events=[("booked", "2026-03-09", None)])
    again = incoming(3, uid=UID, events=[("booked", "2026-03-09", None)])
    plan = merge.plan(merge.match([same, more, again], rows), {1: have})
    assert plan.summary() == {"new": 0, "present": 2, "updated": 1}
    assert [c.events for c in plan.changes] == [[("booked", "2026-03-09", None)]]
