"""Where the journal and the config live: flag > environment > platform directories."""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP = "callback"


def _xdg(variable: str, default: str) -> Path:
    """A folder by the XDG rule, as platformdirs reads it on Linux: the variable when it holds
    an absolute path, else the default under the home folder (written out here: importing
    platformdirs, and the tempfile it loads, costs every command ~5 ms)."""
    path = os.environ.get(variable, "")
    if not os.path.isabs(path):
        path = os.path.expanduser(default)
    return Path(path) / APP


def _data_dir() -> Path:
    if sys.platform == "linux":
        return _xdg("XDG_DATA_HOME", "~/.local/share")
    # platformdirs knows each platform's convention (~/Library on macOS, %APPDATA% on Windows)
    from platformdirs import user_data_dir  # lazy: Linux needs no library for its one rule

    return Path(user_data_dir(APP, appauthor=False))


def _config_dir() -> Path:
    if sys.platform == "linux":
        return _xdg("XDG_CONFIG_HOME", "~/.config")
    from platformdirs import user_config_dir  # lazy: Linux needs no library for its one rule

    return Path(user_config_dir(APP, appauthor=False))


def journal_path(flag: str | os.PathLike | None = None) -> Path:
    """The journal file: `--db` > `CALLBACK_DB` > the user data dir."""
    if flag:
        return Path(flag).expanduser()
    env = os.environ.get("CALLBACK_DB")
    if env:
        return Path(env).expanduser()
    return _data_dir() / "journal.db"


def demo_path() -> Path:
    return _data_dir() / "demo.db"


def config_path() -> Path:
    """The config file: `CALLBACK_CONFIG` > the user config dir."""
    env = os.environ.get("CALLBACK_CONFIG")
    if env:
        return Path(env).expanduser()
    return _config_dir() / "config.toml"
