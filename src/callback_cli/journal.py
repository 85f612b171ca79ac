"""The journal: the only writer. Validating what a user types, the columns derived from
events (worked out here and nowhere else, on every write path), and the writing commands,
each one transaction with an undo entry."""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Callable, Generator, Iterable, Iterator
from datetime import date
from itertools import islice
from typing import TYPE_CHECKING

from callback_cli import checks, models
from callback_cli.config import Config
from callback_cli.dates import now_utc, parse_date_time, parse_time
from callback_cli.errors import BadInput, JournalError, NotFound
from callback_cli.models import audition_label as label
from callback_cli.models import to_record
from callback_cli.money import MAX_MILES, parse_miles
from callback_cli.store import Store
from callback_cli.store import rows as store_rows

if TYPE_CHECKING:  # the plan's type only; merge itself is loaded by `import`
    from callback_cli import merge
    from callback_cli.filters import Filter
    from callback_cli.incoming import Incoming
    from callback_cli.models import Record


# ---- normalising values ------------------------------------------------------------------
def norm_type(value: str) -> str:
    from callback_cli import vocabulary  # lazy: its word tables only when a word is typed

    return vocabulary.project_type(value)


def norm_format(value: str) -> str:
    from callback_cli import vocabulary  # lazy: its word tables only when a word is typed

    return vocabulary.format_option(value)


def norm_status(value: str, *, allow_auditioned: bool = False) -> str:
    from callback_cli import vocabulary  # lazy: its word tables only when a word is typed

    return vocabulary.status(value, allow_auditioned=allow_auditioned)


def norm_size(value: str) -> str:
    from callback_cli import vocabulary  # lazy: its word tables only when a word is typed

    return vocabulary.size(value) or ""


def norm_rating(value) -> int:
    try:
        rating = int(str(value).strip())
    except ValueError:
        raise BadInput(f"rating must be a whole number from 1 to 5, got {value!r}") from None
    if not 1 <= rating <= 5 or str(value).strip() not in {str(rating), f"{rating}.0"}:
        raise BadInput(f"rating must be a whole number from 1 to 5, got {value!r}")
    return rating


def _one_tag(value: str) -> bool:
    return "," not in value and ";" not in value and "\x00" not in value  # one tag, as stored


def norm_tags(values) -> list[str]:
    tags: list[str] = []
    for value in values or ():
        if value.__class__ is str and value.islower() and [value] == value.split() and _one_tag(value):
            if value not in tags:  # already one tag as stored (an export's): nothing to redo
                tags.append(value)
            continue
        if "\x00" in str(value):
            raise BadInput(f"a tag {checks.NUL_REFUSED}")
        for part in str(value).replace(";", ",").split(","):
            tag = "-".join(part.strip().lower().split())
            if tag and tag not in tags:
                tags.append(tag)
    return tags


def _text(value, what: str = "the text") -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    if "\x00" in text:
        raise BadInput(f"{what} {checks.NUL_REFUSED}")
    return text or None


_NORMALISE: dict[str, Callable[[str], str]] = {
    "type": norm_type,
    "format": norm_format,
    "size": norm_size,
    "source": lambda v: " ".join(str(v).strip().split()),  # its case kept: agency names
}


def clean_fields(raw: dict, *, base: date, order: str = "mdy", nearest: bool = False) -> dict:
    """Validate user-given fields (any subset of models.FIELDS but tags) into column values.
    An empty string clears a field; a field that is None is left out; `order` reads slashed
    dates (config date_order). A BadInput raised here carries the offending field's name as
    `field`."""
    values: dict = {}
    for key, value in raw.items():
        if value is None:
            continue
        try:
            if key == "date":
                day, hhmm = parse_date_time(value, base=base, order=order, nearest=nearest)
                values["date"] = day.isoformat()
                if hhmm and raw.get("time") is None:  # "fri 2:15pm"; an explicit --time wins
                    values["time"] = hhmm
            elif key == "time":
                values["time"] = parse_time(value) if str(value).strip() else None
            elif key == "tape_due":
                values["tape_due"] = tape_due(value, base, order) if str(value).strip() else None
            elif key == "miles":
                values["miles"] = parse_miles(value) if str(value).strip() else None
            elif key == "rating":
                values["rating"] = None if str(value).strip() == "" else norm_rating(value)
            elif key in _TEXT:
                text = _text(value, key)
                if key == "project" and text is None:
                    raise BadInput("the project name cannot be empty")
                values[key] = _NORMALISE[key](text) if text and key in _NORMALISE else text
            else:
                raise ValueError(f"unknown field {key}")
        except BadInput as exc:
            exc.field = key
            raise
    return values


