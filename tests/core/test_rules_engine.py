"""Field rules (`etlx_desktop.core.rules`): the documented order null markers -> coercion ->
checks with onViolation -> null strategies, quarantine, report counters and table-wide fills."""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from etlx_desktop.core.metadata.model import (
    Column,
    Datatype,
    ExtractStep,
    NullStrategy,
    Table,
    TableSchema,
    ViolationAction,
)
from etlx_desktop.core.pipeline.report import TableReport
from etlx_desktop.core.rules.checks import find_violations, typed_scalar
from etlx_desktop.core.rules.engine import RuleFailure, TableRules, clean_column
from etlx_desktop.core.rules.stats import FillStatistics

D, N, V = Datatype, NullStrategy, ViolationAction


def make_table(*columns: Column, name: str = "t") -> Table:
    return Table(
        url=f"{name}.csv",
        table_name=name,
        extraction=ExtractStep(from_source="src"),
        table_schema=TableSchema(columns=list(columns)),
    )


def frame(**columns: Sequence[Any]) -> pd.DataFrame:
    """A raw chunk as a text source gives it (object columns)."""
    return pd.DataFrame({k: list(v) for k, v in columns.items()}, dtype=object)


def values(series: pd.Series) -> list[Any]:
    return [None if pd.isna(v) else v for v in series]


def counters(report: TableReport, column: str) -> tuple[int, int, int, dict[str, int]]:
    c = report.column(column)
    return c.nulls_found, c.nulls_filled, c.coerce_failures, dict(c.rule_hits)


def apply_once(
    table: Table, chunk: pd.DataFrame, first_row: int = 1, fills: dict[str, Any] | None = None
) -> tuple[pd.DataFrame, pd.DataFrame, TableReport]:
    report = TableReport(table.table_name)
    clean, quarantine = TableRules(table, fills).apply(chunk, first_row, report)
    return clean, quarantine, report


def whole_table_fills(table: Table, chunks: list[pd.DataFrame]) -> dict[str, Any]:
    stats = FillStatistics(TableRules(table).stat_columns())
    for chunk in chunks:
        stats.add(chunk)
    return stats.fills()


# --- the documented order ---------------------------------------------------------------------


def test_null_marker_is_null_before_coercion() -> None:
    table = make_table(Column(name="n", datatype=D.INTEGER, null=["N/A", "-"]))
    clean, quarantine, report = apply_once(table, frame(n=["1", "N/A", "x", "-", None, "4"]))
    assert values(clean["n"]) == [1, None, None, None, None, 4]
    assert str(clean["n"].dtype) == "Int64"
    # only 'x' is a coercion failure; N/A, '-' and None are nulls
    assert counters(report, "n") == (4, 0, 1, {"datatype": 1})
    assert quarantine.empty


def test_null_markers_ignore_case_and_surrounding_blanks() -> None:
    table = make_table(Column(name="s", null=["N/A", ""]))
    clean, _, report = apply_once(table, frame(s=["a", "N/A", " n/a ", "", " ", "N/A!"]))
    assert values(clean["s"]) == ["a", None, None, None, None, "N/A!"]
    assert counters(report, "s") == (4, 0, 0, {})


def test_pattern_violation_set_null_then_fill_default() -> None:
    column = Column(
        name="code",
        pattern=r"[A-Z]{3}",
        on_violation=V.SET_NULL,
        null_strategy=N.FILL_DEFAULT,
        default="UNK",
    )
    clean, quarantine, report = apply_once(
        make_table(column), frame(code=["ABC", "abc", None, "ABCD"])
    )
    assert values(clean["code"]) == ["ABC", "UNK", "UNK", "UNK"]
    assert quarantine.empty
    assert counters(report, "code") == (3, 3, 0, {"pattern": 2})


def test_coercion_failure_then_null_strategy_reject() -> None:
    column = Column(name="n", datatype=D.INTEGER, null_strategy=N.REJECT)
    clean, quarantine, report = apply_once(make_table(column), frame(n=["1", "zz", "3"]))
    assert values(clean["n"]) == [1, 3]
    assert quarantine["_reason"].tolist() == ["n: null"]
    assert quarantine["n"].tolist() == ["zz"]  # the raw value, for the person fixing it
    assert counters(report, "n") == (1, 0, 1, {"datatype": 1})


