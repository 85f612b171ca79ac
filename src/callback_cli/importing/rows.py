"""What every import format shares: reading the file as text, and validating one record's
fields, uid and dates into the values the journal stores."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

from callback_cli import checks, models, vocabulary
from callback_cli.dates import parse_time
from callback_cli.errors import BadInput, ImportRowsError
from callback_cli.importing.text import decode
from callback_cli.incoming import Incoming
from callback_cli.journal import clean_fields
from callback_cli.money import parse_amount


class RowError(Exception):
    """One bad row: the column at fault (or "") and why."""

    def __init__(self, column: str, why: str):
        self.column, self.why = column, why


def regular(path: Path) -> None:
    """Only a regular file is read: a device never ends (/dev/zero), a FIFO may block for ever."""
    from callback_cli.files import require_regular  # lazy: files loads tempfile, for writers

    if not require_regular(path, "import file"):
        raise BadInput(f"no such file: {path}")


def read_bytes(path: Path) -> bytes:
    regular(path)
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise BadInput(f"no such file: {path}") from None
    except IsADirectoryError:
        raise BadInput(f"{path} is a directory, not an import file") from None
    except OSError as exc:
        raise BadInput(f"cannot read {path}: {exc.strerror}") from None


def read_text(path: Path) -> str:
    """The file's text, in whichever encoding it was saved (importing.text.decode)."""
    data = read_bytes(path)
    if not data.strip():
        raise BadInput(f"{path.name} is empty")
    return decode(data, path.name)[0]


def validate_all(items: Iterable[tuple[int, Any]], convert: Callable[[int, Any], Incoming]) -> list[Incoming]:
    """Convert every (row number, item); raise ImportRowsError naming every bad row."""
    return list(validate_stream(items, convert))


def validate_stream(
    items: Iterable[tuple[int, Any]], convert: Callable[[int, Any], Incoming]
) -> Iterator[Incoming]:
    """Convert every (row number, item) as it comes. After a bad row nothing more is yielded,
    the rest is still checked, and at the end ImportRowsError names every bad row (the
    import's one transaction then rolls back whatever was written)."""
    problems = []
    for n, item in items:
        try:
            record = convert(n, item)
        except RowError as exc:
            problems.append((n, exc.column, exc.why))
            continue
        if not problems:
            yield record
    if problems:
        word = "row" if len(problems) == 1 else "rows"
        raise ImportRowsError(f"{len(problems)} bad {word}; nothing was imported", problems)


def date_only(value: Any, column: str, today: date, order: str) -> str:
    try:
        return clean_fields({"date": value}, base=today, order=order)["date"]
    except BadInput as exc:
        raise RowError(column, str(exc)) from None


_FIELD_NAMES = frozenset(models.COLUMNS)


def shown(value: Any) -> str:
    """A value as an error message shows it: JSON where it is JSON, else its kind (a .db
    source can hold bytes), never more than a line."""
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        text = f"{type(value).__name__} data" if isinstance(value, (bytes, bytearray)) else repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def fields(data: dict, today: date, order: str) -> dict:
    """The record's column values from a row's data, validated; date and project required."""
    given = {}
    clean = True  # every value already as the journal stores it (callback's own export)
    for name, value in data.items():
        if value is None or value == "" or name not in _FIELD_NAMES:
            continue
        cls = value.__class__
        if cls is str:
            if name in _FREE_TEXT:
                text = value.strip()  # all that validating does to free text
                if "\x00" in text:
                    raise RowError(name, checks.NUL_REFUSED)
                if text:
                    value = text
                else:
                    clean = False
            elif clean and not _CLEAN[name](value):
                clean = False
        elif cls is bool or not isinstance(value, (int, float)):
            raise RowError(name, f"expected text or a number, got {shown(value)}")
        elif clean and not (name == "rating" and cls is int and 1 <= value <= 5):
            clean = False
        given[name] = value
    if clean:
        values = given
    else:
        try:
            values = clean_fields(given, base=today, order=order)
        except BadInput as exc:
            raise RowError(getattr(exc, "field", ""), str(exc)) from None
    if "date" not in values:
        raise RowError("date", "missing date")
    if "project" not in values:
        raise RowError("project", "missing project")
    return values


_TYPES, _FORMATS = frozenset(models.TYPES), frozenset(models.FORMATS)


def already_clean(given: dict) -> bool:
    """Whether every value is already what clean_fields would store (an ISO date, text with
    no surrounding space, a known type and format, a size and source in their stored form,
    a rating 1-5): then validating it again would change nothing. Anything else is not."""
    for name, value in given.items():
        if name == "rating":
            if value.__class__ is not int or not 1 <= value <= 5:
                return False
            continue
        if value.__class__ is not str or not value or value != value.strip():
            return False
        if name == "date":
            if not checks.valid_day(value):  # ISO, and within the years a journal can use
                return False
        elif name == "time":
            if not checks.valid_clock(value):
                return False
        elif name == "tape_due":
            if not checks.valid_due(value):
                return False
        elif name == "type":
            if value not in _TYPES:
                return False
        elif name == "format":
            if value not in _FORMATS:
                return False
        elif name == "size":
            if value != vocabulary.size(value):
                return False
        elif name == "source" and value != " ".join(value.lower().split()):
            return False
    return True


# the text fields validating only strips, and the checks of the others' stored forms
_FREE_TEXT = frozenset(models.TEXT_FIELDS) - {"type", "format", "size", "source"}
_CLEAN: dict[str, Callable[[str], bool]] = {
    "date": checks.valid_day,
    "time": checks.valid_clock,
    "tape_due": checks.valid_due,
    "type": _TYPES.__contains__,
    "format": _FORMATS.__contains__,
    "size": lambda v: v == v.strip() and v == vocabulary.size(v),
    "source": lambda v: v == " ".join(v.lower().split()),
    "rating": lambda v: False,
    "miles": lambda v: False,
}


def uid(value: Any) -> str | None:
    if value in (None, ""):
        return None
    if checks.uid_form(value):  # as callback writes it (its export): nothing to redo
        return value
    try:
        return str(uuid.UUID(str(value)))
    except ValueError:
        raise RowError("uid", f"not a valid uid: {value!r}") from None


def event_time(value: Any) -> str | None:
    """An event's time ("HH:MM"), or None."""
    if value in (None, ""):
        return None
    try:
        return parse_time(str(value))
    except BadInput as exc:
        raise RowError("events", str(exc)) from None


def expenses(raw: Any, day: str, today: date, order: str, column: str = "expenses") -> list[tuple]:
    """[{"date", "amount", "what"}] → [(date, cents, what)]; without a date, the audition's."""
    if raw in (None, ""):
        return []
    if not isinstance(raw, list):
        raise RowError(column, 'expenses must be a list of {"date", "amount", "what"}')
    out = []
    for cost in raw:
        if not isinstance(cost, dict) or cost.get("amount") in (None, ""):
            raise RowError(column, 'each expense needs an "amount"')
        try:
            cents = parse_amount(cost["amount"])
        except BadInput as exc:
            raise RowError(column, str(exc)) from None
        when = date_only(cost["date"], column, today, order) if cost.get("date") else day
        what = cost.get("what")
        if what is not None and "\x00" in str(what):
            raise RowError(column, f"what an expense was for {checks.NUL_REFUSED}")
        out.append((when, cents, None if what in (None, "") else str(what).strip() or None))
    return out
