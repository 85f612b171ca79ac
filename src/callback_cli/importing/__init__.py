"""Reading import files: each format read and validated whole into incoming records
(models.Incoming), or ImportRowsError listing every bad row. Pure: nothing here writes.

- rows.py          what every format shares: validating one record's fields
- csv_file.py      spreadsheets (headers people use, outcome columns)
- json_file.py     JSON lists and JSON Lines (callback's own export, or anything alike)
- journal_file.py  another callback journal, read-only
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from callback_cli.errors import BadInput
from callback_cli.importing import csv_file, journal_file, json_file
from callback_cli.importing.csv_file import TARGETS
from callback_cli.models import Incoming

__all__ = ["FORMATS", "TARGETS", "detect", "read"]

FORMATS = ("json", "jsonl", "csv", "db")


def detect(path: Path, override: str | None) -> str:
    """The file's format: `--from` if given, else from its name, else from its first bytes."""
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


def read(
    path: Path, fmt: str, today: date, mapping: dict | None = None, order: str = "mdy"
) -> tuple[list[Incoming], list[str]]:
    """Validate the whole file; returns (records, ignored column names) or raises
    ImportRowsError listing every bad row. `order` reads slashed dates (config date_order)."""
    if fmt == "db":
        return journal_file.read(path), []
    if fmt == "csv":
        return csv_file.read(path, today, mapping or {}, order)
    return json_file.read(path, fmt, today, order), []
