"""Data in and out: export as JSON, JSON Lines or CSV; import those, spreadsheets and other
journals, validated whole before anything is written, matched so nothing is doubled."""

from __future__ import annotations

import csv
import io
import json
import uuid
from datetime import date
from pathlib import Path

from callback_cli import checks, models
from callback_cli.dates import now_utc
from callback_cli.errors import BadInput, ImportRowsError
from callback_cli.journal import clean_fields, norm_status, norm_tags, to_record
from callback_cli.models import derive
from callback_cli.render import FORMULA_STARTS

FORMATS = ("json", "jsonl", "csv", "db")
# spreadsheet headers people actually use, after lower-casing and folding spaces to "_"
HEADER_ALIASES = {
    "date": "date",
    "audition_date": "date",
    "when": "date",
    "day": "date",
    "date_auditioned": "date",
    "project": "project",
    "production": "project",
    "show": "project",
    "title": "project",
    "project_name": "project",
    "project_title": "project",
    "job": "project",
    "role": "role",
    "character": "role",
    "part": "role",
    "role_name": "role",
    "type": "type",
    "medium": "type",
    "project_type": "type",
    "category": "type",
    "format": "format",
    "audition_format": "format",
    "audition_type": "format",
    "how": "format",
    "size": "size",
    "role_size": "size",
    "role_type": "size",
    "billing": "size",
    "casting": "casting",
    "casting_director": "casting",
    "cd": "casting",
    "casting_office": "casting",
    "casting_company": "casting",
    "casting_director/office": "casting",
    "source": "source",
    "via": "source",
    "submitted_by": "source",
    "submission": "source",
    "location": "location",
    "where": "location",
    "address": "location",
    "room": "room",
    "in_the_room": "room",
    "who_was_in_the_room": "room",
    "people": "room",
    "headshot": "headshot",
    "photo": "headshot",
    "rating": "rating",
    "feel": "rating",
    "felt": "rating",
    "how_it_felt": "rating",
    "score": "rating",
    "stars": "rating",
    "outfit": "outfit",
    "wardrobe": "outfit",
    "wore": "outfit",
    "what_i_wore": "outfit",
    "clothes": "outfit",
    "direction": "direction",
    "adjustments": "direction",
    "redirect": "direction",
    "notes": "notes",
    "note": "notes",
    "comments": "notes",
    "thoughts": "notes",
    "tags": "tags",
    "tag": "tags",
    "labels": "tags",
    "status": "status",
    "result": "status",
    "outcome": "status",
    "status_date": "status_date",
    "result_date": "status_date",
    "outcome_date": "status_date",
    "callback_dates": "callback_dates",
    "callbacks": "callback_dates",
    "callback_date": "callback_dates",
    "booked_date": "booked_date",
    "booking_date": "booked_date",
    "uid": "uid",
    "created_at": "created_at",
    "updated_at": "updated_at",
    "id": "id",
}
TARGETS = set(HEADER_ALIASES.values())


class Incoming:
    """One validated record from an import file."""

    __slots__ = ("row", "values", "tags", "events", "uid", "created_at", "updated_at")

    def __init__(self, row, values, tags, events, uid=None, created_at=None, updated_at=None):
        self.row, self.values, self.tags, self.events = row, values, tags, events
        self.uid, self.created_at, self.updated_at = uid, created_at, updated_at

    def key(self) -> tuple:
        return match_key(self.values["date"], self.values["project"], self.values.get("role"))


def match_key(day: str, project: str, role: str | None) -> tuple:
    """Spreadsheet rows without a uid match on date + project + role, in any case."""
    return (day, project.casefold(), (role or "").casefold())


