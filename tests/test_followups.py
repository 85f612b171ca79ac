"""Each follow-up rule fires exactly when it should, on a journal with a pinned today."""

import json
from datetime import date

import pytest
from handjournal import build
from icalendar import Calendar

from callback_cli import config, followups
from callback_cli.errors import BadInput
from callback_cli.journal import Journal
from callback_cli.store import Store
from callback_cli.store.rows import Rows

TODAY = date(2026, 3, 11)


def items(cli, *args):
    return [(i["audition_id"], i["item"], i["due"]) for i in cli.json("followups", *args)]


def test_hand_journal_items(cli):
    ids = build(cli)
    assert items(cli) == [
        (ids[3], "notes", "2026-02-16"),
        (ids[3], "no-word", "2026-02-18"),
        (ids[5], "prep", "2026-03-13"),
        (ids[6], "prep", "2026-03-20"),
    ]


def test_prep_names_outfit_history_and_notes(cli):
    first = cli.add("Pilot", "--casting", "Jane Doe", "--date", "2026-01-05")
    cli("mark", first, "callback", "--date", "2026-01-07")
    aid = cli.add(
        "Night Shift",
        "--role",
        "Kim",
        "--casting",
        "jane doe",
        "--date",
        "2026-03-09",
        "--outfit",
        "blue shirt",
        "--direction",
        "less polite",
        "--note",
        "fun",
    )
    cli("mark", aid, "callback", "--date", "in 2 days")
    prep = [i for i in cli.json("followups") if i["item"] == "prep"][0]
    assert prep["audition_id"] == aid and prep["due"] == "2026-03-13"
    text = "\n".join(prep["checklist"])
    assert len(prep["checklist"]) >= 3
    assert "blue shirt" in text and "less polite" in text and "fun" in text
    assert "2nd time in for jane doe; called back once before" in text
    assert "coming up" in cli("followups").stdout.lower()


def test_thank_you_after_a_callback_once_per_audition(cli):
    aid = cli.add("Film", "--date", "2026-03-01", "--casting", "CD Office", "--note", "x")
    cli("mark", aid, "callback", "--date", "2026-03-03")
    cli("mark", aid, "callback", "--date", "2026-03-05")
    assert items(cli) == [(aid, "thank-you", "2026-03-05")]
    assert "CD Office" in cli.json("followups")[0]["text"]


def test_thank_you_timing_and_switch_from_config(cli, tmp_path):
    aid = cli.add("Film", "--date", "2026-03-01", "--note", "x")
    cli("mark", aid, "callback", "--date", "2026-03-10")
    (tmp_path / "config.toml").write_text("thank_you_after_days = 2\n")
    assert items(cli) == []
    (tmp_path / "config.toml").write_text("thank_you_after_days = 1\n")
    assert items(cli) == [(aid, "thank-you", "2026-03-10")]
    (tmp_path / "config.toml").write_text("[items]\nthank-you = false\n")
    assert items(cli) == []


def test_no_word_exactly_at_stale_days(cli, tmp_path):
    stale = cli.add("Stale", "--date", "2026-02-25", "--note", "x")  # 14 days
    cli.add("Fresh", "--date", "2026-02-26", "--note", "x")  # 13 days
    assert items(cli) == [(stale, "no-word", "2026-02-25")]
    (tmp_path / "config.toml").write_text("stale_days = 20\n")
    assert items(cli) == []


def test_feedback_only_when_released_after_a_callback(cli):
    a = cli.add("A", "--date", "2026-03-01", "--note", "x")
    cli("mark", a, "callback", "--date", "2026-03-02")
    cli("mark", a, "released", "--date", "2026-03-06")
    b = cli.add("B", "--date", "2026-03-01", "--note", "x")
    cli("mark", b, "released", "--date", "2026-03-06")
    got = items(cli)
    assert (a, "feedback", "2026-03-06") in got and not [i for i in got if i[0] == b]


def test_window_hides_old_history(cli, tmp_path):
    cli.add("Ancient", "--date", "2025-01-01")  # no notes, long stale
    assert items(cli) == []
    (tmp_path / "config.toml").write_text("followup_days = 1000\n")
    assert {i[1] for i in items(cli)} == {"notes", "no-word"}


