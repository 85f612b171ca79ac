"""Workbooks stream: an .xlsx sheet is parsed once (its XML is slow to read), its rows kept in
an unnamed temporary file and read back from it on each of the importer's passes, never held
whole; it imports exactly as it did when every row was held. Batches and the file's chunks
are made small here, so that a few dozen rows cross every boundary a million would."""

from __future__ import annotations

import random
import tempfile
from datetime import date, datetime, time

import pytest
from openpyxl import Workbook, load_workbook
from streaming import reading_memory

from callback_cli import importing
from callback_cli.errors import BadInput, CallbackError
from callback_cli.importing import tabular
from callback_cli.importing import text as itext
from callback_cli.importing.sheet import Mapping

TODAY = date(2026, 3, 11)


def workbook(path, rows, title="Sheet"):
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def whole_table(path) -> itext.Table:
    """The sheet as it was read before it streamed: every row held, trailing blank rows
    dropped, then the header found (itext.table)."""
    wb = load_workbook(path, read_only=True, data_only=True)
    rows = [[itext._cell(v) for v in row] for row in wb.worksheets[0].iter_rows(values_only=True)]
    wb.close()
    while rows and not any(c.strip() for c in rows[-1]):
        rows.pop()
    return itext.table(rows, path.name)


def random_sheet(rnd: random.Random) -> list[list]:
    values = [
        "",
        None,
        "Night Shift",
        "night shift",
        "Kim",
        "a note\nover two lines",
        "é" * rnd.randint(1, 300),
        3,
        4.0,
        2.5,
        True,
        False,
        datetime(2025, 5, 6, 10, 30),
        datetime(2025, 5, 7),
        date(2025, 6, 1),
        time(9, 15),
        "=not a formula",
    ]
    rows: list[list] = [["My auditions"], []] if rnd.random() < 0.5 else []
    rows.append(["Date", "Project", "Role", "Notes", "Booked?"])
    for _ in range(rnd.randint(0, 40)):
        if rnd.random() < 0.1:
            rows.append([])
            continue
        day = date(2025, 1, 1).toordinal() + rnd.randrange(300)
        cells = [date.fromordinal(day)] + [rnd.choice(values) for _ in range(rnd.randint(1, 6))]
        rows.append(cells)
    rows += [[]] * rnd.randint(0, 3)
    return rows


# ---- the text layer --------------------------------------------------------------------------
def test_a_sheet_is_a_table_whose_rows_are_read_again_on_each_pass_as_the_whole_sheet(tmp_path, monkeypatch):
    rnd = random.Random(11)
    for trial, chunk in enumerate([1, 5, 64, 1 << 20] * 6):  # rows cut at every place by a read
        monkeypatch.setattr(itext, "_SPILL", chunk)
        path = workbook(tmp_path / f"s{trial}.xlsx", random_sheet(rnd))
        table, whole = itext.read_xlsx(path, None), whole_table(path)
        assert not isinstance(table.rows, list)
        assert (table.header, table.above) == (whole.header, whole.above)
        got = list(table.rows)
        # the blank rows at the end are read too now; every pass skips them as it did
        assert got[: len(whole.rows)] == whole.rows
        assert all(not any(c.strip() for c in cells) for _, cells in got[len(whole.rows) :])
        assert list(table.rows) == got  # read again from the copy
        both = zip(iter(table.rows), iter(table.rows), strict=True)  # two passes at once
        assert [a for a, b in both if a == b] == got


def test_a_workbook_imports_as_it_did_when_every_row_was_held(tmp_path, monkeypatch):
    """Records, warnings and translated words as the whole sheet gave them, with rows that
    are one audition (a repeated row, rounds) gathered by the streamed passes."""
    monkeypatch.setattr(itext, "_SPILL", 50)
    rnd = random.Random(4)
    header = ["Date", "Project", "Role", "Result", "Parking"]
    for trial in range(12):
        rows: list[list] = [["Tracker"], header]
        for _ in range(40):
            day = date(2025, 1, 1).toordinal() + rnd.randrange(200)
            rows.append(
                [
                    date.fromordinal(day).strftime("%m/%d/%Y"),
                    rnd.choice(["Show A", "show a", "Show B", "Show C", f"Show {rnd.random()}"]),
                    rnd.choice(["Kim", "KIM", "", "Lee"]),
                    rnd.choice(["", "Callback", "Pinned", "Released", "Booked!", "Avail"]),
                    rnd.choice(["", "$5", 7, "12.50"]),
                ]
            )
        path = workbook(tmp_path / f"w{trial}.xlsx", rows)
        records, report = importing.read(path, "xlsx", TODAY)
        table = whole_table(path)
        old, old_report = tabular.read_table(table, TODAY, Mapping(), "mdy", path.name)
        old = list(old)
        assert [(r.row, r.values, r.events, r.tags, r.expenses) for r in records] == [
            (r.row, r.values, r.events, r.tags, r.expenses) for r in old
        ]
        assert (report.warnings, report.values, report.columns) == (
            old_report.warnings,
            old_report.values,
            old_report.columns,
        )


