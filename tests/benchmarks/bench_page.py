"""The report pages on a big journal: writing the week's page must take at most 1 s.

Run:  python tests/benchmarks/bench_page.py [--runs 9] [--size 100000]

Times, as a shell would (a new process every run): the terminal report, `report --html`,
`report --svg`, and `review --html` for a year; and what the page's libraries cost to import
(Jinja2, pygal), each alone in a fresh interpreter.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bench import CALLBACK, TODAY, make_jsonl  # noqa: E402

TARGET = 1.0  # seconds for `report --html` on the big journal


def timed(argv, env) -> tuple[float, float, int]:
    """Wall time (s), CPU time (s: user + system) and peak RSS (KiB) of one process. The CPU
    time is what the command costs on an idle machine; the wall time also holds the waits
    for a busy one's cores."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    err = proc.stderr.read().decode()
    proc.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(argv)} failed: {err}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss


def medians(argv, env, runs) -> tuple[float, float, int]:
    timed(argv, env)  # warm the file cache, the .pyc files and the compiled templates
    results = [timed(argv, env) for _ in range(runs)]
    return (
        statistics.median(r[0] for r in results),
        statistics.median(r[1] for r in results),
        max(r[2] for r in results),
    )


def import_cost(module: str, runs: int) -> tuple[float, float]:
    """Median wall and CPU seconds to import `module` in a fresh interpreter."""
    code = (
        "import time; w, c = time.perf_counter(), time.process_time(); import "
        + module
        + "; print(time.perf_counter() - w, time.process_time() - c)"
    )
    walls, cpus = [], []
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
        wall, cpu = map(float, out.stdout.split())
        walls.append(wall)
        cpus.append(cpu)
    return statistics.median(walls), statistics.median(cpus)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--size", type=int, default=100_000)
    args = parser.parse_args()
    if not CALLBACK:
        raise SystemExit("install the project first (pip install -e .)")
    import callback_cli

    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(Path(callback_cli.__file__).parent)], check=True
    )
    work = Path(tempfile.mkdtemp(prefix="callback-bench-page-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("CALLBACK_")}
    env.update(
        CALLBACK_TODAY=TODAY, CALLBACK_CONFIG=str(work / "none.toml"), NO_COLOR="1",
        CALLBACK_DB=str(work / "big.db"),
    )  # fmt: skip
    data = work / "big.jsonl"
    make_jsonl(data, args.size)
    start = time.perf_counter()
    subprocess.run([CALLBACK, "import", str(data), "--json"], env=env, check=True, capture_output=True)
    print(f"built a {args.size:,}-audition journal in {time.perf_counter() - start:.1f} s")

    rows = []
    for name, argv, target in (
        ("report (terminal)", ["report"], None),
        ("report --html", ["report", "--html", str(work / "week.html")], TARGET),
        ("report --svg", ["report", "--svg", str(work / "week.svg")], None),
        ("report last --html", ["report", "last", "--html", str(work / "last.html")], TARGET),
        ("review --year 2026 (terminal)", ["review", "--year", "2026"], None),
        ("review --year 2026 --html", ["review", "--year", "2026", "--html", str(work / "s.html")], None),
    ):
        rows.append((name, *medians([CALLBACK, *argv], env, args.runs), target))
    libs = [(m, import_cost(m, args.runs)) for m in ("jinja2", "pygal")]

    load = os.getloadavg()[0]
    print(
        f"median of {args.runs} runs, Python {sys.version.split()[0]}, {os.cpu_count()} cores, "
        f"load average {load:.1f}"
    )
    print(f"{'command':34} {'wall':>8} {'CPU':>8} {'peak RSS':>9} {'target':>8}")
    miss = False
    for name, wall, cpu, rss, target in rows:
        ok = "" if target is None else ("ok" if wall <= target else "MISS")
        miss |= ok == "MISS"
        tg = f"<{target:g} s" if target else ""
        print(f"{name:34} {wall * 1000:6.0f}ms {cpu * 1000:6.0f}ms {rss / 1024:5.0f} MiB {tg:>8} {ok}")
    for module, (wall, cpu) in libs:
        print(f"import {module:27} {wall * 1000:6.0f}ms {cpu * 1000:6.0f}ms")
    shutil.rmtree(work, ignore_errors=True)
    if miss:
        sys.exit(1)


if __name__ == "__main__":
    main()
