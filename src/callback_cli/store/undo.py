"""The undo log: a snapshot of what a change touched, put back on `callback undo`."""

from __future__ import annotations

import json
import sqlite3

from callback_cli.store.errors import translated
from callback_cli.store.rows import insert_row, sync_tag_copies

UNDO_KEEP = 100


@translated
class UndoLog:
    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn

    def snapshot(self, ids) -> dict:
        """Everything about these auditions, to put back on undo (None: did not exist)."""
        snap: dict = {}
        for aid in ids:
            row = self.conn.execute("SELECT * FROM auditions WHERE id = ?", (aid,)).fetchone()
            if row is None:
                snap[str(aid)] = None
                continue
            snap[str(aid)] = {
                "row": dict(row),
                "events": [
                    dict(r)
                    for r in self.conn.execute(
                        "SELECT * FROM events WHERE audition_id = ? ORDER BY id", (aid,)
                    )
                ],
                "tags": [
                    r[0] for r in self.conn.execute("SELECT tag FROM tags WHERE audition_id = ?", (aid,))
                ],
                "checked": [
                    dict(r) for r in self.conn.execute("SELECT * FROM checked WHERE audition_id = ?", (aid,))
                ],
            }
        return snap

    def restore(self, snap: dict) -> list[int]:
        """Put the snapshot back; returns the ids of the auditions that exist again."""
        for key, saved in snap.items():
            aid = int(key)
            self.conn.execute("DELETE FROM auditions WHERE id = ?", (aid,))
            if saved is None:
                continue
            insert_row(self.conn, "auditions", saved["row"])
            for event in saved["events"]:
                insert_row(self.conn, "events", event)
            self.conn.executemany(
                "INSERT INTO tags (audition_id, tag) VALUES (?, ?)", [(aid, tag) for tag in saved["tags"]]
            )
            for item in saved["checked"]:
                insert_row(self.conn, "checked", item)
        back = [int(k) for k, saved in snap.items() if saved]
        sync_tag_copies(self.conn, back)
        return back

    def push(self, command: str, summary: str, snap: dict, at: str) -> None:
        self.conn.execute(
            "INSERT INTO undo_log (at, command, summary, snapshot) VALUES (?, ?, ?, ?)",
            (at, command, summary, json.dumps(snap, separators=(",", ":"))),
        )
        self.conn.execute("DELETE FROM undo_log WHERE id <= (SELECT max(id) FROM undo_log) - ?", (UNDO_KEEP,))

    def pop(self) -> dict | None:
        row = self.conn.execute("SELECT * FROM undo_log ORDER BY id DESC LIMIT 1").fetchone()
        if row is None:
            return None
        self.conn.execute("DELETE FROM undo_log WHERE id = ?", (row["id"],))
        entry = dict(row)
        entry["snapshot"] = json.loads(entry["snapshot"])
        return entry
