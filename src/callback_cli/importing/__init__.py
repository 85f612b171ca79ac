"""Reading import files: each format read and validated into incoming records
(incoming.Incoming) with a report of how it was read, or ImportRowsError naming every problem
of every bad row; spreadsheets, workbooks and JSON as they stream. Pure: nothing here
writes (a workbook's rows are kept in a temporary file while it is read).

- rows.py          what callback's own records share: validating one record's fields
- json_file.py     JSON lists and JSON Lines (callback's own export the fast way)
- journal_file.py  another callback journal, read-only
- text.py          bytes to rows: encodings, delimiters, title rows; .xlsx workbooks
- headers.py       a column's header to the field it names
- dates.py         a date column's day/month order and the date styles of spreadsheets
- sheet.py         rows into records as a person reads them (vocabulary, rounds, questions)
- tabular.py       spreadsheets, workbooks and other apps' JSON through sheet.py
- maps.py          remembered --map flags
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date
from pathlib import Path

from callback_cli.errors import BadInput
from callback_cli.importing import journal_file, json_file, tabular
from callback_cli.importing.records import Report
from callback_cli.importing.rows import regular
from callback_cli.importing.sheet import Mapping
from callback_cli.incoming import Incoming

__all__ = ["FORMATS", "Mapping", "Report", "detect", "read", "stream"]

FORMATS = ("json", "jsonl", "csv", "xlsx", "db")
_BY_NAME = {
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


def detect(path: Path, override: str | None) -> str:
    """The file's format: `--from` if given, else from its name, else from its first bytes."""
    if override:
        fmt = override.lower()
        if fmt not in FORMATS:
            raise BadInput(f"unknown --from {override!r} (choose from {', '.join(FORMATS)})")
        return fmt
    suffix = path.suffix.lower()
    if suffix in _BY_NAME:
        return _BY_NAME[suffix]
    if suffix in (".xls", ".ods", ".numbers"):
        raise BadInput(f"{path.name}: open it in your spreadsheet app and save it as .xlsx or .csv first")
    regular(path)
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


def read(
    path: Path,
    fmt: str,
    today: date,
    mapping: Mapping | None = None,
    order: str = "mdy",
    sheet: str | None = None,
) -> tuple[list[Incoming], Report]:
    """Validate the whole file; returns (records, how it was read) or raises ImportRowsError
    naming every problem of every bad row. `order` reads dates a column leaves open
    (config date_order or --date-order)."""
    records, report = _records(
        path, fmt, today, mapping if isinstance(mapping, Mapping) else Mapping(), order, sheet
    )
    return list(records), report


def stream(
    path: Path,
    fmt: str,
    today: date,
    mapping: Mapping | None = None,
    order: str = "mdy",
    sheet: str | None = None,
) -> tuple[Iterable[Incoming], Report]:
    """As read, but the records come as they are made (a generator) for callback's own JSON
    Lines (a line at a time) and JSON list (an object at a time), for spreadsheets (CSV and
    the like, read from the file in passes; see sheet.Reader.stream), workbooks (the sheet
    parsed once into a temporary copy its passes read) and other apps' JSON (an object at a
    time, from the file on each pass; a file that is not UTF-8 is read whole): a bad row
    raises ImportRowsError when the file ends, naming every bad row, and the report is
    complete once the records are. What only the whole file can show (its encoding, a break
    in the CSV, the header, a date column's order) is checked before this returns."""
    if fmt in ("jsonl", "json") and not mapping:
        own = json_file.stream_own if fmt == "jsonl" else json_file.stream_own_list
        found = own(path, today, order)
        if found is not None:
            return found
    return _records(path, fmt, today, mapping if isinstance(mapping, Mapping) else Mapping(), order, sheet)


def _records(
    path: Path, fmt: str, today: date, mapping: Mapping, order: str, sheet: str | None
) -> tuple[Iterable[Incoming], Report]:
    if fmt == "db":
        return journal_file.read(path, today, order), Report()
    if fmt == "xlsx":
        return tabular.read_xlsx(path, sheet, today, mapping, order)
    if fmt == "csv":
        regular(path)
        return tabular.read_csv(path, today, mapping, order)
    items, outside, key = json_file.items(path, fmt)

    def about_the_file(report: Report) -> None:
        if outside:
            report.warn(
                f"read the list under {key!r}; not read: {', '.join(map(repr, outside))} (about the file)"
            )

    if mapping or not json_file.own(items):
        return tabular.read_foreign_json(items, today, mapping, order, path.name, about_the_file)
    records, report = json_file.own_records(items, today, order), json_file.own_report(items)
    about_the_file(report)
    return records, report
