"""The README's tour, run as a new user would follow it: every `$ callback ...` it shows is
run with the installed command, in the README's order, and must print what the README says.

Today is pinned to 2026-11-22 and the screen is 80 columns, as the README says. The first
part runs on an empty journal, the reports on the demo season, the import on the file the
README shows with `cat`. A line that is only `…` (or `...`) in the README stands for any
number of lines; commands piped into another program are left out.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
from pathlib import Path

import pytest
from conftest import callback_command

README = Path(__file__).parents[1] / "README.md"
ELIDED = ("…", "...")


def tour() -> list[dict]:
    """Each shown command with its heading and the lines shown after it."""
    steps: list[dict] = []
    heading, inside, step = "", False, None
    for number, line in enumerate(README.read_text().splitlines(), 1):
        if line.startswith("```"):
            if inside and step:
                steps.append(step)
            inside, step = not inside, None
            continue
        if not inside:
            if line.startswith("#"):
                heading = line
            continue
        if line.startswith("$ "):
            if step:
                steps.append(step)
            step = {"line": number, "heading": heading, "command": line[2:], "shown": []}
        elif step is not None:
            step["shown"].append(line)
    return steps


def matches(shown: list[str], real: list[str]) -> bool:
    """`real` reads as `shown`, where a line of only … stands for any lines."""
    if not shown:
        return not real
    if shown[0].strip() in ELIDED:
        return any(matches(shown[1:], real[n:]) for n in range(len(real) + 1))
    return bool(real) and real[0] == shown[0] and matches(shown[1:], real[1:])


def _run(words: list[str], env: dict, cwd: Path) -> str:
    result = subprocess.run(
        [*callback_command(), *words], capture_output=True, text=True, env={**os.environ, **env}, cwd=cwd
    )
    return result.stdout + result.stderr


def test_the_readme_shows_what_the_commands_print(tmp_path):
    env = {
        "CALLBACK_TODAY": "2026-11-22",
        "COLUMNS": "80",
        "TZ": "America/New_York",  # the calendar's timed events, as the README says
        "CALLBACK_CONFIG": "/home/you/.config/callback/config.toml",  # as shown; never there
    }
    assert _run(["demo", "--file", str(tmp_path / "demo.db"), "-q"], env, tmp_path).strip()
    reports_start = README.read_text().split("\n").index("### The reports (on the demo journal)")
    checked, wrong = 0, []
    for step in tour():
        command, heading = step["command"], step["heading"]
        if "plain SQLite" in heading or "|" in command:
            continue
        if command.startswith("cat "):  # the README shows the file: make it
            (tmp_path / command.split()[1]).write_text("\n".join(step["shown"]) + "\n")
            continue
        words = shlex.split(command)
        assert words[0] == "callback", command
        if step["line"] <= reports_start:
            journal = "tour.db"
        elif "Bring your history" in heading:
            journal = "import.db"
        else:
            journal = "demo.db"
        out = _run(words[1:], {**env, "CALLBACK_DB": str(tmp_path / journal)}, tmp_path)
        real = out.rstrip("\n").split("\n")
        shown = list(step["shown"])
        while shown and not shown[-1]:
            shown.pop()
        checked += 1
        if not matches(shown, real):
            wrong.append(f"README line {step['line']}: $ {command}\n" + "\n".join(real))
    assert checked >= 40
    assert not wrong, "\n\n".join(wrong)


@pytest.mark.parametrize(
    ("shown", "real", "same"),
    [
        (["a", "…", "d"], ["a", "b", "c", "d"], True),
        (["a", "…"], ["a"], True),
        (["a", "b"], ["a", "c"], False),
        (["a", "…", "d"], ["a", "b"], False),
    ],
)
def test_an_elided_line_stands_for_any_lines(shown, real, same):
    assert matches(shown, real) is same


def test_the_tour_finds_every_command_the_readme_shows():
    commands = [s["command"] for s in tour()]
    assert commands[0].startswith('callback add "Night Shift"')
    assert len(commands) == len(re.findall(r"^\$ ", README.read_text(), re.M))
