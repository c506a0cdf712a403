"""`etlx run` from PostgreSQL and MariaDB into PostgreSQL, S3 and folders, through the real
servers: versions side by side, one snapshot per source, and killed runs that leave nothing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from etlx_desktop import open_module
from etlx_desktop.core.metadata import DataModule, load_module, save_module
from etlx_desktop.core.metadata.model import (
    AnonymizationRule,
    FileFormat,
    NullStrategy,
    Target,
    TargetKind,
    UploadStep,
    ViolationAction,
)
from etlx_desktop.core.sources import draft_module

from .pg import execute

KEY = "6f" * 32
S3_SECRET_ENV = "ETLX_T_S3_CREDENTIALS"

SHOP_SQL = [
    "CREATE SCHEMA crm",
    "CREATE TABLE crm.customers (id bigint PRIMARY KEY, full_name text NOT NULL, email text,"
    " phone text, balance numeric(12,2))",
    "INSERT INTO crm.customers SELECT g, 'Клиент ' || g, 'user' || g || '@mail.ru',"
    " CASE WHEN g % 10 = 0 THEN 'N/A' ELSE '+7 9' || lpad((g % 1000000000)::text, 9, '0') END,"
    " CASE WHEN g % 50 = 0 THEN -1 ELSE g * 1.5 END FROM generate_series(1, {n}) g",
    "CREATE TABLE crm.orders (id bigint PRIMARY KEY, customer_id bigint NOT NULL REFERENCES"
    " crm.customers(id), amount numeric(12,2), status text)",
    "INSERT INTO crm.orders SELECT g, 1 + (g % {n}), (g % 997) * 3.25,"
    " (ARRAY['new','paid','shipped'])[1 + g % 3] FROM generate_series(1, {orders}) g",
]


def shop_module(source_url: str, folder: Path, customers: int = 2_000) -> Path:
    """A drafted CRM module with realistic rules, saved in `folder`."""
    statements = [s.format(n=customers, orders=3 * customers) for s in SHOP_SQL]
    execute(source_url, *statements)
    module = draft_module(source_url, schema="crm", name="crm")
    add_rules(module)
    module.key_ref = "env:ETLX_T_KEY"
    path = folder / "crm.jsonld"
    save_module(module, path)
    return path


def add_rules(module: DataModule) -> None:
    customers = module.table("customers").table_schema
    columns = {c.name: c for c in customers.columns}
    columns["email"].personal_data = "pd:EmailAddress"
    columns["email"].anonymization = AnonymizationRule(
        method="hash", key_domain="crm.email", parameters={"length": 20}
    )
    columns["phone"].null = ["N/A"]
    columns["phone"].anonymization = AnonymizationRule(method="mask", parameters={"keep_last": 2})
    columns["full_name"].anonymization = AnonymizationRule(method="redact")
    columns["balance"].minimum = 0
    columns["balance"].on_violation = ViolationAction.REJECT
    orders = {c.name: c for c in module.table("orders").table_schema.columns}
    orders["amount"].null_strategy = NullStrategy.FILL_MEDIAN


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "ETLX_T_KEY": KEY, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "etlx_desktop", *args],
        capture_output=True,
        text=True,
        timeout=600,
        env=environment,
    )


def catalog_versions(url: str, module: str) -> list[int]:
    rows = execute(
        url,
        "SELECT version FROM etlx_catalog.module_versions WHERE module = "
        f"'{module}' ORDER BY version",
    )
    return [int(row[0]) for row in rows]  # type: ignore[call-overload]


def test_postgres_module_into_postgres_and_s3_twice(
    postgres_database: str, target_database: str, seaweedfs: object, s3_bucket: str, tmp_path: Path
) -> None:
    path = shop_module(postgres_database, tmp_path)
    module = load_module(path)
    s3 = seaweedfs.options()  # type: ignore[attr-defined]
    module.distribution = [
        Target(identifier="warehouse", kind=TargetKind.POSTGRESQL, access_url=target_database),
        Target(
            identifier="lake",
            kind=TargetKind.S3,
            access_url=f"s3://{s3_bucket}/modules",
            format=FileFormat.PARQUET,
            secret_ref=f"env:{S3_SECRET_ENV}",
            options={k: s3[k] for k in ("endpoint_url", "region", "path_style")},
        ),
    ]
    module.upload = UploadStep(target=["warehouse", "lake"])
    save_module(module, path)
    secret = {S3_SECRET_ENV: f"{s3['access_key']}:{s3['secret_key']}"}
    for expected in (1, 2):
        result = run_cli("run", str(path), env=secret)
        assert result.returncode == 0, result.stderr
        assert f"Published version {expected} to warehouse" in result.stdout
        assert f"Published version {expected} to lake" in result.stdout
    assert catalog_versions(target_database, "crm") == [1, 2]
    for version in (1, 2):
        warehouse = open_module(target_database, "crm", version)
        lake = open_module(f"s3://{s3_bucket}/modules", "crm", version, **s3)
        assert len(warehouse["customers"]) == len(lake["customers"]) == 2_000 - 40
        assert len(warehouse["orders"]) == 6_000
        emails = set(lake["customers"]["email"])
        assert not any("@mail.ru" in e for e in emails)
        assert all(len(e) == 20 for e in emails)
    v1 = open_module(target_database, "crm", 1)["customers"].sort_values("id")
    v2 = open_module(target_database, "crm", 2)["customers"].sort_values("id")
    assert v1["email"].tolist() == v2["email"].tolist()  # same key: same pseudonyms


def test_demo_module_into_postgres_and_s3_by_url(
    target_database: str, seaweedfs: object, s3_bucket: str, tmp_path: Path
) -> None:
    from etlx_desktop.core.demo import prepare_demo

    module_path = prepare_demo(tmp_path / "demo")
    s3 = seaweedfs.options()  # type: ignore[attr-defined]
    lake = (
        f"s3://{s3_bucket}/demo?endpoint_url={s3['endpoint_url']}&region={s3['region']}"
        "&path_style=true"
    )
    env = {
        "AWS_ACCESS_KEY_ID": str(s3["access_key"]),
        "AWS_SECRET_ACCESS_KEY": str(s3["secret_key"]),
    }
    for _ in range(2):
        result = run_cli(
            "run", str(module_path), "--target", target_database, "--target", lake, env=env
        )
        assert result.returncode == 0, result.stderr
    assert catalog_versions(target_database, "demo-shop") == [1, 2]
    listing = run_cli("modules", "list", lake, env=env)
    assert listing.returncode == 0, listing.stderr
    assert "demo-shop                v1" in listing.stdout
    assert "demo-shop                v2" in listing.stdout
    tables = open_module(target_database, "demo-shop", "latest")
    assert len(tables["customers"]) == 500


def test_mariadb_source_reads_one_snapshot_into_a_folder(
    mariadb_database: str, run_sql: Callable[[str, list[str]], None], tmp_path: Path
) -> None:
    run_sql(
        mariadb_database,
        [
            "CREATE TABLE customers (id INT PRIMARY KEY, email VARCHAR(100), city VARCHAR(50))",
            "CREATE TABLE orders (id INT PRIMARY KEY, customer_id INT NOT NULL,"
            " amount DECIMAL(10,2), FOREIGN KEY (customer_id) REFERENCES customers(id))",
            "INSERT INTO customers VALUES "
            + ",".join(f"({i}, 'c{i}@example.ru', 'Казань')" for i in range(1, 301)),
            "INSERT INTO orders VALUES "
            + ",".join(f"({i}, {1 + i % 300}, {i}.50)" for i in range(1, 901)),
        ],
    )
    module = draft_module(mariadb_database, name="shop")
    email = next(c for c in module.table("customers").table_schema.columns if c.name == "email")
    email.anonymization = AnonymizationRule(method="mask", parameters={"keep_domain": True})
    module.distribution = [
        Target(identifier="out", kind=TargetKind.FOLDER, access_url="out", format=FileFormat.CSV)
    ]
    module.upload = UploadStep(target=["out"])
    path = tmp_path / "shop.jsonld"
    save_module(module, path)
    result = run_cli("run", str(path), "--chunk-rows", "100")
    assert result.returncode == 0, result.stderr
    orders = pd.read_csv(tmp_path / "out" / "shop" / "v1" / "tables" / "orders.csv")
    customers = pd.read_csv(tmp_path / "out" / "shop" / "v1" / "tables" / "customers.csv")
    assert len(orders) == 900 and len(customers) == 300
    assert set(orders["customer_id"]) <= set(customers["id"])
    assert customers["email"].str.endswith("@example.ru").all()
    assert not customers["email"].str.startswith("c1@").any()


def test_killed_run_leaves_the_published_version_and_a_rerun_succeeds(
    postgres_database: str, target_database: str, tmp_path: Path
) -> None:
    path = shop_module(postgres_database, tmp_path, customers=200_000)
    module = load_module(path)
    module.distribution = [
        Target(identifier="warehouse", kind=TargetKind.POSTGRESQL, access_url=target_database)
    ]
    module.upload = UploadStep(target=["warehouse"])
    save_module(module, path)
    assert run_cli("run", str(path)).returncode == 0
    before = execute(target_database, "SELECT count(*), sum(id) FROM crm_v1.orders")
    child = subprocess.Popen(
        [sys.executable, "-m", "etlx_desktop", "run", str(path), "--chunk-rows", "5000"],
        env={**os.environ, "ETLX_T_KEY": KEY},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:  # until the child holds its publish lock and copies
            copying = execute(target_database, "SELECT count(*) FROM pg_stat_progress_copy")
            if copying and int(copying[0][0]) > 0:  # type: ignore[call-overload]
                break
            time.sleep(0.05)
        else:
            pytest.fail("the run never started loading")
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.wait(timeout=30)
    assert catalog_versions(target_database, "crm") == [1]
    schemas = execute(
        target_database, "SELECT nspname FROM pg_namespace WHERE nspname LIKE 'crm_v%' ORDER BY 1"
    )
    assert [s[0] for s in schemas] == ["crm_v1"]
    assert execute(target_database, "SELECT count(*), sum(id) FROM crm_v1.orders") == before
    rerun = run_cli("run", str(path))
    assert rerun.returncode == 0, rerun.stderr
    assert catalog_versions(target_database, "crm") == [1, 2]
