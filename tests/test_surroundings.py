"""Unfriendly surroundings (issue 9): output paths that are the journal, planted links, FIFOs,
full disks, closed pipes, read-only folders, bad config files, Ctrl-C at awkward moments.

Each hostile file system is made here, in the test: FIFOs with os.mkfifo, a device node with
os.mknod, a full disk with /dev/full, a read-only folder and an unreadable journal by running
the command as an unprivileged user (root bypasses permissions, so as root the command is
run as `nobody`; without a way to drop privileges those tests are skipped with the reason)."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import TODAY, callback_command
from typer.testing import CliRunner

from callback_cli.cli import app


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def one_error(p, code: int) -> None:
    """The contract's failure: the exit code, one `Error:` line, no traceback."""
    assert p.returncode == code, (p.returncode, p.stdout, p.stderr)
    assert p.stderr.startswith("Error:"), p.stderr
    assert "Traceback" not in p.stderr and "Exception ignored" not in p.stderr, p.stderr


@pytest.fixture
def journal(cli, db_path):
    """A journal with one audition and a callback, made in-process (the commands under test
    run as real processes)."""
    cli.add("Night Shift", "--date", "2026-03-01")
    cli("mark", "1", "callback", "--date", "2026-03-20")
    return db_path


# ---- 1. demo never replaces the journal in force ------------------------------------------
def test_demo_refuses_the_journal_named_by_db_flag(run, journal, tmp_path):
    before = digest(journal)
    other = tmp_path / "elsewhere.db"
    p = run("--db", journal, "demo", "--file", journal, "--force", env={"CALLBACK_DB": str(other)})
    one_error(p, 2)
    assert digest(journal) == before


def test_demo_refuses_the_journal_under_another_name(run, journal, tmp_path):
    before = digest(journal)
    (tmp_path / "sub").mkdir()
    link = tmp_path / "hard.db"
    os.link(journal, link)
    for name in (link, tmp_path / "sub" / ".." / journal.name):
        p = run("demo", "--file", name, "--force")
        one_error(p, 2)
    assert digest(journal) == before and digest(link) == before


# ---- 2. no output file is ever the journal ------------------------------------------------
# Every writer goes through files.py: the default run tries a data file and a page, the slow
# run (CI) every writer.
SLOW = pytest.mark.slow
OUTPUTS = [
    ["export", "-o"],
    ["report", "--html"],
    pytest.param(["export", "--csv", "-o"], marks=SLOW),
    pytest.param(["calendar", "-o"], marks=SLOW),
    pytest.param(["report", "--svg"], marks=SLOW),
    ["review", "--html"],
    pytest.param(["review", "--svg"], marks=SLOW),
]


@pytest.mark.parametrize(
    "args", [OUTPUTS[0], pytest.param(OUTPUTS[1], marks=SLOW), *OUTPUTS[2:]], ids=lambda a: " ".join(a)
)
def test_outputs_refuse_the_journal(run, journal, tmp_path, args):
    before = digest(journal)
    os.link(journal, tmp_path / "alias.db")
    for target in (journal, tmp_path / "alias.db", tmp_path / ".." / tmp_path.name / journal.name):
        p = run(*args, target)
        one_error(p, 2)
        assert p.stdout == ""  # refused before any work, nothing shown first
        assert digest(journal) == before
    for suffix in ("-wal", "-shm"):
        p = run(*args, f"{journal}{suffix}")
        one_error(p, 2)
        assert not Path(f"{journal}{suffix}").exists()


def test_outputs_refuse_the_journal_named_by_db_flag(run, journal, tmp_path):
    before = digest(journal)
    p = run("--db", journal, "export", "-o", journal, env={"CALLBACK_DB": str(tmp_path / "x.db")})
    one_error(p, 2)
    assert digest(journal) == before


@pytest.mark.parametrize("side", ["-wal", "-shm"])
def test_outputs_refuse_the_side_files_of_a_journal_named_through_a_link(run, journal, tmp_path, side):
    link = tmp_path / "link.db"
    link.symlink_to(journal)  # SQLite keeps -wal/-shm beside the real file, not the link
    for args in (["export", "-o"], ["calendar", "-o"]):
        p = run("--db", link, *args, f"{journal}{side}")
        one_error(p, 2)
        assert not Path(f"{journal}{side}").exists() or Path(f"{journal}{side}").stat().st_size != 0


