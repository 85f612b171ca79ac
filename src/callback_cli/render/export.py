"""Records written out for other programs: CSV (one spreadsheet row an audition), JSON (one
list) or JSON Lines, streamed. The one writer behind `export` and `list --csv`."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from typing import IO, TYPE_CHECKING

from callback_cli import models

if TYPE_CHECKING:  # the record shapes are for the type checker: plain dicts at run time
    from callback_cli.models import Record

# one spreadsheet row an audition: its fields, then the outcome in readable columns
CSV_FIELDS = (
    ("id",)
    + models.FIELDS
    + ("status", "status_date", "callback_dates", "booked_date", "created_at", "updated_at", "uid", "events")
)


def csv_row(rec: Record) -> dict:
    """One audition as a spreadsheet row: current status, callback dates and tags readable."""
    row = {k: rec.get(k) for k in CSV_FIELDS}
    row["tags"] = "; ".join(rec.get("tags") or [])
    # the whole list, losslessly, as JSON in one cell (import reads it back)
    row["expenses"] = json.dumps(rec["expenses"], ensure_ascii=False) if rec.get("expenses") else None
    row["callback_dates"] = "; ".join(e["date"] for e in rec.get("events", []) if e["status"] == "callback")
    row["booked_date"] = next((e["date"] for e in rec.get("events", []) if e["status"] == "booked"), None)
    latest = [e for e in rec.get("events", []) if e["status"] == rec.get("status")]
    row["status_date"] = latest[-1]["date"] if latest else None
    # the whole history, lossless (notes on events, pins, releases, scheduled callbacks)
    row["events"] = json.dumps(rec["events"], ensure_ascii=False) if rec.get("events") else ""
    return row


# OWASP's advice against CSV injection: a cell a spreadsheet would run as a formula starts
# with one of these; it is written with a leading ' (spreadsheets show it as text). The
# importer takes exactly that quote away again (importing.text.unneutralise).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


_RISKY_FIRST = frozenset("".join(FORMULA_STARTS) + "'")


def neutralise(value):
    """A CSV cell safe to open in a spreadsheet. Text that is a formula, or is already one or
    more quotes before a formula, gets one more leading quote, so that import can take exactly
    one away and the round trip stays lossless. JSON and JSONL keep the text as stored."""
    if (
        value.__class__ is str
        and value
        and value[0] in _RISKY_FIRST
        and value.lstrip("'").startswith(FORMULA_STARTS)
    ):
        return "'" + value
    return value


class CsvWriter:
    """csv.writer with "\n" line ends that still quotes a field holding a lone CR (the
    standard writer quotes only the line end's own characters, and an unquoted CR splits the
    row when the file is read back). Every cell is neutralised against formulas."""

    def __init__(self, out: IO[str]):
        self.out = out
        self.plain = csv.writer(out, lineterminator="\n")

    def writerow(self, row: Iterable) -> None:
        cells = [neutralise(v) for v in row]
        if any(v.__class__ is str and "\r" in v for v in cells):
            buf = io.StringIO()
            csv.writer(buf, lineterminator="\r\n").writerow(cells)
            self.out.write(buf.getvalue()[:-2] + "\n")
        else:
            self.plain.writerow(cells)


def write(records: Iterable[Record], fmt: str, out: IO[str]) -> int:
    """Stream records to `out` as csv, jsonl or json; returns how many were written."""
    n = 0
    if fmt == "csv":
        writer = CsvWriter(out)
        writer.writerow(CSV_FIELDS)
        for rec in records:
            writer.writerow(csv_row(rec).values())  # csv_row keeps CSV_FIELDS' order
            n += 1
        return n
    encode = json.JSONEncoder(ensure_ascii=False).encode  # json.dumps(rec, ensure_ascii=False)
    if fmt == "jsonl":
        for rec in records:
            out.write(encode(rec) + "\n")
            n += 1
        return n
    out.write("[")
    for rec in records:
        out.write(("\n  " if n == 0 else ",\n  ") + encode(rec))
        n += 1
    out.write("\n]\n" if n else "]\n")
    return n


# what joins two records in a file of each format (the text export_json / export_csv join)
SEPARATOR = {"jsonl": "\n", "json": ",\n  ", "csv": "\n"}


def write_texts(items: Iterable[tuple[str, int] | Record], fmt: str, out: IO[str]) -> int:
    """Records already encoded as JSON text by SQLite, a span at a time ((text, how many),
    Journal.export_json), and records left to Python, written as `write` writes them as jsonl
    or json; returns how many."""
    encode = json.JSONEncoder(ensure_ascii=False).encode
    n = 0
    if fmt == "jsonl":
        for item in items:
            text, k = item if item.__class__ is tuple else (encode(item), 1)
            out.write(text)
            out.write("\n")
            n += k
        return n
    out.write("[")
    for item in items:
        text, k = item if item.__class__ is tuple else (encode(item), 1)
        out.write(",\n  " if n else "\n  ")
        out.write(text)
        n += k
    out.write("\n]\n" if n else "]\n")
    return n


def write_lines(items: Iterable[tuple[str, int] | Record], out: IO[str]) -> int:
    """CSV lines already made by SQLite as CsvWriter writes csv_row's values, a span at a time
    ((text, how many), Journal.export_csv), and records left to Python, after the header, as
    `write` writes them; returns how many."""
    writer = CsvWriter(out)
    writer.plain.writerow(CSV_FIELDS)
    n = 0
    for item in items:
        if item.__class__ is tuple:
            text, k = item
            out.write(text)
            out.write("\n")
            n += k
        else:
            writer.writerow(csv_row(item).values())  # type: ignore[arg-type]
            n += 1
    return n
