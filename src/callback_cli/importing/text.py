"""Tracker files as they come: bytes to text (UTF-8 with or without BOM, UTF-16, Windows-1252
and the rest detected by charset-normalizer), the delimiter sniffed (`,` `;` tab `|`), and the
header row found below any title row or blank rows. Workbooks (`.xlsx`) are read with
openpyxl into the same rows. Pure apart from reading the file it is given.
"""

from __future__ import annotations

import codecs
import csv
import io
import marshal
import re
import struct
import tempfile
import zipfile
from collections.abc import Iterable, Iterator
from datetime import date, datetime, time
from itertools import islice
from pathlib import Path
from typing import NamedTuple, TextIO

from callback_cli.errors import BadInput, CallbackError, ImportRowsError, NoTable
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
    if enc in _WESTERN:
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
    return sniff_lines(text.splitlines()[:SNIFF_LINES])


SNIFF_LINES = 40  # the lines the delimiter is told from


def sniff_lines(first: list[str]) -> str:
    """sniff, from the text's first SNIFF_LINES lines."""
    csv.field_size_limit(2**31 - 1)  # a long note in the first lines must not hide the delimiter
    lines = [ln for ln in first if ln.strip()]
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
    skipped above the header, and how the file was read. `rows` is iterated once for each
    pass the importer makes: a list, a delimited file read again each time (DataRows), or a
    workbook sheet's copy read again each time (SheetRows)."""

    header: list[str]
    rows: Iterable  # of (n, cells)
    above: list[str]
    encoding: str | None = None
    delimiter: str | None = None
    # the cells below the header that hold one of Excel's errors (#REF!, #N/A…): (data row,
    # column index, the error), the first MAX_ERRORS of the file
    errors: tuple = ()


# ---- delimited text, read as it streams -------------------------------------------------------
# A delimited file is read in passes, never held whole: the first checks its bytes (encoding,
# NULs); the next parses every row to find the header and any break in the CSV (a file cut off
# inside a quote is refused before anything is read from it); the importer's own passes then
# read the rows again (importing.sheet). Memory is a row's, not the file's.
_CHUNK = 1 << 18  # bytes checked at a time
_HEAD_ROWS = 25  # the rows the header is looked for in (find_header)
# short Western files are often guessed as a close cousin of Windows-1252: prefer it
# whenever it reads the bytes and the guess is a single-byte Western code page
_WESTERN = {"cp1252", "latin_1", "iso8859_15", "cp1250", "mac_roman", "cp850", "iso8859_2", "cp437"}


class TextFile:
    """A text file and the encoding it reads in, opened again for each pass; `text` holds it
    whole only when its encoding could be told from the whole file alone (charset-normalizer's
    rarer guesses). A file changed between passes is refused, not read half old, half new."""

    def __init__(self, path: Path, encoding: str, text: str | None = None):
        self.path, self.encoding, self.text = path, encoding, text
        self.stamp = stamp(path)

    def unchanged(self) -> None:
        """Refuse the file if it is not as it was when first read."""
        if self.text is None and stamp(self.path) != self.stamp:
            raise BadInput(f"{self.path.name} changed while it was being read; nothing was imported")

    def open(self) -> TextIO:
        if self.text is not None:
            return io.StringIO(self.text, newline="")
        self.unchanged()
        try:
            return open(self.path, encoding=self.encoding, newline="")
        except OSError as exc:
            raise BadInput(f"cannot read {self.path}: {exc.strerror}") from None

    def first_lines(self, count: int = SNIFF_LINES) -> list[str]:
        """The first `count` lines, as str.splitlines cuts the whole text: read until that
        many line ends have been seen (every end splitlines knows, a \\r\\n once)."""
        with self.open() as fh:
            parts: list[str] = []  # joined once at the end: a 50 MB first line is not copied again per read
            ends, last = 0, ""
            while ends < count:
                more = fh.read(_READ)
                if not more:
                    break
                ends += sum(more.count(end) for end in _LINE_ENDS) - more.count("\r\n")
                if last == "\r" and more.startswith("\n"):
                    ends -= 1  # a \r\n cut between two reads
                parts.append(more)
                last = more[-1]
            return "".join(parts).splitlines()[:count]


