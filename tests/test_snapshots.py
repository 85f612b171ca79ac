"""Every human screen at 60, 80 and 120 columns, on the demo journal with today pinned.

The snapshots live in __snapshots__/test_snapshots.ambr: read them as a person would when
they change (`pytest tests/test_snapshots.py --snapshot-update`, then `git diff`).
What is checked on top of the picture: no line is wider than the screen, and the screen
(with the shell prompt's line) fits 24 lines wherever the command promises a screenful.
"""

from __future__ import annotations

import pytest
from rich.cells import cell_len

WIDTHS = (60, 80, 120)
HEIGHT = 24

SCREENS = {
    "list": ["list"],
    "list-wide": ["list", "--wide", "--limit", "5"],
    "list-stale": ["list", "--status", "stale", "--status", "upcoming"],
    "list-empty-filter": ["list", "--casting", "nobody"],
    "show": ["show", "46"],
    "show-upcoming": ["show", "48"],
    "stats": ["stats"],
    "stats-by-casting": ["stats", "--by", "casting"],
    "stats-by-month": ["stats", "--by", "month"],
    "stats-by-week": ["stats", "--by", "week"],
    "report": ["report"],
    "report-last": ["report", "last"],
    "patterns": ["patterns", "--min", "3"],
    "patterns-min-1": ["patterns", "--min", "1", "--since", "2026-11-01"],
    "people": ["people"],
    "people-not-seen": ["people", "--not-seen", "30"],
    "followups": ["followups"],
    "followups-all": ["followups", "--all"],
}
# screens that promise to fit: a screenful is lines, not records
FITS = {"list", "list-stale", "patterns", "followups", "people", "stats-by-casting", "stats-by-week"}


@pytest.fixture
def demo(cli, tmp_path, monkeypatch):
    """The demo season as of 2026-11-23, in its own file, as the journal in use."""
    monkeypatch.setenv("CALLBACK_TODAY", "2026-11-23")
    path = tmp_path / "demo.db"
    cli("demo", "--file", path, "--quiet")
    monkeypatch.setenv("CALLBACK_DB", str(path))
    return cli


def screen(cli, args, width):
    from callback_cli import config

    config.load.cache_clear()
    result = cli.runner.invoke(
        __import__("callback_cli.cli", fromlist=["app"]).app,
        [str(a) for a in args],
        env={"COLUMNS": str(width), "LINES": str(HEIGHT)},
    )
    assert result.exit_code == 0, (args, result.stdout, result.stderr)
    return result.stdout


@pytest.mark.parametrize("name", sorted(SCREENS))
def test_screen(demo, name, snapshot):
    for width in WIDTHS:
        out = screen(demo, SCREENS[name], width)
        assert "\x1b[" not in out
        if name != "list-wide":  # --wide: every column whole, however wide the screen
            too_wide = [line for line in out.splitlines() if cell_len(line) > width]
            assert not too_wide, (name, width, too_wide)
        if name in FITS:
            assert len(out.splitlines()) <= HEIGHT - 1, (name, width, len(out.splitlines()))
        assert out == snapshot(name=f"{name}@{width}")


def test_messages(demo, snapshot, monkeypatch):
    """The one-line answers of the writing commands, at 60 columns (they wrap at words)."""
    monkeypatch.setenv("CALLBACK_CONFIG", "/home/actor/.config/callback/config.toml")  # a fixed path
    out = []
    for args in (
        ["add", "Winter Play", "--role", "Second Gravedigger", "--date", "2026-11-23"],
        ["add", "Far Away Film", "--date", "2026-11-30"],
        ["mark", "49", "callback", "--date", "2026-11-27", "--note", "chemistry read"],
        ["edit", "49", "--outfit", "black coat"],
        ["done", "46", "prep"],
        ["delete", "50", "--yes"],
        ["undo"],
        ["config"],
    ):
        out.append("$ callback " + " ".join(args))
        out.append(screen(demo, args, 60))
    assert "\n".join(out) == snapshot


def test_errors_wrap_at_words_only_in_a_terminal(demo):
    result = demo.runner.invoke(
        __import__("callback_cli.cli", fromlist=["app"]).app,
        ["list", "--since", "the day after the opening night of the play"],
        env={"COLUMNS": "40"},
    )
    assert result.exit_code == 2
    # not a terminal: one line, whatever COLUMNS says (scripts read one line a message)
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("Error:")
