"""`etlx run --executor dask`: the same module on a local Dask cluster (127.0.0.1 only)
publishes exactly what the local run publishes; modules whose rules depend on row order
across a table are refused with a message naming the rule."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from etlx_desktop.core.metadata import DataModule, load_module, save_module
from etlx_desktop.core.metadata.model import AnonymizationRule, NullStrategy, ViolationAction
from etlx_desktop.core.pipeline.distributed import NotPartitionSafe, run_module_distributed
from etlx_desktop.core.pipeline.engine import RunOptions, run_module
from etlx_desktop.core.pipeline.kanon import KAnonymityUnreachable
from etlx_desktop.core.pipeline.targets import target_from_url
from etlx_desktop.core.secretstore import resolve_secret
from etlx_desktop.core.sources import draft_module
from etlx_desktop.core.storage import open_store

from .pg import execute

distributed = pytest.importorskip("distributed")

KEY = "5a" * 32
CUSTOMERS = 3_000
SHOP_SQL = [
    "CREATE SCHEMA crm",
    "CREATE TABLE crm.customers (id bigint PRIMARY KEY, full_name text NOT NULL, email text,"
    " phone text, birth_date date, balance numeric(12,2))",
    "INSERT INTO crm.customers SELECT g, 'Клиент ' || g, 'user' || g || '@mail.ru',"
    " CASE WHEN g % 10 = 0 THEN 'N/A' ELSE '+7 9' || lpad(g::text, 9, '0') END,"
    " DATE '1950-01-01' + (g * 7) % 20000,"
    " CASE WHEN g % 50 = 0 THEN -1 WHEN g % 13 = 0 THEN NULL ELSE g * 1.5 END"
    " FROM generate_series(1, {n}) g",
    "CREATE TABLE crm.orders (id bigint PRIMARY KEY, customer_id bigint NOT NULL REFERENCES"
    " crm.customers(id), amount numeric(12,2), status text)",
    "INSERT INTO crm.orders SELECT g, 1 + (g % {n}),"
    " CASE WHEN g % 17 = 0 THEN NULL ELSE (g % 997) * 3.25 END,"
    " (ARRAY['new','paid','shipped'])[1 + g % 3] FROM generate_series(1, {orders}) g",
]


@pytest.fixture(scope="module")
def cluster() -> Iterator[str]:
    """A two-worker LocalCluster on 127.0.0.1 (worker processes, as on a real cluster)."""
    with distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
    ) as local:
        yield str(local.scheduler_address)


@pytest.fixture
def client(cluster: str) -> Iterator[distributed.Client]:
    with distributed.Client(cluster, timeout=30) as connected:
        yield connected


def add_rules(module: DataModule) -> None:
    """The partition-safe rules: keyed pseudonyms keeping the FK, fakes, masks, hashes,
    generalized dates, a range check with quarantine, fill_mean and fill_median."""
    customers = {c.name: c for c in module.table("customers").table_schema.columns}
    customers["id"].anonymization = AnonymizationRule(
        method="pseudonymize", key_domain="crm.customer"
    )
    customers["full_name"].anonymization = AnonymizationRule(
        method="fake", key_domain="crm.name", parameters={"kind": "full_name"}
    )
    customers["email"].anonymization = AnonymizationRule(
        method="hash", key_domain="crm.email", parameters={"length": 20}
    )
    customers["phone"].null = ["N/A"]
    customers["phone"].anonymization = AnonymizationRule(method="mask", parameters={"keep_last": 2})
    customers["birth_date"].anonymization = AnonymizationRule(
        method="generalize", parameters={"to": "month"}
    )
    customers["balance"].minimum = 0
    customers["balance"].on_violation = ViolationAction.REJECT
    customers["balance"].null_strategy = NullStrategy.FILL_MEAN
    orders = {c.name: c for c in module.table("orders").table_schema.columns}
    orders["amount"].null_strategy = NullStrategy.FILL_MEDIAN


@pytest.fixture
def shop(target_database: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A CRM module over a scratch PostgreSQL database (the fixture's database as the source)."""
    execute(target_database, *[s.format(n=CUSTOMERS, orders=3 * CUSTOMERS) for s in SHOP_SQL])
    module = draft_module(target_database, schema="crm", name="crm")
    add_rules(module)
    module.key_ref = "env:ETLX_T_KEY"
    monkeypatch.setenv("ETLX_T_KEY", KEY)
    path = tmp_path / "crm.jsonld"
    save_module(module, path)
    return path


def published(folder: Path, module: DataModule) -> dict[str, pd.DataFrame]:
    """Every table and quarantine of the latest version in a folder target."""
    target = target_from_url(str(folder), "out")
    store = open_store(target, folder, resolve_secret)
    version = max(v.version for v in store.versions(module.identifier))
    found: dict[str, pd.DataFrame] = {}
    for name in store.tables(module.identifier, version):
        found[name] = store.read_table(module.identifier, version, name)
        found[f"{name}/quarantine"] = store.read_quarantine(module.identifier, version, name)
    return found


def options(folder: Path, chunk_rows: int = 500) -> RunOptions:
    return RunOptions(
        chunk_rows=chunk_rows, targets=[], extra_targets=[target_from_url(str(folder), "out")]
    )


