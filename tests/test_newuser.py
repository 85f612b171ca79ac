"""What a new user trips on, following the README: each through the real command.

The help a person reads first, a long or accented name on a narrow screen, a terminal that
does not know its size, the questions of a bare `add`, what a dry-run import prints into a
file, and the season review at 40, 60 and 80 columns.
"""

from __future__ import annotations

import re
import sqlite3

import pytest
from rich.cells import cell_len
from test_e2e import _pty_session

from callback_cli.cli.app import MODULES
from callback_cli.render import layout


def _too_wide(text: str, width: int) -> list[str]:
    return [line for line in text.splitlines() if cell_len(line) > width]


@pytest.mark.parametrize("width", [60, 80])
def test_the_list_of_commands_shows_each_summary_whole(run, width):
    out = run("--help", env={"COLUMNS": str(width)}).stdout
    commands = out.split("Commands:\n", 1)[1].splitlines()
    named = [line.split()[0] for line in commands if line.startswith("  ") and not line.startswith("   ")]
    assert named == list(MODULES)
    # Click cut each first sentence with "..." to fit; now every summary is one whole line
    assert not [line for line in commands if line.rstrip().endswith("...")], out
    assert len(commands) == len(MODULES), out
    assert not [line for line in _too_wide(out, width) if "Example:" not in line]


@pytest.mark.parametrize("args", [["--help"], ["add", "--help"], ["report", "--help"]])
def test_help_fits_a_40_column_terminal(run, args):
    # Click lays help out at 50 columns at the least: on 40 every line ran past the edge
    out = run(*args, env={"COLUMNS": "40"}).stdout
    assert "Usage: callback" in out
    # the example alone is kept whole, to paste as one command (the terminal folds it)
    assert [line.strip()[:8] for line in _too_wide(out, 40)] == ["Example:"], out


@pytest.mark.parametrize("width", [60, 80])
def test_help_examples_are_one_line_to_paste(run, width):
    for args in (["--help"], ["demo", "--help"], ["calendar", "--help"], ["mark", "--help"]):
        out = run(*args, env={"COLUMNS": str(width)}).stdout
        example = [line for line in out.splitlines() if "Example: callback" in line]
        assert len(example) == 1, out
        after = out.splitlines()[out.splitlines().index(example[0]) + 1]
        assert after == "", out  # not continued on the next line


def test_options_name_their_values_in_words(run):
    out = run("add", "--help", env={"COLUMNS": "80"}).stdout
    assert "--due DATE" in out and "TAPE_DUE" not in out


def test_a_long_project_name_wraps_at_words_in_show(cli, run):
    name = "The Extraordinarily Long and Winding Chronicle of the Midnight Ferry to Nowhere"
    cli.add(name, "--role", "Éponine")
    out = run("show", "1", env={"COLUMNS": "40"}).stdout
    head = out.split("\ndate")[0].splitlines()
    assert head[0].startswith("#1 The Extraordinarily")
    assert len(head) > 1 and all(line.startswith("   ") for line in head[1:])  # hangs under the name
    assert " ".join(" ".join(head).split())[3:] == name  # every word whole, none split
    assert not _too_wide(out, 40)


def test_a_terminal_that_does_not_know_its_size_gets_80_columns(cli):
    # `script`, some CI runners and editor shells report 0 x 0: every line came out one
    # character wide
    cli.add("Night Shift", "--role", "Nurse Kim", "--casting", "Jane Doe Casting")
    code, screen = _pty_session(["report"], [], size=(0, 0))
    assert code == 0, screen
    assert "Week of Mon 9 Mar – Sun 15 Mar 2026" in screen
    assert re.search(r"Wed 11 Mar +Night Shift +Nurse Kim", screen), screen


def test_an_empty_project_at_the_prompt_says_it_is_needed(db_path):
    code, screen = _pty_session(["add"], ["", "Night Shift"] + [""] * 12)
    assert code == 0, screen
    assert "The project is needed" in screen and "Logged #1: Night Shift" in screen
    assert sqlite3.connect(db_path).execute("SELECT project FROM auditions").fetchall() == [("Night Shift",)]