def test_journal_resolves_items(cli):
    aid = cli.add("Film", "--date", "2026-02-20")
    assert {i[1] for i in items(cli)} == {"notes", "no-word"}
    cli("edit", aid, "--note", "went fine")
    assert {i[1] for i in items(cli)} == {"no-word"}
    cli("mark", aid, "no-response")
    assert items(cli) == []


def test_done_and_undo(cli):
    aid = cli.add("Film", "--date", "2026-03-01", "--note", "x")
    cli("mark", aid, "callback", "--date", "2026-03-03")
    cli("done", aid, "thank-you")
    assert items(cli) == []
    assert cli.json("followups", "--all")[0]["done"] is True
    assert cli.rows("SELECT item, due FROM checked") == [{"item": "thank-you", "due": "2026-03-03"}]
    cli("done", aid, "thank-you", "--undo")
    assert items(cli) == [(aid, "thank-you", "2026-03-03")]
    cli("done", aid, "thank-you")
    cli("undo")  # the general undo reverts a check too
    assert items(cli) == [(aid, "thank-you", "2026-03-03")]
    cli("done", aid, "prep", code=1)
    cli("done", aid, "dance", code=2)
    cli("done", 99, "notes", code=1)


def test_new_callback_brings_a_new_thank_you(cli):
    aid = cli.add("Film", "--date", "2026-03-01", "--note", "x")
    cli("mark", aid, "callback", "--date", "2026-03-03")
    cli("done", aid, "thank-you")
    cli("mark", aid, "callback", "--date", "2026-03-10")
    assert items(cli) == [(aid, "thank-you", "2026-03-10")]


def _one_of_each(cli) -> None:
    """A journal that calls for every item once (today is 2026-03-11)."""
    cli.add("No notes", "--date", "2026-03-05")
    thanks = cli.add("Thanks", "--date", "2026-03-01", "--note", "x")
    cli("mark", thanks, "callback", "--date", "2026-03-03")
    cli.add("Coming", "--date", "2026-03-20", "--note", "x")
    cli.add("Silent", "--date", "2026-02-20", "--note", "x")
    released = cli.add("Released", "--date", "2026-03-01", "--note", "x")
    cli("mark", released, "callback", "--date", "2026-03-02")
    cli("mark", released, "released", "--date", "2026-03-06")
    cli.add("Tape", "--date", "2026-03-10", "--note", "x", "--format", "self-tape", "--due", "fri 5pm")


@pytest.mark.parametrize("name", followups.ITEMS)
def test_each_rule_can_be_switched_off(cli, tmp_path, name):
    _one_of_each(cli)
    assert {i[1] for i in items(cli)} == set(followups.ITEMS)
    (tmp_path / "config.toml").write_text(f"[items]\n{name} = false\n")
    assert {i[1] for i in items(cli)} == set(followups.ITEMS) - {name}


def test_rules_directly_with_a_pinned_date(tmp_path):
    store = Store.open(tmp_path / "j.db", create=True)
    j = Journal(store, TODAY, stale_days=14)
    aid = j.add({"project": "P", "date": "2026-03-20"})
    found = followups.items(store, TODAY, config.Config())
    assert [(i["item"], i["due"]) for i in found] == [("prep", "2026-03-20")]
    assert followups.items(store, date(2026, 3, 21), config.Config())[0]["item"] == "notes"
    assert aid == 1


def test_calendar_parses_back(cli, tmp_path):
    build(cli)
    out = tmp_path / "a.ics"
    cli("calendar", "-o", out)
    cal = Calendar.from_ical(out.read_bytes())
    events = [c for c in cal.walk("VEVENT")]
    got = sorted((str(e.get("summary")), e.decoded("dtstart").isoformat()) for e in events)
    assert got == [("Audition: Role P7 in P7", "2026-03-20"), ("Callback: Role P6 in P6", "2026-03-13")]
    desc = next(str(e.get("description")) for e in events if "P6" in str(e.get("summary")))
    assert "red scarf" in desc and "Old Vic" in desc
    assert len({str(e.get("uid")) for e in events}) == 2


