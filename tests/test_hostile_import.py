"""Hostile files given to `callback import` (and the files it reads beside them: map files,
saved maps, the journal itself): each is one `Error:` line naming the problem (and the row and
column when it is about a row), the contract's exit code, no traceback, and nothing written:
the journal's folder byte for byte as it was, no file left beside the journal, no temporary
file left behind."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import zipfile
from pathlib import Path

import pytest

from callback_cli.importing import text as itext

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
HEADER = (
    '<row r="1">'
    + "".join(
        f'<c r="{c}1" t="inlineStr"><is><t>{h}</t></is></c>'
        for c, h in zip("ABC", ("Date", "Project", "Status"), strict=False)
    )
    + "</row>"
)


def tree(folder: Path) -> dict[str, str]:
    """Every file and folder under `folder` with its content's digest."""
    found = {}
    for path in sorted(folder.rglob("*")):
        key = str(path.relative_to(folder))
        found[key] = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "folder"
    return found


@pytest.fixture
def journal(cli, tmp_path):
    """A journal holding one audition, and a folder for the files to import."""
    cli.add("Seed")
    (tmp_path / "in").mkdir()
    (tmp_path / "tmp").mkdir()
    return tmp_path


def refused(run, folder: Path, *args, code: int = 2, env=None):
    """Run the real command; assert one Error line, the exit code, and nothing written (the
    whole test folder, the journal and its temporary folder included, as it was)."""
    before = tree(folder)
    p = run("import", *args, env={"TMPDIR": str(folder / "tmp"), **(env or {})})
    assert p.returncode == code, (p.returncode, p.stdout, p.stderr[:2000])
    assert p.stderr.startswith("Error:"), p.stderr[:2000]
    assert "Traceback" not in p.stderr
    lines = p.stderr.splitlines()
    assert sum(line.startswith("Error:") for line in lines) == 1, p.stderr[:2000]
    assert all(line.startswith(("Error:", " ")) for line in lines), p.stderr[:2000]
    assert tree(folder) == before
    return p


def workbook(path: Path, sheets: list, extra: dict | None = None) -> Path:
    """An .xlsx written by hand: each sheet's XML as given (bytes or str), so that a test can
    make one no spreadsheet app would."""
    ct = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i}.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for i in range(1, len(sheets) + 1)
    )
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            f"{ct}</Types>",
        )
        z.writestr(
            "_rels/.rels",
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        z.writestr(
            "xl/workbook.xml",
            f'<?xml version="1.0"?><workbook xmlns="{MAIN}" xmlns:r="{rel}"><sheets>'
            + "".join(f'<sheet name="S{i}" sheetId="{i}" r:id="rId{i}"/>' for i in range(1, len(sheets) + 1))
            + "</sheets></workbook>",
        )
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            + "".join(
                f'<Relationship Id="rId{i}" Type="{rel}/worksheet" Target="worksheets/sheet{i}.xml"/>'
                for i in range(1, len(sheets) + 1)
            )
            + "</Relationships>",
        )
        for i, xml in enumerate(sheets, 1):
            z.writestr(f"xl/worksheets/sheet{i}.xml", xml)
        for name, data in (extra or {}).items():
            z.writestr(name, data)
    return path


def sheet(rows: str, dimension: str | None = None) -> str:
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    body = f"{dim}<sheetData>{HEADER}{rows}</sheetData>"
    return f'<?xml version="1.0"?><worksheet xmlns="{MAIN}">{body}</worksheet>'


def row(n: int, *cells: str, kind: str = "inlineStr") -> str:
    parts = []
    for col, value in zip("ABCDEFG", cells, strict=False):
        if kind == "inlineStr":
            parts.append(f'<c r="{col}{n}" t="inlineStr"><is><t>{value}</t></is></c>')
        else:
            parts.append(f'<c r="{col}{n}" t="{kind}"><v>{value}</v></c>')
    return f'<row r="{n}">{"".join(parts)}</row>'


# ---- workbooks -------------------------------------------------------------------------------
def test_a_workbook_with_no_sheets_is_one_error(run, journal):
    path = workbook(journal / "in" / "empty.xlsx", [])
    p = refused(run, journal, path)
    assert "has no sheets" in p.stderr


def test_a_workbook_with_only_a_chart_sheet_is_one_error(run, journal):
    from openpyxl import Workbook
    from openpyxl.chart import BarChart

    wb = Workbook()
    chart = wb.create_chartsheet("Chart")
    chart.add_chart(BarChart())
    wb.remove(wb.active)
    wb.save(journal / "in" / "chart.xlsx")
    p = refused(run, journal, journal / "in" / "chart.xlsx")
    assert "only chart sheets" in p.stderr


