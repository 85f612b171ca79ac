"""JSON lists and JSON Lines: callback's own export (read the fast way), or another app's
objects (read like a spreadsheet's columns, see tabular.py)."""

from __future__ import annotations

import codecs
import json
from collections.abc import Iterable, Iterator
from datetime import date
from functools import partial
from itertools import chain, islice
from pathlib import Path
from typing import TextIO

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
from callback_cli.importing.text import stamp
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


def items(path: Path, fmt: str) -> tuple[Iterable[tuple[int, object]], list[str], str | None]:
    """The file's objects numbered from 1, the top-level keys beside the list it holds (not
    read: they are about the file), and that list's key. The objects of a JSON list come from
    the file again on each pass over them (_Listed, _Lines), never held all at once."""
    streamed = _foreign_list(path) if fmt == "json" else _foreign_lines(path)
    if streamed is not None:
        return streamed
    text = read_text(path)
    if not text.strip():  # a byte order mark and nothing else
        raise BadInput(f"{path.name} is empty")
    found: list[tuple[int, object]] = []
    outside: list[str] = []
    key = None
    if fmt == "jsonl":
        for n, line in enumerate(text.split("\n"), 1):  # not splitlines(): U+2028 is text in JSON
            if line.strip():
                found.append((len(found) + 1, _parse_line(line, n, len(found) + 1)))
        return found, outside, key
    doc = _loads(path, text)
    if isinstance(doc, dict) and not any(isinstance(v, list) for v in doc.values()):
        # an API's envelope, {"data": {"auditions": [...]}}: the one object holding a list of objects
        inner = [k for k, v in doc.items() if isinstance(v, dict) and _holds_objects(v)]
        if len(inner) == 1:
            outside = [k for k in doc if k != inner[0]]
            doc = doc[inner[0]]
    if isinstance(doc, dict):
        lists = [k for k, v in doc.items() if isinstance(v, list)]
        key = "auditions" if isinstance(doc.get("auditions"), list) else lists[0] if len(lists) == 1 else None
        if key is not None:  # {"auditions": [...]}, {"data": [...]} and the like
            outside += [k for k in doc if k != key]
            doc = doc[key]
        elif doc:
            doc = [doc]
    if not isinstance(doc, list):
        raise BadInput(f"{path}: expected a JSON list of auditions")
    return list(enumerate(doc, 1)), outside, key


def _holds_objects(doc: dict) -> bool:
    """Whether an object holds a list of objects (auditions, say) among its values."""
    return any(isinstance(v, list) and v and all(isinstance(x, dict) for x in v) for v in doc.values())


class _Twice(ValueError):
    """An object that gives one key twice: json.loads would keep the last value, unsaid."""

    def __init__(self, key: str):
        super().__init__(f"{key!r} is given twice in one object; keep one")
        self.key = key


def _once(pairs: list[tuple[str, object]]) -> dict:
    """An object's members as a dict, refusing a key given twice (a value would be lost)."""
    found = dict(pairs)
    if len(found) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _Twice(key)
            seen.add(key)
    return found


# every JSON this module reads: json.loads's, but a key given twice is an error, not a loss
_DECODER = json.JSONDecoder(object_pairs_hook=_once)


def _loads(path: Path, text: str) -> object:
    """The file's JSON, read whole; BadInput naming where it is not JSON."""
    try:
        return _DECODER.decode(text)
    except _Twice as exc:
        raise BadInput(f"{path}: {exc}") from None
    except ValueError as exc:
        raise BadInput(f"{path} is not valid JSON ({exc})") from None
    except RecursionError:
        raise BadInput(f"{path} is nested too deeply to be a list of auditions") from None


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
    """The values of the JSON list a file holds, parsed one at a time (_Chunks); raises
    _NotAList, or ValueError where json.loads would refuse the text."""
    with open(path, encoding=encoding, newline="") as fh:
        text = _Chunks(fh)
        if text.skip() != "[":
            raise _NotAList
        yield from text.elements()
        if text.skip():
            raise ValueError("extra data after the list")


