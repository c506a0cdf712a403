"""The field rules on positions and numpy masks (`etlx_desktop.core.rules.engine`,
`quarantine`) give what the Series-based rules gave (`rules_reference`), frame for frame,
dtype for dtype and counter for counter."""

from __future__ import annotations

import datetime
import itertools
from decimal import Decimal
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
from etlx_desktop.core.rules import quarantine
from etlx_desktop.core.rules.engine import RuleFailure, TableRules, null_markers
from etlx_desktop.core.rules.quarantine import Rejections, as_text

from .rules_reference import ReferenceRules

D, N, V = Datatype, NullStrategy, ViolationAction
STR = pd.StringDtype("pyarrow", na_value=np.nan)  # what the database readers give for text

INTS = ["1", "5", "50", "99", "-4", "150", "3.0", "N/A", "", " n/a ", "x", None]
DECIMALS = ["0,5", "2.25", "10", "1 000", "-10", "n/a", None, "200"]
TEXTS = ["a", "b", "zz", " A ", "", None, "N/A", "b; "]
DATES = ["2020-01-02", "1999-12-31", "2031-01-01", "bad", None, "01.02.2024"]
ACTIONS = [V.REJECT, V.CLIP, V.SET_NULL]
STRATEGIES = [N.KEEP, N.REJECT, N.DROP_ROW, N.FILL_DEFAULT, N.FILL_MEAN, N.FORWARD_FILL]


def make_table(*columns: Column) -> Table:
    return Table(
        url="t.csv",
        table_name="t",
        extraction=ExtractStep(from_source="src"),
        table_schema=TableSchema(columns=list(columns)),
    )


def report_numbers(report: TableReport) -> Any:
    """Every counter, in the order the JSON report lists them."""
    columns = [
        (name, c.nulls_found, c.nulls_filled, c.coerce_failures, list(c.rule_hits.items()))
        for name, c in report.columns.items()
    ]
    return report.rows_read, report.rows_quarantined, report.rows_dropped, columns


def assert_same_frames(new: pd.DataFrame, old: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(
        new, old, check_exact=True, check_index_type=True, check_column_type=True
    )


def run_both(
    table: Table, chunks: list[pd.DataFrame], fills: dict[str, Any] | None = None
) -> tuple[list[Any], list[Any], TableReport, TableReport]:
    """Each chunk through the new rules and the reference; a RuleFailure is an outcome."""
    new, old = TableRules(table, fills), ReferenceRules(table, fills)
    new_report, old_report = TableReport("t"), TableReport("t")
    new_out: list[Any] = []
    old_out: list[Any] = []
    first_row = 1
    for chunk in chunks:
        for rules, report, out in ((new, new_report, new_out), (old, old_report, old_out)):
            try:
                out.append(rules.apply(chunk, first_row, report))
            except RuleFailure as failure:
                out.append(str(failure))
        first_row += len(chunk)
    return new_out, old_out, new_report, old_report


def assert_same_results(
    table: Table, chunks: list[pd.DataFrame], fills: dict[str, Any] | None = None
) -> None:
    new_out, old_out, new_report, old_report = run_both(table, chunks, fills)
    for new, old in zip(new_out, old_out, strict=True):
        if isinstance(old, str):
            assert new == old
            continue
        assert_same_frames(new[0], old[0])
        assert_same_frames(new[1], old[1])
    assert report_numbers(new_report) == report_numbers(old_report)


def with_index(frame: pd.DataFrame, kind: str) -> pd.DataFrame:
    n = len(frame)
    labels: dict[str, Any] = {
        "range": pd.RangeIndex(n),
        "shifted": pd.RangeIndex(100, 100 + 3 * n, 3),
        "shuffled": pd.Index(np.random.default_rng(n).permutation(n) * 7),
        "text": pd.Index([f"r{i}" for i in range(n)]),
    }
    return frame.set_axis(labels[kind])


@st.composite
def tables_and_chunks(draw: st.DrawFn) -> tuple[Table, list[pd.DataFrame]]:
    def action() -> ViolationAction:
        return draw(st.sampled_from(ACTIONS))

    def strategy() -> NullStrategy:
        return draw(st.sampled_from(STRATEGIES))

    text_rule: dict[str, Any] = draw(
        st.sampled_from([{"allowed_values": ["a", "b", "c"]}, {"pattern": r"[a-c]"}])
    )
    table = make_table(
        Column(
            name="n",
            datatype=D.INTEGER,
            null=["N/A", ""],
            minimum=0,
            maximum=100,
            on_violation=action(),
            null_strategy=strategy(),
            default=7,
        ),
        Column(
            name="x",
            datatype=D.DECIMAL,
            null=["N/A"],
            minimum=-5,
            maximum=100,
            on_violation=action(),
            null_strategy=strategy(),
            default=0.5,
        ),
        Column(
            name="s",
            null=[""],
            on_violation=draw(st.sampled_from([V.REJECT, V.SET_NULL, V.CLIP])),
            null_strategy=strategy(),
            default="a",
            **text_rule,
        ),
        Column(
            name="d",
            datatype=D.DATE,
            minimum="2000-01-01",
            maximum="2030-12-31",
            on_violation=action(),
            null_strategy=strategy(),
            default="2000-01-01",
        ),
        Column(name="absent", datatype=D.INTEGER, null_strategy=strategy(), default=1),
    )
    rows = draw(st.integers(min_value=0, max_value=24))

    def drawn(values: list[Any]) -> list[Any]:
        return draw(st.lists(st.sampled_from(values), min_size=rows, max_size=rows))

    moments = pd.Series(
        pd.date_range("2024-03-30 22:00", periods=rows, freq="37min", tz="Europe/Berlin")
    )
    frame = pd.DataFrame(
        {
            "n": pd.Series(drawn(INTS), dtype=object),
            "x": pd.Series(drawn(DECIMALS), dtype=object),
            "s": pd.Series(drawn(TEXTS), dtype=draw(st.sampled_from([object, STR]))),
            "d": pd.Series(drawn(DATES), dtype=object),
            "at": moments.where(np.arange(rows) % 5 != 3),  # not in the schema; some NaT
        }
    )
    frame = with_index(frame, draw(st.sampled_from(["range", "shifted", "shuffled", "text"])))
    cuts = sorted(draw(st.lists(st.integers(min_value=0, max_value=rows), max_size=4)))
    return table, [frame.iloc[a:b] for a, b in itertools.pairwise([0, *cuts, rows])]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables_and_chunks())
