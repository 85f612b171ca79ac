"""The longer view, as plain data: weeks and months of trend, and the season review.

Built on the same aggregates as `stats`, `patterns` and `people` (reports.py), so every
figure here equals what those commands print for the same range. No Rich, no Typer.
"""

from __future__ import annotations

from datetime import date, timedelta

from callback_cli import reports
from callback_cli.filters import Filter

NOT_SEEN_DAYS = 90  # an office not seen for a season's quarter is worth a word to the agent


def _with_range(group: dict) -> dict:
    """A group's figures with the 95% Wilson range of its callback rate."""
    low, high = reports.wilson(group["advanced"], group["auditions"])
    return {**group, "low": low, "high": high}


def weekly_trend(store, today: date, week_start: date, weeks: int = 26) -> list[dict]:
    """The `weeks` weeks ending with the one starting on `week_start`, oldest first, each
    {start, end, auditions, advanced, booked, rates, low, high}; empty weeks included, so a
    dry spell shows. Weeks follow the configured week start, as the report does."""
    first = week_start - timedelta(weeks=weeks - 1)
    last = week_start + timedelta(days=6)
    counts = [[0, 0, 0] for _ in range(weeks)]
    for day, n, adv, bk in store.aggregates.counts(
        "date", first.isoformat(), last.isoformat(), today.isoformat()
    ):
        slot = counts[(date.fromisoformat(day) - first).days // 7]
        slot[0] += n
        slot[1] += adv
        slot[2] += bk
    out = []
    for i, (n, adv, bk) in enumerate(counts):
        start = first + timedelta(weeks=i)
        out.append(
            _with_range(
                {
                    "start": start.isoformat(),
                    "end": (start + timedelta(days=6)).isoformat(),
                    **reports.figures(n, adv, bk),
                }
            )
        )
    return out


def monthly(store, today: date, since: str | None, until: str | None) -> list[dict]:
    """Month by month over the range (empty months included), each with its 95% range."""
    doc = reports.stats(store, today, since, until, "month", timed=False)
    return [_with_range(g) for g in doc.get("series", [])]


def _type_and_format(store, today: date, since, until) -> tuple[list[dict], list[dict]]:
    """By type and by format from one pass over the kinds index (each pass reads it whole),
    grouped and sorted exactly as `stats --by type|format` does."""
    rows = store.aggregates.counts_by_kind(since, until, today.isoformat())
    out = []
    for dim in ("type", "format"):
        groups = [{"key": k, **reports.figures(n, a, b)} for k, n, a, b in reports._fold_kinds(rows, dim)]
        out.append([_with_range(g) for g in sorted(groups, key=reports._sort_key)])
    return out[0], out[1]


def week_extras(store, today: date, doc: dict, weeks: int = 26) -> dict:
    """What the week's page shows beyond `report --json`: the trend behind the week, and the
    week's auditions by type and by format."""
    start = date.fromisoformat(doc["week"]["start"])
    trend = weekly_trend(store, today, start, weeks)
    months_from = date.fromisoformat(trend[0]["start"]).replace(day=1).isoformat()
    s, e = doc["week"]["start"], doc["week"]["end"]
    by_type, by_format = _type_and_format(store, today, s, e)
    return {
        "weeks": trend,
        "months": monthly(store, today, months_from, e),
        "by_type": by_type,
        "by_format": by_format,
    }


def _booking(rec: dict, today: str) -> dict | None:
    booked = [e["date"] for e in rec["events"] if e["status"] == "booked" and e["date"] <= today]
    if not booked:
        return None
    return {
        "audition_id": rec["id"],
        "date": rec["date"],
        "booked_on": booked[0],
        "project": rec["project"],
        "role": rec["role"],
        "type": rec["type"],
        "casting": rec["casting"],
    }


def season(store, select, today: date, since: str | None, until: str | None) -> dict:
    """The `review --json` document: the season in one place. `select(filter)` gives records
    (the journal's)."""
    t = today.isoformat()
    totals = reports.stats(store, today, since, until, timed=False)
    offices = reports.people(store, today, since, until, timed=False)
    # offices not seen lately: over the whole history up to the season's end, so an office
    # that called the actor in last year and not since shows up
    quiet = [
        {k: o[k] for k in ("casting", "auditions", "advanced", "booked", "last_seen", "days_since")}
        for o in reports.people(store, today, None, until, NOT_SEEN_DAYS, timed=False)
    ]
    found = reports.patterns(store, today, 5, since, until)
    standouts = [{**p, "verdict": reports.verdict(p)} for p in found["patterns"] if p["signal"]]
    bookings = [
        b
        for b in (_booking(r, t) for r in select(Filter(since=since, until=until, statuses=("booked",))))
        if b
    ]
    bookings.sort(key=lambda b: (b["booked_on"], b["audition_id"]))
    by_type, by_format = _type_and_format(store, today, since, until)
    return {
        "since": since,
        "until": until,
        "auditions": totals["auditions"],
        "advanced": totals["advanced"],
        "booked": totals["booked"],
        "callback_rate": totals["callback_rate"],
        "booking_rate": totals["booking_rate"],
        "conversion": totals["conversion"],
        "typical": totals["typical"],
        "months": monthly(store, today, since, until),
        "by_type": by_type,
        "by_format": by_format,
        "casting": [
            _with_range(
                {
                    k: o[k]
                    for k in ("casting", "auditions", "advanced", "booked", "callback_rate", "last_seen")
                }
            )
            for o in offices
        ],
        "not_seen": {"days": NOT_SEEN_DAYS, "offices": quiet},
        "patterns": {
            "overall": found["overall"],
            "min": found["min"],
            "compared": len(found["patterns"]),
            "standouts": standouts,
        },
        "bookings": bookings,
    }


def year_range(year: int) -> tuple[str, str]:
    return f"{year:04d}-01-01", f"{year:04d}-12-31"