# ---- 3. temporary files: unpredictable, exclusive, never through a link ----------------------
@pytest.mark.parametrize("args", OUTPUTS, ids=lambda a: " ".join(a))
def test_a_planted_link_at_the_old_temporary_name_is_not_followed(run, journal, tmp_path, args):
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    out = tmp_path / "out.file"
    for planted in (f".{out.name}.part", f".{out.name}.tmp", f"{out.name}.part"):
        (tmp_path / planted).symlink_to(victim)
    p = run(*args, out)
    assert p.returncode == 0, p.stderr
    assert victim.read_text() == "precious\n"
    assert out.is_file() and not out.is_symlink() and out.stat().st_size > 0
    planted = {".out.file.part", ".out.file.tmp", "out.file.part"}
    leftovers = {x.name for x in tmp_path.iterdir() if "out.file" in x.name} - planted - {"out.file"}
    assert not leftovers, leftovers


@pytest.mark.parametrize("args", OUTPUTS, ids=lambda a: " ".join(a))
def test_only_a_regular_file_is_replaced(run, journal, tmp_path, args):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    p = run(*args, fifo, timeout=20)
    one_error(p, 2)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    link = tmp_path / "link.out"
    link.symlink_to(victim)
    p = run(*args, link)
    one_error(p, 2)
    assert link.is_symlink() and victim.read_text() == "precious\n"


