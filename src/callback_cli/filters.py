"""Which auditions a command is about: the Filter that the list, search, report and
follow-up commands build and the store turns into SQL. Its own module so that the commands
that never filter (add, mark, edit) do not pay for building a dataclass at start-up."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(slots=True)
class Filter:
    """Which auditions a command is about. Plain data: the store turns it into SQL."""

    since: str | None = None
    until: str | None = None
    statuses: tuple[str, ...] | list[str] = ()
    types: tuple[str, ...] | list[str] = ()
    formats: tuple[str, ...] | list[str] = ()
    casting: str | None = None
    tags: tuple[str, ...] | list[str] = ()
    search: str | None = None
    words: tuple[str, ...] | list[str] = ()  # search WORDS: each must occur (search: one substring)
    limit: int | None = None
    include_upcoming: bool = True
    active_since: str | None = None
    ids: tuple[int, ...] | list[int] = ()
    # the words `list --status` also takes: `upcoming` (dated after today) and `stale`
    # (open, and silent since this date or before: today less stale_days); either matches
    upcoming: bool = False
    stale_before: str | None = None
