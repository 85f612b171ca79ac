"""Data in and out: export as JSON, JSON Lines or CSV; import those, spreadsheets and other
journals, validated whole before anything is written, matched so nothing is doubled."""

from __future__ import annotations

import csv
import io
import json
import uuid
from datetime import date
from pathlib import Path

from callback_cli import models
from callback_cli.dates import now_utc
from callback_cli.errors import BadInput, ImportRowsError
from callback_cli.importing.records import Incoming, Report, match_key
from callback_cli.importing.sheet import Mapping
from callback_cli.journal import clean_fields, norm_status, norm_tags, to_record
from callback_cli.models import derive

__all__ = ["Incoming", "match_key", "Mapping"]

FORMATS = ("json", "jsonl", "csv", "xlsx", "db")
# keys of callback's own records: a JSON file holding only these is read the fast way
OWN_KEYS = frozenset(models.RECORD_KEYS) | frozenset(models.FIELDS)
DERIVED = {
    "id": "a row number of the other journal",
    "status": "worked out from the events",
    "advanced": "worked out from the events",
    "upcoming": "worked out from the date",
    "stale": "worked out from the dates",
}


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
        ".tsv": "csv",
        ".tab": "csv",
        ".xlsx": "xlsx",
        ".xlsm": "xlsx",
        ".db": "db",
        ".sqlite": "db",
        ".sqlite3": "db",
    }
    if suffix in by_name:
        return by_name[suffix]
    if suffix in (".xls", ".ods", ".numbers"):
        raise BadInput(f"{path.name}: open it in your spreadsheet app and save it as .xlsx or .csv first")
    try:
        with open(path, "rb") as fh:
            head = fh.read(4096)
    except OSError as exc:
        raise BadInput(f"cannot read {path}: {exc.strerror}") from None
    if head.startswith(b"SQLite format 3\x00"):
        return "db"
    if head.startswith(b"PK\x03\x04"):
        return "xlsx"
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


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise BadInput(f"no such file: {path}") from None
    except IsADirectoryError:
        raise BadInput(f"{path} is a directory, not an import file") from None
    except OSError as exc:
        raise BadInput(f"cannot read {path}: {exc.strerror}") from None


def _read_text(path: Path) -> str:
    from callback_cli.importing.text import decode

    data = _read_bytes(path)
    if not data.strip():
        raise BadInput(f"{path.name} is empty")
    return decode(data, path.name)[0]


def read(
    path: Path,
    fmt: str,
    today: date,
    mapping: Mapping | None = None,
    order: str = "mdy",
    sheet: str | None = None,
) -> tuple[list, Report]:
    """Validate the whole file; returns (records, how it was read) or raises
    ImportRowsError listing every problem of every bad row."""
    from callback_cli.importing import tabular

    mapping = mapping or Mapping()
    if fmt == "db":
        return _read_db(path, today), Report()
    if fmt == "xlsx":
        return tabular.read_xlsx(path, sheet, today, mapping, order)
    if fmt == "csv":
        data = _read_bytes(path)
        if not data.strip():
            raise BadInput(f"{path.name} is empty (it needs a header row and at least one row)")
        return tabular.read_csv_bytes(path, data, today, mapping, order)
    text = _read_text(path)
    outside, key = [], None
    if fmt == "jsonl":
        items = []
        for n, line in enumerate(text.splitlines(), 1):
            if line.strip():
                try:
                    items.append((len(items) + 1, json.loads(line)))
                except ValueError as exc:
                    raise ImportRowsError(
                        "the file is not valid JSON Lines", [(len(items) + 1, "", f"line {n}: {exc}")]
                    ) from None
    else:
        try:
            doc = json.loads(text)
        except ValueError as exc:
            raise BadInput(f"{path} is not valid JSON ({exc})") from None
        if isinstance(doc, dict):
            lists = [k for k, v in doc.items() if isinstance(v, list)]
            key = "auditions" if isinstance(doc.get("auditions"), list) else lists[0] if len(lists) == 1 else None
            if key is not None:  # {"auditions": [...]}, {"data": [...]} and the like
                outside = [k for k in doc if k != key]
                doc = doc[key]
            elif doc:
                doc = [doc]
        if not isinstance(doc, list):
            raise BadInput(f"{path}: expected a JSON list of auditions")
        items = list(enumerate(doc, 1))
    if mapping or not all(isinstance(i, dict) and i.keys() <= OWN_KEYS for _, i in items):
        records, report = tabular.read_foreign_json(items, today, mapping, order, path.name)
    else:
        records, report = _validate_all(items, today, _from_json), _own_report(items)
    if outside:
        report.warn(f"read the list under {key!r}; not read: {', '.join(map(repr, outside))} (about the file)")
    return records, report


def _own_report(items) -> Report:
    report = Report()
    for key in dict.fromkeys(k for _, i in items[:50] for k in i):
        report.column(key, None if key in DERIVED else key, DERIVED.get(key))
    return report


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
        try:
            status = norm_status(event["status"])
        except BadInput as exc:
            raise _RowError("events", str(exc)) from None
        when = _date_only(event["date"], "events", today)
        if when < values["date"]:
            raise _RowError("events", f"{status} on {when} is before the audition")
        note = event.get("note")
        events.append((status, when, None if note in (None, "") else str(note)))
    stamps = {k: item.get(k) if isinstance(item.get(k), str) else None for k in ("created_at", "updated_at")}
    return Incoming(n, values, norm_tags(tags), events, _uid(item.get("uid")), **stamps)