def test_a_device_node_is_not_replaced(run, journal, tmp_path):
    node = tmp_path / "null"
    try:
        os.mknod(node, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    except (PermissionError, OSError) as exc:
        pytest.skip(f"cannot make a device node here: {exc}")
    p = run("export", "-o", node)
    one_error(p, 2)
    assert stat.S_ISCHR(os.lstat(node).st_mode)


# ---- 26. every file callback writes is 0600 -------------------------------------------------
@pytest.mark.parametrize("args", OUTPUTS, ids=lambda a: " ".join(a))
def test_written_files_are_private(run, journal, tmp_path, args):
    out = tmp_path / "out.file"
    old = os.umask(0o022)
    try:
        p = run(*args, out)
        assert p.returncode == 0, p.stderr
        assert stat.S_IMODE(out.stat().st_mode) == 0o600
        out.write_text("old")
        os.chmod(out, 0o644)
        p = run(*args, out)  # replacing an existing file makes it private too
        assert p.returncode == 0, p.stderr
        assert stat.S_IMODE(out.stat().st_mode) == 0o600 and out.read_text() != "old"
    finally:
        os.umask(old)


# ---- 8. the config file -----------------------------------------------------------------------
@pytest.mark.parametrize(
    "text, line, words",
    [
        (b'stale_days = 10\nweek_start = "mon\xffday"\n', 2, "UTF-8"),
        pytest.param(b"stale_days = 10\n\nfollowup_days = 999999999\n", 3, "followup_days", marks=SLOW),
        pytest.param(b"thank_you_after_days = 99999999999\n", 1, "thank_you_after_days", marks=SLOW),
        pytest.param(b"stale_days = 14\nstale_days = [\n", 3, "TOML", marks=SLOW),
        pytest.param(b"[items]\nprep = 3\n", 2, "prep", marks=SLOW),
    ],
)
def test_a_bad_config_file_is_one_error_naming_the_line(run, journal, tmp_path, text, line, words):
    cfg = tmp_path / "config.toml"
    cfg.write_bytes(text)
    for args in (["followups"], ["list"], ["add", "X"], ["report"], ["stats"], ["config"]):
        before = digest(journal)
        p = run(*args)
        if p.returncode == 0 and args[0] in ("list", "add", "stats"):
            continue  # a command that needs no setting may run without reading the file
        one_error(p, 2)
        assert p.stderr.count("\n") == 1
        assert f"the config file {cfg} line {line}:" in p.stderr, p.stderr
        assert words in p.stderr
        assert digest(journal) == before


def test_config_set_and_unset_read_the_file_as_carefully(run, journal, tmp_path):
    cfg = tmp_path / "config.toml"
    cfg.write_bytes(b'stale_days = 20\nname = "Ren\xe9e"\n')
    for args in (["config", "set", "stale_days", "5"], ["config", "unset", "name"]):
        p = run(*args)
        one_error(p, 2)
        assert f"the config file {cfg} line 2: not valid UTF-8" in p.stderr
        assert cfg.read_bytes() == b'stale_days = 20\nname = "Ren\xe9e"\n'
    cfg.unlink()
    os.mkfifo(cfg)
    for args in (["config", "set", "stale_days", "5"], ["config", "unset", "name"]):
        p = run(*args, timeout=20)
        one_error(p, 2)
        assert "not a regular file" in p.stderr


def test_config_values_in_range_still_work(run, journal, tmp_path):
    (tmp_path / "config.toml").write_text("followup_days = 3650\nstale_days = 0\nthank_you_after_days = 30\n")
    assert run("followups").returncode == 0
    assert run("config", "--json").returncode == 0


# ---- 11. output errors ------------------------------------------------------------------------
def test_a_full_stdout_is_an_error_that_says_the_change_was_saved(db_path):
    with open("/dev/full", "w") as full:
        p = subprocess.run(
            [*callback_command(), "add", "Night Shift", "-q"], stdout=full, stderr=subprocess.PIPE, text=True
        )
    one_error(p, 1)
    assert "could not write the output" in p.stderr and "saved" in p.stderr
    assert sqlite3.connect(db_path).execute("SELECT count(*) FROM auditions").fetchone()[0] == 1


def test_a_full_stdout_on_reading_says_only_that(run, journal):
    with open("/dev/full", "w") as full:
        for args in (["list"], ["list", "--json"], ["show", "1"], ["export"], ["calendar"], ["report"]):
            p = subprocess.run([*callback_command(), *args], stdout=full, stderr=subprocess.PIPE, text=True)
            one_error(p, 1)
            assert "could not write the output" in p.stderr and "saved" not in p.stderr


@pytest.fixture(scope="module")
def big_template(tmp_path_factory):
    """Enough auditions that their listing overflows a pipe's buffer (64 KiB): made once,
    in-process, and copied for each test."""
    folder = tmp_path_factory.mktemp("big")
    src = folder / "many.jsonl"
    src.write_text(
        "".join(
            json.dumps(
                {"date": f"2026-02-{i % 28 + 1:02d}", "project": f"Project number {i}", "role": "Lead"}
            )
            + "\n"
            for i in range(1500)
        )
    )
    db = folder / "journal.db"
    env = {"CALLBACK_DB": str(db), "CALLBACK_TODAY": TODAY, "CALLBACK_CONFIG": str(folder / "none.toml")}
    for args in (["add", "Night Shift", "--date", "2026-03-01", "-q"], ["import", str(src)]):
        result = CliRunner().invoke(app, args, env=env)
        assert result.exit_code == 0, result.output
    assert not Path(f"{db}-wal").exists()
    return db


@pytest.fixture
def big_journal(big_template, db_path):
    shutil.copyfile(big_template, db_path)
    return db_path


@pytest.mark.parametrize(
    "args",
    [
        ["list"],
        ["list", "--json"],
        ["report"],
        pytest.param(["export", "--csv"], marks=SLOW),
        pytest.param(["export"], marks=SLOW),
        pytest.param(["list", "--ids"], marks=SLOW),
        pytest.param(["followups"], marks=SLOW),
    ],
    ids=" ".join,
)
@pytest.mark.parametrize("read", [0, 10])
def test_a_closed_pipe_exits_0_quietly(big_journal, args, read):
    proc = subprocess.Popen([*callback_command(), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.read(read)
    proc.stdout.close()
    err = proc.stderr.read().decode()
    proc.stderr.close()
    assert proc.wait(timeout=60) == 0, (args, err)
    assert err == "", (args, err)


def test_a_closed_pipe_via_head_in_a_shell(big_journal):
    for tail in ("head -1", "true"):
        cmd = " ".join(callback_command()) + f' list | {tail}; echo "${{PIPESTATUS[0]}}"'
        p = subprocess.run(["bash", "-c", cmd], capture_output=True, text=True)
        assert p.stdout.splitlines()[-1] == "0", p
        assert p.stderr == ""


# ---- 12. a FIFO as journal or config ------------------------------------------------------------
def test_a_fifo_as_journal_is_refused_not_waited_on(run, tmp_path):
    fifo = tmp_path / "journal.db"
    os.mkfifo(fifo)
    for args in (["list"], ["add", "X"], ["stats"]):
        p = run(*args, timeout=20)
        one_error(p, 1)
        assert "not a regular file" in p.stderr
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_a_fifo_as_config_is_refused_not_waited_on(run, journal, tmp_path):
    os.mkfifo(tmp_path / "config.toml")
    p = run("followups", timeout=20)
    one_error(p, 2)
    assert "not a regular file" in p.stderr


# ---- 17. importing another journal never changes it ------------------------------------------------
def test_importing_an_empty_sqlite_file_leaves_it_alone(run, journal, tmp_path):
    source = tmp_path / "empty.db"
    sqlite3.connect(source).close()
    conn = sqlite3.connect(source)
    conn.execute("CREATE TABLE t (x)")
    conn.close()
    empty = tmp_path / "zero.db"
    conn = sqlite3.connect(empty)
    conn.execute("PRAGMA user_version = 0")
    conn.close()
    for src in (source, empty):
        before = src.read_bytes() if src.exists() else None
        p = run("import", src, "--from", "db")
        one_error(p, 2)
        assert (src.read_bytes() if src.exists() else None) == before


def test_importing_another_journal_opens_it_read_only(run, journal, tmp_path):
    other = tmp_path / "other.db"
    assert run("--db", other, "add", "Harbor Lights", "--date", "2026-02-02", "-q").returncode == 0
    before = digest(other)
    os.chmod(other, 0o444)
    p = run("import", other)
    assert p.returncode == 0, p.stderr
    assert digest(other) == before
    assert {x.name for x in tmp_path.iterdir() if x.name.startswith("other")} == {"other.db"}


@pytest.mark.parametrize("fixture", ["journal-m001.db", pytest.param("journal-m003.db", marks=SLOW)])
def test_an_older_journal_imports_without_being_upgraded(run, journal, tmp_path, fixture):
    other = tmp_path / "older.db"
    other.write_bytes((Path(__file__).parent / "fixtures" / fixture).read_bytes())
    before = digest(other)
    p = run("import", other)
    assert p.returncode == 0, p.stderr
    assert digest(other) == before  # upgraded in memory, never on disk
    assert {x.name for x in tmp_path.iterdir() if x.name.startswith("older")} == {"older.db"}
    records = json.loads(run("list", "--json").stdout)
    assert records and all("time" in r and "expenses" in r for r in records)


# ---- 18. read-only folder, unreadable journal --------------------------------------------------------
def _without_root_powers() -> list[str]:
    """A command prefix that makes permissions hold: as root, the command runs without the
    capabilities that bypass them (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH), so a 0555 folder
    or a 0000 file stops it as it would stop anyone; otherwise nothing is needed."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if not setpriv:
        pytest.skip("running as root without setpriv: permissions cannot be made to hold")
    drop = "-dac_override,-dac_read_search"
    probe = subprocess.run([setpriv, f"--bounding-set={drop}", f"--inh-caps={drop}", "true"])
    if probe.returncode != 0:
        pytest.skip("running as root and setpriv cannot drop capabilities here")
    return [setpriv, f"--bounding-set={drop}", f"--inh-caps={drop}"]


def _run_limited(args, env=None, timeout=60):
    return subprocess.run(
        [*_without_root_powers(), *callback_command(), *map(str, args)],
        capture_output=True,
        text=True,
        env=dict(os.environ, **(env or {})),
        timeout=timeout,
    )


def _journal_in_folder(tmp_path) -> Path:
    folder = tmp_path / "journal"
    folder.mkdir()
    db = folder / "journal.db"
    p = subprocess.run(
        [*callback_command(), "--db", str(db), "add", "Night Shift", "-q"], capture_output=True, text=True
    )
    assert p.returncode == 0, p.stderr
    return db


@pytest.fixture
def restore_modes(tmp_path):
    yield
    for p in [tmp_path, *tmp_path.rglob("*")]:
        os.chmod(p, 0o700 if p.is_dir() else 0o600)


def test_a_journal_in_a_read_only_folder_reads_and_refuses_writes_clearly(tmp_path, restore_modes):
    db = _journal_in_folder(tmp_path)
    os.chmod(db.parent, 0o555)
    before = digest(db)
    for named in ({"args": ["--db", db], "env": {}}, {"args": [], "env": {"CALLBACK_DB": str(db)}}):
        p = _run_limited([*named["args"], "list"], env=named["env"])
        assert p.returncode == 0, p.stderr
        assert "Night Shift" in p.stdout
        p = _run_limited([*named["args"], "show", "1", "--json"], env=named["env"])
        assert p.returncode == 0, p.stderr
        p = _run_limited([*named["args"], "add", "Harbor Lights"], env=named["env"])
        one_error(p, 1)
        assert "corrupt" not in p.stderr
        assert f"cannot write in the folder {db.parent}" in p.stderr, p.stderr
    assert digest(db) == before


def test_an_unreadable_journal_is_exit_1_however_it_is_named(tmp_path, restore_modes):
    db = _journal_in_folder(tmp_path)
    os.chmod(db, 0o000)
    for named in ({"args": ["--db", db], "env": {}}, {"args": [], "env": {"CALLBACK_DB": str(db)}}):
        for cmd in (["list"], ["add", "X"]):
            p = _run_limited([*named["args"], *cmd], env=named["env"])
            one_error(p, 1)
            assert "permission denied" in p.stderr.lower(), p.stderr
            assert "corrupt" not in p.stderr


def test_a_folder_that_cannot_be_entered_is_one_error(tmp_path, restore_modes):
    db = _journal_in_folder(tmp_path)
    os.chmod(db.parent, 0o000)
    for named in ({"args": ["--db", db], "env": {}}, {"args": [], "env": {"CALLBACK_DB": str(db)}}):
        for cmd in (["list"], ["add", "X"]):
            p = _run_limited([*named["args"], *cmd], env=named["env"])
            one_error(p, 1)
            assert "permission denied" in p.stderr.lower(), p.stderr
    p = _run_limited(["demo", "--file", db.parent / "demo.db"], env={"CALLBACK_DB": str(tmp_path / "x.db")})
    one_error(p, 2)
    assert "permission denied" in p.stderr.lower(), p.stderr


# ---- 19. Ctrl-C -----------------------------------------------------------------------------------
CTRL_C_WHILE_LOADING = """
import builtins, os, signal, sys
from importlib.metadata import entry_points

sys.argv = ["callback", "report"]
real_import = builtins.__import__

def importing(name, *args, **kwargs):
    if name.split(".")[0] in ("typer", "rich"):  # the slow part of start-up: Ctrl-C lands now
        builtins.__import__ = real_import
        os.kill(os.getpid(), signal.SIGINT)
    return real_import(name, *args, **kwargs)

builtins.__import__ = importing
(script,) = [e for e in entry_points(group="console_scripts") if e.name == "callback"]
sys.exit(script.load()())  # what the installed `callback` script does
"""


def test_ctrl_c_while_modules_load_prints_no_traceback(journal):
    p = subprocess.run(
        [sys.executable, "-c", CTRL_C_WHILE_LOADING], capture_output=True, text=True, timeout=60
    )
    assert "Traceback" not in p.stderr and "KeyboardInterrupt" not in p.stderr, p.stderr
    assert p.returncode == 130 and "Cancelled" in p.stderr, (p.returncode, p.stderr)


def test_ctrl_c_after_the_commit_says_saved_and_exits_0(cli, monkeypatch):
    from callback_cli import render

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(render, "added", interrupted)
    result = cli("add", "Night Shift", code=0)
    assert "saved" in result.stderr.lower() and "Cancelled" not in result.stderr
    assert cli.rows("SELECT project FROM auditions") == [{"project": "Night Shift"}]


def test_ctrl_c_before_the_commit_still_says_nothing_was_written(cli, monkeypatch):
    from callback_cli import journal as journal_module

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    cli.add("First")
    monkeypatch.setattr(journal_module, "norm_tags", interrupted)
    result = cli("add", "Night Shift", "--tag", "x", code=130)
    assert "nothing was written" in result.stderr
    assert len(cli.rows("SELECT * FROM auditions")) == 1


# ---- 20. racing first-run upgrades ----------------------------------------------------------------
def _old_journal(path: Path) -> None:
    """A journal as the first release made it: only the first schema step applied."""
    from sqlite_utils import Database, Migrations

    from callback_cli import migrations

    first = Migrations(migrations.SET_NAME)
    first(name="m001_initial")(lambda db: migrations.m001_initial(db.conn))
    db = Database(path)
    db.conn.execute("PRAGMA journal_mode = WAL")
    first.apply(db)
    db.conn.execute(
        "INSERT INTO auditions (id, uid, date, project, created_at, updated_at) "
        "VALUES (1, 'u1', '2026-03-01', 'Old', '2026-03-01T00:00:00Z', '2026-03-01T00:00:00Z')"
    )
    db.conn.commit()
    db.close()


@pytest.mark.parametrize("racers", [4, pytest.param(8, marks=SLOW)])
def test_racing_first_run_upgrades_make_one_backup_and_all_succeed(db_path, tmp_path, racers):
    from callback_cli import migrations

    if len(migrations.NAMES) < 2:
        pytest.skip("no schema step after the first: nothing to upgrade")
    _old_journal(db_path)
    procs = [
        subprocess.Popen(
            [*callback_command(), *(["list", "--json"] if i % 2 else ["add", f"P{i}", "-q"])],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=dict(os.environ),
        )
        for i in range(racers)
    ]
    results = [(p.wait(timeout=120), p.stderr.read()) for p in procs]
    for p in procs:
        p.stdout.close()
        p.stderr.close()
    assert all(code == 0 for code, _ in results), results
    assert not any("Traceback" in err or "Error" in err for _, err in results), results
    backups = [x.name for x in tmp_path.iterdir() if x.name.startswith("journal.before-")]
    assert len(backups) == 1, backups
    conn = sqlite3.connect(db_path)
    names = [r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations ORDER BY rowid")]
    assert names == list(migrations.NAMES)
    assert conn.execute("SELECT count(*) FROM auditions").fetchone()[0] == 1 + racers // 2


# ---- 22. import refuses what is not a regular file ---------------------------------------------------
@pytest.mark.parametrize(
    "fmt",
    [
        "json",
        pytest.param("db", marks=SLOW),
        pytest.param("jsonl", marks=SLOW),
        pytest.param("csv", marks=SLOW),
    ],
)
def test_import_refuses_devices_and_fifos(run, journal, tmp_path, fmt):
    before = digest(journal)
    fifo = tmp_path / f"pipe.{fmt}"
    os.mkfifo(fifo)
    for source in ("/dev/zero", "/dev/urandom", fifo):
        p = run("import", source, "--from", fmt, timeout=20)
        one_error(p, 2)
        assert "not a regular file" in p.stderr
    assert digest(journal) == before


# ---- 23. demo --file with a directory or markup-like characters ---------------------------------------
def test_demo_file_that_is_a_directory_is_refused(run, tmp_path):
    (tmp_path / "adir").mkdir()
    p = run("demo", "--file", tmp_path / "adir", "--force")
    one_error(p, 2)
    assert (tmp_path / "adir").is_dir()


@pytest.mark.parametrize(
    "name",
    [
        "[bold]demo.db",
        pytest.param("x[/bold]y.db", marks=SLOW),
        pytest.param("[link=https:x]a.db", marks=SLOW),
    ],
)
def test_demo_file_with_brackets_in_the_path(run, tmp_path, name):
    target = tmp_path / name
    p = run("demo", "--file", target)
    assert p.returncode == 0, p.stderr
    assert "Traceback" not in p.stderr and target.is_file()
    p = run("demo", "--file", target, "--force", "-q")
    assert p.returncode == 0 and p.stdout.strip() == str(target), p


def test_calendar_output_path_with_brackets(run, journal, tmp_path):
    out = tmp_path / "[bold]cal[dim].ics"
    p = run("calendar", "-o", out)
    assert p.returncode == 0 and out.exists(), p.stderr