def test_a_sheet_whose_xml_is_broken_is_one_error(run, journal):
    # &#27; (an escape character) is no XML 1.0 character: openpyxl's parser fails on it
    path = workbook(journal / "in" / "esc.xlsx", [sheet(row(2, "2026-01-02", "P&#27;[31mRED"))])
    p = refused(run, journal, path)
    assert "esc.xlsx is not a readable .xlsx workbook (reference to invalid character" in p.stderr


def test_a_password_protected_workbook_says_so(run, journal):
    path = journal / "in" / "locked.xlsx"
    path.write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + bytes(4000))
    p = refused(run, journal, path)
    assert "locked.xlsx is password-protected" in p.stderr and "remove the password" in p.stderr


def test_shared_strings_that_expand_beyond_the_limit_are_refused_before_parsing(run, journal):
    strings = f'<?xml version="1.0"?><sst xmlns="{MAIN}">' + "<si><t>x</t></si>" * 4_200_000 + "</sst>"
    path = workbook(journal / "in" / "bomb.xlsx", [sheet("")], {"xl/sharedStrings.xml": strings})
    assert path.stat().st_size < 1_000_000 < 64 << 20 < len(strings)
    p = refused(run, journal, path)
    assert "its part xl/sharedStrings.xml expands to 71,400,0" in p.stderr


def test_a_sheet_that_expands_beyond_the_limit_is_refused(cli, journal, monkeypatch):
    """(the limit made small: a real 256 MiB sheet takes seconds to compress)"""
    monkeypatch.setattr(itext, "_SHEET_BYTES", 100_000)
    rows = "".join(row(n, "2026-01-02", f"P{n}") for n in range(2, 2000))
    path = workbook(journal / "in" / "big.xlsx", [sheet(rows)])
    before = tree(journal)
    result = cli("import", path, code=2)
    assert "its part xl/worksheets/sheet1.xml expands to" in result.stderr
    assert tree(journal) == before


def test_a_text_of_more_than_4_mib_in_a_sheet_is_refused(run, journal):
    path = workbook(journal / "in" / "cell.xlsx", [sheet(row(2, "2026-01-02", "A" * (5 << 20)))])
    p = refused(run, journal, path)
    assert "holds a text of more than 4 MiB" in p.stderr


def test_a_row_of_more_tags_than_a_spreadsheet_writes_is_refused(run, journal):
    wide = '<row r="2">' + "<c><v>1</v></c>" * 70_000 + "</row>"
    p = refused(run, journal, workbook(journal / "in" / "wide.xlsx", [sheet(wide)]))
    assert "has a row of more than 200,000 tags" in p.stderr


def test_rows_beyond_excels_last_row_are_refused(run, journal):
    far = '<row r="999999999"><c r="A999999999" t="inlineStr"><is><t>x</t></is></c></row>'
    p = refused(run, journal, workbook(journal / "in" / "far.xlsx", [sheet(row(2, "2026-01-02", "P") + far)]))
    assert "has over 1,048,576 rows" in p.stderr


def test_a_sheet_claiming_to_span_every_cell_reads_the_rows_it_has(run, journal, cli):
    # openpyxl pads every row to the claimed size: a million rows of 16,384 cells
    path = workbook(journal / "in" / "claims.xlsx", [sheet(row(2, "2026-01-02", "Kept"), "A1:XFD1048576")])
    p = run("import", path, "--json", timeout=30)
    assert p.returncode == 0, p.stderr
    assert json.loads(p.stdout)["new"] == 1
    assert [r["project"] for r in cli.rows("SELECT project FROM auditions ORDER BY id")] == ["Seed", "Kept"]


def test_excel_error_cells_in_kept_columns_are_named(run, journal):
    rows = (
        row(2, "2026-01-02", "Fine")
        + row(3, "2026-01-03", "#REF!", kind="e")
        + row(4, "#VALUE!", kind="e")
        + row(5, "2026-01-05", "No value", "#N/A", kind="e")  # read as an empty cell, as before
    )
    p = refused(run, journal, workbook(journal / "in" / "errors.xlsx", [sheet(rows)]))
    assert "2 cells with a spreadsheet error; nothing was imported" in p.stderr
    assert "row 2, column Project: the cell shows Excel's error #REF!" in p.stderr
    assert "row 3, column Date: the cell shows Excel's error #VALUE!" in p.stderr


