"""A record coming in from an import file (or the demo season), validated: what the readers
in importing/ give, merge.py matches and the journal applies. Only importing and the demo
load it."""

from __future__ import annotations

from dataclasses import dataclass, field

from callback_cli.models import match_key

# an incoming event: (status, date, note, time)
# (status, date, note) as read from a file, or (status, date, note, time) once a time is known
IncomingEvent = tuple[str, str, "str | None"] | tuple[str, str, "str | None", "str | None"]
# an incoming expense: (date, cents, what)
IncomingExpense = tuple[str, int, "str | None"]


@dataclass(slots=True)
class Incoming:
    """One validated record from an import file (or the demo season): `row` is its number in
    the file, `values` its columns, events (status, date, note, time) in date order,
    expenses (date, cents, what)."""

    row: int
    values: dict
    tags: list[str]
    events: list[IncomingEvent] = field(default_factory=list)
    uid: str | None = None
    created_at: str | None = None
    updated_at: str | None = None
    expenses: list[IncomingExpense] = field(default_factory=list)
    # (status, date) pairs whose date the file did not give but the import assumed (a "Callback"
    # result dated the audition's day): the journal knows such an outcome by its status alone
    loose: frozenset = frozenset()

    def key(self) -> tuple[str, str, str]:
        return match_key(self.values["date"], self.values["project"], self.values.get("role"))