def test_rules_give_what_the_series_rules_gave(case: tuple[Table, list[pd.DataFrame]]) -> None:
    table, chunks = case
    assert_same_results(table, chunks, fills={"n": 2.5, "x": 1.25, "s": "b", "d": None})


def test_several_violations_and_a_null_reject_on_one_row_keep_their_order() -> None:
    table = make_table(
        Column(name="b", datatype=D.INTEGER, minimum=5, maximum=1, null_strategy=N.REJECT),
        Column(name="a", allowed_values=["x"], pattern="y", null_strategy=N.REJECT),
        Column(name="c", datatype=D.INTEGER, null_strategy=N.REJECT),
    )
    chunk = pd.DataFrame(
        {"a": ["z", "x", None, "y"], "b": ["3", "7", "x", "0"], "c": [None, "1", "2", None]},
        dtype=object,
    )
    _, quarantine = TableRules(table).apply(chunk, 10, TableReport("t"))
    assert quarantine["_reason"].tolist() == [
        "b: below minimum 5; b: above maximum 1; a: not an allowed value; "
        "a: does not match the pattern; c: null",
        "b: above maximum 1; a: does not match the pattern",
        "b: null; a: null",
        "b: below minimum 5; a: not an allowed value; c: null",
    ]
    assert quarantine["_row"].tolist() == [10, 11, 12, 13]
    assert_same_results(table, [chunk])


@pytest.mark.parametrize("where", ["violation", "null"])
def test_fail_reports_the_first_breaking_row_of_the_chunk(where: str) -> None:
    rule: dict[str, Any] = {"maximum": 5, "on_violation": V.FAIL} if where == "violation" else {}
    table = make_table(
        Column(name="k", datatype=D.INTEGER, null_strategy=N.REJECT),
        Column(name="n", datatype=D.INTEGER, null_strategy=N.FAIL, **rule),
    )
    clean_rows = pd.DataFrame({"k": ["1", None], "n": ["1", "2"]}, dtype=object)
    breaking = pd.DataFrame({"k": ["1", "2", "3"], "n": ["3", "9" if rule else None, "8"]})
    breaking = breaking.astype(object).set_axis([30, 10, 20])
    new_out, old_out, new_report, old_report = run_both(table, [clean_rows, breaking])
    expected = "row 4: " + ("above maximum 5" if rule else "null")
    assert isinstance(new_out[1], str) and expected in new_out[1]
    assert new_out[1] == old_out[1]
    assert report_numbers(new_report) == report_numbers(old_report)


