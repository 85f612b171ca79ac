"""Where the journal and the config live: flag > environment > platform directories."""

from __future__ import annotations

import os
from pathlib import Path

APP = "callback"


def _data_dir() -> Path:
    # platformdirs knows each platform's convention (XDG on Linux, ~/Library on macOS, %APPDATA%)
    from platformdirs import user_data_dir  # lazy: not needed when CALLBACK_DB is set

    return Path(user_data_dir(APP, appauthor=False))


def _config_dir() -> Path:
    from platformdirs import user_config_dir  # lazy: not needed when CALLBACK_CONFIG is set

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
