"""A module's run history read back from real targets: a folder, PostgreSQL, unreachable ones."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from etlx_desktop.core.demo import prepare_demo
from etlx_desktop.core.metadata import DataModule, load_module
from etlx_desktop.core.metadata.model import Target, TargetKind
from etlx_desktop.core.pipeline.cancel import CancelToken, RunCancelled
from etlx_desktop.core.pipeline.engine import RunOptions, run_module
from etlx_desktop.core.pipeline.progress import ProgressEvent, Stage
from etlx_desktop.core.pipeline.remaining import RunEstimate
from etlx_desktop.core.storage.base import VersionNotFound
from etlx_desktop.core.storage.history import (
    newest_first,
    published_at,
    read_history,
    readable_reason,
)
from etlx_desktop.core.storage.stored_report import (
    read_stored_report,
    stored_summary_lines,
    stored_table_rows,
)


def closed_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


@pytest.fixture
def shop(tmp_path: Path) -> tuple[DataModule, Path]:
    path = prepare_demo(tmp_path / "demo")
    return load_module(path), path.parent


def run(module: DataModule, base_dir: Path, *targets: str) -> None:
    run_module(module, base_dir=base_dir, options=RunOptions(targets=list(targets)))


def test_versions_of_a_folder_and_a_database_newest_first(
    shop: tuple[DataModule, Path], postgres_database: str
) -> None:
    module, base_dir = shop
    warehouse = Target(identifier="warehouse", kind=TargetKind.POSTGRESQL, access_url="")
    warehouse.access_url = postgres_database
    module.distribution.append(warehouse)
    run(module, base_dir, "local")
    run(module, base_dir, "local", "warehouse")
    histories = read_history(module.identifier, module.distribution, base_dir)
    assert [(h.target, h.error) for h in histories] == [("local", None), ("warehouse", None)]
    assert [r.version for r in histories[0].records] == [2, 1]
    records = newest_first(histories)
    assert {(r.target, r.version) for r in records[:2]} == {("local", 2), ("warehouse", 1)}
    assert records[-1].target == "local" and records[-1].version == 1
    for record in records:
        assert record.rows["order_items"] == 5524
        assert record.quarantined is not None and record.total_quarantined == 44
        assert record.rows_seen()["orders"] == record.rows["orders"] + 44

    stored = read_stored_report(module.identifier, warehouse, base_dir, 1)
    report = stored.report
    assert list(report.tables) == ["customers", "products", "orders", "order_items"]
    assert report.tables["orders"].rows_quarantined == 44
    assert [(p.target, p.version) for p in report.published] == [("warehouse", 1)]
    assert report.status == "succeeded" and report.started_at <= report.ended_at
    assert stored.key_fingerprint and stored.key_fingerprint.startswith("blake2b:")
    lines = stored_summary_lines(stored)
    assert lines[0].startswith("Version 1 in warehouse (postgresql), published 20")
    assert ": 8227 rows written to 4 tables" in lines[0]
    assert "44 quarantined" in lines[0] and "does not keep" in lines[1]
    assert stored_table_rows(stored)[2] == ("orders", None, 2143, 44, None, None)


def test_a_version_the_target_does_not_hold(shop: tuple[DataModule, Path]) -> None:
    module, base_dir = shop
    with pytest.raises(VersionNotFound, match="no version 3"):
        read_stored_report(module.identifier, module.distribution[0], base_dir, 3)


def test_unreachable_targets_give_reasons_and_the_others_still_answer(
    shop: tuple[DataModule, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    module, base_dir = shop
    monkeypatch.delenv("ETLX_TEST_NO_SUCH_PASSWORD", raising=False)
    down = Target(
        identifier="down",
        kind=TargetKind.POSTGRESQL,
        access_url=f"postgresql://postgres@127.0.0.1:{closed_port()}/nowhere",
    )
    locked = Target(
        identifier="locked",
        kind=TargetKind.POSTGRESQL,
        access_url="postgresql://postgres@127.0.0.1:5432/postgres",
        secret_ref="env:ETLX_TEST_NO_SUCH_PASSWORD",
    )
    histories = read_history(module.identifier, [down, locked, *module.distribution], base_dir)
    by_target = {h.target: h for h in histories}
    assert by_target["down"].error is not None and "cannot connect" in by_target["down"].error
    assert "Traceback" not in by_target["down"].error
    assert by_target["locked"].error == (
        "secret env:ETLX_TEST_NO_SUCH_PASSWORD is not set: "
        "export ETLX_TEST_NO_SUCH_PASSWORD before running"
    )
    assert by_target["local"].error is None and by_target["local"].records == ()


def test_a_cancelled_read_stops_before_the_next_target(shop: tuple[DataModule, Path]) -> None:
    module, base_dir = shop
    token = CancelToken()
    token.cancel()
    with pytest.raises(RunCancelled):
        read_history(module.identifier, module.distribution, base_dir, cancel=token)


def test_reasons_are_one_readable_line() -> None:
    assert readable_reason(ValueError("bad\n  thing")) == "bad thing"
    assert readable_reason(KeyError("x")) == "KeyError: 'x'"
    assert readable_reason(RuntimeError()) == "RuntimeError (no message)"
    assert len(readable_reason(OSError("x" * 1000))) == 300
    assert published_at("not a time") < published_at("2024-01-01T00:00:00Z")


# --- remaining time ------------------------------------------------------------------------------


def event(table: str, done: int, total: int | None, message: str = "") -> ProgressEvent:
    return ProgressEvent(table, Stage.LOAD, done, total, 100.0, message)


def test_remaining_time_from_rows_done_over_rows_total() -> None:
    estimate = RunEstimate(["a", "b"], expected={"b": 1000})
    assert estimate.remaining(0.0) is None and estimate.fraction() == 0.0
    estimate.observe(event("a", 100, 1000), 1.0)
    assert estimate.remaining(1.0) is None  # one event: no rate yet
    estimate.observe(event("a", 600, 1000), 2.0)  # 500 rows per second
    assert estimate.fraction() == pytest.approx(600 / 2000)
    left = estimate.remaining(2.0)
    assert left is not None and not left.at_least
    assert left.seconds == pytest.approx(1400 / 500)
    later = estimate.remaining(3.0)  # counts down between events
    assert later is not None and later.seconds == pytest.approx(1400 / 500 - 1)
    estimate.observe(event("a", 1000, 1000, "done"), 2.8)
    estimate.observe(event("b", 1200, 1200, "done"), 5.0)  # bigger than expected: real size wins
    assert estimate.fraction() == 1.0
    done = estimate.remaining(5.0)
    assert done is not None and done.seconds == 0.0


def test_an_unknown_size_makes_the_remaining_time_a_lower_bound() -> None:
    estimate = RunEstimate(["a", "b"])
    estimate.observe(event("a", 0, 100), 0.0)
    estimate.observe(event("a", 50, 100), 1.0)
    left = estimate.remaining(1.0)
    assert left is not None and left.at_least and left.seconds == pytest.approx(1.0)
    assert estimate.fraction() == pytest.approx(0.25)  # half of one of two tables
    estimate.observe(event("a", 100, 100, "done"), 2.0)
    assert estimate.remaining(2.0) is None  # only the table of unknown size is left
    estimate.observe(ProgressEvent(None, Stage.PUBLISH, 0, None, 0.0, "local"), 3.0)
    assert estimate.rows_done() == 100