def test_reject_reasons_name_column_and_rule_all_listed() -> None:
    table = make_table(
        Column(name="age", datatype=D.INTEGER, minimum=0, maximum=120),
        Column(name="email", pattern=r"[^@]+@[^@]+", null_strategy=N.REJECT),
        Column(name="status", allowed_values=["new", "paid"]),
    )
    chunk = frame(
        age=["5", "-1", "200", "7"],
        email=["a@b", "bad", None, "c@d"],
        status=["new", "lost", "paid", "x"],
    )
    clean, quarantine, report = apply_once(table, chunk, first_row=101)
    assert clean.index.tolist() == [0]
    assert quarantine["_reason"].tolist() == [
        "age: below minimum 0; email: does not match the pattern; status: not an allowed value",
        "age: above maximum 120; email: null",
        "status: not an allowed value",
    ]
    assert quarantine["_row"].tolist() == [102, 103, 104]
    assert quarantine["age"].tolist() == ["-1", "200", "7"]
    assert report.rows_read == 4
    assert report.rows_quarantined == 3
    assert report.rows_dropped == 0
    assert counters(report, "age") == (0, 0, 0, {"minimum": 1, "maximum": 1})
    assert counters(report, "email") == (1, 0, 0, {"pattern": 1})
    assert counters(report, "status") == (0, 0, 0, {"allowedValues": 2})


def test_row_numbers_are_source_rows_across_chunks() -> None:
    rules = TableRules(make_table(Column(name="n", datatype=D.INTEGER, maximum=9)))
    report = TableReport("t")
    rows: list[int] = []
    first_row = 1
    for chunk in (frame(n=["1", "10", "2"]), frame(n=["3", "4"]), frame(n=["11", "5", "12"])):
        chunk.index = pd.RangeIndex(first_row - 1, first_row - 1 + len(chunk))
        _, quarantine = rules.apply(chunk, first_row, report)
        rows += quarantine["_row"].tolist()
        first_row += len(chunk)
    assert rows == [2, 6, 8]
    assert report.rows_read == 8
    assert report.rows_quarantined == 3


def test_quarantine_index_is_reset_and_row_is_positional() -> None:
    column = Column(name="n", datatype=D.INTEGER, null_strategy=N.REJECT)
    chunk = frame(n=["1", None, "3", None])
    chunk.index = pd.Index([70, 70, 90, 91])
    clean, quarantine, _ = apply_once(make_table(column), chunk, first_row=11)
    assert clean.index.tolist() == [70, 90]
    assert quarantine.index.tolist() == [0, 1]
    assert quarantine["_row"].tolist() == [12, 14]


def test_clip_clamps_with_the_right_type() -> None:
    table = make_table(
        Column(name="age", datatype=D.INTEGER, minimum=0, maximum=120, on_violation=V.CLIP),
        Column(name="price", datatype=D.DECIMAL, minimum=0.5, maximum=10, on_violation=V.CLIP),
        Column(
            name="day",
            datatype=D.DATE,
            minimum="2020-01-01",
            maximum="2030-12-31",
            on_violation=V.CLIP,
        ),
    )
    chunk = frame(
        age=["-3", "50", "130"],
        price=["0,1", "5", "11.5"],
        day=["2019-05-05", "01.06.2026", "2031-01-01"],
    )
    clean, quarantine, report = apply_once(table, chunk)
    assert quarantine.empty
    assert values(clean["age"]) == [0, 50, 120]
    assert str(clean["age"].dtype) == "Int64"
    assert values(clean["price"]) == [0.5, 5.0, 10.0]
    assert str(clean["price"].dtype) == "Float64"
    assert values(clean["day"]) == [
        pd.Timestamp("2020-01-01"),
        pd.Timestamp("2026-06-01"),
        pd.Timestamp("2030-12-31"),
    ]
    assert str(clean["day"].dtype) == "datetime64[us]"
    for name in ("age", "price", "day"):
        assert counters(report, name) == (0, 0, 0, {"minimum": 1, "maximum": 1})


