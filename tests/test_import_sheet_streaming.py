"""Spreadsheets stream: a CSV is read from the file in passes (its bytes, its rows, what only
the whole file can tell, then the records as they are made), never held whole, and imports
exactly as it did when it was read whole. Batches are made small here, so that a few dozen
rows cross every boundary a million would."""

from __future__ import annotations

import csv
import json
import random
import uuid
from datetime import date

import pytest
from streaming import STAMPS, UIDS, reading_memory

from callback_cli import checks, importing
from callback_cli.errors import BadInput, ImportRowsError
from callback_cli.importing import dates as idates
from callback_cli.importing import json_file
from callback_cli.importing import text as itext
from callback_cli.importing.records import RowNumbers, rows_text
from callback_cli.importing.sheet import Mapping, Reader, _Gathering

TODAY = date(2026, 3, 11)


def write_csv(path, header: str, rows: list[str], encoding: str = "utf-8"):
    path.write_bytes((header + "\n" + "\n".join(rows) + "\n").encode(encoding))
    return path


class Passes:
    """Rows read again on each pass, counting the passes and the rows handed out."""

    def __init__(self, rows):
        self.rows, self.passes, self.handed = rows, 0, 0

    def __iter__(self):
        self.passes += 1
        for row in self.rows:
            self.handed += 1
            yield row


# ---- the text layer --------------------------------------------------------------------------
def test_a_csv_is_a_table_whose_rows_are_read_from_the_file_on_each_pass(tmp_path):
    path = write_csv(
        tmp_path / "log.csv",
        "My auditions 2026\n\nDate;Project;Notes",
        ["03/02/2026;Night Shift;'=fine", "", '04/02/2026;Ghost Light;"two\nlines"'],
    )
    table = itext.read_text_stream(path)
    assert (table.header, table.above, table.delimiter, table.encoding) == (
        ["Date", "Project", "Notes"],
        ["My auditions 2026"],
        ";",
        "utf-8",
    )
    assert not isinstance(table.rows, list)
    expected = [
        (1, ["03/02/2026", "Night Shift", "=fine"]),  # the export's guard against formulas undone
        (2, []),
        (3, ["04/02/2026", "Ghost Light", "two\nlines"]),
    ]
    assert list(table.rows) == expected
    assert list(table.rows) == expected  # read again, from the file
    path.write_text("Date,Project\n2026-01-01,Changed\n")
    with pytest.raises(BadInput, match="changed while it was being read"):
        list(table.rows)


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("utf-16-le", b"\xff\xfe"), ("cp1252", b"")],
)
def test_every_encoding_streams_and_reads_as_the_whole_file_decoded(tmp_path, encoding, bom):
    rows = [f"2026-01-{d:02d}\tThéâtre {d}\tLe rôle principal, été à Genève" for d in range(1, 30)]
    path = tmp_path / "sheet.tsv"
    path.write_bytes(bom + ("Date\tProject\tRole\n" + "\n".join(rows) + "\n").encode(encoding))
    source = itext.open_text(path)
    told = encoding.replace("-le", "") + ("-sig" if bom == b"\xef\xbb\xbf" else "")
    assert (source.encoding, source.text) == (told, None)  # not held: read again on each pass
    table = itext.read_text_stream(path)
    whole, _ = itext.decode(path.read_bytes(), "x")
    assert list(table.rows) == [(n, line.split("\t")) for n, line in enumerate(whole.splitlines()[1:], 1)]


def test_the_first_pass_refuses_what_the_whole_file_refused(tmp_path):
    cut = write_csv(tmp_path / "cut.csv", "Date,Project,Notes", ['2026-01-02,A,"ok"', '2026-01-03,B,"never'])
    with pytest.raises(ImportRowsError) as caught:
        itext.read_text_stream(cut)
    assert caught.value.problems == [(2, "", "a quoted field is never closed")]
    nul = tmp_path / "nul.csv"
    nul.write_bytes(b"Date,Project\n" + b"2026-01-02,A\n" * 1000 + b"2026-01-03,\x00B\n")
    with pytest.raises(BadInput, match="holds NUL characters"):
        itext.read_text_stream(nul)
    bad16 = tmp_path / "bad16.csv"
    bad16.write_bytes(b"\xff\xfe" + "Date,Project\n".encode("utf-16-le") + b"\x00\xd8")
    with pytest.raises(BadInput, match="not valid UTF-16 text"):
        itext.read_text_stream(bad16)
    blank = tmp_path / "blank.csv"
    blank.write_bytes(b" \n\t\n" * 100)
    with pytest.raises(BadInput, match="is empty"):
        itext.read_text_stream(blank)


