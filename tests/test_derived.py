"""The derived columns (status, last_date, advanced_on, booked_on) and their copies on the
tags stay in step with the events on every write path."""

from __future__ import annotations

import json

from callback_cli.journal import derive


def assert_in_step(cli) -> None:
    auditions = cli.rows("SELECT * FROM auditions")
    for a in auditions:
        events = cli.rows("SELECT status, date FROM events WHERE audition_id = ? ORDER BY id", (a["id"],))
        want = derive(a["date"], [(e["status"], e["date"]) for e in events])
        got = {k: a[k] for k in want}
        assert got == want, (a["id"], got, want)
    drifted = cli.rows(
        "SELECT t.audition_id, t.tag FROM tags t JOIN auditions a ON a.id = t.audition_id "
        "WHERE t.date IS NOT a.date OR t.advanced_on IS NOT a.advanced_on OR t.booked_on IS NOT a.booked_on"
    )
    assert drifted == []


def test_every_write_path_keeps_derived_columns_and_tag_copies_in_step(cli, tmp_path):
    aid = cli.add("Night Shift", "--date", "2026-03-01", "--tag", "drama", "--tag", "period")
    assert_in_step(cli)
    cli("mark", aid, "callback", "--date", "2026-03-04")
    assert_in_step(cli)
    cli("mark", aid, "booked", "--date", "2026-03-09")
    assert_in_step(cli)
    cli("edit", aid, "--date", "2026-03-02")
    assert_in_step(cli)
    cli("edit", aid, "--tag", "comedy")
    assert_in_step(cli)
    cli("undo")  # the tags back
    assert_in_step(cli)
    cli("delete", aid, "--yes")
    assert_in_step(cli)
    cli("undo")  # the audition back, with its events and tags
    assert_in_step(cli)
    assert (
        cli.rows("SELECT advanced_on, booked_on FROM tags WHERE audition_id = ?", (aid,))
        == [{"advanced_on": "2026-03-04", "booked_on": "2026-03-09"}] * 2
    )
    # import: new records, and an update to the present one (a new event and a new tag)
    doc = cli.json("show", aid)
    doc["events"].append({"status": "released", "date": "2026-03-10", "note": None})
    doc["tags"].append("accent")
    new = {
        "date": "2026-03-05",
        "project": "Soda",
        "tags": ["ad"],
        "events": [{"status": "pinned", "date": "2026-03-06"}],
    }
    path = tmp_path / "in.json"
    path.write_text(json.dumps([doc, new]))
    summary = cli.json("import", path)
    assert (summary["new"], summary["present"], summary["updated"]) == (1, 0, 1)
    assert_in_step(cli)
    assert cli.rows("SELECT DISTINCT status FROM auditions ORDER BY status") == [
        {"status": "pinned"},
        {"status": "released"},
    ]
    cli("undo")
    assert_in_step(cli)