_READ = 1 << 16  # characters read at a time for the first lines
_LINE_ENDS = ("\n", "\r", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029")


def stamp(path: Path) -> tuple:
    """What tells a file changed between two reads of it (its inode, size and time)."""
    try:
        st = path.stat()
    except OSError as exc:
        raise BadInput(f"cannot read {path}: {exc.strerror}") from None
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)


def open_text(path: Path) -> TextFile:
    """The file's encoding, checked over every byte a chunk at a time, as decode tells it: the
    same errors, in the same order (empty, not valid text, NUL characters)."""
    name = path.name
    try:
        with open(path, "rb") as fh:
            head = fh.read(4096)
            if head.startswith(b"\xef\xbb\xbf"):
                enc, label = "utf-8-sig", "utf-8"
            elif head.startswith((b"\xff\xfe", b"\xfe\xff")):
                enc = label = "utf-16"
            elif head.count(b"\x00") * 4 >= len(head) > 0:
                even, odd = head[0::2].count(0), head[1::2].count(0)
                enc = label = "utf-16-le" if odd > even else "utf-16-be"
            elif b"\x00" in head:
                raise BadInput(f"{name} is not a text file (it holds binary data{_looks_like(head)})")
            else:
                enc, label = "utf-8", ""
            fh.seek(0)
            decoder = codecs.getincrementaldecoder(enc)()
            blank, nul = True, False
            try:
                while chunk := fh.read(_CHUNK):
                    blank = blank and not chunk.strip()
                    nul = "\x00" in decoder.decode(chunk) or nul
                decoder.decode(b"", final=True)
            except UnicodeDecodeError:
                if label:
                    raise BadInput(f"{name} is not valid {label.upper()} text") from None
                return _guessed(path)  # not UTF-8: only the whole file can tell what it is
    except OSError as exc:
        raise BadInput(f"cannot read {path}: {exc.strerror}") from None
    if blank:
        raise BadInput(f"{name} is empty (it needs a header row and at least one row)")
    if nul:
        raise BadInput(f"{name} is not a text file (it holds NUL characters)")
    return TextFile(path, enc)


def _looks_like(head: bytes) -> str:
    """What a binary file given as text seems to be, as advice ("" when unknown)."""
    if head.startswith(b"PK\x03\x04"):
        return ": it looks like an .xlsx workbook; name it .xlsx or add --from xlsx"
    if head.startswith(b"SQLite format 3\x00"):
        return ": it looks like a callback journal; name it .db or add --from db"
    if head.startswith(_OLE):
        return ": it looks like an old .xls or a password-protected workbook; save it as .xlsx or .csv"
    return ""


def _guessed(path: Path) -> TextFile:
    """A file that is not UTF-8, read whole once to tell its encoding (decode); streamed after
    when that is Windows-1252, which reads a byte at a time."""
    data = path.read_bytes()
    text, enc = decode(data, path.name)
    if "\x00" in text:
        raise BadInput(f"{path.name} is not a text file (it holds NUL characters)")
    return TextFile(path, enc, None if enc == "cp1252" else text)


class DataRows:
    """The data rows of a delimited file below its header, numbered from 1, parsed from the
    file again each time they are iterated."""

    def __init__(self, source: TextFile, delimiter: str, strict: bool, skip: int):
        self.source, self.delimiter, self.strict, self.skip = source, delimiter, strict, skip

    def __iter__(self) -> Iterator[tuple[int, list[str]]]:
        csv.field_size_limit(2**31 - 1)  # a cell may hold a long note
        with self.source.open() as fh:
            reader = csv.reader(fh, delimiter=self.delimiter, strict=self.strict)
            try:
                for n, cells in enumerate(islice(reader, self.skip, None), 1):
                    # a cell starting with ' is rare: one search of the row tells there is none
                    # (each cell follows a NUL there; a NUL inside a cell only costs the long way)
                    if "\x00'" in "\x00" + "\x00".join(cells):
                        cells = [c if c[:1] != "'" else unneutralise(c) for c in cells]
                    yield n, cells
            except csv.Error as exc:
                raise BadInput(f"the CSV file cannot be read: {exc}") from None
        self.source.unchanged()  # written to while this pass read it: the passes disagree


