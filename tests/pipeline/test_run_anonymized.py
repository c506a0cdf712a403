"""The demo run with key pseudonyms and k-anonymity: orders still join their customers, the
key's fingerprint is checked between versions, every group reaches k."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pandas as pd
import pytest

from etlx_desktop.core.metadata import DataModule, PrivacyModel
from etlx_desktop.core.metadata.model import AnonymizationRule
from etlx_desktop.core.pipeline.engine import run_module
from etlx_desktop.core.pipeline.kanon import KAnonymityUnreachable


def versions(base: Path) -> Path:
    return base / "output" / "demo-shop"


def pseudonymize_customer_ids(module: DataModule) -> None:
    customers = module.table("customers").table_schema.columns
    customers[0].anonymization = AnonymizationRule(
        method="pseudonymize", key_domain="shop.customer"
    )


def test_pseudonymized_keys_still_join(demo: tuple[DataModule, Path]) -> None:
    module, base = demo
    pseudonymize_customer_ids(module)
    run_module(module, base_dir=base)
    customers = pd.read_parquet(versions(base) / "v1" / "tables" / "customers.parquet")
    orders = pd.read_parquet(versions(base) / "v1" / "tables" / "orders.parquet")
    with sqlite3.connect(base / "shop.sqlite") as db:
        original_ids = {row[0] for row in db.execute("SELECT id FROM customers")}
    assert customers["id"].is_unique
    assert not set(customers["id"]) & original_ids - {0}  # no id kept (a fixed point is rare)
    assert set(orders["customer_id"]) <= set(customers["id"])


def test_a_changed_key_is_reported(demo: tuple[DataModule, Path]) -> None:
    module, base = demo
    pseudonymize_customer_ids(module)
    assert run_module(module, base_dir=base).warnings == []
    (base / "shop.key").write_text("ab" * 32, encoding="utf-8")
    report = run_module(module, base_dir=base)
    assert any("differs from version 1" in w for w in report.warnings)


def test_k_anonymity_is_reached_over_birth_date_city_and_gender(
    demo: tuple[DataModule, Path],
) -> None:
    module, base = demo
    qi = ["birth_date", "city", "gender"]
    module.table("customers").privacy = PrivacyModel(quasi_identifiers=qi, k=5, enforce=True)
    report = run_module(module, base_dir=base)
    summary = report.tables["customers"].k_anonymity
    assert summary is not None and summary["reached"] is True
    customers = pd.read_parquet(versions(base) / "v1" / "tables" / "customers.parquet")
    sizes = customers.dropna(subset=qi, how="all").groupby(qi, dropna=False).size()
    assert sizes.min() >= 5


def test_a_k_that_needs_more_suppression_than_allowed_stops_the_run(
    demo: tuple[DataModule, Path],
) -> None:
    module, base = demo
    qi = ["birth_date", "city", "gender"]
    module.table("customers").privacy = PrivacyModel(
        quasi_identifiers=qi, k=10_000, enforce=True, max_suppression=0.05
    )
    with pytest.raises(KAnonymityUnreachable, match=r"customers: k=10000 over \(birth_date"):
        run_module(module, base_dir=base)
    assert not versions(base).exists() or not any(versions(base).iterdir())
