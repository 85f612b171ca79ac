"""Another callback journal, read-only: its records as they are (already validated when
they were written)."""

from __future__ import annotations

from pathlib import Path

from callback_cli import models
from callback_cli.errors import BadInput
from callback_cli.models import Incoming
from callback_cli.store import Store


def read(path: Path) -> list[Incoming]:
    if not path.exists():
        raise BadInput(f"no such file: {path}")
    try:
        other = Store.open(path)
    except Exception as exc:  # a broken import file is bad input, not a broken journal
        raise BadInput(f"cannot read the journal {path}: {exc}") from None
    records = []
    try:
        for n, (row, events, tags) in enumerate(other.rows.iter_all(), 1):
            values = {k: row[k] for k in models.COLUMNS if row.get(k) is not None}  # type: ignore[literal-required]
            records.append(
                Incoming(
                    n,
                    values,
                    tags,
                    [(e["status"], e["date"], e["note"]) for e in events],
                    row["uid"],
                    row["created_at"],
                    row["updated_at"],
                )
            )
    finally:
        other.close()
    return records
