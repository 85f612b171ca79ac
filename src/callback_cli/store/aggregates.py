"""The counts reports are made of: auditions, advanced and booked per value of a dimension,
over auditions dated in a range and not after today, read from the covering indexes."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

from callback_cli.migrations import BOOKING_DAYS, CALLBACK_DAYS
from callback_cli.store.errors import translated

# The counting fragment, written once: auditions, advanced (as of today), booked (as of
# today) over alias {a}. Its two parameters, today and today, come first in the statement.
MEASURES = (
    "count(*), count(CASE WHEN {a}.advanced_on <= ? THEN 1 END), "
    "count(CASE WHEN {a}.booked_on <= ? THEN 1 END)"
)
# the five small-vocabulary dimensions, counted together in one pass over auditions_by_kind
KINDS = ("type", "format", "size", "source", "rating")
# the dimensions counted one column at a time, and how they group
# `x >= ''` is `x IS NOT NULL` for these text columns (every text, and a blob, sorts after
# ''), and lets SQLite start its index scan after the unset ones instead of reading them.
SINGLE = {
    "casting": "a.casting COLLATE NOCASE",
    "outfit": "a.outfit COLLATE NOCASE",
    "headshot": "a.headshot COLLATE NOCASE",
    "date": "a.date",
}

Counts = tuple  # (key, auditions, advanced, booked)


def date_range(
    alias: str, since: str | None, until: str | None, today: str, lead: tuple = ()
) -> tuple[str, list]:
    """The WHERE for 'dated in the range and not after today'; its parameters follow
    `lead`, the parameters that come before it in the statement."""
    clauses, params = [f"{alias}.date <= ?"], [*lead, today]
    if since:
        clauses.append(f"{alias}.date >= ?")
        params.append(since)
    if until:
        clauses.append(f"{alias}.date <= ?")
        params.append(until)
    return " AND ".join(clauses), params


@translated
class Aggregates:
    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn

    def total(self, since: str | None, until: str | None, today: str) -> tuple[int, int, int]:
        """(auditions, advanced, booked) over the range."""
        cond, params = date_range("a", since, until, today, (today, today))
        row = self.conn.execute(
            f"SELECT {MEASURES.format(a='a')} FROM auditions a WHERE {cond}", params
        ).fetchone()
        return row[0], row[1], row[2]

    def counts(
        self, dim: str, since: str | None, until: str | None, today: str, with_unset: bool = True
    ) -> list[Counts]:
        """(key, auditions, advanced, booked) per value of `dim`: casting, outfit, headshot, date or tag
        (for the KINDS see counts_by_kind). With `with_unset`, the auditions without a value
        count under the key None."""
        cond, params = date_range("a", since, until, today, (today, today))
        measures = MEASURES.format(a="a")
        if dim == "tag":
            tcond, tparams = date_range("t", since, until, today, (today, today))
            rows = [
                tuple(r)
                for r in self.conn.execute(
                    f"SELECT t.tag, {MEASURES.format(a='t')} FROM tags t WHERE {tcond} GROUP BY t.tag",
                    tparams,
                )
            ]
            if with_unset:  # the untagged: everything less the tagged, each counted once
                total = self.conn.execute(
                    f"SELECT {measures} FROM auditions a WHERE {cond}", params
                ).fetchone()
                tagged = self.conn.execute(
                    f"SELECT {MEASURES.format(a='d')} FROM (SELECT DISTINCT t.audition_id, "
                    f"t.advanced_on, t.booked_on FROM tags t WHERE {tcond}) d",
                    tparams,
                ).fetchone()
                untagged = tuple(x - y for x, y in zip(total, tagged, strict=True))
                if untagged[0]:
                    rows.append((None, *untagged))
            return rows
        expr = SINGLE[dim]
        column = expr.split()[0]
        unset = "" if with_unset else f" AND {expr} >= ''"
        # with one max() in the query SQLite takes the bare column from that row: an office
        # typed in several cases shows as it was spelled most recently (as `people` does).
        # A date is spelled one way: no max() to keep (5 ms on 100,000 auditions).
        latest = ", max(a.date)" if "NOCASE" in expr else ""
        return [
            tuple(r)[:4]
            for r in self.conn.execute(
                f"SELECT {column}, {measures}{latest} FROM auditions a WHERE {cond}{unset} GROUP BY {expr}",
                params,
            )
        ]

    def counts_by_kind(
        self, since: str | None, until: str | None, today: str
    ) -> list[tuple[tuple, int, int, int]]:
        """((type, format, size, source, rating), auditions, advanced, booked) per
        combination of the KINDS, in one pass over the auditions_by_kind index."""
        cond, params = date_range("a", since, until, today, (today, today))
        kinds = ", ".join(f"a.{k}" for k in KINDS)
        width = len(KINDS)
        return [
            (tuple(r[:width]), r[width], r[width + 1], r[width + 2])
            for r in self.conn.execute(
                f"SELECT {kinds}, {MEASURES.format(a='a')} FROM auditions a "
                f"INDEXED BY auditions_by_kind WHERE {cond} GROUP BY {kinds}",
                params,
            )
        ]

    def casting_record(self, casting: str, today: str) -> tuple[int, int]:
        """(auditions, advanced) with this casting office (any case) up to today."""
        row = self.conn.execute(
            f"SELECT {MEASURES.format(a='a')} FROM auditions a "
            "WHERE a.casting = ? COLLATE NOCASE AND a.date <= ?",
            (today, today, casting, today),
        ).fetchone()
        return row[0], row[1]

    def any_audition(self, start: str, end: str) -> bool:
        found = self.conn.execute(
            "SELECT 1 FROM auditions WHERE date >= ? AND date <= ? LIMIT 1", (start, end)
        )
        return found.fetchone() is not None

    def event_counts(self, since: str, until: str, today: str) -> dict[str, int]:
        """How many events of each status are dated in the range and not after today."""
        return {
            r[0]: r[1]
            for r in self.conn.execute(
                "SELECT status, count(*) FROM events "
                "WHERE date >= ? AND date <= ? AND date <= ? GROUP BY status",
                (since, until, today),
            )
        }

    def last_event_date(self, status: str, today: str) -> str | None:
        return self.conn.execute(
            "SELECT max(date) FROM events WHERE status = ? AND date <= ?", (status, today)
        ).fetchone()[0]

    def upcoming(self, today: str) -> list[dict]:
        """Auditions and callbacks dated after today, soonest first."""
        return [
            dict(r)
            for r in self.conn.execute(
                """SELECT id AS audition_id, 'audition' AS kind, date, time, project, role
               FROM auditions WHERE date > ?
               UNION ALL
               SELECT a.id, 'callback', e.date, e.time, a.project, a.role
               FROM events e JOIN auditions a ON a.id = e.audition_id
               WHERE e.status = 'callback' AND e.date > ?
               ORDER BY date, time, audition_id""",
                (today, today),
            )
        ]

    def casting_history(self, since: str | None, until: str | None, today: str) -> list[dict]:
        """Per casting office (any case): counts, rates' inputs and when last seen."""
        cond, params = date_range("a", since, until, today, (today, today))
        return [
            {"casting": r[0], "auditions": r[1], "advanced": r[2], "booked": r[3], "last_seen": r[4]}
            for r in self.conn.execute(
                f"SELECT a.casting, {MEASURES.format(a='a')}, max(a.date) FROM auditions a "
                f"WHERE {cond} AND a.casting COLLATE NOCASE >= '' GROUP BY a.casting COLLATE NOCASE",
                params,
            )
        ]

    def casting_projects(
        self, casting: str, since: str | None, until: str | None, today: str
    ) -> Iterator[str]:
        """One casting office's projects (any case), most recent first, read lazily from the
        auditions_by_casting index."""
        cond, params = date_range("a", since, until, today, (casting,))
        for (project,) in self.conn.execute(
            f"SELECT a.project FROM auditions a WHERE a.casting = ? COLLATE NOCASE AND {cond} "
            "ORDER BY a.casting COLLATE NOCASE, a.date DESC",
            params,
        ):
            yield project

    def callback_days(self, by: str, since: str | None, until: str | None, today: str) -> list[tuple]:
        """(type or casting, days, auditions): how many auditions dated in the range and not
        after today had their first callback (on or before today) that many days after the
        audition, per type or per casting office as typed. Read in order from the m007 index
        on these very figures: nothing is sorted and no row is visited."""
        index = {"type": "auditions_called_by_type", "casting": "auditions_called_by_casting"}[by]
        cond, params = date_range("a", since, until, today, (today,))
        return self._tuples(
            f"SELECT a.{by}, {CALLBACK_DAYS}, count(*) FROM auditions a INDEXED BY {index} "
            f"WHERE a.called_on IS NOT NULL AND a.called_on <= ? AND {cond} "
            f"GROUP BY a.{by}, {CALLBACK_DAYS}",
            params,
        )

    def booking_days(self, since: str | None, until: str | None, today: str) -> list[tuple]:
        """(days, auditions): the same for the first booking, over every type and office."""
        cond, params = date_range("a", since, until, today, (today,))
        return self._tuples(
            f"SELECT {BOOKING_DAYS}, count(*) FROM auditions a INDEXED BY auditions_booked_days "
            f"WHERE a.booked_on IS NOT NULL AND a.booked_on <= ? AND {cond} GROUP BY {BOOKING_DAYS}",
            params,
        )

    def _tuples(self, sql: str, params) -> list[tuple]:
        """A query's rows as plain tuples (cheaper than sqlite3.Row for thousands of rows)."""
        cursor = self.conn.cursor()
        cursor.row_factory = None
        return cursor.execute(sql, params).fetchall()
