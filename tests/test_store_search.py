"""The store's search, straight on a real SQLite journal: terms too short for the trigram
index are matched column by column with `%`, `_` and `\\` as plain characters, and a search
runs once per select however many of its rows have events and tags."""

from datetime import date

import pytest

from callback_cli.filters import Filter
from callback_cli.journal import Journal
from callback_cli.store import Store

TODAY = date(2026, 11, 23)


@pytest.fixture
def journal(tmp_path):
    store = Store.open(tmp_path / "j.db", create=True)
    j = Journal(store, TODAY, 14)
    ids = {
        "kim": j.add({"date": "2026-11-02", "project": "Night Shift", "role": "Nurse Kim"}, ["drama"]),
        "soda": j.add({"date": "2026-11-03", "project": "Soda", "notes": "50% off sign; a reader"}),
        "path": j.add({"date": "2026-11-04", "project": "Sonia", "role": "Bob", "notes": r"C:\tapes"}),
        "under": j.add({"date": "2026-11-05", "project": "Lawyer_2"}),
    }
    j.mark(ids["path"], "callback", date(2026, 11, 9), "qx read")
    yield j, ids
    store.close()


def found(j: Journal, **flt) -> set[int]:
    return {r["id"] for r in j.select(Filter(**flt))}


@pytest.mark.parametrize(
    "text,expected",
    [
        ("im", {"kim"}),  # two letters inside a role
        ("IM", {"kim"}),  # any case
        ("k", {"kim"}),  # one letter
        ("dr", {"kim"}),  # a tag
        ("qx", {"path"}),  # an outcome's note
        ("%", {"soda"}),  # a literal percent sign, not "anything"
        ("0%", {"soda"}),
        ("_", {"under"}),  # a literal underscore, not "any one character"
        ("r_", {"under"}),  # "reader" and "Nurse" do not match r_
        ("\\", {"path"}),  # the escape character itself is plain too
        ("ab", set()),  # never across two fields: Soni|a and B|ob are apart
    ],
)
def test_short_terms_match_each_field_literally(journal, text, expected):
    j, ids = journal
    assert found(j, search=text) == {ids[k] for k in expected}, text


def test_short_and_long_terms_together(journal):
    j, ids = journal
    assert found(j, words=["nurse", "im"]) == {ids["kim"]}
    assert found(j, words=["nurse", "zz"]) == set()
    assert found(j, words=["im", "dr"]) == {ids["kim"]}


def test_a_search_runs_once_however_many_rows_it_finds(journal):
    j, ids = journal
    seen: list[str] = []
    j.store.conn.set_trace_callback(seen.append)
    try:
        records = j.select(Filter(search="r"))  # every audition has an "r" somewhere
    finally:
        j.store.conn.set_trace_callback(None)
    assert {r["id"] for r in records} == set(ids.values())
    assert sum("audition_search" in sql for sql in seen) == 1, seen
    # and the events and tags still come with the records
    by_id = {r["id"]: r for r in records}
    assert by_id[ids["kim"]]["tags"] == ["drama"]
    assert [e["note"] for e in by_id[ids["path"]]["events"]] == ["qx read"]


def _index(conn) -> list[tuple]:
    return conn.execute("SELECT rowid, * FROM audition_search ORDER BY rowid").fetchall()


@pytest.mark.parametrize("setting", [None, 65536])
def test_the_bulk_fill_writes_what_the_triggers_write_and_leaves_fts5_settings_as_found(journal, setting):
    from callback_cli.store import search as store_search

    j, ids = journal
    conn = j.store.conn
    if setting:  # a setting someone made on purpose is kept
        conn.execute(store_search._SET_HASH, (setting,))
    written = _index(conn)
    config = conn.execute("SELECT * FROM audition_search_config ORDER BY k").fetchall()
    matches = {t: found(j, search=t) for t in ("nurse", "reader", "qx read", "drama", "im")}
    first = min(ids.values())
    conn.execute("DELETE FROM audition_search")
    assert _index(conn) == []
    store_search.index_from(conn, first)
    assert _index(conn) == written
    assert conn.execute("SELECT * FROM audition_search_config ORDER BY k").fetchall() == config
    assert {t: found(j, search=t) for t in matches} == matches
    # FTS5's own check of the index against its content: raises when they differ
    conn.execute("INSERT INTO audition_search (audition_search) VALUES ('integrity-check')")
