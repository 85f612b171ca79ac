"""Start-up, report, import/export and memory benchmark for the installed `callback`.

Run:  python tests/benchmarks/bench.py [--runs 11] [--size 100000] [--career 1000] [--only WORD]

Each command is timed as a shell would run it (a new process every run), paired with its
floor (the bare import of the libraries it cannot avoid) run by turns, floor then command,
A B A B ..., so both see the same load on the machine. It prints, for wall time and CPU time
(user + system), the median with min–max, the command's ratio to its floor (median of the
per-pair ratios; and of the fastest CPU times, which a busy machine disturbs least), the
peak memory and the target. Two journals: a realistic career of
--career auditions (every status, auditions still to come, every text field) and a large
one of --size built by the same generator.
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


def run_once(argv, env) -> tuple[float, float, int]:
    """Wall time (s), CPU time (s, user + system) and peak RSS (KiB) of one process."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode() if proc.stderr else ""
    if proc.stderr:
        proc.stderr.close()
    if code != 0:
        raise SystemExit(f"{' '.join(map(str, argv))} failed ({code}): {err}")
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss


class Timing:
    """Paired samples of a command and its floor."""

    def __init__(self) -> None:
        self.wall: list[float] = []
        self.cpu: list[float] = []
        self.floor_wall: list[float] = []
        self.floor_cpu: list[float] = []
        self.peak = 0

    def ratio(self, kind: str = "wall") -> float | None:
        mine, floor = (self.wall, self.floor_wall) if kind == "wall" else (self.cpu, self.floor_cpu)
        if not floor:
            return None
        return statistics.median(a / b for a, b in zip(mine, floor, strict=True))

    def best_ratio(self) -> float | None:
        """The command's fastest run over the floor's fastest: what load adds is least here,
        so on a busy machine this says more than the median."""
        return min(self.cpu) / min(self.floor_cpu) if self.floor_cpu else None


def paired(argv, floor_argv, env, runs) -> Timing:
    """Run floor, command, floor, command ... `runs` times each, after one warm-up of each."""
    run_once(argv, env)  # warm the OS file cache and .pyc files
    if floor_argv:
        run_once(floor_argv, env)
    t = Timing()
    for _ in range(runs):
        if floor_argv:
            wall, cpu, _ = run_once(floor_argv, env)
            t.floor_wall.append(wall)
            t.floor_cpu.append(cpu)
        wall, cpu, rss = run_once(argv, env)
        t.wall.append(wall)
        t.cpu.append(cpu)
        t.peak = max(t.peak, rss)
    return t


