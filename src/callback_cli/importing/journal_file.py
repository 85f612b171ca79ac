"""Another callback journal, read-only (`mode=ro`, nothing written to it, not even an
upgrade): its records, each validated like a row of a JSON export, since a file can hold
anything (a bit flip, another program's write)."""

from __future__ import annotations

from datetime import date
from functools import partial
from pathlib import Path

from callback_cli import models
from callback_cli.importing.json_file import _from_json
from callback_cli.importing.rows import regular, validate_all
from callback_cli.incoming import Incoming
from callback_cli.store import read_journal


def read(path: Path, today: date, order: str = "mdy") -> list[Incoming]:
    """Another callback journal, read-only, each row through the same checks as a JSON record."""
    regular(path)
    items = []
    for n, (row, events, tags, spent) in enumerate(read_journal(path), 1):
        item = {k: row.get(k) for k in models.COLUMNS}
        item.update(
            tags=tags,
            events=[
                {"status": e["status"], "date": e["date"], "note": e["note"], "time": e["time"]}
                for e in events
            ],
            expenses=[{"date": x["date"], "amount": _amount(x["cents"]), "what": x["what"]} for x in spent],
            uid=row.get("uid"),
            created_at=row.get("created_at"),
            updated_at=row.get("updated_at"),
        )
        items.append((n, item))
    return validate_all(items, partial(_from_json, today=today, order=order))


def _amount(cents: object) -> object:
    """Stored cents as the decimal text an import reads back exactly; anything else as it is,
    so the row's check names it."""
    if isinstance(cents, int) and not isinstance(cents, bool) and cents >= 0:
        return f"{cents // 100}.{cents % 100:02d}"
    return cents
