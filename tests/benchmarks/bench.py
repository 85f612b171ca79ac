"""Start-up, report, import/export and memory benchmark for the installed `callback`.

Run:  python tests/benchmarks/bench.py [--runs 15] [--size 100000]

It times each command as a shell would (a new process every run), against the floor of the
libraries the command cannot avoid, measured the same way in the same run with the same
interpreter, and prints the median, the ratio to the floor, the peak memory, and the target.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

HERE = Path(sys.executable).parent
CALLBACK = shutil.which("callback", path=str(HERE)) or shutil.which("callback")
FLOOR_CLI = "import typer, sqlite3"
FLOOR_RICH = "import typer, rich.console, rich.table, sqlite3"
TODAY = "2026-11-22"


def run_once(argv, env) -> tuple[float, int]:
    """Wall time (s) and peak RSS (KiB) of one process."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode()
    proc.stderr.close()
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(map(str, argv))} failed ({proc.returncode}): {err}")
    return elapsed, usage.ru_maxrss


def median_of(argv, env, runs) -> tuple[float, int]:
    run_once(argv, env)  # warm the OS file cache and .pyc files
    times, peak = [], 0
    for _ in range(runs):
        t, rss = run_once(argv, env)
        times.append(t)
        peak = max(peak, rss)
    return statistics.median(times), peak


