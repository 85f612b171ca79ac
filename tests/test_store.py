import errno
import os
import sqlite3
import stat
import time
from datetime import date

import pytest

from callback_cli import migrations
from callback_cli.errors import JournalError
from callback_cli.journal import Journal
from callback_cli.store import Store
from callback_cli.store import rows as store_rows


def test_missing_file_reads_as_empty_and_creates_nothing(tmp_path):
    path = tmp_path / "sub" / "journal.db"
    store = Store.open(path)
    assert store.exists is False
    assert store.conn.execute("SELECT count(*) FROM auditions").fetchone()[0] == 0
    assert not path.exists() and not path.parent.exists()


def test_first_write_creates_folders_and_a_private_wal_file(tmp_path):
    path = tmp_path / "deep" / "er" / "journal.db"
    store = Store.open(path, create=True)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    names = {r[0] for r in store.conn.execute("SELECT name FROM sqlite_master")}
    assert {"auditions", "events", "tags", "undo_log", "checked", "audition_summary"} <= names
    applied = [r[0] for r in store.conn.execute("SELECT name FROM _sqlite_migrations")]
    assert applied == list(migrations.NAMES)
    assert not [p for p in path.parent.iterdir() if p.name.endswith(".new")]


@pytest.mark.parametrize(
    "content", [b"", b"hello, this is a text file\n", b"SQLite format 3\x00" + b"\xff" * 200]
)
def test_non_journals_are_refused_untouched(tmp_path, content):
    path = tmp_path / "journal.db"
    path.write_bytes(content)
    with pytest.raises(JournalError):
        Store.open(path, create=True)
    assert path.read_bytes() == content


def test_directory_is_refused(tmp_path):
    with pytest.raises(JournalError, match="directory"):
        Store.open(tmp_path, create=True)


def test_foreign_sqlite_database_is_refused_untouched(tmp_path):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes (x)")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(JournalError, match="not a callback journal"):
        Store.open(path, create=True)
    assert path.read_bytes() == before


def test_newer_journal_is_refused_untouched(tmp_path):
    path = tmp_path / "journal.db"
    Store.open(path, create=True).conn.close()  # an empty journal, kept
    conn = sqlite3.connect(path)
    conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
        "VALUES ('callback', 'm999_from_the_future', '2030-01-01')"
    )
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(JournalError, match="newer version"):
        Store.open(path)
    assert path.read_bytes() == before


def test_rolled_back_transaction_leaves_nothing(tmp_path):
    store = Store.open(tmp_path / "j.db", create=True)
    with pytest.raises(RuntimeError), store.transaction():
        store.rows.insert_audition(
            {"uid": "u1", "date": "2026-01-01", "project": "P", "created_at": "x", "updated_at": "x"}
        )
        raise RuntimeError("boom")
    assert store.conn.execute("SELECT count(*) FROM auditions").fetchone()[0] == 0


def test_derived_columns_follow_events(tmp_path):
    store = Store.open(tmp_path / "j.db", create=True)
    with store.transaction():
        aid = store.rows.insert_audition(
            {"uid": "u1", "date": "2026-01-01", "project": "P", "created_at": "x", "updated_at": "x"}
        )
        store.rows.add_event(aid, "booked", "2026-01-09", None, "x")
        store.rows.add_event(aid, "callback", "2026-01-05", None, "x")
        store.rows.add_event(aid, "released", "2026-01-09", None, "x")  # same day, entered later
        Journal(store, date(2026, 3, 11), 14)._refresh([aid])
    row = store.rows.row(aid)
    assert row["status"] == "released"  # latest by date, then by entry order
    assert (row["last_date"], row["advanced_on"], row["booked_on"], row["called_on"]) == (
        "2026-01-09",
        "2026-01-05",
        "2026-01-09",
        "2026-01-05",
    )


def test_snapshot_and_restore_bring_back_everything(tmp_path):
    store = Store.open(tmp_path / "j.db", create=True)
    with store.transaction():
        aid = store.rows.insert_audition(
            {"uid": "u1", "date": "2026-01-01", "project": "P", "created_at": "x", "updated_at": "x"},
            ["a", "b"],
        )
        store.rows.add_event(aid, "callback", "2026-01-05", "n", "x")
        Journal(store, date(2026, 3, 11), 14)._refresh([aid])
    snap = store.undo.snapshot([aid])
    before = (store.rows.row(aid), store.rows.events(aid), store.rows.tags(aid))
    with store.transaction():
        store.rows.delete_audition(aid)
    assert store.conn.execute("SELECT count(*) FROM events").fetchone()[0] == 0
    with store.transaction():
        store.undo.restore(snap)
    assert (store.rows.row(aid), store.rows.events(aid), store.rows.tags(aid)) == before


# ---- a journal this command made and wrote nothing into is not left behind ---------------
_ROW = {"uid": "u1", "date": "2026-01-01", "project": "P", "created_at": "x", "updated_at": "x"}