class _Scan:
    """What the first parse of a delimited file keeps: its first rows, how many, whether any
    is not blank."""

    def __init__(self) -> None:
        self.top: list[list[str]] = []
        self.count = 0
        self.filled = False
        self.errors: list[tuple[int, int, str]] = []  # as Table.errors, from the top

    def run(self, source: TextFile, delimiter: str, strict: bool) -> None:
        csv.field_size_limit(2**31 - 1)  # a cell may hold a long note
        with source.open() as fh:
            for cells in csv.reader(fh, delimiter=delimiter, strict=strict):
                if self.count < _HEAD_ROWS:
                    self.top.append([unneutralise(c) for c in cells])
                self.count += 1
                if not self.filled and any(unneutralise(c).strip() for c in cells):
                    self.filled = True
                # a sheet saved as CSV keeps a failed formula as its error's text
                if not EXCEL_ERRORS.isdisjoint(cells) and len(self.errors) < MAX_ERRORS:
                    self.errors += [(self.count, i, c) for i, c in enumerate(cells) if c in EXCEL_ERRORS]


def read_text_stream(path: Path) -> Table:
    """A delimited text file as a table whose rows are read from the file on each pass. Read
    strictly first, so a file cut off inside a quoted field is refused, naming the row, instead
    of importing half a record; a file malformed in other ways is read leniently, as
    spreadsheets write them. A cell CSV export guarded against formulas (a leading ') comes
    back as it was stored."""
    source = open_text(path)
    delimiter = sniff_lines(source.first_lines())
    scan, strict = _Scan(), True
    try:
        scan.run(source, delimiter, True)
    except csv.Error as exc:
        if "unexpected end of data" in str(exc):
            row = scan.count - find_header(scan.top) if scan.count else 0  # data rows count from 1
            raise ImportRowsError(
                "the file ends inside a quoted field (was it cut off?); nothing was imported",
                [(row, "", "a quoted field is never closed")],
            ) from None
        scan, strict = _Scan(), False
        try:
            scan.run(source, delimiter, False)
        except csv.Error as exc:
            raise BadInput(f"the CSV file cannot be read: {exc}") from None
    if not scan.filled:
        raise BadInput(f"{path.name} is empty (it needs a header row and at least one row)")
    h = find_header(_narrow(scan.top, path.name))
    header, above = _head(scan.top, h)
    below = tuple((n - h - 1, i, e) for n, i, e in scan.errors if n > h + 1)
    return Table(header, DataRows(source, delimiter, strict, h + 1), above, source.encoding, delimiter, below)


# what CSV export puts a ' before (render.export.neutralise): OWASP's formula starts
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def unneutralise(cell: str) -> str:
    """Undo exactly what CSV export does against formulas: one leading quote before a formula,
    or before quotes and a formula, is taken away."""
    if cell[:1] == "'" and cell.lstrip("'").startswith(FORMULA_STARTS):
        return cell[1:]
    return cell


MAX_COLUMNS = 1000  # an audition log has a few dozen; a file with more is not one (and each costs)


def _narrow(rows: list[list[str]], name: str) -> list[list[str]]:
    """The top rows without their trailing blank cells (a sheet saved with empty columns far to
    the right), refused when one still has more than MAX_COLUMNS cells."""
    out = []
    for i, cells in enumerate(rows, 1):
        end = len(cells)
        while end and not str(cells[end - 1]).strip():
            end -= 1
        if end > MAX_COLUMNS:
            raise BadInput(
                f"{name} has {end:,} columns in its row {i} (counting from the top); "
                f"callback reads at most {MAX_COLUMNS:,}: is it an audition log?"
            )
        out.append(cells[:end])
    return out


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
    header, above = _head(rows, h)
    data = [(n, cells) for n, cells in enumerate(rows[h + 1 :], 1)]
    return Table(header, data, above, encoding, delimiter)