class _Chunks:
    """A JSON text read a chunk at a time, its values parsed one by one from a buffer of about
    a chunk (json.JSONDecoder.raw_decode), so that a long list is never held whole. Raises
    ValueError where json.loads would refuse the text (with json.loads's message and place
    only when it is read whole: whoever names the error reads it whole)."""

    def __init__(self, fh: TextIO):
        self.fh, self.buf, self.pos, self.ended = fh, "", 0, False
        self.decoder = _DECODER

    def more(self) -> bool:
        """Read on: the unread part of the buffer and the next chunk (False at the end)."""
        chunk = "" if self.ended else self.fh.read(_CHUNK)
        if not chunk:
            self.ended = True
            return False
        self.buf, self.pos = self.buf[self.pos :] + chunk, 0
        return True

    def skip(self) -> str:
        """The next character that is not whitespace ("" at the end of the file)."""
        while True:
            buf, pos = self.buf, self.pos
            while pos < len(buf) and buf[pos] in _SPACE:
                pos += 1
            self.pos = pos
            if pos < len(buf) or not self.more():
                return buf[pos : pos + 1]

    def value(self, after: str = _AFTER) -> object:
        """The value at the read position (after skip); the position then follows it. `after`:
        what may follow it (a number cut at the buffer's end, `12` of `1234`, reads short)."""
        while True:
            try:
                item, end = self.decoder.raw_decode(self.buf, self.pos)
            except json.JSONDecodeError:
                if self.more():
                    continue  # the value goes on in the next chunk
                raise
            cut = isinstance(item, (int, float)) and not isinstance(item, bool)
            if (end < len(self.buf) and (not cut or self.buf[end] in after)) or not self.more():
                self.pos = end
                return item

    def _entries(self, close: str) -> Iterator[str]:
        """Step through the list or object at the read position (its `[` or `{`; `close` its
        closing bracket): at each entry, the position is at its first character, which is
        given; the entry must be read before the next. The position then follows the end."""
        self.pos += 1
        first = True
        while True:
            c = self.skip()
            if c == close:
                self.pos += 1
                return
            if not first:
                if c != ",":
                    raise ValueError(f"expected , or {close}")
                self.pos += 1
                c = self.skip()
            first = False
            yield c

    def elements(self) -> Iterator[object]:
        """The values of the list at the read position (its `[`), one at a time; the position
        then follows the list."""
        for _ in self._entries("]"):
            yield self.value()

    def members(self) -> Iterator[str]:
        """The keys of the object at the read position (its `{`), one at a time, each with
        the position at its value: read the value (value, elements or drop) before the next."""
        for c in self._entries("}"):
            if c != '"':
                raise ValueError("expected a key in double quotes")
            key = self.value()
            if not isinstance(key, str) or self.skip() != ":":
                raise ValueError("expected :")
            self.pos += 1
            self.skip()
            yield key

    def drop(self) -> bool:
        """Read past the value at the read position, a list an element at a time; whether
        it was a list."""
        if self.skip() == "[":
            for _ in self.elements():
                pass
            return True
        self.value(_AFTER_MEMBER)
        return False


_AFTER_MEMBER = ",}" + _SPACE  # what may follow a value in an object


def _foreign_list(path: Path) -> tuple[_Listed, list[str], str | None] | None:
    """items, an object at a time. A list at the top is checked as it is read (_Listed); an
    object is read whole first (every object parsed, none kept) to find the list under its
    keys ("auditions", else the only list) and the keys beside it. None for a file read whole
    instead: not UTF-8, not a list or an object holding one, or an object that is not valid
    JSON (read whole, it is named as it always was)."""
    encoding = _utf8(path)
    if encoding is None:
        return None
    try:
        with open(path, encoding=encoding, newline="") as fh:
            text = _Chunks(fh)
            top = text.skip()
            if top == "[":
                return _Listed(path, encoding, None), [], None
            if top == "{":
                found = {}  # key: (whether its value is a list, which member); json.loads's dict
                for at, name in enumerate(text.members()):
                    if name in found:
                        raise _Twice(name)  # read whole, it is named (_loads)
                    found[name] = (text.drop(), at)
            else:
                return None
            if text.skip():
                return None  # extra data after the JSON
    except (OSError, ValueError, RecursionError):
        return None
    lists = [k for k, (listed, _) in found.items() if listed]
    key = "auditions" if found.get("auditions", (False, 0))[0] else lists[0] if len(lists) == 1 else None
    if key is None:
        return None  # one object, or none
    return _Listed(path, encoding, found[key][1]), [k for k in found if k != key], key


