"""Built-in normalizers (`etlx_desktop.core.transform.normalizers`) and the Deduplicator."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest

from etlx_desktop.core.metadata.vocabulary import NORMALIZERS as DECLARED
from etlx_desktop.core.transform.normalizers import (
    NORMALIZERS,
    Deduplicator,
    lower,
    parse_dates,
    phone_e164,
    title,
    trim,
    upper,
)


def run(normalizer: Any, values: list[Any], **params: Any) -> list[Any]:
    result = normalizer(pd.Series(values, dtype=object), params)
    return [None if pd.isna(v) else v for v in result]


def test_every_declared_normalizer_is_implemented() -> None:
    assert set(NORMALIZERS) == set(DECLARED) - {"deduplicate"}


# --- phone_e164 -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("+7 926 490-26-01", "+79264902601"),
        ("8 (953) 200-49-05", "+79532004905"),
        ("79569314999", "+79569314999"),
        ("+7(953)200-49-05", "+79532004905"),
        ("9261234567", "+79261234567"),
        ("8-800-555-35-35", "+78005553535"),
        ("+79261234567", "+79261234567"),
        (" 8.926.123.45.67 ", "+79261234567"),
    ],
)
def test_phone_e164_russian_spellings(raw: str, expected: str) -> None:
    assert run(phone_e164, [raw]) == [expected]


@pytest.mark.parametrize(
    "raw",
    [
        "12345",
        "+1 212 555 0100",
        "+81 3 1234 5678",  # Japan: 11 digits after '+8', not a Russian 8-prefix number
        "+8 926 123-45-67",
        "7926123456",  # 10 digits starting with 7
        "892612345678",  # 12 digits
        "tel: 89261234567",
        "8 926 123 45 67 доб. 12",
        "+7 926 490-26-01 / 02",
        "",
    ],
)
def test_phone_e164_leaves_malformed_numbers_unchanged(raw: str) -> None:
    assert run(phone_e164, [raw]) == [raw]


def test_phone_e164_nulls_and_numbers() -> None:
    result = phone_e164(pd.Series([None, 89261234567], dtype=object), {})
    assert str(result.dtype) == "string"
    assert pd.isna(result.iloc[0])
    assert result.iloc[1] == "+79261234567"


# --- text normalizers -------------------------------------------------------------------------


def test_trim_strips_and_collapses_inner_blanks() -> None:
    assert run(trim, ["  a   b  ", "x\t\ty", "c\u00a0\u00a0d", "one two", None, 12]) == [
        "a b",
        "x y",
        "c d",
        "one two",
        None,
        "12",
    ]


def test_case_normalizers_handle_cyrillic() -> None:
    assert run(lower, ["ИВАН Petrov", None]) == ["иван petrov", None]
    assert run(upper, ["иван Ёлкин"]) == ["ИВАН ЁЛКИН"]
    assert run(title, ["иванов-петров иван", "o'neil"]) == ["Иванов-Петров Иван", "O'Neil"]


# --- parse_dates ------------------------------------------------------------------------------


def test_parse_dates_mixed_formats_to_iso() -> None:
    raw = ["2026-06-01", "02.06.2026", "03/06/2026", "junk", None, ""]
    assert run(parse_dates, raw) == ["2026-06-01", "2026-06-02", "2026-06-03", "junk", None, ""]


def test_parse_dates_never_reads_iso_day_first() -> None:
    assert run(parse_dates, ["2026-06-01", "2026-01-06"]) == ["2026-06-01", "2026-01-06"]


def test_parse_dates_keeps_times_value_by_value() -> None:
    """The output of a value does not depend on which other values share its chunk."""
    assert run(parse_dates, ["2026-06-01T10:20", "01.06.2026"]) == [
        "2026-06-01 10:20:00",
        "2026-06-01",
    ]
    assert run(parse_dates, ["01.06.2026"]) == ["2026-06-01"]


def test_parse_dates_to_utc() -> None:
    assert run(parse_dates, ["2026-06-01T02:00:00+03:00"]) == ["2026-05-31 23:00:00"]


def test_parse_dates_with_a_format() -> None:
    assert run(parse_dates, ["2026-06-01", "02.06.2026 10:00", "junk"], format="%d.%m.%Y") == [
        "01.06.2026",
        "02.06.2026",
        "junk",
    ]


def test_parse_dates_all_null() -> None:
    assert run(parse_dates, [None, None]) == [None, None]


# --- Deduplicator -----------------------------------------------------------------------------


def test_deduplicator_keeps_the_first_occurrence_across_chunks() -> None:
    dedupe = Deduplicator(["id"])
    first, dropped_first = dedupe(pd.DataFrame({"id": [1, 2, 1], "v": ["a", "b", "c"]}))
    second, dropped_second = dedupe(
        pd.DataFrame({"id": [2, 3, 3, 4], "v": ["d", "e", "f", "g"]}, index=[3, 4, 5, 6])
    )
    third, dropped_third = dedupe(pd.DataFrame({"id": [4, 1, 5], "v": ["h", "i", "j"]}))
    assert first["v"].tolist() == ["a", "b"]
    assert second["v"].tolist() == ["e", "g"]
    assert second.index.tolist() == [4, 6]
    assert third["v"].tolist() == ["j"]
    assert (dropped_first, dropped_second, dropped_third) == (1, 2, 2)


def test_deduplicator_on_a_composite_key() -> None:
    dedupe = Deduplicator(["a", "b"])
    kept, dropped = dedupe(pd.DataFrame({"a": [1, 1, 2, 1], "b": ["x", "y", "x", "x"]}))
    assert kept.to_dict("list") == {"a": [1, 1, 2], "b": ["x", "y", "x"]}
    assert dropped == 1
    kept, dropped = dedupe(pd.DataFrame({"a": [2, 2], "b": ["y", "x"]}))
    assert kept.to_dict("list") == {"a": [2], "b": ["y"]}
    assert dropped == 1


def test_deduplicator_never_drops_rows_with_a_null_key() -> None:
    """An unknown e-mail is not the same e-mail as another unknown one."""
    dedupe = Deduplicator(["email"])
    kept, dropped = dedupe(pd.DataFrame({"email": ["a@x", None, None, "a@x"], "v": [1, 2, 3, 4]}))
    assert kept["v"].tolist() == [1, 2, 3]
    assert dropped == 1
    kept, dropped = dedupe(pd.DataFrame({"email": [None, "b@x"], "v": [5, 6]}))
    assert kept["v"].tolist() == [5, 6]
    assert dropped == 0


def test_deduplicator_empty_chunk() -> None:
    kept, dropped = Deduplicator(["id"])(pd.DataFrame({"id": pd.Series([], dtype="Int64")}))
    assert kept.empty
    assert dropped == 0
