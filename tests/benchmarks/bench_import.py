"""Import and export at scale, against a floor, and what pausing the garbage collector during
an import is worth.

Run:  python tests/benchmarks/bench_import.py [--size 100000] [--runs 3] [--big 1000000]
          [--csv-runs 1] [--big-csv 1000000] [--big-xlsx 100000]

- import of `--size` JSONL records into an empty journal (target ≤ 3 s for 100,000), paired
  A B A B with its floor (the same interpreter reading the file and parsing every line as
  JSON: the work no importer can skip);
- export of those records as JSONL and as CSV (target ≤ 1 s for 100,000), each paired A B A B
  with its floor (the same interpreter reading every row of the journal's auditions table and
  writing it as JSON, or as CSV);
- the peak RSS (the child's ru_maxrss) of importing `--big` records into an empty journal
  (target ≤ 200 MiB for 1,000,000; `--big 0` skips it);
- with `--parts`, in-process, where the import's CPU goes: reading and checking the records,
  matching them, writing the rows, the search index, the report indexes, the rest;
- with `--sqlite-floor`, the SQLite work alone of that import, with no Python per row: the
  journal's rows copied by one SQL statement each into a new journal of the same schema, then
  the report indexes and the search index built by the import's own code (store.rows
  begin_bulk/end_bulk), the file as a first import writes it (no write-ahead log, no sync);
- in-process, the same import with the collector running and paused (gc.disable, as
  `callback import` does), paired A B A B: the CPU time each takes;
- a spreadsheet's import: those records exported with `export --csv` and imported into an
  empty journal, and the same file without its uid column (another app's sheet: rows are
  matched on date, project and role and gathered into rounds), each with its peak RSS
  (`--csv-runs` times; 0 skips it); with `--big-csv N`, N records exported as CSV and
  imported the same way (memory bounded by a batch: target ≤ 200 MiB for 1,000,000);
- with `--big-xlsx N`, N records exported as CSV, written as an .xlsx workbook (openpyxl's
  write-only mode: inline strings, no shared-strings table) and imported into an empty journal:
  wall time, CPU time and peak RSS (the sheet is parsed once; memory bounded by a batch).

Each line: median wall time with min–max, the ratio of medians to the floor, peak RSS, and
the load average when it ran (the machine may be shared).
"""

from __future__ import annotations

import argparse
import csv
import gc
import os
import statistics
import sys
import tempfile
import time
from itertools import chain
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bench import CALLBACK, TODAY, make_jsonl, run_once  # noqa: E402

FLOOR = "import json, sys\nfor line in open(sys.argv[1], encoding='utf-8'):\n    json.loads(line)\n"
# export floors: every auditions row read from SQLite and written as JSON or CSV
FLOOR_JSONL = (
    "import json, sqlite3, sys\nc = sqlite3.connect(sys.argv[1])\n"
    "cur = c.execute('SELECT * FROM auditions')\nnames = [d[0] for d in cur.description]\n"
    "out = open(sys.argv[2], 'w')\n"
    "for r in cur:\n    out.write(json.dumps(dict(zip(names, r)), ensure_ascii=False) + '\\n')\n"
)
FLOOR_CSV = (
    "import csv, sqlite3, sys\nc = sqlite3.connect(sys.argv[1])\ncur = c.execute('SELECT * FROM auditions')\n"
    "w = csv.writer(open(sys.argv[2], 'w', newline=''))\nw.writerow([d[0] for d in cur.description])\n"
    "w.writerows(cur)\n"
)