def test_a_stray_quote_is_read_leniently_on_every_pass(tmp_path):
    path = write_csv(tmp_path / "q.csv", "Date,Project,Notes", ['2026-01-02,A,"fi"ne"', "2026-01-03,B,x"])
    table = itext.read_text_stream(path)
    assert table.rows.strict is False  # as csv reads it when not strict, as spreadsheets write
    assert list(table.rows) == [(1, ["2026-01-02", "A", 'fine"']), (2, ["2026-01-03", "B", "x"])]


def test_the_delimiter_is_told_from_the_first_lines_however_long_they_are(tmp_path):
    long_note = "word " * 40_000  # a first row longer than any single read
    rows = [f'2026-01-02;A;"{long_note}"', "2026-01-03;B;x"]
    path = write_csv(tmp_path / "n.csv", "Date;Project;Notes", rows)
    assert itext.open_text(path).first_lines(2)[1].startswith("2026-01-02;A;")
    assert itext.read_text_stream(path).delimiter == ";"


def test_the_first_lines_are_the_whole_texts_first_lines_wherever_a_read_ends(tmp_path, monkeypatch):
    rnd = random.Random(3)
    ends = ["\n", "\r", "\r\n", "\x0b", "\x0c", "\x1c", "\x85", "\u2028", "\u2029"]
    path = tmp_path / "lines.txt"
    for size in (1, 2, 3, 5):  # a \r\n cut between two reads, and every other end
        monkeypatch.setattr(itext, "_READ", size)
        for _ in range(40):
            text = "".join(
                rnd.choice(["a;b", "", "x" * 7]) + rnd.choice(ends) for _ in range(rnd.randint(0, 12))
            )
            path.write_text(text, encoding="utf-8", newline="")
            for count in (1, 3, 8):
                assert itext.TextFile(path, "utf-8").first_lines(count) == text.splitlines()[:count]


def test_only_cells_export_guarded_against_formulas_lose_their_quote(tmp_path):
    """Rows are checked for a cell starting with ' in one search; every row reads as each
    cell through unneutralise, wherever a quote or a NUL-like join would mislead."""
    rnd = random.Random(8)
    words = ["'=1+1", "''=x", "'plain", "it's", "'", "x'", "=sum", "'-5", "", "a b", "'@home", "''"]
    rows = [[rnd.choice(words) for _ in range(rnd.randint(1, 6))] for _ in range(300)]
    path = tmp_path / "q.csv"
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["Date", "Project", "Notes"])
        writer.writerows(rows)
    got = list(itext.read_text_stream(path).rows)
    assert got == [(n, [itext.unneutralise(c) for c in cells]) for n, cells in enumerate(rows, 1)]
    assert any(c.startswith("'") for _, cells in got for c in cells)  # a quote that stays


def test_uids_and_stamps_read_as_uuid_and_checks_read_them():
    """The forms callback's export writes are kept as they are; any other is read (and
    rewritten) exactly as uuid.UUID and checks.utc_stamp read it, or refused."""
    header = ["Date", "Project", "uid", "created_at"]
    for n, (uid, stamp) in enumerate(zip(UIDS * 3, STAMPS, strict=False), 1):
        reader = Reader(header, TODAY, Mapping(), "mdy")
        row = reader.row(n, ["2025-01-02", "A", uid, stamp])
        assert row is not None
        problems = {col for _, col, _ in row.problems}
        try:
            want_uid = str(uuid.UUID(uid.strip()))  # a cell is read without its surrounding space
        except ValueError:
            assert "uid" in problems
        else:
            assert row.uid == want_uid
        want_stamp = checks.utc_stamp(stamp)
        if want_stamp is None:
            assert "created_at" in problems
        else:
            assert row.stamps["created_at"] == want_stamp