def test_prep_for_an_audition_names_the_outfit_to_think_about(cli):
    cli.add("Night Shift", "--date", "2026-02-01", "--outfit", "blue shirt", "--note", "x")
    again = cli.add("night shift", "--date", "2026-03-15")
    fresh = cli.add("Pilot", "--date", "2026-03-16")
    planned = cli.add("Play", "--date", "2026-03-17", "--outfit", "black tee")
    preps = {
        i["audition_id"]: "\n".join(i["checklist"]) for i in cli.json("followups") if i["item"] == "prep"
    }
    assert "Last time you read for night shift (2026-02-01) you wore: blue shirt" in preps[again]
    assert f"callback edit {fresh} --outfit" in preps[fresh]
    assert "Planned outfit: black tee" in preps[planned]


def test_done_answers_with_the_canonical_item_name(cli):
    aid = cli.add("Film", "--date", "2026-03-01", "--note", "x")
    cli("mark", aid, "callback", "--date", "2026-03-03")
    assert cli.json("done", aid, "thanks") == {
        "audition_id": aid,
        "item": "thank-you",
        "due": "2026-03-03",
        "done": True,
    }
    assert cli("done", aid, "Thank_You", "--undo").stdout.startswith("Unchecked thank-you for")


def _calendar_days(cli, tmp_path) -> set[tuple[str, str]]:
    out = tmp_path / "c.ics"
    cli("calendar", "-o", out)
    return {
        (str(e.get("summary")), e.decoded("dtstart").isoformat())
        for e in Calendar.from_ical(out.read_bytes()).walk("VEVENT")
    }


def test_one_definition_of_upcoming_for_the_checklist_and_the_calendar(cli, tmp_path):
    """Today's audition is still ahead when it was logged before today (planned), and behind
    when it was logged today (it happened): the checklist and the calendar agree."""
    today = "2026-03-11"
    planned = {"date": today, "project": "Planned", "created_at": "2026-03-01T09:00:00Z", "notes": "x"}
    walk_in = {"date": today, "project": "Walk-in", "created_at": f"{today}T09:00:00Z", "notes": "x"}
    later = {"date": "2026-03-12", "project": "Later", "created_at": f"{today}T09:00:00Z", "notes": "x"}
    path = tmp_path / "in.json"
    path.write_text(json.dumps([planned, walk_in, later]))
    cli("import", path)
    preps = {(i["project"], i["due"]) for i in cli.json("followups") if i["item"] == "prep"}
    assert preps == {("Planned", today), ("Later", "2026-03-12")}
    assert _calendar_days(cli, tmp_path) == {("Audition: Planned", today), ("Audition: Later", "2026-03-12")}


# ---- the rules called directly, on plain rows -----------------------------------------------
def _row(**fields):
    row = {
        "id": 1,
        "uid": "u",
        "date": "2026-03-01",
        "project": "Night Shift",
        "role": None,
        "type": None,
        "size": None,
        "casting": None,
        "outfit": None,
        "direction": None,
        "notes": "x",
        "status": "auditioned",
        "last_date": "2026-03-01",
        "created_at": "2026-03-01T09:00:00Z",
        "location": None,
    }
    return {**row, **fields}


def _event(status, day, logged="2026-03-01"):
    return {"status": status, "date": day, "note": None, "created_at": f"{logged}T09:00:00Z"}


def test_ahead_is_after_today_or_today_when_planned():
    assert followups.ahead(_row(date="2026-03-12"), [], TODAY) == [("audition", "2026-03-12")]
    assert followups.ahead(_row(date="2026-03-11"), [], TODAY) == [("audition", "2026-03-11")]
    walk_in = _row(date="2026-03-11", created_at="2026-03-11T08:00:00Z")
    assert followups.ahead(walk_in, [], TODAY) == []
    events = [
        _event("callback", "2026-03-05"),
        _event("callback", "2026-03-11"),
        _event("callback", "2026-03-13"),
    ]
    assert followups.ahead(_row(), events, TODAY) == [("callback", "2026-03-11"), ("callback", "2026-03-13")]


