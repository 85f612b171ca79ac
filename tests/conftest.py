"""Every test gets its own journal file and a pinned today: no test touches a real journal."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
import typer.main
import typer.testing
from typer.testing import CliRunner

from callback_cli.cli import app, load

load()

_built: dict[tuple, object] = {}


def _command_once(typer_app):
    """Typer's CliRunner rebuilds the whole command tree from every command's signature on
    each invoke (~0.15 s of CPU, most of an in-process test's time): build it once per app and
    set of registered commands, and hand the same tree to every invoke."""
    key = (id(typer_app), *(id(c.callback) for c in typer_app.registered_commands))
    if key not in _built:
        _built[key] = typer.main.get_command(typer_app)
    return _built[key]


typer.testing._get_command = _command_once

TODAY = "2026-03-11"  # a Wednesday


@pytest.fixture(autouse=True)
def journal_env(tmp_path, monkeypatch):
    for key in list(os.environ):
        if key.startswith("CALLBACK_"):
            monkeypatch.delenv(key)
    monkeypatch.setenv("CALLBACK_DB", str(tmp_path / "journal.db"))
    monkeypatch.setenv("CALLBACK_TODAY", TODAY)
    monkeypatch.setenv("CALLBACK_CONFIG", str(tmp_path / "config.toml"))
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdgconfig"))
    monkeypatch.delenv("NO_COLOR", raising=False)
    # a terminal's size in the environment lays out pipes too (pytest-xdist's workers set
    # COLUMNS=80 and LINES=24): each test says the size it wants
    monkeypatch.delenv("COLUMNS", raising=False)
    monkeypatch.delenv("LINES", raising=False)
    from callback_cli import config

    config.load.cache_clear()
    yield
    config.load.cache_clear()


@pytest.fixture
def db_path(tmp_path) -> Path:
    return tmp_path / "journal.db"


class Cli:
    """Runs the real Typer app in-process, then lets the test read the real SQLite file."""

    def __init__(self, path: Path):
        self.path = path
        self.runner = CliRunner()

    def __call__(self, *args, input=None, code=0):
        from callback_cli import config

        config.load.cache_clear()
        result = self.runner.invoke(app, [str(a) for a in args], input=input)
        assert result.exit_code == code, (result.exit_code, result.stdout, result.stderr, result.exception)
        return result

    def json(self, *args, code=0):
        return json.loads(self(*args, "--json", code=code).stdout)

    def add(self, project="Night Shift", *args) -> int:
        return int(self("add", project, *args, "--quiet").stdout)

    def rows(self, sql: str, params=()):
        conn = sqlite3.connect(self.path)
        conn.row_factory = sqlite3.Row
        try:
            return [dict(r) for r in conn.execute(sql, params)]
        finally:
            conn.close()


@pytest.fixture
def cli(db_path) -> Cli:
    return Cli(db_path)


def callback_command() -> list[str]:
    """The installed command, as a shell script would run it."""
    found = shutil.which("callback", path=str(Path(sys.executable).parent)) or shutil.which("callback")
    return [found] if found else [sys.executable, "-m", "callback_cli"]


@pytest.fixture
def run(tmp_path):
    def run(*args, input="", env=None, timeout=60):
        full = {k: v for k, v in os.environ.items()}
        full.update(env or {})
        return subprocess.run(
            [*callback_command(), *map(str, args)],
            input=input,
            capture_output=True,
            text=True,
            env=full,
            timeout=timeout,
        )

    return run


@pytest.fixture
def small_batches(monkeypatch):
    """Imports in batches of 4, the bulk way from 6 new auditions on, a JSON file's kind
    decided after 3 lines: the long-file paths, on files of a few dozen rows."""
    from callback_cli import journal
    from callback_cli.cli import data as data_cmd
    from callback_cli.importing import json_file
    from callback_cli.store import rows as store_rows

    monkeypatch.setattr(journal, "IMPORT_BATCH", 4)
    monkeypatch.setattr(data_cmd, "IMPORT_BATCH", 4)
    monkeypatch.setattr(store_rows, "BULK", 6)
    monkeypatch.setattr(json_file, "PEEK", 3)