_TEXT = frozenset(models.TEXT_FIELDS)


def tape_due(value, base: date, order: str = "mdy") -> str:
    """A self-tape deadline: "thu 5pm" → "2026-11-26T17:00"; a day alone → "2026-11-26"."""
    text = str(value).strip()
    if len(text) == 16 and text[10:11] == "T":  # as stored and exported
        text = text.replace("T", " ")
    day, hhmm = parse_date_time(text, base=base, order=order, ahead=True, nearest=True)
    return f"{day.isoformat()}T{hhmm}" if hhmm else day.isoformat()


# ---- the derived columns: worked out here, on every write path ------------------------------
def derive(day: str, events: Iterable[tuple[str, str]]) -> dict:
    """The columns that follow from an audition's events (status, date) in entry order (none
    depends on "today"): status is the latest event's (by date, then entry order), else
    auditioned; last_date the latest date of all; advanced_on, called_on and booked_on the
    first advancing, callback and booking dates."""
    status, last, latest = "auditioned", day, None
    advanced = called = booked = None
    for n, (kind, when) in enumerate(events):
        if latest is None or (when, n) >= latest:
            latest, status = (when, n), kind
        if when > last:
            last = when
        if kind in models.ADVANCING and (advanced is None or when < advanced):
            advanced = when
        if kind == "callback" and (called is None or when < called):
            called = when
        if kind == "booked" and (booked is None or when < booked):
            booked = when
    return {
        "status": status,
        "last_date": last,
        "advanced_on": advanced,
        "booked_on": booked,
        "called_on": called,
    }


def _json_miles(miles) -> str:
    """Miles as the record's JSON has them: whole miles as an integer (models.to_record)."""
    if miles is None:
        return "null"
    return str(int(miles)) if miles == int(miles) else float.__repr__(miles)


def _csv_miles(miles) -> str:
    """Miles as csv writes the record's (None as an empty cell)."""
    return "" if miles is None else _json_miles(miles)


def _time_of(event: tuple) -> str | None:
    """An incoming event's time: (status, date, note, time), or None for (status, date, note)."""
    return event[3] if len(event) > 3 else None


