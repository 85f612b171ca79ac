"""search and list --search: every text field, ranked, in context, never a query-syntax error."""

import pytest

from callback_cli import migrations


def _journal(cli):
    ids = {}
    ids["night"] = cli.add(
        "Night Shift",
        "--role",
        "Nurse Kim",
        "--casting",
        "Jane Doe Casting",
        "--room",
        "Jane, a reader named Sam",
        "--direction",
        "slower, more tired",
        "--outfit",
        "blue shirt",
        "--location",
        "Studio 4",
        "--headshot",
        "smile",
        "--tag",
        "drama",
        "--date",
        "2026-03-01",
    )
    ids["soda"] = cli.add("Soda Pop", "--note", "50% off sign gag; Sam again", "--date", "2026-03-02")
    ids["kim"] = cli.add("Kim's Diner", "--date", "2026-02-01", "--source", "agent")
    ids["quote"] = cli.add('The "Big" One', "--note", "AND then NEAR( it* went", "--date", "2026-02-02")
    cli("mark", ids["night"], "callback", "--date", "2026-03-05", "--note", "producer session with Vince")
    return ids


@pytest.mark.parametrize(
    "words,expected",
    [
        (["reader"], ["night"]),  # room
        (["tired"], ["night"]),  # direction
        (["blue shirt"], ["night"]),  # outfit, a phrase
        (["studio"], ["night"]),  # location
        (["smile"], ["night"]),  # headshot
        (["drama"], ["night"]),  # tag
        (["vince"], ["night"]),  # an event's note
        (["agent"], ["kim"]),  # source
        (["jane", "sam"], ["night"]),  # every word must occur
        (["nomatch"], []),
    ],
)
def test_search_looks_in_every_text_field(cli, words, expected):
    ids = _journal(cli)
    assert [r["id"] for r in cli.json("search", *words)] == [ids[k] for k in expected]


def test_results_are_ranked_and_shown_in_context(cli):
    ids = _journal(cli)
    # "kim": the project of one, the role of another: the project hit first
    assert [r["id"] for r in cli.json("search", "kim")] == [ids["kim"], ids["night"]]
    # "sam": in the room (weight 5) beats in the notes (3)
    assert [r["id"] for r in cli.json("search", "sam")] == [ids["night"], ids["soda"]]
    out = cli("search", "sam").stdout
    assert "room: Jane, a reader named Sam" in out and "notes: 50% off sign gag; Sam again" in out
    assert out.index("Night Shift") < out.index("Soda Pop")


@pytest.mark.parametrize(
    "text,expected",
    [
        ("50%", ["soda"]),
        ("%", ["soda"]),
        ("_", []),
        ('"Big"', ["quote"]),
        ('"', ["quote"]),
        ("AND", ["quote"]),  # a plain word here, not an operator
        ("NEAR(", ["quote"]),
        ("it*", ["quote"]),
        ("*", ["quote"]),
        ("'s", ["kim"]),
        ("OR", ["night"]),  # "more tired"
        ("a", ["night", "soda", "quote", "kim"]),  # one character: still a substring search
        ("ki", ["night", "kim"]),
    ],
)
def test_query_syntax_never_leaks(cli, text, expected):
    ids = _journal(cli)
    found = cli.json("list", "--search", text)  # newest first, like every list
    assert sorted(r["id"] for r in found) == sorted(ids[k] for k in expected), text
    cli("search", text)  # never an error either


def test_an_empty_search_is_bad_input(cli):
    _journal(cli)
    for words in ([""], ["  "]):
        result = cli("search", *words, code=2)
        assert result.stderr.startswith("Error:")
    assert cli("search", code=2)  # no words at all: a usage error


def test_the_index_follows_every_write(cli):
    ids = _journal(cli)
    night = ids["night"]
    cli("edit", night, "--room", "Marta and Lee")
    assert cli.json("search", "reader") == []
    assert [r["id"] for r in cli.json("search", "marta")] == [night]
    cli("edit", night, "--tag", "comedy")
    assert [r["id"] for r in cli.json("search", "comedy")] == [night]
    assert cli.json("search", "drama") == []
    cli("undo")
    cli("undo")
    assert [r["id"] for r in cli.json("search", "reader")] == [night]
    cli("delete", night, "--yes")
    assert cli.json("search", "reader") == []
    cli("undo")
    assert [r["id"] for r in cli.json("search", "vince")] == [night]
    (count,) = cli.rows("SELECT count(*) n FROM audition_search")
    assert count["n"] == 4


def test_a_big_import_rebuilds_the_index(cli, tmp_path, monkeypatch):
    from callback_cli.store import rows

    monkeypatch.setattr(rows, "BULK", 2)  # the bulk path (indexes and triggers rebuilt) for 3 rows
    cli.add("Before", "--room", "old room")
    data = tmp_path / "three.jsonl"
    data.write_text(
        '{"date": "2026-01-01", "project": "One", "room": "Zed Zimmer", "tags": ["period"]}\n'
        '{"date": "2026-01-02", "project": "Two", "events": [{"status": "callback", "date": "2026-01-05", "note": "Yolanda read"}]}\n'  # noqa: E501
        '{"date": "2026-01-03", "project": "Three"}\n'
    )
    assert cli.json("import", data)["new"] == 3
    assert [r["project"] for r in cli.json("search", "zimmer")] == ["One"]
    assert [r["project"] for r in cli.json("search", "yolanda")] == ["Two"]
    assert [r["project"] for r in cli.json("search", "period")] == ["One"]
    assert [r["project"] for r in cli.json("search", "old room")] == ["Before"]
    triggers = {r["name"] for r in cli.rows("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    assert triggers == {*migrations.SEARCH_TRIGGERS, "auditions_id_high"}  # back after the bulk insert
    cli.add("After", "--room", "Zed again")
    assert [r["project"] for r in cli.json("search", "zed")] == ["After", "One"]  # a tie: newest first


def test_two_letters_find_a_role_and_percent_stays_literal(cli):
    ids = _journal(cli)
    # too short for the trigram index: matched field by field, any case
    assert {r["id"] for r in cli.json("list", "--search", "IM")} == {ids["night"], ids["kim"]}
    assert [r["id"] for r in cli.json("search", "ur")] == [ids["night"]]  # Nurse
    assert cli("list", "--search", "ur", "--ids").stdout.split() == [str(ids["night"])]
    # `%` and `_` are characters, not LIKE wildcards
    assert [r["id"] for r in cli.json("list", "--search", "0%")] == [ids["soda"]]
    assert cli.json("list", "--search", "e_") == []