# ---- detecting and reading ------------------------------------------------------------
def detect(path: Path, override: str | None) -> str:
    if override:
        fmt = override.lower()
        if fmt not in FORMATS:
            raise BadInput(f"unknown --from {override!r} (choose from {', '.join(FORMATS)})")
        return fmt
    suffix = path.suffix.lower()
    by_name = {
        ".json": "json",
        ".jsonl": "jsonl",
        ".ndjson": "jsonl",
        ".csv": "csv",
        ".db": "db",
        ".sqlite": "db",
        ".sqlite3": "db",
    }
    if suffix in by_name:
        return by_name[suffix]
    _regular(path)
    try:
        with open(path, "rb") as fh:
            head = fh.read(4096)
    except OSError as exc:
        raise BadInput(f"cannot read {path}: {exc.strerror}") from None
    if head.startswith(b"SQLite format 3\x00"):
        return "db"
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text.startswith(b"["):
        return "json"
    if text.startswith(b"{"):
        first = text.split(b"\n", 1)[0].strip()
        try:
            json.loads(first)
            return "jsonl"
        except ValueError:
            return "json"
    return "csv"


def _regular(path: Path) -> None:
    """Only a regular file is read: a device never ends, a FIFO may block for ever."""
    from callback_cli.files import require_regular

    if not require_regular(path, "import file"):
        raise BadInput(f"no such file: {path}")


def _read_text(path: Path) -> str:
    _regular(path)
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise BadInput(f"no such file: {path}") from None
    except IsADirectoryError:
        raise BadInput(f"{path} is a directory, not an import file") from None
    except UnicodeDecodeError:
        raise BadInput(f"{path} is not UTF-8 text") from None
    except OSError as exc:
        raise BadInput(f"cannot read {path}: {exc.strerror}") from None


def read(path: Path, fmt: str, today: date, mapping: dict | None = None) -> tuple[list, list]:
    """Validate the whole file; returns (records, ignored column names) or raises
    ImportRowsError listing every bad row."""
    if fmt == "db":
        return _read_db(path, today), []
    text = _read_text(path)
    if fmt == "csv":
        return _read_csv(text, today, mapping or {})
    if fmt == "jsonl":
        items = []
        for n, line in enumerate(text.splitlines(), 1):
            if line.strip():
                try:
                    items.append((len(items) + 1, json.loads(line)))
                except RecursionError:
                    raise ImportRowsError(
                        "the file is not valid JSON Lines",
                        [(len(items) + 1, "", f"line {n}: nested too deeply")],
                    ) from None
                except ValueError as exc:
                    raise ImportRowsError(
                        "the file is not valid JSON Lines", [(len(items) + 1, "", f"line {n}: {exc}")]
                    ) from None
    else:
        try:
            doc = json.loads(text)
        except RecursionError:
            raise BadInput(f"{path} is not usable JSON (nested too deeply)") from None
        except ValueError as exc:
            raise BadInput(f"{path} is not valid JSON ({exc})") from None
        if isinstance(doc, dict) and isinstance(doc.get("auditions"), list):
            doc = doc["auditions"]
        if not isinstance(doc, list):
            raise BadInput(f"{path}: expected a JSON list of auditions")
        items = list(enumerate(doc, 1))
    return _validate_all(items, today, _from_json), []


def _validate_all(items, today: date, convert) -> list:
    records, problems = [], []
    for n, item in items:
        try:
            records.append(convert(n, item, today))
        except _RowError as exc:
            problems.append((n, exc.column, exc.why))
    if problems:
        word = "row" if len(problems) == 1 else "rows"
        raise ImportRowsError(f"{len(problems)} bad {word}; nothing was imported", problems)
    return records


class _RowError(Exception):
    def __init__(self, column: str, why: str):
        self.column, self.why = column, why


def _date_only(value, column, today):
    try:
        return clean_fields({"date": value}, base=today)["date"]
    except BadInput as exc:
        raise _RowError(column, str(exc)) from None


_FIELD_NAMES = frozenset(f for f in models.FIELDS if f != "tags")


