"""The questions an actor asks of the journal, answered as plain data (the `--json` documents).

Every figure is over the auditions dated in the range and not upcoming: `auditions` counts
them, `advanced` those with a callback, pin or booking dated on or before today, `booked`
those with a booking dated on or before today. Rates are None when their denominator is 0.
"""

from __future__ import annotations

import math
from datetime import date, timedelta
from typing import TYPE_CHECKING

from callback_cli import dates
from callback_cli.filters import Filter
from callback_cli.store import Store
from callback_cli.store.aggregates import KINDS
from callback_cli.timing import by_casting, hear_back

if TYPE_CHECKING:  # the record shapes are for the type checker: plain dicts at run time
    from callback_cli.models import Record

# Rules of thumb actors compare themselves with (../shared/domain.md): context, not targets.
TYPICAL_CALLBACK_RATE = 1 / 6
TYPICAL_BOOKING_RANGE = (1 / 30, 1 / 10)
DIMENSIONS = ("type", "format", "size", "source", "casting", "weekday", "rating", "tag", "outfit", "headshot")
BY = (
    "type",
    "format",
    "size",
    "source",
    "casting",
    "tag",
    "rating",
    "outfit",
    "headshot",
    "weekday",
    "week",
    "month",
)
WEEKDAY_KEYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _rate(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def figures(auditions: int, advanced: int, booked: int) -> dict:
    return {
        "auditions": auditions,
        "advanced": advanced,
        "booked": booked,
        "callback_rate": _rate(advanced, auditions),
        "booking_rate": _rate(booked, auditions),
        "conversion": _rate(booked, advanced),
    }


def _fold_dates(rows, keyfn) -> list[tuple]:
    """Re-group per-date counts (key = a date string) under keyfn(date)."""
    out: dict = {}
    for day, n, adv, bk in rows:
        key = keyfn(date.fromisoformat(day))
        a = out.setdefault(key, [0, 0, 0])
        a[0] += n
        a[1] += adv
        a[2] += bk
    return [(k, *v) for k, v in out.items()]


def iso_week(d: date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y}-W{w:02d}"


_DATE_KEYS = {
    "weekday": lambda d: WEEKDAY_KEYS[d.weekday()],
    "week": iso_week,
    "month": lambda d: f"{d.year}-{d.month:02d}",
}


def _fold_kinds(rows, dim: str, with_unset: bool = True) -> list[tuple]:
    """Re-group the per-combination counts of store.counts_by_kind under one dimension."""
    at = KINDS.index(dim)
    out: dict = {}
    spelled: dict = {}  # a source typed in several cases is one group, shown as most used
    for kinds, n, adv, bk in rows:
        key = kinds[at]
        if key is None and not with_unset:
            continue
        group = key.casefold() if isinstance(key, str) else key
        a = out.setdefault(group, [0, 0, 0])
        a[0] += n
        a[1] += adv
        a[2] += bk
        seen = spelled.setdefault(group, {})
        seen[key] = seen.get(key, 0) + n
    return [(max(spelled[g], key=spelled[g].get), *v) for g, v in out.items()]


def grouped(store: Store, dim: str, since, until, today: date, with_unset: bool = True) -> list[tuple]:
    """(key, auditions, advanced, booked) for one dimension."""
    t = today.isoformat()
    counts = store.aggregates
    if dim in _DATE_KEYS:
        return _fold_dates(counts.counts("date", since, until, t), _DATE_KEYS[dim])
    if dim in KINDS:
        return _fold_kinds(counts.counts_by_kind(since, until, t), dim, with_unset)
    return counts.counts(dim, since, until, t, with_unset)


def _sort_key(group: dict):
    key = group["key"]
    return (-group["auditions"], key is None, str(key) if key is not None else "")


def _series(groups: list[dict], by: str, since, until, today: date) -> list[dict]:
    """Chronological week or month buckets with the empty ones filled in (dry spells show)."""
    found = {g["key"]: g for g in groups if g["key"] is not None}
    if not found:
        return []
    key_of = _DATE_KEYS[by]
    cursor = _start_of(key_of(date.fromisoformat(since)) if since else min(found), by)
    last = min(date.fromisoformat(until), today) if until else today
    out = []
    while cursor <= last:
        key = key_of(cursor)
        out.append(found.get(key) or {"key": key, **figures(0, 0, 0)})
        cursor = (
            cursor + timedelta(days=7)
            if by == "week"
            else (cursor.replace(day=28) + timedelta(days=4)).replace(day=1)
        )
    return out


def _start_of(key: str, by: str) -> date:
    if by == "week":
        year, week = key.split("-W")
        return date.fromisocalendar(int(year), int(week), 1)
    year, month = key.split("-")
    return date(int(year), int(month), 1)


def stats(store: Store, today: date, since=None, until=None, by=None, timed: bool = True) -> dict:
    """The `stats --json` document; without `timed`, the days to hear back are left out (the
    pages do not show them, and they are the one figure read from the events)."""
    rows = grouped(store, by, since, until, today) if by else []
    if by and by != "tag":  # every audition is in exactly one group: the totals are the sum
        n, adv, bk = (sum(r[i] for r in rows) for i in (1, 2, 3))
    else:
        n, adv, bk = store.aggregates.total(since, until, today.isoformat())
    doc = {"since": since, "until": until, **figures(n, adv, bk), "by": by, "groups": []}
    if by:
        groups = [{"key": k, **figures(n_, a_, b_)} for k, n_, a_, b_ in rows]
        doc["groups"] = sorted(groups, key=_sort_key)
        if by in ("week", "month"):
            doc["series"] = _series(groups, by, since, until, today)
    if timed:
        t, counts = today.isoformat(), store.aggregates
        timing = hear_back(
            counts.callback_days("type", since, until, t), counts.booking_days(since, until, t)
        )
        doc["days_to_callback"] = timing["days_to_callback"]
        doc["days_to_booking"] = timing["days_to_booking"]
        doc["days_to_callback_by_type"] = timing["by_type"]
    doc["typical"] = {
        "callback_rate": TYPICAL_CALLBACK_RATE,
        "booking_rate_range": list(TYPICAL_BOOKING_RANGE),
    }
    return doc


# ---- patterns: which factors go with callbacks ----------------------------------------
def wilson(successes: int, n: int, z: float = 1.959964) -> tuple[float | None, float | None]:
    """The 95% Wilson score interval for a proportion."""
    if n == 0:
        return None, None
    p = successes / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return max(0.0, centre - half), min(1.0, centre + half)


def verdict(group: dict) -> str:
    if group["signal"] == "above":
        return "above your usual"
    if group["signal"] == "below":
        return "below your usual"
    if group["high"] - group["low"] < 0.2:
        return "about your usual"
    return "too few to tell"


def patterns(store: Store, today: date, minimum: int = 5, since=None, until=None) -> dict:
    """The `patterns --json` document: stand-out groups first, then the rest by dimension."""
    t = today.isoformat()
    # five dimensions in one pass over one index, the other four each over their own
    counts = store.aggregates
    by_kind = counts.counts_by_kind(since, until, t)
    by_casting = counts.counts("casting", since, until, t, False)
    by_date = counts.counts("date", since, until, t)
    by_outfit = counts.counts("outfit", since, until, t, False)
    by_headshot = counts.counts("headshot", since, until, t, False)
    by_tag = counts.counts("tag", since, until, t, False)
    n, adv = sum(r[1] for r in by_date), sum(r[2] for r in by_date)  # each audition once
    overall = {"auditions": n, "advanced": adv, "callback_rate": _rate(adv, n)}
    single = {"casting": by_casting, "outfit": by_outfit, "tag": by_tag, "headshot": by_headshot}
    found = []
    for dim in DIMENSIONS:
        if dim in KINDS:
            rows = _fold_kinds(by_kind, dim, with_unset=False)
        elif dim in _DATE_KEYS:
            rows = _fold_dates(by_date, _DATE_KEYS[dim])
        else:
            rows = single[dim]
        for key, count, advanced, _ in rows:
            if key is None or count < minimum:
                continue
            low, high = wilson(advanced, count)
            rate = advanced / count
            signal = None
            if overall["callback_rate"] is not None:
                if low > overall["callback_rate"]:
                    signal = "above"
                elif high < overall["callback_rate"]:
                    signal = "below"
            found.append(
                {
                    "dimension": dim,
                    "key": key,
                    "auditions": count,
                    "advanced": advanced,
                    "callback_rate": rate,
                    "low": low,
                    "high": high,
                    "signal": signal,
                }
            )
    base = overall["callback_rate"] or 0.0
    order = {d: i for i, d in enumerate(DIMENSIONS)}
    found.sort(
        key=lambda g: (
            g["signal"] is None,
            -abs(g["callback_rate"] - base) if g["signal"] else 0,
            order[g["dimension"]],
            -g["auditions"],
            str(g["key"]),
        )
    )
    return {"overall": overall, "min": minimum, "patterns": found}


# ---- people: casting offices ----------------------------------------------------------
def people(
    store: Store, today: date, since=None, until=None, not_seen: int | None = None, timed: bool = True
) -> list[dict]:
    """The `people --json` document: each casting office, most auditions first. Without
    `timed`, the days to hear back are left out (the season review does not show them)."""
    t = today.isoformat()
    out = []
    timing = by_casting(store.aggregates.callback_days("casting", since, until, t)) if timed else {}
    for row in store.aggregates.casting_history(since, until, t):
        days = (today - date.fromisoformat(row["last_seen"])).days
        if not_seen is not None and days < not_seen:
            continue
        projects, seen = [], set()
        for project in store.aggregates.casting_projects(row["casting"], since, until, t):
            if project.casefold() not in seen:
                seen.add(project.casefold())
                projects.append(project)
                if len(projects) == 10:
                    break
        office = {
            **row,
            "callback_rate": _rate(row["advanced"], row["auditions"]),
            "booking_rate": _rate(row["booked"], row["auditions"]),
            "days_since": days,
            "projects": projects,
        }
        if timed:
            office["median_days_to_callback"] = timing.get(row["casting"].casefold(), {}).get("median")
            office["callbacks_timed"] = timing.get(row["casting"].casefold(), {}).get("n", 0)
        out.append(office)
    out.sort(key=lambda r: (-r["auditions"], -r["advanced"], r["casting"].lower()))
    return out


# ---- the weekly report ----------------------------------------------------------------
def week_of(which: str | None, today: date, week_start: int, order: str = "mdy") -> tuple[date, date]:
    """`this` (default), `last`, or any date inside the wanted week."""
    text = (which or "this").strip().lower()
    if text == "this":
        return dates.week_bounds(today, week_start)
    if text == "last":
        return dates.week_bounds(today - timedelta(days=7), week_start)
    return dates.week_bounds(dates.parse_date(text, base=today, order=order, nearest=True), week_start)


def streak(store: Store, start: date, today: date, week_start: int) -> int:
    """Weeks in a row with at least one audition, ending with the report's week; the current
    week with none yet does not break the streak."""
    week = timedelta(days=7)

    def busy(ws: date) -> bool:
        return store.aggregates.any_audition(ws.isoformat(), min(today, ws + timedelta(days=6)).isoformat())

    cursor, count = start, 0
    if start <= today < start + week and not busy(start):
        cursor = start - week
    while cursor <= today and busy(cursor):
        count += 1
        cursor -= week
    return count


def weekly(
    store: Store,
    select,
    today: date,
    which: str | None,
    week_start: int,
    followups: list[dict],
    order: str = "mdy",
) -> dict:
    """The `report --json` document. `select(filter)` gives the week's records (the
    journal's); `followups` is the checklist as of today (followups.items)."""
    start, end = week_of(which, today, week_start, order)
    s, e, t = start.isoformat(), end.isoformat(), today.isoformat()
    counts = store.aggregates
    records: list[Record] = select(Filter(since=s, until=e))
    records.sort(key=lambda r: (r["date"], r["id"]))
    events = counts.event_counts(s, e, t)
    n, adv, _ = counts.total(s, e, t)
    trail_start = start - timedelta(weeks=12)
    tn, tadv, _ = counts.total(trail_start.isoformat(), (start - timedelta(days=1)).isoformat(), t)
    last_booking = counts.last_event_date("booked", t)
    return {
        "week": {"start": s, "end": e},
        "auditions": records,
        "callbacks": events.get("callback", 0),
        "bookings": events.get("booked", 0),
        "callback_rate": _rate(adv, n),
        "counted": n,
        "trailing": {
            "weeks": 12,
            "start": trail_start.isoformat(),
            "auditions": tn,
            "callback_rate": _rate(tadv, tn),
        },
        "streak_weeks": streak(store, start, today, week_start),
        "last_booking": last_booking,
        "weeks_since_booking": (
            (today - date.fromisoformat(last_booking)).days // 7 if last_booking else None
        ),
        "followups": followups,
        "upcoming": counts.upcoming(t),
    }
