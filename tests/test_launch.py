"""The entry point ends the process as soon as the command is over (launch.end): nothing
a command printed or wrote may be lost on the way out."""

import json
import os
import subprocess
import sys
from pathlib import Path


def test_a_long_listing_reaches_the_pipe_whole(run, tmp_path):
    rows = "\n".join(
        json.dumps({"date": f"2025-{1 + n % 12:02d}-{1 + n % 28:02d}", "project": f"P{n}", "notes": "x" * 99})
        for n in range(400)
    )
    (tmp_path / "many.jsonl").write_text(rows + "\n")
    assert run("import", tmp_path / "many.jsonl").returncode == 0
    listing = run("list", "--all", "--json")
    assert listing.returncode == 0
    assert len(json.loads(listing.stdout)) == 400  # ~70 KB, more than a pipe buffer
    exported = run("export", "--jsonl")
    assert len(exported.stdout.splitlines()) == 400 and exported.stdout.endswith("\n")


def test_the_journal_is_closed_before_the_process_ends(run, db_path):
    assert run("add", "Night Shift", "--quiet").returncode == 0
    # SQLite folds the write-ahead log back into the journal when its last connection
    # closes: a process that ended with the journal open would leave it behind
    assert db_path.exists() and not Path(f"{db_path}-wal").exists()


def test_exit_codes_stand(run):
    assert run("show", "7").returncode == 1
    assert run("list", "--type", "hologram").returncode == 2
    assert run("--version").returncode == 0


def test_end_runs_what_was_registered_at_exit_and_flushes_the_streams(tmp_path):
    mark = tmp_path / "ran"
    code = (
        "import atexit, sys\n"
        "from callback_cli.launch import end\n"
        f"atexit.register(lambda: open({str(mark)!r}, 'w').write('yes'))\n"
        "sys.stdout.write('no newline at the end')\n"
        "sys.stderr.write('to stderr')\n"
        "end(3)\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}  # buffered, as in a pipe
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 3
    assert done.stdout == "no newline at the end" and done.stderr == "to stderr"
    assert mark.read_text() == "yes"
