"""Python-exact text operations on Arrow (`etlx_desktop.core.rules.regex`, `re2_translate`):
every fast path must give what Python's `re` and `str` methods give, value for value."""

from __future__ import annotations

import random
import re
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from etlx_desktop.core.rules import regex
from etlx_desktop.core.rules.re2_translate import to_re2

TRICKY: list[Any] = [
    "",
    " ",
    "a",
    "abc",
    "ABC",
    "123",
    "٣",  # ARABIC-INDIC DIGIT THREE: Python's \d, not RE2's
    "١٢٣٤٥٦٧٨٩٠١٢",
    "12\u00a034",  # no-break space
    "\u00a0",
    "\v",
    "\x1c\x1d\x1e\x1f",  # Python's \s, not ASCII whitespace
    "\x85",
    "\u2028",
    "\u3000x\u3000",
    "ß",
    "STRASSE",
    "straße",
    "İ",
    "ﬁ",
    "Σ",
    "😀",
    "a😀b",
    "_",
    "é",
    "e\u0301",
    "\n",
    "abc\n",
    "123456789012\n",
    "a\nb",
    "\x00",
    "user123@mail.ru",
    "user@mail",
    "нет почты",
    "a b@c.d",
    "+79123456789",
    "8 (912) 345-67-89",
    "+7 9123456789",
    "12-34",
    "500100732259",
    "x" * 20_000,
    "7" * 5_000 + "\n",
    None,
]

# (pattern, whether it must run on RE2): the fast path has to be taken where it is exact
PATTERNS: list[tuple[str, bool]] = [
    (r"^[^@\s]+@[^@\s]+\.[^@\s]+$", True),
    (r"^[0-9]{12}$", True),
    (r"\d+", True),
    (r"\d{3}", True),
    (r"[\d\s()+\-.]+", True),
    (r"[78]\d{10}", True),
    (r"9\d{9}", True),
    (r"\D*", True),
    (r"(?:\d?b?)*", False),  # a repeated part that can be empty: left to Python
    (r"\w+", True),
    (r"[^\W\d]+", True),
    (r"\S+", True),
    (r"\s*", True),
    (r"(?s).*", True),
    (r".+", True),
    (r"(?s).+", True),
    (r"a|b$", True),
    (r"^a|b$", True),
    (r"(?:ab|a)(?:c|bc)", True),
    (r"[a-c]{2,3}?", True),
    (r"(\d)\1", False),  # backreference
    (r"(?=\d)\w+", False),  # lookahead
    (r"\w+(?<!x)", False),  # lookbehind
    (r"a$\n", False),  # '$' before the final newline
    (r"(?i)strasse", False),  # Python's case-insensitive rules
    (r"(?m)^a$", False),
    (r"(?a)\d+", False),
    (r"\bab\b", False),
    (r"\d{1001}", False),  # beyond RE2's repeat limit
    (r"[^\W\d_]{2,50}", False),  # 50 copies of a large class: slower to compile than `re`
    (r"\d{100}", True),
    (r"a*+", False),  # possessive
    (r"(?>a+)b", False),  # atomic group
    (r"[^\s\S]", True),  # matches nothing
    (r"(?x) \d + # digits", True),
    (r"\Aabc\Z", True),
    (r"[😀-😂]+|ß", True),
    (r"\x00|\n", True),
]


def python_fullmatch(pattern: str, values: list[Any]) -> list[bool]:
    compiled = re.compile(pattern)
    return [isinstance(v, str) and compiled.fullmatch(v) is not None for v in values]


def text_array(values: list[Any]) -> pa.Array:
    return pa.array(values, type=pa.large_string())


@pytest.mark.parametrize(("pattern", "fast"), PATTERNS)
def test_translation_is_taken_only_where_exact(pattern: str, fast: bool) -> None:
    assert (to_re2(pattern) is not None) is fast


