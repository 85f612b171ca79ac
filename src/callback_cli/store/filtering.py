"""A Filter (models) as a SQL WHERE clause over the auditions table."""

from __future__ import annotations

from typing import TYPE_CHECKING

from callback_cli.store.search import search_clause

if TYPE_CHECKING:  # the record shapes are for the type checker: plain dicts at run time
    from callback_cli.filters import Filter


def where(flt: Filter | None, today: str, alias: str = "a") -> tuple[str, list]:
    """The WHERE clause and its parameters for this filter (`1` when there is none)."""
    clauses: list[str] = []
    params: list = []
    if flt is None:
        return "1", params
    if flt.since:
        clauses.append(f"{alias}.date >= ?")
        params.append(flt.since)
    if flt.until:
        clauses.append(f"{alias}.date <= ?")
        params.append(flt.until)
    if not flt.include_upcoming:
        clauses.append(f"{alias}.date <= ?")
        params.append(today)
    either = []  # --status words: any of them matches
    if flt.statuses:
        either.append(f"{alias}.status IN ({', '.join('?' for _ in flt.statuses)})")
        params.extend(flt.statuses)
    if flt.upcoming:
        either.append(f"{alias}.date > ?")
        params.append(today)
    if flt.stale_before:
        either.append(
            f"({alias}.status IN ('auditioned', 'callback', 'pinned') "
            f"AND coalesce({alias}.last_date, {alias}.date) <= ?)"
        )
        params.append(flt.stale_before)
    if either:
        clauses.append("(" + " OR ".join(either) + ")")
    for column, values in (
        ("type", flt.types),
        ("format", flt.formats),
        ("id", flt.ids),
    ):
        if values:
            clauses.append(f"{alias}.{column} IN ({', '.join('?' for _ in values)})")
            params.extend(values)
    if flt.casting:
        clauses.append(f"instr(lower({alias}.casting), lower(?)) > 0")
        params.append(flt.casting)
    if flt.tags:
        marks = ", ".join("?" for _ in flt.tags)
        clauses.append(
            f"EXISTS (SELECT 1 FROM tags t WHERE t.audition_id = {alias}.id AND t.tag IN ({marks}))"
        )
        params.extend(flt.tags)
    if flt.active_since:
        clauses.append(f"{alias}.last_date >= ?")
        params.append(flt.active_since)
    terms = [*flt.words, *([flt.search] if flt.search else [])]
    if terms:
        clause, more = search_clause(terms, alias)
        clauses.append(clause)
        params.extend(more)
    return " AND ".join(clauses) or "1", params
