"""Matching incoming records to the journal, as a plan: which are new, which are present
already, and what changes the present ones take. Pure: no reads, no writes; the journal
gives it what it needs to know and applies the plan.

A record matches by uid, or (a spreadsheet row without one) by date + project + role in any
case. A record already present takes the outcomes the journal lacks and its tags, and its
field values when it was updated more recently than the journal's copy; a spreadsheet row
(no uid) only fills the fields the journal has empty. An outcome the journal already has is
not added again: the same status on the same day; for a spreadsheet row also on a day near
it or one still scheduled; and for an outcome whose day the file did not give (a "Callback"
result), the same status on any day.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from callback_cli import models
from callback_cli.errors import ImportRowsError
from callback_cli.incoming import Incoming, IncomingEvent, IncomingExpense
from callback_cli.models import match_key

if TYPE_CHECKING:  # the record shapes are for the type checker: plain dicts at run time
    from callback_cli.models import Audition


@dataclass(slots=True)
class Matched:
    """Records sorted by match: new ones, (journal id, record) pairs found, and the records
    that repeat a new one (`again`: matched once the new one is in the journal)."""

    new: list[Incoming] = field(default_factory=list)
    found: list[tuple[int, Incoming]] = field(default_factory=list)
    again: list[Incoming] = field(default_factory=list)

    @property
    def duplicates(self) -> int:
        return len(self.again)


@dataclass(slots=True)
class Existing:
    """What the plan needs to know of an audition already in the journal."""

    row: Audition
    events: set[tuple]  # (status, date, note)
    tags: list[str]
    expenses: set[tuple] = field(default_factory=set)  # (date, cents, what)


@dataclass(slots=True)
class Change:
    """How one audition already in the journal changes."""

    aid: int
    uid: str
    fields: dict  # column -> new value
    events: list[IncomingEvent]  # the events the journal lacks
    tags: list[str] | None  # the whole new tag list, or None for unchanged
    updated_at: str | None  # the incoming copy's, when its fields were taken
    before: dict = field(default_factory=dict)  # the changed fields' values now (and "tags")
    label: str = ""
    expenses: list[IncomingExpense] = field(default_factory=list)  # the expenses the journal lacks

    def describe(self) -> dict:
        """What changes, for people and for `import --json`'s "changes"."""
        fields = [{"field": k, "from": self.before.get(k), "to": v} for k, v in self.fields.items()]
        if self.tags is not None:
            fields.append({"field": "tags", "from": self.before.get("tags"), "to": self.tags})
        return {
            "uid": self.uid,
            "id": self.aid,
            "label": self.label,
            "fields": fields,
            "events": [{"status": e[0], "date": e[1], "note": e[2]} for e in self.events],
        }


@dataclass(slots=True)
class Plan:
    new: list[Incoming]
    present: int
    changes: list[Change]
    updated: int  # records that change an audition (two copies of one in a file count twice)

    def summary(self) -> dict:
        return {"new": len(self.new), "present": self.present, "updated": self.updated}


_NEW = -1  # the match index's id for a record new in this file


def match(
    records: Iterable[Incoming],
    journal_rows: Iterable[tuple],
    progress: Callable[[int], None] | None = None,
) -> Matched:
    """Sort records against the journal's (id, uid, date, project, role) rows."""
    by_uid: dict[str, int] = {}
    by_key: dict[tuple, int] = {}
    for aid, uid, day, project, role in journal_rows:
        by_uid[uid] = aid
        by_key.setdefault(match_key(day, project, role), aid)
    out = Matched()
    for done, rec in enumerate(records, 1):
        key = rec.key()
        aid = by_uid.get(rec.uid) if rec.uid else by_key.get(key)
        if aid is None:
            out.new.append(rec)
            if rec.uid:
                by_uid[rec.uid] = _NEW
            by_key.setdefault(key, _NEW)
        elif aid == _NEW:
            out.again.append(rec)
        else:
            out.found.append((aid, rec))
        if progress and done % 1000 == 0:
            progress(done)
    return out


NEAR_DAYS = 3  # a spreadsheet's outcome this close to one the journal has is that one