@pytest.mark.parametrize(("pattern", "fast"), PATTERNS)
@pytest.mark.parametrize("dtype", [object, "str", "string"])
def test_fullmatch_is_pythons(pattern: str, fast: bool, dtype: Any) -> None:
    values = pd.Series(TRICKY, dtype=dtype, index=range(100, 100 + len(TRICKY)))
    result = regex.fullmatch(values, pattern)
    assert result.dtype == bool
    assert result.index.equals(values.index)
    assert result.tolist() == python_fullmatch(pattern, TRICKY)


@pytest.mark.parametrize(("pattern", "fast"), [p for p in PATTERNS if p[1]])
def test_translated_pattern_on_re2_is_pythons(pattern: str, fast: bool) -> None:
    """The RE2 form itself (not the fallback) answers as Python does."""
    translated = to_re2(pattern)
    assert translated is not None
    hits = pc.match_substring_regex(text_array(TRICKY), pattern=translated)
    assert pc.fill_null(hits, False).to_pylist() == python_fullmatch(pattern, TRICKY)


def test_word_boundaries_run_on_re2_for_ascii_text_only() -> None:
    pattern = r"\bab\b.*"
    assert to_re2(pattern) is None
    translated = to_re2(pattern, ascii_text=True)
    assert translated is not None
    ascii_values = ["ab", "ab cd", "abc", "x ab", "ab_", "ab-", "", None]
    hits = pc.fill_null(pc.match_substring_regex(text_array(ascii_values), translated), False)
    assert hits.to_pylist() == python_fullmatch(pattern, ascii_values)
    mixed = [*ascii_values, "abé", "ab٣", "ab é"]  # é and ٣ are word characters to Python
    assert regex.fullmatch(pd.Series(mixed), pattern).tolist() == python_fullmatch(pattern, mixed)


def test_invalid_python_pattern_raises_like_re() -> None:
    with pytest.raises(re.error):
        regex.fullmatch(pd.Series(["a"]), r"\p{L}+")  # RE2 syntax, not Python's


@pytest.mark.parametrize("category", [r"\d", r"\D", r"\s", r"\S", r"\w", r"\W", ".", "(?s)."])
def test_classes_cover_every_code_point_as_python_does(category: str) -> None:
    chars = [chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF]
    translated = to_re2(category)
    assert translated is not None
    hits = pc.match_substring_regex(text_array(chars), pattern=translated).to_numpy(
        zero_copy_only=False
    )
    compiled = re.compile(category)
    expected = np.fromiter((compiled.fullmatch(c) is not None for c in chars), bool, len(chars))
    assert [chars[i] for i in np.flatnonzero(hits != expected)] == []


# --- random patterns: RE2 against Python ----------------------------------------------------

ALPHABET = ["a", "b", "7", "٣", " ", "\n", "\u00a0", "\v", "ß", "_", "é", "😀", "\x1c", "Z", "."]
ATOMS = [
    "a",
    "b",
    "7",
    "٣",
    " ",
    "\\n",
    "ß",
    "\\.",
    ".",
    r"\d",
    r"\D",
    r"\s",
    r"\S",
    r"\w",
    r"\W",
    "[ab]",
    r"[^a\s]",
    r"[\d\s]",
    r"[^\W\d]",
    "[a-c]",
    "[٠-٩]",
    "^",
    "$",
    r"\A",
    r"\Z",
]
QUANTIFIERS = ["", "", "", "*", "+", "?", "{2}", "{1,3}", "*?", "+?", "{0,2}"]


def random_pattern(rng: random.Random, depth: int = 0) -> str:
    parts = []
    for _ in range(rng.randint(1, 3)):
        if depth < 2 and rng.random() < 0.3:
            inner = "|".join(random_pattern(rng, depth + 1) for _ in range(rng.randint(1, 3)))
            atom = rng.choice(["(", "(?:"]) + inner + ")"
        else:
            atom = rng.choice(ATOMS)
        parts.append(
            atom + ("" if atom in "^$" or atom in (r"\A", r"\Z") else rng.choice(QUANTIFIERS))
        )
    return "".join(parts)


def random_text(rng: random.Random) -> str:
    return "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 6)))