def test_fractional_bounds_on_an_integer_column_are_checked() -> None:
    """minimum 0.5 / maximum 99.9 on an integer column: checks 1..99, clips to integers."""
    column = Column(name="n", datatype=D.INTEGER, minimum=0.5, maximum=99.9, on_violation=V.CLIP)
    clean, _, report = apply_once(make_table(column), frame(n=["0", "1", "99", "100"]))
    assert values(clean["n"]) == [1, 1, 99, 99]
    assert str(clean["n"].dtype) == "Int64"
    assert counters(report, "n") == (0, 0, 0, {"minimum": 1, "maximum": 1})
    column = Column(name="n", datatype=D.INTEGER, maximum=99.9)
    clean, quarantine, _ = apply_once(make_table(column), frame(n=["99", "100"]))
    assert values(clean["n"]) == [99]
    assert quarantine["_reason"].tolist() == ["n: above maximum 99.9"]


def test_clip_on_a_list_check_sets_null() -> None:
    column = Column(name="s", allowed_values=["a", "b"], on_violation=V.CLIP)
    clean, quarantine, report = apply_once(make_table(column), frame(s=["a", "c"]))
    assert values(clean["s"]) == ["a", None]
    assert quarantine.empty
    assert counters(report, "s") == (1, 0, 0, {"allowedValues": 1})


def test_allowed_values_are_typed() -> None:
    column = Column(name="n", datatype=D.INTEGER, allowed_values=[1, "2"])
    clean, quarantine, _ = apply_once(make_table(column), frame(n=["1", " 2", "2.0", "3"]))
    assert values(clean["n"]) == [1, 2, 2]
    assert quarantine["_row"].tolist() == [4]


def test_violation_action_fail_names_table_column_and_row() -> None:
    column = Column(name="age", datatype=D.INTEGER, maximum=120, on_violation=V.FAIL)
    table = make_table(column, name="people")
    with pytest.raises(RuleFailure) as caught:
        apply_once(table, frame(age=["5", "6", "300", "400"]), first_row=11)
    message = str(caught.value)
    assert "table people" in message
    assert "column age" in message
    assert "row 13" in message
    assert "above maximum 120" in message


def test_null_strategy_fail_names_the_row() -> None:
    column = Column(name="n", datatype=D.INTEGER, null_strategy=N.FAIL)
    with pytest.raises(RuleFailure, match=r"table t, column n, row 52: null"):
        apply_once(make_table(column), frame(n=["1", None]), first_row=51)
    clean, _, _ = apply_once(make_table(column), frame(n=["1", "2"]))  # no null, no failure
    assert values(clean["n"]) == [1, 2]


def test_missing_column_in_the_chunk_is_all_null() -> None:
    table = make_table(
        Column(name="a"), Column(name="b", null_strategy=N.FILL_DEFAULT, default="z")
    )
    clean, _, report = apply_once(table, frame(a=["x", "y"]))
    assert values(clean["b"]) == ["z", "z"]
    assert counters(report, "b") == (2, 2, 0, {})


def test_empty_chunk() -> None:
    table = make_table(Column(name="n", datatype=D.INTEGER, null_strategy=N.REJECT))
    clean, quarantine, report = apply_once(table, frame(n=[]))
    assert clean.empty and quarantine.empty
    assert str(clean["n"].dtype) == "Int64"
    assert report.rows_read == 0


def test_typed_scalar_and_find_violations() -> None:
    assert typed_scalar("2026-06-01", D.DATE) == pd.Timestamp("2026-06-01")
    assert typed_scalar("7", D.INTEGER) == 7
    column = Column(name="n", datatype=D.INTEGER, minimum=2, maximum=4)
    found = find_violations(pd.Series([1, 3, None, 5], dtype="Int64"), column)
    assert [(v.check, v.mask.tolist(), v.bound) for v in found] == [
        ("minimum", [True, False, False, False], 2),
        ("maximum", [False, False, False, True], 4),
    ]


MARKER_VALUES: list[Any] = [
    "a",
    "N/A",
    " n/a ",
    "\u00a0N/a\u2003",
    "\x1cn/a\n",
    "",
    " ",
    "N/A!",
    "STRASSE",
    "Straße",
    "ẞ",
    "ǅ",
    "Σ",
    "ΣΑΣ",
    "😀",
    None,
]


