"""Expenses (the `expenses` table, integer cents) and the miles logged on auditions."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from callback_cli.store.errors import translated


@translated
class Costs:
    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn

    def add(self, aid: int, day: str, cents: int, what: str | None, at: str) -> None:
        self.conn.execute(
            "INSERT INTO expenses (audition_id, date, cents, what, created_at) VALUES (?, ?, ?, ?, ?)",
            (aid, day, cents, what, at),
        )

    def of(self, ids: Iterable[int]) -> dict[int, list[dict]]:
        """Each audition's expenses ({"date", "cents", "what"}) by id, in date order."""
        ids = list(ids)
        found: dict[int, list[dict]] = {}
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            for aid, day, cents, what in self.conn.execute(
                f"SELECT audition_id, date, cents, what FROM expenses WHERE audition_id IN "
                f"({', '.join('?' for _ in chunk)}) ORDER BY audition_id, date, id",
                chunk,
            ):
                found.setdefault(aid, []).append({"date": day, "cents": cents, "what": what})
        return found

    def keys(self, aid: int) -> set[tuple]:
        """(date, cents, what) of each of an audition's expenses (for matching imports)."""
        return {
            (r[0], r[1], r[2])
            for r in self.conn.execute("SELECT date, cents, what FROM expenses WHERE audition_id = ?", (aid,))
        }

    def spent(self, since: str, until: str) -> list[dict]:
        """Every expense dated in the range, with its audition's project."""
        return [
            {"date": r[0], "cents": r[1], "what": r[2], "audition_id": r[3], "project": r[4]}
            for r in self.conn.execute(
                "SELECT x.date, x.cents, x.what, x.audition_id, a.project FROM expenses x "
                "JOIN auditions a ON a.id = x.audition_id WHERE x.date >= ? AND x.date <= ? "
                "ORDER BY x.date, x.id",
                (since, until),
            )
        ]

    def driven(self, since: str, until: str) -> list[dict]:
        """Every audition dated in the range with miles logged."""
        return [
            {"date": r[0], "miles": r[1], "audition_id": r[2], "project": r[3]}
            for r in self.conn.execute(
                "SELECT date, miles, id, project FROM auditions WHERE miles > 0 AND date >= ? "
                "AND date <= ? ORDER BY date, id",
                (since, until),
            )
        ]
