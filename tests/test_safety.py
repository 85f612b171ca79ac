"""The journal survives concurrency, locks, crashes, corrupt files and upgrades. These run
the real command in subprocesses, as scripts and impatient people do."""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest
from conftest import callback_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st


def count(db) -> int:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT count(*) FROM auditions").fetchone()[0]
    finally:
        conn.close()


@pytest.mark.slow
def test_24_adds_at_once_all_land(db_path):
    env = dict(os.environ)
    procs = [
        subprocess.Popen(
            [*callback_command(), "add", f"Project {i}", "--quiet"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for i in range(24)
    ]
    results = [(p.wait(timeout=120), p.stdout.read(), p.stderr.read()) for p in procs]
    for p in procs:
        p.stdout.close()
        p.stderr.close()
    assert all(code == 0 for code, _, _ in results), [r for r in results if r[0]]
    assert not any("locked" in err for _, _, err in results)
    assert sorted(int(out) for _, out, _ in results) == list(range(1, 25))
    assert count(db_path) == 24


# holds the journal's write lock from "locked" until a line arrives on its stdin
LOCKER = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
conn.execute("INSERT INTO undo_log (at, command, summary, snapshot) VALUES ('x', 'x', 'x', '{}')")
print("locked", flush=True)
sys.stdin.readline()
conn.execute("ROLLBACK")
"""


class Lock:
    """Another program holding the write lock until `release()`."""

    def __init__(self, db_path):
        self.proc = subprocess.Popen(
            [sys.executable, "-c", LOCKER, str(db_path)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.proc.stdout.readline().strip() == "locked"

    def release(self) -> None:
        self.proc.stdin.write("go\n")
        self.proc.stdin.close()
        assert self.proc.wait(timeout=30) == 0
        self.proc.stdout.close()


def _start(*args, env=None):
    return subprocess.Popen(
        [*callback_command(), *args],
        env={**os.environ, **(env or {})},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_a_short_lock_is_waited_for(cli, db_path):
    cli.add("First")
    lock = Lock(db_path)
    add = _start("add", "Second", "--quiet")
    # while the lock is held the add cannot finish: it waits (the busy timeout is 10 s)
    with pytest.raises(subprocess.TimeoutExpired):
        add.wait(timeout=1.5)
    assert count(db_path) == 1
    lock.release()
    out, err = add.communicate(timeout=30)
    assert add.returncode == 0, err
    assert out == "2\n" and count(db_path) == 2


def test_a_long_lock_is_an_error_and_nothing_is_written(run, cli, db_path):
    cli.add("First")
    lock = Lock(db_path)
    try:
        p = run("add", "Second", env={"CALLBACK_BUSY_TIMEOUT": "0.3"})
    finally:
        lock.release()
    assert p.returncode == 1
    assert p.stderr.startswith("Error:") and "locked" in p.stderr and "Traceback" not in p.stderr
    assert count(db_path) == 1


def _big_import_file(tmp_path, n=40000):
    path = tmp_path / "big.jsonl"
    with open(path, "w") as fh:
        for i in range(n):
            fh.write(
                json.dumps(
                    {
                        "date": f"2025-{i % 12 + 1:02d}-{i % 28 + 1:02d}",
                        "project": f"P{i}",
                        "role": "R",
                        "casting": f"C{i % 50}",
                        "events": [{"status": "callback", "date": "2025-12-30"}],
                    }
                )
                + "\n"
            )
    return path


def _writing(db_path) -> bool:
    """Whether another process holds the journal's write lock right now."""
    conn = sqlite3.connect(db_path, timeout=0, isolation_level=None)
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("ROLLBACK")
        return False
    except sqlite3.OperationalError:
        return True
    finally:
        conn.close()


def _start_import_and_wait_for_writing(db_path, source, sig):
    """Start an import and send `sig` once it is inside its write transaction."""
    proc = subprocess.Popen(
        [*callback_command(), "import", str(source)],
        env=dict(os.environ),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.time() + 60
    while time.time() < deadline and proc.poll() is None:
        if _writing(db_path):  # it holds the write lock: it is inside its one transaction
            proc.send_signal(sig)
            break
        time.sleep(0.005)  # polling the lock
    out, err = proc.communicate(timeout=60)
    return proc.returncode, err


@pytest.mark.slow
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGINT])
def test_an_import_killed_halfway_leaves_all_or_nothing(run, db_path, tmp_path, sig):
    run("add", "Before")
    source = _big_import_file(tmp_path)
    code, err = _start_import_and_wait_for_writing(db_path, source, sig)
    assert code != 0, "the import finished before it could be interrupted"
    if sig == signal.SIGINT:
        assert "Traceback" not in err and "nothing was written" in err
    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    n = conn.execute("SELECT count(*) FROM auditions").fetchone()[0]
    conn.close()
    assert n == 1  # interrupted inside its transaction: nothing of it landed


@pytest.mark.parametrize(
    "content",
    [
        b"",
        None,
        # a corrupt journal is in test_e2e's default run too
        pytest.param(b"just some text\n", marks=pytest.mark.slow),
        pytest.param(b"SQLite format 3\x00" + b"\x13" * 5000, marks=pytest.mark.slow),
    ],
)
def test_bad_journal_files_are_refused_and_untouched(run, db_path, content):
    if content is None:
        db_path.mkdir()
    else:
        db_path.write_bytes(content)
    for args in (["add", "X"], ["list"], ["stats"], ["import", os.devnull, "--from", "csv"]):
        p = run(*args)
        assert p.returncode in ((1,) if args[0] in ("add", "list") else (1, 2)), (args, p.stderr)
        assert p.stderr.startswith("Error:") and "Traceback" not in p.stderr, (args, p.stderr)
    if content is not None:
        assert db_path.read_bytes() == content
    else:
        assert db_path.is_dir() and not any(db_path.iterdir())


# ---- validation never crashes -----------------------------------------------------------
OPTIONS = [
    "--date",
    "--rating",
    "--type",
    "--format",
    "--size",
    "--casting",
    "--source",
    "--outfit",
    "--tag",
    "--note",
    "--role",
    "--location",
]


@pytest.mark.slow
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(option=st.sampled_from(OPTIONS), value=st.text(max_size=30))
def test_no_option_value_crashes_add(cli, option, value):
    from typer.testing import CliRunner

    from callback_cli.cli import app

    if value.startswith("-") or "\x00" in value:
        return  # an option-looking value is the option parser's business
    result = CliRunner().invoke(app, ["add", "P", option, value, "--quiet"])
    assert result.exit_code in (0, 2), (option, value, result.stderr, result.exception)
    if result.exit_code == 2:
        assert result.stderr.startswith("Error:") or "Usage:" in result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)


@pytest.mark.slow
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    command=st.sampled_from(
        [
            ["list", "--since"],
            ["list", "--until"],
            ["stats", "--since"],
            ["list", "--status"],
            ["list", "--type"],
            ["stats", "--by"],
            ["report"],
            ["mark", "1"],
            ["done", "1"],
            ["people", "--since"],
        ]
    ),
    value=st.text(min_size=1, max_size=20),
)
def test_no_value_crashes_the_reading_commands(cli, command, value):
    from typer.testing import CliRunner

    from callback_cli.cli import app

    if value.startswith("-") or "\x00" in value:
        return
    cli.add("P", "--date", "2026-03-01")
    result = CliRunner().invoke(app, [*command, value])
    assert result.exit_code in (0, 1, 2), (command, value, result.stderr, result.exception)
    assert result.exception is None or isinstance(result.exception, SystemExit)
