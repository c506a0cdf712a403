"""A 2M-row source runs through the whole pipeline with memory bounded by the chunk size."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from etlx_desktop.core.metadata import save_module
from etlx_desktop.core.metadata.model import (
    AnonymizationRule,
    FileFormat,
    Target,
    TargetKind,
    UploadStep,
)
from etlx_desktop.core.sources import draft_module

from .pg import execute

ROWS = 2_000_000


# VmHWM, not ru_maxrss: a child keeps its parent's ru_maxrss across exec on Linux, so a child of
# a big pytest process would report pytest's peak; VmHWM starts afresh with the new program.
MEASURED = (
    "import re, sys\n"
    "from etlx_desktop.cli import main\n"
    "code = main(sys.argv[1:])\n"
    "status = open('/proc/self/status').read()\n"
    "print('peak-kib', re.search(r'VmHWM:\\s+(\\d+)', status).group(1), file=sys.stderr)\n"
    "sys.exit(code)\n"
)


def peak_rss_mib_of(args: list[str], env: dict[str, str]) -> tuple[int, float]:
    """Run `etlx ARGS` in a child process; (its exit code, its own peak resident MiB)."""
    done = subprocess.run(
        [sys.executable, "-c", MEASURED, *args],
        env=env,
        timeout=900,
        capture_output=True,
        text=True,
    )
    peaks = [line.split()[1] for line in done.stderr.splitlines() if line.startswith("peak-kib")]
    assert peaks, done.stderr
    return done.returncode, int(peaks[-1]) / 1024  # VmHWM is in KiB


@pytest.mark.slow
def test_two_million_rows_in_bounded_memory(postgres_database: str, tmp_path: Path) -> None:
    execute(
        postgres_database,
        "CREATE TABLE events (id bigint PRIMARY KEY, email text, amount numeric(12,2),"
        " happened timestamptz, note text)",
        f"INSERT INTO events SELECT g, 'u' || g || '@example.org', (g % 1000) / 3.0,"
        f" now() - (g || ' minutes')::interval, repeat('x', 40) FROM generate_series(1, {ROWS}) g",
    )
    module = draft_module(postgres_database, name="events")
    email = next(c for c in module.table("events").table_schema.columns if c.name == "email")
    email.anonymization = AnonymizationRule(method="mask", parameters={"keep_domain": True})
    module.distribution = [
        Target(
            identifier="out", kind=TargetKind.FOLDER, access_url="out", format=FileFormat.PARQUET
        )
    ]
    module.upload = UploadStep(target=["out"])
    path = tmp_path / "events.jsonld"
    save_module(module, path)
    code, peak = peak_rss_mib_of(["run", str(path), "--chunk-rows", "50000"], dict(os.environ))
    assert code == 0
    written = pq.ParquetFile(tmp_path / "out" / "events" / "v1" / "tables" / "events.parquet")
    assert written.metadata.num_rows == ROWS
    # 2M rows of this table are about 400 MB as pandas objects; a 50k-row chunk is about 10 MB.
    # The bound leaves room for the interpreter, pandas, pyarrow and SQLAlchemy (~200 MB).
    print(f"peak RSS for {ROWS:,} rows in chunks of 50,000: {peak:.0f} MiB")
    assert peak < 450, f"peak RSS {peak:.0f} MiB"
