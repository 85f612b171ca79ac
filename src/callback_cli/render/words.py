"""The words human screens use for dates, counts and statuses: one place, so every screen
says `5 days ago`, `1 audition` and `callback Thu 26 Nov` the same way.

Only human output uses these: JSON keeps the contract's values (`status` stays `callback`).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any, Optional, Union

Day = Union[str, date]


def _day(d: Day) -> date:
    return d if isinstance(d, date) else date.fromisoformat(d[:10])


def day(d: Day, year: bool = False) -> str:
    """`Wed 25 Nov` (with `2026` when asked)."""
    x = _day(d)
    return f"{x:%a} {x.day} {x:%b}" + (f" {x.year}" if year else "")


def short_day(d: Day, today: date) -> str:
    """`25 Nov` this year, `12 Sep 2025` in another."""
    x = _day(d)
    return f"{x.day} {x:%b}" + ("" if x.year == today.year else f" {x.year}")


def ago(d: Day, today: date) -> str:
    """How long ago (or ahead) a date is, in the unit a person would use."""
    return ago_days((today - _day(d)).days)


def ago_days(days: int) -> str:
    """`today`, `yesterday`, `5 days ago`, `3 weeks ago`, `in 2 months`."""
    if days == 0:
        return "today"
    if days == 1:
        return "yesterday"
    if days == -1:
        return "tomorrow"
    n = abs(days)
    if n < 14:
        amount = f"{n} days"
    elif n < 60:
        amount = plural(round(n / 7), "week")
    elif n < 730:
        amount = plural(round(n / 30.44), "month")
    else:
        amount = plural(round(n / 365.25), "year")
    return f"{amount} ago" if days > 0 else f"in {amount}"


def plural(n: int, word: str, many: Optional[str] = None) -> str:
    """`1 audition`, `2 auditions` (`many` for irregular words)."""
    return f"{n} {word if n == 1 else (many or word + 's')}"


def times(n: int) -> str:
    return {0: "never", 1: "once", 2: "twice"}.get(n, f"{n} times")


def listing(items: list[str]) -> str:
    """`a`, `a and b`, `a, b and c`."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def status(rec: Mapping[str, Any], today: date) -> str:
    """The status as an actor would say it today: what has not happened yet is not shown as
    done. A future audition is `upcoming`; a latest event dated after today reads
    `callback Thu 26 Nov` (a booking `booking Thu 3 Dec`); silence reads `stale`."""
    t = today.isoformat()
    if rec["date"] > t:
        return "upcoming"
    events = rec.get("events") or []
    latest = events[-1] if events else None
    if latest and latest["date"] > t:
        word = "booking" if latest["status"] == "booked" else latest["status"]
        return f"{word} {day(latest['date'])}"
    if rec.get("stale"):
        return "stale" if rec["status"] == "auditioned" else f"{rec['status']}, stale"
    return rec["status"]


def last_news(rec: Mapping[str, Any], today: date) -> str:
    """The latest news about an audition, as `N days ago`: the audition itself or its last
    event, whichever is later and not after today (future ones read `in 3 days`)."""
    t = today.isoformat()
    if rec["date"] > t:
        return ago(rec["date"], today)
    past = [e["date"] for e in rec.get("events") or [] if e["date"] <= t]
    return ago(max([rec["date"], *past]), today)


def who_for(project: str, role: Optional[str]) -> str:
    """`Lawyer #2 in Galaxy Rangers (game)`, or the project alone when no role is logged."""
    return f"{role} in {project}" if role else project
