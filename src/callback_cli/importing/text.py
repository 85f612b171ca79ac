"""Tracker files as they come: bytes to text (UTF-8 with or without BOM, UTF-16, Windows-1252
and the rest detected by charset-normalizer), the delimiter sniffed (`,` `;` tab `|`), and the
header row found below any title row or blank rows. Workbooks (`.xlsx`) are read with
openpyxl into the same rows. Pure apart from reading the file it is given.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from datetime import date, datetime, time
from pathlib import Path
from typing import NamedTuple

from callback_cli.errors import BadInput, ImportRowsError
from callback_cli.importing.headers import score

DELIMITERS = (",", ";", "\t", "|")
# a NUL is no text anyone typed (a binary file, or UTF-16 read as one byte a character); other
# control characters are text a journal can hold (screens show them as visible symbols) and
# callback's own CSV export carries them, so its round trip stays lossless
_CONTROL = re.compile(r"\x00")


def decode(data: bytes, name: str) -> tuple[str, str]:
    """The file's text and the encoding it was read in."""
    if data.startswith(b"\xef\xbb\xbf"):
        return _strict(data[3:], "utf-8", name), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _strict(data, "utf-16", name), "utf-16"
    head = data[:4096]
    if head.count(b"\x00") * 4 >= len(head) > 0:
        # UTF-16 without a byte order mark: every other byte of plain text is zero
        even, odd = head[0::2].count(0), head[1::2].count(0)
        enc = "utf-16-le" if odd > even else "utf-16-be"
        return _strict(data, enc, name), enc
    if b"\x00" in head:
        raise BadInput(f"{name} is not a text file (it holds binary data)")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes  # lazy: only for files that are not UTF-8

    best = from_bytes(data).best()
    if best is None:
        raise BadInput(f"{name}: cannot tell which text encoding it is in; save it as UTF-8")
    enc = best.encoding
    # short Western files are often guessed as a close cousin of Windows-1252: prefer it
    # whenever it reads the bytes and the guess is a single-byte Western code page
    western = {"cp1252", "latin_1", "iso8859_15", "cp1250", "mac_roman", "cp850", "iso8859_2", "cp437"}
    if enc in western:
        try:
            return data.decode("cp1252"), "cp1252"
        except UnicodeDecodeError:
            pass
    return str(best), enc


def _strict(data: bytes, enc: str, name: str) -> str:
    try:
        return data.decode(enc)
    except UnicodeDecodeError:
        raise BadInput(f"{name} is not valid {enc.upper()} text") from None


def sniff(text: str) -> str:
    """The delimiter that splits the most lines into the same number (≥ 2) of cells."""
    csv.field_size_limit(2**31 - 1)  # a long note in the first lines must not hide the delimiter
    lines = [ln for ln in text.splitlines()[:40] if ln.strip()]
    sample = "\n".join(lines)
    best, best_score = ",", (0, 0)
    for d in DELIMITERS:
        try:
            counts = [
                len(r) for r in csv.reader(io.StringIO(sample), delimiter=d) if any(c.strip() for c in r)
            ]
        except csv.Error:
            continue
        if not counts:
            continue
        mode = max(set(counts), key=counts.count)
        if mode < 2:
            continue
        score = (sum(1 for c in counts if c == mode), mode)
        if score > best_score:
            best, best_score = d, score
    return best


class Table(NamedTuple):
    """A file's rows: the header, the data rows (numbered from 1 below the header), what was
    skipped above the header, and how the file was read."""

    header: list[str]
    rows: list  # [(n, cells)]
    above: list[str]
    encoding: str | None = None
    delimiter: str | None = None


