"""Domain rules for the journal: validating what a user types, the record's derived fields,
and the writing commands, each one transaction with an undo entry."""

from __future__ import annotations

import uuid
from datetime import date
from functools import lru_cache

from callback_cli import checks, models
from callback_cli.dates import now_utc, parse_date
from callback_cli.errors import BadInput, InvalidValue, NotFound


# ---- normalising values ------------------------------------------------------------------
def _choice(value: str, choices: tuple, aliases: dict, what: str) -> str:
    key = "-".join(str(value).strip().lower().replace("_", " ").split())
    key = aliases.get(key, key)
    if key not in choices:
        raise BadInput(f"unknown {what} {value!r} (choose from {', '.join(choices)})")
    return key


@lru_cache(maxsize=512)
def norm_type(value: str) -> str:
    return _choice(value, models.TYPES, models.TYPE_ALIASES, "type")


@lru_cache(maxsize=512)
def norm_format(value: str) -> str:
    return _choice(value, models.FORMATS, models.FORMAT_ALIASES, "format")


@lru_cache(maxsize=512)
def norm_status(value: str, *, allow_auditioned: bool = False) -> str:
    choices = models.ALL_STATUSES if allow_auditioned else models.STATUSES
    return _choice(value, choices, models.STATUS_ALIASES, "status")


@lru_cache(maxsize=512)
def norm_size(value: str) -> str:
    return "-".join(str(value).strip().lower().split())


def norm_rating(value) -> int:
    try:
        rating = int(str(value).strip())
    except ValueError:
        raise BadInput(f"rating must be a whole number from 1 to 5, got {value!r}") from None
    if not 1 <= rating <= 5 or str(value).strip() not in {str(rating), f"{rating}.0"}:
        raise BadInput(f"rating must be a whole number from 1 to 5, got {value!r}")
    return rating


def norm_tags(values) -> list[str]:
    tags = []
    for value in values or ():
        for part in str(value).replace(";", ",").split(","):
            tag = "-".join(part.strip().lower().split())
            if tag and tag not in tags:
                tags.append(tag)
    return tags


def _text(value) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


_NORMALISE = {
    "type": norm_type,
    "format": norm_format,
    "size": norm_size,
    "source": lambda v: " ".join(str(v).strip().lower().split()),
}


def clean_fields(raw: dict, *, base: date, order: str | None = None) -> dict:
    """Validate user-given fields (any subset of models.FIELDS but tags) into column values.
    An empty string clears a field; a field that is None is left out. A BadInput raised here
    carries the offending field's name as `field`."""
    values = {}
    for key, value in raw.items():
        if value is None:
            continue
        try:
            if key == "date":
                values["date"] = parse_date(value, base=base, order=order).isoformat()
            elif key == "rating":
                values["rating"] = None if str(value).strip() == "" else norm_rating(value)
            elif key in _TEXT:
                text = _text(value)
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


# ---- the record ------------------------------------------------------------------------
def is_stale(row: dict, today: date, stale_days: int) -> bool:
    """Still open (auditioned, callback, pinned), nothing dated after today, and its latest
    date stale_days or more ago: silence after a callback counts too."""
    last = row["last_date"] or row["date"]
    return (
        row["status"] in models.OPEN
        and last <= today.isoformat()
        and (today - date.fromisoformat(last)).days >= stale_days
    )


def to_record(row: dict, events: list, tags: list, today: date, stale_days: int) -> dict:
    """The contract's audition record, with the fields that depend on today."""
    problem = checks.row_problem(row) or next(filter(None, map(checks.event_problem, events)), None)
    if problem:
        raise InvalidValue(row.get("id"), *problem)
    t = today.isoformat()
    stale = is_stale(row, today, stale_days)
    rec = {key: row.get(key) for key in models.RECORD_KEYS[:16]}
    rec.update(
        tags=list(tags),
        notes=row["notes"],
        status=row["status"],
        advanced=bool(row["advanced_on"] and row["advanced_on"] <= t),
        upcoming=row["date"] > t,
        stale=stale,
        events=[{"status": e["status"], "date": e["date"], "note": e["note"]} for e in events],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )
    return rec