def test_random_patterns_translate_exactly() -> None:
    rng = random.Random(20260601)
    texts = [random_text(rng) for _ in range(60)] + ["", "\n", "a\n", "ab"]
    array = text_array(texts)
    translated = searched = 0
    for _ in range(600):
        pattern = random_pattern(rng)
        try:
            compiled = re.compile(pattern)
        except re.error:
            continue
        full = to_re2(pattern)
        if full is not None:
            translated += 1
            hits = pc.match_substring_regex(array, pattern=full).to_pylist()
            assert hits == python_fullmatch(pattern, texts), pattern
        search = to_re2(pattern, search=True)
        if search is not None:
            searched += 1
            replaced = pc.replace_substring_regex(array, pattern=search, replacement="<>")
            expected = [compiled.sub("<>", t) for t in texts]
            assert replaced.to_pylist() == expected, pattern
        assert regex.sub(array, pattern, "<>").to_pylist() == [compiled.sub("<>", t) for t in texts]
    assert translated > 200 and searched > 100  # the fast paths ran, not only the fallback


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(st.none(), st.text(max_size=12)), max_size=20))
def test_fullmatch_on_any_text(values: list[str | None]) -> None:
    for pattern, _ in PATTERNS[:16]:
        assert regex.fullmatch(pd.Series(values, dtype=object), pattern).tolist() == (
            python_fullmatch(pattern, values)
        )


# --- substitution, deletion, strip, casefold -------------------------------------------------


@pytest.mark.parametrize(("pattern", "replacement"), [(r"\s{2,}", " "), (r"\D", ""), (r"\d+", "#")])
def test_sub_is_pythons(pattern: str, replacement: str) -> None:
    assert to_re2(pattern, search=True) is not None
    result = regex.sub(text_array(TRICKY), pattern, replacement).to_pylist()
    assert result == [None if v is None else re.sub(pattern, replacement, v) for v in TRICKY]


def test_sub_takes_the_replacement_literally() -> None:
    result = regex.sub(text_array(["a1b", None]), r"\d", r"\1\\").to_pylist()
    assert result == ["a\\1\\\\b", None]


@pytest.mark.parametrize("character", [r"\D", r"\d", r"\s", "[^0-9+]", ".", "a"])
@pytest.mark.parametrize("start", [0, 3])
def test_delete_is_pythons(character: str, start: int) -> None:
    values = TRICKY[start:]
    ascii_values = [v for v in values if v is None or v.isascii()]
    for chunk in (values, ascii_values, [None, None], []):
        array = text_array(["pad", "pad", "pad", *chunk])[3:]  # a slice: non-zero offset
        expected = [None if v is None else re.sub(character, "", v) for v in chunk]
        assert regex.delete(array, character).to_pylist() == expected


@pytest.mark.parametrize("character", [r"[\d\s()+\-.]", r"\d", r"\s", "[^0-9+]", ".", "a"])
@pytest.mark.parametrize("start", [0, 3])
def test_consists_of_is_pythons(character: str, start: int) -> None:
    values = TRICKY[start:]
    ascii_values = [v for v in values if v is None or v.isascii()]
    compiled = re.compile(f"(?:{character})+")
    for chunk in (values, ascii_values, [None, None], [], ["", "1"]):
        array = text_array(["pad", "pad", "pad", *chunk])[3:]  # a slice: non-zero offset
        expected = [v is not None and compiled.fullmatch(v) is not None for v in chunk]
        assert regex.consists_of(array, character).to_pylist() == expected


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.none(), st.text(alphabet=" \t\n\x1cab", max_size=6)), max_size=8))
def test_has_run_is_exact_on_ascii_text(values: list[str | None]) -> None:
    expected = any(v is not None and re.search(r"\s{2,}", v) for v in values)
    assert regex.has_run(text_array(values), r"\s") is expected
    sliced = text_array(["  ", *values, "  "])[1 : 1 + len(values)]
    assert regex.has_run(sliced, r"\s") is expected


