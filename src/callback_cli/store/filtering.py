"""A Filter (models) as a SQL WHERE clause over the auditions table."""

from __future__ import annotations

from callback_cli.models import Filter


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
    for column, values in (
        ("status", flt.statuses),
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
    if flt.search:
        clauses.append(
            " OR ".join(
                f"instr(lower(coalesce({alias}.{c}, '')), lower(?)) > 0" for c in ("project", "role", "notes")
            ).join("()")
        )
        params.extend([flt.search] * 3)
    return " AND ".join(clauses) or "1", params