# ---- the journal -------------------------------------------------------------------------
class Journal:
    """The writing and reading commands over one open store."""

    def __init__(self, store: Store, today: date, stale_days: int):
        self.store, self.today, self.stale_days = store, today, stale_days

    # reads
    def record(self, aid: int) -> Record:
        rows = self.store.rows
        return to_record(
            rows.row(aid),
            rows.events(aid),
            rows.tags(aid),
            self.today,
            self.stale_days,
            self.store.costs.of([aid]).get(aid),
        )

    def select(self, flt: Filter) -> list[Record]:
        rows, events, tags = self.store.rows.select(flt, self.today.isoformat())
        spent = self.store.costs.of([r["id"] for r in rows]) if rows else {}
        return [
            to_record(
                r,
                events.get(r["id"], []),
                tags.get(r["id"], []),
                self.today,
                self.stale_days,
                spent.get(r["id"]),
            )
            for r in rows
        ]

    def ids(self, flt: Filter) -> list[int]:
        return self.store.rows.ids(flt, self.today.isoformat())

    def count(self, flt: Filter) -> int:
        return self.store.rows.count(flt, self.today.isoformat())

    def all_records(self) -> Iterator[Record]:
        """Every audition as a full record, in id order, streamed (for export)."""
        for row, events, tags, spent in self.store.rows.iter_all():
            yield to_record(row, events, tags, self.today, self.stale_days, spent)

    def export_json(self, sep: str) -> Iterator[tuple[str, int] | Record] | None:
        """Every audition's record, in id order: mostly as JSON text built by SQLite (what
        json.dumps(record, ensure_ascii=False) gives for each of all_records), the records of
        a span joined by `sep`, with how many; a record SQLite left to Python as the record
        itself (for the writer to encode). None when the journal holds a value only
        all_records reads right (or names as wrong)."""
        chunks = self.store.exporting.json_chunks(self.today.isoformat(), self.stale_days, sep)
        return None if chunks is None else self._exported(chunks, sep, _json_miles)

    def export_csv(self, fields: Iterable[str], sep: str) -> Iterator[tuple[str, int] | Record] | None:
        """Every audition's CSV line (what render.export.write writes for each of all_records,
        without the line end), its cells in `fields` order, as export_json gives records."""
        chunks = self.store.exporting.csv_chunks(tuple(fields), sep)
        return None if chunks is None else self._exported(chunks, sep, _csv_miles)

    def _exported(self, chunks: Generator, sep: str, miles: Callable[[object], str]) -> Iterator:
        try:
            for item in chunks:
                if item.__class__ is tuple:
                    yield item
                elif item.__class__ is list:  # a record whose miles only Python prints right
                    yield sep.join([f"{head}{miles(m)}{tail}" for head, m, tail in item]), len(item)
                else:  # SQLite could not read on from this id: record by record, same snapshot
                    for row, events, tags, spent in self.store.rows.iter_all():
                        if row["id"] >= item:
                            yield to_record(row, events, tags, self.today, self.stale_days, spent)
                    return
        finally:
            chunks.close()

    def _refresh(self, ids: Iterable[int]) -> None:
        """Recompute the derived columns of these auditions from their events (and, through
        the store, their copies on the tags)."""
        found = self.store.rows.outcomes(ids)
        self.store.rows.write_derived({aid: derive(day, events) for aid, (day, events) in found.items()})

    # writes: each one transaction, each with its undo entry
    def add(self, values: dict, tags: Iterable[str] = (), uid: str | None = None) -> int:
        if not values.get("project"):
            raise BadInput("an audition needs a project name")
        stamp = now_utc()
        row = {
            "uid": uid or str(uuid.uuid4()),
            "date": self.today.isoformat(),
            **values,
            "created_at": stamp,
            "updated_at": stamp,
        }
        with self.store.transaction():
            aid = self.store.rows.insert_audition(row, norm_tags(tags))
            self._refresh([aid])
            self.store.undo.push("add", f"add {label({**row, 'id': aid})}", {str(aid): None}, stamp)
        return aid

    def mark(
        self,
        aid: int,
        status: str,
        when: date | None = None,
        note: str | None = None,
        time: str | None = None,
    ) -> str:
        status = norm_status(status)
        when = when or self.today
        rows = self.store.rows
        with self.store.transaction():
            row = rows.row(aid)
            if when.isoformat() < row["date"]:
                raise BadInput(f"the {status} date {when} is before the audition ({row['date']})")
            snap = self.store.undo.snapshot([aid], keep_text=False)  # the note is untouched
            stamp = now_utc()
            rows.add_event(aid, status, when.isoformat(), _text(note, "the note"), stamp, time)
            rows.update_audition(aid, {"updated_at": stamp})
            self._refresh([aid])
            self.store.undo.push("mark", f"mark {label(row)}: {status} on {when}", snap, stamp)
        return status

    def edit(self, aid: int, values: dict, tags: Iterable[str] | None = None) -> list[str]:
        """Change fields (and, when `tags` is given, replace the tags); returns what changed."""
        rows = self.store.rows
        with self.store.transaction():
            row = rows.row(aid)
            changed = {k: v for k, v in values.items() if row.get(k) != v}
            new_tags = norm_tags(tags) if tags is not None else None
            if new_tags is not None and new_tags == rows.tags(aid):
                new_tags = None
            if not changed and new_tags is None:
                return []
            if "date" in changed:
                first_event = min((e["date"] for e in rows.events(aid)), default=None)
                if first_event and changed["date"] > first_event:
                    raise BadInput(f"the audition cannot be dated after its first outcome ({first_event})")
            snap = self.store.undo.snapshot([aid], keep_text=bool({"notes", "direction"} & set(changed)))
            stamp = now_utc()
            rows.update_audition(aid, {**changed, "updated_at": stamp})
            if new_tags is not None:
                rows.set_tags(aid, new_tags)
            self._refresh([aid])
            names = sorted(changed) + (["tags"] if new_tags is not None else [])
            self.store.undo.push("edit", f"edit {label(row)}: {', '.join(names)}", snap, stamp)
        return names

    def spend(self, aid: int, cents: int, what: str | None, when: date, miles: float | None = None) -> None:
        """Log a cost (integer cents) and/or miles driven (added to the audition's)."""
        with self.store.transaction():
            row = self.store.rows.row(aid)
            snap = self.store.undo.snapshot([aid])
            stamp = now_utc()
            changes: dict = {"updated_at": stamp}
            if cents:
                self.store.costs.add(aid, when.isoformat(), cents, _text(what, "what it was for"), stamp)
            if miles:
                total = round((row.get("miles") or 0) + miles, 1)
                if total > MAX_MILES:
                    raise BadInput(f"#{aid} would have {total:g} miles, more than {MAX_MILES:,}")
                changes["miles"] = total
            self.store.rows.update_audition(aid, changes)
            said = f"{cents / 100:.2f} {_text(what) or ''}".strip() if cents else f"{miles:g} miles"
            self.store.undo.push("spend", f"spend {said} on {label(row)}", snap, stamp)

    def delete(self, aid: int) -> Record:
        with self.store.transaction():
            record = self.record(aid)
            snap = self.store.undo.snapshot([aid])
            self.store.rows.delete_audition(aid)
            self.store.undo.push("delete", f"delete {label(record)}", snap, now_utc())
        return record

    def undo(self) -> dict:
        with self.store.transaction():
            entry = self.store.undo.pop()
            if entry is None:
                raise NotFound("nothing to undo")
            try:
                restored = self.store.undo.restore(entry["snapshot"])
            except (KeyError, TypeError, ValueError, AttributeError):  # not a snapshot we wrote
                raise JournalError("the undo log's last entry cannot be read; nothing was undone") from None
            self._refresh(restored)
        return {"command": entry["command"], "summary": entry["summary"], "at": entry["at"]}

    def done(self, aid: int, item: str, cfg: Config, undo: bool = False) -> tuple[str, str]:
        """Check a follow-up item off (or, with undo, back on); returns the item's canonical
        name and its due date."""
        from callback_cli import followups  # lazy: the checklist's rules only for `done`

        name = followups.item_name(item)
        with self.store.transaction():
            row = self.store.rows.row(aid)
            snap = self.store.undo.snapshot([aid], keep_text=False)  # the note is untouched
            stamp = now_utc()
            if undo:
                due = self.store.checklist.uncheck(aid, name)
                if due is None:
                    raise NotFound(f"#{aid} has no checked-off {name} item")
                verb = "uncheck"
            else:
                open_items = [
                    i for i in followups.items(self.store, self.today, cfg, audition=aid) if i["item"] == name
                ]
                if not open_items:
                    raise NotFound(f"#{aid} has no open {name} item (see callback followups)")
                due = open_items[0]["due"]
                self.store.checklist.check(aid, name, due, stamp)
                verb = "done"
            self.store.undo.push("done", f"{verb} {name} for {label(row)}", snap, stamp)
        return name, due

    # import: match (merge.py, pure), then apply the plan here, a batch at a time
    def import_records(
        self,
        records: Iterable[Incoming],
        dry_run: bool = False,
        progress: Callable[[int], None] | None = None,
        label: str = "import",
    ) -> dict:
        """Merge validated records in one transaction, a batch at a time: memory is a batch's,
        not the file's. A dry run does the same and rolls it all back (on a private copy when
        the journal cannot be written)."""
        if dry_run:
            target = self
            if self.store.read_only:
                target = Journal(self.store.scratch(), self.today, self.stale_days)
            found: dict = {}
            try:
                with target.store.transaction():
                    found.update(target._merge_all(records, progress))
                    raise _DryRun
            except _DryRun:
                pass
            return found
        with self.store.transaction():
            summary = self._merge_all(records, progress)
            self.store.undo.push_parts(
                "import", f"{label}: {summary['new']} new, {summary['updated']} updated", now_utc()
            )
        return summary

    def _merge_all(self, records: Iterable[Incoming], progress: Callable[[int], None] | None) -> dict:
        """Match, plan and write every batch; returns the summary (counts, the changes, up to
        CHANGES_KEPT of them described, and the first new records)."""
        from callback_cli import merge  # lazy: matching only for `import`

        rows = self.store.rows
        first_new = rows.next_id()
        rows.open_match_index()
        self.store.undo.begin_parts()
        run = _Run(first_new=first_new, bulk_from=first_new)
        done = 0
        for batch, more in _batches(records, IMPORT_BATCH):
            pending = batch
            while pending:  # records repeating a new one: matched once it is written
                matched = merge.match(pending, rows.match_candidates(*_lookups(pending)))
                plan = merge.plan(matched, self._existing(matched), self.today.isoformat())
                if run.bulk is None and _bulky(len(plan.new), run.new, more):
                    run.bulk_from, run.bulk = rows.next_id(), rows.begin_bulk()
                self._apply(plan, run)
                pending = matched.again
            done += len(batch)
            if progress:
                progress(done)
        if run.bulk is not None:
            rows.end_bulk(run.bulk, run.bulk_from)
        self.store.undo.add_new_from(first_new)
        rows.close_match_index()
        return {
            "new": run.new,
            "present": run.present,
            "updated": run.updated,
            "changes": run.changes,
            "changes_more": run.changes_more,
            "new_rows": run.new_rows,
        }

    def _existing(self, matched: merge.Matched) -> dict[int, merge.Existing]:
        from callback_cli import merge  # lazy: matching only for `import`

        rows = self.store.rows
        return {
            aid: merge.Existing(
                rows.row(aid), rows.event_keys(aid), rows.tags(aid), self.store.costs.keys(aid)
            )
            for aid, _ in matched.found
        }

    def _apply(self, plan: merge.Plan, run: _Run) -> None:
        """Write one batch's plan, its undo snapshot gathered with the others'."""
        rows = self.store.rows
        stamp = now_utc()
        # the auditions this import added are deleted on undo: no snapshot of them needed
        before = [c.aid for c in plan.changes if c.aid < run.first_new]
        if before:
            self.store.undo.add_parts(self.store.undo.snapshot(before))
        next_id = rows.next_id()
        new_rows: list[tuple] = []
        new_events: list[tuple] = []
        new_tags: list[tuple] = []
        new_costs: list[tuple] = []
        keys: list[tuple[int, str]] = []
        for rec in plan.new:
            aid, next_id = next_id, next_id + 1
            created = rec.created_at or stamp
            values, events = rec.values, rec.events
            day = values["date"]
            if events:
                outcome = tuple(derive(day, [(e[0], e[1]) for e in events]).values())
                new_events.extend((aid, e[0], e[1], e[2], created, _time_of(e)) for e in events)
            else:
                outcome = ("auditioned", day, None, None, None)  # derive(day, [])
            new_rows.append(
                (
                    aid,
                    rec.uid or run.next_uid(),
                    *map(values.get, models.COLUMNS),
                    created,
                    rec.updated_at or created,
                    *outcome,
                )
            )
            if rec.expenses:
                new_costs.extend((aid, day, cents, what, created) for day, cents, what in rec.expenses)
            if rec.tags:
                new_tags.extend((aid, t) for t in rec.tags)
            keys.append((aid, models.match_text(day, values["project"], values.get("role"))))
        rows.insert_many(_NEW_COLUMNS, new_rows, new_events, new_tags, new_costs)
        rows.remember_keys(keys)
        for change in plan.changes:
            for e in change.events:
                rows.add_event(change.aid, e[0], e[1], e[2], stamp, _time_of(e))
            for day, cents, what in change.expenses:
                self.store.costs.add(change.aid, day, cents, what, stamp)
            rows.update_audition(change.aid, {**change.fields, "updated_at": change.updated_at or stamp})
            if change.tags is not None:
                rows.set_tags(change.aid, change.tags)
        if plan.changes:
            self._refresh([change.aid for change in plan.changes])
            if run.bulk is not None:  # the search triggers are off: write those rows here
                rows.reindex_search([c.aid for c in plan.changes if c.aid < run.bulk_from])
        run.add(plan)


