"""The one way callback writes a file other than the journal (export, calendar, pages).

A file is written whole into a fresh temporary file in the target's folder (`mkstemp`:
an unpredictable name, created with O_EXCL and mode 0600, so a link planted there is
never followed), then renamed over the target: readers see the old file or the new one,
never half of one. Only a regular file is ever replaced, a symbolic link at the target is
refused rather than followed, and the journal itself (and its -wal and -shm files) is
refused by identity, however the path names it.
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path
from typing import IO, Any, Callable

from callback_cli.errors import BadInput, CallbackError

JOURNAL_SIDES = ("", "-wal", "-shm")


def _real(path: Path) -> str:
    """The path with its folders' links resolved and the last part kept as named."""
    return os.path.join(os.path.realpath(path.parent), path.name)


def _stat(path: Path) -> os.stat_result | None:
    try:
        return os.lstat(path)
    except FileNotFoundError:
        return None
    except OSError:
        return None


def same_file(a: Path, b: Path) -> bool:
    """Whether two paths name the same file: by inode when both exist, else by resolved name."""
    a, b = Path(a), Path(b)
    try:
        if a.exists() and b.exists() and os.path.samefile(a, b):
            return True
    except OSError:
        pass
    names = {_real(a), os.path.realpath(a)}
    return bool(names & {_real(b), os.path.realpath(b)})


def is_journal(path: Path, journal: Path | None) -> bool:
    """Whether `path` is the journal or one of SQLite's files beside it (-wal, -shm)."""
    if journal is None:
        return False
    # SQLite keeps -wal and -shm beside the file a link points to, not beside the link
    names = {str(journal), os.path.realpath(journal)}
    return any(same_file(Path(path), Path(f"{name}{side}")) for name in names for side in JOURNAL_SIDES)


def present(path: Path, error=BadInput) -> bool:
    """Whether anything (a link included) is at `path`; a folder that cannot be entered is
    one `error` saying so, not a traceback from deep inside SQLite or Python."""
    try:
        os.lstat(path)
    except (FileNotFoundError, NotADirectoryError):
        return False
    except PermissionError:
        raise error(f"cannot reach {path}: permission denied on its folder {Path(path).parent}") from None
    except OSError as exc:
        raise error(f"cannot reach {path}: {exc.strerror}") from None
    return True


def require_regular(path: Path, what: str = "file", error=BadInput) -> bool:
    """Refuse anything at `path` that is not a regular file (a FIFO would block the reader
    forever, a device never ends); returns whether a file is there. Links are followed."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise error(f"cannot read the {what} {path}: {exc.strerror}") from None
    if stat.S_ISDIR(st.st_mode):
        raise error(f"the {what} {path} is a directory, not a file")
    if not stat.S_ISREG(st.st_mode):
        raise error(f"the {what} {path} is not a regular file ({_kind(st.st_mode)})")
    return True


def _kind(mode: int) -> str:
    for test, name in (
        (stat.S_ISFIFO, "a named pipe"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
    ):
        if test(mode):
            return name
    return "not a plain file"


def check_target(path: Path, journal: Path | None) -> None:
    """Refuse an output path that is the journal, a link, or anything but a regular file."""
    path = Path(path)
    if is_journal(path, journal):
        raise BadInput(f"{path} is your journal; callback never writes another file over it")
    st = _stat(path)
    if st is None:
        return
    if stat.S_ISLNK(st.st_mode):
        raise BadInput(f"{path} is a symbolic link; give the real file's path (links are not followed)")
    if stat.S_ISDIR(st.st_mode):
        raise BadInput(f"{path} is a directory; give a file name")
    if not stat.S_ISREG(st.st_mode):
        raise BadInput(f"{path} is not a regular file ({_kind(st.st_mode)}); it was not replaced")


def write_file(
    path: Path,
    journal: Path | None,
    write: Callable[[IO], Any],
    *,
    binary: bool = False,
) -> Any:
    """Write a file safely (see the module's doc): `write` gets an open file (text, UTF-8,
    no newline translation; or binary) and its result is returned. The file is 0600."""
    import tempfile  # lazy: only writing a file needs it, not every open of the journal

    path = Path(path)
    check_target(path, journal)
    folder = path.parent
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise CallbackError(f"cannot write {path}: {exc.strerror}") from None
    try:
        fh: IO[Any] = os.fdopen(fd, "wb") if binary else os.fdopen(fd, "w", encoding="utf-8", newline="")
        with fh:
            result = write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        check_target(path, journal)  # once more, right before the rename
        os.replace(tmp, path)
    except OSError as exc:
        _discard(tmp)
        raise CallbackError(f"cannot write {path}: {exc.strerror}") from None
    except BaseException:
        _discard(tmp)
        raise
    return result


def _discard(tmp: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(tmp)