@pytest.mark.parametrize("dtype", [object, "str", "string"])
@pytest.mark.parametrize("ascii_only", [False, True])
@pytest.mark.parametrize("markers", [["N/A", ""], ["strasse", " σας "], ["Ǆ"]])
def test_null_markers_as_pandas_string_methods_found_them(
    dtype: Any, ascii_only: bool, markers: list[str]
) -> None:
    raw = [v for v in MARKER_VALUES if not ascii_only or v is None or v.isascii()]
    values = pd.Series(raw, dtype=dtype, index=range(10, 10 + len(raw)))
    cleaned, _ = clean_column(values, Column(name="s", null=markers))
    folded = values.astype("string").str.strip().str.casefold()  # as the rules did
    expected = values.where(~folded.isin([m.strip().casefold() for m in markers]).fillna(False))
    pd.testing.assert_series_equal(cleaned, expected.astype("string"))


@pytest.mark.parametrize(
    ("pattern", "matching"),
    [
        (r"^[^@\s]+@[^@\s]+\.[^@\s]+$", ["user123@mail.ru", "a@b.c"]),
        (r"^[0-9]{12}$", ["500100732259"]),
        (r"\d{3}", ["123", "١٢٣"]),  # Python's \d is Unicode
        (r"^a|b$", ["a", "b"]),  # Python's fullmatch: 'axyz' and 'xb' are not whole matches
        # lookbehind: Python's `re` runs it
        (r"\w+(?<!_)", ["500100732259", "123", "١٢٣", "a", "b", "axyz", "xb", "abc", "é"]),
    ],
)
def test_pattern_check_is_pythons_fullmatch(pattern: str, matching: list[str]) -> None:
    raw = [
        "user123@mail.ru",
        "a@b.c",
        "нет почты",
        "a b@c.d",
        "500100732259",
        "500100732259\n",
        "123",
        "١٢٣",
        "a",
        "b",
        "axyz",
        "xb",
        "abc",
        "é",
        "abc_",
        "",
        None,
    ]
    values = pd.Series(raw, dtype="string", index=range(5, 5 + len(raw)))
    found = find_violations(values, Column(name="c", pattern=pattern))
    assert [v.check for v in found] == ["pattern"]
    assert found[0].mask.index.equals(values.index)
    broken = [v for v, bad in zip(raw, found[0].mask, strict=True) if bad]
    assert broken == [v for v in raw if v is not None and v not in matching]
    assert broken == [v for v in raw if v is not None and not re.fullmatch(pattern, v)]


# --- null strategies --------------------------------------------------------------------------


def test_keep() -> None:
    column = Column(name="n", datatype=D.INTEGER, null_strategy=N.KEEP)
    clean, quarantine, report = apply_once(make_table(column), frame(n=["1", None, "3"]))
    assert values(clean["n"]) == [1, None, 3]
    assert quarantine.empty
    assert counters(report, "n") == (1, 0, 0, {})


def test_reject() -> None:
    column = Column(name="n", datatype=D.INTEGER, null_strategy=N.REJECT)
    clean, quarantine, report = apply_once(make_table(column), frame(n=[None, "2", None]))
    assert values(clean["n"]) == [2]
    assert quarantine["_reason"].tolist() == ["n: null", "n: null"]
    assert quarantine["_row"].tolist() == [1, 3]
    assert (report.rows_quarantined, report.rows_dropped) == (2, 0)
    assert counters(report, "n") == (2, 0, 0, {})


def test_drop_row_is_counted() -> None:
    table = make_table(
        Column(name="n", datatype=D.INTEGER, null_strategy=N.DROP_ROW),
        Column(name="m", datatype=D.INTEGER, null_strategy=N.REJECT),
    )
    chunk = frame(n=[None, "2", None, "4"], m=["1", "1", None, "1"])
    clean, quarantine, report = apply_once(table, chunk)
    assert values(clean["n"]) == [2, 4]
    # a row both dropped and rejected is quarantined (its reason is worth reading), not dropped
    assert quarantine["_row"].tolist() == [3]
    assert (report.rows_read, report.rows_quarantined, report.rows_dropped) == (4, 1, 1)
    assert counters(report, "n") == (2, 0, 0, {})


