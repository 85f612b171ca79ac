"""Call times, self-tape deadlines and the calendar, through the real command and file."""

import pytest
from conftest import TODAY  # 2026-03-11, a Wednesday


def test_a_time_by_option_or_inside_the_date(cli):
    a = cli.add("Night Shift", "--date", "2026-03-12", "--time", "10:30")
    b = cli.add("Soda", "--date", "tomorrow 2:15pm")
    c = cli.add("Both", "--date", "tomorrow 9am", "--time", "11:00")  # --time wins
    d = cli.add("None")
    times = {r["id"]: (r["date"], r["time"]) for r in cli.json("list")}
    assert times == {
        a: ("2026-03-12", "10:30"),
        b: ("2026-03-12", "14:15"),
        c: ("2026-03-12", "11:00"),
        d: (TODAY, None),
    }
    assert cli.rows("SELECT time FROM auditions WHERE id = ?", (b,)) == [{"time": "14:15"}]
    cli("edit", a, "--time", "")
    assert cli.json("show", a)["time"] is None


def test_times_show_in_list_show_and_report(cli):
    aid = cli.add("Night Shift", "--date", "2026-03-13", "--time", "10:30")
    cli("mark", aid, "callback", "--date", "2026-03-16 2pm")
    assert "13 Mar 10:30" in cli("list").stdout
    shown = cli("show", aid).stdout
    assert "Fri 13 Mar 2026 at 10:30 am" in shown and "Mon 16 Mar 14:00  callback 1" in shown
    report = cli("report").stdout
    assert "Fri 13 Mar 10:30" in report and "Mon 16 Mar 14:00: callback" in report
    (event,) = cli.json("show", aid)["events"]
    assert event == {"status": "callback", "date": "2026-03-16", "time": "14:00", "note": None}


@pytest.mark.parametrize(
    "args",
    [
        ["--time", "25:00"],
        ["--time", "13pm"],
        ["--time", "noonish"],
        ["--date", "fri 25:00"],
        ["--due", "someday"],
        ["--due", "thu 99pm"],
        ["--miles", "-3"],
        ["--miles", "nan"],
    ],
)
def test_bad_times_are_refused_and_nothing_is_written(cli, args):
    result = cli("add", "X", *args, code=2)
    assert result.stderr.startswith("Error:") and result.stderr.count("\n") == 1
    assert not cli.path.exists() or cli.rows("SELECT count(*) n FROM auditions") == [{"n": 0}]


def test_a_self_tape_deadline_is_on_the_checklist_until_sent(cli):
    aid = cli.add("Night Shift", "--format", "self-tape", "--due", "fri 5pm", "--role", "Nurse Kim")
    late = cli.add("Old Tape", "--date", "2026-03-02", "--format", "self-tape", "--due", "2026-03-09")
    assert cli.json("show", aid)["tape_due"] == "2026-03-13T17:00"  # the coming Friday
    tapes = [i for i in cli.json("followups") if i["item"] == "tape"]
    assert [(i["audition_id"], i["due"]) for i in tapes] == [(late, "2026-03-09"), (aid, "2026-03-13")]
    assert tapes[1]["text"] == "Self-tape for Nurse Kim in Night Shift due Fri 5 pm — in 2 days."
    assert tapes[0]["text"].startswith("Self-tape for Old Tape due Mon Mar 9 — 2 days ago: it is late")
    human = cli("followups").stdout
    assert human.index("Old Tape due") < human.index("Night Shift due")  # overdue first
    cli("done", aid, "tape")
    assert [i["audition_id"] for i in cli.json("followups") if i["item"] == "tape"] == [late]
    cli("undo")
    assert len([i for i in cli.json("followups") if i["item"] == "tape"]) == 2


def test_the_calendar_has_timed_events_in_the_local_zone_and_alarms(cli, monkeypatch):
    monkeypatch.setenv("TZ", "America/New_York")
    cli.add("Timed", "--date", "2026-03-13", "--time", "10:30")
    cli.add("All Day", "--date", "2026-03-14")
    cb = cli.add("Callback Show", "--date", "2026-03-02", "--outfit", "blue shirt")
    cli("mark", cb, "callback", "--date", "2026-03-16", "--time", "14:00")
    cli.add("Tape", "--due", "fri 5pm")
    ics = cli("calendar").stdout.replace("\r\n ", "").replace("\r\n", "\n")
    assert "DTSTART;TZID=America/New_York:20260313T103000" in ics
    assert "DTEND;TZID=America/New_York:20260313T110000" in ics  # 30 minutes
    assert "DTSTART;VALUE=DATE:20260314" in ics  # no time: all day
    assert "BEGIN:VTIMEZONE" in ics and "TZID:America/New_York" in ics
    events = ics.split("BEGIN:VEVENT")[1:]
    callback = next(e for e in events if "Callback: Callback Show" in e)
    assert "BEGIN:VALARM" in callback and "TRIGGER:-PT20H" in callback  # 6 pm the evening before
    assert "blue shirt" in callback.split("BEGIN:VALARM")[1]  # the prep checklist rings with it
    tape = next(e for e in events if "Self-tape due: Tape" in e)
    assert "DTSTART;TZID=America/New_York:20260313T170000" in tape and "TRIGGER:-P1D" in tape
    assert "BEGIN:VALARM" not in next(e for e in events if "Audition: Timed" in e)
    longer = cli("calendar", "--duration", "45").stdout
    assert "DTEND;TZID=America/New_York:20260313T111500" in longer


def test_callback_alarms_can_be_switched_off(cli, tmp_path):
    (tmp_path / "config.toml").write_text("calendar_alarms = false\n")
    cb = cli.add("Callback Show", "--date", "2026-03-02")
    cli("mark", cb, "callback", "--date", "2026-03-16")
    cli.add("Tape", "--due", "fri")
    ics = cli("calendar").stdout
    callback = ics.split("Callback: Callback Show")[1].split("END:VEVENT")[0]
    assert "VALARM" not in callback
    assert "TRIGGER:-PT6H" in ics  # a deadline with no time: 6 pm the day before, still


def test_bad_config_values_are_refused(cli, tmp_path):
    for line in (
        'calendar_alarms = "yes"',
        "mileage_rate = -1",
        'currency = "dollars"',
        "mileage_rate = nan",
    ):
        (tmp_path / "config.toml").write_text(line + "\n")
        assert cli("config", code=2).stderr.startswith("Error:")