IMPORT_BATCH = 5000  # records validated, matched and written at a time
# the columns of a new audition, in the order _apply builds them
_NEW_COLUMNS = ("id", "uid", *models.COLUMNS, "created_at", "updated_at", *derive("", []))
CHANGES_KEPT = 1000  # changes an import describes; the rest are counted (changes_more)
NEW_KEPT = 50  # new records an import hands back for the preview


class _DryRun(Exception):
    """Raised inside a dry run's transaction to roll it back."""


class _Run:
    """One import's running totals. (A plain class, as config.Config: building a dataclass
    would cost every command start-up time, and only an import uses this.)"""

    __slots__ = (
        "first_new",
        "bulk_from",
        "bulk",
        "new",
        "present",
        "updated",
        "changes",
        "changes_more",
        "new_rows",
        "next_uid",
    )

    def __init__(self, first_new: int, bulk_from: int) -> None:
        self.first_new = first_new  # the first id this import gives a new audition
        self.bulk_from = bulk_from  # the first id written with the indexes and triggers off
        self.bulk: list[tuple] | None = None  # what begin_bulk dropped, while it is off
        self.new = self.present = self.updated = self.changes_more = 0
        self.changes: list[dict] = []
        self.new_rows: list[Incoming] = []
        self.next_uid: Callable[[], str] = uid_maker()

    def add(self, plan: merge.Plan) -> None:
        self.new += len(plan.new)
        self.present += plan.present
        self.updated += plan.updated
        room = CHANGES_KEPT - len(self.changes)
        self.changes.extend(c.describe() for c in plan.changes[: max(room, 0)])
        self.changes_more += max(len(plan.changes) - max(room, 0), 0)
        self.new_rows.extend(plan.new[: max(NEW_KEPT - len(self.new_rows), 0)])