def test_forward_fill_carries_across_chunks_and_empty_chunks() -> None:
    table = make_table(Column(name="n", datatype=D.INTEGER, null_strategy=N.FORWARD_FILL))
    raw = [[None, "1", None], [], [None, None], ["5", "x"], [None]]
    chunks = [pd.DataFrame({"n": pd.Series(r, dtype=object)}) for r in raw]
    assert_same_results(table, chunks)


def test_an_empty_chunk_gives_empty_frames_of_the_same_shape() -> None:
    table = make_table(
        Column(name="n", datatype=D.INTEGER, maximum=3),
        Column(name="s", null_strategy=N.REJECT),
    )
    chunk = pd.DataFrame({"n": pd.Series([], dtype=object), "s": pd.Series([], dtype=STR)})
    chunk["at"] = pd.Series([], dtype="datetime64[us, Europe/Moscow]")
    assert_same_results(table, [chunk])
    clean, quarantine = TableRules(table).apply(chunk, 1, TableReport("t"))
    assert quarantine.columns.tolist() == ["n", "s", "at", "_reason", "_row"]
    assert len(clean) == len(quarantine) == 0


def test_a_chunk_shaped_like_a_database_read() -> None:
    """Readers' dtypes: int64, pyarrow str, Decimal and date objects, zone-aware times."""
    rows = 400
    g = np.arange(1, rows + 1)
    amounts = [None if i % 11 == 0 else Decimal(-5 if i % 7 == 0 else int(i) * 3) / 4 for i in g]
    statuses = ["new", "paid", "lost", None, "N/A", " Paid "]
    chunk = pd.DataFrame(
        {
            "id": g,
            "ordered_at": pd.Series(
                pd.date_range("2020-01-01", periods=rows, freq="31s", tz="Etc/UTC")
            ).where(g % 97 != 0),
            "amount": np.array(amounts, dtype=object),
            "status": pd.Series([statuses[i % 6] for i in g], dtype=STR),
            "born": np.array(
                [None if i % 13 == 0 else datetime.date(1890 + i % 150, 1, 1) for i in g],
                dtype=object,
            ),
        }
    ).set_axis(pd.RangeIndex(5000, 5000 + rows))
    table = make_table(
        Column(name="id", datatype=D.INTEGER, null_strategy=N.REJECT),
        Column(name="ordered_at", datatype=D.DATETIME, null_strategy=N.DROP_ROW),
        Column(name="amount", datatype=D.DECIMAL, minimum=0, maximum=100, null_strategy=N.REJECT),
        Column(
            name="status",
            null=["", "N/A"],
            allowed_values=["new", "paid"],
            null_strategy=N.FILL_DEFAULT,
            default="new",
        ),
        Column(
            name="born",
            datatype=D.DATE,
            minimum="1900-01-01",
            maximum="2025-12-31",
            on_violation=V.SET_NULL,
        ),
    )
    assert_same_results(table, [chunk.iloc[:150], chunk.iloc[150:]])


# --- the quarantine's text ----------------------------------------------------------------


ZONES = [
    "UTC",
    "Etc/UTC",
    "Europe/Moscow",  # offsets of seconds before 1919 (+02:30:17), DST until 2011
    "America/New_York",
    "Australia/Lord_Howe",  # half-hour DST
    "Asia/Kathmandu",
    datetime.timezone(datetime.timedelta(hours=-3, minutes=-30)),
]


@pytest.mark.parametrize("zone", ZONES, ids=str)
@pytest.mark.parametrize("unit", ["s", "ms", "us", "ns"])
def test_zoned_times_read_as_astype_string_writes_them(zone: Any, unit: str) -> None:
    stamps = pd.to_datetime(
        [
            "1880-06-01 12:00:00",
            "1919-07-01 00:00:00",
            "2011-03-27 01:59:59",
            "2011-03-27 02:00:00",
            "2024-10-27 00:30:00",
            "2024-10-27 01:30:00.000001",
            "2024-01-01 00:00:00.5",
            None,
            "2038-01-19 03:14:08",
        ],
        utc=True,
        format="ISO8601",
    ).as_unit("us")
    values = pd.Series(stamps).dt.tz_convert(zone).astype(f"datetime64[{unit}, UTC]")
    values = values.dt.tz_convert(zone).set_axis([9, 3, 7, 1, 2, 8, 6, 5, 4])
    if unit == "ns":
        values = values + pd.Series(pd.to_timedelta(np.arange(9), unit="ns"), index=values.index)
    for part in (values, values.iloc[:0], values.iloc[7:8], values.iloc[2:4], values.iloc[4:7]):
        expected = part.astype("string").reset_index(drop=True)
        pd.testing.assert_series_equal(as_text(part), expected, check_index_type=True)
        # the way taken for more than a few values, on the same edge cases
        fast = quarantine._zoned_text(part).reset_index(drop=True)
        pd.testing.assert_series_equal(fast, expected, check_index_type=True)