def test_rules_on_rows():
    cfg = config.Config()
    ctx = {
        "cfg": cfg,
        "history": lambda row: None,
        "outfit": lambda row: None,
        "learned": lambda: {"n": 0, "median": None, "p90": None},
    }
    assert [i["item"] for i in followups.rule_notes(_row(notes=None), [], TODAY, ctx)] == ["notes"]
    assert followups.rule_notes(_row(notes=None, date="2026-03-12"), [], TODAY, ctx) == []
    held = [_event("callback", "2026-03-03"), _event("callback", "2026-03-05")]
    (thanks,) = followups.rule_thank_you(_row(casting="Ad Co"), held, TODAY, ctx)
    assert thanks["due"] == "2026-03-05" and "Ad Co" in thanks["text"]
    later = {**ctx, "cfg": cfg.replace(thank_you_after_days=7)}
    assert followups.rule_thank_you(_row(), held, TODAY, later) == []
    stale = _row(date="2026-02-20", last_date="2026-02-20")
    assert followups.rule_no_word(stale, [], TODAY, ctx)[0]["due"] == "2026-02-20"
    released = [_event("callback", "2026-03-02"), _event("released", "2026-03-06")]
    assert followups.rule_feedback(_row(status="released"), released, TODAY, ctx)[0]["due"] == "2026-03-06"
    assert followups.rule_feedback(_row(status="released"), released[1:], TODAY, ctx) == []


def test_prep_on_rows_names_the_outfit_the_context_found():
    seen = []

    def outfit(row):
        seen.append(row["id"])
        return ("2026-02-01", "blue shirt") if row["id"] == 1 else None

    ctx = {"cfg": config.Config(), "history": lambda row: None, "outfit": outfit}
    (prep,) = followups.rule_prep(_row(date="2026-03-15"), [], TODAY, ctx)
    assert "Last time you read for Night Shift (2026-02-01) you wore: blue shirt" in prep["checklist"]
    (fresh,) = followups.rule_prep(_row(id=2, date="2026-03-16"), [], TODAY, ctx)
    assert 'callback edit 2 --outfit "..."' in fresh["checklist"][1]
    (planned,) = followups.rule_prep(_row(id=1, date="2026-03-17", outfit="black tee"), [], TODAY, ctx)
    assert planned["checklist"][1] == "Planned outfit: black tee"  # what is planned comes first
    # before a callback the outfit is the one worn to the first read: nothing to look up
    (callback,) = followups.rule_prep(_row(id=3), [_event("callback", "2026-03-13")], TODAY, ctx)
    assert "Wear what you wore to the first read" in callback["checklist"][1] and 3 not in seen


def test_the_checklist_asks_the_store_once_for_every_earlier_outfit(cli, monkeypatch):
    cli.add("Night Shift", "--date", "2026-02-01", "--outfit", "blue shirt", "--note", "x")
    cli.add("Pilot", "--date", "2026-02-02", "--outfit", "grey coat", "--note", "x")
    ahead = [
        cli.add(p, "--date", d)
        for p, d in (("night shift", "2026-03-15"), ("Pilot", "2026-03-16"), ("New", "2026-03-17"))
    ]
    calls = []
    real = Rows.earlier_outfits

    def counted(self, wanted):
        wanted = list(wanted)
        calls.append(sorted(wanted))
        return real(self, wanted)

    monkeypatch.setattr(Rows, "earlier_outfits", counted)
    preps = {i["audition_id"]: i["checklist"] for i in cli.json("followups") if i["item"] == "prep"}
    assert calls == [[("New", "2026-03-17"), ("Pilot", "2026-03-16"), ("night shift", "2026-03-15")]]
    assert "Last time you read for night shift (2026-02-01) you wore: blue shirt" in preps[ahead[0]]
    assert "Last time you read for Pilot (2026-02-02) you wore: grey coat" in preps[ahead[1]]


def test_item_names_from_what_people_type():
    assert followups.item_name("Thanks") == "thank-you"
    assert followups.item_name("no_word") == "no-word"
    with pytest.raises(BadInput):
        followups.item_name("dance")
