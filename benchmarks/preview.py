"""Preview benchmark: the GUI's preview recomputation of a 1,000-row sample with the standard
rule set (read the sample, apply the rules, compare before/after, the sample's privacy figures),
through the core functions the GUI task calls. Target: median <= 200 ms.

    .venv/bin/python benchmarks/preview.py --rows 1000 --repeat 20

Uses the PG->PG benchmark's source database (built for N=100,000 if missing).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import shop_data

from etlx_desktop.core.metadata import DataModule, load_module
from etlx_desktop.core.pipeline.preview import preview_table
from etlx_desktop.core.pipeline.preview_stats import summarize_preview

SOURCE_DB = "etlx_bench_src"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    if shop_data.source_rows(SOURCE_DB) is None:
        shop_data.build_source(SOURCE_DB, 100_000)
    os.environ[shop_data.KEY_ENV] = shop_data.KEY
    with tempfile.TemporaryDirectory() as folder:
        path = shop_data.write_module(Path(folder), SOURCE_DB, "etlx_bench_dst")
        module = load_module(path)
        for table in ("customers", "orders"):
            times = [_once(module, table, args.rows, path.parent) for _ in range(args.repeat + 1)]
            times = times[1:]  # the first pays for imports and pools
            print(
                f"preview {table} {args.rows:,} rows: median {statistics.median(times) * 1000:.0f}"
                f" ms ({min(times) * 1000:.0f}-{max(times) * 1000:.0f}) over {args.repeat} runs"
            )


def _once(module: DataModule, table: str, rows: int, base_dir: Path) -> float:
    started = time.perf_counter()
    preview = preview_table(module, table, base_dir=base_dir, rows=rows)
    summarize_preview(table, preview, module=module)
    return time.perf_counter() - started


if __name__ == "__main__":
    main()
