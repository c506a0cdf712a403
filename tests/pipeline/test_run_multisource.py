"""One module, three sources: customers from PostgreSQL, orders from MariaDB, products from a
CSV file; one version in PostgreSQL and S3, keys still joining across sources."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from etlx_desktop import open_module
from etlx_desktop.core.metadata import DataModule, save_module
from etlx_desktop.core.metadata.model import (
    AnonymizationRule,
    FileFormat,
    ForeignKey,
    TableReference,
    Target,
    TargetKind,
    UploadStep,
)
from etlx_desktop.core.sources import draft_module

from .pg import execute


def combined(pg_url: str, maria_url: str, folder: Path) -> DataModule:
    crm = draft_module(pg_url, name="mixed")
    shop = draft_module(maria_url, name="shop")
    files = draft_module(str(folder), name="files")
    crm.data_sources[0].identifier = "crm"
    shop.data_sources[0].identifier = "shop"
    for table in crm.tables:
        table.extraction.from_source = "crm"
    for table in shop.tables:
        table.extraction.from_source = "shop"
    crm.data_sources += shop.data_sources + files.data_sources
    crm.tables += shop.tables + files.tables
    return crm


def test_three_sources_make_one_version(
    postgres_database: str,
    mariadb_database: str,
    target_database: str,
    run_sql: Callable[[str, list[str]], None],
    seaweedfs: object,
    s3_bucket: str,
    tmp_path: Path,
) -> None:
    execute(
        postgres_database,
        "CREATE TABLE customers (id int PRIMARY KEY, full_name text, email text)",
        "INSERT INTO customers SELECT g, 'Клиент ' || g, 'c' || g || '@mail.ru'"
        " FROM generate_series(1, 200) g",
    )
    run_sql(
        mariadb_database,
        [
            "CREATE TABLE orders (id INT PRIMARY KEY, customer_id INT NOT NULL, sku VARCHAR(10),"
            " amount DECIMAL(10,2))",
            "INSERT INTO orders VALUES "
            + ",".join(f"({i}, {1 + i % 200}, 'SKU{i % 5}', {i}.25)" for i in range(1, 601)),
        ],
    )
    products = tmp_path / "files"
    products.mkdir()
    (products / "products.csv").write_text(
        "sku;name;price\n" + "".join(f"SKU{i};Товар {i};{i}9,90\n" for i in range(5)),
        encoding="cp1251",
    )
    module = combined(postgres_database, mariadb_database, products)
    customers = module.table("customers").table_schema
    customers.columns[0].anonymization = AnonymizationRule(
        method="pseudonymize", key_domain="mixed.customer"
    )
    customers.columns[2].anonymization = AnonymizationRule(
        method="fake", parameters={"kind": "email"}
    )
    module.table("orders").table_schema.foreign_keys.append(
        ForeignKey(
            column_reference=["customer_id"],
            reference=TableReference(resource="tables/customers", column_reference=["id"]),
        )
    )
    s3 = seaweedfs.options()  # type: ignore[attr-defined]
    module.key_ref = "env:ETLX_T_MIXED_KEY"
    module.distribution = [
        Target(identifier="warehouse", kind=TargetKind.POSTGRESQL, access_url=target_database),
        Target(
            identifier="lake",
            kind=TargetKind.S3,
            access_url=f"s3://{s3_bucket}/m",
            format=FileFormat.PARQUET,
            secret_ref="env:ETLX_T_MIXED_S3",
            options={k: s3[k] for k in ("endpoint_url", "region", "path_style")},
        ),
    ]
    module.upload = UploadStep(target=["warehouse", "lake"])
    path = tmp_path / "mixed.jsonld"
    save_module(module, path)
    env = {
        **os.environ,
        "ETLX_T_MIXED_KEY": "11" * 32,
        "ETLX_T_MIXED_S3": f"{s3['access_key']}:{s3['secret_key']}",
    }
    result = subprocess.run(
        [sys.executable, "-m", "etlx_desktop", "run", str(path)],
        capture_output=True,
        text=True,
        timeout=600,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    for tables in (
        open_module(target_database, "mixed", 1),
        open_module(f"s3://{s3_bucket}/m", "mixed", 1, **s3),
    ):
        assert (len(tables["customers"]), len(tables["orders"]), len(tables["products"])) == (
            200,
            600,
            5,
        )
        assert set(tables["orders"]["customer_id"]) <= set(tables["customers"]["id"])
        assert set(tables["customers"]["id"]) != set(range(1, 201))  # pseudonymized
        assert not tables["customers"]["email"].str.contains("@mail.ru").any()
        assert sorted(tables["products"]["price"]) == [9.9, 19.9, 29.9, 39.9, 49.9]