def test_a_dry_run_import_prints_no_trailing_spaces(run, tmp_path):
    sheet = tmp_path / "my-auditions.csv"
    sheet.write_text(
        "Audition Date,Project Name,Role,Casting Office,Casting Director,Result\n"
        "9/8/2026,Harbor Lights,Nurse,Kowalski Casting,Ann Kowalski,Booked!\n"
        "10/20/2026,Crunch Bar,Dad,Bluebird Casting,,Avail\n"
    )
    result = run("import", sheet, "--dry-run", env={"CALLBACK_TODAY": "2026-11-22"})
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    # Rich padded every table line to 80 columns, and wrapped the first line in a pipe
    assert lines[0] == f"Would import {sheet.name}: 2 new, 0 already present, 0 updated. Nothing was written."
    assert [line for line in lines if line != line.rstrip()] == []
    assert any(line.startswith(" Casting Director") for line in lines)


@pytest.fixture
def demo_journal(run, tmp_path):
    built = run("demo", "--file", tmp_path / "demo.db", "--quiet", env={"CALLBACK_TODAY": "2026-11-22"})
    assert built.returncode == 0, built.stderr
    return {"CALLBACK_TODAY": "2026-11-22", "CALLBACK_DB": str(tmp_path / "demo.db")}


@pytest.mark.parametrize("width", [40, 60, 80])
def test_the_season_review_fits_the_screen_and_says_what_it_left_out(run, demo_journal, width):
    out = run("review", "--year", "2026", env={**demo_journal, "COLUMNS": str(width)}).stdout
    assert not _too_wide(out, width), out
    assert re.search(r"^2026-08  █+ +11  ", out, re.M)
    if width < 80:
        assert re.search(r"last seen left out\s+to\s+fit\s+the\s+screen", out), out
    else:
        assert "last seen" in out.splitlines()[out.splitlines().index("Casting offices that call you in") + 1]
        assert re.search(r"Jane Doe Casting .* Thu 8 Oct$", out, re.M), out


def test_the_season_review_says_bookings_as_the_other_screens_do(run, demo_journal):
    out = run("review", "--year", "2026", env={**demo_journal, "COLUMNS": "80"}).stdout
    bookings = out.split("\nBookings\n", 1)[1].splitlines()
    assert bookings[0] == "  • Wed 10 Jun: Nora in Galaxy Rangers (game)", out
    assert "(Nora)" not in out


@pytest.mark.parametrize("args", [["stats", "--by", "month"], ["search", "chemistry"], ["people"]])
def test_report_screens_fit_40_columns(run, demo_journal, args):
    out = run(*args, env={**demo_journal, "COLUMNS": "40"}).stdout
    assert out and not _too_wide(out, 40), out


def test_wrapping_counts_every_space_between_words():
    # "2 Aug  Lawyer": two spaces take two cells; counting one let lines run a cell too wide
    lines = layout.wrap("#18 Sun 2 Aug  Lawyer #2 in Brightsmile · released", 40)
    assert lines == ["#18 Sun 2 Aug  Lawyer #2 in Brightsmile", "· released"]
    assert all(cell_len(line) <= 40 for line in lines)


def test_show_says_costs_in_the_currency_and_lines_up_the_history(cli, run):
    aid = cli.add("Galaxy Rangers", "--role", "Lawyer #2", "--date", "2026-03-09")
    cli("mark", aid, "callback", "--date", "2026-03-13 2:15pm")
    cli("spend", aid, "18.50", "parking", "--date", "2026-03-09")
    out = run("show", aid, env={"COLUMNS": "80"}).stdout
    # spend and expenses say $18.50; show said 18.50
    assert "spent      $18.50 (Mon 9 Mar $18.50 parking)" in out, out
    history = out.split("history    ", 1)[1].splitlines()[:2]
    assert history[0] == "Mon 9 Mar         auditioned", out
    assert history[1].strip().startswith("Fri 13 Mar 14:15  callback 1 (scheduled)"), out
    assert history[0].index("auditioned") + len("history    ") == history[1].index("callback")
    cli("config", "set", "currency", "EUR")
    assert "spent      €18.50" in run("show", aid, env={"COLUMNS": "80"}).stdout


