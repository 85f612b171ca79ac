"""A tracker's rows read as a person reads them, into validated records.

Every column goes through the header rules (`headers.plan`), every value through the
vocabulary, every date column through its own day/month order (`importing.dates`). Rows for
one audition are gathered into one record: the same date + project + role repeated (a copy,
or one row per outcome), and trackers with one row per round (a `Round`/`Stage` column, or
the same project and role again a little later while it is still open) become an audition
with its callbacks. Every problem of a bad row is named; nothing is written here.
Pure: no I/O, no SQL.
"""

from __future__ import annotations

import copy
import json
import re
import uuid
from array import array
from collections.abc import Callable, Iterator
from datetime import date, datetime, timezone
from itertools import pairwise

from callback_cli import checks, models, vocabulary
from callback_cli.errors import BadInput, ImportRowsError, NoTable
from callback_cli.importing import dates as idates
from callback_cli.importing import headers as h
from callback_cli.importing.records import Report, RowNumbers, rows_text
from callback_cli.importing.rows import RowError, event_time, expenses
from callback_cli.importing.text import control_char
from callback_cli.incoming import Incoming
from callback_cli.journal import clean_fields, norm_rating, norm_tags
from callback_cli.money import parse_amount

ROUND_GAP_DAYS = 90  # a later row for the same open role within this many days is a round
_TEXT_FIELDS = ("project", "role", "casting", "source", "location", "room", "headshot", "outfit", "direction")
_DATE_FIELDS = ("date", "status_date") + h.OUTCOMES
_CHECKS = ("✓", "✔", "☑", "✅")
_NO_OUTCOME_WORDS = ("none", "-", "no outcome", "nothing yet", "skip")
_PARTS = 16  # the first pass's hashes are sorted a part at a time (prepare)
# how databases and their exports write an empty cell (never a word a person types)
# a local date and time as apps write them: a year of four digits, a clock, no zone and no
# ISO "T" (`9/3/2026 5:14pm`, `November 3, 2026 9:12 PM`)
_LOCAL_STAMP = re.compile(
    r"(?ai)^(?!\d{4}-\d\d-\d\dt)(?=.*\b\d{4}\b)(?=.*\d:\d\d)(?!.*(?:z|utc|gmt|[+-]\d\d(?::?\d\d)?)$)"
)
# what a person writes for "the same as above"
_DITTO = frozenset({'"', "''", "〃", "”", "“", "ditto", "do.", "same", "same as above", "^", "^^"})
_DISTANCE = re.compile(r"(?i)^(\d[\d.,]*)\s*(mi|miles?|km|kms|kilometers?|kilometres?)?\.?$")
# the keys another app names what happened, and when, in its list of events
_HAPPENED = frozenset(
    {"status", "type", "kind", "stage", "round", "outcome", "result", "event", "name", "step"}
)
_WHEN_KEYS = frozenset({"date", "at", "on", "when", "datetime", "timestamp", "day", "scheduled"})
_RULER = re.compile(r"^[\-=_:—–~*+|]+$")
_SQL_STAMP = re.compile(r"^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)([+-]\d{2})$")
# how far along the pipeline an outcome is: a tick without a date comes after the dated
# outcomes before it (an "Avail" tick beside a callback on the 23rd is an avail from the 23rd)
_STAGE = {"callback": 1, "pinned": 2}
_NULLS = frozenset({"NULL", "null", "\\N", "(null)", "<null>", "nil", "NaN", "#N/A"})
_TOTALS = ("total", "sum", "count", "average", "avg", "grand total", "callback rate", "booking rate")


def _is_date(text: str, today: date) -> bool:
    try:
        idates.parse(text, "mdy", today)
    except BadInput:
        return False
    return True


class Mapping:
    """The user's --map flags: `Header=field` and `Header:word=meaning`."""

    def __init__(self, fields: dict | None = None, values: dict | None = None):
        self.given_fields, self.given_values = dict(fields or {}), dict(values or {})
        # --date-order given: a column whose every date reads both ways follows it, even when
        # its rows would run in date order the other way
        self.order_given = False
        self.fields = {k.casefold(): v for k, v in self.given_fields.items()}
        self.values = {(k[0].casefold(), k[1].casefold()): v for k, v in self.given_values.items()}

    @classmethod
    def parse(cls, pairs) -> Mapping:
        targets = set(models.FIELDS) | set(h.EXTRA_TARGETS) | set(h.ALIASES) | {"skip", "ignore", "notes+"}
        fields, values = {}, {}
        for pair in pairs or ():
            left, sep, right = str(pair).partition("=")
            left, right = left.strip(), right.strip()
            if not sep or not left or not right:
                raise BadInput(f'--map takes "Header=field" or "Header:word=meaning", got {pair!r}')
            header, colon, word = left.partition(":")
            if colon:
                if not header.strip() or not word.strip():
                    raise BadInput(f'--map takes "Header:word=meaning", got {pair!r}')
                values[(header.strip(), word.strip())] = right
                continue
            field = h.ALIASES.get(right.lower(), right.lower())
            if field in ("time", "tape_due", "miles") and field not in models.FIELDS:
                raise BadInput(f"--map {pair!r}: this version keeps no {field.replace('_', ' ')}")
            if field not in targets:
                raise BadInput(
                    f"--map {pair!r}: {right!r} is not a field "
                    f"(choose from {', '.join(sorted(set(models.FIELDS) | {'status', 'skip'}))}, …)"
                )
            fields[left] = field
        return cls(fields, values)

    def as_flags(self) -> list[str]:
        flags = [f"{k}={v}" for k, v in self.given_fields.items()]
        return flags + [f"{k}:{w}={v}" for (k, w), v in self.given_values.items()]

    def __bool__(self) -> bool:
        return bool(self.fields or self.values)


class _Row:
    """One row being read: its values, tags, events and problems."""

    __slots__ = ("n", "values", "tags", "events", "loose", "notes", "problems", "round", "uid", "stamps")

    def __init__(self, n):
        self.n, self.values, self.tags, self.events, self.loose = n, {}, [], [], set()
        self.notes: list[tuple] = []  # (header or None for the notes proper, text)
        self.problems: list[tuple[int, str, str]] = []
        self.round = None
        self.uid = None
        self.stamps: dict = {}

    def bad(self, column: str, why: str) -> None:
        self.problems.append((self.n, column, why))