@pytest.mark.parametrize("zone", ["Europe/Moscow", "Asia/Kathmandu", "Asia/Tokyo"])
@pytest.mark.parametrize("precision", [1, 10**3, 10**6, 10**9, 10**7])
def test_random_zoned_times_read_as_astype_string_writes_them(zone: str, precision: int) -> None:
    # one offset per column (no summer time in these years): the fast way's case, with every
    # fractional precision, times before 1000 and after 2262, and nulls
    rng = np.random.default_rng(precision)
    seconds = rng.integers(-62_000_000_000, 250_000_000_000, 3_000)
    fraction = rng.integers(0, 10**9 // precision, 3_000) * precision if precision > 1 else 0
    ticks = seconds * 10**6 + fraction // 1000
    values = pd.Series(ticks.astype("datetime64[us]")).dt.tz_localize("UTC")
    values = values.where(rng.random(3_000) > 0.1)
    if zone != "Europe/Moscow":  # years in which the zone keeps one offset
        values = values.where(values.dt.year.between(1990, 2010), other=pd.NaT)
    values = values.dt.tz_convert(zone).set_axis(rng.permutation(3_000))
    for part in (values, values[values.dt.year > 2020], values[values.dt.year < 1000]):
        expected = part.astype("string").reset_index(drop=True)
        pd.testing.assert_series_equal(as_text(part), expected, check_index_type=True)


@pytest.mark.parametrize(
    "values",
    [
        pd.Series([1, None, 3], dtype="Int64"),
        pd.Series([Decimal("1.50"), None], dtype=object),
        pd.Series(["a", None], dtype=STR),
        pd.Series([datetime.date(2020, 1, 2), None], dtype=object),
        pd.Series(pd.to_datetime(["2020-01-01", None])),
        pd.Series([], dtype=object),
    ],
)
def test_other_columns_read_as_astype_string_writes_them(values: pd.Series) -> None:
    shifted = values.set_axis(pd.RangeIndex(10, 10 + len(values)))
    expected = shifted.astype("string").reset_index(drop=True)
    pd.testing.assert_series_equal(as_text(shifted), expected, check_index_type=True)


def test_reasons_are_joined_and_stripped_as_the_series_did() -> None:
    masks = [
        np.array([True, False, True, True]),
        np.array([False, False, False, False]),
        np.array([True, True, False, True]),
    ]
    reasons = [("a", "below minimum 5; "), ("b", "null"), ("c ", "not an allowed value;")]
    rejections = Rejections(4)
    expected = pd.Series("", index=range(4), dtype=object)
    for mask, (column, reason) in zip(masks, reasons, strict=True):
        rejections.add(mask, column, reason)
        expected[mask] += f"{column}: {reason}; "
    rejected = rejections.rejected()
    assert rejected.tolist() == [True, True, True, True]
    positions = np.flatnonzero(rejected)
    texts = rejections.reasons(positions).tolist()
    assert texts == expected.str.rstrip("; ").tolist()
    assert texts[1] == "c : not an allowed value"
    assert rejections.reasons(positions[:0]).tolist() == []
    assert Rejections(3).rejected().tolist() == [False, False, False]


# --- null markers -------------------------------------------------------------------------


def test_casefolding_never_shortens_a_text() -> None:
    """What `null_markers` relies on to fold only values as short as the longest marker."""
    chars = (chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF)
    assert [c for c in chars if len(c.casefold()) < 1] == []


@pytest.mark.parametrize("dtype", [object, STR])
def test_null_markers_fold_only_short_values_yet_find_every_marker(dtype: Any) -> None:
    raw = ["N/A", " n/a ", "ß", "SS", "ss", "n/a!", "\u00a0N/A\t", "İ", "", None, "x" * 40, "ﬁ"]
    values = pd.Series(raw, dtype=dtype, index=range(100, 112))
    found = null_markers(values, ["N/A", "ss", "FI"])
    expected = [isinstance(v, str) and v.strip().casefold() in {"n/a", "ss", "fi"} for v in raw]
    assert found.tolist() == expected
    assert found.tolist()[2] and found.tolist()[-1]  # 'ß' folds to 'ss', 'ﬁ' to 'fi'