def test_has_run_does_not_join_two_values_and_says_yes_to_other_text() -> None:
    assert not regex.has_run(text_array(["a ", " b", " ", " "]), r"\s")
    assert regex.has_run(text_array(["a\t\x1cb"]), r"\s")
    assert regex.has_run(text_array(["é"]), r"\s")  # not looked at: may hold a run
    assert not regex.has_run(text_array([]), r"\s")


def test_delete_refuses_patterns_longer_than_one_character() -> None:
    with pytest.raises(ValueError, match="one-character"):
        regex.delete(text_array(["ab"]), r"\d+")


def test_strip_is_pythons_for_every_code_point() -> None:
    chars = [chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF]
    values = [f"{c}x{c}{c}" for c in chars]
    stripped = regex.strip(text_array(values)).to_pylist()
    assert [v for v, s in zip(values, stripped, strict=True) if s != v.strip()] == []


@pytest.mark.parametrize("extra", [[], ["Straße", "ẞ", "İstanbul", "ΣΑΣ", "ﬁ", "Ǆ"]])
def test_casefold_is_pythons(extra: list[str]) -> None:
    values = [chr(c) for c in range(128)] + ["N/A", " Paid ", None, "", *extra]
    folded = regex.casefold(text_array(values)).to_pylist()
    assert folded == [None if v is None else v.casefold() for v in values]


def test_text_series_has_the_string_dtype_and_the_index() -> None:
    series = regex.text_series(text_array(["a", None]), pd.Index([7, 9]), "name")
    expected = pd.Series(["a", None], index=[7, 9], name="name").astype("string")
    pd.testing.assert_series_equal(series, expected)


def test_text_read_in_blocks_is_one_array() -> None:
    # a chunk read from COPY in blocks is backed by a ChunkedArray of several pieces
    from etlx_desktop.core.transform.normalizers import phone_e164, trim

    pieces = [["+7 912 345-67-89", None, " a  b "], ["8 (912) 345-67-89", "12-34"]]
    chunked = pa.chunked_array([pa.array(p, pa.large_string()) for p in pieces])
    series = pd.Series(pd.array(chunked, dtype=pd.StringDtype("pyarrow", na_value=np.nan)))
    plain = pd.Series([v for p in pieces for v in p], dtype=object)
    assert phone_e164(series, {}).tolist() == phone_e164(plain, {}).tolist()
    assert trim(series, {}).tolist() == trim(plain, {}).tolist()
    assert regex.fullmatch(series, r"\+?[\d\s()-]+").tolist() == [
        v is not None and re.fullmatch(r"\+?[\d\s()-]+", v) is not None for v in plain
    ]


def test_a_non_boundary_never_matches_an_empty_text_as_in_python() -> None:
    texts = pd.Series(["", "ab", "a", None], dtype="string")
    for pattern in (r"\B", r"a\Bb", r"x*\B"):
        expected = [v is not pd.NA and re.fullmatch(pattern, v) is not None for v in texts]
        assert regex.fullmatch(texts, pattern).tolist() == expected, pattern


_PLAIN_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?")


def _plain(values: list[str | None]) -> bool:
    return all(_PLAIN_NUMBER.fullmatch(v) for v in values if v is not None)


def test_plain_numbers_agrees_with_the_regex_on_every_short_spelling() -> None:
    spellings = [""]
    for _ in range(5):
        spellings += [s + c for s in spellings if len(s) == len(spellings[-1]) for c in "01.-a"]
    for spelling in dict.fromkeys(spellings):
        for values in ([spelling], ["12", spelling], [spelling, None, "-3.5"], ["", spelling]):
            array = pa.array(["x", *values, "y"], pa.string()).slice(1, len(values))
            assert regex.plain_numbers(array) == _plain(values), values


@settings(max_examples=500, deadline=None)
@given(st.lists(st.none() | st.text(alphabet="0123456789.-", max_size=6), max_size=8))
def test_plain_numbers_agrees_with_the_regex_on_columns(values: list[str | None]) -> None:
    assert regex.plain_numbers(pa.array(values, pa.string())) == _plain(values)