def test_an_empty_sheet_or_one_with_a_header_only_is_refused_as_before(tmp_path):
    blank = workbook(tmp_path / "blank.xlsx", [[], [None, ""], []], title="Log")
    with pytest.raises(BadInput, match=r"blank.xlsx \(sheet 'Log'\) is empty"):
        itext.read_xlsx(blank, None)
    header_only = workbook(tmp_path / "header.xlsx", [["Date", "Project"], [], []], title="Log")
    with pytest.raises(BadInput, match="has a header but no rows below it"):
        list(importing.stream(header_only, "xlsx", TODAY)[0])


def test_rows_that_cannot_be_kept_are_a_clean_error(tmp_path, monkeypatch):
    path = workbook(tmp_path / "log.xlsx", [["Date", "Project"], ["2026-01-02", "A"]])
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "missing"))
    with pytest.raises(CallbackError, match="its rows cannot be kept in .*missing") as caught:
        itext.read_xlsx(path, None)
    assert caught.value.exit_code == 1  # the machine's trouble, not the file's


def test_memory_is_a_rows_not_the_sheets(tmp_path):
    """An 8 MB sheet: parsing it and reading it back on each pass hold a small part of it;
    once the records come, what the passes add is a row and a few 64 KiB reads (the
    parser's leftovers, a fixed few hundred KiB, wait for the garbage collector)."""
    note = "a long note about the room " * 150  # 4 KB a row
    rows = [["Date", "Project", "Role", "Notes"]]
    rows += [[f"2025-{n % 12 + 1:02d}-{n % 28 + 1:02d}", f"Show {n}", "Lead", note] for n in range(2000)]
    path = workbook(tmp_path / "big.xlsx", rows)
    size = sum(len(str(c)) for row in rows for c in row)
    small = workbook(tmp_path / "small.xlsx", [["Date", "Project"], ["2025-01-02", "A"]])
    count, held, reading, during = reading_memory(path, "xlsx", TODAY, small)
    assert count == 2000 and size > 8_000_000
    assert reading < size / 8, (reading, size)
    assert during - held < size / 20, (during, held, size)


# ---- the real command, the real journal ------------------------------------------------------
def test_a_long_workbook_whose_last_row_is_bad_imports_nothing_and_names_it(cli, tmp_path, small_batches):
    cli.add("Before")
    rows = [["Date", "Project", "Role", "Parking"]]
    rows += [[datetime(2025, 1, n % 28 + 1), f"Show {n}", "Lead", 5] for n in range(30)]
    rows.append([datetime(2025, 1, 2), "Show X", "Lead", "five dollars"])
    err = cli("import", workbook(tmp_path / "long.xlsx", rows), code=2).stderr
    assert err.startswith("Error: 1 bad row; nothing was imported")
    assert "row 31, column Parking" in err
    assert [r["project"] for r in cli.rows("SELECT project FROM auditions")] == ["Before"]
    assert cli.rows("SELECT count(*) n FROM expenses")[0]["n"] == 0


def test_a_long_workbook_whose_only_day_first_date_is_last_reads_the_column_day_first(
    cli, tmp_path, small_batches, monkeypatch
):
    monkeypatch.setattr(itext, "_SPILL", 64)
    rows = [["Date", "Project"]]
    rows += [[f"{n % 12 + 1:02d}/{n % 12 + 1:02d}/2025", f"Show {n}"] for n in range(20)]
    rows[6] = ["03/04/2025", "Show 5"]
    rows.append(["25/12/2025", "Last"])
    summary = cli.json("import", workbook(tmp_path / "uk.xlsx", rows))
    assert summary["new"] == 21 and summary["warnings"] == []
    got = {r["project"]: r["date"] for r in cli.rows("SELECT project, date FROM auditions")}
    assert got["Show 5"] == "2025-04-03" and got["Last"] == "2025-12-25"


def test_a_workbook_with_rounds_previews_imports_and_reimports_nothing_new(cli, tmp_path, small_batches):
    rows: list[list] = [["Audition log"], [], ["Date", "Project", "Role", "Round", "Result"]]
    rows += [[datetime(2026, 1, n + 1), f"Show {n}", "Lead", "1st Audition", ""] for n in range(12)]
    rows.insert(4, [datetime(2026, 1, 2), "Night Shift", "Kim", "1st Audition", ""])
    rows += [[datetime(2026, 1, 9), "Night Shift", "Kim", "Callback", "Booked!"], [], []]
    book = workbook(tmp_path / "rounds.xlsx", rows)
    cli.add("Before")
    preview = cli.json("import", book, "--dry-run")
    assert preview["new"] == 13
    assert preview["values"]["status"] == {"Booked!": "booked"}
    assert any("row 14: a later round" in w for w in preview["warnings"])
    assert any("skipped 1 line(s) above the header: 'Audition log'" in w for w in preview["warnings"])
    assert cli.rows("SELECT count(*) n FROM auditions")[0]["n"] == 1  # a dry run writes nothing
    summary = cli.json("import", book)
    assert {k: summary[k] for k in ("new", "values", "warnings")} == {
        k: preview[k] for k in ("new", "values", "warnings")
    }
    (night,) = [r for r in cli.json("list", "--all") if r["project"] == "Night Shift"]
    assert [(e["status"], e["date"]) for e in night["events"]] == [
        ("callback", "2026-01-09"),
        ("booked", "2026-01-09"),
    ]
    before = cli("export", "--jsonl").stdout
    again = cli.json("import", book)
    assert (again["new"], again["updated"]) == (0, 0)
    assert cli("export", "--jsonl").stdout == before
