"""Remembered --map flags: a map file holds one `Header=field` or `Header:word=meaning` a
line (`#` starts a comment); `--save-map NAME` keeps the flags of an import under a name
beside the config file, `--profile NAME` or `--map-file FILE` reads them back."""

from __future__ import annotations

import os
import re
from pathlib import Path

from callback_cli.errors import BadInput
from callback_cli.paths import config_path

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")


def maps_dir() -> Path:
    return config_path().parent / "maps"


def profile_path(name: str) -> Path:
    if not _NAME.match(name or "") or name.endswith(".map"):
        raise BadInput(f"a map name is letters, digits, '.', '_' or '-' (up to 64), got {name!r}")
    return maps_dir() / f"{name}.map"


def read_lines(text: str) -> list[str]:
    return [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.strip().startswith("#")]


def load_file(path: Path) -> list[str]:
    try:
        return read_lines(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise BadInput(f"no such map file: {path}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise BadInput(f"cannot read the map file {path}: {exc}") from None


def load_profile(name: str) -> list[str]:
    path = profile_path(name)
    if not path.exists():
        have = sorted(p.stem for p in maps_dir().glob("*.map")) if maps_dir().is_dir() else []
        known = f" (saved maps: {', '.join(have)})" if have else " (no maps saved yet: --save-map NAME)"
        raise BadInput(f"no saved map {name!r}{known}")
    return load_file(path)


def save_profile(name: str, flags: list[str], source: str) -> Path:
    """Write the map under its name (0600, replacing an older one with the same name)."""
    path = profile_path(name)
    text = f"# callback import map, saved from an import of {source}\n" + "".join(f"{f}\n" for f in flags)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.part")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path
