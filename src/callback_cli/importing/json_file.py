"""JSON lists and JSON Lines: callback's own export, or records alike (events as a list)."""

from __future__ import annotations

import json
from datetime import date
from functools import partial
from pathlib import Path

from callback_cli.errors import BadInput, ImportRowsError
from callback_cli.importing.rows import RowError, date_only, fields, read_text, uid, validate_all
from callback_cli.journal import norm_status, norm_tags
from callback_cli.models import Incoming


def read(path: Path, fmt: str, today: date, order: str) -> list[Incoming]:
    """The records of a JSON (`fmt` json) or JSON Lines (jsonl) file."""
    text = read_text(path)
    items: list[tuple[int, object]] = []
    if fmt == "jsonl":
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
        if isinstance(doc, dict) and isinstance(doc.get("auditions"), list):
            doc = doc["auditions"]
        if not isinstance(doc, list):
            raise BadInput(f"{path}: expected a JSON list of auditions")
        items = list(enumerate(doc, 1))
    return validate_all(items, partial(_from_json, today=today, order=order))


def _from_json(n: int, item: object, *, today: date, order: str) -> Incoming:
    if not isinstance(item, dict):
        raise RowError("", "expected an object with the audition's fields")
    values = fields(item, today, order)
    tags = item.get("tags") or []
    if isinstance(tags, str):
        tags = [tags]
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        raise RowError("tags", "tags must be a list of text")
    events = []
    raw_events = item.get("events") or []
    if not isinstance(raw_events, list):
        raise RowError("events", "events must be a list")
    for event in raw_events:
        if not isinstance(event, dict) or not event.get("status") or not event.get("date"):
            raise RowError("events", "each event needs a status and a date")
        try:
            status = norm_status(event["status"])
        except BadInput as exc:
            raise RowError("events", str(exc)) from None
        when = date_only(event["date"], "events", today, order)
        if when < values["date"]:
            raise RowError("events", f"{status} on {when} is before the audition")
        note = event.get("note")
        events.append((status, when, None if note in (None, "") else str(note)))
    stamps = {k: item.get(k) if isinstance(item.get(k), str) else None for k in ("created_at", "updated_at")}
    return Incoming(n, values, norm_tags(tags), events, uid(item.get("uid")), **stamps)
