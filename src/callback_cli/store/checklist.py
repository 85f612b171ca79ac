"""The follow-up items checked off (the `checked` table)."""

from __future__ import annotations

import sqlite3

from callback_cli.store.errors import translated


@translated
class Checklist:
    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn

    def checked_items(self, since: str) -> set[tuple]:
        """(audition id, item, due) of every item checked off with a due date from `since`."""
        return {
            (r[0], r[1], r[2])
            for r in self.conn.execute("SELECT audition_id, item, due FROM checked WHERE due >= ?", (since,))
        }

    def check(self, aid: int, item: str, due: str, at: str) -> None:
        self.conn.execute(
            "INSERT OR REPLACE INTO checked (audition_id, item, due, checked_at) VALUES (?, ?, ?, ?)",
            (aid, item, due, at),
        )

    def uncheck(self, aid: int, item: str) -> str | None:
        """Remove the most recent check of this item; returns its due date."""
        row = self.conn.execute(
            "SELECT due FROM checked WHERE audition_id = ? AND item = ? ORDER BY due DESC LIMIT 1",
            (aid, item),
        ).fetchone()
        if row is None:
            return None
        self.conn.execute(
            "DELETE FROM checked WHERE audition_id = ? AND item = ? AND due = ?", (aid, item, row[0])
        )
        return row[0]