def test_an_error_cell_in_a_column_not_kept_does_not_matter(run, journal, cli):
    rows = row(2, "2026-01-02", "Fine", "#NAME?", kind="inlineStr")
    xml = sheet(rows).replace(HEADER, HEADER.replace("Status", "Parking"))
    path = workbook(journal / "in" / "ok.xlsx", [xml])
    p = run("import", path, "--map", "Parking=skip")
    assert p.returncode == 0, p.stderr
    assert [r["project"] for r in cli.rows("SELECT project FROM auditions WHERE id = 2")] == ["Fine"]


def test_excel_errors_in_a_sheet_saved_as_csv_are_named_too(run, journal, cli):
    path = journal / "in" / "log.csv"
    path.write_text("Title of my log\ndate,project,parking\n2026-01-02,Fine,#DIV/0!\n2026-01-03,#REF!,4\n")
    p = refused(run, journal, path)
    assert "2 cells with a spreadsheet error; nothing was imported" in p.stderr
    assert "row 1, column parking: the cell shows Excel's error #DIV/0!" in p.stderr  # a cost column
    assert "row 2, column project: the cell shows Excel's error #REF!" in p.stderr
    path.write_text("date,project,parking\n2026-01-02,Fine,#DIV/0!\n")  # a column not kept
    assert run("import", path, "--map", "parking=skip").returncode == 0


def test_sheet_is_refused_for_a_file_that_is_not_a_workbook(run, journal):
    path = journal / "in" / "log.csv"
    path.write_text("date,project\n2026-01-02,P\n")
    p = refused(run, journal, path, "--sheet", "Log")
    assert "--sheet is for .xlsx workbooks; log.csv is read as csv" in p.stderr


def test_a_workbook_named_csv_says_what_it_is(run, journal):
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["Date", "Project"])
    wb.save(journal / "in" / "log.csv")
    p = refused(run, journal, journal / "in" / "log.csv")
    assert "it looks like an .xlsx workbook; name it .xlsx or add --from xlsx" in p.stderr


# ---- sizes: columns, cells, headers ----------------------------------------------------------
def test_a_csv_of_more_than_1000_columns_is_refused(run, journal):
    path = journal / "in" / "wide.csv"
    path.write_text("date,project," + ",".join(f"c{i}" for i in range(1000)) + "\n2026-01-02,P\n")
    p = refused(run, journal, path)
    assert (
        "wide.csv has 1,002 columns in its row 1 (counting from the top); callback reads at most 1,000"
        in p.stderr
    )


def test_blank_columns_far_to_the_right_are_not_counted(run, journal, cli):
    path = journal / "in" / "padded.csv"
    path.write_text("date,project" + "," * 5000 + "\n2026-01-02,P" + "," * 5000 + "\n")
    assert run("import", path).returncode == 0
    assert [r["project"] for r in cli.rows("SELECT project FROM auditions WHERE id = 2")] == ["P"]


def test_json_objects_with_more_than_1000_keys_are_refused(run, journal):
    path = journal / "in" / "wide.json"
    path.write_text(json.dumps([{"date": "2026-01-02", "project": "P", **{f"k{i}": 1 for i in range(1000)}}]))
    p = refused(run, journal, path)
    assert "wide.json's objects have more than 1,000 different keys (at object 1)" in p.stderr


def test_an_error_about_a_huge_cell_quotes_a_piece_of_it(run, journal):
    path = journal / "in" / "huge.csv"
    path.write_text("date,project,status\n2026-01-02,P," + "s" * (5 << 20) + "\n")
    p = refused(run, journal, path)
    assert len(p.stderr) < 5000
    assert "row 1, column status: 'sssss" in p.stderr and "(5,242,882 characters)" in p.stderr


def test_the_preview_of_huge_values_is_cut(run, journal):
    path = journal / "in" / "huge.csv"
    path.write_text("date,project," + "h" * (1 << 20) + "\n2026-01-02," + "p" * (1 << 20) + ",x\n")
    p = run("import", path, "--dry-run", timeout=30)
    assert p.returncode == 0, p.stderr[:2000]
    assert len(p.stdout) < 5000
    assert "(1,048,576 characters)" in p.stdout