class Reader:
    """Reads rows of cells with a header into records; `report` says how."""

    def __init__(self, header: list[str], today: date, mapping: Mapping, order: str, name: str = "the file"):
        self.today, self.mapping, self.default_order, self.name = today, mapping, order, name
        self.report = Report()
        self.header = header
        self.plan = h.plan(header, mapping.fields)
        # a column with no header is named only when a row fills it (prepare): a sheet's
        # empty columns at the right are no loss to report
        self._unnamed = [col.index for col in self.plan if not col.header]
        for col in self.plan:
            if col.header:
                self.report.column(col.header, col.field, col.why)
            if col.clash:
                self.report.warn(f"column {col.header!r}: {col.why}")
        self.orders: dict[int, idates.Order] = {}
        self.x_yes: dict[int, bool] = {}
        self._group_cols = tuple([c for c in self.plan if c.field == f] for f in ("project", "role"))
        self._date_col = next((c for c in self.plan if c.field == "date"), None)
        self._sinks()

    def _sinks(self) -> None:
        """What reading rows tells beside the records, kept until the file ends."""
        self.need_map = False
        self.yearless = RowNumbers()
        self.ambiguous_future: dict[int, RowNumbers] = {}
        self.times_dropped = RowNumbers()

    def _scout(self) -> Reader:
        """A reader with this one's columns and date orders and a report of its own (thrown
        away): a row read twice is reported once, in the file's order."""
        scout = copy.copy(self)
        scout.report = Report()
        scout._sinks()
        return scout

    # ---- the whole file ------------------------------------------------------------------
    def check_header(self) -> None:
        fields = {c.field for c in self.plan}
        missing = [f for f in ("date", "project") if f not in fields]
        if missing and sum(1 for c in self.plan if c.header) <= 1:
            # one column: a title line alone, or a delimiter nobody could tell; a map won't help
            first = next((c.header for c in self.plan if c.header), "")
            raise NoTable(
                f"{self.name} reads as a single column ({first[:60]!r}): no header row with a date "
                "and a project was found (save the sheet as CSV with one column per field, or as .xlsx)"
            )
        if missing:
            found = ", ".join(repr(c.header) for c in self.plan if c.header) or "none"
            need = " and ".join(f"a {m!r}" for m in missing)
            raise NoTable(
                f"{self.name} needs {need} column (columns found: {found}); "
                f'say which column it is with --map "Header={missing[0]}"'
            )

    def read(self, rows) -> list[Incoming]:
        """Every record of `rows` ((n, cells) pairs) at once; see stream."""
        return list(self.stream(rows))

    def stream(self, rows, after: Callable[[], None] | None = None) -> Iterator[Incoming]:
        """The records of `rows`, read in passes so that memory is a row's, not the file's.

        `rows` ((n, cells) pairs) is iterated once for each pass: a list, or a file read again
        each time. Checked now, before a record is asked for: the header, and a first pass
        that learns what needs the whole file (each date column's order, what `x` means in a
        yes/no column, and which rows may belong to one audition, as hashes of their project
        and role). The records then come as a generator: the rows that may be one audition are
        gathered first (only they are held), then every row is read in order and its record
        given as soon as it is made. A bad row anywhere stops the records (nothing more is
        given after it) and, when the rows end, raises ImportRowsError naming every problem of
        every bad row. The report is complete when the generator ends; `after` then adds to it.
        """
        self.check_header()
        found = self.prepare(rows)
        if found is None:
            own = set(models.FIELDS) | set(h.EXTRA_TARGETS) | set(h.ALIASES) | {"id"}
            if all(str(c).strip() in own for c in self.header):
                return _nothing(after)  # callback's own export of an empty journal: rightly empty
            raise NoTable(f"{self.name} has a header but no rows below it: nothing to import")
        return self._records(rows, found, after)

    def _data(self, rows) -> Iterator[tuple[int, list]]:
        """The rows that are not blank and do not repeat the header, as a person reads them:
        a project left blank (or ditto'd) on a later round's row is the one above, and a
        date without a year under a year's heading ("2025") is in that year."""
        header = [str(c).strip().casefold() for c in self.header]
        width, first = len(header), header[0] if header else ""
        project = self._group_cols[0][0].index if self._group_cols[0] else None
        role = self._group_cols[1][0].index if self._group_cols[1] else None
        rounds = next((c.index for c in self.plan if c.field == "round"), None)
        day = self._date_col.index if self._date_col is not None else 0
        above: list | None = None
        year: str | None = None
        for n, cells in rows:
            if not any(str(c).strip() for c in cells):
                continue
            if (not width or (len(cells) >= width and str(cells[0]).strip().casefold() == first)) and [
                str(c).strip().casefold() for c in cells[:width]
            ] == header:
                continue  # the header again (sheets pasted one below another)
            lead = str(cells[day]).strip() if day < len(cells) else ""
            if len(lead) == 4 and lead.isdigit() and 1900 < int(lead) < 2200:
                if sum(1 for c in cells if str(c).strip()) == 1:
                    year = lead  # a year's heading: the year-less dates below are in it
            elif year is not None and lead:
                dated = idates.with_year(lead, year)
                if dated is not None:
                    cells = list(cells)
                    cells[day] = dated
            if project is not None and project < len(cells):
                mark = str(cells[project]).strip()
                if mark in _DITTO or (not mark and above is not None and self._later_round(cells, rounds)):
                    if above is not None:
                        cells = list(cells)
                        for index in (project, role):
                            if index is None or index >= len(cells):
                                continue
                            if str(cells[index]).strip() in _DITTO or not str(cells[index]).strip():
                                cells[index] = above[index] if index < len(above) else ""
                elif mark:
                    above = cells
            yield n, cells

    def _not_a_row(self, n: int, cells: list, date_cell: str) -> bool:
        """A ruled line (a Markdown table's |---|), a totals line, or a heading between the
        auditions ("JANUARY", a year): skipped, the last two with a warning."""
        filled = [c for c in (str(c).strip() for c in cells) if c and c not in _NULLS]
        if filled and all(_RULER.match(c) for c in filled):
            return True  # a ruled line: no row at all
        first = date_cell or (filled[0] if filled else "")
        if first.casefold().startswith(_TOTALS) and not _is_date(first, self.today):
            self.report.warn(f"row {n}: a totals row ({first!r}), not an audition: skipped")
            return True
        lone = len(filled) == 1 and (date_cell or str(cells[0]).strip()) == filled[0]
        if not lone or _is_date(filled[0], self.today):
            return False
        # one cell, in the date (or first) column, that is no date: a heading between
        # the auditions ("JANUARY", "2025 season"), not an audition
        heading = filled[0]
        if len(heading) == 4 and heading.isdigit():
            self.report.warn(
                f"row {n}: a year's heading ({heading!r}): the dates below it without a year are in it"
            )
        else:
            self.report.warn(f"row {n}: a heading ({heading!r}), not an audition: skipped")
        return True

    @staticmethod
    def _later_round(cells: list, rounds: int | None) -> bool:
        if rounds is None or rounds >= len(cells) or not str(cells[rounds]).strip():
            return False
        found = vocabulary.round_of(str(cells[rounds]).strip())
        return found is not None and found.status is not None

    def prepare(self, rows) -> set[int] | None:
        """The first pass: decide each date column's order and each yes/no column's meaning of
        `x`, and find the hashes of the project and role that more than one row has (only
        those rows can be one audition: a repeated row, or a round). None when no row is read.
        """
        dates = [(col.index, idates.OrderFacts()) for col in self.plan if col.field in _DATE_FIELDS]
        answers = [col.index for col in self.plan if col.field in h.OUTCOMES]
        ticked: set[int] = set()
        # a "Type" column that holds rounds (Audition, Callback, Producer Session), not media
        kinds = {col.index: False for col in self.plan if col.field == "type"}
        later: set[int] = set()  # ... with a later round in it: "Self tape" alone stays a type
        uid_cols = [col.index for col in self.plan if col.field == "uid"]
        # kept in parts, each sorted on its own: a sixteenth of the hashes held twice at a time
        parts: list[array] = [array("q") for _ in range(_PARTS)]
        loose = False  # a row without a uid (callback's own export gives each one: none joins)
        count = 0
        unnamed, filled = self._unnamed, set()
        for _, cells in self._data(rows):
            count += 1
            width = len(cells)
            for index in unnamed:
                if index < width and str(cells[index]).strip():
                    filled.add(index)
            for index, facts in dates:
                if index < width:
                    facts.add(cells[index])
            for index in answers:
                if index < width and cells[index].strip() in _CHECKS:
                    ticked.add(index)
            for index, seen in list(kinds.items()):
                value = str(cells[index]).strip() if index < width else ""
                if value and seen is not None:
                    found = vocabulary.round_of(value)
                    rounds = found is not None and vocabulary.kind(value).tag is not None
                    kinds[index] = True if rounds else None  # type: ignore[assignment]
                    if rounds and found is not None and found.status is not None:
                        later.add(index)
            key = hash(self._group(cells))
            parts[key % _PARTS].append(key)
            if not loose and not any(i < width and str(cells[i]).strip() for i in uid_cols):
                loose = True
        for index in sorted(filled):
            self.report.column(f"(column {index + 1}, no header)", None, "no header")
        self._unnamed = []
        if not count:
            return None
        for index, facts in dates:
            self.orders[index] = facts.order(self.default_order, sequence=not self.mapping.order_given)
        for index in answers:
            self.x_yes[index] = index not in ticked
        for index, rounds in kinds.items():
            if rounds and index in later:
                col = self.plan[index]
                self.plan[index] = col._replace(field="round")
                self.report.columns[col.header] = "round"
                self.report.warn(
                    f"column {col.header!r} holds rounds (audition, callback), not media: read as the round"
                )
        repeated: set[int] = set()
        if loose:
            for part in parts:
                ordered = sorted(part)
                repeated.update(a for a, b in pairwise(ordered) if a == b)
        return repeated

    def _group(self, cells) -> tuple[str, str]:
        """The project and role a row's record will have (case folded), read without reading
        the row: rows of one audition share them (gather matches on them and the date)."""
        found = []
        for cols in self._group_cols:
            value = ""
            for col in cols:
                cell = str(cells[col.index]) if col.index < len(cells) else ""
                cell = cell.replace("\x0b", "\n").strip()
                if cell:  # the last column with a value sets the field, as in row()
                    value = self._word(col, cell)
            found.append(value.strip().casefold())
        return found[0], found[1]

    def _records(self, rows, repeated: set[int], after: Callable[[], None] | None) -> Iterator[Incoming]:
        held: dict[int, Incoming] = {}
        joined: set[int] = set()
        joins = Report()
        if repeated:
            held, joined, joins = self._gather_repeated(rows, repeated)
        problems: list[tuple[int, str, str]] = []
        for n, cells in self._data(rows):
            row = self.row(n, cells)
            if row is None:
                continue
            if row.problems:
                problems.extend(row.problems)
                continue
            if n in joined:
                continue  # part of an audition given at its first row
            rec = held.pop(n, None)
            if rec is None:
                try:
                    rec = self._alone(row)
                except ImportRowsError as exc:
                    problems.extend(exc.problems)
                    continue
            if not problems:
                yield rec
        if problems:
            nbad = len({p[0] for p in problems})
            word = "row" if nbad == 1 else "rows"
            error = ImportRowsError(f"{nbad} bad {word}; nothing was imported", problems)
            if self.need_map:
                error.hint = (
                    'a word no table knows can be given its meaning: --map "Header:word=meaning" '
                    '(e.g. --map "Result:Straight to producers=callback")'
                )
            raise error
        self._date_warnings()
        for text in joins.warnings:
            self.report.warn(text)
        if after is not None:
            after()

    def _gather_repeated(self, rows, repeated: set[int]) -> tuple[dict[int, Incoming], set[int], Report]:
        """The second pass: the rows whose project and role another row shares, read and
        gathered into auditions as `gather` does. Returns the auditions more than one row
        made (by their first row), the rows that went into one of them, and the warnings
        about it."""
        scout = self._scout()
        gathering = _Gathering(any(c.field == "round" for c in self.plan), Report())
        for n, cells in self._data(rows):
            if hash(self._group(cells)) not in repeated:
                continue
            row = scout.row(n, cells)
            if row is None or row.problems:
                continue  # told in the last pass, in the file's order
            try:
                gathering.add(row, scout._incoming(row))
            except ImportRowsError:
                continue  # likewise
        gathering.finish()
        held = {rec.row: rec for rec in gathering.out if rec.row in gathering.grown}
        return held, gathering.joined, gathering.report

    def _alone(self, r: _Row) -> Incoming:
        """The record of a row no other row joins (gather, for a row of its own)."""
        rec = self._incoming(r)
        if r.round is not None and r.round.status is not None:  # a callback row without its audition row
            rec.events.insert(0, (r.round.status, rec.values["date"], r.round.label))
        rec.events.sort(key=lambda e: e[1])
        return rec

    def _date_warnings(self) -> None:
        t = self.today.isoformat()
        if self.yearless:
            self.report.warn(
                f"{rows_text(self.yearless)}: the date has no year, so it was read as {self.today.year}, "
                f"which puts the audition after today ({t}); give the year if it was last year"
            )
        for index, read_as in self.orders.items():
            if read_as.by_sequence:
                said, other = ("day-first", "mdy") if read_as.order == "dmy" else ("month-first", "dmy")
                self.report.warn(
                    f"column {self.plan[index].header!r}: every date reads both ways; read {said}, "
                    f"the way its rows run in date order (the other way they jump about); if that "
                    f"is wrong, import it with --date-order {other}"
                )
        for index, rows in self.ambiguous_future.items():
            col = self.plan[index]
            order = self.orders[index].order
            other = "day-first" if order == "mdy" else "month-first"
            self.report.warn(
                f"column {col.header!r}: every date reads both ways and was read "
                f"{'month-first' if order == 'mdy' else 'day-first'} (date_order {order}), which puts "
                f"{rows_text(rows)} after today; if the file is {other}, import it with "
                f"--date-order {'dmy' if order == 'mdy' else 'mdy'}"
            )
        if self.times_dropped:
            self.report.warn(
                f"{rows_text(self.times_dropped)}: "
                "the date has a time of day, which this version does not keep"
            )

    # ---- one row ---------------------------------------------------------------------------
    def _word(self, col, cell: str) -> str:
        """A cell through the user's `Header:word=meaning` map."""
        if not self.mapping.values:
            return cell
        return self.mapping.values.get((col.header.casefold(), cell.casefold()), cell)

    def row(self, n: int, cells: list[str]) -> _Row | None:
        r = _Row(n)
        if len(cells) > len(self.plan) and any(str(c).strip() for c in cells[len(self.plan) :]):
            r.bad("", f"more cells ({len(cells)}) than the header has columns ({len(self.plan)})")
            return r
        date_col = self._date_col
        date_cell = str(cells[date_col.index]).strip() if date_col and date_col.index < len(cells) else ""
        if date_cell in _NULLS:
            date_cell = ""
        if not date_cell or not date_cell[0].isdigit() or date_cell.isdigit() or _RULER.match(date_cell):
            # only a row whose date cell is empty or not a number can be a rule, a totals line
            # or a heading: the usual row is not searched further
            skipped = self._not_a_row(n, cells, date_cell)
            if skipped:
                return None
        cell_of = {}
        width = len(cells)
        for col in self.plan:
            cell = cells[col.index] if col.index < width else ""
            if cell.__class__ is not str:
                cell = str(cell)
            if "\x00" in cell:  # the one control character no journal holds (text.control_char)
                r.bad(col.header, f"holds a control character ({control_char(cell)})")
                continue
            cell = cell.replace("\x0b", "\n").strip()
            cell_of[col.index] = "" if cell in _NULLS else cell  # a database's empty cell
        if r.problems:
            return r
        # the audition's date first: outcome columns date their events by it
        if date_col is not None:
            self._date(r, date_col, cell_of.get(date_col.index, ""))
        for col in self.plan:
            cell = cell_of.get(col.index, "")
            if col.field is None or col.field == "date" or not cell:
                continue
            try:
                self._cell(r, col, cell)
            except BadInput as exc:
                r.bad(col.header, str(exc))
        self._finish(r)
        return r

    def _date(self, r: _Row, col, cell: str) -> None:
        if not cell:
            r.bad(col.header, "missing date")
            return
        order = self.orders.get(col.index, idates.Order(self.default_order, False))
        try:
            stamp = idates.parse(self._word(col, cell), order.order, self.today)
        except BadInput as exc:
            r.bad(col.header, str(exc))
            return
        r.values["date"] = stamp.date
        if stamp.time:
            if "time" in models.FIELDS:
                r.values.setdefault("time", stamp.time)
            else:
                self.times_dropped.append(r.n)
        t = self.today.isoformat()
        if stamp.date > t:
            if stamp.yearless:
                self.yearless.append(r.n)
            elif order.ambiguous:
                other = idates.swapped(cell, order.order, self.today)
                if other and other <= t:
                    self.ambiguous_future.setdefault(col.index, RowNumbers()).append(r.n)

    def _event_date(self, r: _Row, col, cell: str) -> str:
        order = self.orders.get(col.index, idates.Order(self.default_order, False))
        return idates.parse(cell, order.order, self.today).date

    def _cell(self, r: _Row, col, cell: str) -> None:
        field = col.field
        word = self._word(col, cell)
        rep = self.report
        if field == "notes":
            bare = not col.aside and not any(label is None for label, _ in r.notes)
            r.notes.append((None if bare else col.header, cell))
        elif field == "room":
            r.stamps.setdefault("room", []).append((col.header, word))
        elif field in _TEXT_FIELDS:
            r.values[field] = word
        elif field == "type":
            k = vocabulary.kind(word)
            if k.type:
                r.values["type"] = k.type
                if k.tag:
                    r.tags.append(k.tag)
                rep.translated("type", cell, k.type + (f" + tag {k.tag}" if k.tag else ""))
        elif field == "format":
            fmt = vocabulary.audition_format(word)
            if fmt:
                r.values["format"] = fmt
                rep.translated("format", cell, fmt)
            else:
                tag = vocabulary.tag_of(word)
                r.tags.append(tag)
                rep.translated("format", cell, f"no format + tag {tag}")
        elif field == "size":
            size = vocabulary.size(word)
            r.values["size"] = size
            rep.translated("size", cell, size or "")
        elif field == "rating":
            said = vocabulary.rating_word(word)
            if said is not None:
                r.values["rating"] = said
                rep.translated("rating", cell, str(said))
            elif not any(ch.isdigit() for ch in word) and not _STARS.match(word.strip()):
                # words that are no rating ("nailed the accent"): kept, in the notes
                r.notes.append((col.header, cell))
                rep.translated("rating", cell, "kept in the notes")
            else:
                r.values["rating"] = _rating(word)
        elif field == "tags":
            r.tags.extend(vocabulary.tag_of(p) for p in _TAG_SPLIT.split(word) if p.strip())
        elif field == "status":
            self._status(r, col, cell, word)
        elif field == "status_date":
            r.stamps["status_date"] = self._event_date(r, col, word)
        elif field in h.OUTCOMES:
            self._outcome(r, col, cell, word)
        elif (
            field in ("round", "status", "events") and word.startswith("[") and self._happenings(r, col, word)
        ):
            pass  # another app's list of what happened: its events are the row's
        elif field == "round":
            found = vocabulary.round_of(word)
            if found is None:
                self.need_map = True
                raise BadInput(
                    f"{cell!r} is not a round this importer knows (say what it is: "
                    f'--map "{col.header}:{cell}=callback" or "={"audition"}")'
                )
            r.round = found
            rep.translated("round", cell, _outcome_meaning(found, "the audition"))
        elif field == "uid":
            if checks.uid_form(word):  # as uuid writes it (callback's export): nothing to redo
                r.uid = word
            else:
                try:
                    r.uid = str(uuid.UUID(word))
                except ValueError:
                    raise BadInput(f"not a valid uid: {cell!r}") from None
        elif field in ("created_at", "updated_at"):
            # stored as ISO 8601 UTC, like callback's own (in that form already, as callback's
            # export writes them, they are kept as they are: checks.utc_stamp)
            stamp = checks.utc_stamp(cell) or self._local_stamp(col, cell)
            if stamp is None:
                raise BadInput(f"{field}: not an ISO 8601 timestamp: {cell!r}")
            r.stamps[field] = stamp
        elif field == "events":
            r.stamps["events"] = word
        elif field == "cost" and not any(ch.isdigit() for ch in cell):
            r.notes.append((col.header, cell))  # "Travel: train": words, not an amount
        elif field in COST_COLUMNS:
            if "date" in r.values:  # dated the audition's day; without a date the row is bad already
                try:
                    costs = _costs(field, cell.strip(), r.values["date"], self.today, self.default_order)
                except RowError as exc:
                    raise BadInput(exc.why) from None
                what = _cost_name(col.header) if field == "cost" else None
                r.stamps.setdefault("costs", []).extend(c[:2] + (what,) if what else c for c in costs)
        elif field == "miles":
            r.values["miles"] = self._miles(cell, word)
        elif field in models.FIELDS:  # a field a later version added (time, miles, ...)
            r.values[field] = word

    def _miles(self, cell: str, word: str) -> str:
        """A distance with its unit ("18 mi", "26 miles", "40 km": 24.9 miles)."""
        m = _DISTANCE.match(word.strip())
        if not m:
            return word  # the record's own check names what is wrong with it
        number = m[1].replace(",", ".") if m[1].count(",") == 1 and "." not in m[1] else m[1].replace(",", "")
        if m[2] and m[2].lower().startswith("k"):
            try:
                miles = f"{float(number) * 0.621371:.1f}"
            except ValueError:
                return word
            self.report.translated("miles", cell, f"{miles} miles")
            return miles
        return number

    def _local_stamp(self, col, cell: str) -> str | None:
        """An app's or a database's own time stamp (`9/3/2026 5:14pm`, `2026-06-02 21:14:07+00`,
        `November 3, 2026 9:12 PM`): a zone it gives is honoured, none means this machine's."""
        m = _SQL_STAMP.match(cell)
        if m:  # PostgreSQL's text form: a space for the T, a zone of hours alone
            return checks.utc_stamp(f"{m[1]}T{m[2]}{m[3]}:00")
        if not _LOCAL_STAMP.match(cell):
            return None  # ISO 8601 (checks.utc_stamp's to read or refuse), or no date and time
        order = self.orders.get(col.index, idates.Order(self.default_order, False))
        try:
            stamp = idates.parse(cell, order.order, self.today)
        except BadInput:
            return None
        if stamp.time is None:
            return None
        hh, mm = (int(x) for x in stamp.time.split(":"))
        when = datetime.fromisoformat(stamp.date).replace(hour=hh, minute=mm)
        return checks.utc_stamp(when.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"))

    def _status(self, r: _Row, col, cell: str, word: str) -> None:
        if word.casefold() in _NO_OUTCOME_WORDS:
            self.report.translated("status", cell, "no outcome yet")
            return
        found = vocabulary.outcome(word)
        several = vocabulary.outcomes(word) if found is None else None
        if several is not None:  # "Callback 9/9", "Callback, Booked", "CB → Booked"
            meanings = []
            for one, when in several:
                meaning = _outcome_meaning(one)
                if one.status and when is not None:
                    day = self._later_day(r, col, when)
                    r.events.append((one.status, day, one.label))
                    meaning += f" on {day}"
                elif one.status:
                    r.stamps.setdefault("status_events", []).append((one.status, one.label, col))
                meanings.append(meaning)
            self.report.translated("status", cell, ", then ".join(meanings))
            return
        if found is None:
            self.need_map = True
            raise BadInput(
                f"{cell!r} is not an outcome this importer knows; say what it means: "
                f'--map "{col.header}:{cell}=callback" (or pinned, booked, released, declined, '
                f"no-response, none)"
            )
        self.report.translated("status", cell, _outcome_meaning(found))
        if found.status:
            r.stamps.setdefault("status_events", []).append((found.status, found.label, col))

    def _outcome(self, r: _Row, col, cell: str, word: str) -> None:
        """A question column (`Callback?` yes/no), or the dates of an outcome."""
        status = col.field
        ans = vocabulary.answer(word, x_means_yes=self.x_yes.get(col.index, True))
        if ans is not None:
            when = _date_text(ans.rest) if ans.yes and ans.rest else None
            if when is not None:  # "Yes (9/10)", "yes 5/11": yes, on that day
                day = self._later_day(r, col, when)
                self.report.translated(status, cell, f"yes, on {day}")
                r.events.append((status, day, None))
                return
            if ans.yes:
                self.report.translated(status, cell, "yes" if not ans.rest else f"yes, note {ans.rest!r}")
                r.stamps.setdefault("status_events", []).append((status, ans.rest, col))
            else:
                self.report.translated(status, cell, "no")
            return
        found = vocabulary.outcome(word)
        if found is not None:
            self.report.translated(status, cell, _outcome_meaning(found))
            if found.status:
                r.stamps.setdefault("status_events", []).append((found.status, found.label, col))
            return
        if word.startswith("["):  # an app's list of them: dates, or objects with a date and a note
            r.events.extend((status, d, note) for d, note in self._listed(col, word))
            return
        try:
            days = _dates_in(
                word, self.orders.get(col.index, idates.Order(self.default_order, False)), self.today
            )
        except BadInput:
            self.need_map = True
            raise BadInput(
                f"{cell!r} is neither yes/no nor a date; say what it means: "
                f'--map "{col.header}:{cell}=yes" (or no)'
            ) from None
        for d in days:
            r.events.append((status, d, None))

    def _later_day(self, r: _Row, col, text: str) -> str:
        """The day an outcome written beside its word happened: a date without a year is in
        the audition's year, or the next one when that would put it before the audition."""
        order = self.orders.get(col.index, idates.Order(self.default_order, False)).order
        audition = r.values.get("date")
        base = date.fromisoformat(audition) if audition else self.today
        stamp = idates.parse(text, order, base)
        if stamp.yearless and audition and stamp.date < audition:
            stamp = idates.parse(text, order, base.replace(year=base.year + 1, day=min(base.day, 28)))
        return stamp.date

    def _listed(self, col, text: str) -> list[tuple[str, str | None]]:
        """`[{"date": "2026-09-10T16:00:00Z", "note": "producers"}]` or `["2026-09-10"]`:
        each one's date and note (the first text beside the date)."""
        try:
            items = json.loads(text)
        except ValueError:
            raise BadInput(f"{text[:60]!r} is not a list of dates") from None
        order = self.orders.get(col.index, idates.Order(self.default_order, False))
        out = []
        for item in items if isinstance(items, list) else [items]:
            when, note = item, None
            if isinstance(item, dict):
                found = {h.match(str(k)).field: v for k, v in item.items() if v not in (None, "")}
                when = next(
                    (found[f] for f in ("date", "status_date", col.field, "time") if f in found), None
                )
                note = next(
                    (
                        str(v)
                        for f, v in found.items()
                        if f not in _DATE_FIELDS + ("time",) and isinstance(v, str)
                    ),
                    None,
                )
            if when in (None, ""):
                raise BadInput(f"{json.dumps(item)[:60]} has no date")
            out.append((idates.parse(str(when), order.order, self.today).date, note))
        return out

    def _finish(self, r: _Row) -> None:
        """Turn the row's outcome words into events and check them against its date."""
        people = r.stamps.pop("room", None)
        if people:  # the people in the room, from every column that names them
            r.values["room"] = (
                people[0][1] if len(people) == 1 else ", ".join(f"{who} ({header})" for header, who in people)
            )
        day = r.values.get("date")
        if "project" not in r.values:
            r.bad(_header_of(self.plan, "project"), "missing project")
        if day is None:
            return
        status_date = r.stamps.get("status_date")
        dated = {e[0] for e in r.events}  # outcomes the row gives a day for ("Callback Date")
        for status, label, _col in r.stamps.get("status_events", ()):
            stage = _STAGE.get(status, 3)
            before = [e[1] for e in r.events if _STAGE.get(e[0], 3) < stage]
            when = status_date or max([day, *before])
            if not status_date and status in dated:
                continue  # "Callback" beside the callback's date: one callback, on that day
            same = next((i for i, e in enumerate(r.events) if e[0] == status and e[1] == when), None)
            if same is None:
                r.events.append((status, when, label))
            elif label and r.events[same][2] is None:  # one outcome, two columns: keep the words
                r.events[same] = (status, when, label)
            elif label and label not in r.events[same][2]:
                r.events[same] = (status, when, f"{r.events[same][2]}; {label}")
            if not status_date:
                r.loose.add((status, when))
        if status_date and not r.stamps.get("status_events"):
            pass  # a status date without a status says nothing
        for status, when, *_ in r.events:
            if when < day:
                r.bad(status, f"{status} on {when} is before the audition ({day})")
        # one day's outcomes in the pipeline's order: a callback, then an avail, then the booking
        r.events.sort(key=lambda e: (e[1], _STAGE.get(e[0], 3)))
        if r.stamps.get("events"):
            self._events_cell(r, r.stamps["events"])

    def _happenings(self, r: _Row, col, text: str) -> bool:
        """Another app's list of what happened, `[{"type": "Callback", "date": "2026-08-10"},
        {"round": "Recall", "at": "2026-09-10T15:00:00Z", "notes": "…"}]`: each item's word
        read as a round (a first audition adds nothing), its date, time and note kept. False
        when the list is callback's own (every item has a status and a date): read as ours."""
        try:
            items = json.loads(text)
        except ValueError:
            return False
        if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
            return False
        if all(i.get("status") and i.get("date") for i in items) and col.field == "events":
            return False
        order = self.orders.get(col.index, idates.Order(self.default_order, False)).order
        for item in items:
            word = when = None
            rest = []
            for k, v in item.items():
                if v in (None, ""):
                    continue
                name = str(k).strip().lower()
                field = h.match(str(k)).field
                if word is None and (name in _HAPPENED or field in ("status", "round", "type")):
                    word = str(v)
                elif when is None and (name in _WHEN_KEYS or field in ("date", "status_date")):
                    when = str(v)
                elif isinstance(v, str):
                    rest.append(v)
            if word is None or when is None:
                raise BadInput(f"{json.dumps(item)[:60]}: each item needs what happened and its date")
            found = vocabulary.round_of(word)
            if found is None:
                raise BadInput(f"{word!r} is not an outcome or a round this importer knows")
            self.report.translated(col.field or "events", word, _outcome_meaning(found, "the audition"))
            if found.status is None:
                continue
            stamp = idates.parse(when, order, self.today)
            note = "; ".join([x for x in (found.label, *rest) if x]) or None
            r.events.append(
                (found.status, stamp.date, note, stamp.time)
                if stamp.time
                else (found.status, stamp.date, note)
            )
        return True

    def _events_cell(self, r: _Row, text: str) -> None:
        """Our own CSV export's `events` column: the whole history as JSON."""
        try:
            items = json.loads(text)
        except ValueError:
            r.bad("events", "the events column is not the JSON list callback writes")
            return
        if not isinstance(items, list):
            r.bad("events", "the events column is not the JSON list callback writes")
            return
        events = []
        for item in items:
            if not isinstance(item, dict) or not item.get("status") or not item.get("date"):
                r.bad("events", "each event needs a status and a date")
                return
            try:
                status = vocabulary.status(item["status"])
                when = idates.parse(item["date"], "mdy", self.today).date
            except BadInput as exc:
                r.bad("events", str(exc))
                return
            if when < r.values["date"]:
                r.bad("events", f"{status} on {when} is before the audition")
                return
            note = item.get("note")
            try:
                hhmm = event_time(item.get("time"))
            except RowError as exc:
                r.bad("events", exc.why)
                return
            events.append((status, when, None if note in (None, "") else str(note), hhmm))
        r.events, r.loose = events, set()  # the history replaces the summary columns

    # ---- rows into auditions -----------------------------------------------------------------
    def _incoming(self, r: _Row) -> Incoming:
        values = dict(r.values)
        if r.notes:
            parts = sorted(r.notes, key=lambda p: p[0] is not None)
            values["notes"] = "\n".join(
                text if label is None else f"{label}: {text}" for label, text in parts
            )
        try:
            clean = clean_fields({k: v for k, v in values.items() if k != "date"}, base=self.today)
        except BadInput as exc:  # shouldn't happen after the row checks; name it anyway
            raise ImportRowsError(
                "1 bad row; nothing was imported", [(r.n, getattr(exc, "field", ""), str(exc))]
            ) from None
        clean["date"] = values["date"]
        events = []
        for e in r.events:
            if e not in events:
                events.append(e)
        return Incoming(
            r.n,
            clean,
            norm_tags(r.tags),
            events,
            r.uid,
            r.stamps.get("created_at"),
            r.stamps.get("updated_at"),
            loose=frozenset(r.loose),
            expenses=r.stamps.get("costs", []),
        )


class _Gathering:
    """Rows into auditions, a row at a time in the file's order: a row repeating an audition
    (same date, project and role) joins it; a later round of a role still open becomes its
    callback. `joined` are the rows that went into an earlier row's audition, `grown` the
    first rows of the auditions they went into."""

    def __init__(self, has_round: bool, report: Report):
        self.has_round, self.report = has_round, report
        self.out: list[Incoming] = []
        self.by_key: dict[tuple, Incoming] = {}
        self.open_roles: dict[tuple, Incoming] = {}
        self.grouped = RowNumbers()
        self.joined: set[int] = set()
        self.grown: set[int] = set()

    def add(self, r: _Row, rec: Incoming) -> None:
        values = r.values
        key = rec.key()
        role_key = (values["project"].casefold(), (values.get("role") or "").casefold())
        same = self.by_key.get(key) if r.uid is None else None
        if same is not None and (r.round is None or r.round.status is None):
            _join(same, rec, self.report, r.n)
            self._into(same, r.n)
            return
        parent = self.open_roles.get(role_key) if r.uid is None else None
        later_round = r.round is not None and r.round.status is not None
        if parent is not None and (
            later_round
            or (
                not self.has_round
                and values.get("role")
                and 0 < (date.fromisoformat(rec.values["date"]) - _last(parent)).days <= ROUND_GAP_DAYS
                and _still_open(parent)
            )
        ):
            _as_round(parent, rec, r, self.report)
            self.grouped.append(r.n)
            self._into(parent, r.n)
            return
        if later_round and r.round is not None:  # a callback row without its audition row: both
            rec.events.insert(0, (r.round.status, rec.values["date"], r.round.label))
        self.out.append(rec)
        if r.uid is None:
            self.by_key.setdefault(key, rec)
        self.open_roles[role_key] = rec

    def _into(self, rec: Incoming, n: int) -> None:
        self.joined.add(n)
        self.grown.add(rec.row)

    def finish(self) -> None:
        if self.grouped:
            self.report.warn(
                f"{rows_text(self.grouped)}: a later round of an audition listed above, "
                "kept as its callback (one audition, not several)"
            )
        for rec in self.out:
            rec.events.sort(key=lambda e: e[1])


def _as_round(parent: Incoming, rec: Incoming, r: _Row, report: Report) -> None:
    day = rec.values["date"]
    status = r.round.status if r.round is not None else "callback"
    label = r.round.label if r.round is not None else None
    # the callback result of an earlier row is this round: not a second callback
    earlier_loose = {e for e in parent.loose if e[0] == status}
    if earlier_loose:
        parent.events[:] = [e for e in parent.events if (e[0], e[1]) not in earlier_loose]
        parent.loose = parent.loose - earlier_loose
    if (status, day, label) in parent.events:  # the same round twice: a copied row
        _join(parent, rec, report, r.n)
        return
    clock = rec.values.get("time")  # the round's own call time is its event's
    parent.events.append((status, day, label, clock) if clock else (status, day, label))
    for e in rec.events:
        if status == e[0] and e[1] == day:
            continue
        if e not in parent.events:
            parent.events.append(e)
    parent.loose = parent.loose | {e for e in rec.loose if not (e[0] == status and e[1] == day)}
    _keep_tags_and_costs(parent, rec)
    _fill(parent, rec)


def _nothing(after: Callable[[], None] | None) -> Iterator[Incoming]:
    """No records; the report completed when asked for them."""
    if after is not None:
        after()
    yield from ()


# cost columns and what an amount in each is for; an `expenses` cell may also hold the whole
# list as JSON, as callback's own CSV export writes it
COST_COLUMNS = {"parking": "parking", "cost": "cost", "expenses": None}


_DECIMAL_COMMA = re.compile(r"^(\D*?)(\d{1,3}(?:[. ]\d{3})+|\d+),(\d{1,2})(\D*)$")


def _date_text(text: str) -> str | None:
    """The date in a yes answer's rest ("(9/10)", "on 3/9", "Sept 10"), or None."""
    bare = text.strip().strip("()").strip()
    if bare.lower().startswith("on "):
        bare = bare[3:].strip()
    return bare if bare and any(ch.isdigit() for ch in bare) and _is_date(bare, date(2000, 1, 1)) else None


def _cost_name(header: str) -> str | None:
    """What a cost column's amounts are for, from its header ("Coaching cost", "Gas"); None
    for a column that only says it is a cost."""
    ws = [w for w in h.words(header) if w not in ("cost", "costs", "fee", "fees", "spent", "$", "usd", "eur")]
    return " ".join(ws) or None


def _costs(field: str, cell: str, day: str, today: date, order: str) -> list[tuple]:
    """The expenses in one cost cell, dated the audition's day: (date, cents, what)."""
    if cell.startswith("["):
        try:
            return expenses(json.loads(cell), day, today, order, field)
        except ValueError:
            raise RowError(field, "not the JSON list of expenses callback writes") from None
    if not cell:
        return []
    m = _DECIMAL_COMMA.match(cell)
    if m:  # "12,50", "1.234,50 €": written where the comma is the decimal point
        cell = m[1] + m[2].replace(".", "").replace(" ", "") + "." + m[3] + m[4]
    try:
        cents = parse_amount(cell)
    except BadInput as exc:
        raise RowError(field, str(exc)) from None
    return [(day, cents, COST_COLUMNS[field])] if cents else []


def _outcome_meaning(found, none: str = "no outcome yet") -> str:
    if found.status is None:
        return none
    if found.round:
        return f"{found.status} (round {found.round})"
    return found.status + (f" ({found.label})" if found.label else "")


def _header_of(plan, field: str) -> str:
    return next((c.header for c in plan if c.field == field), field)


def _last(rec: Incoming) -> date:
    return date.fromisoformat(max([rec.values["date"]] + [e[1] for e in rec.events]))


def _still_open(rec: Incoming) -> bool:
    if not rec.events:
        return True
    latest = max(rec.events, key=lambda e: e[1])
    return latest[0] in models.OPEN


def _fill(parent: Incoming, rec: Incoming) -> None:
    """Fields the parent lacks, from a later row of the same audition."""
    for k, v in rec.values.items():
        if k == "notes" and v and parent.values.get("notes") and v not in parent.values["notes"]:
            parent.values["notes"] = parent.values["notes"] + "\n" + v
        elif v not in (None, "") and parent.values.get(k) in (None, ""):
            parent.values[k] = v


def _keep_tags_and_costs(into: Incoming, rec: Incoming) -> None:
    """A later round's or a repeated row's tags and costs join the audition's: each once (a
    copied row's parking is the same parking; a callback's is another trip)."""
    for t in rec.tags:
        if t not in into.tags:
            into.tags.append(t)
    for cost in rec.expenses:
        if cost not in into.expenses:
            into.expenses.append(cost)


def _join(same: Incoming, rec: Incoming, report: Report, n: int) -> None:
    """A row repeating an audition already read (same date, project and role): one audition
    with everything both rows say."""
    for e in rec.events:
        if e not in same.events and not any(x[0] == e[0] and x[1] == e[1] for x in same.events):
            same.events.append(e)
    same.loose = same.loose | rec.loose
    _keep_tags_and_costs(same, rec)
    differ = [
        k
        for k, v in rec.values.items()
        if k != "notes" and v not in (None, "") and same.values.get(k) not in (None, "", v)
    ]
    _fill(same, rec)
    if differ:
        report.warn(
            f"row {n} repeats row {same.row}'s audition with another {', '.join(differ)}; "
            f"kept row {same.row}'s"
        )


def _dates_in(text: str, order, today: date) -> list[str]:
    try:
        return [idates.parse(text, order.order, today).date]
    except BadInput:
        parts = [p.strip() for p in _DATES_SPLIT.split(text) if p.strip()]
        if len(parts) < 2:
            raise
        return [idates.parse(p, order.order, today).date for p in parts]


_STARS = re.compile(r"^([★*⭐]+)[☆]*$")
_TAG_SPLIT = re.compile(r"[;,]")
_DATES_SPLIT = re.compile(r"[;\n]|,(?!\s*\d{4})")
_RATING = re.compile(r"^(\d+(?:\.0)?)\s*(?:/\s*(\d+)|(?:out of|of)\s*(\d+))?\s*(?:stars?)?$")


def _rating(word: str) -> int:
    text = word.strip().lower()
    m = _STARS.match(text)
    if m:
        return norm_rating(len(m[1]))
    m = _RATING.match(text)
    if m:
        value, scale = float(m[1]), int(m[2] or m[3] or 5)
        if scale not in (5, 10, 100) or value > scale:
            raise BadInput(f"rating must be a whole number from 1 to 5, got {word!r}")
        return norm_rating(str(round(value * 5 / scale)) if scale != 5 else m[1])
    return norm_rating(word)