@pytest.mark.parametrize(
    ("datatype", "default", "raw", "expected"),
    [
        (D.INTEGER, 0, ["5", None, "N/A"], [5, 0, 0]),
        (D.DECIMAL, "1,5", ["2.5", None, "N/A"], [2.5, 1.5, 1.5]),
        (D.BOOLEAN, False, ["да", None, "N/A"], [True, False, False]),
        (
            D.DATE,
            "2026-01-01",
            ["02.03.2026", None, "N/A"],
            [pd.Timestamp("2026-03-02"), pd.Timestamp("2026-01-01"), pd.Timestamp("2026-01-01")],
        ),
        (D.STRING, "unknown", ["a", None, "N/A"], ["a", "unknown", "unknown"]),
    ],
)
def test_fill_default_is_typed(
    datatype: Datatype, default: Any, raw: list[Any], expected: list[Any]
) -> None:
    column = Column(
        name="c", datatype=datatype, null=["N/A"], null_strategy=N.FILL_DEFAULT, default=default
    )
    clean, _, report = apply_once(make_table(column), frame(c=raw))
    assert values(clean["c"]) == expected
    assert counters(report, "c") == (2, 2, 0, {})


def test_forward_fill_carries_across_chunks() -> None:
    rules = TableRules(
        make_table(Column(name="n", datatype=D.INTEGER, null_strategy=N.FORWARD_FILL))
    )
    report = TableReport("t")
    out = []
    first_row = 1
    for raw in ([None, "1", None], [None, None], ["5", None], [None]):
        clean, _ = rules.apply(frame(n=raw), first_row, report)
        first_row += len(raw)
        out.append(values(clean["n"]))
    assert out == [[None, 1, 1], [1, 1], [5, 5], [5]]
    # the leading null has nothing before it: found but not filled
    assert counters(report, "n") == (6, 5, 0, {})


def test_forward_fill_does_not_leak_between_tables_rules() -> None:
    table = make_table(Column(name="n", datatype=D.INTEGER, null_strategy=N.FORWARD_FILL))
    TableRules(table).apply(frame(n=["9"]), 1, TableReport("t"))
    clean, _ = TableRules(table).apply(frame(n=[None]), 1, TableReport("t"))
    assert values(clean["n"]) == [None]


# three chunks with different distributions: a per-chunk statistic would differ per chunk
CHUNKS = [
    ["1", "2", None, "3"],  # mean 2
    ["100", None, "100", "200", "N/A"],  # mean 133.3
    [None, "7", "7", "7", "bad"],  # mode 7
]


def _whole(raw: list[list[Any]]) -> pd.Series:
    joined = [v for chunk in raw for v in chunk]
    return pd.to_numeric(pd.Series(joined, dtype=object).replace({"N/A": None}), errors="coerce")


@pytest.mark.parametrize(
    ("strategy", "datatype"),
    [
        (N.FILL_MEAN, D.DOUBLE),
        (N.FILL_MEDIAN, D.DOUBLE),
        (N.FILL_MODE, D.DOUBLE),
        (N.FILL_MODE, D.INTEGER),
    ],
)
def test_statistical_fills_are_table_wide(strategy: NullStrategy, datatype: Datatype) -> None:
    column = Column(name="n", datatype=datatype, null=["N/A"], null_strategy=strategy)
    table = make_table(column)
    chunks = [frame(n=c) for c in CHUNKS]
    fills = whole_table_fills(table, chunks)
    whole = _whole(CHUNKS)
    expected = {
        N.FILL_MEAN: whole.mean(),
        N.FILL_MEDIAN: whole.median(),
        N.FILL_MODE: whole.mode().min(),
    }[strategy]
    # whole table: 1 2 3 100 100 200 7 7 7 (per chunk the means would be 2, 133.3 and 7)
    assert expected == pytest.approx(
        {N.FILL_MEAN: 427 / 9, N.FILL_MEDIAN: 7, N.FILL_MODE: 7}[strategy]
    )
    assert fills["n"] == pytest.approx(expected)
    rules = TableRules(table, fills)
    report = TableReport("t")
    filled: list[Any] = []
    first_row = 1
    for chunk in chunks:
        clean, _ = rules.apply(chunk, first_row, report)
        first_row += len(chunk)
        nulls = chunk["n"].isna() | chunk["n"].isin(["N/A", "bad"])
        filled += values(clean["n"][nulls.to_numpy()])
    assert len(filled) == 5
    assert filled == pytest.approx([expected] * 5)
    assert counters(report, "n") == (5, 5, 1, {"datatype": 1})