def make_jsonl(path: Path, n: int, seed: int = 1) -> None:
    """n auditions over ~8 years, with realistic outcomes, as JSON Lines."""
    rnd = random.Random(seed)
    offices = [f"Casting Office {i}" for i in range(300)]
    projects = [f"Project {i}" for i in range(5000)]
    types = ["film", "tv", "commercial", "theatre", "voiceover", "web", "student"]
    start = date(2018, 11, 1)
    span = (date.fromisoformat(TODAY) - start).days
    with open(path, "w") as fh:
        for _ in range(n):
            day = start + timedelta(days=rnd.randrange(span))
            events = []
            if rnd.random() < 0.18:
                cb = day + timedelta(days=rnd.randint(2, 10))
                events.append({"status": "callback", "date": cb.isoformat(), "note": None})
                if rnd.random() < 0.3:
                    events.append(
                        {
                            "status": rnd.choice(["booked", "released"]),
                            "date": (cb + timedelta(days=5)).isoformat(),
                            "note": None,
                        }
                    )
            rec = {
                "date": day.isoformat(),
                "project": rnd.choice(projects),
                "role": f"Role {rnd.randrange(2000)}",
                "type": rnd.choice(types),
                "format": rnd.choice(["in-person", "self-tape", "virtual"]),
                "size": rnd.choice(["lead", "supporting", "co-star", "guest-star", None]),
                "casting": rnd.choice(offices),
                "source": rnd.choice(["agent", "manager", "self-submitted"]),
                "rating": rnd.randint(1, 5),
                "outfit": rnd.choice(["blue", "grey", "black"]),
                "notes": rnd.choice(["fine", None, "felt good, long note " * 3]),
                "tags": rnd.sample(["drama", "comedy", "period", "accent"], rnd.randint(0, 2)),
                "events": events,
            }
            fh.write(json.dumps(rec) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--size", type=int, default=100_000)
    args = parser.parse_args()
    if not CALLBACK:
        raise SystemExit("install the project first (pip install -e .)")
    # byte-compile the package first, as a normal `pip install .` does (an editable install
    # with PYTHONDONTWRITEBYTECODE set would otherwise recompile it on every run)
    import callback_cli

    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(Path(callback_cli.__file__).parent)], check=True
    )
    work = Path(tempfile.mkdtemp(prefix="callback-bench-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("CALLBACK_")}
    env.update(CALLBACK_TODAY=TODAY, CALLBACK_CONFIG=str(work / "none.toml"), NO_COLOR="1")
    empty_env = {**env, "CALLBACK_DB": str(work / "empty.db")}
    big_env = {**env, "CALLBACK_DB": str(work / "big.db")}
    py = sys.executable
    rows = []

    def record(name, seconds, floor, target, rss=None):
        ratio = seconds / floor if floor else None
        ok = "" if target is None else ("ok" if (ratio if floor else seconds) <= target else "MISS")
        rows.append((name, seconds, ratio, rss, target, ok))

    floor_cli, _ = median_of([py, "-c", FLOOR_CLI], env, args.runs)
    floor_rich, _ = median_of([py, "-c", FLOOR_RICH], env, args.runs)
    record(f'floor: python -c "{FLOOR_CLI}"', floor_cli, None, None)
    record(f'floor: python -c "{FLOOR_RICH}"', floor_rich, None, None)

    subprocess.run([CALLBACK, "add", "Warm-up", "--quiet"], env=empty_env, check=True, capture_output=True)
    add = [CALLBACK, "add", "Bench", "--role", "R", "--type", "tv", "--quiet"]
    t, rss = median_of(add, empty_env, args.runs)
    record("add --quiet (small journal)", t, floor_cli, 1.3, rss)
    add_small = t
    t, rss = median_of([CALLBACK, "list", "--limit", "20", "--json"], empty_env, args.runs)
    record("list --limit 20 --json (small)", t, floor_cli, 1.3, rss)

    data = work / "big.jsonl"
    make_jsonl(data, args.size)
    start = time.perf_counter()
    subprocess.run([CALLBACK, "import", str(data), "--json"], env=big_env, check=True, capture_output=True)
    record(f"import {args.size:,} JSONL records", time.perf_counter() - start, None, 10.0)
    start = time.perf_counter()
    t_exp, rss = run_once([CALLBACK, "export", "--jsonl", "-o", str(work / "out.jsonl")], big_env)
    record(f"export {args.size:,} records (JSONL)", t_exp, None, 5.0, rss)
    t_exp, rss = run_once([CALLBACK, "export", "--json", "-o", str(work / "out.json")], big_env)
    record(f"export {args.size:,} records (JSON)", t_exp, None, 5.0, rss)

    big = f"({args.size // 1000}k)"
    t, rss = median_of(add, big_env, args.runs)
    record(f"add --quiet {big}", t, floor_cli, 1.3, rss)
    rows.append(
        (
            f"  add {big} vs add (small)",
            t,
            t / add_small,
            None,
            None,
            "ok" if t <= add_small * 1.05 else "MISS",
        )
    )
    for name, argv, floor, target in (
        ("list --limit 20 --json", ["list", "--limit", "20", "--json"], floor_cli, 1.3),
        ("stats", ["stats"], floor_rich, 1.5),
        ("stats --by month", ["stats", "--by", "month"], floor_rich, 1.5),
        ("report", ["report"], floor_rich, 1.5),
        ("patterns", ["patterns"], floor_rich, 2.0),
        ("people", ["people"], floor_rich, 2.0),
        ("followups", ["followups"], floor_rich, 1.5),
    ):
        t, rss = median_of([CALLBACK, *argv], big_env, args.runs)
        record(f"{name} {big}", t, floor, target, rss)

    print(
        f"callback benchmark: {args.size:,} auditions, median of {args.runs} runs, "
        f"Python {sys.version.split()[0]}, {os.cpu_count()} cores"
    )
    print(f"{'command':44} {'median':>9} {'ratio':>7} {'peak RSS':>10} {'target':>8}")
    for name, seconds, ratio, rss, target, ok in rows:
        r = f"{ratio:.2f}x" if ratio else ""
        m = f"{rss / 1024:.0f} MiB" if rss else ""
        tg = (f"{target}x" if target and target < 5 else f"<{target:g} s") if target else ""
        print(f"{name:44} {seconds * 1000:7.0f}ms {r:>7} {m:>10} {tg:>8} {ok}")
    shutil.rmtree(work, ignore_errors=True)
    if any(row[5] == "MISS" for row in rows):
        sys.exit(1)


if __name__ == "__main__":
    main()
