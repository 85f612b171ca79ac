"""The store's reads for the checklist and the hear-back figures, tested directly on a real
journal file against answers worked out by hand or by brute force in Python."""

import random
from datetime import date

import pytest

from callback_cli.journal import Journal
from callback_cli.store import Store

TODAY = "2026-03-11"


@pytest.fixture
def store(tmp_path):
    s = Store.open(tmp_path / "j.db", create=True)
    yield s
    s.close()


def _add(store, day, project="P", outfit=None, events=(), **more):
    n = store.conn.execute("SELECT count(*) FROM auditions").fetchone()[0]
    aid = store.rows.insert_audition(
        {
            "uid": f"u{n}",
            "date": day,
            "project": project,
            "outfit": outfit,
            "created_at": "2026-01-01T00:00:00Z",
            "updated_at": "x",
            **more,
        }
    )
    for status, when in events:
        store.rows.add_event(aid, status, when, None, "x")
    Journal(store, date.fromisoformat(TODAY), 14)._refresh([aid])
    return aid


# ---- the outfit worn last time ----------------------------------------------------------------
def test_earlier_outfits_take_the_latest_earlier_audition_with_an_outfit(store):
    with store.transaction():
        _add(store, "2026-01-05", "Night Shift", "grey coat")
        _add(store, "2026-02-01", "night shift", "blue shirt")  # the latest with an outfit
        _add(store, "2026-02-20", "Night Shift")  # later, but no outfit logged
        _add(store, "2026-03-20", "NIGHT SHIFT", "red scarf")  # on or after the date asked: not earlier
        _add(store, "2026-02-25", "Night Shift Two", "green hat")  # another project
        _add(store, "2026-01-10", "Pilot", "first")
        _add(store, "2026-01-10", "Pilot", "logged later the same day")
    found = store.rows.earlier_outfits(
        [
            ("Night Shift", "2026-03-20"),
            ("Pilot", "2026-03-15"),
            ("Pilot", "2026-01-10"),
            ("Fresh", "2026-03-14"),
        ]
    )
    assert found == {
        ("Night Shift", "2026-03-20"): ("2026-02-01", "blue shirt"),
        ("Pilot", "2026-03-15"): ("2026-01-10", "logged later the same day"),
    }  # none before 10 January for Pilot, and none at all for Fresh: left out
    assert store.rows.earlier_outfits([]) == {}


def test_earlier_outfits_agree_with_a_search_of_every_audition(store):
    rnd = random.Random(7)
    projects = ["Alpha", "alpha", "Beta", "Gamma", "Delta"]
    with store.transaction():
        for _ in range(300):
            day = f"2026-{rnd.randint(1, 4):02d}-{rnd.randint(1, 28):02d}"
            _add(store, day, rnd.choice(projects), rnd.choice(["a", "b", "c", None, None]))
    rows = store.conn.execute("SELECT id, date, project, outfit FROM auditions").fetchall()
    # more pairs than one statement takes, so the answer comes back in chunks
    wanted = [
        (rnd.choice(projects + ["Zeta"]), f"2026-{rnd.randint(1, 5):02d}-{rnd.randint(1, 28):02d}")
        for _ in range(900)
    ]

    def by_hand(project, before):
        earlier = [
            (d, i, o)
            for i, d, p, o in rows
            if p.casefold() == project.casefold() and d < before and o is not None
        ]
        if not earlier:
            return None
        d, _, o = max(earlier)
        return (d, o)

    expected = {pair: by_hand(*pair) for pair in wanted}
    assert store.rows.earlier_outfits(wanted) == {k: v for k, v in expected.items() if v is not None}


# ---- the days to hear back ------------------------------------------------------------------
def _days(store, by, since=None, until=None, today=TODAY):
    return sorted(store.aggregates.callback_days(by, since, until, today), key=str)


def test_callback_and_booking_days_count_from_the_first_one_up_to_today(store):
    with store.transaction():
        _add(
            store,
            "2026-01-01",
            type="tv",
            casting="Jane Doe",
            events=[("callback", "2026-01-08"), ("callback", "2026-01-04"), ("booked", "2026-01-20")],
        )
        _add(
            store,
            "2026-02-01",
            type="film",
            casting="jane doe",
            events=[("pinned", "2026-02-03"), ("booked", "2026-02-11")],
        )
        _add(store, "2026-03-01", type="tv", events=[("callback", "2026-03-20")])  # after today: not yet
        _add(store, "2026-03-02", type="tv", events=[("released", "2026-03-05")])  # no callback, no booking
        _add(store, "2026-03-20", type="tv", events=[("callback", "2026-03-21")])  # an audition still to come
        _add(store, "2025-12-30", type="web", events=[("callback", "2026-01-02")])  # over a new year
        _add(store, "2026-02-10", type="tv", casting="JANE DOE", events=[("callback", "2026-02-13")])
    assert _days(store, "type") == [("tv", 3, 2), ("web", 3, 1)]
    assert _days(store, "casting") == sorted([("Jane Doe", 3, 1), ("JANE DOE", 3, 1), (None, 3, 1)], key=str)
    assert store.aggregates.booking_days(None, None, TODAY) == [(10, 1), (19, 1)]
    # a range counts the auditions dated in it
    assert _days(store, "type", "2026-01-01", "2026-01-31") == [("tv", 3, 1)]
    assert store.aggregates.booking_days("2026-01-01", "2026-01-31", TODAY) == [(19, 1)]
    # as of an earlier day, later events do not count yet
    assert _days(store, "type", today="2026-01-10") == [("tv", 3, 1), ("web", 3, 1)]
    assert store.aggregates.booking_days(None, None, "2026-01-10") == []
    assert _days(store, "type", today="2026-01-03") == [("web", 3, 1)]