def test_fill_mean_and_median_of_an_integer_column_stay_integer() -> None:
    for strategy, expected_fill, filled in ((N.FILL_MEAN, 2.5, 3), (N.FILL_MEDIAN, 2.5, 3)):
        column = Column(name="n", datatype=D.INTEGER, null_strategy=strategy)
        table = make_table(column)
        chunks = [frame(n=["1", "2", None]), frame(n=["3", "4"])]
        fills = whole_table_fills(table, chunks)
        assert fills == {"n": expected_fill}
        clean, _, report = apply_once(table, chunks[0], fills=fills)
        assert str(clean["n"].dtype) == "Int64"
        assert values(clean["n"]) == [1, 2, filled]
        assert counters(report, "n") == (1, 1, 0, {})


def test_fill_mode_ties_take_the_smallest_value() -> None:
    column = Column(name="s", null_strategy=N.FILL_MODE)
    table = make_table(column)
    fills = whole_table_fills(table, [frame(s=["b", "a"]), frame(s=["b", "a", None])])
    assert fills == {"s": "a"}


def test_statistics_leave_out_breaking_values_and_keep_clipped_ones() -> None:
    rejecting = Column(name="n", datatype=D.INTEGER, maximum=10, null_strategy=N.FILL_MEAN)
    fills = whole_table_fills(make_table(rejecting), [frame(n=["2", "4", "1000", None])])
    assert fills == {"n": 3.0}  # 1000 is quarantined, so it does not pull the mean
    clipping = Column(
        name="n", datatype=D.INTEGER, maximum=10, on_violation=V.CLIP, null_strategy=N.FILL_MEAN
    )
    fills = whole_table_fills(make_table(clipping), [frame(n=["2", "4", "1000", None])])
    assert fills == {"n": pytest.approx(16 / 3)}  # the clean output holds 2, 4 and 10


@pytest.mark.parametrize("strategy", [N.FILL_MEAN, N.FILL_MEDIAN, N.FILL_MODE])
def test_statistics_without_values_do_not_fill(strategy: NullStrategy) -> None:
    column = Column(name="n", datatype=D.DOUBLE, null_strategy=strategy)
    table = make_table(column)
    fills = whole_table_fills(table, [frame(n=[None, None]), frame(n=["x"])])
    assert fills == {}
    clean, _, report = apply_once(table, frame(n=[None]), fills=fills)
    assert values(clean["n"]) == [None]
    assert counters(report, "n") == (1, 0, 0, {})


def test_stat_columns() -> None:
    table = make_table(
        Column(name="a", null_strategy=N.FILL_MODE),
        Column(name="b", null_strategy=N.FILL_DEFAULT, default="x"),
        Column(name="c", datatype=D.DOUBLE, null_strategy=N.FILL_MEDIAN),
    )
    assert [c.name for c in TableRules(table).stat_columns()] == ["a", "c"]


def test_report_counters_are_exact_over_several_chunks() -> None:
    table = make_table(
        Column(name="id", datatype=D.INTEGER, null_strategy=N.REJECT),
        Column(
            name="qty",
            datatype=D.INTEGER,
            null=["N/A"],
            minimum=1,
            on_violation=V.SET_NULL,
            null_strategy=N.FILL_DEFAULT,
            default=1,
        ),
        Column(name="city", null=[""], null_strategy=N.DROP_ROW),
    )
    rules = TableRules(table)
    report = TableReport("t")
    chunks = [
        frame(id=["1", "2", "x"], qty=["5", "0", "N/A"], city=["Москва", "", "Тверь"]),
        frame(id=["4", None], qty=["oops", "-2"], city=["Омск", "Сочи"]),
    ]
    kept = 0
    first_row = 1
    for chunk in chunks:
        clean, _ = rules.apply(chunk, first_row, report)
        first_row += len(chunk)
        kept += len(clean)
    assert (report.rows_read, report.rows_quarantined, report.rows_dropped, kept) == (5, 2, 1, 2)
    assert counters(report, "id") == (2, 0, 1, {"datatype": 1})
    assert counters(report, "qty") == (4, 4, 1, {"datatype": 1, "minimum": 2})
    assert counters(report, "city") == (1, 0, 0, {})


# --- chunking does not change the result ------------------------------------------------------

