"""What the streaming tests share: the memory an import's reading holds, and the uid and
timestamp forms an import meets."""

from __future__ import annotations

import tracemalloc
from datetime import date
from pathlib import Path

from callback_cli import importing


def reading_memory(
    path: Path, fmt: str, today: date, warm_up: Path, warm_fmt: str | None = None
) -> tuple[int, int, int, int]:
    """Read an import file's records as `import` does, tracing memory: (the records read, the
    bytes held when importing.stream returned, its peak until then, the peak while the
    records were read). `warm_up`, a small file of the same format, is read first so that
    modules and word tables loaded once are not counted."""
    list(importing.stream(warm_up, warm_fmt or fmt, today)[0])
    tracemalloc.start()
    try:
        records, _ = importing.stream(path, fmt, today)
        held, opening = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        count = sum(1 for _ in records)
        _, reading = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return count, held, opening, reading


UIDS = [
    "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b",
    "0190A1B2-C3D4-7E5F-8A9B-0C1D2E3F4A5B",
    "{0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b}",
    "0190a1b2c3d47e5f8a9b0c1d2e3f4a5b",
    "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5",
    "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5g",
    "urn:uuid:0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b",
    "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b\n",
]
STAMPS = [
    "2025-01-02T10:00:00Z",
    "1900-01-01T00:00:00Z",
    "2200-12-31T23:59:59Z",
    "2024-02-29T12:30:45Z",
    "2025-02-29T12:30:45Z",
    "2025-01-02T24:00:00Z",
    "2025-02-30T10:00:00Z",
    "1899-12-31T23:00:00Z",
    "2201-01-01T00:00:00Z",
    "2025-01-02T10:00:60Z",
    "2025-01-02T10:60:00Z",
    "2025-01-02 10:00:00Z",
    "2025-01-02T100000.0Z",
    "2025-01-02T10:00:00.5Z",
    "2025-01-02t10:00:00z",
    "2025-01-02T10:00:00+02:00",
    "2025-01-02T10:00Z",
    "2025-01-02",
    "２０２５-01-02T10:00:00Z",
    "yesterday",
]
