"""The undo log: a snapshot of what a change touched, put back on `callback undo`."""

from __future__ import annotations

import json
import sqlite3

from callback_cli.store.errors import translated
from callback_cli.store.rows import insert_row, sync_tag_copies

UNDO_KEEP = 100
UNDO_BYTES = 16 * 2**20  # and at most this much, the newest entry always kept
# long free text a change rarely touches: left out of a snapshot unless the change touches it
_LONG_TEXT = ("notes", "direction")


@translated
class UndoLog:
    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn

    def snapshot(self, ids, keep_text: bool = True) -> dict:
        """Everything about these auditions, to put back on undo (None: did not exist). With
        keep_text False (a change that leaves notes and direction alone) those are left out:
        a mark on an audition with a long note does not copy the note."""
        snap: dict = {}
        for aid in ids:
            row = self.conn.execute("SELECT * FROM auditions WHERE id = ?", (aid,)).fetchone()
            if row is None:
                snap[str(aid)] = None
                continue
            values = dict(row)
            if not keep_text:
                for key in _LONG_TEXT:
                    values.pop(key, None)
            snap[str(aid)] = {
                "partial": not keep_text,
                "row": values,
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
                "expenses": [
                    dict(r)
                    for r in self.conn.execute(
                        "SELECT * FROM expenses WHERE audition_id = ? ORDER BY id", (aid,)
                    )
                ],
            }
        return snap

    def restore(self, snap: dict) -> list[int]:
        """Put the snapshot back; returns the ids of the auditions that exist again."""
        for key, saved in snap.items():
            aid = int(key)
            if saved is not None and saved.get("partial"):
                # the audition is there (undo goes newest first): put its columns back in place
                # and its events, tags and checks as they were; the long text never changed
                for table in ("events", "tags", "checked"):
                    self.conn.execute(f"DELETE FROM {table} WHERE audition_id = ?", (aid,))
                cols = [k for k in saved["row"] if k != "id"]
                self.conn.execute(
                    f"UPDATE auditions SET {', '.join(f'{c} = ?' for c in cols)} WHERE id = ?",
                    (*(saved["row"][c] for c in cols), aid),
                )
            else:
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
            for cost in saved.get("expenses", ()):  # undo entries made before expenses have none
                insert_row(self.conn, "expenses", cost)
        back = [int(k) for k, saved in snap.items() if saved]
        sync_tag_copies(self.conn, back)
        return back

    def push(self, command: str, summary: str, snap: dict, at: str) -> None:
        text = json.dumps(snap, separators=(",", ":"))
        self.conn.execute(
            "INSERT INTO undo_log (at, command, summary, snapshot, size) VALUES (?, ?, ?, ?, ?)",
            (at, command, summary, text, len(text.encode("utf-8", "surrogatepass"))),
        )
        self.conn.execute("DELETE FROM undo_log WHERE id <= (SELECT max(id) FROM undo_log) - ?", (UNDO_KEEP,))
        self.conn.execute(
            "DELETE FROM undo_log WHERE id < (SELECT max(id) FROM undo_log) AND id IN (SELECT id FROM "
            "(SELECT id, sum(size) OVER (ORDER BY id DESC) AS total FROM undo_log) WHERE total > ?)",
            (UNDO_BYTES,),
        )

    def pop(self) -> dict | None:
        row = self.conn.execute("SELECT * FROM undo_log ORDER BY id DESC LIMIT 1").fetchone()
        if row is None:
            return None
        self.conn.execute("DELETE FROM undo_log WHERE id = ?", (row["id"],))
        entry = dict(row)
        entry["snapshot"] = json.loads(entry["snapshot"])
        return entry
