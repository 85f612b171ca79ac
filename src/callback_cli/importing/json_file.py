"""JSON lists and JSON Lines: callback's own export (read the fast way), or another app's
objects (read like a spreadsheet's columns, see tabular.py)."""

from __future__ import annotations

import codecs
import json
from collections.abc import Iterator
from datetime import date
from functools import partial
from itertools import chain, islice
from pathlib import Path

from callback_cli import checks, models
from callback_cli.errors import BadInput, ImportRowsError
from callback_cli.importing.records import Report
from callback_cli.importing.rows import (
    RowError,
    date_only,
    event_time,
    expenses,
    fields,
    read_text,
    regular,
    shown,
    uid,
    validate_all,
    validate_stream,
)
from callback_cli.incoming import Incoming, IncomingEvent
from callback_cli.journal import norm_status, norm_tags

# keys of callback's own records: a file holding only these is read the fast way
OWN_KEYS = frozenset(models.RECORD_KEYS)
_STATUSES = frozenset(models.STATUSES)
DERIVED = {
    "id": "a row number of the other journal",
    "status": "worked out from the events",
    "advanced": "worked out from the events",
    "upcoming": "worked out from the date",
    "stale": "worked out from the dates",
}


def items(path: Path, fmt: str) -> tuple[list[tuple[int, object]], list[str], str | None]:
    """The file's objects numbered from 1, the top-level keys beside the list it holds (not
    read: they are about the file), and that list's key."""
    text = read_text(path)
    found: list[tuple[int, object]] = []
    outside: list[str] = []
    key = None
    if fmt == "jsonl":
        for n, line in enumerate(text.split("\n"), 1):  # not splitlines(): U+2028 is text in JSON
            if line.strip():
                found.append((len(found) + 1, _parse_line(line, n, len(found) + 1)))
        return found, outside, key
    try:
        doc = json.loads(text)
    except ValueError as exc:
        raise BadInput(f"{path} is not valid JSON ({exc})") from None
    except RecursionError:
        raise BadInput(f"{path} is nested too deeply to be a list of auditions") from None
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
    return list(enumerate(doc, 1)), outside, key


PEEK = 1000  # objects read before deciding that a JSON Lines file is callback's own export
_CHUNK = 1 << 20


def stream_own(path: Path, today: date, order: str) -> tuple[Iterator[Incoming], Report] | None:
    """Callback's own JSON Lines, validated a line at a time as they are read (memory flat
    however long the file), with the report of how it reads; None for a file read whole
    instead (not UTF-8, empty, or not callback's own records)."""
    encoding = _utf8(path)
    if encoding is None:
        return None
    found = _lines(path, encoding)
    head = list(islice(found, PEEK))
    if not head or not own(head):
        return None
    convert = partial(_from_own_line, today=today, order=order)
    return validate_stream(chain(head, found), convert), own_report(head)


def stream_own_list(path: Path, today: date, order: str) -> tuple[Iterator[Incoming], Report] | None:
    """Callback's own JSON export (one list of records), read an object at a time twice: a
    first pass parses every object and checks it holds only callback's own keys, the second
    validates them as the import goes (memory an object's, not the file's). None for a file
    read whole instead, as before: not UTF-8, not a list, empty, any JSON error (read whole,
    it is named as it always was), or an object that is not one of callback's records."""
    encoding = _utf8(path)
    if encoding is None:
        return None
    head: list[tuple[int, object]] = []
    try:
        for n, item in enumerate(_list_items(path, encoding), 1):
            if not (isinstance(item, dict) and item.keys() <= OWN_KEYS):
                return None
            if n <= _REPORTED:
                head.append((n, item))
    except (_NotAList, ValueError, RecursionError):
        return None
    if not head:
        return None
    convert = partial(_from_json, today=today, order=order)
    return validate_stream(enumerate(_list_items(path, encoding), 1), convert), own_report(head)


_REPORTED = 50  # the objects own_report names the keys of
_SPACE = " \t\n\r"  # JSON's whitespace
_AFTER = ",]" + _SPACE  # what may follow a value in a list


class _NotAList(Exception):
    """The file's JSON is not a list at the top."""


def _list_items(path: Path, encoding: str) -> Iterator[object]:
    """The values of the JSON list a file holds, parsed one at a time from a buffer of about
    a chunk (json.JSONDecoder.raw_decode); raises _NotAList, or ValueError where json.loads
    would refuse the text."""
    decoder = json.JSONDecoder()
    with open(path, encoding=encoding, newline="") as fh:
        buf, pos, ended = "", 0, False

        def more() -> bool:
            """Read on: the unread part of the buffer and the next chunk (False at the end)."""
            nonlocal buf, pos, ended
            chunk = "" if ended else fh.read(_CHUNK)
            if not chunk:
                ended = True
                return False
            buf, pos = buf[pos:] + chunk, 0
            return True

        def skip() -> str:
            """The next character that is not whitespace ("" at the end of the file)."""
            nonlocal pos
            while True:
                while pos < len(buf) and buf[pos] in _SPACE:
                    pos += 1
                if pos < len(buf) or not more():
                    return buf[pos : pos + 1]

        if skip() != "[":
            raise _NotAList
        pos += 1
        first = True
        while True:
            c = skip()
            if c == "]" and first:
                pos += 1
                break
            if not first:
                if c == "]":
                    pos += 1
                    break
                if c != ",":
                    raise ValueError("expected , or ]")
                pos += 1
                skip()
            first = False
            while True:
                try:
                    item, end = decoder.raw_decode(buf, pos)
                except json.JSONDecodeError:
                    if more():
                        continue  # the value goes on in the next chunk
                    raise
                # a number cut at the chunk's end (`12` of `1234`, `3.5` of `3.5e10`) reads short
                cut = isinstance(item, (int, float)) and not isinstance(item, bool)
                if (end < len(buf) and (not cut or buf[end] in _AFTER)) or not more():
                    break
            yield item
            pos = end
        if skip():
            raise ValueError("extra data after the list")


