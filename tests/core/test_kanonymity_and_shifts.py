"""k-anonymization plans, date shifting per entity and shuffling."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from etlx_desktop.core.anonymize.context import AnonymizeContext
from etlx_desktop.core.anonymize.kanonymity import (
    combination_counts,
    merge,
    plan_k_anonymity,
)
from etlx_desktop.core.anonymize.shifting import date_shift, shuffle
from etlx_desktop.core.metadata.model import Column, Datatype, ExtractStep, Table, TableSchema

QI = ["birth", "city", "gender"]


def people(n: int, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame(
        {
            "birth": pd.Timestamp("1950-01-01")
            + pd.to_timedelta(rng.integers(0, 25_000, n), unit="D"),
            "city": rng.choice(
                ["Москва", "Казань", "Тверь", "Омск"] + [f"Город {i}" for i in range(60)], n
            ),
            "gender": rng.choice(["M", "F"], n),
        }
    )


@settings(max_examples=25, deadline=None)
@given(
    st.integers(min_value=50, max_value=3_000),
    st.integers(min_value=2, max_value=12),
    st.integers(min_value=0, max_value=10**6),
)
def test_every_group_reaches_k_after_the_plan(n: int, k: int, seed: int) -> None:
    frame = people(n, seed)
    halves = [frame.iloc[: n // 2], frame.iloc[n // 2 :]]
    combos = merge([combination_counts(h, QI) for h in halves], QI)
    plan = plan_k_anonymity(combos, QI, k, max_suppression=0.05)
    out = pd.concat([plan.apply(h) for h in halves])
    kept = out.dropna(subset=QI, how="all")
    sizes = kept.groupby(QI, dropna=False).size()
    assert sizes.empty or sizes.min() >= k
    assert len(out) == n  # suppression blanks quasi-identifiers, it does not drop rows
    assert plan.suppressed_rows == n - len(kept)
    assert plan.suppressed_rows <= 0.05 * n or not plan.reached


def test_the_plan_generalizes_the_most_varied_column_first() -> None:
    frame = people(5_000, 7)
    plan = plan_k_anonymity(combination_counts(frame, QI), QI, 5)
    assert plan.levels["gender"] == 0  # two values never need coarsening first
    assert plan.levels["birth"] > 0
    assert plan.summary()["reached"] is True


def _table(*columns: Column) -> Table:
    return Table(
        url="t",
        table_name="orders",
        extraction=ExtractStep(from_source="s"),
        table_schema=TableSchema(columns=list(columns)),
    )


def test_date_shift_moves_one_entity_s_dates_together() -> None:
    column = Column(name="ordered", datatype=Datatype.DATE)
    frame = pd.DataFrame(
        {
            "customer": [1, 1, 1, 2, 2, 3],
            "ordered": ["2024-01-01", "2024-01-10", "2024-03-01", "2024-01-01", "2024-01-05", None],
        }
    )
    ctx = AnonymizeContext(_table(Column(name="customer"), column), column, b"k" * 32, frame)
    out = date_shift(frame["ordered"], {"max_days": 20, "entity_column": "customer"}, ctx)
    original = pd.to_datetime(frame["ordered"])
    shift = (out - original).dt.days
    assert shift[0] == shift[1] == shift[2] != 0
    assert shift[3] == shift[4] != 0
    assert shift.abs().max() <= 20
    assert pd.isna(out[5])
    again = date_shift(frame["ordered"], {"max_days": 20, "entity_column": "customer"}, ctx)
    assert out.equals(again)


def test_shuffle_keeps_the_values_and_their_groups() -> None:
    column = Column(name="salary", datatype=Datatype.INTEGER)
    frame = pd.DataFrame({"dept": ["a"] * 50 + ["b"] * 50, "salary": range(100)})
    ctx = AnonymizeContext(_table(Column(name="dept"), column), column, b"k" * 32, frame)
    out = shuffle(frame["salary"], {"group_by": ["dept"]}, ctx)
    assert sorted(out[:50]) == list(range(50)) and sorted(out[50:]) == list(range(50, 100))
    assert out.tolist() != list(range(100))
