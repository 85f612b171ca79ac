"""How long until they call: median and 90th percentile of the days from an audition to its
first callback and to a booking, learned from the actor's own journal (pure)."""

from __future__ import annotations

import math


def waits(days: list[int]) -> dict:
    """{"n", "median", "p90"} of waits in days: the median as usual (the mean of the middle
    two for an even count), p90 by nearest rank, so "9 in 10 came within p90 days" is
    literally true of the journal. Figures are None when n is 0."""
    ordered = sorted(days)
    n = len(ordered)
    if not n:
        return {"n": 0, "median": None, "p90": None}
    mid = n // 2
    median = ordered[mid] if n % 2 else (ordered[mid - 1] + ordered[mid]) / 2
    if median == int(median):
        median = int(median)
    return {"n": n, "median": median, "p90": ordered[math.ceil(0.9 * n) - 1]}


def hear_back(rows) -> dict:
    """Days from audition to first callback and to booking, overall, by type and by casting
    office (any case), from store rows (type, casting, days to callback, days to booking)."""
    calls: list[int] = []
    books: list[int] = []
    by_type: dict = {}
    by_casting: dict = {}
    for kind, casting, c, b in rows:
        if c is not None:
            calls.append(c)
            by_type.setdefault(kind, []).append(c)
            if casting:
                by_casting.setdefault(casting.casefold(), []).append(c)
        if b is not None:
            books.append(b)
    return {
        "days_to_callback": waits(calls),
        "days_to_booking": waits(books),
        "by_type": sorted(
            ({"key": k, **waits(v)} for k, v in by_type.items()),
            key=lambda g: (-g["n"], g["key"] is None, g["key"] or ""),
        ),
        "by_casting": {key: waits(v) for key, v in by_casting.items()},
    }