def assert_same(local: dict[str, pd.DataFrame], dask: dict[str, pd.DataFrame]) -> None:
    assert local.keys() == dask.keys()
    for name, frame in local.items():
        # row order too: these tables were written in key order, so a key-ordered read of
        # each partition gives the rows in the local run's order
        pd.testing.assert_frame_equal(frame, dask[name], check_exact=True, obj=name)


def test_dask_run_publishes_exactly_the_local_output(
    shop: Path, client: distributed.Client, tmp_path: Path
) -> None:
    module = load_module(shop)
    started = time.perf_counter()
    local_report = run_module(module, base_dir=shop.parent, options=options(tmp_path / "local"))
    local_seconds = time.perf_counter() - started
    started = time.perf_counter()
    dask_report = run_module_distributed(shop, None, options(tmp_path / "dask"), client)
    dask_seconds = time.perf_counter() - started
    print(f"local {local_seconds:.2f}s, dask {dask_seconds:.2f}s")
    local, dask = published(tmp_path / "local", module), published(tmp_path / "dask", module)
    assert len(local["customers"]) > 0 and len(local["customers/quarantine"]) == CUSTOMERS // 50
    assert_same(local, dask)
    for name, table in local_report.tables.items():
        other = dask_report.tables[name]
        assert (table.rows_read, table.rows_written, table.rows_quarantined) == (
            other.rows_read,
            other.rows_written,
            other.rows_quarantined,
        )
        assert table.columns == other.columns
    assert dask_report.privacy is not None and dask_report.privacy.passed
    assert local_report.privacy == dask_report.privacy


def test_a_module_with_chunk_order_rules_is_refused(
    shop: Path, client: distributed.Client, tmp_path: Path
) -> None:
    module = load_module(shop)
    orders = {c.name: c for c in module.table("orders").table_schema.columns}
    orders["amount"].anonymization = AnonymizationRule(method="shuffle")
    with pytest.raises(
        NotPartitionSafe, match=r"orders\.amount \(shuffle\) permutes values within a chunk"
    ):
        run_module_distributed(module, shop.parent, options(tmp_path / "out"), client)
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").rglob("*.parquet"))


def test_the_demo_runs_identically(
    demo: tuple[DataModule, Path], client: distributed.Client, tmp_path: Path
) -> None:
    """SQLite source, k-anonymity enforced on customers, fill_median, a composite key, and
    noise on amounts (keyed by the row, so the same in every partition)."""
    module, base = demo
    amount = {c.name: c for c in module.table("orders").table_schema.columns}["amount"]
    assert amount.anonymization is not None and amount.anonymization.method == "noise"
    run_module(module, base_dir=base, options=options(tmp_path / "local", 200))
    report = run_module_distributed(module, base, options(tmp_path / "dask", 200), client)
    assert report.tables["customers"].k_anonymity is not None
    assert_same(published(tmp_path / "local", module), published(tmp_path / "dask", module))


def test_an_unreachable_k_stops_the_dask_run_before_writing(
    demo: tuple[DataModule, Path], client: distributed.Client, tmp_path: Path
) -> None:
    module, base = demo
    privacy = module.table("customers").privacy
    assert privacy is not None and privacy.enforce
    privacy.k, privacy.max_suppression = 10_000, 0.05
    with pytest.raises(KAnonymityUnreachable, match=r"customers: k=10000 over"):
        run_module_distributed(module, base, options(tmp_path / "dask", 200), client)
    assert not (tmp_path / "dask").exists() or not any((tmp_path / "dask").rglob("*.parquet"))


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "etlx_desktop", *args],
        capture_output=True,
        text=True,
        timeout=300,
        env={**__import__("os").environ, "ETLX_T_KEY": KEY},
    )


def test_cli_runs_on_the_cluster(shop: Path, cluster: str, tmp_path: Path) -> None:
    out = tmp_path / "cli"
    done = run_cli(
        "run", str(shop), "--target", str(out), "--executor", "dask", "--scheduler", cluster
    )
    assert done.returncode == 0, done.stderr
    assert "Published version 1" in done.stdout
    local = tmp_path / "local"
    run_module(load_module(shop), base_dir=shop.parent, options=options(local, 50_000))
    module = load_module(shop)
    assert_same(published(local, module), published(out, module))


def test_cli_rejects_a_bad_or_unreachable_scheduler(shop: Path, tmp_path: Path) -> None:
    out = tmp_path / "cli"
    missing = run_cli("run", str(shop), "--target", str(out), "--executor", "dask")
    assert missing.returncode == 2 and "--scheduler" in missing.stderr
    bad = run_cli(
        "run", str(shop), "--target", str(out), "--executor", "dask", "--scheduler", "nowhere"
    )
    assert bad.returncode == 2 and "tcp://HOST:PORT" in bad.stderr
    dead = run_cli(
        "run",
        str(shop),
        "--target",
        str(out),
        "--executor",
        "dask",
        "--scheduler",
        "tcp://127.0.0.1:9",
        "--scheduler-timeout",
        "3",
    )
    assert dead.returncode != 0 and "tcp://127.0.0.1:9" in dead.stderr
    assert not out.exists() or not any(out.rglob("*.parquet"))
