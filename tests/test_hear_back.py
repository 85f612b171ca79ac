"""How long until they call: stats, people and the no-word item, against hand counts."""

from datetime import date, timedelta

GAPS = [2, 3, 3, 4, 5, 5, 6, 7, 9]  # days from audition to first callback, by hand:
# n 9, median the 5th (5), p90 the ceil(8.1) = 9th (9)


def _called_back(cli, gaps=GAPS, casting=("Jane Doe Casting", "Bright Casting")):
    start = date(2026, 1, 5)
    for i, gap in enumerate(gaps):
        day = start + timedelta(days=3 * i)
        aid = cli.add(
            f"Show {i}",
            "--date",
            day.isoformat(),
            "--type",
            "tv" if i % 3 else "film",
            "--casting",
            casting[i % 2],
        )
        cli("mark", aid, "callback", "--date", (day + timedelta(days=gap)).isoformat())
        if gap > 4:  # a second round later must not count: the first callback does
            cli("mark", aid, "callback", "--date", (day + timedelta(days=gap + 7)).isoformat())
        if i == 0:
            cli("mark", aid, "booked", "--date", (day + timedelta(days=12)).isoformat())


def test_stats_gives_days_to_callback_and_booking(cli):
    assert cli.json("stats")["days_to_callback"] == {"n": 0, "median": None, "p90": None}
    _called_back(cli)
    doc = cli.json("stats")
    assert doc["days_to_callback"] == {"n": 9, "median": 5, "p90": 9}
    assert doc["days_to_booking"] == {"n": 1, "median": 12, "p90": 12}
    # film: Show 0, 3, 6 (gaps 2, 4, 6); tv: the other six (3, 3, 5, 5, 7, 9)
    assert doc["days_to_callback_by_type"] == [
        {"key": "tv", "n": 6, "median": 5, "p90": 9},
        {"key": "film", "n": 3, "median": 4, "p90": 6},
    ]
    out = " ".join(cli("stats").stdout.split())  # as read, whatever the wrapping
    assert "a median 5 days after the audition; 9 in 10 within 9 days (9 callbacks)" in out
    assert cli.json("stats", "--since", "2026-03-01")["days_to_callback"]["n"] == 0


def test_people_gives_each_office_its_median(cli):
    _called_back(cli)
    rows = {r["casting"]: r for r in cli.json("people")}
    # Jane: Shows 0, 2, 4, 6, 8 (gaps 2, 3, 5, 6, 9) → median 5; Bright: 1, 3, 5, 7 (3, 4, 5, 7) → 4.5
    assert (
        rows["Jane Doe Casting"]["median_days_to_callback"],
        rows["Jane Doe Casting"]["callbacks_timed"],
    ) == (5, 5)
    assert (rows["Bright Casting"]["median_days_to_callback"], rows["Bright Casting"]["callbacks_timed"]) == (
        4.5,
        4,
    )
    cli.add("Never Called", "--casting", "Quiet Office", "--date", "2026-03-01")
    assert {r["casting"]: r for r in cli.json("people")}["Quiet Office"]["median_days_to_callback"] is None


def test_no_word_learns_from_eight_or_more_callbacks(cli):
    _called_back(cli)
    twelve = cli.add("Waiting Game", "--date", "2026-02-27")  # 12 days before today (2026-03-11)
    ten = cli.add("Ten Days", "--date", "2026-03-01")  # past p90 (9), before stale_days (14)
    eight = cli.add("Eight Days", "--date", "2026-03-03")
    items = {i["audition_id"]: i for i in cli.json("followups") if i["item"] == "no-word"}
    assert items[twelve]["text"].startswith(
        "No word on Waiting Game for 12 days; 9 in 10 of your callbacks came within 9 days. "
        "They have most likely moved on."
    )
    assert ten in items and eight not in items


def test_with_less_data_no_word_keeps_stale_days_and_says_so(cli):
    _called_back(cli, GAPS[:3])
    cli.add("Waiting Game", "--date", "2026-02-20")  # 19 days
    cli.add("Ten Days", "--date", "2026-03-01")
    (item,) = [i for i in cli.json("followups") if i["item"] == "no-word" and i["project"] == "Waiting Game"]
    assert "No word for 19 days on Waiting Game" in item["text"]
    assert "after 14 days, your stale_days" in item["text"] and "3 so far" in item["text"]
    assert not [i for i in cli.json("followups") if i["item"] == "no-word" and i["project"] == "Ten Days"]


def test_headshot_joins_stats_by_and_patterns(cli):
    for i in range(6):
        aid = cli.add(
            f"Show {i}", "--date", f"2026-02-0{i + 1}", "--headshot", "Smile" if i % 2 else "smile "
        )
        if i < 3:
            cli("mark", aid, "callback", "--date", "2026-02-10")
    cli.add("Serious", "--date", "2026-02-07", "--headshot", "serious")
    groups = {g["key"].lower(): g for g in cli.json("stats", "--by", "headshot")["groups"]}
    assert (groups["smile"]["auditions"], groups["smile"]["advanced"]) == (6, 3)
    assert groups["serious"]["auditions"] == 1
    found = [p for p in cli.json("patterns", "--min", "2")["patterns"] if p["dimension"] == "headshot"]
    assert [(p["key"].lower(), p["auditions"]) for p in found] == [("smile", 6)]