def known(have: Iterable[tuple], event: IncomingEvent, *, loose: bool, exact: bool, today: str) -> bool:
    """Whether the journal already has this outcome (see the module's docstring)."""
    status, when = event[0], event[1]
    for h in have:
        if h[0] != status:
            continue
        if h[1] == when or loose or (not exact and h[1] > today):
            return True
        if not exact and abs((date.fromisoformat(h[1]) - date.fromisoformat(when)).days) <= NEAR_DAYS:
            return True
    return False


def change(aid: int, have: Existing, rec: Incoming, today: str = "9999-12-31") -> Change | None:
    """What an incoming copy changes in an audition already present; None for nothing."""
    exact = rec.uid is not None
    events = set(have.events)
    missing = []
    for e in rec.events:
        if e[:3] in events or known(events, e, loose=(e[0], e[1]) in rec.loose, exact=exact, today=today):
            continue
        missing.append(e)
        events.add(e[:3])
    costs = [x for x in rec.expenses if x not in have.expenses]
    row = have.row
    newer = bool(rec.updated_at and row["updated_at"] and rec.updated_at > row["updated_at"])
    fields = {}
    if newer:
        fields = {k: rec.values.get(k) for k in models.COLUMNS if row.get(k) != rec.values.get(k)}
    elif not exact:  # a spreadsheet row fills what the journal lacks, never overwrites
        fields = {
            k: rec.values[k]
            for k in models.COLUMNS
            if rec.values.get(k) not in (None, "") and row.get(k) in (None, "")
        }
    extra_tags = [t for t in rec.tags if t not in have.tags]
    if not (missing or fields or extra_tags or costs):
        return None
    tags = sorted(set(have.tags) | set(extra_tags)) if extra_tags else None
    before: dict = {k: row.get(k) for k in fields}
    before["tags"] = sorted(have.tags)
    role = f" ({row['role']})" if row.get("role") else ""
    label = f"{row['project']}{role}, {row['date']}"
    return Change(
        aid, row["uid"], fields, missing, tags, rec.updated_at if newer else None, before, label, costs
    )


def plan(matched: Matched, existing: dict[int, Existing], today: str = "9999-12-31") -> Plan:
    """The plan for matched records, given what the journal holds of the ones found (the
    records in `matched.again` are not in it: they are matched again once the new ones are
    in the journal)."""
    changes: dict[int, Change] = {}
    present, updated = 0, 0
    problems = []
    for aid, rec in matched.found:
        found = change(aid, existing[aid], rec, today)
        if found is not None and found.fields.get("date"):
            # a newer copy may move the date, but never past the audition's own outcomes
            first = min((e[1] for e in (*existing[aid].events, *found.events)), default=None)
            if first is not None and found.fields["date"] > first:
                problems.append(
                    (rec.row, "date", f"{found.fields['date']} is after this audition's outcome on {first}")
                )
        if found is not None and aid in changes:
            # a second copy in the file: it counts only for what the first did not bring
            found = _fold(changes[aid], found, existing[aid])
        elif found is not None:
            changes[aid] = found
        if found is None:
            present += 1
        else:
            updated += 1
    if problems:
        word = "row" if len(problems) == 1 else "rows"
        raise ImportRowsError(f"{len(problems)} bad {word}; nothing was imported", problems)
    return Plan(matched.new, present, list(changes.values()), updated)


def _fold(first: Change, later: Change, have: Existing) -> Change | None:
    """Merge a later change to the same audition into the one planned already; None when it
    brings nothing more."""
    events = [e for e in later.events if e not in first.events]
    costs = [x for x in later.expenses if x not in first.expenses]
    fields = {k: v for k, v in later.fields.items() if first.fields.get(k, have.row.get(k)) != v}
    tags = None
    if later.tags is not None and not set(later.tags) <= set(first.tags or have.tags):
        tags = sorted(set(first.tags or have.tags) | set(later.tags))
    if not (events or fields or tags or costs):
        return None
    first.events += events
    first.expenses += costs
    for k in fields:
        first.before.setdefault(k, have.row.get(k))
    first.fields.update(fields)
    if tags is not None:
        first.tags = tags
    if later.updated_at:
        first.updated_at = later.updated_at
    return first
