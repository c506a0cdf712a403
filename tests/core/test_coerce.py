"""Type coercion (`etlx_desktop.core.rules.coerce`): text and typed inputs to declared datatypes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd
import pytest

from etlx_desktop.core.metadata.model import Datatype
from etlx_desktop.core.rules.coerce import coerce, parse_datetimes


def run(values: list[Any], datatype: Datatype, dtype: Any = object) -> tuple[list[Any], list[bool]]:
    """(coerced values with nulls as None, failure flags)."""
    result, failed = coerce(pd.Series(values, dtype=dtype), datatype)
    return [None if pd.isna(v) else v for v in result], failed.tolist()


def ts(text: str) -> pd.Timestamp:
    return pd.Timestamp(text)


# --- integers ---------------------------------------------------------------------------------


def test_integers_from_text() -> None:
    result, failed = coerce(
        pd.Series(["1", " 2 ", "3.0", "1.5", "x", None], dtype=object), Datatype.INTEGER
    )
    assert str(result.dtype) == "Int64"
    assert result.tolist()[:3] == [1, 2, 3]
    assert result.isna().tolist() == [False, False, False, True, True, True]
    assert failed.tolist() == [False, False, False, True, True, False]
    assert int(failed.sum()) == 2


@pytest.mark.parametrize("datatype", [Datatype.INTEGER, Datatype.LONG, Datatype.SHORT])
def test_every_integer_datatype_gives_int64(datatype: Datatype) -> None:
    result, failed = coerce(pd.Series(["-5", "+7", "007", "1 000"], dtype=object), datatype)
    assert str(result.dtype) == "Int64"
    assert result.tolist() == [-5, 7, 7, 1000]
    assert not failed.any()


def test_big_integer_ids_are_exact() -> None:
    """bigint IDs above 2**53 must not pass through a float (9007199254740993 -> ...992)."""
    values = [
        "9007199254740993",
        "1234567890123456789",
        "9223372036854775807",
        "-9223372036854775808",
    ]
    got, failed = run(values, Datatype.LONG)
    assert got == [9007199254740993, 1234567890123456789, 2**63 - 1, -(2**63)]
    assert failed == [False] * 4


def test_python_int_objects_are_exact() -> None:
    got, failed = run([9007199254740993, None], Datatype.LONG)
    assert got == [9007199254740993, None]
    assert failed == [False, False]


def test_integer_out_of_int64_range_fails() -> None:
    got, failed = run(["9223372036854775808", "99999999999999999999"], Datatype.LONG)
    assert got == [None, None]
    assert failed == [True, True]


def test_uint64_input_does_not_crash() -> None:
    result, failed = coerce(pd.Series([1, 2**63 + 5], dtype="uint64"), Datatype.LONG)
    assert result.tolist()[0] == 1
    assert result.isna().tolist() == [False, True]
    assert failed.tolist() == [False, True]


def test_blank_text_is_missing_not_a_failure() -> None:
    """CSV is read as text with '' for empty cells: those are nulls, not parse errors."""
    got, failed = run(["", "   ", "x", "4"], Datatype.INTEGER)
    assert got == [None, None, None, 4]
    assert failed == [False, False, True, False]
    for datatype in (Datatype.DECIMAL, Datatype.BOOLEAN, Datatype.DATE, Datatype.DATETIME):
        _, failed = run(["", " "], datatype)
        assert failed == [False, False], datatype


def test_blank_text_stays_text_in_string_columns() -> None:
    got, failed = run(["", " a "], Datatype.STRING)
    assert got == ["", " a "]
    assert failed == [False, False]


def test_typed_integers_pass_through() -> None:
    result, failed = coerce(pd.Series([1, None, 3], dtype="Int64"), Datatype.INTEGER)
    assert str(result.dtype) == "Int64"
    assert result.tolist()[0] == 1 and result.tolist()[2] == 3 and result.isna().tolist()[1]
    assert not failed.any()
    result, _ = coerce(pd.Series([10, 20], dtype="int32"), Datatype.LONG)
    assert str(result.dtype) == "Int64"
    assert result.tolist() == [10, 20]


def test_floats_into_integer_columns() -> None:
    got, failed = run([1.0, 2.0, np.nan, 1.5], Datatype.INTEGER, dtype="float64")
    assert got == [1, 2, None, None]
    assert failed == [False, False, False, True]


def test_decimal_objects_into_integer_columns() -> None:
    got, failed = run([Decimal("12"), Decimal("12.0"), Decimal("1.5"), None], Datatype.INTEGER)
    assert got == [12, 12, None, None]
    assert failed == [False, False, True, False]


def test_non_default_index_is_kept() -> None:
    values = pd.Series(["5", "x", "7"], index=[10, 10, 42], dtype=object)
    result, failed = coerce(values, Datatype.INTEGER)
    assert result.index.tolist() == [10, 10, 42]
    assert result.iloc[0] == 5 and pd.isna(result.iloc[1]) and result.iloc[2] == 7
    assert failed.tolist() == [False, True, False]


# --- decimals ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 234,5", 1234.5),
        ("1,5", 1.5),
        ("12.75", 12.75),
        ("\u00a012\u00a0345,67", 12345.67),
        ("1\u202f000", 1000.0),
        ("1.234,5", 1234.5),
        ("1,234.5", 1234.5),
        ("-3", -3.0),
        ("\u22125,5", -5.5),
        ("1e3", 1000.0),
    ],
)
def test_decimal_spellings(text: str, expected: float) -> None:
    result, failed = coerce(pd.Series([text], dtype=object), Datatype.DECIMAL)
    assert str(result.dtype) == "Float64"
    assert result.iloc[0] == pytest.approx(expected)
    assert not failed.iloc[0]


@pytest.mark.parametrize("text", ["abc", "1,2,3", "12 руб", "--1"])
def test_bad_decimals_fail(text: str) -> None:
    got, failed = run([text], Datatype.DOUBLE)
    assert got == [None]
    assert failed == [True]


def test_decimal_objects_from_a_database_driver() -> None:
    result, failed = coerce(
        pd.Series([Decimal("12.50"), Decimal("0.1"), Decimal("-3"), None], dtype=object),
        Datatype.DECIMAL,
    )
    assert str(result.dtype) == "Float64"
    assert result.tolist()[:3] == [12.5, 0.1, -3.0]
    assert result.isna().tolist() == [False, False, False, True]
    assert not failed.any()


def test_typed_floats_pass_through() -> None:
    result, failed = coerce(pd.Series([1.25, np.nan]), Datatype.DOUBLE)
    assert str(result.dtype) == "Float64"
    assert result.iloc[0] == 1.25 and pd.isna(result.iloc[1])
    assert not failed.any()
    result, _ = coerce(pd.Series([3, 4], dtype="Int64"), Datatype.FLOAT)
    assert str(result.dtype) == "Float64"
    assert result.tolist() == [3.0, 4.0]


# --- booleans ---------------------------------------------------------------------------------


def test_booleans_including_russian() -> None:
    values = ["да", "нет", "Да", "НЕТ", "д", "н", "yes", "No", "TRUE", "f", "1", "0", " y "]
    got, failed = run(values, Datatype.BOOLEAN)
    assert got == [
        True,
        False,
        True,
        False,
        True,
        False,
        True,
        False,
        True,
        False,
        True,
        False,
        True,
    ]
    assert not any(failed)


def test_unknown_boolean_fails() -> None:
    result, failed = coerce(pd.Series(["maybe", None, "да"], dtype=object), Datatype.BOOLEAN)
    assert str(result.dtype) == "boolean"
    assert result.isna().tolist() == [True, True, False]
    assert failed.tolist() == [True, False, False]


def test_typed_booleans_pass_through() -> None:
    result, failed = coerce(pd.Series([True, False]), Datatype.BOOLEAN)
    assert str(result.dtype) == "boolean"
    assert result.tolist() == [True, False]
    assert not failed.any()
    got, _ = run([True, None, False], Datatype.BOOLEAN)
    assert got == [True, None, False]


# --- dates and times --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-06-01", "2026-06-01 00:00:00"),
        ("01.06.2026", "2026-06-01 00:00:00"),
        ("01/06/2026", "2026-06-01 00:00:00"),
        ("2026-06-01T10:20:30", "2026-06-01 10:20:30"),
        ("2026-06-01T10:20", "2026-06-01 10:20:00"),
        ("2026-06-01 10:20", "2026-06-01 10:20:00"),
        ("2026-06-01 10:20:30.250", "2026-06-01 10:20:30.250"),
        ("01.06.2026 10:20", "2026-06-01 10:20:00"),
        ("01.06.2026 10:20:30", "2026-06-01 10:20:30"),
        ("01/06/2026 10:20:30", "2026-06-01 10:20:30"),
        ("2026/06/01", "2026-06-01 00:00:00"),
        (" 2026-06-01 ", "2026-06-01 00:00:00"),
    ],
)
def test_datetime_formats(text: str, expected: str) -> None:
    result, failed = coerce(pd.Series([text], dtype=object), Datatype.DATETIME)
    assert str(result.dtype) == "datetime64[us]"
    assert result.iloc[0] == ts(expected)
    assert not failed.iloc[0]


def test_mixed_formats_in_one_column() -> None:
    values = ["2026-06-01", "02.06.2026", "03/06/2026", "2026-06-04T05:06:07", "garbage", None]
    got, failed = run(values, Datatype.DATETIME)
    assert got == [
        ts("2026-06-01"),
        ts("2026-06-02"),
        ts("2026-06-03"),
        ts("2026-06-04 05:06:07"),
        None,
        None,
    ]
    assert failed == [False, False, False, False, True, False]


def test_iso_date_is_never_read_day_first() -> None:
    for context in (["2026-06-01"], ["2026-06-01", "05.01.2026"], ["13/01/2026", "2026-06-01"]):
        result, _ = coerce(pd.Series(context, dtype=object), Datatype.DATE)
        june = result[pd.Series(context).eq("2026-06-01").to_numpy()].iloc[0]
        assert (june.year, june.month, june.day) == (2026, 6, 1)


def test_day_first_for_dotted_and_slashed_dates() -> None:
    got, failed = run(["05.01.2026", "05/01/2026", "13/01/2026", "01/13/2026"], Datatype.DATE)
    assert got == [ts("2026-01-05"), ts("2026-01-05"), ts("2026-01-13"), None]
    assert failed == [False, False, False, True]


def test_a_value_parses_the_same_whatever_else_is_in_its_chunk() -> None:
    alone, _ = coerce(pd.Series(["05/06/2026"], dtype=object), Datatype.DATETIME)
    mixed, _ = coerce(
        pd.Series(["2026-01-01T10:00:00", "05/06/2026", "07.08.2026"], dtype=object),
        Datatype.DATETIME,
    )
    assert alone.iloc[0] == mixed.iloc[1] == ts("2026-06-05")


def test_date_drops_the_time_of_day() -> None:
    got, failed = run(["2026-06-01T23:59:59", "01.06.2026 10:20", "2026-06-01"], Datatype.DATE)
    assert got == [ts("2026-06-01")] * 3
    assert failed == [False] * 3


def test_tz_aware_text_becomes_naive_utc() -> None:
    result, failed = coerce(
        pd.Series(["2026-06-01T10:00:00+03:00", "2026-06-01T10:00:00Z", "2026-06-01 10:00"]),
        Datatype.DATETIME,
    )
    assert result.dt.tz is None
    assert result.tolist() == [
        ts("2026-06-01 07:00"),
        ts("2026-06-01 10:00"),
        ts("2026-06-01 10:00"),
    ]
    assert not failed.any()


def test_tz_aware_datetime64_becomes_naive_utc() -> None:
    aware = pd.Series(pd.to_datetime(["2026-06-01 10:00"]).tz_localize("Europe/Moscow"))
    result, failed = coerce(aware, Datatype.DATETIME)
    assert result.dt.tz is None
    assert str(result.dtype) == "datetime64[us]"
    assert result.iloc[0] == ts("2026-06-01 07:00")
    assert not failed.any()


def test_tz_aware_python_datetimes_become_naive_utc() -> None:
    moscow = dt.timezone(dt.timedelta(hours=3))
    got, failed = run([dt.datetime(2026, 6, 1, 10, 0, tzinfo=moscow), None], Datatype.DATETIME)
    assert got == [ts("2026-06-01 07:00"), None]
    assert failed == [False, False]


def test_typed_datetimes_pass_through() -> None:
    naive_ns = pd.Series(pd.to_datetime(["2026-06-01 10:20:30", None]))
    result, failed = coerce(naive_ns, Datatype.DATETIME)
    assert str(result.dtype) == "datetime64[us]"
    assert result.iloc[0] == ts("2026-06-01 10:20:30") and pd.isna(result.iloc[1])
    assert not failed.any()
    got, failed_list = run([dt.date(2026, 6, 1), dt.date(2026, 12, 31)], Datatype.DATE)
    assert got == [ts("2026-06-01"), ts("2026-12-31")]
    assert failed_list == [False, False]
    got, _ = run([pd.Timestamp("2026-06-01 08:00"), None], Datatype.DATETIME)
    assert got == [ts("2026-06-01 08:00"), None]


def test_parse_datetimes_all_null_and_empty() -> None:
    assert parse_datetimes(pd.Series([None, None], dtype=object)).isna().all()
    assert str(parse_datetimes(pd.Series([], dtype=object)).dtype) == "datetime64[us]"


def test_time_and_duration() -> None:
    got, failed = run(["10:20", "10:20:30", "x", None], Datatype.TIME)
    assert got == ["10:20:00", "10:20:30", None, None]
    assert failed == [False, False, True, False]
    got, failed = run(["1 day", "PT1H", "x"], Datatype.DURATION)
    assert got == [pd.Timedelta(days=1), pd.Timedelta(hours=1), None]
    assert failed == [False, False, True]


def test_strings() -> None:
    result, failed = coerce(pd.Series([1, "a", None, 2.5], dtype=object), Datatype.STRING)
    assert str(result.dtype) == "string"
    assert result.tolist()[:2] == ["1", "a"] and result.tolist()[3] == "2.5"
    assert pd.isna(result.iloc[2])
    assert not failed.any()


def test_database_decimals_read_as_their_text_would_be() -> None:
    # the bulk path (float of each Decimal) must give what parsing the Decimal's text gives
    decimals = [
        Decimal("0.1000000000000000055511151231257827"),
        Decimal("123456789012345678.99"),
        Decimal("-0.00"),
        Decimal("1E+400"),
        Decimal("NaN"),
        Decimal("Infinity"),
        Decimal("-12.50"),
        None,
        pd.NA,
        np.nan,
    ]
    got, failed = coerce(pd.Series(decimals, dtype=object), Datatype.DECIMAL)
    as_text = pd.Series([d if pd.isna(d) else str(d) for d in decimals], dtype=object)
    expected, _ = coerce(as_text, Datatype.DECIMAL)
    assert got.dtype == "Float64"
    pd.testing.assert_series_equal(got, expected)
    assert not failed.any()  # pandas counts a NaN Decimal as missing, as the driver's null


def test_database_dates_convert_in_bulk_like_parsed_text() -> None:
    dates = [dt.date(1945, 5, 9), None, dt.date(1, 1, 1), dt.date(9999, 12, 31)]
    got, failed = coerce(pd.Series(dates, dtype=object), Datatype.DATE)
    expected = pd.Series(
        [np.datetime64("1945-05-09"), np.datetime64("NaT"), np.datetime64("0001-01-01"),
         np.datetime64("9999-12-31")], dtype="datetime64[us]",
    )  # fmt: skip
    pd.testing.assert_series_equal(got, expected)
    assert not failed.any()


def test_dates_mixed_with_datetimes_keep_their_time_of_day() -> None:
    # pandas calls this column 'date' too; the bulk path must not cut the times away
    zone = dt.timezone(dt.timedelta(hours=-5))
    values = [
        dt.date(2020, 1, 1),
        dt.datetime(2020, 1, 2, 13, 30),
        dt.datetime(2020, 1, 3, 12, tzinfo=zone),
    ]
    got, failed = coerce(pd.Series(values, dtype=object), Datatype.DATETIME)
    assert [str(v) for v in got] == [
        "2020-01-01 00:00:00",
        "2020-01-02 13:30:00",
        "2020-01-03 17:00:00",
    ]
    assert not failed.any()