def _read_db(path: Path, today: date) -> list:
    from callback_cli.store import Store

    if not path.exists():
        raise BadInput(f"no such file: {path}")
    try:
        other = Store.open(path)
    except Exception as exc:  # a broken import file is bad input, not a broken journal
        raise BadInput(f"cannot read the journal {path}: {exc}") from None
    records = []
    for n, (row, events, tags) in enumerate(other.iter_all(), 1):
        values = {k: row[k] for k in ("date",) + models.TEXT_FIELDS + ("rating",) if row.get(k) is not None}
        records.append(
            Incoming(
                n,
                values,
                tags,
                [(e["status"], e["date"], e["note"]) for e in events],
                row["uid"],
                row["created_at"],
                row["updated_at"],
            )
        )
    other.close()
    return records


# ---- merging into the journal ---------------------------------------------------------
NEAR_DAYS = 3  # a spreadsheet's outcome this close to one the journal has is the same one


def merge(store, records: list, dry_run: bool = False, progress=None, today: date | None = None) -> dict:
    """Add what is new; for records already present (same uid, or for uid-less rows the same
    date + project + role), add the outcomes the journal lacks and take newer field values
    (a spreadsheet row only fills fields the journal has empty). `changes` says what each
    updated audition gains."""
    from callback_cli.dates import today as today_

    today_iso = (today or today_()).isoformat()
    by_uid, by_key = {}, {}
    for aid, uid, day, project, role in store.match_rows():
        by_uid[uid] = aid
        by_key.setdefault(match_key(day, project, role), aid)
    summary = {"new": 0, "present": 0, "updated": 0}
    stamp = now_utc()
    next_id = store.next_id()
    first_new = next_id
    new_rows, new_events, new_tags, changed, snap, changes, shown = [], [], [], [], {}, [], []
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
            if dry_run and len(shown) < 50:
                shown.append({"row": rec.row, **rec.values, "events": [
                    {"status": s, "date": d, "note": n} for s, d, n in rec.events]})
        elif aid >= first_new:
            summary["present"] += 1  # a duplicate inside the file itself
        else:
            change = _update(store, aid, rec, dry_run, snap, stamp, today_iso)
            if change:
                changed.append(aid)
                changes.append(change)
                summary["updated"] += 1
            else:
                summary["present"] += 1
        if progress and done % 1000 == 0:
            progress(done)
    summary["changes"] = changes
    if dry_run:
        summary["new_rows"] = shown
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


def known_outcome(have, event, loose: bool, exact: bool, today_iso: str) -> bool:
    """Whether the journal already has this outcome: the same status on the same day; for a
    spreadsheet, also on a day near it, or already scheduled; and for an outcome whose day the
    file did not give, the same status on any day."""
    status, when = event[0], event[1]
    for h_status, h_date, *_ in have:
        if h_status != status:
            continue
        if h_date == when or loose or (not exact and h_date > today_iso):
            return True
        if not exact and abs((date.fromisoformat(h_date) - date.fromisoformat(when)).days) <= NEAR_DAYS:
            return True
    return False


def _update(store, aid: int, rec: Incoming, dry_run: bool, snap: dict, stamp: str, today_iso: str):
    """Bring one existing audition up to date with an incoming copy; returns what changed
    ({"uid", "fields", "events"}) or None."""
    have = store.event_keys(aid)
    exact = rec.uid is not None
    missing = []
    for e in rec.events:
        if e in have or known_outcome(have, e, (e[0], e[1]) in rec.loose, exact, today_iso):
            continue
        missing.append(e)
        have = have | {e}
    row = store.row(aid)
    newer = bool(rec.updated_at and row["updated_at"] and rec.updated_at > row["updated_at"])
    fields = {}
    if newer:
        fields = {k: v for k, v in _columns(rec.values).items() if row.get(k) != v}
    elif not exact:  # a spreadsheet row fills what the journal lacks, never overwrites
        fields = {k: v for k, v in _columns(rec.values).items() if v not in (None, "") and row.get(k) in (None, "")}
    tags = set(store.tags(aid))
    extra_tags = [t for t in rec.tags if t not in tags]
    if not (missing or fields or extra_tags):
        return None
    change = {
        "uid": row["uid"],
        "id": aid,
        "label": f"{row['project']}" + (f" ({row['role']})" if row.get("role") else "") + f", {row['date']}",
        "fields": [{"field": k, "from": row.get(k), "to": v} for k, v in fields.items()]
        + ([{"field": "tags", "from": sorted(tags), "to": sorted(tags | set(extra_tags))}] if extra_tags else []),
        "events": [{"status": s, "date": d, "note": n} for s, d, n in missing],
    }
    if dry_run:
        return change
    snap.setdefault(str(aid), store.snapshot([aid])[str(aid)])
    for status, when, note in missing:
        store.add_event(aid, status, when, note, stamp)
    store.update_audition(aid, {**fields, "updated_at": rec.updated_at if newer else stamp})
    if extra_tags:
        store.set_tags(aid, sorted(tags | set(extra_tags)))
    return change


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
