"""Python-exact text operations on whole columns at Arrow speed: regex full match and
substitution, strip and casefold.

Each operation gives what Python's `re` and `str` methods give value by value. The fast path is
a pyarrow compute kernel: RE2 for a pattern `re2_translate` can translate exactly, Arrow's
ASCII kernels where they agree with Python. Otherwise Python does the work, but once per
*distinct* value of the chunk (a status or a marker column has a handful).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .re2_translate import is_one_character, to_re2

Mask = npt.NDArray[np.bool_]


def arrow_text(values: pd.Series) -> pa.Array:
    """The values as Arrow text, converted as `values.astype("string")` converts them, in one
    contiguous array (a chunk read in blocks is backed by several)."""
    text = pa.array(values.astype("string").array)
    return text.combine_chunks() if isinstance(text, pa.ChunkedArray) else text


def text_series(array: pa.Array, index: pd.Index, name: Any = None) -> pd.Series:
    """Arrow text as a Series of dtype "string" (missing values are pd.NA)."""
    return pd.Series(pd.array(array, dtype="string"), index=index, name=name)


def fullmatch(values: pd.Series, pattern: str) -> pd.Series:
    """Whether each value, as text, matches all of the Python regex `pattern` (nulls: False)."""
    mask = to_mask(fullmatch_array(arrow_text(values), pattern))
    return pd.Series(mask, index=values.index, name=values.name)


def fullmatch_array(text: pa.Array, pattern: str) -> pa.Array:
    """`re.fullmatch(pattern, value) is not None` per value, as Arrow booleans (nulls: False)."""
    re2 = _translated(text, pattern, search=False)
    if re2 is not None:
        try:
            return false_if_null(pc.match_substring_regex(text, pattern=re2))
        except pa.ArrowInvalid:  # beyond RE2's size limits
            pass
    compiled = re.compile(pattern)
    hits = map_distinct(text, lambda value: compiled.fullmatch(value) is not None, pa.bool_())
    return false_if_null(hits)


def sub(text: pa.Array, pattern: str, replacement: str) -> pa.Array:
    """`re.sub(pattern, replacement, value)` per value; `replacement` is taken literally."""
    re2 = None if "\\" in replacement else _translated(text, pattern, search=True)
    if re2 is not None:
        try:
            return pc.replace_substring_regex(text, pattern=re2, replacement=replacement)
        except pa.ArrowInvalid:
            pass
    compiled = re.compile(pattern)
    literal = replacement.replace("\\", "\\\\")
    return map_distinct(text, lambda value: compiled.sub(literal, value), text.type)


def delete(text: pa.Array, character: str) -> pa.Array:
    """`re.sub(character, "", value)` per value, for a one-character pattern such as r"\\D".

    Arrow's regex replacement costs a few hundred nanoseconds a value, so ASCII values instead
    lose their matching bytes in one numpy pass over the column's bytes; others use `sub`.
    """
    doomed = _ascii_matches(character)
    return _by_ascii(
        text, lambda ascii: _delete_bytes(ascii, doomed), lambda t: sub(t, character, "")
    )


def consists_of(text: pa.Array, character: str) -> pa.Array:
    """`re.fullmatch(f"(?:{character})+", value) is not None` per value, for a one-character
    pattern such as r"[\\d\\s()+\\-.]": a non-empty value of matching characters only (nulls:
    False).

    ASCII values are checked in one numpy pass over the column's bytes, several times faster
    than a regex per value; others go to `fullmatch_array`.
    """
    allowed = _ascii_matches(character)
    return _by_ascii(
        text,
        lambda ascii: _only_bytes(ascii, allowed),
        lambda others: fullmatch_array(others, f"(?:{character})+"),
    )


def has_run(text: pa.Array, character: str) -> bool:
    """Whether some value may hold two adjacent characters matching the one-character
    `character` (so `re.sub(f"{character}{{2,}}", ...)` may change it).

    Exact for ASCII text, checked on the column's bytes; for other text the answer is True
    (a multi-byte character is not looked at)."""
    if not is_ascii(text):
        return True
    offsets, data = _bytes(text)
    matching = np.take(_ascii_matches(character), data)
    adjacent = matching[1:] & matching[:-1]  # byte i and byte i + 1
    starts = offsets[1:-1] - offsets[0]  # a pair across two values is no run
    adjacent[starts[(starts > 0) & (starts < len(data))] - 1] = False
    return bool(adjacent.any())


@functools.lru_cache(maxsize=64)
def _ascii_matches(character: str) -> Mask:
    """Which of the 256 byte values are ASCII characters `character` matches."""
    if not is_one_character(character):
        raise ValueError(f"not a one-character pattern: {character!r}")
    compiled = re.compile(character)
    flags = [compiled.fullmatch(chr(b)) is not None for b in range(128)] + [False] * 128
    return np.array(flags, dtype=bool)


def strip(text: pa.Array) -> pa.Array:
    """`str.strip()` per value: Arrow's whitespace is Python's, code point for code point."""
    return pc.utf8_trim_whitespace(text)


def casefold(text: pa.Array) -> pa.Array:
    """`str.casefold()` per value: ASCII values by Arrow (casefold is lower there), the
    others by Python, since Unicode folding differs from lowering ('ß' folds to 'ss')."""
    return _by_ascii(text, pc.ascii_lower, lambda t: map_distinct(t, str.casefold, t.type))


def map_distinct(text: pa.Array, function: Callable[[str], Any], out_type: pa.DataType) -> pa.Array:
    """`function` of each value, called once per distinct value (nulls stay null)."""
    encoded = pc.dictionary_encode(text)
    results = pa.array([function(v) for v in encoded.dictionary.to_pylist()], type=out_type)
    return results.take(encoded.indices)


def to_mask(flags: pa.Array) -> Mask:
    """Arrow booleans as a numpy mask (nulls: False)."""
    mask: Mask = false_if_null(flags).to_numpy(zero_copy_only=False)
    return mask


def false_if_null(flags: pa.Array) -> pa.Array:
    """Arrow booleans with nulls made False (Kleene `and`: many times faster than fill_null)."""
    return pc.and_kleene(flags, pc.is_valid(flags))


def is_ascii(text: pa.Array) -> bool:
    """Whether every value is pure ASCII (an empty or all-null column is)."""
    return bool(pc.all(pc.string_is_ascii(text), min_count=0).as_py())


def _translated(text: pa.Array, pattern: str, search: bool) -> str | None:
    """The RE2 form of `pattern` for these values, if one gives Python's answers."""
    re2 = to_re2(pattern, search=search)
    if re2 is None:
        ascii_re2 = to_re2(pattern, ascii_text=True, search=search)
        if ascii_re2 is not None and is_ascii(text):
            re2 = ascii_re2  # `\b`, safe on ASCII text
    return re2


