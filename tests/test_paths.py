"""Where the journal and config live: the same folders platformdirs gives, without loading it."""

from __future__ import annotations

import sys

import platformdirs
import pytest

from callback_cli import paths


@pytest.mark.skipif(sys.platform != "linux", reason="the hand-written rule is Linux's")
@pytest.mark.parametrize("value", [None, "", "   ", "/tmp/xdg-here", "relative/dir"])
def test_the_folders_are_the_ones_platformdirs_gives(monkeypatch, tmp_path, value):
    monkeypatch.setenv("HOME", str(tmp_path))
    for variable in ("XDG_DATA_HOME", "XDG_CONFIG_HOME"):
        if value is None:
            monkeypatch.delenv(variable, raising=False)
        else:
            monkeypatch.setenv(variable, value)
    monkeypatch.delenv("CALLBACK_DB", raising=False)
    monkeypatch.delenv("CALLBACK_CONFIG", raising=False)
    assert paths.journal_path() == platformdirs.user_data_path("callback", appauthor=False) / "journal.db"
    assert paths.config_path() == platformdirs.user_config_path("callback", appauthor=False) / "config.toml"


def test_flag_and_environment_come_first(monkeypatch, tmp_path):
    monkeypatch.setenv("CALLBACK_DB", str(tmp_path / "env.db"))
    assert paths.journal_path() == tmp_path / "env.db"
    assert paths.journal_path(tmp_path / "flag.db") == tmp_path / "flag.db"
    monkeypatch.setenv("CALLBACK_CONFIG", "~/my.toml")
    assert paths.config_path() == paths.Path("~/my.toml").expanduser()
