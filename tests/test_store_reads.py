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
def test_waits_are_days_to_the_first_callback_and_booking_up_to_today(store):
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
    found = sorted(store.aggregates.waits(None, None, TODAY), key=str)
    assert found == sorted(
        [("tv", "Jane Doe", 3, 19), ("film", "jane doe", None, 10), ("web", None, 3, None)], key=str
    )
    assert sorted(store.aggregates.callback_waits(TODAY)) == [3, 3]
    # a range counts the auditions dated in it
    assert store.aggregates.waits("2026-01-01", "2026-01-31", TODAY) == [("tv", "Jane Doe", 3, 19)]
    # as of an earlier day, later events do not count yet
    assert store.aggregates.waits("2026-01-01", "2026-01-31", "2026-01-10") == [("tv", "Jane Doe", 3, None)]
    assert store.aggregates.callback_waits("2026-01-03") == [3]


def test_callback_waits_are_the_callback_part_of_waits(store):
    rnd = random.Random(3)
    with store.transaction():
        for _ in range(200):
            day = date(2026, rnd.randint(1, 4), rnd.randint(1, 28))
            events = [
                (
                    rnd.choice(["callback", "booked", "pinned", "released"]),
                    date(2026, rnd.randint(1, 5), rnd.randint(1, 28)).isoformat(),
                )
                for _ in range(rnd.randint(0, 3))
            ]
            _add(store, day.isoformat(), type=rnd.choice(["tv", "film"]), events=events)
    for today in ("2026-02-15", "2026-04-30"):
        both = [r[2] for r in store.aggregates.waits(None, None, today) if r[2] is not None]
        assert sorted(store.aggregates.callback_waits(today)) == sorted(both) and both
