"""The report pages on a big journal: writing the week's page must take at most 1 s.

Run:  python tests/benchmarks/bench_page.py [--runs 9] [--size 100000]

Times, as a shell would (a new process every run): the terminal report, `report --html`,
`report --svg`, and `review --html` for a year, each paired with its floor (the bare import
of Typer, Rich and sqlite3) run by turns, floor then command, A B A B, so both see the same
load; and what the page's libraries cost to import (Jinja2, pygal), each alone in a fresh
interpreter. Wall and CPU time: median (min–max); the load average is printed beside them.
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
from bench import CALLBACK, FLOOR_RICH, TODAY, make_jsonl, paired  # noqa: E402

TARGET = 1.0  # seconds for `report --html` on the big journal


def spread(values: list[float]) -> str:
    """Median (min–max) in ms."""
    return f"{statistics.median(values) * 1000:.0f} ({min(values) * 1000:.0f}–{max(values) * 1000:.0f})"


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

    floor = [sys.executable, "-c", FLOOR_RICH]
    loads = [os.getloadavg()[0]]
    rows = []
    for name, argv, target in (
        ("report (terminal)", ["report"], None),
        ("report --html", ["report", "--html", str(work / "week.html")], TARGET),
        ("report --svg", ["report", "--svg", str(work / "week.svg")], None),
        ("report last --html", ["report", "last", "--html", str(work / "last.html")], TARGET),
        ("review --year 2026 (terminal)", ["review", "--year", "2026"], None),
        ("review --year 2026 --html", ["review", "--year", "2026", "--html", str(work / "s.html")], None),
    ):
        rows.append((name, paired([CALLBACK, *argv], floor, env, args.runs), target))
        loads.append(os.getloadavg()[0])
    libs = [(m, import_cost(m, args.runs)) for m in ("jinja2", "pygal")]

    print(
        f"{args.runs} paired runs (floor, command, ...), Python {sys.version.split()[0]}, "
        f"{os.cpu_count()} cores, load average {min(loads):.1f}–{max(loads):.1f} during the run"
    )
    print("wall and CPU: median (min–max) in ms; ratio: median of command/floor per pair")
    print(f"{'command':30} {'wall':>17} {'CPU':>17} {'ratio':>6} {'RSS':>8} {'target':>7}")
    miss = False
    for name, t, target in rows:
        wall = statistics.median(t.wall)
        ok = "" if target is None else ("ok" if wall <= target else "MISS")
        miss |= ok == "MISS"
        tg = f"<{target:g} s" if target else ""
        print(
            f"{name:30} {spread(t.wall):>17} {spread(t.cpu):>17} {t.ratio():5.2f}x "
            f"{t.peak / 1024:4.0f} MiB {tg:>7} {ok}"
        )
    every = [w for _, t, _ in rows for w in t.floor_wall]
    print(f"{'floor: ' + FLOOR_RICH:30} {spread(every):>17}")
    for module, (wall, cpu) in libs:
        print(f"import {module:23} {wall * 1000:13.0f} ms {cpu * 1000:13.0f} ms")
    shutil.rmtree(work, ignore_errors=True)
    if miss:
        sys.exit(1)


if __name__ == "__main__":
    main()