class _Listed:
    """The objects of a file's JSON list (at the top, or the value of its `member`th top-level
    key), numbered from 1, parsed from the file again on each pass. Text that is not JSON is
    named as json.loads names it (the file read whole, then); a file changed between passes
    is refused, not read half old, half new."""

    def __init__(self, path: Path, encoding: str, member: int | None):
        self.path, self.encoding, self.member = path, encoding, member
        self.stamp = stamp(path)

    def __iter__(self) -> Iterator[tuple[int, object]]:
        changed = BadInput(f"{self.path.name} changed while it was being read; nothing was imported")
        if stamp(self.path) != self.stamp:
            raise changed
        try:
            fh = open(self.path, encoding=self.encoding, newline="")  # noqa: SIM115 (closed below)
        except OSError as exc:
            raise BadInput(f"cannot read {self.path}: {exc.strerror}") from None
        try:
            with fh:
                text = _Chunks(fh)
                text.skip()
                if self.member is None:
                    yield from enumerate(text.elements(), 1)
                    if text.skip():
                        raise ValueError("extra data after the list")
                else:
                    for at, _ in enumerate(text.members()):
                        if at == self.member:
                            text.skip()
                            yield from enumerate(text.elements(), 1)
                            break
                        text.drop()
        except (ValueError, RecursionError):
            _loads(self.path, read_text(self.path))  # names the error as a whole read does
            raise changed from None  # the whole file reads: it changed since the last pass
        if stamp(self.path) != self.stamp:  # written to while this pass read it
            raise changed


def _foreign_lines(path: Path) -> tuple[_Lines, list[str], None] | None:
    """items of a JSON Lines file, a line at a time (a bad line is named, as when the file
    was read whole, by the first pass that reaches it, before any record is made). None for
    a file read whole instead: not UTF-8, or blank."""
    encoding = _utf8(path)
    if encoding is None:
        return None
    lines = _Lines(path, encoding)
    if not any(True for _ in lines):
        return None
    return lines, [], None


class _Lines:
    """The objects of a JSON Lines file, numbered from 1, parsed from the file again on each
    pass. Lines end at \n only, as when the file was read whole (U+2028 and a lone \r are
    text in JSON); a file changed between passes is refused."""

    def __init__(self, path: Path, encoding: str):
        self.path, self.bom = path, encoding == "utf-8-sig"
        self.stamp = stamp(path)

    def __iter__(self) -> Iterator[tuple[int, object]]:
        if stamp(self.path) != self.stamp:
            raise BadInput(f"{self.path.name} changed while it was being read; nothing was imported")
        try:
            fh = open(self.path, "rb")  # noqa: SIM115 (closed below)
        except OSError as exc:
            raise BadInput(f"cannot read {self.path}: {exc.strerror}") from None
        count = 0
        with fh:
            for n, raw in enumerate(fh, 1):
                data = raw[:-1] if raw.endswith(b"\n") else raw
                if n == 1 and self.bom:
                    data = data[3:]
                try:
                    line = data.decode("utf-8")
                except UnicodeDecodeError:  # it read the first time: it changed since
                    raise BadInput(
                        f"{self.path.name} changed while it was being read; nothing was imported"
                    ) from None
                if line.strip():
                    count += 1
                    yield count, _parse_line(line, n, count)
        if stamp(self.path) != self.stamp:  # written to while this pass read it
            raise BadInput(f"{self.path.name} changed while it was being read; nothing was imported")


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
        return _DECODER.decode(line)
    except _Twice as exc:
        raise ImportRowsError("1 bad row; nothing was imported", [(count, exc.key, str(exc))]) from None
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
    for key in dict.fromkeys(k for _, i in islice(found, _REPORTED) for k in i):
        report.column(key, None if key in DERIVED else key, DERIVED.get(key))
    return report


def read_own(found, today: date, order: str) -> list[Incoming]:
    return validate_all(found, partial(_from_json, today=today, order=order))


def own_records(found, today: date, order: str) -> Iterator[Incoming]:
    """read_own's records as they are made (found may be read from the file as it goes)."""
    return validate_stream(found, partial(_from_json, today=today, order=order))


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
        if note and "\x00" in note:
            raise RowError("events", f"an event's note {checks.NUL_REFUSED}")
        events.append(
            (status, when, None if note in (None, "") else str(note), event_time(event.get("time")))
        )
    created, updated = (_stamp(item.get(k), k) for k in ("created_at", "updated_at"))
    costs = expenses(item.get("expenses"), values["date"], today, order)
    try:
        tags = norm_tags(tags)
    except BadInput as exc:
        raise RowError("tags", str(exc)) from None
    return Incoming(n, values, tags, events, uid(item.get("uid")), created, updated, expenses=costs)


def _stamp(value: object, column: str) -> str | None:
    """created_at/updated_at: ISO 8601, stored as UTC (YYYY-MM-DDTHH:MM:SSZ); empty is unknown."""
    if value is None or value == "":
        return None
    stamp = checks.utc_stamp(value) if isinstance(value, str) else None
    if stamp is None:
        raise RowError(column, f"not an ISO 8601 timestamp: {shown(value)}")
    return stamp