def _by_hand(store, today, since=None, until=None):
    """Every figure worked out from the events themselves, in Python (not from called_on)."""
    auditions = store.conn.execute("SELECT id, date, type, casting FROM auditions").fetchall()
    events = store.conn.execute("SELECT audition_id, status, date FROM events").fetchall()
    by_type: dict = {}
    by_casting: dict = {}
    booked: dict = {}
    for aid, day, kind, casting in auditions:
        if day > today or (since and day < since) or (until and day > until):
            continue
        mine = [(s, d) for a, s, d in events if a == aid and d <= today]
        calls = [d for s, d in mine if s == "callback"]
        books = [d for s, d in mine if s == "booked"]

        def gap(later, day=day):
            return (date.fromisoformat(later) - date.fromisoformat(day)).days

        if calls:
            key = (kind, gap(min(calls)))
            by_type[key] = by_type.get(key, 0) + 1
            key = (casting, gap(min(calls)))
            by_casting[key] = by_casting.get(key, 0) + 1
        if books:
            booked[gap(min(books))] = booked.get(gap(min(books)), 0) + 1
    return (
        sorted(((*k, n) for k, n in by_type.items()), key=str),
        sorted(((*k, n) for k, n in by_casting.items()), key=str),
        sorted(booked.items()),
    )


@pytest.mark.parametrize("seed", [3, 11, 29])
def test_callback_and_booking_days_agree_with_a_count_of_the_events(store, seed):
    rnd = random.Random(seed)
    with store.transaction():
        for _ in range(250):
            day = date(2026, rnd.randint(1, 4), rnd.randint(1, 28))
            events = [
                (
                    rnd.choice(["callback", "callback", "booked", "pinned", "released"]),
                    # some before the audition (a typo kept as typed), some after today
                    date(2026, rnd.randint(1, 5), rnd.randint(1, 28)).isoformat(),
                )
                for _ in range(rnd.randint(0, 4))
            ]
            _add(
                store,
                day.isoformat(),
                type=rnd.choice(["tv", "film", None]),
                casting=rnd.choice(["Jane Doe", "JANE DOE", "Élan", "élan", "", None]),
                events=events,
            )
    for today, since, until in (
        ("2026-02-15", None, None),
        ("2026-04-30", None, None),
        ("2026-06-01", "2026-02-01", "2026-03-15"),
        ("2026-03-01", "2026-02-10", None),
    ):
        by_type, by_casting, booked = _by_hand(store, today, since, until)
        assert by_type and by_casting and booked
        assert _days(store, "type", since, until, today) == by_type
        assert _days(store, "casting", since, until, today) == by_casting
        assert sorted(store.aggregates.booking_days(since, until, today)) == booked


@pytest.mark.parametrize(
    ("query", "index"),
    [
        (lambda a: a.callback_days("type", None, None, TODAY), "auditions_called_by_type"),
        (lambda a: a.callback_days("casting", "2026-01-01", None, TODAY), "auditions_called_by_casting"),
        (lambda a: a.booking_days(None, "2026-02-01", TODAY), "auditions_booked_days"),
    ],
)
def test_the_days_to_hear_back_are_read_in_order_from_their_index(store, query, index):
    """The figures come grouped from the index on the expression itself (m007): no row of
    the table is read and nothing is sorted, however big the journal."""
    statements: list[str] = []
    store.conn.set_trace_callback(statements.append)  # each statement as run, its values in it
    try:
        query(store.aggregates)
    finally:
        store.conn.set_trace_callback(None)
    (sql,) = statements
    plan = " | ".join(r[3] for r in store.conn.execute("EXPLAIN QUERY PLAN " + sql))
    assert f"USING COVERING INDEX {index}" in plan and "TEMP B-TREE" not in plan, plan


# ---- the counts by casting office, outfit and headshot ----------------------------------------
def _nocase(text):
    """SQLite's NOCASE: ASCII letters folded, nothing else."""
    return text.translate({c: c + 32 for c in range(65, 91)}) if isinstance(text, str) else text


@pytest.mark.parametrize("dim", ["casting", "outfit", "headshot"])
def test_counts_of_the_set_values_agree_with_a_count_of_every_audition(store, dim):
    rnd = random.Random(dim)
    values = ["Blue", "blue", "BLUE", "Élan", "élan", "", None, None]
    with store.transaction():
        for _ in range(300):
            day = date(2026, rnd.randint(1, 3), rnd.randint(1, 28)).isoformat()
            events = [("callback", "2026-03-01")] if rnd.random() < 0.3 else []
            if rnd.random() < 0.1:
                events.append(("booked", "2026-03-05"))
            _add(store, day, events=events, **{dim: rnd.choice(values)})
        # another program's write: a blob is a value too
        store.conn.execute(
            f"UPDATE auditions SET {dim} = x'00ff' WHERE id = (SELECT min(id) FROM auditions "
            "WHERE date BETWEEN '2026-02-01' AND ?)",
            (TODAY,),
        )
    rows = store.conn.execute(f"SELECT date, {dim}, advanced_on, booked_on FROM auditions").fetchall()
    for since in (None, "2026-02-01"):
        want: dict = {}
        for day, value, advanced, booked in rows:
            if value is None or day > TODAY or (since and day < since):
                continue
            n = want.setdefault(_nocase(value), [0, 0, 0])
            n[0] += 1
            n[1] += bool(advanced and advanced <= TODAY)
            n[2] += bool(booked and booked <= TODAY)
        counted = store.aggregates.counts(dim, since, None, TODAY, False)
        got = {_nocase(k): [n, a, b] for k, n, a, b in counted}
        assert got == want and b"\x00\xff" in got and "" in got
