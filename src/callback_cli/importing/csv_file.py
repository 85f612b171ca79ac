"""Spreadsheets: the headers people actually use, and outcome columns (status, status date,
callback dates, booked date) turned into events."""

from __future__ import annotations

import csv
import io
from datetime import date
from functools import partial
from pathlib import Path

from callback_cli.errors import BadInput
from callback_cli.importing.rows import RowError, date_only, fields, read_text, uid, validate_all
from callback_cli.incoming import Incoming, IncomingEvent
from callback_cli.journal import norm_status, norm_tags

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


def read(path: Path, today: date, mapping: dict, order: str) -> tuple[list[Incoming], list[str]]:
    """The file's records and the names of the columns it ignored."""
    return _read_csv(read_text(path), today, mapping, order)


def _read_csv(text: str, today: date, mapping: dict, order: str) -> tuple[list[Incoming], list[str]]:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise BadInput("the CSV file is empty (it needs a header row)") from None
    except csv.Error as exc:
        raise BadInput(f"the CSV file cannot be read: {exc}") from None
    columns: list[str | None] = []
    ignored: list[str] = []
    for name in header:
        key = "_".join(name.strip().lower().replace("-", " ").split())
        target = mapping.get(name.strip().lower()) or HEADER_ALIASES.get(key)
        if (target is None or target == "id") and name.strip():
            ignored.append(name.strip())
        columns.append(target if target != "id" else None)
    for needed in ("date", "project"):
        if needed not in columns:
            raise BadInput(
                f"the CSV file needs a {needed!r} column (found: {', '.join(header)});"
                f' map one with --map "Header={needed}"'
            )
    items: list[tuple[int, dict | None]] = []
    try:
        for n, cells in enumerate(reader, 1):
            if not any(c.strip() for c in cells):
                continue
            if len(cells) > len(columns) and any(c.strip() for c in cells[len(columns) :]):
                items.append((n, None))
                continue
            items.append((n, {col: cell for col, cell in zip(columns, cells, strict=False) if col}))
    except csv.Error as exc:
        raise BadInput(f"the CSV file cannot be read: {exc}") from None
    return validate_all(items, partial(_from_csv, today=today, order=order)), ignored


def _split_dates(value: str) -> list[str]:
    return [p.strip() for p in value.replace(",", ";").split(";") if p.strip()]


def _from_csv(n: int, row: dict | None, *, today: date, order: str) -> Incoming:
    if row is None:
        raise RowError("", "more cells than the header has columns")
    row = {k: (v.strip() if isinstance(v, str) else v) for k, v in row.items()}
    values = fields(row, today, order)
    events: list[IncomingEvent] = []
    for day in _split_dates(row.get("callback_dates") or ""):
        events.append(("callback", date_only(day, "callback_dates", today, order), None))
    if row.get("booked_date"):
        events.append(("booked", date_only(row["booked_date"], "booked_date", today, order), None))
    status = (row.get("status") or "").strip()
    if status and status.lower() not in ("auditioned", "pending", "waiting", "-"):
        try:
            status = norm_status(status)
        except BadInput as exc:
            raise RowError("status", str(exc)) from None
        when = (
            date_only(row["status_date"], "status_date", today, order)
            if row.get("status_date")
            else values["date"]
        )
        if not any(e[0] == status for e in events):
            events.append((status, when, None))
    for status, when, *_ in events:
        if when < values["date"]:
            raise RowError(
                "status_date" if status not in ("callback", "booked") else f"{status}_date",
                f"{status} on {when} is before the audition",
            )
    events.sort(key=lambda e: e[1])
    created, updated = (row.get(k) or None for k in ("created_at", "updated_at"))
    tags = norm_tags([row.get("tags") or ""])
    return Incoming(n, values, tags, events, uid(row.get("uid")), created, updated)