# ---- the journal, and the files beside the import --------------------------------------------
@pytest.mark.parametrize("how", ["itself", "symlink", "hardlink"])
def test_importing_the_journal_into_itself_is_refused(run, journal, how):
    db = journal / "journal.db"
    target = {"itself": db, "symlink": journal / "in" / "link.db", "hardlink": journal / "in" / "hard.db"}[
        how
    ]
    if how == "symlink":
        target.symlink_to(db)
    elif how == "hardlink":
        os.link(db, target)
    p = refused(run, journal, target)
    assert "is the journal this import would write into" in p.stderr


def test_a_copy_of_the_journal_is_still_imported(run, journal, cli):
    copy = journal / "in" / "copy.db"
    copy.write_bytes((journal / "journal.db").read_bytes())
    p = run("import", copy, "--json")
    assert p.returncode == 0, p.stderr
    assert json.loads(p.stdout)["present"] == 1


@pytest.mark.parametrize(
    "args, message",
    [
        (["--from", ""], "--from takes one of json, jsonl, csv, xlsx, db, got an empty value"),
        (["--date-order", ""], "--date-order takes mdy or dmy, got ''"),
        (["--map", "Result=notes", "--save-map", ""], "a map name is letters"),
        (["--profile", ""], "a map name is letters"),
    ],
)
def test_an_empty_option_value_is_refused_not_ignored(run, journal, args, message):
    path = journal / "in" / "log.csv"
    path.write_text("date,project,result\n2026-01-02,P,x\n")
    p = refused(run, journal, path, *args)
    assert message in p.stderr


def map_file(folder: Path, kind: str) -> str:
    path = folder / "in" / "cols.map"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "device":
        return "/dev/zero"
    elif kind == "binary":
        path.write_bytes(b"\x8f\x00\xff" * 100)
    elif kind == "large":
        path.write_text("# " + "x" * (1 << 20) + "\nResult=notes\n")
    return str(path)


@pytest.mark.parametrize(
    "kind, message",
    [
        ("fifo", "is not a regular file (a named pipe)"),
        ("device", "the map file /dev/zero is not a regular file (a character device)"),
        ("binary", "is not UTF-8 text (byte 1)"),
        ("large", "is over 1024 KiB: is it the right file?"),
    ],
)
def test_a_map_file_that_is_not_a_small_text_file_is_one_error(run, journal, kind, message):
    path = journal / "in" / "log.csv"
    path.write_text("date,project,result\n2026-01-02,P,x\n")
    p = refused(run, journal, path, "--map-file", map_file(journal, kind), env={})
    assert message in p.stderr


def test_a_saved_map_that_links_to_a_device_is_one_error(run, journal):
    maps = journal / "maps"  # beside the config file (CALLBACK_CONFIG)
    maps.mkdir()
    (maps / "mine.map").symlink_to("/dev/zero")
    path = journal / "in" / "log.csv"
    path.write_text("date,project\n2026-01-02,P\n")
    p = refused(run, journal, path, "--profile", "mine")
    assert "mine.map is not a regular file (a character device)" in p.stderr


def test_a_map_that_cannot_be_saved_is_refused_before_the_import(run, journal):
    (journal / "maps").write_text("a file where the maps folder goes")
    path = journal / "in" / "log.csv"
    path.write_text("date,project,result\n2026-01-02,P,x\n")
    p = refused(run, journal, path, "--map", "result=notes", "--save-map", "monthly")
    assert "cannot save the map 'monthly':" in p.stderr and "is not a folder" in p.stderr


def test_a_file_name_too_long_is_one_error(run, journal):
    p = refused(run, journal, journal / "in" / ("a" * 300 + ".csv"))
    assert "File name too long" in p.stderr


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a file whatever its mode (tried by hand as nobody)")
def test_an_unreadable_file_is_one_error(run, journal):
    path = journal / "in" / "log.csv"
    path.write_text("date,project\n2026-01-02,P\n")
    path.chmod(0)
    p = refused(run, journal, path)
    assert "Permission denied" in p.stderr


# ---- JSON ------------------------------------------------------------------------------------
def test_a_json_lines_file_of_only_a_byte_order_mark_is_empty(run, journal):
    path = journal / "in" / "log.jsonl"
    path.write_bytes(b"\xef\xbb\xbf\n")
    p = refused(run, journal, path)
    assert "log.jsonl is empty" in p.stderr


@pytest.mark.parametrize("suffix", [".json", ".jsonl"])
def test_an_unpaired_surrogate_in_json_names_its_row(run, journal, suffix):
    rows = [
        {"date": "2026-01-02", "project": "Fine"},
        {"date": "2026-01-03", "project": "Bad", "notes": "\ud800"},
    ]
    path = journal / "in" / f"log{suffix}"
    text = json.dumps(rows) if suffix == ".json" else "\n".join(json.dumps(r) for r in rows)
    path.write_text(text)  # json.dumps writes the lone surrogate as its escape, \ud800
    p = refused(run, journal, path)
    assert "holds text that is not valid Unicode" in p.stderr
    assert "row 2, column notes: '\\ud800' is not valid Unicode" in p.stderr


