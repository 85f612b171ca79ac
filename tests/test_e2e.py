"""The installed `callback`, run as a shell script or a person at a terminal would."""

import fcntl
import json
import os
import pty
import re
import select
import signal
import sqlite3
import struct
import subprocess
import termios
import time

import pytest
from conftest import callback_command


def test_pipes_get_plain_text_and_json_only(run, db_path):
    assert run("add", "Night Shift", "--role", "Nurse Kim", "--quiet").stdout == "1\n"
    listing = run("list")
    assert listing.returncode == 0 and "\x1b[" not in listing.stdout and "Night Shift" in listing.stdout
    doc = json.loads(run("list", "--json").stdout)
    assert doc[0]["role"] == "Nurse Kim"


def test_exit_codes_and_single_error_lines(run):
    for args, code in (
        (["add", "X", "--date", "someday"], 2),
        (["show", "7"], 1),
        (["add"], 2),
        (["list", "--type", "hologram"], 2),
    ):
        p = run(*args)
        assert p.returncode == code, (args, p.stderr)
        assert p.stderr.startswith("Error:") and p.stderr.count("\n") == 1
        assert "Traceback" not in p.stderr


def test_corrupt_journal_is_exit_1_and_untouched(run, db_path):
    db_path.write_bytes(b"SQLite format 3\x00" + os.urandom(3000))
    before = db_path.read_bytes()
    for args in (["list"], ["add", "X"]):
        p = run(*args)
        assert p.returncode == 1 and p.stderr.startswith("Error:"), p.stderr
    assert db_path.read_bytes() == before


ESCAPES = re.compile(
    rb"\x1b\[[0-9;?<=>]*[ -/]*[@-~]"  # CSI: colours, cursor moves, modes
    rb"|\x1b\][^\x07\x1b]*(\x07|\x1b\\\\)"  # OSC: titles
    rb"|\x1b[()][0-9A-Za-z]|\x1b[=>78]"  # charsets, keypad, save/restore
)


def screen_text(raw: bytes) -> str:
    """What a person reads: the output without its terminal control sequences."""
    return ESCAPES.sub(b"", raw).decode(errors="replace")


