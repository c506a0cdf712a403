"""Built-in normalizers (`etlx_desktop.core.transform.normalizers`) and the Deduplicator."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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


# Values that tell Python's text rules from ASCII-only or Arrow ones: Unicode digits and
# blanks, newlines, 'ß', emoji, a long text, nulls (phones and statuses as sources spell them)
TRICKY_TEXT: list[Any] = [
    "+79123456789",
    "8 (912) 345-67-89",
    "+7 9123456789",
    "12-34",
    "+7 ٩١٢ ٣٤٥ ٦٧ ٨٩",  # Arabic-Indic digits are Python's \d
    "8\u00a0912\u00a0345\u00a067\u00a089",  # no-break spaces are Python's \s
    "8\v912\x1c345\u30006789",
    "89123456789\n",
    "\n+79123456789",
    " Paid ",
    "SHIPPED",
    "a  \t b\u00a0\u00a0c\u2028\u2029d",
    "\x1c x \x1f",
    "straße  😀  ok",
    "",
    "   ",
    "x" * 10_000 + "  " + "y",
    None,
    12,
]


def old_trim(values: pd.Series) -> pd.Series:
    """trim as pandas' string methods did it, value by value where they fall back to `re`."""
    text = values.astype("string")
    trimmed: pd.Series = text.str.strip().str.replace(r"\s{2,}", " ", regex=True)
    return trimmed


def old_phone_e164(values: pd.Series) -> pd.Series:
    """phone_e164 as pandas' string methods did it."""

    def flag(mask: pd.Series) -> pd.Series:
        return mask.fillna(False).astype(bool)

    text = values.astype("string")
    digits = text.str.replace(r"\D", "", regex=True)
    clean = flag(text.str.fullmatch(r"[\d\s()+\-.]+"))
    plus = flag(text.str.lstrip().str.startswith("+"))
    seven = flag(digits.str.startswith("7"))
    national = clean & flag(digits.str.fullmatch(r"[78]\d{10}")) & (seven | ~plus)
    short = clean & ~plus & flag(digits.str.fullmatch(r"9\d{9}"))
    e164 = pd.Series(pd.NA, index=values.index, dtype="string")
    e164 = e164.mask(national, "+7" + digits.str[1:])
    e164 = e164.mask(short, "+7" + digits)
    return e164.fillna(text)


@pytest.mark.parametrize("dtype", [object, "str", "string"])
@pytest.mark.parametrize("ascii_only", [False, True])
@pytest.mark.parametrize(("normalizer", "old"), [(trim, old_trim), (phone_e164, old_phone_e164)])
def test_text_normalizers_give_what_pandas_string_methods_gave(
    normalizer: Any, old: Any, dtype: Any, ascii_only: bool
) -> None:
    raw = [v for v in TRICKY_TEXT if not ascii_only or not isinstance(v, str) or v.isascii()]
    if dtype is not object:
        raw = [v if v is None else str(v) for v in raw]
    values = pd.Series(raw, dtype=dtype, index=range(50, 50 + len(raw)), name="c")
    pd.testing.assert_series_equal(normalizer(values, {}), old(values))


@pytest.mark.parametrize("raw", [[], [None, None], [None, "+79123456789"], ["٣", ""]])
@pytest.mark.parametrize(("normalizer", "old"), [(trim, old_trim), (phone_e164, old_phone_e164)])
def test_text_normalizers_on_empty_and_all_null_chunks(
    normalizer: Any, old: Any, raw: list[Any]
) -> None:
    for dtype in (object, "str"):
        values = pd.Series(raw, dtype=dtype)
        pd.testing.assert_series_equal(normalizer(values, {}), old(values))


# pieces of phone-like text: numbers of 10 and 11 digits, separators, blanks Python's `\s`
# knows and ASCII whitespace does not (\x1c), a non-ASCII digit and a letter
PHONE_PIECES = ["+", "7", "8", "9", "0", "12", "345", "9123456789", " ", "  ", "(", ")", "-", "."]
PHONE_PIECES += ["\t", "\x1c", "\u00a0", "٣", "a"]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.one_of(st.none(), st.lists(st.sampled_from(PHONE_PIECES), max_size=8).map("".join)),
        max_size=12,
    ),
    st.sampled_from([object, "str"]),
)
def test_text_normalizers_give_what_pandas_gave_on_phone_like_text(
    raw: list[str | None], dtype: Any
) -> None:
    values = pd.Series(raw, dtype=dtype, index=range(7, 7 + len(raw)), name="c")
    pd.testing.assert_series_equal(phone_e164(values, {}), old_phone_e164(values))
    pd.testing.assert_series_equal(trim(values, {}), old_trim(values))
    ascii_only = values[[v is None or v.isascii() for v in raw]]
    pd.testing.assert_series_equal(phone_e164(ascii_only, {}), old_phone_e164(ascii_only))
    pd.testing.assert_series_equal(trim(ascii_only, {}), old_trim(ascii_only))


def test_phone_e164_reads_unicode_digits_and_blanks_as_python_does() -> None:
    assert run(phone_e164, ["8\u00a0(912)\u00a0345-67-89", "+7 ٩١٢٣٤٥٦٧٨٩", "8\v9123456789\n"]) == [
        "+79123456789",
        "+7٩١٢٣٤٥٦٧٨٩",
        "+79123456789",
    ]


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