INT_VALUES = ["1", "5", "50", "99", "-4", "150", "3.0", "N/A", "", "x", None]
DEC_VALUES = ["0,5", "2.25", "10", "1 000", "-1", "n/a", None, "N/A"]
STR_VALUES = ["a", "b", "c", "zz", "", None]
ORDER_FREE = [N.KEEP, N.REJECT, N.DROP_ROW, N.FILL_DEFAULT, N.FILL_MEAN, N.FILL_MEDIAN, N.FILL_MODE]
ACTIONS = [V.REJECT, V.CLIP, V.SET_NULL]


@st.composite
def table_and_chunks(draw: st.DrawFn) -> tuple[Table, pd.DataFrame, list[int]]:
    table = make_table(
        Column(
            name="n",
            datatype=D.INTEGER,
            null=["N/A", ""],
            minimum=0,
            maximum=100,
            on_violation=draw(st.sampled_from(ACTIONS)),
            null_strategy=draw(st.sampled_from(ORDER_FREE)),
            default=7,
        ),
        Column(
            name="x",
            datatype=D.DECIMAL,
            null=["N/A"],
            maximum=100,
            on_violation=draw(st.sampled_from(ACTIONS)),
            null_strategy=draw(st.sampled_from(ORDER_FREE)),
            default=0.5,
        ),
        Column(
            name="s",
            null=[""],
            allowed_values=["a", "b", "c"],
            on_violation=draw(st.sampled_from([V.REJECT, V.SET_NULL])),
            null_strategy=draw(
                st.sampled_from([N.KEEP, N.REJECT, N.DROP_ROW, N.FILL_DEFAULT, N.FILL_MODE])
            ),
            default="a",
        ),
    )
    rows = draw(st.integers(min_value=0, max_value=30))
    df = frame(
        n=draw(st.lists(st.sampled_from(INT_VALUES), min_size=rows, max_size=rows)),
        x=draw(st.lists(st.sampled_from(DEC_VALUES), min_size=rows, max_size=rows)),
        s=draw(st.lists(st.sampled_from(STR_VALUES), min_size=rows, max_size=rows)),
    )
    cuts = sorted(draw(st.lists(st.integers(min_value=0, max_value=rows), max_size=5)))
    return table, df, cuts


def _report_numbers(report: TableReport) -> Any:
    return (
        report.rows_read,
        report.rows_quarantined,
        report.rows_dropped,
        {name: counters(report, name) for name in sorted(report.columns)},
    )


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(table_and_chunks())
def test_chunk_by_chunk_equals_whole_table(case: tuple[Table, pd.DataFrame, list[int]]) -> None:
    table, df, cuts = case
    bounds = [0, *cuts, len(df)]
    chunks = [df.iloc[a:b] for a, b in itertools.pairwise(bounds)]
    fills = whole_table_fills(table, chunks)
    # the first pass gives the same fills however the table is cut
    for name, fill in whole_table_fills(table, [df]).items():
        assert fills[name] == pytest.approx(fill)

    whole_report = TableReport("t")
    whole_clean, whole_quarantine = TableRules(table, fills).apply(df, 1, whole_report)

    rules = TableRules(table, fills)
    chunk_report = TableReport("t")
    cleans, quarantines = [], []
    first_row = 1
    for chunk in chunks:
        clean, quarantine = rules.apply(chunk, first_row, chunk_report)
        cleans.append(clean)
        quarantines.append(quarantine)
        first_row += len(chunk)

    pd.testing.assert_frame_equal(pd.concat(cleans), whole_clean)
    joined = pd.concat(quarantines, ignore_index=True)
    assert joined["_row"].tolist() == whole_quarantine["_row"].tolist()
    assert joined["_reason"].tolist() == whole_quarantine["_reason"].tolist()
    assert _report_numbers(chunk_report) == _report_numbers(whole_report)
    # every row is kept, quarantined or dropped, exactly once
    assert len(whole_clean) + whole_report.rows_quarantined + whole_report.rows_dropped == len(df)
    assert set(whole_clean.index).isdisjoint(np.asarray(whole_quarantine["_row"]) - 1)


def test_defaults_equal_as_numbers_but_not_alike_stay_apart() -> None:
    # -0.0 == 0.0: a cache of coerced metadata values must still tell them apart
    negative = typed_scalar(-0.0, Datatype.DOUBLE)
    positive = typed_scalar(0.0, Datatype.DOUBLE)
    assert str(negative) == "-0.0" and str(positive) == "0.0"
    assert str(typed_scalar(-0.0, Datatype.DOUBLE)) == "-0.0"
