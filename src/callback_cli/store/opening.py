"""Opening the journal file: checking it is one, creating it safely, upgrading its schema
(with a backup first), and the busy timeout.

An up-to-date journal is checked with the standard sqlite3 module alone; sqlite-utils is
imported only when a schema step is pending (a new or an older journal).
"""

from __future__ import annotations

import contextlib
import errno
import os
import sqlite3
from pathlib import Path

from callback_cli import migrations
from callback_cli.errors import JournalError
from callback_cli.files import require_regular

_HEADER = b"SQLite format 3\x00"


def busy_timeout() -> float:
    """Seconds a command waits for another program's lock (CALLBACK_BUSY_TIMEOUT overrides)."""
    try:
        return max(0.0, float(os.environ.get("CALLBACK_BUSY_TIMEOUT", "10")))
    except ValueError:
        return 10.0


def check_file(path: Path) -> None:
    """Refuse anything at the journal path that is not a SQLite file, without touching it."""
    if path.is_dir():
        raise JournalError(f"{path} is a directory, not a journal file")
    # a FIFO would block the open for ever, a device never ends: refused before opening
    require_regular(path, "journal", error=JournalError)
    try:
        with open(path, "rb") as fh:
            header = fh.read(len(_HEADER))
    except OSError as exc:
        raise JournalError(f"cannot read the journal {path}: {exc.strerror}") from None
    if not header:
        raise JournalError(f"{path} is an empty file, not a callback journal")
    if header != _HEADER:
        raise JournalError(f"{path} is not a SQLite database (not a callback journal)")


def read_only_reason(path: Path) -> str | None:
    """Why the journal cannot be written (a read-only folder or file), or None. SQLite needs
    to write in the folder as well (the -wal and -shm files beside the journal)."""
    folder = path.parent if str(path.parent) else Path(".")
    if not os.access(folder, os.W_OK):
        return f"cannot write in the folder {folder} (permission denied)"
    if not os.access(path, os.W_OK):
        return f"cannot write the journal {path} (permission denied)"
    return None


def connect_read_only(path: Path) -> sqlite3.Connection:
    """The journal for reading only. With no -wal beside it nothing is being written, so it is
    read as immutable: SQLite then needs no -shm file, which a read-only folder cannot hold."""
    quiet = not Path(f"{path}-wal").exists()
    uri = f"{path.absolute().as_uri()}?mode=ro" + ("&immutable=1" if quiet else "")
    conn = sqlite3.connect(uri, uri=True, timeout=busy_timeout(), isolation_level=None)
    conn.row_factory = sqlite3.Row
    return conn


def connect(target: str) -> sqlite3.Connection:
    conn = sqlite3.connect(target, timeout=busy_timeout(), isolation_level=None)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def in_memory() -> sqlite3.Connection:
    """An empty journal that is never written anywhere (a missing file opened for reading)."""
    conn = connect(":memory:")
    migrations.apply(conn)
    return conn


def create(path: Path, build) -> bool:
    """Build the new journal in a private temporary file, then link it into place: a racing
    process sees either no journal or a complete one, never a half-made file. `build(conn)`
    lays out the schema inside one transaction. True when this call made the journal (False:
    another process made it first)."""
    tmp, conn = _build(path, build, "journal_mode = WAL")
    try:
        conn.close()
        return _link(tmp, path)
    except OSError as exc:
        raise JournalError(f"cannot create the journal {path}: {exc.strerror}") from None
    finally:
        remove(tmp)


def create_aside(path: Path, build) -> tuple[Path, sqlite3.Connection]:
    """A new journal built in a private temporary file beside `path` and left open there, not
    yet in place (publish puts it there). Nobody else can see it, so it is written without
    a write-ahead log and without waiting for the disk; publish flushes it once. For an import
    that makes the journal: its pages are written once, not to the log and then again. (A
    rollback still works: its journal is kept in memory.)"""
    return _build(path, build, "journal_mode = MEMORY", "synchronous = OFF")


def _build(path: Path, build, *pragmas: str) -> tuple[Path, sqlite3.Connection]:
    """A new private temporary file beside `path`, opened with these settings and laid out
    by `build(conn)`; on any failure it is gone and the error is one JournalError."""
    try:
        tmp = _make(path)
    except OSError as exc:
        raise JournalError(f"cannot create the journal {path}: {exc.strerror}") from None
    conn = None
    try:
        conn = connect(str(tmp))
        for pragma in pragmas:
            conn.execute(f"PRAGMA {pragma}")
        build(conn)
        return tmp, conn
    except BaseException as exc:
        if conn is not None:
            conn.close()
        remove(tmp)
        if isinstance(exc, OSError):
            raise JournalError(f"cannot create the journal {path}: {exc.strerror}") from None
        if isinstance(exc, sqlite3.Error):  # e.g. a path longer than SQLite opens
            raise JournalError(f"cannot create the journal {path}: {exc}") from None
        raise