# ---- a file changed while it is read --------------------------------------------------------
def test_a_csv_written_to_during_the_last_pass_is_refused(cli, journal, monkeypatch):
    """The passes over a spreadsheet must read the same file: one written to while the last
    pass reads it (after the check made when that pass opened it) is refused at its end."""
    path = journal / "in" / "log.csv"
    path.write_text("date,project\n" + "".join(f"2026-01-{d:02d},P{d}\n" for d in range(1, 20)))
    passes = []
    real = itext.DataRows.__iter__

    def counting(self):
        passes.append(1)
        return real(self)

    monkeypatch.setattr(itext.DataRows, "__iter__", counting)
    cli("import", path, "--dry-run")
    last, passes[:] = len(passes), []

    def appending(self):
        passes.append(1)
        it = real(self)
        first = next(it)  # the pass has opened the file and checked it
        if len(passes) == last:
            with open(path, "a") as fh:
                fh.write("2026-02-01,Sneaked in\n")
        yield first
        yield from it

    monkeypatch.setattr(itext.DataRows, "__iter__", appending)
    before = tree(journal)
    result = cli("import", path, code=2)
    assert "log.csv changed while it was being read; nothing was imported" in result.stderr
    before["in/log.csv"] = tree(journal)["in/log.csv"]
    assert tree(journal) == before
    assert len(cli.rows("SELECT id FROM auditions")) == 1


def test_the_size_limits_do_not_refuse_an_ordinary_workbook(run, journal, cli):
    rows = "".join(row(n, "2026-01-02", f"Show {n}", "Booked!") for n in range(2, 300))
    strings = f'<?xml version="1.0"?><sst xmlns="{MAIN}"><si><t>unused</t></si></sst>'
    path = workbook(journal / "in" / "log.xlsx", [sheet(rows)], {"xl/sharedStrings.xml": strings})
    p = run("import", path, "--json")
    assert p.returncode == 0, p.stderr
    assert json.loads(p.stdout)["new"] == 298
    conn = sqlite3.connect(journal / "journal.db")
    assert conn.execute("SELECT count(*) FROM events WHERE status = 'booked'").fetchone() == (298,)


def test_a_map_naming_a_column_the_file_does_not_have_is_a_warning(run, journal):
    path = journal / "in" / "log.csv"
    path.write_text("date,project,result\n2026-01-02,P,Booked\n")
    p = run("import", path, "--dry-run", "--json", "--map", "Nope=notes", "--map", "Gone:x=booked")
    assert p.returncode == 0, p.stderr
    warnings = json.loads(p.stdout)["warnings"]
    assert "--map names a column 'Nope' that the file does not have; it did nothing" in warnings
    assert "--map names a column 'Gone' that the file does not have; it did nothing" in warnings


# ---- a key given twice in one JSON object: refused, never a silent loss ------------------------
@pytest.mark.parametrize(
    "name, text, said",
    [
        (
            "twice.jsonl",
            '{"date": "2026-01-05", "project": "A"}\n'
            '{"date": "2026-01-06", "project": "B", "project": "C"}\n',
            "row 2, column project: 'project' is given twice",
        ),
        (
            "twice.json",
            '[{"date": "2026-01-05", "project": "A", "role": "X", "role": "Y"}]',
            "'role' is given twice",
        ),
        (
            "events.json",
            '[{"date": "2026-01-05", "project": "A", "events": [{"status": "callback", "status": "booked", '
            '"date": "2026-01-09"}]}]',
            "'status' is given twice",
        ),
        (
            "envelope.json",
            '{"auditions": [{"date": "2026-01-05", "projectName": "A"}], "auditions": []}',
            "'auditions' is given twice",
        ),
        (
            "app.json",
            '[{"date": "2026-01-05", "projectName": "A", "castingDirector": "X", "castingDirector": "Y"}]',
            "'castingDirector' is given twice",
        ),
    ],
)
def test_a_key_given_twice_in_a_json_object_is_refused_naming_it(run, journal, name, text, said):
    path = journal / "in" / name
    path.write_text(text, encoding="utf-8")
    p = refused(run, journal, path)
    assert said in p.stderr, p.stderr
