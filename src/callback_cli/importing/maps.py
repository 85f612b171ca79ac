"""Remembered --map flags: a map file holds one `Header=field` or `Header:word=meaning` a
line (`#` starts a comment); `--save-map NAME` keeps the flags of an import under a name
beside the config file, `--profile NAME` or `--map-file FILE` reads them back."""

from __future__ import annotations

import os
import re
from pathlib import Path

from callback_cli.errors import BadInput, CallbackError
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


MAX_BYTES = 1 << 20  # a map is a few dozen lines: a larger file is not one (or is /dev/zero)


def load_file(path: Path) -> list[str]:
    """The --map lines of a map file: a regular file (a FIFO would block, a device never ends)
    of at most MAX_BYTES of UTF-8 text (a BOM is fine; UTF-16 with its BOM too)."""
    from callback_cli.files import require_regular  # lazy: files loads tempfile, for writers

    if not require_regular(path, "map file"):
        raise BadInput(f"no such map file: {path}")
    try:
        with open(path, "rb") as fh:
            data = fh.read(MAX_BYTES + 1)
    except OSError as exc:
        raise BadInput(f"cannot read the map file {path}: {exc.strerror}") from None
    if len(data) > MAX_BYTES:
        raise BadInput(f"the map file {path} is over {MAX_BYTES // 1024} KiB: is it the right file?")
    encoding = "utf-16" if data.startswith((b"\xff\xfe", b"\xfe\xff")) else "utf-8-sig"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise BadInput(f"the map file {path} is not UTF-8 text (byte {exc.start + 1})") from None
    if "\x00" in text:
        raise BadInput(f"the map file {path} is not a text file (it holds NUL characters)")
    return read_lines(text)


def load_profile(name: str) -> list[str]:
    path = profile_path(name)
    if not path.exists():
        have = sorted(p.stem for p in maps_dir().glob("*.map")) if maps_dir().is_dir() else []
        known = f" (saved maps: {', '.join(have)})" if have else " (no maps saved yet: --save-map NAME)"
        raise BadInput(f"no saved map {name!r}{known}")
    return load_file(path)


def check_writable(name: str) -> None:
    """Refuse now, before an import commits, a map that could not be saved after it: the maps
    folder (or the nearest folder above it that exists) must be a folder this user can write."""
    path = profile_path(name)
    if path.is_dir():
        raise BadInput(f"cannot save the map {name!r}: {path} is a folder")
    folder = path.parent
    while not folder.exists() and folder != folder.parent:
        if folder.is_symlink():  # a dangling link: mkdir would fail
            break
        folder = folder.parent
    if not folder.is_dir():
        raise BadInput(f"cannot save the map {name!r}: {folder} is not a folder")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise BadInput(f"cannot save the map {name!r}: the folder {folder} is not writable")


def save_profile(name: str, flags: list[str], source: str) -> Path:
    """Write the map under its name (0600, replacing an older one with the same name)."""
    path = profile_path(name)
    text = f"# callback import map, saved from an import of {source}\n" + "".join(f"{f}\n" for f in flags)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.part")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except OSError as exc:
        raise CallbackError(f"the map {name!r} could not be saved in {path.parent}: {exc.strerror}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise CallbackError(f"the map {name!r} could not be saved in {path.parent}: {exc.strerror}") from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path