def publish(tmp: Path, path: Path, conn: sqlite3.Connection) -> bool:
    """Put a journal built aside (create_aside) in place: closed in the journal's own mode
    (a write-ahead log), flushed to the disk, linked at `path`. False when another program
    made a journal there meanwhile: this one stays at `tmp` (the caller removes it)."""
    try:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.close()
        fd = os.open(tmp, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        if not _link(tmp, path):
            return False
        _sync_folder(path.parent)
    except (OSError, sqlite3.Error) as exc:
        why = exc.strerror if isinstance(exc, OSError) else str(exc)
        raise JournalError(f"cannot create the journal {path}: {why}; nothing was written") from None
    remove(tmp)  # the journal is in place: the other name goes (or a later sweep takes it)
    return True


# the temporary file a journal is built in: hidden, named after the journal (its first
# characters: the name must stay within the system's 255 bytes), this process and this call
_NAME_KEPT = 32
LEFT_FOR = 3600  # seconds a builder's file stays untouched before another process sweeps it


def _temporary(path: Path) -> Path:
    return path.with_name(f".{path.name[:_NAME_KEPT]}.{os.getpid()}.{os.urandom(4).hex()}.new")


def _make(path: Path) -> Path:
    """A new private temporary file beside the journal, its folder made if need be (and what
    killed processes left there while they built this journal removed first)."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    sweep(path)
    tmp = _temporary(path)
    os.close(os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    return tmp


def sweep(path: Path) -> None:
    """Remove what a killed process left while building this journal (an import killed before
    it finished): files named as _temporary names them, with their -wal, -shm or -journal,
    untouched for LEFT_FOR seconds and made by a process that no longer runs here. (A process
    in another container or on another machine has an id that means nothing here: the age
    keeps a build that is still going safe from it.)"""
    import re  # lazy: only when a journal is made or imported into
    import time  # lazy: as above

    mine = re.compile(
        rf"\.{re.escape(path.name[:_NAME_KEPT])}\.(\d+)\.[0-9a-f]{{8}}\.new(?:-wal|-shm|-journal)?"
    )
    try:
        names = os.listdir(path.parent)
    except OSError:
        return
    old = time.time() - LEFT_FOR
    for name in names:
        found = mine.fullmatch(name)
        if not found or _running(int(found[1])):
            continue
        left = path.parent / name
        with contextlib.suppress(OSError):
            if os.lstat(left).st_mtime < old:
                left.unlink()


def _running(pid: int) -> bool:
    """Whether a process with this id runs (one we may not signal runs too)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (OSError, OverflowError):
        return True
    return True


# a hard link refused for these reasons: the file system has none (FAT, exFAT, some shares)
_NO_HARD_LINKS = {errno.EPERM, errno.EOPNOTSUPP, errno.ENOSYS, errno.EMLINK}


def _link(tmp: Path, path: Path) -> bool:
    """Link the finished file at `path`; False when a file is there already (left alone)."""
    try:
        os.link(tmp, path)
    except FileExistsError:
        return False  # another process made it first: use theirs
    except OSError as exc:
        if exc.errno not in _NO_HARD_LINKS:
            raise
        # no hard links here: renamed into place instead (between the look and the rename,
        # another program's new journal could be replaced: a rename that refuses to replace
        # is not in Python's library)
        if path.exists():
            return False
        os.replace(tmp, path)
    return True


def _sync_folder(folder: Path) -> None:
    """Flush the folder's entry of a new file to the disk (where the system allows it)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def applied(conn: sqlite3.Connection) -> list[str]:
    """The schema steps this journal has had, in order."""
    found = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_sqlite_migrations'"
    ).fetchone()
    if not found:
        return []
    return [
        r[0]
        for r in conn.execute(
            "SELECT name FROM _sqlite_migrations WHERE migration_set = ? ORDER BY rowid",
            (migrations.SET_NAME,),
        )
    ]


def pending_upgrade(conn: sqlite3.Connection, path: Path) -> str | None:
    """Whether the schema needs steps: None when up to date, "new" for an empty file, else
    the name of the first pending step. Refuses a journal from a newer version and a SQLite
    file that is not a journal."""
    done = applied(conn)
    unknown = [name for name in done if name not in migrations.NAMES]
    if unknown:
        raise JournalError(
            f"{path} was written by a newer version of callback (schema step "
            f"{unknown[-1]!r}); upgrade callback to use it. The file was not changed."
        )
    if len(done) == len(migrations.NAMES):
        return None
    if not done:
        tables = conn.execute("SELECT count(*) FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'").fetchone()[
            0
        ]
        if tables:
            raise JournalError(f"{path} is a SQLite database but not a callback journal; it was not changed")
        return "new"
    return migrations.NAMES[len(done)]


def backup(conn: sqlite3.Connection, path: Path, label: str) -> Path:
    """Copy the open journal to a new file beside it (never over an existing one)."""
    target = path.with_name(f"{path.stem}.{label}{path.suffix or '.db'}")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.stem}.{label}-{n}{path.suffix}")
    fd = os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    os.close(fd)
    dest = sqlite3.connect(str(target))
    with dest:
        conn.backup(dest)
    dest.close()
    return target


def identity(path: Path) -> tuple[int, int] | None:
    """Which file is at the path (device, inode), or None when there is none."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_dev, st.st_ino)


def remove(path: Path) -> None:
    """Delete a journal file and its -wal and -shm files (the temporary file a new journal is
    built in, or a journal this command made and left empty, under its write lock)."""
    for name in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        with contextlib.suppress(OSError):  # best effort: what stays is swept or harmless
            name.unlink(missing_ok=True)
