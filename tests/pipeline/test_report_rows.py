"""The rows a report view shows, from the real demo run's report (no Qt)."""

from __future__ import annotations

from pathlib import Path

from etlx_desktop.core.metadata import DataModule
from etlx_desktop.core.pipeline.engine import run_module
from etlx_desktop.core.pipeline.report import RunReport
from etlx_desktop.core.pipeline.report_rows import (
    privacy_rows,
    summary_lines,
    table_rows,
    version_rows,
)


def test_rows_of_the_demo_report(demo: tuple[DataModule, Path]) -> None:
    module, base = demo
    report = run_module(module, base_dir=base)
    lines = summary_lines(report, lambda n: f"{n:,}")
    assert lines[0] == "8,292 rows read from 4 tables, 8,227 written, 44 quarantined, 21 dropped."
    assert lines[1].startswith("Version 1 published to local (folder): ")
    assert [row[:5] for row in table_rows(report)] == [
        ("customers", 500, 500, 0, 0),
        ("products", 60, 60, 0, 0),
        ("orders", 2208, 2143, 44, 21),
        ("order_items", 5524, 5524, 0, 0),
    ]
    assert version_rows(report) == [("local", "folder", 1, report.published[0].location)]
    customers, products, orders, items = privacy_rows(report)
    k_reached = customers[1]
    assert customers[0] == "customers" and customers[2] == 5  # k required
    assert isinstance(k_reached, int) and k_reached >= 5
    assert customers[3:] == (0, "8 of 8", None)
    assert products[1:] == (None, None, None, None, None)
    assert orders[4:] == ("4 of 4", "1 of 1")
    assert items[5] == "2 of 2"


def test_rows_of_a_report_without_runs_or_privacy() -> None:
    report = RunReport(module="m", run_id="r", started_at="")
    assert summary_lines(report) == [
        "0 rows read from 0 tables, 0 written, 0 quarantined, 0 dropped.",
        "Nothing was published.",
    ]
    assert table_rows(report) == [] and privacy_rows(report) == []
