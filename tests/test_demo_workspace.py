"""The bundled demo: generated reproducibly, dirty on purpose, described by a valid module."""

from __future__ import annotations

import importlib.util
import sqlite3
from pathlib import Path
from types import ModuleType

from etlx_desktop.core.metadata import load_module
from etlx_desktop.core.resources import demo_dir


def generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("generate_demo", demo_dir() / "generate_demo.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def dump(path: Path) -> list[str]:
    with sqlite3.connect(path) as connection:
        return list(connection.iterdump())


def test_generator_is_deterministic(tmp_path: Path) -> None:
    first, second = tmp_path / "a.sqlite", tmp_path / "b.sqlite"
    counts = generator().generate(first, customers=60)
    generator().generate(second, customers=60)
    assert dump(first) == dump(second)
    assert counts["customers"] == 60
    assert counts["orders"] > 60


def test_bundled_database_has_the_dirt_a_cleaner_needs() -> None:
    with sqlite3.connect(demo_dir() / "shop.sqlite") as db:

        def count(sql: str) -> int:
            return int(db.execute(sql).fetchone()[0])

        assert count("SELECT count(*) FROM customers") == 500
        assert count("SELECT count(*) FROM orders WHERE amount < 0") > 0
        assert count("SELECT count(*) FROM orders WHERE amount IS NULL") > 0
        assert count("SELECT count(*) FROM customers WHERE email IN ('', 'N/A')") > 0
        assert count("SELECT count(*) FROM customers WHERE birth_date LIKE '__.__.____'") > 0
        assert count("SELECT count(*) FROM customers WHERE phone LIKE '8 (%'") > 0
        orphans = count(
            "SELECT count(*) FROM orders o LEFT JOIN customers c "
            "ON c.id = o.customer_id WHERE c.id IS NULL"
        )
        assert orphans == 0


def test_bundled_inns_have_valid_checksums() -> None:
    weights11 = (7, 2, 4, 10, 3, 5, 9, 4, 6, 8)
    weights12 = (3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8)
    with sqlite3.connect(demo_dir() / "shop.sqlite") as db:
        inns = [row[0] for row in db.execute("SELECT inn FROM customers WHERE inn IS NOT NULL")]
    assert len(inns) > 400
    for inn in inns:
        digits = [int(c) for c in inn]
        check11 = sum(w * d for w, d in zip(weights11, digits, strict=False)) % 11 % 10
        check12 = sum(w * d for w, d in zip(weights12, digits, strict=False)) % 11 % 10
        assert (digits[10], digits[11]) == (check11, check12), inn


def test_demo_module_matches_the_database() -> None:
    module = load_module(demo_dir() / "shop.jsonld")
    with sqlite3.connect(demo_dir() / "shop.sqlite") as db:
        for table in module.tables:
            source_name = table.extraction.source_table
            columns = [row[1] for row in db.execute(f'PRAGMA table_info("{source_name}")')]
            assert columns == [c.name for c in table.table_schema.columns], table.table_name