# ---- the reader's passes -----------------------------------------------------------------------
def test_records_come_while_the_last_pass_reads_and_rows_are_read_in_passes():
    rows = Passes([(n, [f"2026-01-{n:02d}", f"Show {n}", "Lead"]) for n in range(1, 21)])
    reader = Reader(["Date", "Project", "Role"], TODAY, Mapping(), "mdy")
    records = reader.stream(rows)
    assert rows.passes == 1  # the first pass ran before a record was asked for
    first = next(records)
    assert first.values["project"] == "Show 1"
    assert rows.passes == 2 and rows.handed == 21  # no repeated project and role: no gathering pass
    assert [r.values["project"] for r in records] == [f"Show {n}" for n in range(2, 21)]


def test_a_date_column_is_ordered_by_its_last_row_before_the_first_record():
    rows = [(n, [f"0{n % 9 + 1}/0{n % 9 + 1}/2025", f"Show {n}"]) for n in range(1, 30)]
    rows.append((30, ["25/12/2025", "Last"]))  # the only date that tells: day-first
    reader = Reader(["Date", "Project"], TODAY, Mapping(), "mdy")
    records = list(reader.stream(Passes(rows)))
    assert reader.orders[0] == idates.Order("dmy", False)
    assert records[0].values["date"] == "2025-02-02" and records[-1].values["date"] == "2025-12-25"
    rows[3] = (4, ["03/04/2025", "Show 4"])  # ambiguous everywhere else: March 4th vs 3 April
    again = list(Reader(["Date", "Project"], TODAY, Mapping(), "mdy").stream(rows))
    assert again[3].values["date"] == "2025-04-03"


def test_streamed_grouping_is_the_whole_file_grouping_on_random_sheets():
    """The rows a first pass finds sharing a project and role, gathered on their own, give
    the same auditions, in the same order, with the same warnings, as gathering every row."""
    rnd = random.Random(7)
    header = ["Date", "Project", "Role", "Result", "Round"]
    for trial in range(40):
        with_round = trial % 3 == 0
        rows = []
        for n in range(1, 60):
            day = date(2025, 1, 1).toordinal() + rnd.randrange(200)
            rows.append(
                (
                    n,
                    [
                        date.fromordinal(day).isoformat(),
                        rnd.choice(["Show A", "show a", "Show B", f"Show {n}", "Show C"]),
                        rnd.choice(["Kim", "KIM", "", "Lee"]),
                        rnd.choice(["", "Callback", "Pinned", "Released", "Booked"]),
                        rnd.choice(["1st Audition", "Callback", "Producer session"]) if with_round else "",
                    ],
                )
            )
        cols = header if with_round else header[:4]
        rows = [(n, cells[: len(cols)]) for n, cells in rows]
        streamed = Reader(cols, TODAY, Mapping(), "mdy")
        got = list(streamed.stream(Passes(rows)))
        whole = Reader(cols, TODAY, Mapping(), "mdy")
        whole.prepare(rows)
        gathering = _Gathering(with_round, whole.report)
        for n, cells in rows:
            row = whole.row(n, cells)
            assert row is not None and not row.problems
            gathering.add(row, whole._incoming(row))
        gathering.finish()
        assert [(r.row, r.values, r.events, r.tags, r.loose) for r in got] == [
            (r.row, r.values, r.events, r.tags, r.loose) for r in gathering.out
        ]
        assert streamed.report.warnings == whole.report.warnings
        assert streamed.report.values == whole.report.values


def test_a_bad_row_stops_the_records_and_every_problem_is_named_at_the_end():
    rows = [(n, ["2026-01-05", f"Show {n}", "$4"]) for n in range(1, 11)]
    rows[2] = (3, ["2026-13-45", "Show 3", "abc"])
    rows[8] = (9, ["2026-01-05", "", "xyz"])
    reader = Reader(["Date", "Project", "Parking"], TODAY, Mapping(), "mdy")
    got = []
    with pytest.raises(ImportRowsError) as caught:
        for rec in reader.stream(rows):
            got.append(rec.row)
    assert got == [1, 2]  # nothing after the first bad row
    assert [(n, col) for n, col, _ in caught.value.problems] == [(3, "Date"), (9, "Parking"), (9, "Project")]


def test_row_numbers_a_warning_names_are_the_first_eight_and_a_count():
    kept = RowNumbers()
    for n in [3, 3, 5, *range(10, 1_000_000, 7)]:
        kept.append(n)
    assert len(kept.first) == 8 and len(kept) == 2 + len(range(10, 1_000_000, 7))
    assert rows_text(kept) == rows_text([3, 5, *range(10, 1_000_000, 7)])
    assert rows_text(RowNumbers()) == rows_text([]) and not RowNumbers()