def _add_one(store) -> None:
    with store.transaction():
        store.rows.insert_audition(dict(_ROW))


def test_a_journal_made_and_left_empty_is_removed_on_close(tmp_path):
    path = tmp_path / "j.db"
    store = Store.open(path, create=True)
    assert path.exists() and store.created
    with pytest.raises(RuntimeError), store.transaction():
        store.rows.insert_audition(dict(_ROW))
        raise RuntimeError("the import failed")
    store.close()
    assert not path.exists() and not list(tmp_path.iterdir())


def test_a_journal_made_and_written_stays(tmp_path):
    path = tmp_path / "j.db"
    store = Store.open(path, create=True)
    _add_one(store)
    store.close()
    assert Store.open(path).conn.execute("SELECT count(*) FROM auditions").fetchone()[0] == 1


def test_a_journal_that_was_already_there_stays_even_empty(tmp_path):
    path = tmp_path / "j.db"
    Store.open(path, create=True).conn.execute("SELECT 1")  # made, and left open: not closed
    again = Store.open(path, create=True)
    assert not again.created
    again.close()
    assert path.exists()


def test_a_journal_another_command_wrote_into_meanwhile_stays(tmp_path):
    path = tmp_path / "j.db"
    mine = Store.open(path, create=True)
    theirs = Store.open(path, create=True)
    _add_one(theirs)
    theirs.close()
    mine.close()
    assert Store.open(path).conn.execute("SELECT count(*) FROM auditions").fetchone()[0] == 1


def test_a_journal_another_command_is_writing_stays(tmp_path):
    path = tmp_path / "j.db"
    mine = Store.open(path, create=True)
    writer = sqlite3.connect(path, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")  # holds the write lock: mine must not wait, nor remove
    mine.close()
    writer.rollback()
    writer.close()
    assert path.exists()


def test_a_write_to_a_journal_removed_meanwhile_is_refused(tmp_path):
    path = tmp_path / "j.db"
    waiting = Store.open(path, create=True)
    _add_one(waiting)  # (committed: this one is not removed when closed)
    for name in (path, tmp_path / "j.db-wal", tmp_path / "j.db-shm"):
        name.unlink(missing_ok=True)
    Store.open(path, create=True).close()  # a new, empty journal at the path, removed again
    with pytest.raises(JournalError, match="removed or replaced"):
        _add_one(waiting)
    fresh = Store.open(path, create=True)
    _add_one(fresh)
    with pytest.raises(JournalError, match="removed or replaced"):
        _add_one(waiting)  # a different file at the path now: refused too, nothing written
    assert fresh.conn.execute("SELECT count(*) FROM auditions").fetchone()[0] == 1


# ---- a journal built aside (an import that makes the journal) ------------------------------
def test_a_journal_built_aside_is_nowhere_until_it_commits_then_in_place(tmp_path):
    path = tmp_path / "sub" / "j.db"
    store = Store.open(path, create=True, aside=True)
    assert not path.exists()  # building: nobody sees a journal yet
    [building] = path.parent.iterdir()
    assert building.name.startswith(f".j.db.{os.getpid()}.") and building.name.endswith(".new")
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "memory"
    _add_one(store)
    assert path.exists() and store.committed
    assert sorted(p.name for p in path.parent.iterdir() if not p.name.startswith("j.db-")) == ["j.db"]
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    # the store goes on with the journal in place, in its own mode
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.identity == (os.stat(path).st_dev, os.stat(path).st_ino)
    with store.transaction():
        store.rows.insert_audition({**_ROW, "uid": "u2"})
    assert store.undo.conn is store.conn
    store.close()
    assert sorted(p.name for p in path.parent.iterdir()) == ["j.db"]  # its log folded back
    reread = Store.open(path)
    assert reread.conn.execute("SELECT count(*) FROM auditions").fetchone()[0] == 2
    assert reread.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_a_journal_built_aside_that_never_commits_leaves_nothing(tmp_path):
    path = tmp_path / "j.db"
    store = Store.open(path, create=True, aside=True)
    with pytest.raises(RuntimeError), store.transaction():
        store.rows.insert_audition(dict(_ROW))
        raise RuntimeError("the import failed")
    store.close()
    assert not list(tmp_path.iterdir())


def test_a_journal_made_by_another_program_meanwhile_is_left_alone(tmp_path):
    path = tmp_path / "j.db"
    store = Store.open(path, create=True, aside=True)
    theirs = Store.open(path, create=True)
    _add_one(theirs)
    theirs.close()
    _add_one(store)  # commits aside; the path is taken: it stays aside for the caller to merge
    assert store.left_aside is not None and store.left_aside.exists()
    assert not store.committed
    aside = Store.open(store.left_aside)
    assert aside.conn.execute("SELECT count(*) FROM auditions").fetchone()[0] == 1
    aside.conn.close()
    store.close()
    assert not store.left_aside.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["j.db"]
    assert Store.open(path).conn.execute("SELECT count(*) FROM auditions").fetchone()[0] == 1


def test_a_journal_built_aside_that_cannot_be_flushed_is_one_error_and_leaves_nothing(tmp_path, monkeypatch):
    from callback_cli.store import opening

    def full(fd):
        raise OSError(28, "No space left on device")

    path = tmp_path / "j.db"
    store = Store.open(path, create=True, aside=True)
    monkeypatch.setattr(opening.os, "fsync", full)
    with pytest.raises(JournalError, match="No space left on device; nothing was written"):
        _add_one(store)
    assert not store.committed
    store.close()
    assert not list(tmp_path.iterdir())


def test_what_a_killed_builder_left_is_swept_when_the_journal_is_next_made(tmp_path):
    from callback_cli.store import opening

    gone = _a_finished_pid()  # a process that built this journal and was killed
    left = [f".j.db.{gone}.0123abcd.new", f".j.db.{gone}.0123abcd.new-journal"]
    recent = [f".j.db.{gone}.4567abcd.new"]  # dead here, but written a moment ago: another
    alive = [f".j.db.{os.getpid()}.89abcdef.new"]  # container's build, or one still running
    others = [f".k.db.{gone}.0123abcd.new", f".j.db.{gone}.notmine.new", "j.db.notes"]
    hour_ago = time.time() - opening.LEFT_FOR - 60
    for name in left + recent + alive + others:
        (tmp_path / name).write_text("x")
        if name not in recent:
            os.utime(tmp_path / name, (hour_ago, hour_ago))
    store = Store.open(tmp_path / "j.db", create=True, aside=True)
    _add_one(store)
    store.close()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["j.db", *recent, *alive, *others])
    # an import into the journal once it exists sweeps too (a build killed after another
    # command had made the journal)
    (tmp_path / left[0]).write_text("x")
    os.utime(tmp_path / left[0], (hour_ago, hour_ago))
    Store.open(tmp_path / "j.db", create=True, aside=True).close()
    assert not (tmp_path / left[0]).exists()


