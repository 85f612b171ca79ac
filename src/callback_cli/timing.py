"""How long until they call: median and 90th percentile of the days from an audition to its
first callback and to a booking, learned from the actor's own journal (pure)."""

from __future__ import annotations

import math
from collections.abc import Iterable


def counted(pairs: Iterable[tuple[int, int]]) -> dict:
    """{"n", "median", "p90"} of waits given as (days, how many) pairs: the median as usual
    (the mean of the middle two for an even count), p90 by nearest rank, so "9 in 10 came
    within p90 days" is literally true of the journal. Figures are None when n is 0."""
    tally: dict[int, int] = {}
    for days, times in pairs:
        tally[days] = tally.get(days, 0) + times
    n = sum(tally.values())
    if not n:
        return {"n": 0, "median": None, "p90": None}
    ordered = sorted(tally.items())

    def nth(rank: int) -> int:  # the rank-th smallest wait, from 0
        seen = 0
        for days, times in ordered:
            seen += times
            if rank < seen:
                return days
        raise IndexError(rank)

    mid = n // 2
    median: float = nth(mid) if n % 2 else (nth(mid - 1) + nth(mid)) / 2
    if median == int(median):
        median = int(median)
    return {"n": n, "median": median, "p90": nth(math.ceil(0.9 * n) - 1)}


def waits(days: Iterable[int]) -> dict:
    """counted() of a plain list of waits in days."""
    return counted((d, 1) for d in days)


def hear_back(by_type: Iterable[tuple], bookings: Iterable[tuple[int, int]]) -> dict:
    """Days from audition to first callback (overall and by type) and to booking, from the
    store's (type, days, auditions) and (days, auditions) rows (aggregates.callback_days,
    booking_days)."""
    groups: dict = {}
    for kind, days, times in by_type:
        groups.setdefault(kind, []).append((days, times))
    return {
        "days_to_callback": counted(pair for pairs in groups.values() for pair in pairs),
        "days_to_booking": counted(bookings),
        "by_type": sorted(
            ({"key": k, **counted(v)} for k, v in groups.items()),
            key=lambda g: (-g["n"], g["key"] is None, g["key"] or ""),
        ),
    }


def by_casting(rows: Iterable[tuple]) -> dict:
    """Days from audition to first callback per casting office (any case: the key is the
    office folded), from the store's (casting, days, auditions) rows."""
    groups: dict = {}
    for casting, days, times in rows:
        if casting:
            groups.setdefault(casting.casefold(), []).append((days, times))
    return {key: counted(v) for key, v in groups.items()}