# ---- the journal -------------------------------------------------------------------------
class Journal:
    """The writing and reading commands over one open store."""

    def __init__(self, store, today: date, stale_days: int | None = None):
        self.store, self.today = store, today
        self._stale_days = stale_days

    @property
    def stale_days(self) -> int:
        if self._stale_days is None:
            from callback_cli import config

            self._stale_days = config.load().stale_days
        return self._stale_days

    def record(self, aid: int) -> dict:
        row = self.store.row(aid)
        return to_record(row, self.store.events(aid), self.store.tags(aid), self.today, self.stale_days)

    def select(self, flt) -> list[dict]:
        rows, events, tags = self.store.select(flt, self.today.isoformat())
        return [
            to_record(r, events.get(r["id"], []), tags.get(r["id"], []), self.today, self.stale_days)
            for r in rows
        ]

    def _label(self, row: dict) -> str:
        role = f" ({row['role']})" if row.get("role") else ""
        return f"#{row['id']} {row['project']}{role}, {row['date']}"

    # writes: each one transaction, each with its undo entry
    def add(self, values: dict, tags=(), uid: str | None = None) -> int:
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
            aid = self.store.insert_audition(row, norm_tags(tags))
            self.store.refresh([aid])
            self.store.push_undo("add", f"add {self._label({**row, 'id': aid})}", {str(aid): None}, stamp)
        return aid

    def mark(self, aid: int, status: str, when: date | None = None, note: str | None = None) -> str:
        status = norm_status(status)
        when = when or self.today
        with self.store.transaction():
            row = self.store.row(aid)
            if when.isoformat() < row["date"]:
                raise BadInput(f"the {status} date {when} is before the audition ({row['date']})")
            snap = self.store.snapshot([aid])
            stamp = now_utc()
            self.store.add_event(aid, status, when.isoformat(), _text(note), stamp)
            self.store.update_audition(aid, {"updated_at": stamp})
            self.store.refresh([aid])
            self.store.push_undo("mark", f"mark {self._label(row)}: {status} on {when}", snap, stamp)
        return status

    def edit(self, aid: int, values: dict, tags=None) -> list[str]:
        """Change fields (and, when `tags` is given, replace the tags); returns what changed."""
        with self.store.transaction():
            row = self.store.row(aid)
            changed = {k: v for k, v in values.items() if row.get(k) != v}
            new_tags = norm_tags(tags) if tags is not None else None
            if new_tags is not None and new_tags == self.store.tags(aid):
                new_tags = None
            if not changed and new_tags is None:
                return []
            if "date" in changed:
                first_event = min((e["date"] for e in self.store.events(aid)), default=None)
                if first_event and changed["date"] > first_event:
                    raise BadInput(f"the audition cannot be dated after its first outcome ({first_event})")
            snap = self.store.snapshot([aid])
            stamp = now_utc()
            self.store.update_audition(aid, {**changed, "updated_at": stamp})
            if new_tags is not None:
                self.store.set_tags(aid, new_tags)
            self.store.refresh([aid])
            names = sorted(changed) + (["tags"] if new_tags is not None else [])
            self.store.push_undo("edit", f"edit {self._label(row)}: {', '.join(names)}", snap, stamp)
        return names

    def delete(self, aid: int) -> dict:
        with self.store.transaction():
            record = self.record(aid)
            snap = self.store.snapshot([aid])
            self.store.delete_audition(aid)
            self.store.push_undo("delete", f"delete {self._label(record)}", snap, now_utc())
        return record

    def undo(self) -> dict:
        with self.store.transaction():
            entry = self.store.pop_undo()
            if entry is None:
                raise NotFound("nothing to undo")
            self.store.restore(entry["snapshot"])
        return {"command": entry["command"], "summary": entry["summary"], "at": entry["at"]}

    def done(self, aid: int, item: str, cfg, undo: bool = False) -> str:
        """Check a follow-up item off (or, with undo, back on); returns the item's due date."""
        from callback_cli import followups

        name = "-".join(item.strip().lower().replace("_", "-").split())
        name = {"thankyou": "thank-you", "thanks": "thank-you", "noword": "no-word"}.get(name, name)
        if name not in followups.ITEMS:
            raise BadInput(f"unknown item {item!r} (choose from {', '.join(followups.ITEMS)})")
        with self.store.transaction():
            row = self.store.row(aid)
            snap = self.store.snapshot([aid])
            stamp = now_utc()
            if undo:
                due = self.store.uncheck(aid, name)
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
                self.store.check(aid, name, due, stamp)
                verb = "done"
            self.store.push_undo("done", f"{verb} {name} for {self._label(row)}", snap, stamp)
        return due

    def import_records(
        self, records: list, dry_run: bool = False, progress=None, label: str = "import"
    ) -> dict:
        """Merge validated records in one transaction (nothing at all on a dry run)."""
        from callback_cli import transfer

        if dry_run:
            return transfer.merge(self.store, records, dry_run=True)
        with self.store.transaction():
            summary = transfer.merge(self.store, records, progress=progress)
            snap = summary.pop("_snapshot")
            if snap:
                self.store.push_undo(
                    "import", f"{label}: {summary['new']} new, {summary['updated']} updated", snap, now_utc()
                )
        return summary
