"""The undo log: a snapshot of what a change touched, put back on `callback undo`."""

from __future__ import annotations

import json
import sqlite3

from callback_cli.errors import JournalError
from callback_cli.store import rows as store_rows
from callback_cli.store.errors import translated
from callback_cli.store.rows import Rows, insert_row, sync_tag_copies
from callback_cli.store.search import unindex as unindex_search

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
        gone = [int(key) for key, saved in snap.items() if saved is None]
        bulk = len(gone) > store_rows.BULK
        if bulk:  # a big import undone: its auditions deleted the bulk way
            self._delete_many(gone)
        for key, saved in snap.items():
            if saved is None and bulk:
                continue  # deleted already
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

    def _delete_many(self, ids: list[int]) -> None:
        """Delete these auditions (and their events, tags, checks, costs and search rows) with
        the secondary indexes and triggers off, as a big import writes them (Rows.begin_bulk):
        undoing an import of 100,000 auditions took over a minute row by row."""
        rows = Rows(self.conn)
        bulk = rows.begin_bulk()
        self.conn.execute("CREATE TEMP TABLE IF NOT EXISTS undo_gone (id INTEGER PRIMARY KEY)")
        self.conn.execute("DELETE FROM temp.undo_gone")
        self.conn.executemany("INSERT OR IGNORE INTO temp.undo_gone (id) VALUES (?)", ((i,) for i in ids))
        unindex_search(self.conn, "SELECT id FROM temp.undo_gone")
        self.conn.execute("DELETE FROM auditions WHERE id IN (SELECT id FROM temp.undo_gone)")
        self.conn.execute("DROP TABLE temp.undo_gone")
        rows.end_bulk(bulk, rows.next_id())  # nothing new to index

    def push(self, command: str, summary: str, snap: dict, at: str) -> None:
        text = json.dumps(snap, separators=(",", ":"))
        self.conn.execute(
            "INSERT INTO undo_log (at, command, summary, snapshot, size) VALUES (?, ?, ?, ?, ?)",
            (at, command, summary, text, len(text.encode("utf-8", "surrogatepass"))),
        )
        self._trim()

    # A big import's snapshot is gathered in a temporary table, batch by batch, and becomes
    # one undo entry in SQL: a million new auditions never make a million Python objects.
    def begin_parts(self) -> None:
        self.conn.execute(
            "CREATE TEMP TABLE IF NOT EXISTS undo_parts (k INTEGER PRIMARY KEY, v TEXT NOT NULL)"
        )
        self.conn.execute("DELETE FROM temp.undo_parts")

    def add_parts(self, snap: dict) -> None:
        """Snapshots of auditions (see snapshot); the first one of an audition is kept."""
        self.conn.executemany(
            "INSERT OR IGNORE INTO temp.undo_parts (k, v) VALUES (?, ?)",
            [(int(k), json.dumps(v, separators=(",", ":"))) for k, v in snap.items()],
        )

    def add_new_from(self, first_id: int) -> None:
        """Every audition from `first_id` on is new: undo deletes it."""
        self.conn.execute(
            "INSERT OR IGNORE INTO temp.undo_parts (k, v) SELECT id, 'null' FROM auditions WHERE id >= ?",
            (first_id,),
        )

    def push_parts(self, command: str, summary: str, at: str) -> bool:
        """The gathered parts as one undo entry (none when there are none); True if pushed."""
        self.conn.execute(
            "INSERT INTO undo_log (at, command, summary, snapshot, size) "
            "SELECT ?, ?, ?, s, length(CAST(s AS BLOB)) FROM "
            "(SELECT json_group_object(CAST(k AS TEXT), json(v)) AS s, count(*) AS n "
            "FROM (SELECT k, v FROM temp.undo_parts ORDER BY k)) WHERE n > 0",
            (at, command, summary),
        )
        pushed = self.conn.execute("SELECT changes()").fetchone()[0] > 0
        self.conn.execute("DROP TABLE IF EXISTS temp.undo_parts")
        if pushed:
            self._trim()
        return pushed

    def _trim(self) -> None:
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
        try:
            entry["snapshot"] = json.loads(entry["snapshot"])
        except (TypeError, ValueError):  # a bit flip or another program's write
            raise JournalError(
                f"the undo log's last entry ({entry.get('command')!s:.40}) cannot be read; nothing was undone"
            ) from None
        if not isinstance(entry["snapshot"], dict):
            raise JournalError("the undo log's last entry cannot be read; nothing was undone")
        return entry
