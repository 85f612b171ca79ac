"""Hostile input (issue 9): text that carries escape codes or spreadsheet formulas, bytes that
are not UTF-8, numbers and dates at the ends of their ranges, malformed and adversarial
import files, and journals holding values they should never hold."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import subprocess
from pathlib import Path

import pytest
from conftest import callback_command

from callback_cli.cli import app

BIG_ID = "9223372036854775808"  # 2**63: one past SQLite's largest integer
# The commands under test run as real processes; the journals they read are made in-process.
# The default run keeps one or two cases of each kind; the slow run (CI) tries them all.
SLOW = pytest.mark.slow


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else "absent"


def one_error(p, code: int) -> None:
    assert p.returncode == code, (p.returncode, p.stdout, p.stderr)
    assert p.stderr.startswith("Error:"), p.stderr
    assert "Traceback" not in p.stderr, p.stderr


def run_bytes(*args: bytes | str, stdin: bytes = b"", env=None):
    argv = [a if isinstance(a, bytes) else os.fsencode(str(a)) for a in (*callback_command(), *args)]
    return subprocess.run(argv, input=stdin, capture_output=True, env=dict(os.environ, **(env or {})))


# ---- 4. a journal holding values it cannot hold ----------------------------------------------
def _poison(db: Path, sql: str, params=()) -> None:
    conn = sqlite3.connect(db)
    conn.execute(sql, params)
    conn.commit()
    conn.close()


@pytest.mark.parametrize(
    "column, value",
    [
        ("date", "2026-99-99"),
        pytest.param("date", "9999-12-31", marks=SLOW),
        pytest.param("rating", 99, marks=SLOW),
        pytest.param("created_at", "banana", marks=SLOW),
    ],
)
def test_a_poisoned_journal_is_one_clear_error_on_reading(run, cli, db_path, column, value):
    cli.add("Fine", "--date", "2026-03-01")
    cli.add("Night Shift", "--date", "2026-03-02")
    cli("mark", "2", "callback", "--date", "2026-03-20")
    _poison(db_path, f"UPDATE auditions SET {column} = ? WHERE id = 2", (value,))
    before = digest(db_path)
    failed = 0
    for n, args in enumerate(
        (
            ["list"],
            ["show", "2"],
            ["report"],
            ["calendar"],
            ["stats", "--by", "month"],
            ["followups"],
            ["people"],
            ["patterns", "--min", "1"],
            ["export", "--csv"],
            ["list", "--json"],
        )
    ):
        if n == 0:  # as a real process; the others in-process (the same app, the same handler)
            p = run(*args)
            code, err = p.returncode, p.stderr
        else:
            result = cli.runner.invoke(app, args)
            assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
            code, err = result.exit_code, result.stderr
        assert "Traceback" not in err, (args, err)
        assert code in (0, 1), (args, code, err)
        if code == 1:
            failed += 1
            assert err == f"Error: the journal has an invalid value in audition 2 ({column} {value!r})\n", (
                args
            )
    assert failed, "nothing noticed the invalid value"
    assert digest(db_path) == before


def test_a_poisoned_event_date_is_reported_too(run, cli, db_path):
    cli.add("Night Shift", "--date", "2026-03-02")
    cli("mark", "1", "callback", "--date", "2026-03-20")
    _poison(db_path, "UPDATE events SET date = '2026-13-45'")
    p = run("show", "1")
    one_error(p, 1)
    assert "invalid value in audition 1" in p.stderr and "2026-13-45" in p.stderr


@pytest.mark.parametrize(
    "sql, what",
    [
        ("UPDATE expenses SET cents = 'abc'", "expense amount 'abc'"),
        ("UPDATE expenses SET cents = X'1b5b'", "expense amount b'\\x1b['"),
        ("UPDATE expenses SET date = '2026-99-01'", "expense date '2026-99-01'"),
        ("UPDATE tags SET tag = X'1b5b'", "tag b'\\x1b['"),
        ("UPDATE events SET note = X'1b5b'", "event note b'\\x1b['"),
        ("UPDATE auditions SET notes = X'1b5b' WHERE id = 2", "notes b'\\x1b['"),
        ("UPDATE auditions SET time = 'banana' WHERE id = 2", "time 'banana'"),
        ("UPDATE auditions SET miles = 'far' WHERE id = 2", "miles 'far'"),
        ("UPDATE auditions SET uid = X'00' WHERE id = 2", "uid b'\\x00'"),
    ],
)
def test_poisoned_tags_events_and_expenses_are_one_clear_error(run, db_path, sql, what):
    assert run("add", "Fine", "--date", "2026-03-01", "-q").returncode == 0
    assert run("add", "Night Shift", "--date", "2026-03-02", "--tag", "drama", "-q").returncode == 0
    assert run("mark", "2", "callback", "--date", "2026-03-20", "--note", "read well").returncode == 0
    assert run("spend", "2", "12.50", "parking").returncode == 0
    _poison(db_path, sql)
    before = digest(db_path)
    for args in (["list"], ["show", "2"], ["export"], ["export", "--csv"], ["expenses", "--year", "2026"]):
        p = run(*args)
        assert "Traceback" not in p.stderr, (args, p.stderr)
        if p.returncode == 0:
            continue  # a command that never reads the poisoned value
        assert p.stderr == f"Error: the journal has an invalid value in audition 2 ({what})\n", (
            args,
            p.stderr,
        )
    assert run("show", "2").returncode == 1  # the record carries every table: it notices
    assert digest(db_path) == before


def test_importing_a_poisoned_journal_validates_its_rows(run, cli, db_path, tmp_path):
    other = tmp_path / "other.db"
    for i, day in enumerate(("2026-02-01", "2026-02-02", "2026-02-03"), 1):
        cli("--db", other, "add", f"P{i}", "--date", day, "-q")
    _poison(other, "UPDATE auditions SET date = '2026-99-99', rating = 99, type = 'spaceship' WHERE id = 2")
    cli.add("Mine")
    before = digest(db_path)
    p = run("import", other)
    one_error(p, 2)
    assert "row 2" in p.stderr and "2026-99-99" in p.stderr
    assert digest(db_path) == before
    for args in (["list"], ["report"], ["calendar"]):
        assert run(*args).returncode == 0


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE auditions SET notes = X'1b5b'",
        "UPDATE auditions SET project = X'00'",
        "UPDATE events SET note = X'1b'",
    ],
)
def test_importing_a_journal_with_bytes_in_its_text_is_one_error(run, db_path, tmp_path, sql):
    other = tmp_path / "other.db"
    assert run("--db", other, "add", "P1", "--date", "2026-02-01", "-q").returncode == 0
    assert run("--db", other, "mark", "1", "callback", "--date", "2026-02-03", "--note", "ok").returncode == 0
    _poison(other, sql)
    p = run("import", other)
    one_error(p, 2)
    assert "row 1" in p.stderr
    assert not db_path.exists()


@pytest.mark.parametrize("snapshot", ["{{{", "[1, 2]", '{"auditions": 7}', "null"])
def test_an_unreadable_undo_entry_is_one_error_and_undoes_nothing(run, db_path, snapshot):
    assert run("add", "Night Shift", "-q").returncode == 0
    assert run("mark", "1", "callback").returncode == 0
    _poison(
        db_path, "UPDATE undo_log SET snapshot = ? WHERE id = (SELECT max(id) FROM undo_log)", (snapshot,)
    )
    before = digest(db_path)
    p = run("undo")
    one_error(p, 1)
    assert "undo log" in p.stderr and "nothing was undone" in p.stderr
    assert digest(db_path) == before


def test_the_largest_id_is_one_error_not_an_overflow(run, db_path):
    assert run("add", "Night Shift", "-q").returncode == 0
    _poison(db_path, "UPDATE auditions SET id = 9223372036854775807")
    before = digest(db_path)
    p = run("add", "Another", "-q")
    one_error(p, 1)
    assert "largest possible id" in p.stderr
    assert digest(db_path) == before


# ---- 5. escape codes never reach the terminal ----------------------------------------------------
EVIL = {
    "project": "Evil\x1b]52;c;aGVsbG8=\x07Show",
    "role": "\x1b[8mhidden\x1b[0m",
    "casting": "\x9b2JCasting\x1b]8;;http://x\x1b\\",
    "outfit": "red\x1b[2Jdress\x7f",
    "note": "line1\nline2\x1b[2J\x1bc\rover",
}
CONTROL = [chr(c) for c in range(32) if chr(c) not in "\n\t"] + ["\x7f"] + [chr(c) for c in range(0x80, 0xA0)]


def _evil_journal(cli):
    args = ["add", EVIL["project"], "--date", "2026-03-01", "-q"]
    for key in ("role", "casting", "outfit", "note"):
        args += [f"--{key}", EVIL[key]]
    cli(*args, "--tag", "x\x1b[31m")
    cli("mark", "1", "callback", "--date", "2026-03-12", "--note", "call\x1b[2J")


@pytest.mark.parametrize(
    "args",
    [
        ["list"],
        ["show", "1"],
        ["report"],
        ["followups"],
        ["mark", "1", "pinned", "--date", "2026-03-12"],
        ["add", "\x1b[2Jnew", "--role", "\x07bell"],
        pytest.param(["people"], marks=SLOW),
        pytest.param(["stats", "--by", "casting"], marks=SLOW),
        pytest.param(["stats", "--by", "outfit"], marks=SLOW),
        pytest.param(["patterns", "--min", "1"], marks=SLOW),
        pytest.param(["edit", "1", "--room", "x\x1b[2J"], marks=SLOW),
        pytest.param(["delete", "1", "--yes"], marks=SLOW),
        pytest.param(["undo"], marks=SLOW),
        pytest.param(["done", "1", "thank-you"], marks=SLOW),
        pytest.param(["list", "--type", "\x1b[2J"], marks=SLOW),
    ],
    ids=lambda a: " ".join(a).encode("unicode_escape").decode(),
)
def test_human_output_carries_no_control_characters(run, cli, args):
    _evil_journal(cli)
    p = run(*args)
    assert p.returncode in (0, 1, 2), p.stderr
    for stream in (p.stdout, p.stderr):
        bad = sorted({c for c in stream if c in CONTROL})
        assert not bad, (args, bad, stream[:400])


def test_the_calendar_file_holds_no_control_characters(run, cli):
    cli("add", "Night\x1b]52;c;aGVsbG8=\x07Shift", "--date", "2026-12-01", "--outfit", "red\x1b[2J", "-q")
    cli("add", "Second", "--date", "2026-12-02", "--location", "Stage\x0b5", "--time", "10:30", "-q")
    p = run("calendar")
    assert p.returncode == 0, p.stderr
    body = p.stdout.replace("\r\n", "\n").replace("\n ", "")  # line ends, folded lines unfolded
    assert not sorted({c for c in body if c in CONTROL}), body[:400]
    assert "aGVsbG8=Shift" in body and "Stage5" in body


def test_show_makes_escape_codes_visible_and_keeps_newlines(run, cli):
    _evil_journal(cli)
    out = run("show", "1").stdout
    assert "line1" in out and "line2" in out and "Evil" in out and "hidden" in out
    assert "line1\n" in out or "line1 " in out


def test_json_csv_and_export_keep_the_text_exactly(run, cli):
    _evil_journal(cli)
    rec = json.loads(run("show", "1", "--json").stdout)
    assert rec["project"] == EVIL["project"] and rec["notes"] == EVIL["note"] and rec["role"] == EVIL["role"]
    assert json.loads(run("list", "--json").stdout)[0]["casting"] == EVIL["casting"]
    exported = json.loads(run("export").stdout)[0]
    assert exported["outfit"] == EVIL["outfit"]
    assert EVIL["role"] in run("list", "--csv").stdout


# ---- 6. CSV export neutralises formulas; import undoes exactly that --------------------------------
FORMULAS = {
    "project": '=HYPERLINK("http://evil","click")',
    "role": "+1+1",
    "casting": "-2+3",
    "outfit": "@SUM(A1)",
    "location": "\tTabbed",
    "room": "\rCarriage",
    "headshot": "'=already quoted",
    "direction": "''+twice",
    "note": "'plain apostrophe",
}


def test_csv_export_neutralises_formulas_and_round_trips(run, cli, tmp_path):
    args = ["add", FORMULAS["project"], "--date", "2026-03-01", "-q"]
    for key in ("role", "casting", "outfit", "location", "room", "headshot", "direction", "note"):
        args += [f"--{key}", FORMULAS[key]]
    cli(*args)
    out = tmp_path / "out.csv"
    assert run("export", "--csv", "-o", out).returncode == 0
    import csv

    row = next(csv.DictReader(out.open(newline="")))
    for key in ("project", "role", "casting", "outfit"):
        assert row[key].startswith("'"), (key, row[key])
        assert row[key][1:] == FORMULAS[key]
    assert row["notes"] == "'plain apostrophe"  # not a formula: left alone
    assert run("list", "--csv").stdout.count("'=HYPERLINK") == 1
    other = tmp_path / "other.db"
    p = run("--db", other, "import", out)
    assert p.returncode == 0, p.stderr
    mine = json.loads(run("show", "1", "--json").stdout)
    theirs = json.loads(run("--db", other, "show", "1", "--json").stdout)
    for key in ("project", "role", "casting", "outfit", "location", "room", "headshot", "direction", "notes"):
        assert theirs[key] == mine[key], key
    assert mine["project"] == FORMULAS["project"] and mine["headshot"] == FORMULAS["headshot"]


def test_a_lone_carriage_return_survives_the_csv_round_trip(run, tmp_path):
    p = run("add", "Old\rMac", "--date", "2026-03-01", "--note", "line one\rline two", "-q")
    assert p.returncode == 0
    out = tmp_path / "out.csv"
    assert run("export", "--csv", "-o", out).returncode == 0
    other = tmp_path / "other.db"
    p = run("--db", other, "import", out)
    assert p.returncode == 0, p.stderr
    theirs = json.loads(run("--db", other, "show", "1", "--json").stdout)
    assert (theirs["project"], theirs["notes"]) == ("Old\rMac", "line one\rline two")


@pytest.mark.parametrize("fmt", ["--csv", "--jsonl"])
def test_control_and_line_separator_characters_survive_the_round_trip(cli, tmp_path, fmt):
    note = "a\u2028b\u0085c\x1cd\x1be\x0cf"
    cli("add", "P", "--date", "2026-03-01", "--note", note, "-q")
    out = tmp_path / f"out.{fmt[2:]}"
    cli("export", fmt, "-o", out)
    other = tmp_path / "other.db"
    cli("--db", other, "import", out, "--map", "Notes=notes")  # a --map reads the file whole
    cli("--db", other, "import", out)  # and the fast way: nothing new the second time
    assert [r["notes"] for r in cli.json("--db", other, "list")] == [note]


def test_expenses_csv_neutralises_formulas(run):
    assert run("add", "=HYPERLINK(1)", "--date", "2026-03-01", "-q").returncode == 0
    assert run("spend", "1", "12.50", "+1 reader").returncode == 0
    p = run("expenses", "--year", "2026", "--csv")
    assert p.returncode == 0, p.stderr
    import csv

    row = list(csv.reader(p.stdout.splitlines()))[1]
    assert row[1] == "'=HYPERLINK(1)" and row[2] == "'+1 reader"


# ---- 7. invalid UTF-8 ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    "args",
    [
        [b"add", b"\xff\xfeProject"],
        [b"list", b"--search", b"\xff"],
        pytest.param([b"add", b"P", b"--role", b"caf\xe9"], marks=SLOW),
        pytest.param([b"list", b"--casting", b"\xc3"], marks=SLOW),
        pytest.param([b"stats", b"--since", b"\xff"], marks=SLOW),
    ],
)
def test_invalid_utf8_in_an_argument_is_exit_2(db_path, args):
    p = run_bytes(*args)
    assert p.returncode == 2, p
    err = p.stderr.decode("utf-8", "replace")
    assert err.startswith("Error:") and "Traceback" not in err and "UTF-8" in err, err
    assert not db_path.exists()


def test_invalid_utf8_on_note_stdin_is_exit_2_and_writes_nothing(cli, db_path):
    cli.add("First")
    before = digest(db_path)
    for args in ([b"add", b"P", b"--note", b"-"], [b"mark", b"1", b"callback", b"--note", b"-"]):
        p = run_bytes(*args, stdin=b"fine start \xff\xfe bad")
        assert p.returncode == 2, p
        err = p.stderr.decode()
        assert err.startswith("Error:") and "UTF-8" in err and "Traceback" not in err
    assert digest(db_path) == before


def test_a_non_utf8_file_name_still_works_as_a_path(db_path, tmp_path):
    name = os.fsencode(str(tmp_path)) + b"/caf\xe9.json"
    p = run_bytes(b"add", b"P", b"-q")
    assert p.returncode == 0
    p = run_bytes(b"export", b"-o", name)
    assert p.returncode == 0, p.stderr
    assert os.path.exists(name)


# ---- 9. dates at the ends of the calendar -----------------------------------------------------------
@pytest.mark.parametrize(
    "day",
    [
        "9999-12-31",
        pytest.param("2201-01-01", marks=SLOW),
        pytest.param("0001-01-01", marks=SLOW),
        pytest.param("1899-12-31", marks=SLOW),
        pytest.param("in 9000 years", marks=SLOW),
    ],
)
def test_dates_outside_1900_2200_are_refused_at_the_door(run, db_path, day):
    p = run("add", "X", "--date", day)
    one_error(p, 2)
    assert not db_path.exists()
    p = run("report", day)
    one_error(p, 2)
    p = run("list", "--since", day)
    one_error(p, 2)


def test_edge_years_are_accepted(cli):
    cli.add("Old", "--date", "1900-01-01")
    cli.add("Far", "--date", "2200-12-31")
    cli("calendar")
    cli("report", "2200-12-31")


@pytest.mark.parametrize(
    "today",
    [
        "0001-01-01",
        pytest.param("2201-01-01", marks=SLOW),
        pytest.param("9999-12-30", marks=SLOW),
        pytest.param("1899-06-01", marks=SLOW),
    ],
)
def test_callback_today_outside_the_range_is_exit_2(run, today):
    for args in (["list"], ["report"], ["calendar"], ["followups"]):
        p = run(*args, env={"CALLBACK_TODAY": today})
        one_error(p, 2)
        assert "CALLBACK_TODAY" in p.stderr


def test_an_import_row_dated_9999_is_refused(run, db_path, tmp_path):
    src = tmp_path / "in.json"
    src.write_text(
        json.dumps([{"date": "2026-03-01", "project": "A"}, {"date": "9999-12-31", "project": "B"}])
    )
    p = run("import", src)
    one_error(p, 2)
    assert "row 2" in p.stderr
    assert not db_path.exists()


# ---- 10. ids beyond 2**63-1 ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    "args",
    [
        ["show", BIG_ID],
        ["mark", BIG_ID, "callback"],
        ["show", "1" + "0" * 40],
        pytest.param(["edit", BIG_ID, "--role", "x"], marks=SLOW),
        pytest.param(["delete", BIG_ID, "--yes"], marks=SLOW),
        pytest.param(["done", BIG_ID, "notes"], marks=SLOW),
        pytest.param(["show", "--", "-" + BIG_ID + "1"], marks=SLOW),
    ],
)
def test_huge_ids_are_not_found(run, cli, db_path, args):
    cli.add("X")
    before = digest(db_path)
    p = run(*args)
    one_error(p, 1)
    assert "no audition with id" in p.stderr
    assert digest(db_path) == before


@pytest.mark.parametrize(
    "args",
    [["list", "--limit", BIG_ID], ["people", "--not-seen", "99999999999"], ["patterns", "--min", BIG_ID]],
)
def test_huge_numbers_in_options_are_exit_2(run, cli, args):
    cli.add("X")
    p = run(*args)
    assert p.returncode == 2 and "Traceback" not in p.stderr, p


# ---- 13. long notes ---------------------------------------------------------------------------------------
def _big_note_journal(cli, db_path, size: int) -> None:
    cli.add("Night Shift", "--date", "2026-03-01")
    _poison(db_path, "UPDATE auditions SET notes = ? WHERE id = 1", (("word " * 15 + "\n") * (size // 81),))


@pytest.mark.slow
def test_show_and_followups_with_a_4mb_note_finish_promptly(run, cli, db_path):
    # before the fix these took minutes (quadratic); the timeout is a hang guard, not a benchmark
    _big_note_journal(cli, db_path, 4 * 2**20)
    cli("mark", "1", "callback", "--date", "2026-03-05")
    for args in (["show", "1"], ["followups"], ["show", "1", "--full"]):
        p = run(*args, timeout=25)
        assert p.returncode == 0, p.stderr


def test_show_in_a_terminal_cuts_a_long_note_and_says_how_to_see_it(cli, db_path, monkeypatch):
    from callback_cli import render

    cli.add("Night Shift")
    note = "\n".join(f"line {i}" for i in range(2000))
    _poison(db_path, "UPDATE auditions SET notes = ? WHERE id = 1", (note,))
    monkeypatch.setattr(render, "is_terminal", lambda: True)
    out = cli("show", "1").stdout
    assert "line 0" in out and "line 1999" not in out and "--full" in out
    out = cli("show", "1", "--full").stdout
    assert "line 1999" in out and "--full" not in out
    monkeypatch.setattr(render, "is_terminal", lambda: False)
    assert "line 1999" in cli("show", "1").stdout  # a pipe gets it all


def test_a_long_note_on_an_outcome_shows_promptly_and_whole_in_a_pipe(run, cli, db_path):
    cli.add("Night Shift", "--date", "2026-03-01")
    note = "\n".join(f"word {i} " * 12 for i in range(3000))  # ~300 KB: minutes when wrapped at words
    cli("mark", "1", "callback", "--date", "2026-03-05", "--note", "short")
    _poison(db_path, "UPDATE events SET note = ?", (note,))
    p = run("show", "1", timeout=20)  # a hang guard, not a benchmark
    assert p.returncode == 0, p.stderr
    assert "word 2999" in p.stdout and "callback 1" in p.stdout


def test_show_in_a_terminal_cuts_a_long_outcome_note(cli, db_path, monkeypatch):
    from callback_cli import render

    cli.add("Night Shift", "--date", "2026-03-01")
    cli("mark", "1", "callback", "--date", "2026-03-05", "--note", "short")
    _poison(db_path, "UPDATE events SET note = ?", ("\n".join(f"line {i}" for i in range(2000)),))
    monkeypatch.setattr(render, "is_terminal", lambda: True)
    out = cli("show", "1").stdout
    assert "line 0" in out and "line 1999" not in out and "show 1 --full" in out
    assert "line 1999" in cli("show", "1", "--full").stdout


# ---- 14. the undo log stays small -----------------------------------------------------------------------
def _log_bytes(db: Path) -> int:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(
            "SELECT coalesce(sum(length(CAST(snapshot AS BLOB))), 0) FROM undo_log"
        ).fetchone()[0]
    finally:
        conn.close()


def test_marks_do_not_copy_an_untouched_note_into_the_undo_log(cli, db_path):
    cli.add("Night Shift", "--date", "2026-01-01")
    note = "x" * 2**20
    _poison(db_path, "UPDATE auditions SET notes = ? WHERE id = 1", (note,))
    for status in ("pinned", "callback"):  # one copy of the note would already pass 1 MiB
        cli("mark", "1", status, "--date", "2026-02-01")
    assert _log_bytes(db_path) < 2**20, _log_bytes(db_path)
    cli("undo")
    rec = cli.json("show", "1")
    assert rec["notes"] == note and [e["status"] for e in rec["events"]] == ["pinned"]


def test_the_undo_log_is_bounded_in_bytes(cli, db_path, monkeypatch):
    from callback_cli.store import undo

    monkeypatch.setattr(undo, "UNDO_BYTES", 2 * 2**20)  # the rule, at an eighth of the size
    cli.add("Night Shift")
    for i in range(5):
        cli("edit", "1", "--note", f"{i:02d}" + "y" * 2**20)
    assert _log_bytes(db_path) <= 3 * 2**20, _log_bytes(db_path)
    cli("undo")
    assert cli.json("show", "1")["notes"].startswith("03")


@pytest.mark.slow
def test_the_undo_log_is_bounded_in_bytes_at_its_real_size(cli, db_path):
    cli.add("Night Shift")
    for i in range(24):
        cli("edit", "1", "--note", f"{i:02d}" + "y" * 2**20)
    assert _log_bytes(db_path) <= 17 * 2**20, _log_bytes(db_path)
    cli("undo")
    assert cli.json("show", "1")["notes"].startswith("22")


def test_undo_of_a_note_edit_brings_the_note_back(cli):
    cli.add("Night Shift", "--note", "first words")
    cli("edit", "1", "--note", "second words")
    cli("mark", "1", "callback")
    cli("undo")
    cli("undo")
    assert cli.json("show", "1")["notes"] == "first words"


# ---- 15. CSV: big fields, cut-off files --------------------------------------------------------------------
def test_a_field_over_128k_round_trips_through_csv(run, cli, db_path, tmp_path):
    cli.add("Night Shift")
    note = "n" * (300 * 1024)
    _poison(db_path, "UPDATE auditions SET notes = ? WHERE id = 1", (note,))
    out = tmp_path / "out.csv"
    assert run("export", "--csv", "-o", out).returncode == 0
    other = tmp_path / "other.db"
    p = run("--db", other, "import", out)
    assert p.returncode == 0, p.stderr
    assert json.loads(run("--db", other, "show", "1", "--json").stdout)["notes"] == note


def test_a_csv_cut_off_inside_a_quoted_field_is_refused(run, db_path, tmp_path):
    src = tmp_path / "cut.csv"
    src.write_text('date,project,notes\n2026-03-01,A,"fine"\n2026-03-02,B,"this note was cut off\nmid')
    p = run("import", src)
    one_error(p, 2)
    assert "row 2" in p.stderr
    assert not db_path.exists()


# ---- 16. malformed JSON ------------------------------------------------------------------------------------
@pytest.mark.parametrize("suffix", ["json", "jsonl"])
def test_deeply_nested_json_is_one_error(run, db_path, tmp_path, suffix):
    src = tmp_path / f"deep.{suffix}"
    src.write_text(
        "[" * 200000 + "]" * 200000 if suffix == "json" else '{"a": ' + "[" * 200000 + "]" * 200000 + "}\n"
    )
    p = run("import", src)
    one_error(p, 2)
    assert not db_path.exists()


@pytest.mark.parametrize(
    "status",
    [
        ["callback"],
        7,
        pytest.param({"x": 1}, marks=SLOW),
        pytest.param(None, marks=SLOW),
        pytest.param(True, marks=SLOW),
    ],
)
def test_an_event_status_that_is_not_text_is_one_error(run, db_path, tmp_path, status):
    src = tmp_path / "in.json"
    src.write_text(
        json.dumps(
            [{"date": "2026-03-01", "project": "A", "events": [{"status": status, "date": "2026-03-05"}]}]
        )
    )
    p = run("import", src)
    one_error(p, 2)
    assert "row 1" in p.stderr
    assert not db_path.exists()


@pytest.mark.parametrize(
    "event",
    [
        {"status": "callback", "date": ["2026-03-05"]},
        {"status": "callback", "date": "2026-03-05", "note": {"a": 1}},
    ],
)
def test_event_dates_and_notes_must_be_text(run, db_path, tmp_path, event):
    src = tmp_path / "in.json"
    src.write_text(json.dumps([{"date": "2026-03-01", "project": "A", "events": [event]}]))
    p = run("import", src)
    one_error(p, 2)
    assert not db_path.exists()


# ---- 21. merged records stay consistent; timestamps validated -------------------------------------------
def test_a_newer_record_cannot_date_an_audition_after_its_callback(run, cli, db_path, tmp_path):
    cli.add("Night Shift", "--date", "2026-03-01")
    cli("mark", "1", "callback", "--date", "2026-03-05")
    rec = cli.json("show", "1")
    src = tmp_path / "in.json"
    src.write_text(
        json.dumps([{**rec, "date": "2026-03-09", "events": [], "updated_at": "2030-01-01T00:00:00Z"}])
    )
    before = digest(db_path)
    p = run("import", src)
    one_error(p, 2)
    assert "row 1" in p.stderr and "2026-03-05" in p.stderr
    assert digest(db_path) == before


@pytest.mark.parametrize(
    "stamp",
    [
        "banana",
        "",
        pytest.param("2026-13-01T00:00:00Z", marks=SLOW),
        pytest.param(12, marks=SLOW),
        pytest.param("9999-12-31T00:00:00Z", marks=SLOW),
    ],
)
def test_timestamps_are_validated(run, db_path, tmp_path, stamp):
    src = tmp_path / "in.json"
    src.write_text(json.dumps([{"date": "2026-03-01", "project": "A", "created_at": stamp}]))
    p = run("import", src)
    if stamp == "":
        assert p.returncode == 0, p.stderr  # empty means unknown: stamped now
        return
    one_error(p, 2)
    assert "row 1" in p.stderr and "created_at" in p.stderr


def test_timestamps_are_stored_as_utc(run, tmp_path):
    src = tmp_path / "in.csv"
    src.write_text(
        "date,project,created_at,updated_at\n2026-03-01,A,2026-03-01T10:00:00+02:00,2026-03-02 09:30\n"
    )
    p = run("import", src)
    assert p.returncode == 0, p.stderr
    rec = json.loads(run("show", "1", "--json").stdout)
    assert rec["created_at"] == "2026-03-01T08:00:00Z"
    assert rec["updated_at"] == "2026-03-02T09:30:00Z"


# ---- 24. mark --date '' ------------------------------------------------------------------------------------
def test_mark_refuses_an_empty_date(run, cli, db_path):
    cli.add("X", "--date", "2026-03-01")
    before = digest(db_path)
    for empty in ("", "   "):
        p = run("mark", "1", "callback", "--date", empty)
        one_error(p, 2)
    assert digest(db_path) == before


# ---- 25. ids are never reused ------------------------------------------------------------------------------
def test_ids_are_not_reused_after_deleting_the_newest(cli, tmp_path):
    for name in ("A", "B", "C"):
        cli.add(name)
    cli("delete", "3", "--yes")
    assert cli.add("D") == 4
    cli("undo")  # the add of D
    cli("undo")  # the delete of C: C comes back as 3
    assert cli.json("show", "3")["project"] == "C"
    assert cli.add("E") == 5
    src = tmp_path / "in.json"
    src.write_text(json.dumps([{"date": "2026-03-01", "project": "F"}]))
    cli("delete", "5", "--yes")
    cli("import", src)
    assert [r["id"] for r in cli.json("list") if r["project"] == "F"] == [6]


def test_undo_of_a_delete_brings_back_the_same_id_and_uid(cli):
    cli.add("A")
    cli.add("B")
    uid = cli.json("show", "1")["uid"]
    cli("delete", "1", "--yes")
    cli("undo")
    rec = cli.json("show", "1")
    assert rec["uid"] == uid and rec["project"] == "A"


# ---- a NUL in any text: refused at every door (a CSV export could not carry it back) --------
NUL_RECORDS = {
    "project": {"date": "2026-03-02", "project": "Night\u0000Shift"},
    "notes": {"date": "2026-03-02", "project": "Night Shift", "notes": "fine\u0000"},
    "tags": {"date": "2026-03-02", "project": "Night Shift", "tags": ["drama\u0000"]},
    "events": {
        "date": "2026-03-02",
        "project": "Night Shift",
        "events": [{"status": "callback", "date": "2026-03-09", "note": "\u0000producers"}],
    },
    "expenses": {
        "date": "2026-03-02",
        "project": "Night Shift",
        "expenses": [{"amount": "5", "what": "g\u0000"}],
    },
}


@pytest.mark.parametrize("field", list(NUL_RECORDS))
def test_a_nul_in_an_imported_record_is_refused_naming_row_and_column(run, cli, db_path, tmp_path, field):
    cli.add("Fine", "--date", "2026-03-01")
    before = digest(db_path)
    path = tmp_path / "nul.jsonl"
    path.write_text(
        json.dumps({"date": "2026-03-01", "project": "Also fine"}) + "\n" + json.dumps(NUL_RECORDS[field])
    )
    p = run("import", path, env={"CALLBACK_DB": str(db_path)})
    one_error(p, 2)
    assert f"row 2, column {field}: " in p.stderr and "NUL character" in p.stderr, p.stderr
    assert digest(db_path) == before


@pytest.mark.parametrize(
    "command", [["add", "Night Shift", "--date", "2026-03-02"], ["mark", "1", "callback"]]
)
def test_a_nul_in_a_note_read_from_stdin_is_refused(cli, db_path, command):
    cli.add("Fine", "--date", "2026-03-01")
    before = digest(db_path)
    p = run_bytes(*command, "--note", "-", stdin=b"good\x00news", env={"CALLBACK_DB": str(db_path)})
    assert p.returncode == 2 and p.stderr.startswith(b"Error:") and b"NUL character" in p.stderr, p.stderr
    assert digest(db_path) == before


def test_a_journal_from_another_program_with_a_nul_is_not_imported(run, cli, db_path, tmp_path):
    other = tmp_path / "other.db"
    cli.add("Fine", "--date", "2026-03-01")
    other.write_bytes(db_path.read_bytes())
    _poison(other, "UPDATE auditions SET notes = 'a' || char(0) || 'b'")
    target = tmp_path / "new.db"
    p = run("import", other, env={"CALLBACK_DB": str(target)})
    one_error(p, 2)
    assert "column notes: holds a NUL character" in p.stderr
    assert not target.exists()