def env_for(db: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CALLBACK_")}
    env.update(CALLBACK_DB=str(db), CALLBACK_TODAY=TODAY, CALLBACK_CONFIG=str(db.with_suffix(".toml")))
    return env


def spread(values: list[float]) -> str:
    return f"median {statistics.median(values):.2f} s (min {min(values):.2f}, max {max(values):.2f})"


def load() -> str:
    return "load " + " ".join(f"{x:.1f}" for x in os.getloadavg())


def paired_import(data: Path, work: Path, runs: int) -> tuple[list[float], list[float], int]:
    floor, mine, peak = [], [], 0
    for n in range(runs):
        t, _, _ = run_once([sys.executable, "-c", FLOOR, str(data)], os.environ.copy())
        floor.append(t)
        db = work / f"import-{n}.db"
        t, _, rss = run_once([CALLBACK, "import", str(data), "--json"], env_for(db))
        mine.append(t)
        peak = max(peak, rss)
    return floor, mine, peak


def paired_export(db: Path, work: Path, fmt: str, runs: int) -> tuple[list[float], list[float], int]:
    floor_code = FLOOR_JSONL if fmt == "jsonl" else FLOOR_CSV
    floor, mine, peak = [], [], 0
    for _ in range(runs):
        t, _, _ = run_once(
            [sys.executable, "-c", floor_code, str(db), str(work / f"floor.{fmt}")], os.environ
        )
        floor.append(t)
        t, _, rss = run_once([CALLBACK, "export", f"--{fmt}", "-o", str(work / f"out.{fmt}")], env_for(db))
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
                records, _ = importing.stream(data, "jsonl", date.fromisoformat(TODAY))
                store = Store.open(db, create=True, aside=True)
                Journal(store, date.fromisoformat(TODAY), 14).import_records(records)
                store.close()
            finally:
                gc.enable()
            out.append(time.process_time() - start)
            del records
    return on, off


def parts(data: Path, work: Path, runs: int) -> dict[str, list[float]]:
    """Where an import's CPU goes, in this process (as `callback import` runs it: the journal
    made aside, the collector paused): each part's CPU seconds, per run."""
    from datetime import date

    from callback_cli import importing, merge
    from callback_cli.journal import Journal
    from callback_cli.store import Store
    from callback_cli.store import rows as store_rows

    spent: dict[str, float] = {}

    def timed(owner, name: str, part: str) -> None:
        inner = getattr(owner, name)

        def wrapper(*args, **kwargs):
            start = time.process_time()
            try:
                return inner(*args, **kwargs)
            finally:
                spent[part] = spent.get(part, 0.0) + time.process_time() - start

        setattr(owner, name, wrapper)

    def reading(records):
        it = iter(records)
        while True:
            start = time.process_time()
            try:
                record = next(it)
            except StopIteration:
                return
            finally:
                spent["reading and checking the records"] += time.process_time() - start
            yield record

    timed(store_rows.Rows, "insert_many", "writing the rows")
    for name in ("open_match_index", "remember_keys", "match_candidates"):
        timed(store_rows.Rows, name, "matching (journal and earlier rows)")
    timed(merge, "match", "matching (journal and earlier rows)")
    timed(store_rows.Rows, "end_bulk", "report indexes (rebuilt once)")
    timed(store_rows, "index_search_from", "search index (filled once)")
    found: dict[str, list[float]] = {}
    for n in range(runs):
        spent.clear()
        spent["reading and checking the records"] = 0.0
        gc.collect()
        gc.disable()
        start = time.process_time()
        try:
            records, _ = importing.stream(data, "jsonl", date.fromisoformat(TODAY))
            store = Store.open(work / f"parts-{n}.db", create=True, aside=True)
            Journal(store, date.fromisoformat(TODAY), 14).import_records(reading(records))
            store.close()
        finally:
            gc.enable()
        total = time.process_time() - start
        spent["report indexes (rebuilt once)"] -= spent.get("search index (filled once)", 0.0)
        spent["the rest (plans, undo entry, commit, putting the file in place)"] = total - sum(spent.values())
        spent["all"] = total
        for part, cpu in spent.items():
            found.setdefault(part, []).append(cpu)
    return found


def sqlite_floor(db: Path, work: Path, runs: int) -> dict[str, list[float]]:
    """The SQLite work of importing the journal `db` holds, in this process, with no Python per
    row: CPU seconds of the rows, the report indexes and the search index, per run."""
    import sqlite3

    from callback_cli.store import rows as store_rows

    src = sqlite3.connect(db)
    schema = src.execute(
        "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' "
        "AND name NOT LIKE 'audition_search_%' ORDER BY rowid"
    ).fetchall()
    src.close()
    found: dict[str, list[float]] = {}
    for n in range(runs):
        dest = work / f"floor-{n}.db"
        conn = sqlite3.connect(dest, isolation_level=None)
        conn.execute("PRAGMA journal_mode = MEMORY")  # as a first import builds its journal
        conn.execute("PRAGMA synchronous = OFF")
        for _, _, sql in schema:
            conn.execute(sql)
        conn.execute(f"ATTACH '{db}' AS s")
        conn.execute("BEGIN")
        rows = store_rows.Rows(conn)
        dropped = rows.begin_bulk()
        start = time.process_time()
        # WHERE 1: a row at a time, as an import writes them (a bare copy would move pages)
        for table in ("auditions", "events", "tags", "expenses"):
            conn.execute(f"INSERT INTO main.{table} SELECT * FROM s.{table} WHERE 1")
        copied = time.process_time()
        timed_search = store_rows.index_search_from
        spent = {"search": 0.0}

        def search(conn, first_id, _inner=timed_search, spent=spent):
            at = time.process_time()
            _inner(conn, first_id)
            spent["search"] += time.process_time() - at

        store_rows.index_search_from = search
        try:
            rows.end_bulk(dropped, 1)
        finally:
            store_rows.index_search_from = timed_search
        conn.execute("COMMIT")
        done = time.process_time()
        made = {r[0] for r in conn.execute("SELECT name FROM main.sqlite_master")}
        wanted = {r[0] for r in conn.execute("SELECT name FROM s.sqlite_master")}
        if made != wanted or conn.execute("SELECT count(*) FROM audition_search").fetchone() != (
            conn.execute("SELECT count(*) FROM s.auditions").fetchone()
        ):
            raise SystemExit(f"the floor's journal differs from the import's: {sorted(made ^ wanted)}")
        conn.close()
        dest.unlink()
        parts = {
            "rows (one INSERT ... SELECT per table)": copied - start,
            "report indexes": done - copied - spent["search"],
            "search index": spent["search"],
            "all SQLite work": done - start,
        }
        for part, cpu in parts.items():
            found.setdefault(part, []).append(cpu)
    return found


def without_uid(src: Path, dest: Path) -> None:
    """The CSV without its uid column, a row at a time."""
    with open(src, newline="", encoding="utf-8") as fh, open(dest, "w", newline="", encoding="utf-8") as out:
        rows = csv.reader(fh)
        header = next(rows)
        keep = [i for i, name in enumerate(header) if name != "uid"]
        writer = csv.writer(out)
        for row in chain([header], rows):
            writer.writerow([row[i] for i in keep])


def csv_imports(db: Path, work: Path, runs: int, count: int, sheets: bool = True) -> None:
    """Export the journal `db` as CSV, then import that file (and, with `sheets`, the same
    file without uids) into empty journals: wall time, CPU time and peak RSS."""
    exported = work / f"export-{count}.csv"
    run_once([CALLBACK, "export", "--csv", "-o", str(exported)], env_for(db))
    cases = [("export --csv", exported)]
    if sheets:
        cases.append(("without uids", work / f"sheet-{count}.csv"))
        without_uid(exported, cases[1][1])
    for label, path in cases:
        walls, cpus, peak = [], [], 0
        for n in range(runs):
            target = work / f"csv-{count}-{n}.db"
            t, cpu, rss = run_once([CALLBACK, "import", str(path), "--json"], env_for(target))
            walls.append(t)
            cpus.append(cpu)
            peak = max(peak, rss)
            for leftover in work.glob(f"{target.name}*"):
                leftover.unlink()
        print(
            f"import CSV {count:,} ({label}, {path.stat().st_size / 2**20:.0f} MiB): {spread(walls)}, "
            f"CPU {statistics.median(cpus):.1f} s, peak RSS {peak / 1024:.0f} MiB  ({load()})"
        )
        path.unlink()


def as_workbook(src: Path, dest: Path) -> None:
    """The CSV as a one-sheet workbook, a row at a time (openpyxl's write-only mode)."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Auditions")
    with open(src, newline="", encoding="utf-8") as fh:
        for row in csv.reader(fh):
            ws.append(row)
    wb.save(dest)


def xlsx_import(count: int, work: Path) -> None:
    """`count` generated records through a journal and `export --csv` into a workbook, then
    that workbook imported into an empty journal."""
    source, journal = work / "big-xlsx.jsonl", work / "big-xlsx.db"
    make_jsonl(source, count)
    run_once([CALLBACK, "import", str(source), "--json"], env_for(journal))
    source.unlink()
    exported, book = work / "big-xlsx.csv", work / f"big-{count}.xlsx"
    run_once([CALLBACK, "export", "--csv", "-o", str(exported)], env_for(journal))
    as_workbook(exported, book)
    exported.unlink()
    target = work / "xlsx-import.db"
    t, cpu, rss = run_once([CALLBACK, "import", str(book), "--json"], env_for(target))
    print(
        f"import .xlsx {count:,} ({book.stat().st_size / 2**20:.1f} MiB): {t:.1f} s, CPU {cpu:.1f} s, "
        f"peak RSS {rss / 1024:.0f} MiB  ({load()})"
    )
    book.unlink()
    for leftover in chain(work.glob(f"{journal.name}*"), work.glob(f"{target.name}*")):
        leftover.unlink()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--size", type=int, default=100_000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--big", type=int, default=1_000_000)
    ap.add_argument("--skip-gc", action="store_true")
    ap.add_argument("--parts", action="store_true", help="also split an import's CPU into its parts")
    ap.add_argument(
        "--sqlite-floor", action="store_true", help="also time the SQLite work alone (no Python per row)"
    )
    ap.add_argument("--csv-runs", type=int, default=1, help="imports of the exported CSV (0: none)")
    ap.add_argument("--big-csv", type=int, default=0, help="also import this many records as CSV")
    ap.add_argument("--big-xlsx", type=int, default=0, help="also import this many records as .xlsx")
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="callback-bench-"))
    data = work / "records.jsonl"
    make_jsonl(data, args.size)
    print(
        f"{args.size:,} records, {data.stat().st_size / 2**20:.1f} MiB of JSONL; {args.runs} paired runs; "
        f"{os.cpu_count()} cores; {load()}"
    )

    floor, mine, peak = paired_import(data, work, args.runs)
    ratio = statistics.median(mine) / statistics.median(floor)
    print(f"floor (parse every line):     {spread(floor)}")
    print(
        f"import --json:                {spread(mine)}  = {ratio:.1f}x the floor, "
        f"peak RSS {peak / 1024:.0f} MiB  (target ≤ 3 s for 100,000; {load()})"
    )

    db = work / "import-0.db"
    for fmt in ("jsonl", "csv"):
        floor, mine, peak = paired_export(db, work, fmt, args.runs)
        ratio = statistics.median(mine) / statistics.median(floor)
        print(f"floor (rows as {fmt}):{' ' * (11 - len(fmt))}{spread(floor)}")
        print(
            f"export --{fmt}:{' ' * (17 - len(fmt))}{spread(mine)}  = {ratio:.1f}x the floor, "
            f"peak RSS {peak / 1024:.0f} MiB  (target ≤ 1 s for 100,000; {load()})"
        )

    if args.csv_runs:
        csv_imports(db, work, args.csv_runs, args.size)

    if not args.skip_gc:
        on, off = gc_pair(data, work, args.runs)
        gain = 1 - statistics.median(off) / statistics.median(on)
        print(f"in-process CPU, collector on:     {spread(on)}")
        print(f"in-process CPU, collector paused: {spread(off)}  ({gain:.0%} less; {load()})")

    if args.parts:
        found = parts(data, work, args.runs)
        print(f"where the import's CPU goes, in-process ({load()}):")
        for part, cpu in found.items():
            print(f"  {part + ':':66} {spread(cpu)}")

    if args.sqlite_floor:
        found = sqlite_floor(db, work, args.runs)
        print(f"the import's SQLite work alone, no Python per row, in-process ({load()}):")
        for part, cpu in found.items():
            print(f"  {part + ':':66} {spread(cpu)}")

    if args.big:
        big = work / "big.jsonl"
        make_jsonl(big, args.big)
        t, _, rss = run_once([CALLBACK, "import", str(big), "--json"], env_for(work / "big.db"))
        print(
            f"import {args.big:,}: {t:.1f} s, peak RSS {rss / 1024:.0f} MiB "
            f"(target ≤ 200 MiB for 1,000,000; {load()})"
        )
        big.unlink()

    if args.big_csv:
        source = work / "big-csv.jsonl"
        make_jsonl(source, args.big_csv)
        journal = work / "big-csv.db"
        run_once([CALLBACK, "import", str(source), "--json"], env_for(journal))
        source.unlink()
        csv_imports(journal, work, 1, args.big_csv, sheets=False)
        for leftover in work.glob(f"{journal.name}*"):
            leftover.unlink()

    if args.big_xlsx:
        xlsx_import(args.big_xlsx, work)


if __name__ == "__main__":
    main()