def _by_ascii(
    text: pa.Array,
    on_ascii: Callable[[pa.Array], pa.Array],
    on_others: Callable[[pa.Array], pa.Array],
) -> pa.Array:
    """`on_ascii` of the pure-ASCII values and `on_others` of the rest, in the values' order."""
    if is_ascii(text):
        return on_ascii(text)
    others = pc.invert(pc.fill_null(pc.string_is_ascii(text), True))
    result = on_ascii(pc.if_else(others, pa.scalar("", type=text.type), text))
    return pc.replace_with_mask(result, others, on_others(text.filter(others)))


def _bytes(text: pa.Array) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.uint8]]:
    """(offsets, bytes) of the values: value i is data[offsets[i] - offsets[0]:offsets[i + 1]
    - offsets[0]] (ASCII text: a byte is a character)."""
    text = text.cast(pa.large_string())
    _validity, offsets_buffer, data_buffer = text.buffers()
    offsets = np.frombuffer(offsets_buffer, dtype=np.int64)[
        text.offset : text.offset + len(text) + 1
    ]
    data = np.frombuffer(data_buffer or b"", dtype=np.uint8)[offsets[0] : offsets[-1]]
    return offsets, data


def plain_numbers(text: pa.Array) -> bool:
    """Whether every value (nulls aside) fullmatches `-?[0-9]+(\\.[0-9]+)?`, checked on the
    column's bytes in a few numpy passes instead of a regex per value."""
    offsets, data = _bytes(text)
    if not np.all(np.take(_NUMBER_BYTES, data)):
        return False
    starts, ends = offsets[:-1] - offsets[0], offsets[1:] - offsets[0]
    if text.null_count:
        valid = to_mask(pc.is_valid(text))
        if np.any(ends[~valid] > starts[~valid]):
            return False  # bytes behind a null: not worth the care
        starts, ends = starts[valid], ends[valid]
    if len(starts) == 0:
        return True
    minus, dot = data == _MINUS, data == _DOT
    leading = np.zeros(len(data) + 1, dtype=bool)
    leading[:-1] = minus
    leading = leading[starts]
    if int(np.count_nonzero(minus)) != int(np.count_nonzero(leading)):
        return False  # a minus that does not lead its value
    first = starts + leading  # where the digits begin
    if not np.all(ends > first):
        return False  # no digit
    dots = np.flatnonzero(dot)
    if len(dots) == 0:
        return True
    dots_before = np.zeros(len(data) + 1, dtype=np.int32)
    np.cumsum(dot, out=dots_before[1:])
    if np.any(dots_before[ends] - dots_before[starts] > 1):
        return False  # two points
    edge = np.zeros(len(data) + 1, dtype=bool)
    edge[first] = True  # a point where the digits begin
    edge[ends - 1] = True  # a point that ends its value
    return not np.any(edge[dots])


_NUMBER_BYTES = np.zeros(256, dtype=bool)
_NUMBER_BYTES[list(b"0123456789.-")] = True
_MINUS, _DOT = ord("-"), ord(".")


def _only_bytes(text: pa.Array, allowed: Mask) -> pa.Array:
    """Whether each value is non-empty and made of bytes `allowed` flags only (nulls: False)."""
    offsets, data = _bytes(text)
    counter = np.int32 if len(data) < 2**31 else np.int64
    bad = np.cumsum(np.take(~allowed, data), dtype=counter)
    bad_before = np.concatenate((np.zeros(1, counter), bad))
    relative = offsets - offsets[0]
    flags = (bad_before[relative[1:]] == bad_before[relative[:-1]]) & (relative[1:] > relative[:-1])
    return pc.and_kleene(pa.array(flags), pc.is_valid(text))  # a null is no match


def _delete_bytes(text: pa.Array, doomed: Mask) -> pa.Array:
    """The values without the bytes `doomed` flags (ASCII text: a byte is a character)."""
    text = text.cast(pa.large_string())
    offsets, data = _bytes(text)
    keep = np.take(~doomed, data)
    counter = np.int32 if len(data) < 2**31 else np.int64  # int32 sums twice as fast
    kept_before = np.concatenate((np.zeros(1, counter), np.cumsum(keep, dtype=counter)))
    new_offsets = kept_before[offsets - offsets[0]].astype(np.int64)
    validity = pc.is_valid(text).buffers()[1] if text.null_count else None
    return pa.LargeStringArray.from_buffers(
        len(text), pa.py_buffer(new_offsets), pa.py_buffer(data[keep]), null_bitmap=validity
    )