def test_a_long_journal_name_builds_aside_within_the_systems_name_limit(tmp_path):
    path = tmp_path / ("n" * 240 + ".db")
    store = Store.open(path, create=True, aside=True)
    _add_one(store)
    store.close()
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]


def test_ctrl_c_while_the_journal_is_put_in_place_keeps_what_was_committed(tmp_path, monkeypatch):
    import signal

    from callback_cli.store import opening

    link = opening._link

    def interrupted(tmp, path):  # the Ctrl-C lands after the connection built aside closed
        os.kill(os.getpid(), signal.SIGINT)
        return link(tmp, path)

    monkeypatch.setattr(opening, "_link", interrupted)
    path = tmp_path / "j.db"
    store = Store.open(path, create=True, aside=True)
    _add_one(store)  # the commit stands: no error
    assert store.committed
    store.close()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["j.db"]
    assert Store.open(path).conn.execute("SELECT count(*) FROM auditions").fetchone()[0] == 1


@pytest.mark.parametrize("why", [errno.EIO, errno.ENOSPC])
def test_a_link_that_fails_for_another_reason_than_no_hard_links_is_an_error(tmp_path, monkeypatch, why):
    from callback_cli.store import opening

    def broken(src, dst):
        raise OSError(why, os.strerror(why))

    monkeypatch.setattr(opening.os, "link", broken)
    store = Store.open(tmp_path / "j.db", create=True, aside=True)
    with pytest.raises(JournalError, match=os.strerror(why)):
        _add_one(store)
    store.close()
    assert not list(tmp_path.iterdir())


def test_a_file_system_without_hard_links_gets_the_journal_renamed_into_place(tmp_path, monkeypatch):
    from callback_cli.store import opening

    def refused(src, dst):
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(opening.os, "link", refused)
    path = tmp_path / "j.db"
    store = Store.open(path, create=True, aside=True)
    _add_one(store)
    store.close()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["j.db"]
    assert Store.open(path).conn.execute("SELECT count(*) FROM auditions").fetchone()[0] == 1


def _a_finished_pid() -> int:
    import subprocess

    child = subprocess.Popen(["true"])
    child.wait()
    return child.pid


@pytest.mark.parametrize("count", [0, 1, 31, 32, 33, 64, 65, 1000])
@pytest.mark.parametrize("width", [1, 5, 28, 40, 1000])
def test_many_rows_a_statement_write_every_row_once_in_order(count, width):
    conn = sqlite3.connect(":memory:")
    columns = ", ".join(f"c{i}" for i in range(width))
    conn.execute(f"CREATE TABLE t ({columns})")
    rows = [
        tuple(f"{n}.{i}" if i % 3 else (n if n % 2 else None) for i in range(width)) for n in range(count)
    ]
    store_rows._insert_rows(conn, f"INSERT INTO t ({columns})", width, rows)
    assert conn.execute("SELECT * FROM t ORDER BY rowid").fetchall() == rows