def _head(rows: list[list[str]], h: int) -> tuple[list[str], list[str]]:
    """The header (row h) and the non-blank lines above it."""
    above = [" ".join(str(c).strip() for c in r if str(c).strip()) for r in rows[:h]]
    header = [str(c).replace("\ufeff", "").strip() for c in rows[h]]
    return header, [a for a in above if a]


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


def sheet_names(path: Path) -> list[str]:
    """The names of a workbook's sheets (of tables, not charts), in order; read_xlsx has
    checked the workbook already."""
    from openpyxl import load_workbook  # lazy: only for a workbook (slow to import)

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # a hostile or broken file can fail anywhere inside openpyxl
        raise BadInput(f"{path.name} is not a readable .xlsx workbook ({_why(exc)})") from None
    try:
        return [ws.title for ws in wb.worksheets]
    finally:
        wb.close()


def read_xlsx(path: Path, sheet: str | None) -> Table:
    """The first sheet (or the one named) of an Excel workbook as a table whose rows are read
    from a copy of its cells on each pass (SheetRows): the workbook itself is read once.

    A workbook is a zip of XML that can expand to far more than its size on disk: each part's
    size (as the zip declares it, which is also as much as reading it can give) is bounded
    before anything is parsed, and so is the longest text the sheet holds, its rows and its
    columns; anything openpyxl cannot parse is one error naming the file."""
    from openpyxl import load_workbook  # lazy: only for a workbook (slow to import)

    name = path.name
    _check_workbook(path)
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except CallbackError:
        raise
    except Exception as exc:  # a hostile or broken file can fail anywhere inside openpyxl
        raise BadInput(f"{name} is not a readable .xlsx workbook ({_why(exc)})") from None
    try:
        sheets = wb.worksheets
        if not sheets:
            kinds = "only chart sheets" if wb.chartsheets else "no sheets"
            raise BadInput(f"{name} has {kinds}: there is no table of auditions to read")
        if sheet is not None:
            names = {ws.title.casefold(): ws for ws in sheets}
            ws = names.get(sheet.casefold())
            if ws is None:
                have = ", ".join(repr(ws.title) for ws in sheets)
                raise BadInput(f"{name} has no sheet {sheet!r} (it has {have})")
        else:
            ws = sheets[0]
        name = f"{path.name} (sheet {ws.title!r})"
        # the rows as the sheet holds them, not padded to the size it claims (a sheet may
        # claim A1:XFD1048576 and hold two rows)
        ws.reset_dimensions()
        rows = SheetRows(name)
        top: list[list[str]] = []
        filled = False
        errors: list[tuple[int, int, str]] = []
        try:
            for count, values in enumerate(ws.iter_rows(values_only=True), 1):
                if count > MAX_ROWS or len(values) > MAX_SHEET_COLUMNS:
                    what = (
                        f"over {MAX_ROWS:,} rows"
                        if count > MAX_ROWS
                        else f"{len(values):,} cells in row {count}"
                    )
                    raise BadInput(f"{name} has {what}, more than Excel itself allows; nothing was imported")
                cells = [_cell(v) for v in values]
                if not EXCEL_ERRORS.isdisjoint(values) and len(errors) < MAX_ERRORS:
                    errors += [(count, i, v) for i, v in enumerate(values) if v in EXCEL_ERRORS]
                if len(top) < _HEAD_ROWS:
                    top.append(cells)
                filled = filled or any(c.strip() for c in cells)
                rows.add(cells)
        except CallbackError:
            raise
        except Exception as exc:  # XML that is not XML, a cell openpyxl cannot read
            raise BadInput(f"{name} cannot be read ({_why(exc)}); nothing was imported") from None
        rows.finish()
    finally:
        wb.close()
    if not filled:
        raise NoTable(f"{name} is empty (it needs a header row and at least one row)")
    h = find_header(_narrow(top, name))
    header, above = _head(top, h)
    rows.skip = h + 1
    below = tuple((n - h - 1, i, e) for n, i, e in errors[:MAX_ERRORS] if n > h + 1)
    return Table(header, rows, above, errors=below)


