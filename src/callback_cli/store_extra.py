"""SQL for expenses and for the days it takes to hear back (functions over a connection)."""

from __future__ import annotations

import sqlite3


def add_expense(conn: sqlite3.Connection, aid: int, day: str, cents: int, what: str | None, at: str) -> None:
    conn.execute(
        "INSERT INTO expenses (audition_id, date, cents, what, created_at) VALUES (?, ?, ?, ?, ?)",
        (aid, day, cents, what, at),
    )


def expenses_of(conn: sqlite3.Connection, inner: str, params=()) -> dict[int, list[dict]]:
    """The expenses of the auditions whose ids `inner` (a SELECT) gives, by id, in date order."""
    found: dict[int, list[dict]] = {}
    for aid, day, cents, what in conn.execute(
        f"SELECT audition_id, date, cents, what FROM expenses WHERE audition_id IN ({inner}) "
        "ORDER BY audition_id, date, id",
        params,
    ):
        found.setdefault(aid, []).append({"date": day, "cents": cents, "what": what})
    return found


def spent_between(conn: sqlite3.Connection, since: str, until: str) -> list[dict]:
    """Every expense dated in the range, with its audition's project."""
    return [
        {"date": r[0], "cents": r[1], "what": r[2], "audition_id": r[3], "project": r[4]}
        for r in conn.execute(
            "SELECT x.date, x.cents, x.what, x.audition_id, a.project FROM expenses x "
            "JOIN auditions a ON a.id = x.audition_id WHERE x.date >= ? AND x.date <= ? "
            "ORDER BY x.date, x.id",
            (since, until),
        )
    ]


def driven_between(conn: sqlite3.Connection, since: str, until: str) -> list[dict]:
    """Every audition dated in the range with miles logged."""
    return [
        {"date": r[0], "miles": r[1], "audition_id": r[2], "project": r[3]}
        for r in conn.execute(
            "SELECT date, miles, id, project FROM auditions WHERE miles > 0 AND date >= ? AND date <= ? "
            "ORDER BY date, id",
            (since, until),
        )
    ]


def first_outcomes(
    conn: sqlite3.Connection, since: str | None, until: str | None, today: str
) -> list[tuple]:
    """(type, casting, date, first callback, first booking) of each audition dated in the
    range and not after today that has a callback or a booking dated on or before today."""
    where, params = ["a.date <= ?"], [today, today]
    if since:
        where.append("a.date >= ?")
        params.append(since)
    if until:
        where.append("a.date <= ?")
        params.append(until)
    return [
        tuple(r)
        for r in conn.execute(
            "SELECT a.type, a.casting, a.date, "
            "min(CASE WHEN e.status = 'callback' THEN e.date END), "
            "min(CASE WHEN e.status = 'booked' THEN e.date END) "
            "FROM events e JOIN auditions a ON a.id = e.audition_id "
            "WHERE e.status IN ('callback', 'booked') AND e.date <= ? AND "
            + " AND ".join(where)
            + " GROUP BY a.id",
            params,
        )
    ]
