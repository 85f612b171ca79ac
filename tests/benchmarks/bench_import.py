"""Import and export at scale, against a floor, and what pausing the garbage collector during
an import is worth.

Run:  python tests/benchmarks/bench_import.py [--size 100000] [--runs 3] [--big 0]

- import of `--size` JSONL records into an empty journal, paired A B A B with the floor (the
  same interpreter reading the file and parsing every line as JSON: the work no importer can
  skip), reported as median, min–max and the ratio to the floor's median;
- export of those records as JSONL and CSV (target ≤ 1 s for 100,000);
- with `--big N`, the peak RSS of importing N records (target ≤ 200 MiB for 1,000,000);
- in-process, the same import with the collector running and paused (gc.disable, as
  `callback import` does), paired A B A B: the CPU time each takes.
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bench import CALLBACK, TODAY, make_jsonl, run_once  # noqa: E402

FLOOR = "import json, sys\nfor line in open(sys.argv[1], encoding='utf-8'):\n    json.loads(line)\n"


def env_for(db: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CALLBACK_")}
    env.update(CALLBACK_DB=str(db), CALLBACK_TODAY=TODAY, CALLBACK_CONFIG=str(db.with_suffix(".toml")))
    return env


def spread(values: list[float]) -> str:
    return f"median {statistics.median(values):.2f} s (min {min(values):.2f}, max {max(values):.2f})"


def paired_import(data: Path, work: Path, runs: int) -> tuple[list[float], list[float], int]:
    floor, mine, peak = [], [], 0
    for n in range(runs):
        t, _ = run_once([sys.executable, "-c", FLOOR, str(data)], os.environ.copy())
        floor.append(t)
        db = work / f"import-{n}.db"
        t, rss = run_once([CALLBACK, "import", str(data), "--json"], env_for(db))
        mine.append(t)
        peak = max(peak, rss)
    return floor, mine, peak


def gc_pair(data: Path, work: Path, runs: int) -> tuple[list[float], list[float]]:
    """CPU seconds of read + merge in this process, collector on (A) and paused (B)."""
    from datetime import date

    from callback_cli import importing
    from callback_cli.journal import Journal
    from callback_cli.store import Store

    on, off = [], []
    for n in range(runs):
        for paused, out in ((False, on), (True, off)):
            db = work / f"gc-{n}-{paused}.db"
            gc.collect()
            if paused:
                gc.disable()
            start = time.process_time()
            try:
                records, _ = importing.read(data, "jsonl", date.fromisoformat(TODAY))
                store = Store.open(db, create=True)
                Journal(store, date.fromisoformat(TODAY), 14).import_records(records)
                store.close()
            finally:
                gc.enable()
            out.append(time.process_time() - start)
            del records
    return on, off


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--size", type=int, default=100_000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--big", type=int, default=0)
    ap.add_argument("--skip-gc", action="store_true")
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="callback-bench-"))
    data = work / "records.jsonl"
    make_jsonl(data, args.size)
    print(f"{args.size:,} records, {data.stat().st_size / 2**20:.1f} MiB of JSONL; {args.runs} paired runs")

    floor, mine, peak = paired_import(data, work, args.runs)
    ratio = statistics.median(mine) / statistics.median(floor)
    print(f"floor (parse every line):     {spread(floor)}")
    print(
        f"import --json:                {spread(mine)}  = {ratio:.1f}x the floor, "
        f"peak RSS {peak / 1024:.0f} MiB"
    )

    db = work / "import-0.db"
    for fmt in ("jsonl", "csv"):
        times = [
            run_once([CALLBACK, "export", f"--{fmt}", "-o", str(work / f"out.{fmt}")], env_for(db))[0]
            for _ in range(args.runs)
        ]
        print(f"export --{fmt}:{' ' * (17 - len(fmt))}{spread(times)}  (target ≤ 1 s for 100,000)")

    if not args.skip_gc:
        on, off = gc_pair(data, work, args.runs)
        gain = 1 - statistics.median(off) / statistics.median(on)
        print(f"in-process CPU, collector on:     {spread(on)}")
        print(f"in-process CPU, collector paused: {spread(off)}  ({gain:.0%} less)")

    if args.big:
        big = work / "big.jsonl"
        make_jsonl(big, args.big)
        t, rss = run_once([CALLBACK, "import", str(big), "--json"], env_for(work / "big.db"))
        print(
            f"import {args.big:,}: {t:.1f} s, peak RSS {rss / 1024:.0f} MiB (target ≤ 200 MiB for 1,000,000)"
        )


if __name__ == "__main__":
    main()