def make_jsonl(path: Path, n: int, seed: int = 1) -> None:
    """n auditions over ~8 years as JSON Lines: a realistic career, with every status (and
    auditioned), auditions and callbacks still to come, and every text field."""
    rnd = random.Random(seed)
    offices = [f"Casting Office {i}" for i in range(max(12, min(300, n // 20)))]
    projects = [f"Project {i}" for i in range(max(40, min(5000, n // 4)))]
    types = ["film", "tv", "commercial", "theatre", "voiceover", "web", "student", "other"]
    today = date.fromisoformat(TODAY)
    start = date(2018, 11, 1)
    span = (today - start).days
    ahead = min(20, max(3, n // 50))  # a working actor has a handful of auditions to come
    with open(path, "w") as fh:
        for i in range(n):
            if i >= n - ahead:
                day = today + timedelta(days=rnd.randint(1, 21))
            else:
                day = start + timedelta(days=rnd.randrange(span))
            events = []
            roll = rnd.random()
            if roll < 0.2:
                cb = day + timedelta(days=rnd.randint(2, 10))
                events.append({"status": "callback", "date": cb.isoformat(), "note": "producer session"})
                if rnd.random() < 0.5:
                    events.append(
                        {
                            "status": rnd.choice(["pinned", "booked", "released", "declined"]),
                            "date": (cb + timedelta(days=5)).isoformat(),
                            "note": None,
                        }
                    )
            elif roll < 0.3:
                events.append(
                    {
                        "status": rnd.choice(["no-response", "released", "booked", "pinned"]),
                        "date": (day + timedelta(days=21)).isoformat(),
                        "note": rnd.choice([None, "heard through the agent"]),
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
                "location": rnd.choice(["Midtown studios", "Studio 4B", None]),
                "room": rnd.choice(["the director and a reader", "casting associate", None]),
                "headshot": rnd.choice(["theatrical", "commercial", None]),
                "rating": rnd.randint(1, 5),
                "outfit": rnd.choice(["blue", "grey", "black", None]),
                "direction": rnd.choice(["slower", "less polite, more tired", None]),
                "notes": rnd.choice(["fine", None, "felt good, long note " * 3]),
                "tags": rnd.sample(["drama", "comedy", "period", "accent"], rnd.randint(0, 2)),
                "events": [e for e in events if e["date"] >= day.isoformat()],
            }
            fh.write(json.dumps(rec) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--career", type=int, default=1_000)
    parser.add_argument(
        "--only", action="append", help="time only the commands whose name holds this (repeatable)"
    )
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
    py = sys.executable
    floor_cli, floor_rich = [py, "-c", FLOOR_CLI], [py, "-c", FLOOR_RICH]
    rows: list[tuple] = []

    def wanted(name: str) -> bool:
        return not args.only or any(word in name for word in args.only)

    def record(name, t: Timing | None, target=None, seconds=None, rss=None):
        if t is None:
            ok = "" if target is None else ("ok" if seconds <= target else "MISS")
            rows.append((name, None, None, seconds, rss, f"<{target:g} s" if target else "", ok))
            return
        ratio = t.ratio()
        ok = "" if target is None or ratio is None else ("ok" if ratio <= target else "MISS")
        rows.append((name, t, ratio, None, t.peak, f"{target}x" if target else "", ok))

    empty_env = {**env, "CALLBACK_DB": str(work / "empty.db")}
    subprocess.run([CALLBACK, "add", "Warm-up", "--quiet"], env=empty_env, check=True, capture_output=True)
    add = [CALLBACK, "add", "Bench", "--role", "R", "--type", "tv", "--quiet"]
    if wanted("--version"):
        record("--version", paired([CALLBACK, "--version"], floor_cli, empty_env, args.runs), 1.3)
    small = paired(add, floor_cli, empty_env, args.runs)
    if wanted("add --quiet (small journal)"):
        record("add --quiet (small journal)", small, 1.3)
    if wanted("list --limit 20 --json (small)"):
        record(
            "list --limit 20 --json (small)",
            paired([CALLBACK, "list", "--limit", "20", "--json"], floor_cli, empty_env, args.runs),
            1.3,
        )

    for size in (args.career, args.size):
        db_env = {**env, "CALLBACK_DB": str(work / f"j{size}.db")}
        data = work / f"j{size}.jsonl"
        make_jsonl(data, size)
        label = f"({size // 1000}k)" if size >= 1000 else f"({size})"
        start = time.perf_counter()
        subprocess.run([CALLBACK, "import", str(data), "--json"], env=db_env, check=True, capture_output=True)
        if size == args.size and wanted("import"):
            record(f"import {size:,} JSONL records", None, 10.0, time.perf_counter() - start)
        if size == args.size and wanted("export"):
            for fmt in ("jsonl", "json"):
                wall, _, rss = run_once(
                    [CALLBACK, "export", f"--{fmt}", "-o", str(work / f"out.{fmt}")], db_env
                )
                record(f"export {size:,} records ({fmt.upper()})", None, 5.0, wall, rss)
        if wanted(f"add --quiet {label}"):
            t = paired(add, floor_cli, db_env, args.runs)
            record(f"add --quiet {label}", t, 1.3)
            grown = statistics.median(t.wall) / statistics.median(small.wall)
            ok = "ok" if grown <= 1.05 else "MISS"
            rows.append((f"  add {label} vs add (small)", None, grown, None, None, "", ok))
        for name, argv, floor, target in (
            ("list --limit 20 --json", ["list", "--limit", "20", "--json"], floor_cli, 1.3),
            ("stats", ["stats"], floor_rich, 1.5),
            ("stats --by month", ["stats", "--by", "month"], floor_rich, 1.5),
            ("report", ["report"], floor_rich, 1.5),
            ("patterns", ["patterns"], floor_rich, 2.0),
            ("people", ["people"], floor_rich, 2.0),
            ("followups", ["followups"], floor_rich, 1.5),
            # a phrase through the full-text index (its common trigrams "rol", "ole" are in
            # every row), and `search` ranking the same words and cutting their context
            ('list --search "role 1234" --json', ["list", "--search", "role 1234", "--json"], floor_cli, 1.3),
            ("search role 1234 --json", ["search", "role", "1234", "--json"], floor_cli, 1.3),
            ("search role 1234", ["search", "role", "1234"], floor_rich, 1.5),
            # two characters: below the index's trigrams, a scan of its text; "zz" is nowhere,
            # so every row is read (the worst case)
            ('list --search "zz" --json', ["list", "--search", "zz", "--json"], floor_cli, 3.0),
        ):
            if wanted(f"{name} {label}"):
                record(f"{name} {label}", paired([CALLBACK, *argv], floor, db_env, args.runs), target)

    print(
        f"callback benchmark: {args.career:,} and {args.size:,} auditions, {args.runs} paired runs "
        f"(floor, command, ...), Python {sys.version.split()[0]}, {os.cpu_count()} cores, "
        "load average {:.2f} {:.2f} {:.2f}".format(*os.getloadavg())
    )
    print(
        "wall and CPU: median (min–max) in ms; ratio: median of command/floor per pair; "
        "best: fastest CPU over the floor's fastest"
    )
    heads = ("wall", 17), ("cpu", 17), ("ratio", 6), ("cpu r.", 6), ("best", 6), ("RSS", 7), ("target", 7)
    print(f"{'command':42} " + " ".join(f"{h:>{w}}" for h, w in heads))

    def spread(values: list[float]) -> str:
        return f"{statistics.median(values) * 1000:.0f} ({min(values) * 1000:.0f}–{max(values) * 1000:.0f})"

    for name, t, ratio, seconds, rss, target, ok in rows:
        wall = spread(t.wall) if t else (f"{seconds * 1000:.0f}" if seconds else "")
        cpu = spread(t.cpu) if t else ""
        r = f"{ratio:.2f}x" if ratio else ""
        cr = f"{t.ratio('cpu'):.2f}x" if t and t.floor_cpu else ""
        best = f"{t.best_ratio():.2f}x" if t and t.floor_cpu else ""
        m = f"{rss / 1024:.0f} MiB" if rss else ""
        print(f"{name:42} {wall:>17} {cpu:>17} {r:>6} {cr:>6} {best:>6} {m:>7} {target:>7} {ok}")
    floors = [t for _, t, *_ in rows if t and t.floor_wall]
    if floors:
        every = [w for t in floors for w in t.floor_wall]
        cpu = [c for t in floors for c in t.floor_cpu]
        print(f"floors across the run: {spread(every)} ms wall, {spread(cpu)} ms CPU")
    shutil.rmtree(work, ignore_errors=True)
    if any(row[6] == "MISS" for row in rows):
        sys.exit(1)


if __name__ == "__main__":
    main()