# what openpyxl gives for a cell holding one of Excel's errors (a formula that failed)
# (#N/A is not among them: sheets and database exports write it for "no value", and the
# importer reads it as an empty cell)
EXCEL_ERRORS = frozenset(("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#GETTING_DATA"))
MAX_ERRORS = 1000


MAX_ROWS = 1_048_576  # Excel's own limits: a sheet beyond them was not made by a spreadsheet
MAX_SHEET_COLUMNS = 16_384
# what a part of a workbook may expand to: a sheet is parsed as it streams, the shared strings
# (every text cell's text) are held whole by openpyxl, the other parts are small
_SHEET_BYTES = 256 << 20
_STRINGS_BYTES = 64 << 20
_PART_BYTES = 16 << 20
_TEXT_BYTES = (
    4 << 20
)  # the longest text (a cell, an attribute) a sheet may hold: a cell holds 32,767 characters
_ROW_TAGS = 200_000  # XML tags in one row: 16,384 cells of up to 8 tags each, and room to spare
_OLE = bytes.fromhex("D0CF11E0A1B11AE1")  # the container of an encrypted workbook (and of old .xls)


def _why(exc: Exception) -> str:
    text = str(exc) or type(exc).__name__
    return text if len(text) <= 200 else text[:199] + "…"


def _check_workbook(path: Path) -> None:
    """Refuse, before openpyxl reads it, a workbook that is not a zip, is encrypted, or has a
    part that would expand beyond what callback reads."""
    name = path.name
    try:
        with open(path, "rb") as fh:
            head = fh.read(8)
    except OSError as exc:
        raise BadInput(f"cannot read {path}: {exc.strerror}") from None
    if head == _OLE:
        raise BadInput(
            f"{name} is password-protected (or an old .xls workbook): open it in your spreadsheet "
            "app, remove the password, and save it as .xlsx or .csv"
        )
    try:
        with zipfile.ZipFile(path) as z:
            parts = z.infolist()
            _check_parts(parts, name)
            for part in parts:  # every part openpyxl may parse, wherever the workbook puts its sheets
                if part.filename.lower().endswith((".xml", ".rels")):
                    _check_sheet(z, part, f"{name} ({part.filename})")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise BadInput(f"{name} is not a readable .xlsx workbook ({_why(exc)})") from None


def _check_parts(parts: list, name: str) -> None:
    for part in parts:
        where = part.filename.lower()
        if where.startswith("xl/worksheets/"):
            limit = _SHEET_BYTES
        elif where.endswith("sharedstrings.xml"):
            limit = _STRINGS_BYTES
        elif where.endswith((".xml", ".rels")):
            limit = _PART_BYTES  # (a sheet the workbook keeps elsewhere too: held to this)
        else:
            continue  # pictures and the like: openpyxl does not read them here
        if part.file_size > limit:
            raise BadInput(
                f"{name} is too large to read: its part {part.filename} expands to "
                f"{part.file_size:,} bytes (at most {limit:,}); save the sheet as .csv instead"
            )


