"""A run that reads PostgreSQL through COPY (several blocks a chunk, the fast text and type
paths) publishes exactly what a run reading the same rows through a cursor publishes, on the
benchmark's shop data and standard rule set."""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from etlx_desktop.core.metadata.io import load_module
from etlx_desktop.core.metadata.model import DataSource
from etlx_desktop.core.pipeline.engine import RunOptions, run_module
from etlx_desktop.core.sources.reading import SourceAccess
from etlx_desktop.core.sources.sessions import open_source_session
from etlx_desktop.core.storage import PostgresStore

from .pg import execute

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
import shop_data

CUSTOMERS = 12_000  # and 36,000 orders: about 3 MB of COPY text, several blocks a chunk


def _cursor_session(source: DataSource, access: SourceAccess) -> AbstractContextManager[Any]:
    return open_source_session(source, dataclasses.replace(access, bulk=False))


@pytest.fixture
def shop(postgres_database: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    execute(
        postgres_database,
        shop_data.CUSTOMERS_DDL.format(t="customers", pk=" PRIMARY KEY", fk=""),
        shop_data.ORDERS_DDL.format(t="orders", pk=" PRIMARY KEY", fk=" REFERENCES customers(id)"),
        shop_data.CUSTOMERS_INSERT.replace("%(n)s", str(CUSTOMERS)),
        shop_data.ORDERS_INSERT.replace("%(n)s", str(CUSTOMERS)).replace(
            "%(orders)s", str(3 * CUSTOMERS)
        ),
    )
    database = postgres_database.rsplit("/", 1)[1]
    monkeypatch.setenv(shop_data.KEY_ENV, shop_data.KEY)
    yield shop_data.write_module(tmp_path, database, database)


def test_copy_and_cursor_runs_publish_the_same_version(shop: Path, postgres_database: str) -> None:
    module = load_module(shop)
    options = RunOptions(chunk_rows=5_000)
    bulk = run_module(module, base_dir=shop.parent, options=options)
    cursor = run_module(
        load_module(shop), base_dir=shop.parent, options=options, open_session=_cursor_session
    )
    assert bulk.status == cursor.status == "succeeded"
    assert bulk.tables["orders"].rows_read == 3 * CUSTOMERS
    assert bulk.tables["orders"].rows_quarantined > 0  # the dirt reached the rules
    for name in ("customers", "orders"):
        got, expected = bulk.tables[name], cursor.tables[name]
        assert (got.rows_written, got.rows_quarantined, got.rows_dropped) == (
            expected.rows_written,
            expected.rows_quarantined,
            expected.rows_dropped,
        )
        assert {c: vars(r) for c, r in got.columns.items()} == {
            c: vars(r) for c, r in expected.columns.items()
        }
    store = PostgresStore(postgres_database)
    for name in ("customers", "orders"):
        first = store.read_table("bench", 1, name).sort_values("id", ignore_index=True)
        second = store.read_table("bench", 2, name).sort_values("id", ignore_index=True)
        pd.testing.assert_frame_equal(first, second, check_exact=True)
        held = store.read_quarantine("bench", 1, name).sort_values("_row", ignore_index=True)
        again = store.read_quarantine("bench", 2, name).sort_values("_row", ignore_index=True)
        pd.testing.assert_frame_equal(held, again, check_exact=True)
