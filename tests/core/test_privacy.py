"""Privacy checks: k-anonymity, uniques and l-diversity (whole frame and chunk by chunk), the
leak check, referential integrity, and a run that refuses to publish what fails them."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import sqlite3
from decimal import Decimal
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from etlx_desktop.core.anonymize.basic import as_text, hash_values
from etlx_desktop.core.anonymize.context import AnonymizeContext
from etlx_desktop.core.anonymize.privacy import (
    LeakCollector,
    PrivacyCheckFailed,
    PrivacyCollector,
    ReferenceCollector,
    k_anonymity,
    l_diversity,
)
from etlx_desktop.core.anonymize.privacy_hashing import (
    HashBag,
    canonical_text,
    hash_column,
    hash_distinct,
)
from etlx_desktop.core.anonymize.privacy_metrics import GroupCollector
from etlx_desktop.core.demo import prepare_demo
from etlx_desktop.core.metadata import DataModule, load_module
from etlx_desktop.core.metadata.model import (
    AnonymizationRule,
    Column,
    ExtractStep,
    ForeignKey,
    KeyHandling,
    PrivacyModel,
    Table,
    TableReference,
    TableSchema,
)
from etlx_desktop.core.pipeline.engine import RunOptions, run_module

QI = ["age", "city", "gender"]


def patients() -> pd.DataFrame:
    """Groups: (20-29, A, F) x3, (30-39, A, M) x2, (40-49, B, F) x1, (None, B, F) x2, and one
    row with every quasi-identifier null (suppressed)."""
    return pd.DataFrame(
        {
            "age": ["20-29"] * 3 + ["30-39"] * 2 + ["40-49", None, None, None],
            "city": ["A"] * 5 + ["B"] * 3 + [None],
            "gender": ["F"] * 3 + ["M"] * 2 + ["F"] * 3 + [None],
            "diagnosis": ["flu", "cold", "flu", "flu", None, "asthma", "flu", "cold", "flu"],
            "ward": ["1", "1", "1", "2", "3", "1", "2", "2", "1"],
        }
    )


# --- k-anonymity, uniques, l-diversity ---------------------------------------------------------


def test_k_anonymity_of_a_hand_made_frame() -> None:
    k = k_anonymity(patients(), QI, k=3)
    assert (k.k, k.groups, k.rows) == (1, 4, 9)
    assert k.unique_rows == 1  # (40-49, B, F)
    assert k.unique_share == pytest.approx(1 / 9)
    assert k.suppressed_rows == 1  # every quasi-identifier null: in no group
    assert k.rows_below_k == 2 + 1 + 2  # the groups of 2, 1 and 2 rows


def test_nulls_are_a_value_of_a_quasi_identifier() -> None:
    frame = pd.DataFrame({"age": [None, None, "30"], "city": ["A", "A", "A"]})
    k = k_anonymity(frame, ["age", "city"])
    assert (k.k, k.groups, k.unique_rows, k.suppressed_rows) == (1, 2, 1, 0)


def test_l_diversity_counts_distinct_non_null_sensitive_values() -> None:
    result = l_diversity(patients(), QI, ["diagnosis", "ward"])
    # diagnosis: {flu, cold}, {flu} (a null is no value), {asthma}, {flu, cold} -> 1
    # ward: {1}, {2, 3}, {1}, {2} -> 1
    assert result == {"diagnosis": 1, "ward": 1}
    both = patients().iloc[[0, 1, 2, 6, 7]]
    assert l_diversity(both, QI, ["diagnosis"]) == {"diagnosis": 2}


def test_chunked_collector_gives_the_same_figures() -> None:
    frame = patients()
    collector = GroupCollector(QI, ["diagnosis", "ward"])
    for start in range(0, len(frame), 4):
        collector.observe(frame.iloc[start : start + 4])
    assert collector.k_anonymity(3) == k_anonymity(frame, QI, 3)
    assert collector.l_diversity() == l_diversity(frame, QI, ["diagnosis", "ward"])


def test_an_empty_frame_has_no_groups() -> None:
    empty = patients().iloc[:0]
    assert (k_anonymity(empty, QI).k, k_anonymity(empty, QI).groups) == (0, 0)
    assert GroupCollector(QI, ["ward"]).k_anonymity().rows == 0


values = st.one_of(st.none(), st.sampled_from(["a", "b", "c"]))
rows = st.lists(st.tuples(values, values, st.integers(0, 3), values), min_size=1, max_size=60)


@settings(max_examples=150, deadline=None)
@given(rows=rows, cuts=st.lists(st.integers(0, 60), max_size=6), k=st.integers(2, 5))
def test_k_and_l_merged_over_chunks_equal_those_of_the_whole_frame(
    rows: list[tuple[str | None, str | None, int, str | None]], cuts: list[int], k: int
) -> None:
    frame = pd.DataFrame(rows, columns=["x", "y", "n", "s"])
    frame["n"] = frame["n"].astype("Int64").mask(frame["n"] == 0)  # some integer nulls
    qi = ["x", "y", "n"]
    collector = GroupCollector(qi, ["s"])
    bounds = sorted({0, len(frame), *(c for c in cuts if c < len(frame))})
    for start, stop in itertools.pairwise(bounds):
        collector.observe(frame.iloc[start:stop])
    assert collector.k_anonymity(k) == k_anonymity(frame, qi, k)
    assert collector.l_diversity() == l_diversity(frame, qi, ["s"])


def test_hash_bag_merges_counts_across_many_chunks() -> None:
    bag = HashBag()
    rng = np.random.default_rng(7)
    numbers = rng.integers(0, 400_000, 1_200_000)  # enough distinct hashes for many merges
    for start in range(0, len(numbers), 50_000):
        chunk = pd.Series(numbers[start : start + 50_000])
        if start % 100_000:
            bag.add(hash_column(chunk))  # one hash per row
        else:
            bag.add_column(hash_distinct(chunk))  # distinct values with their counts
    assert len(bag) == len(np.unique(numbers))
    assert bag.rows() == len(numbers)
    assert sorted(bag.counts.tolist()) == sorted(np.unique(numbers, return_counts=True)[1])


# --- canonical text ------------------------------------------------------------------------------


floats = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.floats(-1e12, 1e12).map(lambda x: round(x, 2)),
    st.integers(-(2**60), 2**60).map(float),
)
stamps = st.datetimes(dt.datetime(1700, 1, 1), dt.datetime(2200, 1, 1)).map(
    lambda d: d.replace(microsecond=0) if d.microsecond % 2 else d
)


@settings(max_examples=200, deadline=None)
@given(
    numbers=st.lists(floats, max_size=20),
    integers=st.lists(st.one_of(st.none(), st.integers(-(2**63), 2**63 - 1)), max_size=20),
    times=st.lists(
        st.one_of(
            stamps, stamps.map(lambda d: d.replace(hour=0, minute=0, second=0, microsecond=0))
        ),
        max_size=20,
    ),
    days=st.lists(st.one_of(st.none(), st.dates()), max_size=20),
)
def test_canonical_text_spells_as_the_anonymizers_do(
    numbers: list[float],
    integers: list[int | None],
    times: list[dt.datetime],
    days: list[dt.date | None],
) -> None:
    columns = [
        pd.Series(numbers, dtype="float64"),
        pd.Series(integers, dtype="Int64"),
        pd.Series(times, dtype="datetime64[us]"),
        pd.Series(days, dtype=object),
        pd.Series([None if d is None else str(d) for d in days], dtype="str"),
    ]
    for column in columns:
        expected = as_text(column).to_numpy(dtype=object, na_value=None).tolist()
        spelled = [None if pd.isna(t) else t for t in canonical_text(column).tolist()]
        assert spelled == expected, column.dtype


def test_equal_values_of_different_types_hash_alike() -> None:
    spelled = [
        pd.Series([5, 7], dtype="int64"),
        pd.Series([5.0, 7.0]),
        pd.Series(["5", "7"], dtype="str"),
        pd.Series([Decimal("5"), Decimal("7.0")], dtype=object),
    ]
    hashes = [hash_column(s).tolist() for s in spelled]
    assert all(h == hashes[0] for h in hashes)
    dates = [
        pd.Series([dt.date(2024, 5, 1)], dtype=object),
        pd.Series(pd.to_datetime(["2024-05-01"])),
        pd.Series(["2024-05-01"]),
    ]
    assert len({hash_column(s)[0] for s in dates}) == 1


# --- the leak check ------------------------------------------------------------------------------


def keyed_hash(values: pd.Series) -> pd.Series:
    column = Column(name="email")
    table = Table(
        url="t",
        table_name="t",
        extraction=ExtractStep(from_source="s"),
        table_schema=TableSchema(columns=[column]),
    )
    ctx = AnonymizeContext(table, column, b"k" * 32, values.to_frame())
    return hash_values(values, {"length": 16}, ctx)


def emails(first: int, count: int) -> pd.Series:
    return pd.Series(
        [f"user{i}@example.org" for i in range(first, first + count)],
        index=range(first, first + count),
    )


def test_a_proper_keyed_hash_leaves_no_original() -> None:
    leaks = LeakCollector()
    for first in (0, 100, 200):
        original = emails(first, 100)
        leaks.observe("users", "email", original, keyed_hash(original), "hash")
    (result,) = leaks.result()
    assert (result.originals, result.outputs, result.surviving, result.same_row) == (
        300,
        300,
        0,
        0,
    )
    assert result.passed


def test_one_row_left_unhashed_is_caught() -> None:
    leaks = LeakCollector()
    for first in (0, 100):
        original = emails(first, 100)
        hashed = keyed_hash(original)
        if first == 100:
            hashed.loc[142] = original.loc[142]  # a row the method forgot
        leaks.observe("users", "email", original, hashed, "hash")
    (result,) = leaks.result()
    assert (result.surviving, result.same_row, result.passed) == (1, 1, False)
    assert "users.email (hash): 1 distinct output value(s)" in result.describe()
    assert "@" not in result.describe()  # counts, never values


def test_an_output_equal_to_another_rows_original_in_another_chunk_is_caught() -> None:
    leaks = LeakCollector()
    first = emails(0, 3)
    leaks.observe("users", "email", first, pd.Series(["[x]"] * 3, index=first.index), "redact")
    second = emails(3, 3)
    replaced = pd.Series(["[x]", "user1@example.org", None], index=second.index)
    leaks.observe("users", "email", second, replaced, "redact")
    (result,) = leaks.result()
    assert (result.surviving, result.same_row, result.passed) == (1, 0, False)


def test_a_mask_that_keeps_a_value_is_reported_but_allowed() -> None:
    leaks = LeakCollector()
    original = pd.Series(["Anna", "Boris", "Ivan"])
    leaks.observe("people", "name", original, pd.Series(["A***", "Boris", "I***"]), "mask")
    (result,) = leaks.result()
    assert (result.surviving, result.same_row, result.must_be_zero, result.passed) == (
        1,
        1,
        False,
        True,
    )


def test_numbers_and_text_compare_as_canonical_text() -> None:
    leaks = LeakCollector()
    leaks.observe(
        "t", "code", pd.Series([7, 8, None], dtype="Int64"), pd.Series(["8", None, "x"]), "constant"
    )
    (result,) = leaks.result()
    assert (result.originals, result.outputs, result.surviving, result.same_row) == (2, 2, 1, 0)


# --- referential integrity ---------------------------------------------------------------------


def table(name: str, columns: list[str], foreign_keys: list[ForeignKey] | None = None) -> Table:
    return Table(
        url=f"tables/{name}",
        table_name=name,
        extraction=ExtractStep(from_source="s"),
        table_schema=TableSchema(
            columns=[Column(name=c) for c in columns], foreign_keys=foreign_keys or []
        ),
    )


def fk(columns: list[str], parent: str, parent_columns: list[str]) -> ForeignKey:
    return ForeignKey(
        column_reference=columns,
        reference=TableReference(resource=parent, column_reference=parent_columns),
        key_handling=KeyHandling.PRESERVE,
    )


def shop(*tables: Table) -> DataModule:
    return DataModule(identifier="shop", data_sources=[], tables=list(tables))


def test_a_planted_orphan_is_found() -> None:
    module = shop(
        table("customers", ["id"]),
        table("orders", ["id", "customer_id"], [fk(["customer_id"], "tables/customers", ["id"])]),
    )
    references = ReferenceCollector(module)
    orders = pd.DataFrame({"id": [1, 2, 3, 4, 5], "customer_id": [10, 11, 99, None, 99]})
    references.observe("orders", orders, orders)  # the child before its parent: order is free
    for chunk in ([10], [11, 12]):
        customers = pd.DataFrame({"id": chunk})
        references.observe("customers", customers, customers)
    (result,) = references.result()
    assert result.checked
    assert (result.orphan_rows, result.orphan_values, result.introduced) == (2, 1, 0)
    assert result.passed  # orphans already in the data are not the anonymization's doing


def test_composite_keys_match_as_tuples() -> None:
    module = shop(
        table("stock", ["shop", "sku"]),
        table(
            "sales",
            ["shop", "sku", "qty"],
            [fk(["shop", "sku"], "stock", ["shop", "sku"])],
        ),
    )
    references = ReferenceCollector(module)
    stock = pd.DataFrame({"shop": [1, 1, 2], "sku": ["x", "y", "x"]})
    sales = pd.DataFrame({"shop": [1, 2, 2, 1, None], "sku": ["y", "x", "y", "x", "z"]})
    references.observe("stock", stock, stock)
    references.observe("sales", sales, sales)
    (result,) = references.result()
    # (2, y) has no parent although 2 and y both exist; (None, z) references nothing
    assert (result.orphan_rows, result.orphan_values) == (1, 1)


def test_orphans_made_by_anonymization_fail() -> None:
    module = shop(
        table("customers", ["id"]),
        table("orders", ["customer_id"], [fk(["customer_id"], "customers", ["id"])]),
    )
    collector = PrivacyCollector(module, {("customers", "id"): AnonymizationRule(method="hash")})
    customers = pd.DataFrame({"id": [1, 2, 3]})
    collector.observe_chunk("customers", customers, pd.DataFrame({"id": ["h1", "h2", "h3"]}))
    orders = pd.DataFrame({"customer_id": [1, 1, 3]})
    collector.observe_chunk("orders", orders, orders)  # the key kept, its parent hashed
    report = collector.report({"customers": 3, "orders": 3})
    (key,) = report.foreign_keys
    assert (key.orphan_rows, key.orphan_rows_before, key.introduced, key.passed) == (3, 0, 3, False)
    assert report.failures == [
        "orders(customer_id) → customers(id): 3 row(s) lost their parent row through "
        "anonymization (3 orphan row(s), 2 distinct key(s) without a parent)"
    ]


def test_rows_the_checks_did_not_see_fail() -> None:
    collector = PrivacyCollector(shop(table("t", ["a"])), {})
    collector.observe_chunk("t", pd.DataFrame({"a": [1]}), pd.DataFrame({"a": [1]}))
    assert collector.report({"t": 1}).failures == []
    assert collector.report({"t": 2}).failures == ["t: the privacy checks saw 1 of 2 written rows"]


def test_k_below_the_model_warns_or_fails_with_enforce() -> None:
    module = shop(table("patients", [*QI, "diagnosis", "ward"]))
    model = PrivacyModel(quasi_identifiers=QI, k=2, sensitive=["diagnosis"], l_diversity=2)
    module.tables[0].privacy = model
    for enforce in (False, True):
        model.enforce = enforce
        collector = PrivacyCollector(module, {})
        collector.observe_chunk("patients", patients(), patients())
        report = collector.report()
        figures = report.tables["patients"]
        assert (figures.k_anonymity.k, figures.l_diversity) == (1, {"diagnosis": 1})
        found, other = (
            (report.failures, report.warnings) if enforce else (report.warnings, report.failures)
        )
        assert other == []
        assert found == [
            "patients: k-anonymity over (age, city, gender) is 1, below the required 2 "
            "(1 of 9 row(s) in smaller groups, 1 unique)",
            "patients: l-diversity of diagnosis is 1, below the required 2",
        ]


# --- in a run ------------------------------------------------------------------------------------


@pytest.fixture
def demo(tmp_path: Path) -> tuple[DataModule, Path]:
    path = prepare_demo(tmp_path / "demo")
    return load_module(path), path.parent


def snapshot(folder: Path) -> list[str]:
    if not folder.exists():
        return []
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def test_the_demo_run_reports_its_privacy_figures(demo: tuple[DataModule, Path]) -> None:
    module, base = demo
    module.table("customers").privacy = PrivacyModel(
        quasi_identifiers=["birth_date", "city", "gender"], k=2
    )
    report = run_module(module, base_dir=base, options=RunOptions(chunk_rows=150))
    assert report.privacy is not None and report.privacy.failures == []
    leaks = {(x.table, x.column): x for x in report.privacy.leaks}
    assert leaks[("customers", "email")].surviving == 0
    address = leaks[("customers", "address")]
    assert address.method == "fake" and address.same_row == 0 and address.passed
    keys = {x.name(): x for x in report.privacy.foreign_keys}
    items = keys["order_items(order_id) → orders(id)"]
    assert items.orphan_rows == items.orphan_rows_before > 0  # orders quarantined or dropped
    assert items.introduced == 0
    assert report.privacy.tables["customers"].k_anonymity.rows == 500
    assert any("k-anonymity over (birth_date, city, gender)" in w for w in report.warnings)
    as_json = json.loads(json.dumps(report.as_dict()))
    assert as_json["privacy"]["tables"]["customers"]["k_anonymity"]["k_required"] == 2


def test_a_redaction_spelled_like_a_source_value_is_not_published(
    demo: tuple[DataModule, Path],
) -> None:
    module, base = demo
    run_module(module, base_dir=base)
    before = snapshot(base / "output")
    with sqlite3.connect(base / "shop.sqlite") as db:
        (address,) = db.execute("SELECT address FROM customers WHERE id = 7").fetchone()
    column = next(c for c in module.table("customers").table_schema.columns if c.name == "address")
    column.anonymization = AnonymizationRule(method="redact", parameters={"replacement": address})
    with pytest.raises(PrivacyCheckFailed) as failed:
        run_module(module, base_dir=base, options=RunOptions(chunk_rows=100))
    message = str(failed.value)
    assert "nothing was published" in message
    assert "customers.address (redact): 1 distinct output value(s)" in message
    assert address not in message
    assert snapshot(base / "output") == before  # still only version 1


def test_a_foreign_key_broken_by_anonymization_is_not_published(
    demo: tuple[DataModule, Path],
) -> None:
    module, base = demo
    columns = module.table("customers").table_schema.columns
    columns[0].anonymization = AnonymizationRule(method="hash", parameters={"encoding": "numeric"})
    module.table("orders").table_schema.foreign_keys[0].key_handling = KeyHandling.PRESERVE
    with pytest.raises(PrivacyCheckFailed, match=r"orders\(customer_id\) → customers\(id\)"):
        run_module(module, base_dir=base)
    assert snapshot(base / "output" / "demo-shop") == []