def _fields(data: dict, today: date) -> dict:
    given = {}
    for field, value in data.items():
        if field not in _FIELD_NAMES or value is None or value == "":
            continue
        if value.__class__ is not str and (isinstance(value, bool) or not isinstance(value, (int, float))):
            raise _RowError(field, f"expected text or a number, got {json.dumps(value)}")
        given[field] = value
    try:
        values = clean_fields(given, base=today)
    except BadInput as exc:
        raise _RowError(getattr(exc, "field", ""), str(exc)) from None
    if "date" not in values:
        raise _RowError("date", "missing date")
    if "project" not in values:
        raise _RowError("project", "missing project")
    return values


def _uid(value) -> str | None:
    if value in (None, ""):
        return None
    try:
        return str(uuid.UUID(str(value)))
    except ValueError:
        raise _RowError("uid", f"not a valid uid: {value!r}") from None


def _from_json(n: int, item, today: date) -> Incoming:
    if not isinstance(item, dict):
        raise _RowError("", "expected an object with the audition's fields")
    values = _fields(item, today)
    tags = item.get("tags") or []
    if isinstance(tags, str):
        tags = [tags]
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        raise _RowError("tags", "tags must be a list of text")
    events = []
    raw_events = item.get("events") or []
    if not isinstance(raw_events, list):
        raise _RowError("events", "events must be a list")
    for event in raw_events:
        if not isinstance(event, dict) or not event.get("status") or not event.get("date"):
            raise _RowError("events", "each event needs a status and a date")
        for key in ("status", "date", "note"):
            value = event.get(key)
            if value is not None and not isinstance(value, str):
                raise _RowError("events", f"an event's {key} must be text, got {json.dumps(value)}")
        try:
            status = norm_status(event["status"])
        except BadInput as exc:
            raise _RowError("events", str(exc)) from None
        when = _date_only(event["date"], "events", today)
        if when < values["date"]:
            raise _RowError("events", f"{status} on {when} is before the audition")
        note = event.get("note")
        events.append((status, when, None if note in (None, "") else str(note)))
    stamps = {k: _stamp(item.get(k), k) for k in ("created_at", "updated_at")}
    return Incoming(n, values, norm_tags(tags), events, _uid(item.get("uid")), **stamps)


def _stamp(value, column: str) -> str | None:
    """created_at/updated_at: ISO 8601, stored as UTC (YYYY-MM-DDTHH:MM:SSZ); empty is unknown."""
    if value is None or value == "":
        return None
    stamp = checks.utc_stamp(value) if isinstance(value, str) else None
    if stamp is None:
        raise _RowError(column, f"not an ISO 8601 timestamp: {json.dumps(value)}")
    return stamp


# A note can be long (its own export must import again); the file is in memory anyway.
CSV_FIELD_LIMIT = 256 * 2**20


def _csv_rows(text: str):
    """The CSV's rows. Read strictly first, so a file cut off inside a quoted field is
    refused, naming the row, instead of importing half a record; a file malformed in other
    ways is read again leniently, as spreadsheets write them."""
    csv.field_size_limit(max(csv.field_size_limit(), CSV_FIELD_LIMIT))
    rows = []
    try:
        for cells in csv.reader(io.StringIO(text, newline=""), strict=True):
            rows.append(cells)
        return rows
    except csv.Error as exc:
        if "unexpected end of data" in str(exc):
            row = len(rows)  # the header is row 0
            raise ImportRowsError(
                "the CSV file ends inside a quoted field (was it cut off?); nothing was imported",
                [(row, "", "a quoted field is never closed")],
            ) from None
        if "field larger than field limit" in str(exc):
            raise ImportRowsError(
                "a CSV cell is too large; nothing was imported",
                [(len(rows), "", f"a cell holds more than {CSV_FIELD_LIMIT // 2**20} MiB")],
            ) from None
    return list(csv.reader(io.StringIO(text, newline="")))