def _check_sheet(archive: zipfile.ZipFile, part: zipfile.ZipInfo, name: str) -> None:
    """Read a sheet's XML once, as it streams (a chunk at a time, nothing kept), to refuse a
    text longer than _TEXT_BYTES or a row of more than _ROW_TAGS tags: openpyxl holds each
    whole, however long."""
    run, longest = 0, 0  # bytes since the last '<' (a long run is a long text, or an attribute)
    tags, most, tail = 0, 0, b""  # the '<' since a row's end (a row's cells are parsed whole)
    try:
        with archive.open(part) as fh:
            while longest <= _TEXT_BYTES and most <= _ROW_TAGS and (chunk := fh.read(_SPILL)):
                first = chunk.find(b"<")
                if first < 0:
                    run += len(chunk)
                    longest = max(longest, run)
                else:
                    # a run inside one chunk is shorter than the limit: only runs that cross
                    # the chunks' edges can be longer
                    longest = max(longest, run + first)
                    run = len(chunk) - 1 - chunk.rfind(b"<")
                # rows end at "row>" (</row>, </x:row>); one cut by the chunk's edge is found
                # in the last bytes of the chunk before and this one
                data = tail + chunk
                end = data.find(b"row>")
                if end < 0:
                    tags += chunk.count(b"<")
                else:
                    tags += data.count(b"<", len(tail), max(end, len(tail)))
                    most = max(most, tags)
                    tags = data.count(b"<", data.rfind(b"row>"))
                most = max(most, tags)
                tail = chunk[-3:]
    except Exception as exc:  # a part the zip cannot give (a bad CRC, a cut-off file)
        raise BadInput(f"{name} cannot be read ({_why(exc)}); nothing was imported") from None
    if most > _ROW_TAGS:
        raise BadInput(
            f"{name} has a row of more than {_ROW_TAGS:,} tags (a row holds at most 16,384 cells): "
            "it was not made by a spreadsheet; nothing was imported"
        )
    if longest > _TEXT_BYTES:
        raise BadInput(
            f"{name} holds a text of more than {_TEXT_BYTES >> 20} MiB (a cell holds at most "
            "32,767 characters): it was not made by a spreadsheet; nothing was imported"
        )


class SheetRows:
    """A sheet's rows (a workbook's, or another app's JSON objects as cells), kept as they are
    read in an unnamed temporary file (gone when it is closed, or the program ends) and read
    back from it on each pass, numbered from 1 below the header: parsing a workbook's XML
    costs about 15 µs a cell, so it is parsed once, not once a pass, and memory holds a chunk
    of rows, not the sheet. Each pass reads from its own place, so two may run at once."""

    def __init__(self, name: str):
        self.name, self.skip, self.size = name, 0, 0
        self._buf = bytearray()
        try:
            # lives as long as the rows do: closed (and gone) when they are dropped
            self._file = tempfile.TemporaryFile()  # noqa: SIM115
        except OSError as exc:
            raise _no_room(name, exc) from None

    def add(self, cells: list[str]) -> None:
        data = marshal.dumps(cells)
        self._buf += _LENGTH.pack(len(data))
        self._buf += data
        if len(self._buf) >= _SPILL:
            self._flush()

    def _flush(self) -> None:
        try:
            self._file.seek(0, io.SEEK_END)
            self._file.write(self._buf)
            self._file.flush()
        except OSError as exc:
            raise _no_room(self.name, exc) from None
        self.size += len(self._buf)
        self._buf.clear()

    def finish(self) -> None:
        """Every row added is in the copy."""
        if self._buf:
            self._flush()

    def __iter__(self) -> Iterator[tuple[int, list[str]]]:
        head, n = _LENGTH.size, -self.skip
        offset, buf, at = 0, bytearray(), 0
        while True:
            while True:  # until the buffer holds the next row whole
                if len(buf) - at >= head:
                    (length,) = _LENGTH.unpack_from(buf, at)
                    if len(buf) - at - head >= length:
                        break
                more = b""
                if offset < self.size:  # from where this pass is, whatever another one read
                    self._file.seek(offset)
                    more = self._file.read(_SPILL)
                if not more:
                    return
                offset += len(more)
                del buf[:at]
                buf += more
                at = 0
            start, at = at + head, at + head + length
            n += 1
            if n > 0:
                yield n, marshal.loads(buf[start:at])


def _no_room(name: str, exc: OSError) -> CallbackError:
    where = tempfile.gettempdir()
    return CallbackError(f"cannot read {name}: its rows cannot be kept in {where} ({exc.strerror})")


_SPILL = 1 << 16  # bytes of rows written to, or read from, the sheet's copy at a time
_LENGTH = struct.Struct("<I")  # each row's length before it in the copy
