"""The import readers called directly: a file in, validated incoming records out, nothing
written anywhere."""

from __future__ import annotations

import json
from datetime import date

import pytest

from callback_cli import importing
from callback_cli.errors import BadInput, ImportRowsError
from callback_cli.journal import Journal
from callback_cli.store import Store

TODAY = date(2026, 3, 11)


def test_detect_by_name_then_by_content(tmp_path):
    for name, text, fmt in (
        ("a.csv", "date,project\n", "csv"),
        ("a.ndjson", "{}\n", "jsonl"),
        ("noext", '[{"date": "2026-01-01"}]', "json"),
        ("noext2", '{"date": "2026-01-01"}\n{"date": "2026-01-02"}\n', "jsonl"),
        ("noext3", "Date,Show\n", "csv"),
    ):
        path = tmp_path / name
        path.write_text(text)
        assert importing.detect(path, None) == fmt, name
    assert importing.detect(tmp_path / "a.csv", "JSON") == "json"
    with pytest.raises(BadInput):
        importing.detect(tmp_path / "a.csv", "ods")


def test_csv_headers_people_use_outcomes_and_day_first_dates(tmp_path):
    sheet = tmp_path / "s.csv"
    sheet.write_text(
        "Audition Date,Production,Character,Casting Director,Result,Result Date,Tags,Mood\n"
        "03/02/2026,Night Shift,Kim,Jane Doe,Callback,05/02/2026,drama; period,great\n"
    )
    records, report = importing.read(sheet, "csv", TODAY, {}, "dmy")
    (rec,) = records
    assert rec.values == {
        "date": "2026-02-03",
        "project": "Night Shift",
        "role": "Kim",
        "casting": "Jane Doe",
    }
    assert rec.events == [("callback", "2026-02-05", None)] and rec.tags == ["drama", "period"]
    assert report.not_kept() == ["Mood"]


def test_every_bad_row_is_named_and_nothing_is_returned(tmp_path):
    data = tmp_path / "d.jsonl"
    lines = [
        {"date": "2026-01-01", "project": "Fine"},
        {"date": "someday", "project": "Bad date"},
        {"date": "2026-01-01"},
        {"date": "2026-01-05", "project": "Early", "events": [{"status": "callback", "date": "2026-01-01"}]},
    ]
    data.write_text("\n".join(json.dumps(x) for x in lines) + "\n")
    with pytest.raises(ImportRowsError) as caught:
        importing.read(data, "jsonl", TODAY)
    assert [(row, column) for row, column, _ in caught.value.problems] == [
        (2, "date"),
        (3, "project"),
        (4, "events"),
    ]


def test_another_journal_is_read_as_it_is(tmp_path):
    other = Store.open(tmp_path / "other.db", create=True)
    journal = Journal(other, TODAY, 14)
    aid = journal.add({"project": "Night Shift", "date": "2026-03-01", "outfit": "blue"}, ["drama"])
    journal.mark(aid, "callback", date(2026, 3, 4), "producer session")
    uid = other.rows.row(aid)["uid"]
    other.close()
    (rec,) = importing.read(tmp_path / "other.db", "db", TODAY)[0]
    assert rec.uid == uid and rec.values["outfit"] == "blue" and rec.tags == ["drama"]
    assert rec.events == [("callback", "2026-03-04", "producer session", None)]