def _utf8(path: Path) -> str | None:
    """utf-8-sig or utf-8 if the whole file is valid UTF-8 text (checked a chunk at a time),
    else None."""
    regular(path)
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        with open(path, "rb") as fh:
            head = fh.read(4096)
            if head.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in head:
                return None
            decoder.decode(head)
            while chunk := fh.read(_CHUNK):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return None
    except OSError as exc:
        raise BadInput(f"cannot read {path}: {exc.strerror}") from None
    return "utf-8-sig" if head.startswith(b"\xef\xbb\xbf") else "utf-8"


def _lines(path: Path, encoding: str) -> Iterator[tuple[int, object]]:
    """The objects of a JSON Lines file, numbered from 1, read a line at a time."""
    count = 0
    with open(path, encoding=encoding) as fh:
        for n, line in enumerate(fh, 1):
            if line.strip():
                count += 1
                yield count, _parse_line(line, n, count)


def _parse_line(line: str, n: int, count: int) -> object:
    try:
        return json.loads(line)
    except RecursionError:
        raise ImportRowsError(
            "the file is not valid JSON Lines", [(count, "", f"line {n}: nested too deeply")]
        ) from None
    except ValueError as exc:
        raise ImportRowsError("the file is not valid JSON Lines", [(count, "", f"line {n}: {exc}")]) from None


def _from_own_line(n: int, item: object, *, today: date, order: str) -> Incoming:
    if isinstance(item, dict) and not item.keys() <= OWN_KEYS:
        # the lines above were callback's own records: this one's other keys would be lost
        key = min(item.keys() - OWN_KEYS)
        raise RowError(key, f"not a field of callback's records (the file's first {PEEK} lines are)")
    return _from_json(n, item, today=today, order=order)


def own(found) -> bool:
    """Whether every object is one of callback's own records (only its keys)."""
    return all(isinstance(i, dict) and i.keys() <= OWN_KEYS for _, i in found)


def own_report(found) -> Report:
    report = Report()
    for key in dict.fromkeys(k for _, i in found[:50] for k in i):
        report.column(key, None if key in DERIVED else key, DERIVED.get(key))
    return report


def read_own(found, today: date, order: str) -> list[Incoming]:
    return validate_all(found, partial(_from_json, today=today, order=order))


def read(path: Path, fmt: str, today: date, order: str) -> list[Incoming]:
    """The records of a JSON (`fmt` json) or JSON Lines (jsonl) file of callback's own."""
    return read_own(items(path, fmt)[0], today, order)


def _from_json(n: int, item: object, *, today: date, order: str) -> Incoming:
    if not isinstance(item, dict):
        raise RowError("", "expected an object with the audition's fields")
    values = fields(item, today, order)
    tags = item.get("tags") or []
    if isinstance(tags, str):
        tags = [tags]
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        raise RowError("tags", "tags must be a list of text")
    events: list[IncomingEvent] = []
    raw_events = item.get("events") or []
    if not isinstance(raw_events, list):
        raise RowError("events", "events must be a list")
    for event in raw_events:
        if not isinstance(event, dict) or not event.get("status") or not event.get("date"):
            raise RowError("events", "each event needs a status and a date")
        for key in ("status", "date", "note"):
            value = event.get(key)
            if value is not None and not isinstance(value, str):
                raise RowError("events", f"an event's {key} must be text, got {shown(value)}")
        status, when = event["status"], event["date"]
        if status not in _STATUSES:  # as callback writes it, or a word to read
            try:
                status = norm_status(status)
            except BadInput as exc:
                raise RowError("events", str(exc)) from None
        if not checks.valid_day(when):
            when = date_only(when, "events", today, order)
        if when < values["date"]:
            raise RowError("events", f"{status} on {when} is before the audition")
        note = event.get("note")
        events.append(
            (status, when, None if note in (None, "") else str(note), event_time(event.get("time")))
        )
    created, updated = (_stamp(item.get(k), k) for k in ("created_at", "updated_at"))
    costs = expenses(item.get("expenses"), values["date"], today, order)
    return Incoming(
        n, values, norm_tags(tags), events, uid(item.get("uid")), created, updated, expenses=costs
    )


def _stamp(value: object, column: str) -> str | None:
    """created_at/updated_at: ISO 8601, stored as UTC (YYYY-MM-DDTHH:MM:SSZ); empty is unknown."""
    if value is None or value == "":
        return None
    stamp = checks.utc_stamp(value) if isinstance(value, str) else None
    if stamp is None:
        raise RowError(column, f"not an ISO 8601 timestamp: {shown(value)}")
    return stamp
