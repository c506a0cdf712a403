"""Peak memory of a PG->PG run against the size of its one table: it must stay bounded.

    .venv/bin/python benchmarks/memory.py --sizes 1000000 10000000 [--chunk-rows N]

A run streams its table in chunks, so its peak RSS should not grow with the table: a 10M-row
table must take no more memory than a 1M-row one (and at most 1 GiB). For each N it builds
(or reuses) a source database `etlx_bench_mem_<N>` (one per size, so sizes never rebuild
each other) holding only the benchmark's `customers`
table (N rows, built on the server by `shop_data`), then runs `etlx run --json` of the
benchmark module cut down to that table (pseudonymized ids, fake names and INNs, hashed
e-mails, masked phones, birth months: every anonymized column feeds the leak check) in a
child process, into a target database recreated before each run. It prints the child's peak
RSS (its own `ru_maxrss`, from `os.wait4`), the wall time and the seconds per stage.

`--code DIR` runs the product from another checkout (e.g. an export of an older commit), to
compare before and after a change on the same source.
Needs PostgreSQL on 127.0.0.1:5432 (user postgres, trust auth).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import shop_data

SOURCE_PREFIX = "etlx_bench_mem_"
TARGET_DB = "etlx_bench_mem_dst"
TABLE = "customers"


def source_db(n: int) -> str:
    return f"{SOURCE_PREFIX}{n}"


def build_source(n: int) -> None:
    """The `customers` table of N rows alone, analysed, with the run-to-run scan order fixed."""
    database = source_db(n)
    shop_data.recreate_database(database)
    with shop_data.connect(database) as conn:
        conn.execute(shop_data.CUSTOMERS_DDL.format(t=TABLE, pk=" PRIMARY KEY", fk=""))
        conn.execute(shop_data.CUSTOMERS_INSERT.replace("%(n)s", str(n)))
        conn.execute(f"VACUUM ANALYZE {TABLE}")
        # noise and row order stay comparable only when every scan starts at the first page
        conn.execute(f'ALTER DATABASE "{database}" SET synchronize_seqscans = off')
        conn.execute("CREATE TABLE bench_info (n bigint)")
        conn.execute("INSERT INTO bench_info VALUES (%s)", (n,))


def write_module(folder: Path, source: str) -> Path:
    """The benchmark module with its `customers` table only (no orders, no foreign key)."""
    document = json.loads(
        shop_data.write_module(folder, source, TARGET_DB).read_text(encoding="utf-8")
    )
    document["tables"] = [t for t in document["tables"] if t["tableName"] == TABLE]
    document["identifier"] = "bench_memory"
    document["@id"] = "urn:etlx:module:bench_memory"
    path = folder / "module.jsonld"
    path.write_text(json.dumps(document, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


def etlx_run(module: Path, chunk_rows: int | None, code: Path | None) -> dict[str, Any]:
    """One `etlx run` in a child process: wall seconds, peak RSS (MiB) and its report."""
    shop_data.recreate_database(TARGET_DB)
    seconds, rss, report = shop_data.run_etlx(module, chunk_rows, code)
    return {"seconds": seconds, "rss_mib": rss, "report": report}


def summary(n: int, run: dict[str, Any]) -> str:
    report = run["report"]
    stages: dict[str, float] = {}
    rows = 0
    for table in report.get("tables", {}).values():
        rows += int(table.get("rows_written", 0))
        for stage, seconds in table.get("seconds", {}).items():
            stages[stage] = stages.get(stage, 0.0) + seconds
    leaks = (report.get("privacy") or {}).get("leaks", [])
    surviving = {f"{leak['column']}": leak["surviving"] for leak in leaks}
    return (
        f"N={n:,}: peak RSS {run['rss_mib']:.0f} MiB, wall {run['seconds']:.1f} s, "
        f"{rows:,} rows written, status {report.get('status')}\n"
        f"  stages (s): {', '.join(f'{s} {v:.1f}' for s, v in sorted(stages.items()))}\n"
        f"  surviving values per anonymized column: {surviving}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000_000, 10_000_000])
    parser.add_argument("--chunk-rows", type=int, default=None)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--code", type=Path, default=None, help="run the product from DIR")
    args = parser.parse_args()
    code = args.code.resolve() if args.code else None
    print(f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f} at start", flush=True)
    with tempfile.TemporaryDirectory() as folder:
        for n in args.sizes:
            module = write_module(Path(folder), source_db(n))
            if shop_data.source_rows(source_db(n)) != n:
                started = time.perf_counter()
                build_source(n)
                print(f"built {TABLE} N={n:,} in {time.perf_counter() - started:.0f} s", flush=True)
            for _ in range(args.repeat):
                print(summary(n, etlx_run(module, args.chunk_rows, code)), flush=True)
    print(f"load average {os.getloadavg()[0]:.2f} at end", flush=True)


if __name__ == "__main__":
    main()