def test_memory_is_a_rows_not_the_files(tmp_path):
    """An 8 MB sheet is read in pieces: what the reader holds is a small part of it; once the
    records come, a row's worth (the first checks read 256 KiB at a time and tell the
    delimiter from the first 40 lines)."""
    note = "a long note about the room " * 150  # 4 KB a row
    path = write_csv(
        tmp_path / "big.csv",
        "Date,Project,Role,Notes",
        [f"2025-{n % 12 + 1:02d}-{n % 28 + 1:02d},Show {n},Lead,{note}" for n in range(2000)],
    )
    size = path.stat().st_size
    small = write_csv(tmp_path / "small.csv", "Date,Project,Role,Notes", ["2025-01-02,A,Lead,short"])
    count, _, before, during = reading_memory(path, "csv", TODAY, small)
    assert count == 2000 and size > 8_000_000
    assert before < size / 4, (before, size)
    assert during < size / 40, (during, size)


# ---- the real command, the real journal ------------------------------------------------------
def test_a_long_sheet_whose_last_row_is_bad_imports_nothing_and_names_it(cli, tmp_path, small_batches):
    cli.add("Before")
    rows = [f"2025-01-{n % 28 + 1:02d},Show {n},Lead,$5" for n in range(30)]
    rows.append("2025-01-02,Show X,Lead,five dollars")
    err = cli("import", write_csv(tmp_path / "long.csv", "Date,Project,Role,Parking", rows), code=2).stderr
    assert err.startswith("Error: 1 bad row; nothing was imported")
    assert "row 31, column Parking" in err
    assert [r["project"] for r in cli.rows("SELECT project FROM auditions")] == ["Before"]
    assert cli.rows("SELECT count(*) n FROM expenses")[0]["n"] == 0
    assert cli.rows("SELECT count(*) n FROM undo_log")[0]["n"] == 1  # only the add


def test_a_long_sheet_whose_only_day_first_date_is_last_reads_the_column_day_first(
    cli, tmp_path, small_batches
):
    rows = [f"{n % 12 + 1:02d}/{n % 12 + 1:02d}/2025,Show {n}" for n in range(20)]
    rows[5] = "03/04/2025,Show 5"
    rows.append("25/12/2025,Last")
    summary = cli.json("import", write_csv(tmp_path / "uk.csv", "Date,Project", rows))
    assert summary["new"] == 21 and summary["warnings"] == []
    got = {r["project"]: r["date"] for r in cli.rows("SELECT project, date FROM auditions")}
    assert got["Show 5"] == "2025-04-03" and got["Last"] == "2025-12-25"


def test_rounds_as_rows_far_apart_and_repeated_rows_are_one_audition(cli, tmp_path, small_batches):
    cli.add("Before")
    rows = [f"2026-01-{n + 1:02d},Show {n},Lead,1st Audition" for n in range(12)]
    rows.insert(1, "2026-01-02,Night Shift,Kim,1st Audition")
    rows += [f"2026-02-{n + 1:02d},Show {n + 20},Lead,1st Audition" for n in range(12)]
    rows += ["2026-01-09,Night Shift,Kim,Callback", "2026-01-02,NIGHT SHIFT,kim,1st Audition"]
    sheet = write_csv(tmp_path / "rounds.csv", "Date,Project,Role,Round", rows)
    preview = cli.json("import", sheet, "--dry-run")
    assert preview["new"] == 25
    assert "row 26: a later round of an audition listed above" in " ".join(preview["warnings"])
    assert cli.rows("SELECT count(*) n FROM auditions")[0]["n"] == 1  # a dry run writes nothing
    assert cli.json("import", sheet)["new"] == 25
    (night,) = [r for r in cli.json("list", "--all") if r["project"] == "Night Shift"]
    assert night["date"] == "2026-01-02"
    assert [(e["status"], e["date"]) for e in night["events"]] == [("callback", "2026-01-09")]
    ids = [r["project"] for r in cli.rows("SELECT project FROM auditions ORDER BY id")]
    assert ids[:4] == ["Before", "Show 0", "Night Shift", "Show 1"]  # in the file's order
    again = cli.json("import", sheet)
    assert (again["new"], again["updated"]) == (0, 0)


