"""The run's privacy checks as pipeline steps: each chunk observed, a table ended, the figures
judged before anything is published (the local engine's and the Dask executor's)."""

from __future__ import annotations

import time

import pandas as pd

from ..anonymize.privacy import PrivacyCheckFailed, PrivacyCollector
from .report import RunReport, TableReport


def observe(
    privacy: PrivacyCollector,
    name: str,
    before: pd.DataFrame,
    output: pd.DataFrame,
    report: TableReport,
) -> None:
    """One chunk into the privacy checks (on the checks' thread, in chunk order)."""
    started = time.perf_counter()
    privacy.observe_chunk(name, before, output)
    report.add_time("privacy", time.perf_counter() - started)


def end_privacy(privacy: PrivacyCollector, name: str, report: TableReport) -> None:
    """The figures of `name` that need no other table (on the checks' thread)."""
    started = time.perf_counter()
    privacy.end_table(name)
    report.add_time("privacy", time.perf_counter() - started)


def check_privacy(privacy: PrivacyCollector, report: RunReport) -> None:
    """The privacy figures into the report; on a failure nothing may be published."""
    report.privacy = privacy.report({n: t.rows_written for n, t in report.tables.items()})
    report.warnings.extend(report.privacy.warnings)
    if report.privacy.failures:
        raise PrivacyCheckFailed(report.privacy)