def _read_csv(text: str, today: date, mapping: dict) -> tuple[list, list]:
    reader = iter(_csv_rows(text))
    try:
        header = next(reader)
    except StopIteration:
        raise BadInput("the CSV file is empty (it needs a header row)") from None
    except csv.Error as exc:
        raise BadInput(f"the CSV file cannot be read: {exc}") from None
    columns, ignored = [], []
    for name in header:
        key = "_".join(name.strip().lower().replace("-", " ").split())
        target = mapping.get(name.strip().lower()) or HEADER_ALIASES.get(key)
        if target is None or target == "id":
            if name.strip():
                ignored.append(name.strip())
        columns.append(target if target != "id" else None)
    for needed in ("date", "project"):
        if needed not in columns:
            raise BadInput(
                f"the CSV file needs a {needed!r} column (found: {', '.join(header)});"
                f' map one with --map "Header={needed}"'
            )
    items = []
    try:
        for n, cells in enumerate(reader, 1):
            if not any(c.strip() for c in cells):
                continue
            if len(cells) > len(columns) and any(c.strip() for c in cells[len(columns) :]):
                items.append((n, None))
                continue
            items.append((n, {col: unneutralise(cell) for col, cell in zip(columns, cells, strict=False) if col}))
    except csv.Error as exc:
        raise BadInput(f"the CSV file cannot be read: {exc}") from None
    return _validate_all(items, today, _from_csv), ignored


def unneutralise(cell: str) -> str:
    """Undo exactly what CSV export does against formulas (render.neutralise): one leading
    quote before a formula, or before quotes and a formula, is taken away."""
    if cell.startswith("'") and cell.lstrip("'").startswith(FORMULA_STARTS):
        return cell[1:]
    return cell


def _split_dates(value: str) -> list[str]:
    return [p.strip() for p in value.replace(",", ";").split(";") if p.strip()]


def _from_csv(n: int, row, today: date) -> Incoming:
    if row is None:
        raise _RowError("", "more cells than the header has columns")
    row = {k: (v.strip() if isinstance(v, str) else v) for k, v in row.items()}
    values = _fields(row, today)
    events = []
    for day in _split_dates(row.get("callback_dates") or ""):
        events.append(("callback", _date_only(day, "callback_dates", today), None))
    if row.get("booked_date"):
        events.append(("booked", _date_only(row["booked_date"], "booked_date", today), None))
    status = (row.get("status") or "").strip()
    if status and status.lower() not in ("auditioned", "pending", "waiting", "-"):
        try:
            status = norm_status(status)
        except BadInput as exc:
            raise _RowError("status", str(exc)) from None
        when = (
            _date_only(row["status_date"], "status_date", today) if row.get("status_date") else values["date"]
        )
        if not any(e[0] == status for e in events):
            events.append((status, when, None))
    for status, when, _ in events:
        if when < values["date"]:
            raise _RowError(
                "status_date" if status not in ("callback", "booked") else f"{status}_date",
                f"{status} on {when} is before the audition",
            )
    events.sort(key=lambda e: e[1])
    stamps = {k: _stamp(row.get(k), k) for k in ("created_at", "updated_at")}
    return Incoming(n, values, norm_tags([row.get("tags") or ""]), events, _uid(row.get("uid")), **stamps)


def _read_db(path: Path, today: date) -> list:
    """Another journal's auditions, read without changing a byte of it (opened read-only),
    each validated like a row of any other import file."""
    from callback_cli.store import read_journal

    _regular(path)
    items = []
    for n, (row, events, tags) in enumerate(read_journal(path), 1):
        item = {k: row.get(k) for k in ("date",) + models.TEXT_FIELDS + ("rating",)}
        item.update(
            tags=tags,
            events=[{"status": e["status"], "date": e["date"], "note": e["note"]} for e in events],
            uid=row.get("uid"),
            created_at=row.get("created_at"),
            updated_at=row.get("updated_at"),
        )
        items.append((n, item))
    return _validate_all(items, today, _from_json)


