"""PG->PG benchmark: `etlx run` against the raw COPY floor, on N customers and 3N orders.

    .venv/bin/python benchmarks/pg_pipeline.py --sizes 100000 1000000 --repeat 3

For each N it builds (or reuses) a source database, then measures in the same run:
(a) the floor: `COPY (SELECT ...) TO STDOUT` piped into `COPY ... FROM STDIN` of both tables
into a target database, as text and as binary, in one transaction like a published version;
(b) `etlx run` of the standard PG->PG module (keyed pseudonyms that keep the FK, fake names,
masked phones, hashed emails, birth months, noisy amounts, null handling, range checks with
quarantine) in a child process, whose peak RSS is read from its own rusage.
It prints the median and min-max of `--repeat` runs, rows/s and the ratio run/floor.
Needs PostgreSQL on 127.0.0.1:5432 (user postgres, trust auth).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import shop_data

SOURCE_DB = "etlx_bench_src"
FLOOR_DB = "etlx_bench_floor"
TARGET_DB = "etlx_bench_dst"
COLUMNS = {
    "customers": "id, full_name, gender, email, phone, birth_date, inn, city, registered_at,"
    " balance",
    "orders": "id, customer_id, ordered_at, amount, status, delivery_phone",
}


@dataclass
class Samples:
    seconds: list[float] = field(default_factory=list)
    rss_mib: list[float] = field(default_factory=list)
    stages: list[dict[str, float]] = field(default_factory=list)

    def median(self) -> float:
        return statistics.median(self.seconds)

    def spread(self) -> str:
        return f"{min(self.seconds):.2f}-{max(self.seconds):.2f}"


def copy_floor(binary: bool) -> float:
    """Seconds to copy both tables out of the source and into fresh target tables."""
    shop_data.recreate_database(FLOOR_DB)
    fmt = " (FORMAT binary)" if binary else ""
    started = time.perf_counter()
    with (
        shop_data.connect(SOURCE_DB, autocommit=False) as source,
        shop_data.connect(FLOOR_DB, autocommit=False) as target,
    ):
        source.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        target.execute(shop_data.CUSTOMERS_DDL.format(t="customers", pk="", fk=""))
        target.execute(shop_data.ORDERS_DDL.format(t="orders", pk="", fk=""))
        for table, columns in COLUMNS.items():
            out_sql = f"COPY (SELECT {columns} FROM {table}) TO STDOUT{fmt}"
            in_sql = f"COPY {table} ({columns}) FROM STDIN{fmt}"
            with (
                source.cursor() as out_cur,
                target.cursor() as in_cur,
                out_cur.copy(out_sql) as out_copy,
                in_cur.copy(in_sql) as in_copy,
            ):
                for data in out_copy:
                    in_copy.write(data)
        target.commit()
    return time.perf_counter() - started


def etlx_run(module: Path, chunk_rows: int | None) -> tuple[float, float, dict[str, float]]:
    """(seconds, peak RSS in MiB, seconds per stage) of one `etlx run` in a child process."""
    shop_data.recreate_database(TARGET_DB)
    seconds, rss, report = shop_data.run_etlx(module, chunk_rows)
    return seconds, rss, _stages(report)


def _stages(report: dict[str, Any]) -> dict[str, float]:
    total: dict[str, float] = {}
    for table in report.get("tables", {}).values():
        for stage, seconds in table.get("seconds", {}).items():
            total[stage] = total.get(stage, 0.0) + seconds
    return total


def measure(n: int, repeat: int, chunk_rows: int | None, folder: Path) -> dict[str, Samples]:
    if shop_data.source_rows(SOURCE_DB) != n:
        started = time.perf_counter()
        shop_data.build_source(SOURCE_DB, n)
        print(f"  built source N={n:,} in {time.perf_counter() - started:.1f} s", flush=True)
    module = shop_data.write_module(folder, SOURCE_DB, TARGET_DB)
    results = {"floor text": Samples(), "floor binary": Samples(), "etlx run": Samples()}
    runs: list[tuple[str, Callable[[], None]]] = [
        ("floor text", lambda: results["floor text"].seconds.append(copy_floor(False))),
        ("floor binary", lambda: results["floor binary"].seconds.append(copy_floor(True))),
        ("etlx run", lambda: _record(results["etlx run"], etlx_run(module, chunk_rows))),
    ]
    for i in range(repeat):
        for name, run in runs:  # interleaved, so background load hits all three alike
            run()
            print(f"  N={n:,} #{i + 1} {name}: {results[name].seconds[-1]:.2f} s", flush=True)
    return results


def _record(samples: Samples, measured: tuple[float, float, dict[str, float]]) -> None:
    seconds, rss, stages = measured
    samples.seconds.append(seconds)
    samples.rss_mib.append(rss)
    samples.stages.append(stages)


def report(n: int, results: dict[str, Samples]) -> None:
    rows = 4 * n
    floor = results["floor text"].median()
    print(f"\nN={n:,} customers + {3 * n:,} orders ({rows:,} rows)")
    for name, samples in results.items():
        median = samples.median()
        line = (
            f"  {name:13s} {median:7.2f} s  ({samples.spread()})  {rows / median:>10,.0f} rows/s"
            f"  x{median / floor:.2f} of text floor"
        )
        if samples.rss_mib:
            line += f"  peak RSS {max(samples.rss_mib):.0f} MiB"
        print(line)
    stages = results["etlx run"].stages
    if stages:
        names = sorted({s for run in stages for s in run})
        medians = {s: statistics.median(run.get(s, 0.0) for run in stages) for s in names}
        print("  etlx stages (median s): " + ", ".join(f"{s} {v:.2f}" for s, v in medians.items()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--chunk-rows", type=int, default=None)
    args = parser.parse_args()
    print(f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f} at start")
    with tempfile.TemporaryDirectory() as folder:
        for n in sorted(args.sizes):
            report(n, measure(n, args.repeat, args.chunk_rows, Path(folder)))
    print(f"load average {os.getloadavg()[0]:.2f} at end")


if __name__ == "__main__":
    main()
