"""An import bigger than the bulk threshold (the store drops the indexes and builds them
again), then every report over it."""

from __future__ import annotations

import json

import pytest
from test_derived import assert_in_step

from callback_cli.store.rows import BULK

pytestmark = pytest.mark.slow


def test_a_bulk_import_keeps_every_index_and_every_report_works(cli, tmp_path):
    cli.add("Before", "--date", "2026-01-02", "--tag", "drama")
    indexes = cli.rows(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name"
    )
    n = BULK + 500
    data = tmp_path / "many.jsonl"
    advanced = 0
    with open(data, "w") as fh:
        for i in range(n):
            events = []
            if i % 4 == 0:
                events = [{"status": "callback", "date": f"2025-{i % 12 + 1:02d}-28"}]
                advanced += 1
            rec = {
                "date": f"2025-{i % 12 + 1:02d}-{i % 27 + 1:02d}",
                "project": f"P{i}",
                "type": ("tv", "film", "commercial")[i % 3],
                "format": ("self-tape", "in-person")[i % 2],
                "casting": f"Office {i % 40}",
                "outfit": ("blue", "grey")[i % 2],
                "tags": ["drama"] if i % 5 == 0 else [],
                "events": events,
            }
            fh.write(json.dumps(rec) + "\n")
    summary = cli.json("import", data)
    assert (summary["new"], summary["present"], summary["updated"]) == (n, 0, 0)
    assert (
        cli.rows("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name")
        == indexes
    )
    assert_in_step(cli)
    stats = cli.json("stats")
    assert (stats["auditions"], stats["advanced"]) == (n + 1, advanced)
    for by in (
        "type",
        "format",
        "size",
        "source",
        "casting",
        "tag",
        "rating",
        "outfit",
        "weekday",
        "week",
        "month",
    ):
        groups = cli.json("stats", "--by", by)["groups"]
        if by != "tag":
            assert sum(g["auditions"] for g in groups) == n + 1, by
    assert cli.json("patterns")["overall"]["auditions"] == n + 1
    assert sum(p["auditions"] for p in cli.json("people")) == n
    assert cli.json("report")["week"]["start"] == "2026-03-09"
    cli.json("followups")
    assert len(cli.json("list", "--limit", "20")) == 20
    out = tmp_path / "all.jsonl"
    cli("export", "--jsonl", "-o", out)
    assert len(out.read_text().splitlines()) == n + 1