# ---- merging into the journal ---------------------------------------------------------
def merge(store, records: list, dry_run: bool = False, progress=None) -> dict:
    """Add what is new; for records already present (same uid, or for uid-less rows the same
    date + project + role), add the events the journal lacks and take newer field values."""
    by_uid, by_key = {}, {}
    for aid, uid, day, project, role in store.match_rows():
        by_uid[uid] = aid
        by_key.setdefault(match_key(day, project, role), aid)
    summary = {"new": 0, "present": 0, "updated": 0}
    stamp = now_utc()
    next_id = store.next_id()
    first_new = next_id
    new_rows, new_events, new_tags, changed, snap = [], [], [], [], {}
    for done, rec in enumerate(records, 1):
        aid = by_uid.get(rec.uid) if rec.uid else by_key.get(rec.key())
        if aid is None:
            aid, next_id = next_id, next_id + 1
            row = {
                "id": aid,
                "uid": rec.uid or str(uuid.uuid4()),
                **_columns(rec.values),
                "created_at": rec.created_at or stamp,
                "updated_at": rec.updated_at or rec.created_at or stamp,
                **derive(rec.values["date"], [(s, d) for s, d, _ in rec.events]),
            }
            new_rows.append(row)
            new_events.extend((aid, s, d, note, row["created_at"]) for s, d, note in rec.events)
            new_tags.extend((aid, t, row["date"], row["advanced_on"], row["booked_on"]) for t in rec.tags)
            by_uid[row["uid"]] = aid
            by_key.setdefault(rec.key(), aid)
            summary["new"] += 1
        elif aid >= first_new:
            summary["present"] += 1  # a duplicate inside the file itself
        elif _update(store, aid, rec, dry_run, snap, stamp):
            changed.append(aid)
            summary["updated"] += 1
        else:
            summary["present"] += 1
        if progress and done % 1000 == 0:
            progress(done)
    if not dry_run:
        store.insert_many(new_rows, new_events, new_tags)
        if changed:
            store.refresh(changed)
        for row in new_rows:
            snap[str(row["id"])] = None
        summary["_snapshot"] = snap
    return summary


def _columns(values: dict) -> dict:
    return {k: values.get(k) for k in ("date",) + models.TEXT_FIELDS + ("rating",)}


def _update(store, aid: int, rec: Incoming, dry_run: bool, snap: dict, stamp: str) -> bool:
    """Bring one existing audition up to date with an incoming copy; True if anything changed."""
    have = store.event_keys(aid)
    missing = [e for e in rec.events if e not in have]
    row = store.row(aid)
    newer = bool(rec.updated_at and row["updated_at"] and rec.updated_at > row["updated_at"])
    fields = {}
    if newer:
        fields = {k: v for k, v in _columns(rec.values).items() if row.get(k) != v}
    tags = set(store.tags(aid))
    extra_tags = [t for t in rec.tags if t not in tags]
    if not (missing or fields or extra_tags):
        return False
    if dry_run:
        return True
    snap.setdefault(str(aid), store.snapshot([aid])[str(aid)])
    for status, when, note in missing:
        store.add_event(aid, status, when, note, stamp)
    store.update_audition(aid, {**fields, "updated_at": rec.updated_at if newer else stamp})
    if extra_tags:
        store.set_tags(aid, sorted(tags | set(extra_tags)))
    return True


# ---- export ---------------------------------------------------------------------------
def records(store, today: date, stale_days: int):
    """Every audition as a full record, in id order, streamed."""
    for row, events, tags in store.iter_all():
        yield to_record(row, events, tags, today, stale_days)


def write_export(store, fmt: str, out, today: date, stale_days: int) -> int:
    """Stream the journal to `out` (a text file); returns how many auditions were written."""
    n = 0
    if fmt == "csv":
        from callback_cli.render import CSV_FIELDS, csv_row

        writer = csv.DictWriter(out, fieldnames=CSV_FIELDS, lineterminator="\n")
        writer.writeheader()
        for rec in records(store, today, stale_days):
            writer.writerow(csv_row(rec))
            n += 1
        return n
    if fmt == "jsonl":
        for rec in records(store, today, stale_days):
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")
            n += 1
        return n
    out.write("[")
    for rec in records(store, today, stale_days):
        out.write(("\n  " if n == 0 else ",\n  ") + json.dumps(rec, ensure_ascii=False))
        n += 1
    out.write("\n]\n" if n else "]\n")
    return n
