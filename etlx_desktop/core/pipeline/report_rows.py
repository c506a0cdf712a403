"""A RunReport as the rows and lines a report view shows (the GUI's and any other)."""

from __future__ import annotations

from collections.abc import Callable

from .report import RunReport

Cell = str | int | float | None  # None: no figure for this row


def summary_lines(report: RunReport, count: Callable[[int], str] = str) -> list[str]:
    """The rows read, written, quarantined and dropped, then one line per published version;
    `count` formats a number of rows (the user's locale)."""
    tables = report.tables.values()
    figures = [
        f"{count(sum(t.rows_read for t in tables))} rows read from {len(report.tables)} tables",
        f"{count(sum(t.rows_written for t in tables))} written",
        f"{count(sum(t.rows_quarantined for t in tables))} quarantined",
        f"{count(sum(t.rows_dropped for t in tables))} dropped",
    ]
    published = [
        f"Version {p.version} published to {p.target} ({p.kind}): {p.location}"
        for p in report.published
    ]
    return [", ".join(figures) + ".", *(published or ["Nothing was published."])]


def table_rows(report: RunReport) -> list[tuple[Cell, ...]]:
    """Table, rows read, written, quarantined, dropped, seconds (all stages)."""
    return [
        (
            n,
            t.rows_read,
            t.rows_written,
            t.rows_quarantined,
            t.rows_dropped,
            sum(t.seconds.values()),
        )
        for n, t in report.tables.items()
    ]


def version_rows(report: RunReport) -> list[tuple[Cell, ...]]:
    """Target, kind, version, location."""
    return [(p.target, p.kind, p.version, p.location) for p in report.published]


def privacy_rows(report: RunReport) -> list[tuple[Cell, ...]]:
    """Per table: k reached, k required, rows below k, leak checks and joins passed."""
    privacy = report.privacy
    if privacy is None:
        return []
    rows: list[tuple[Cell, ...]] = []
    for name in report.tables:
        leaks = [leak.passed for leak in privacy.leaks if leak.table == name]
        joins = [key.passed for key in privacy.foreign_keys if key.table == name]
        table = privacy.tables.get(name)
        k = table.k_anonymity if table else None
        rows.append(
            (
                name,
                k.k if k else None,
                k.k_required if k else None,
                k.rows_below_k if k else None,
                f"{sum(leaks)} of {len(leaks)}" if leaks else None,
                f"{sum(joins)} of {len(joins)}" if joins else None,
            )
        )
    return rows