def csv_rows(text: str, delimiter: str) -> list[list[str]]:
    """The rows of a delimited text. Read strictly first, so a file cut off inside a quoted
    field is refused, naming the row, instead of importing half a record; a file malformed
    in other ways is read again leniently, as spreadsheets write them. A cell CSV export
    guarded against formulas (a leading ') comes back as it was stored."""
    csv.field_size_limit(2**31 - 1)  # a cell may hold a long note; memory is bounded by the file
    rows: list[list[str]] = []
    try:
        for cells in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True):
            rows.append([unneutralise(c) for c in cells])
        return rows
    except csv.Error as exc:
        if "unexpected end of data" in str(exc):
            row = len(rows) - find_header(rows) if rows else 0  # data rows count from 1
            raise ImportRowsError(
                "the file ends inside a quoted field (was it cut off?); nothing was imported",
                [(row, "", "a quoted field is never closed")],
            ) from None
    try:
        return [
            [unneutralise(c) for c in cells]
            for cells in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        ]
    except csv.Error as exc:
        raise BadInput(f"the CSV file cannot be read: {exc}") from None


# what CSV export puts a ' before (render.export.neutralise): OWASP's formula starts
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def unneutralise(cell: str) -> str:
    """Undo exactly what CSV export does against formulas: one leading quote before a formula,
    or before quotes and a formula, is taken away."""
    if cell[:1] == "'" and cell.lstrip("'").startswith(FORMULA_STARTS):
        return cell[1:]
    return cell


def find_header(rows: list[list[str]]) -> int:
    """The index of the header row: the first of the top rows whose cells name at least two
    fields (a title row or blank rows above it are skipped); else the first row with two or
    more cells; else the first non-blank row."""
    top = rows[:25]
    for i, cells in enumerate(top):
        if score(cells) >= 2:
            return i
    for i, cells in enumerate(top):
        if sum(1 for c in cells if str(c).strip()) >= 2:
            return i
    for i, cells in enumerate(top):
        if any(str(c).strip() for c in cells):
            return i
    return 0


def table(rows: list[list[str]], name: str, encoding=None, delimiter=None) -> Table:
    if not any(any(str(c).strip() for c in r) for r in rows):
        raise BadInput(f"{name} is empty (it needs a header row and at least one row)")
    h = find_header(rows)
    above = [" ".join(str(c).strip() for c in r if str(c).strip()) for r in rows[:h]]
    header = [str(c).replace("\ufeff", "").strip() for c in rows[h]]
    data = [(n, cells) for n, cells in enumerate(rows[h + 1 :], 1)]
    return Table(header, data, [a for a in above if a], encoding, delimiter)


def read_text_table(path: Path, data: bytes) -> Table:
    text, enc = decode(data, path.name)
    if "\x00" in text:
        raise BadInput(f"{path.name} is not a text file (it holds NUL characters)")
    delim = sniff(text)
    return table(csv_rows(text, delim), path.name, enc, delim)


def control_char(cell: str) -> str | None:
    """The first control character a cell holds, as U+XXXX, or None."""
    m = _CONTROL.search(cell)
    return f"U+{ord(m.group()):04X}" if m else None


# ---- workbooks -----------------------------------------------------------------------------
def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        if value.time() == time(0, 0):
            return value.date().isoformat()
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def read_xlsx(path: Path, sheet: str | None) -> Table:
    """The first sheet (or the one named) of an Excel workbook as a table."""
    from openpyxl import load_workbook  # lazy: only for a workbook (slow to import)

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise BadInput(f"{path.name} is not a readable .xlsx workbook ({exc})") from None
    try:
        if sheet is not None:
            names = {ws.title.casefold(): ws for ws in wb.worksheets}
            ws = names.get(sheet.casefold())
            if ws is None:
                have = ", ".join(repr(ws.title) for ws in wb.worksheets)
                raise BadInput(f"{path.name} has no sheet {sheet!r} (it has {have})")
        else:
            ws = wb.worksheets[0]
        rows = [[_cell(v) for v in row] for row in ws.iter_rows(values_only=True)]
    finally:
        wb.close()
    while rows and not any(c.strip() for c in rows[-1]):
        rows.pop()
    return table(rows, f"{path.name} (sheet {ws.title!r})")