def test_a_long_sheet_warns_naming_rows_from_the_whole_file(cli, tmp_path, small_batches):
    rows = [f"2025-0{n % 9 + 1}-10,Show {n}" for n in range(20)]
    rows[17] = "12/20,Yearless"  # no year, so this year: after today
    summary = cli.json("import", write_csv(tmp_path / "y.csv", "My log\nDate,Project", rows))
    assert summary["new"] == 20
    assert summary["warnings"][0].startswith("row 18: the date has no year")
    assert summary["warnings"][-1].startswith("skipped 1 line(s) above the header")


# ---- callback's own JSON list ------------------------------------------------------------------
def test_a_json_list_is_parsed_a_value_at_a_time_as_json_loads_parses_it(tmp_path, monkeypatch):
    rnd = random.Random(5)
    values = [1, 12345678901234567890, -3.5e10, 2.5, 1e-7, "x" * 40, {"a": [1, {"b": "é\u2028"}]}, [], {}]
    values += [None, True, False, 'a"b\\', 0]
    path = tmp_path / "list.json"
    for chunk in (1, 2, 3, 7, 64):  # every value cut at every place by the end of a read
        monkeypatch.setattr(json_file, "_CHUNK", chunk)
        for _ in range(60):
            items = [rnd.choice(values) for _ in range(rnd.randint(0, 8))]
            text = rnd.choice(["", " ", "\n"]) + json.dumps(items, indent=rnd.choice([None, 1])) + "\r\n"
            path.write_text(text, encoding="utf-8", newline="")
            assert list(json_file._list_items(path, "utf-8")) == json.loads(text)
        for bad in [
            "[1,]",
            "[1 2]",
            "[1]x",
            "[",
            "[{]",
            "[1,,2]",
            "[,1]",
            "[1] [2]",
            '["a\nb"]',
            "[1.]",
            "[01]",
        ]:
            path.write_text(bad, encoding="utf-8")
            with pytest.raises(ValueError):
                json.loads(bad)
            with pytest.raises(ValueError):
                list(json_file._list_items(path, "utf-8"))


def test_callback_own_json_list_streams_and_reads_as_it_did_whole(tmp_path):
    items = [
        {"date": f"2025-01-{n % 28 + 1:02d}", "project": f"Show {n}", "tags": ["drama"]} for n in range(30)
    ]
    path = tmp_path / "export.json"
    path.write_text(json.dumps(items, indent=2))
    records, report = importing.stream(path, "json", TODAY)
    assert iter(records) is records  # a generator, not a list
    whole, whole_report = importing.read(path, "json", TODAY)
    assert [(r.row, r.values, r.tags) for r in records] == [(r.row, r.values, r.tags) for r in whole]
    assert report.columns == whole_report.columns == {"date": "date", "project": "project", "tags": "tags"}
    # what is read whole, as before: another app's key in the last object, a list under a key
    items[-1]["castingDirector"] = "Jane Doe"
    path.write_text(json.dumps(items))
    assert json_file.stream_own_list(path, TODAY, "mdy") is None
    path.write_text(json.dumps({"auditions": items[:3]}))
    assert json_file.stream_own_list(path, TODAY, "mdy") is None


def test_a_long_json_list_with_a_bad_last_object_imports_nothing(cli, tmp_path, small_batches):
    cli.add("Before")
    items = [{"date": f"2025-01-{n % 28 + 1:02d}", "project": f"Show {n}"} for n in range(20)]
    items.append({"date": "2025-02-30", "project": "Bad"})
    path = tmp_path / "export.json"
    path.write_text(json.dumps(items))
    err = cli("import", path, code=2).stderr
    assert err.startswith("Error: 1 bad row; nothing was imported") and "row 21, column date" in err
    assert [r["project"] for r in cli.rows("SELECT project FROM auditions")] == ["Before"]
    path.write_text(json.dumps(items[:20]) + " x")  # not JSON: named as a whole file's error
    err = cli("import", path, code=2).stderr
    assert "is not valid JSON (Extra data: line 1 column" in err
    items[-1] = {"date": "2025-02-03", "project": "Good", "castingDirector": "Jane Doe"}
    path.write_text(json.dumps(items))
    assert cli.json("import", path)["new"] == 21  # read whole, another app's keys as columns
    assert cli.rows("SELECT casting FROM auditions WHERE project = 'Good'") == [{"casting": "Jane Doe"}]