def test_a_cut_keeps_more_than_a_stub_of_a_long_name(cli, run):
    # at a word as before ("Galaxy…", "Northside…"), but not down to "Les…" or "The…"
    assert layout.cut("Les Misérables — Tournée Française", 14) == "Les Misérable…"
    assert layout.cut("Galaxy Rangers (game)", 14) == "Galaxy…"
    assert layout.cut("Marsh Casting", 12) == "Marsh…"
    cli.add("Les Misérables — Tournée Française", "--role", "Éponine", "--casting", "Agnès Möller Casting")
    cli.add("The Extraordinarily Long and Winding Chronicle", "--role", "Second Passenger on the Left")
    cli.add("🎬 Ice Cream Truck 🍦", "--role", "Kid #3 😀", "--casting", "Sunny 🌞 Casting")
    out = run("list", env={"COLUMNS": "60"}).stdout
    assert "Les Misérable…" in out and "The Extraordi…" in out and "🎬 Ice Cream…" in out, out
    assert not _too_wide(out, 60)


@pytest.mark.parametrize(
    ("args", "bad", "error"),
    [
        (["review"], ["--year", "1800"], "Error: --year takes a number from 1900 up, got 1800"),
        (["expenses"], ["--year", "12000"], "Error: --year takes a number up to 9999, got 12000"),
        (["calendar"], ["--duration", "2"], "Error: --duration takes a number from 5 up, got 2"),
    ],
)
def test_number_ranges_read_as_words(run, args, bad, error):
    # the help said `[1900<=x<=2200]`, and a wrong number got the parser's own message
    assert "<=x<=" not in run(*args, "--help", env={"COLUMNS": "80"}).stdout
    result = run(*args, *bad)
    assert result.returncode == 2 and result.stderr == error + "\n"


def test_a_mistyped_week_says_what_report_takes(run, db_path):
    result = run("report", "lastt")
    assert result.returncode == 2
    said = "Error: WEEK is this, last or a date in the week; cannot read the date 'lastt'"
    assert result.stderr.startswith(said)
    assert result.stderr.count("\n") == 1 and not db_path.exists()
    assert run("report", "last").stdout.startswith("Week of Mon 2 Mar")


def test_the_list_fits_40_columns_with_a_call_time_and_a_scheduled_callback(cli, run):
    # the date with a time (12 cells) and `callback Fri 13 Mar` (19) left no room on 40
    # columns: those rows ran 2 cells past the edge
    cli.add("Harbor Lights", "--role", "Customer", "--date", "2026-03-09")
    cli("mark", "1", "callback", "--date", "2026-03-13")
    cli.add("Precinct 9", "--date", "2026-03-12 10:30am")
    out = run("list", env={"COLUMNS": "40"}).stdout
    assert not _too_wide(out, 40), out
    assert re.search(r"^ 2  12 Mar 10:30  Precinct 9 +upcoming$", out, re.M), out
    assert re.search(r"^ 1 +9 Mar  Harbor\S* +callback", out, re.M), out
    assert "callback Fri 13 Mar" in run("list", env={"COLUMNS": "60"}).stdout


def test_config_lists_the_name_setting_before_it_is_set(run, tmp_path):
    # the pages carry your name once set, but `config` never mentioned the setting
    out = run("config", env={"COLUMNS": "80"}).stdout
    assert re.search(r'^# name = "Your Name" +not set: your name, on the pages', out, re.M), out
    assert run("config", "set", "name", "Alex Morgan").returncode == 0
    assert re.search(r'^name = "Alex Morgan" +your name, on the pages', run("config").stdout, re.M)


def test_a_search_result_never_starts_a_line_with_its_dot(run, demo_journal):
    out = run("search", "chemistry", env={**demo_journal, "COLUMNS": "40"}).stdout
    assert "Brightsmile · released" in out, out
    assert not [line for line in out.splitlines() if line.lstrip().startswith("·")], out
