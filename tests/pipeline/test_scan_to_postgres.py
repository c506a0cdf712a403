"""The anonymization promise end to end: the rules `etlx scan` suggests for the demo shop run
into PostgreSQL with no original name, email, phone or INN left, every order joining its
customer, unique keys intact, the leak check at 0 and k reached."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pandas as pd

from etlx_desktop import open_module
from etlx_desktop.core.metadata import load_module, save_module
from etlx_desktop.core.metadata.model import Target, TargetKind, UploadStep
from etlx_desktop.core.resources import demo_dir

QI = ["birth_date", "city", "gender"]


def etlx(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "etlx_desktop", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "ETLX_T_SHOP_KEY": "5a" * 32},
    )


def test_scanned_rules_run_into_postgres_without_leaks(
    target_database: str,
    tmp_path: Path,
) -> None:
    shutil.copy(demo_dir() / "shop.sqlite", tmp_path / "shop.sqlite")
    assert (
        etlx(
            "draft", "sqlite:///shop.sqlite", "--name", "shop", "-o", "shop.jsonld", cwd=tmp_path
        ).returncode
        == 0
    )
    scanned = etlx("scan", "shop.jsonld", "--apply", "shop.jsonld", cwd=tmp_path)
    assert scanned.returncode == 0, scanned.stderr
    module = load_module(tmp_path / "shop.jsonld")
    privacy = module.table("customers").privacy
    assert privacy is not None and sorted(privacy.quasi_identifiers) == sorted(QI)
    privacy.k, privacy.enforce = 5, True
    module.key_ref = "env:ETLX_T_SHOP_KEY"
    module.distribution = [
        Target(identifier="warehouse", kind=TargetKind.POSTGRESQL, access_url=target_database)
    ]
    module.upload = UploadStep(target=["warehouse"])
    save_module(module, tmp_path / "shop.jsonld")

    run = etlx("run", "shop.jsonld", "--json", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    report = json.loads(run.stdout)
    leaks = report["privacy"]["leaks"]
    assert leaks and all(leak["passed"] for leak in leaks)
    assert all(leak["surviving"] == 0 for leak in leaks if leak["must_be_zero"])
    assert all(
        leak["same_row"] == 0 for leak in leaks if leak["method"] in ("fake", "pseudonymize")
    )
    assert report["tables"]["customers"]["k_anonymity"]["reached"] is True

    tables = open_module(target_database, "shop", 1)
    customers, orders = tables["customers"], tables["orders"]
    assert customers["id"].is_unique and orders["id"].is_unique
    assert set(orders["customer_id"]) <= set(customers["id"])
    with sqlite3.connect(tmp_path / "shop.sqlite") as db:
        source = pd.read_sql("SELECT full_name, email, phone, inn FROM customers", db)
    published = set(customers.astype(str).to_numpy().ravel())
    for column in ("full_name", "email", "phone", "inn"):
        originals = {v.strip() for v in source[column].dropna()} - {"", "N/A"}
        assert not originals & published, column
    groups = customers.dropna(subset=QI, how="all").groupby(QI, dropna=False).size()
    assert groups.min() >= 5