def _pty_session(args, answers, env=None, timeout=20, size=(24, 100), raw=False):
    """Run the command on a pseudo-terminal of `size` (rows, columns), typing each answer
    once the program has printed its prompt and gone quiet (as a person waits for it)."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", size[0], size[1], 0, 0))
    full = dict(os.environ, COLUMNS=str(size[1]), **(env or {}))
    proc = subprocess.Popen(
        [*callback_command(), *args], stdin=slave, stdout=slave, stderr=slave, env=full, close_fds=True
    )
    os.close(slave)
    out, pending, deadline = b"", list(answers), time.time() + timeout
    fresh = False  # output arrived since the last answer
    while time.time() < deadline:
        ready, _, _ = select.select([master], [], [], 0.4)
        if ready:
            try:
                chunk = os.read(master, 4096)
            except OSError:
                break
            if not chunk:
                break
            out += chunk
            fresh = True
            if b"\x1b[6n" in chunk:  # prompt_toolkit asks where the cursor is: answer as a terminal
                os.write(master, b"\x1b[1;1R")
        elif proc.poll() is not None:
            # the pty hands on what the program wrote a moment after it ends: wait a little
            # longer for it (a loaded machine is slow to), then stop
            if not select.select([master], [], [], 2)[0]:
                break
        elif pending and fresh:
            answer = pending.pop(0)
            fresh = False
            if answer is signal.SIGINT:
                proc.send_signal(signal.SIGINT)
            elif isinstance(answer, bytes):  # keys as they are (Ctrl-D is b"\x04")
                os.write(master, answer)
            else:
                os.write(master, answer.encode() + b"\r")
    proc.wait(timeout=5)
    os.close(master)
    return proc.returncode, (out.decode(errors="replace") if raw else screen_text(out))


def test_bare_add_in_a_terminal_asks_for_the_fields(db_path):
    answers = [
        "Night Shift",
        "Nurse Kim",
        "yesterday",
        "tv",
        "self-tape",
        "co-star",
        "Jane Doe Casting",
        "agent",
        "9",
        "4",
        "blue shirt",
        "slower",
        "felt rushed",
        "drama",
    ]
    code, screen = _pty_session(["add"], answers)
    assert code == 0, screen
    assert "Logged #1" in screen and "rating must be" in screen  # 9 was refused, 4 taken
    row = (
        sqlite3.connect(db_path)
        .execute(
            "SELECT project, role, date, type, format, size, casting, rating, outfit, notes FROM auditions"
        )
        .fetchone()
    )
    assert row == (
        "Night Shift",
        "Nurse Kim",
        "2026-03-10",
        "tv",
        "self-tape",
        "co-star",
        "Jane Doe Casting",
        4,
        "blue shirt",
        "felt rushed",
    )


@pytest.mark.slow
def test_bare_add_offers_what_the_journal_knows(cli, db_path):
    cli.add("Night Shift", "--casting", "Jane Doe Casting")
    code, screen = _pty_session(["add"], ["Second Show"] + [""] * 12)
    assert code == 0 and "Logged #2" in screen and "Jane Doe Casting" in screen, screen
    assert sqlite3.connect(db_path).execute("SELECT count(*) FROM auditions").fetchone()[0] == 2


def test_ctrl_c_at_a_prompt_leaves_nothing(db_path):
    code, screen = _pty_session(["add"], ["Night Shift", signal.SIGINT])
    assert code != 0 and "Traceback" not in screen
    assert not db_path.exists()


def test_bare_edit_in_a_terminal_opens_the_editor(db_path, cli):
    cli.add("Night Shift", "--outfit", "blue shirt", "--role", "Kim")
    editor = "sed -i -e 's/^outfit:.*/outfit: red scarf/' -e 's/^role:.*/role:/'"
    code, screen = _pty_session(["edit", "1"], [], env={"EDITOR": editor})
    assert code == 0, screen
    assert "Updated #1: outfit, role" in screen
    row = sqlite3.connect(db_path).execute("SELECT outfit, role FROM auditions").fetchone()
    assert row == ("red scarf", None)


def _complete(run, words, env_extra=None):
    line = " ".join(words)
    env = {
        "_CALLBACK_COMPLETE": "complete_bash",
        "COMP_WORDS": line,
        "COMP_CWORD": str(len(words) - 1),
        **(env_extra or {}),
    }
    return run(env=env).stdout.splitlines()


def _known_journal(cli) -> None:
    cli.add("Night Shift", "--casting", "Bluebird Casting", "--tag", "drama")
    cli.add("Other", "--casting", "bluebird casting")


def test_shell_completion_knows_the_vocabulary_and_the_journal(run, cli):
    _known_journal(cli)
    assert _complete(run, ["callback", "ma"]) == ["mark"]
    assert _complete(run, ["callback", "list", "--type", "t"]) == ["tv", "theatre"]
    # a value with a space comes quoted for bash; each office once whatever its case
    assert _complete(run, ["callback", "add", "X", "--casting", "Bl"]) == ["Bluebird\\ Casting"]


@pytest.mark.slow
def test_shell_completion_of_every_kind_of_value(run, cli):
    _known_journal(cli)
    assert _complete(run, ["callback", "add", "X", "--format", "s"]) == ["self-tape"]
    assert _complete(run, ["callback", "mark", "1", "n"]) == ["no-response"]
    assert _complete(run, ["callback", "add", "X", "--casting", '"Bl']) == ["Bluebird\\ Casting"]
    assert _complete(run, ["callback", "add", "Ni"]) == ["Night\\ Shift"]
    assert _complete(run, ["callback", "list", "--tag", "d"]) == ["drama"]


@pytest.mark.slow
def test_a_long_import_in_a_terminal_shows_progress_and_finishes(db_path, tmp_path):
    sheet = tmp_path / "many.csv"
    sheet.write_text("date,project\n" + "".join(f"2025-01-{i % 28 + 1:02d},P{i}\n" for i in range(3000)))
    code, raw = _pty_session(["import", str(sheet)], [], raw=True)
    assert code == 0, raw
    # the bar was drawn (everything the terminal received; it is cleared when done)
    assert "Importing" in raw and "━" in raw, raw
    assert "Imported many.csv: 3000 new" in raw and "Traceback" not in raw
    assert sqlite3.connect(db_path).execute("SELECT count(*) FROM auditions").fetchone()[0] == 3000


def test_no_color_means_no_escapes_even_in_a_terminal(cli):
    cli.add("Night Shift", "--role", "Kim", "--date", "2026-03-01")
    cli("mark", "1", "callback", "--date", "2026-03-02")
    code, coloured = _pty_session(["show", "1"], [], raw=True)
    assert code == 0 and "\x1b[" in coloured
    code, plain = _pty_session(["show", "1"], [], env={"NO_COLOR": "1"}, raw=True)
    assert code == 0 and "\x1b[" not in plain and "Night Shift" in plain


def test_a_long_list_in_a_terminal_says_what_it_left_out(run, cli, tmp_path):
    sheet = tmp_path / "sheet.csv"
    sheet.write_text("date,project\n" + "".join(f"2026-02-{i % 28 + 1:02d},Project {i}\n" for i in range(40)))
    cli("import", sheet)
    code, screen = _pty_session(["list"], [], env={"LINES": "20"})
    assert code == 0 and "23 more — --all to see them" in screen
    # a screenful is lines: the header, 17 rows and the note fit 20 lines with the prompt's
    assert len(screen.rstrip("\r\n").split("\r\n")) == 19
    code, screen = _pty_session(["list", "--all"], [], env={"LINES": "20"})
    assert code == 0 and "more —" not in screen and screen.count("Project ") == 40
    piped = run("list").stdout  # a pipe gets every row, as git log does
    assert piped.count("Project ") == 40 and "more —" not in piped


@pytest.mark.slow
def test_ctrl_d_at_a_prompt_cancels_like_ctrl_c(db_path):
    code, screen = _pty_session(["add"], ["Night Shift", b"\x04"])
    assert code == 130 and "nothing was written" in screen, screen
    assert (
        not db_path.exists()
        or sqlite3.connect(db_path).execute("SELECT count(*) FROM auditions").fetchone()[0] == 0
    )


def test_the_date_prompt_shows_what_a_date_word_means(db_path):
    # 2026-03-11 is a Wednesday: "next fri" is Fri 13 Mar, shown under the line as it is typed
    code, screen = _pty_session(["add"], ["Night Shift", "", b"next fri", b"\x03"])
    assert "next fri → Fri 13 Mar" in screen, screen
    assert code == 130


def test_delete_asks_and_takes_yes_or_no_in_any_case(cli, db_path):
    cli.add("Night Shift")
    cli.add("Harbor Lights")
    code, screen = _pty_session(["delete", "1"], ["maybe", "N"])
    assert code == 2 and "not deleted" in screen, screen
    code, screen = _pty_session(["delete", "1"], ["YES"])
    assert code == 0 and "Deleted #1" in screen, screen
    code, screen = _pty_session(["delete", "2"], ["y"])
    assert code == 0
    assert sqlite3.connect(db_path).execute("SELECT count(*) FROM auditions").fetchone()[0] == 0


@pytest.mark.slow
def test_a_bad_value_in_the_editor_reopens_it_with_the_error_and_the_text_kept(db_path, cli, tmp_path):
    cli.add("Night Shift")
    script = tmp_path / "fake-editor"
    script.write_text(
        "#!/bin/sh\n"
        "if grep -q '^# Error:' \"$1\"; then\n"
        "  grep -q '^notes: kept me' \"$1\" && sed -i 's/^rating:.*/rating: 4/' \"$1\"\n"
        "else\n"
        "  sed -i -e 's/^rating:.*/rating: 9/' -e 's/^notes:.*/notes: kept me/' \"$1\"\n"
        "fi\n"
    )
    script.chmod(0o755)
    code, screen = _pty_session(["edit", "1"], [], env={"EDITOR": str(script)})
    assert code == 0, screen
    row = sqlite3.connect(db_path).execute("SELECT rating, notes FROM auditions").fetchone()
    assert row == (4, "kept me")


@pytest.mark.slow
def test_bare_edit_without_an_editor_set_falls_back_to_nano(db_path, cli, tmp_path):
    cli.add("Night Shift")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    nano = bin_dir / "nano"
    nano.write_text("#!/bin/sh\nsed -i 's/^outfit:.*/outfit: from nano/' \"$1\"\n")
    nano.chmod(0o755)
    env = {"PATH": f"{bin_dir}:{os.environ['PATH']}", "EDITOR": "", "VISUAL": ""}
    code, screen = _pty_session(["edit", "1"], [], env=env)
    assert code == 0, screen
    assert sqlite3.connect(db_path).execute("SELECT outfit FROM auditions").fetchone() == ("from nano",)


def test_demo_quiet_prints_the_path_whole_through_a_pipe(run, tmp_path):
    """The README's CALLBACK_DB="$(callback demo -q)": a path longer than 80 columns, with
    brackets in it, reaches the pipe unwrapped and unmangled."""
    folder = tmp_path / ("a-long-folder-name-for-the-demo-journal-" * 2 + "[x]")
    folder.mkdir()
    target = folder / "demo.db"
    p = run("demo", "-q", "--file", target)
    assert p.returncode == 0, p.stderr
    assert p.stdout == f"{target}\n" and len(str(target)) > 80
    assert json.loads(run("list", "--json", env={"CALLBACK_DB": p.stdout.strip()}).stdout)


def test_text_ending_in_backslashes_shows_as_typed_in_a_terminal(cli):
    # Rich reads backslashes right before a style tag as escapes: "Show \\\" once showed as
    # "Show \[/]" and six backslashes as three (render.layout.escape keeps them apart)
    values = {
        "project": "Show \\\\\\",
        "role": "Lead \\",
        "casting": "Office \\\\",
        "note": "felt it \\\\\\\\\\\\",
    }
    aid = cli.add(
        values["project"],
        "--role",
        values["role"],
        "--casting",
        values["casting"],
        "--note",
        values["note"],
        "--date",
        "2026-03-13",
    )
    for args in (["show", str(aid)], ["list"], ["followups"], ["report"], ["people"]):
        code, out = _pty_session(args, [], size=(40, 100))
        assert code == 0, out
        assert "Traceback" not in out and "[/" not in out, out
        shown = re.findall(r"\\+", out)
        runs = {len(r) for r in shown}
        assert runs <= {1, 2, 3, 6}, (args, out)  # every run as typed, none halved or doubled
    code, out = _pty_session(["show", str(aid)], [], size=(40, 100))
    for value in values.values():
        assert value in out and value + "\\" not in out, (value, out)