def uid_maker() -> Callable[[], str]:
    """New uids for an import: UUIDs of version 7 (RFC 9562), the time in milliseconds, then
    a counter from a random start. They come in increasing order, so a big import's new
    auditions go in at the end of the uid index rather than all over it."""
    ms = time.time_ns() // 1_000_000 & (1 << 48) - 1
    head = ms << 80 | 0x7 << 76 | int.from_bytes(os.urandom(2), "big") >> 4 << 64 | 0b10 << 62
    counter = int.from_bytes(os.urandom(8), "big") >> 3  # 61 random bits: room to count up
    mask = (1 << 62) - 1
    h = f"{head:032x}"
    fixed = f"{h[:8]}-{h[8:12]}-{h[12:16]}-"  # the time and version: the same for every uid

    def next_uid() -> str:
        nonlocal counter
        counter += 1
        low = f"{0b10 << 62 | counter & mask:016x}"  # the variant, then the counter
        return f"{fixed}{low[:4]}-{low[4:]}"

    return next_uid


def _batches(records: Iterable[Incoming], size: int) -> Iterator[tuple[list[Incoming], bool]]:
    """The records `size` at a time, each batch with whether more follow."""
    it = iter(records)
    batch = list(islice(it, size))
    while batch:
        after = list(islice(it, size))
        yield batch, bool(after)
        batch = after


def _bulky(new: int, before: int, more: bool) -> bool:
    """Whether to write the rest of an import the bulk way (store.rows.begin_bulk): once it
    adds more than store.rows.BULK auditions, or from a first batch mostly new with more to
    come."""
    bulk = store_rows.BULK
    return before + new > bulk or (more and new > bulk // 2)


def _lookups(records: list[Incoming]) -> tuple[list[str], list[str]]:
    """The uids and the match keys (of the records without a uid) to look up."""
    uids = [r.uid for r in records if r.uid]
    keys = [
        models.match_text(r.values["date"], r.values["project"], r.values.get("role"))
        for r in records
        if not r.uid
    ]
    return uids, keys
