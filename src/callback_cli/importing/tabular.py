"""Spreadsheets and other apps' exports into records: CSV/TSV text in any usual encoding,
`.xlsx` workbooks, and JSON whose keys are another app's (`castingDirector`, `role_size`).
Reads the file it is given; writes nothing."""

from __future__ import annotations

import json
from datetime import date, datetime, timezone
from pathlib import Path

from callback_cli.errors import BadInput, ImportRowsError, NoTable
from callback_cli.importing import text as itext
from callback_cli.importing.records import Report
from callback_cli.importing.sheet import Mapping, Reader


def _report_reading(report: Report, table) -> None:
    if table.above:
        shown = "; ".join(repr(a[:60]) for a in table.above[:3])
        report.warn(f"skipped {len(table.above)} line(s) above the header: {shown}")


def read_table(table, today: date, mapping: Mapping, order: str, name: str):
    """The table's records as a generator (sheet.Reader.stream) and the report beside them,
    complete when the records end."""
    reader = Reader(table.header, today, mapping, order, name)
    _unmatched(reader.report, table.header, mapping)
    return reader.stream(table.rows, lambda: _report_reading(reader.report, table)), reader.report


def _unmatched(report: Report, header: list, mapping: Mapping) -> None:
    """A --map naming a column the file does not have did nothing: said, not dropped (a saved
    map may name a column this month's sheet lacks, so it is a warning, not an error)."""
    have = {str(h).strip().casefold() for h in header}
    named = list(mapping.given_fields) + [column for column, _ in mapping.given_values]
    for column in dict.fromkeys(c for c in named if c.strip().casefold() not in have):
        report.warn(f"--map names a column {column!r} that the file does not have; it did nothing")


def read_csv(path: Path, today: date, mapping: Mapping, order: str):
    """A delimited text file, read from the file in passes, never held whole."""
    table = itext.read_text_stream(path)
    records, report = read_table(table, today, mapping, order, path.name)
    if table.errors:
        _refuse_errors(table, mapping, today, order, path.name)
    return records, report


def read_xlsx(path: Path, sheet: str | None, today: date, mapping: Mapping, order: str):
    """The sheet named, or the first sheet that holds a table of auditions: a workbook often
    opens on a summary or a title page, which a person skips (said in a warning)."""
    if sheet is not None:
        return _read_sheet(path, sheet, today, mapping, order)
    try:
        return _read_sheet(path, None, today, mapping, order)
    except NoTable as first:
        names = itext.sheet_names(path)
        for other in names[1:]:
            try:
                records, report = _read_sheet(path, other, today, mapping, order)
            except NoTable:
                continue
            report.warn(
                f"read the sheet {other!r}: the first, {names[0]!r}, holds no table of auditions "
                "(to read another: --sheet NAME)"
            )
            return records, report
        if len(names) > 1:
            others = ", ".join(repr(n) for n in names[1:])
            raise NoTable(f"{first} (nor do the other sheets, {others})") from None
        raise


def _read_sheet(path: Path, sheet: str | None, today: date, mapping: Mapping, order: str):
    table = itext.read_xlsx(path, sheet)
    name = getattr(table.rows, "name", path.name)  # "tracker.xlsx (sheet 'Log')": which sheet
    records, report = read_table(table, today, mapping, order, name)
    if table.errors:
        _refuse_errors(table, mapping, today, order, path.name)
    return records, report


def _refuse_errors(table, mapping: Mapping, today: date, order: str, name: str) -> None:
    """A cell showing one of Excel's errors (#REF!, #N/A…) in a column the import keeps (in a
    workbook, or in a sheet saved as CSV): its formula failed, and importing `#REF!` as a
    project or an outcome would keep the failure. Refused, naming each cell; in a column not
    kept it does not matter."""
    kept = {c.index: c.header for c in Reader(table.header, today, mapping, order, name).plan if c.field}
    bad = [
        (n, kept[i], f"the cell shows Excel's error {e} (fix the formula or clear the cell in the sheet)")
        for n, i, e in table.errors
        if i in kept
    ]
    if bad:
        word = "cell" if len(bad) == 1 else "cells"
        raise ImportRowsError(f"{len(bad)} {word} with a spreadsheet error; nothing was imported", bad)


def _json_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        if all(isinstance(v, (str, int, float)) for v in value):
            return "; ".join(str(v) for v in value)
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _epoch(value) -> str | None:
    """An app's created/updated time given as seconds or milliseconds since 1970."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    seconds = value / 1000 if value > 1e11 else value
    try:
        return datetime.fromtimestamp(seconds, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    except (OverflowError, OSError, ValueError):
        return None


def _flat(item: dict, prefix: str = "") -> dict:
    """An object's nested objects as columns of their own: {"role": {"name": "Nurse"}} gives
    the column "role.name" (read as a person reads "Role name")."""
    if not any(isinstance(v, dict) for v in item.values()):
        return item if not prefix else {f"{prefix}{k}": v for k, v in item.items()}
    out: dict = {}
    for k, v in item.items():
        if isinstance(v, dict) and v:
            out.update(_flat(v, f"{prefix}{k}."))
        else:
            out[f"{prefix}{k}"] = v
    return out


def read_foreign_json(items, today: date, mapping: Mapping, order: str, name: str, after=None):
    """JSON objects whose keys are another app's: read like a spreadsheet's columns (records
    as a generator; `after(report)` adds to the report when they end). `items` ((n, object)
    pairs, numbered from 1) is read twice: once for the header (every key of every object),
    then into cells kept in a temporary file (text.SheetRows) that the reader's passes read
    again, as a workbook's are: an object is parsed and its cells made once, never held."""
    header: list[str] = []
    seen = set()
    odd = []
    for n, item in items:
        if isinstance(item, dict):
            for k in _flat(item):
                if k not in seen:
                    seen.add(k)
                    header.append(k)
                    if len(header) > itext.MAX_COLUMNS:
                        raise BadInput(
                            f"{name}'s objects have more than {itext.MAX_COLUMNS:,} different keys "
                            f"(at object {n}): is it a list of auditions?"
                        )
        else:
            odd.append((n, "", "expected an object with the audition's fields"))
    reader = Reader(header, today, mapping, order, name)
    _unmatched(reader.report, header, mapping)
    if odd:
        raise ImportRowsError(f"{len(odd)} bad rows; nothing was imported", odd)
    stamp_cols = {c.index for c in reader.plan if c.field in ("created_at", "updated_at")}
    rows = itext.SheetRows(name)
    for _, item in items:
        item = _flat(item) if isinstance(item, dict) else item
        cells = []
        for i, k in enumerate(header):
            v = item.get(k)
            cells.append((_epoch(v) or _json_cell(v)) if i in stamp_cols else _json_cell(v))
        rows.add(cells)
    rows.finish()
    return reader.stream(rows, None if after is None else lambda: after(reader.report)), reader.report
