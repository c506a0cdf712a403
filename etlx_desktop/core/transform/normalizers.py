"""Built-in normalizers, usable without code. They run on the raw values, before the field
rules, so that checks see normalized data (trimmed, one case, one date format, E.164 phones)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ..rules import regex
from ..rules.coerce import parse_datetimes

Normalizer = Callable[[pd.Series, dict[str, Any]], pd.Series]


def _text(values: pd.Series) -> pd.Series:
    return values.astype("string")


def trim(values: pd.Series, params: dict[str, Any]) -> pd.Series:
    # blanks as Python's `str.strip` and `\s` see them: tabs, newlines, no-break spaces too
    trimmed = regex.strip(regex.arrow_text(values))
    if regex.has_run(trimmed, r"\s"):  # most columns have no inner run, and sub is costly
        trimmed = regex.sub(trimmed, r"\s{2,}", " ")
    return regex.text_series(trimmed, values.index, values.name)


def lower(values: pd.Series, params: dict[str, Any]) -> pd.Series:
    return _text(values).str.lower()


def upper(values: pd.Series, params: dict[str, Any]) -> pd.Series:
    return _text(values).str.upper()


def title(values: pd.Series, params: dict[str, Any]) -> pd.Series:
    return _text(values).str.title()


def parse_dates(values: pd.Series, params: dict[str, Any]) -> pd.Series:
    """Mixed date formats to one: `format` (strftime) if given, else ISO: 'YYYY-MM-DD' for a
    value without a time of day, 'YYYY-MM-DD HH:MM:SS' for one with (decided value by value,
    so the output does not depend on which other values share the chunk)."""
    parsed = parse_datetimes(values)
    if params.get("format"):
        text: pd.Series = parsed.dt.strftime(str(params["format"])).astype("string")
    else:
        midnight = (parsed.dt.floor("D") == parsed).fillna(False).astype(bool)
        text = parsed.dt.strftime("%Y-%m-%d %H:%M:%S").astype("string")
        text = text.mask(midnight, parsed.dt.strftime("%Y-%m-%d").astype("string"))
    return text.where(parsed.notna(), _text(values))  # leave what is not a date for the checks


def phone_e164(values: pd.Series, params: dict[str, Any]) -> pd.Series:
    """Russian phone numbers in any common spelling to +7XXXXXXXXXX; others stay as they were."""
    text = regex.arrow_text(values)
    digits = regex.delete(text, r"\D")  # only characters Python's `\d` matches are left
    clean = regex.consists_of(text, r"[\d\s()+\-.]")
    # after a '+' the digits are already international: only +7 is Russian (+81 is Japan)
    plus = pc.starts_with(pc.utf8_ltrim_whitespace(text), "+")
    first = pc.utf8_slice_codeunits(digits, 0, 1)
    # `digits` is all `\d`: it fullmatches [78]\d{10} when it has 11 characters and starts
    # with 7 or 8, and 9\d{9} when it has 10 and starts with 9
    length = pc.utf8_length(digits)
    national = _all(
        clean,
        pc.equal(length, 11),
        pc.is_in(first, value_set=pa.array(["7", "8"], type=first.type)),
        pc.or_(pc.equal(first, "7"), pc.invert(plus)),
    )
    short = _all(clean, pc.invert(plus), pc.equal(length, 10), pc.equal(first, "9"))
    e164 = _where(short, lambda: pc.utf8_replace_slice(digits, 0, 0, "+7"), text)
    # the national 7 or 8 becomes +7
    e164 = _where(national, lambda: pc.utf8_replace_slice(digits, 0, 1, "+7"), e164)
    return regex.text_series(e164, values.index)


def _where(flags: pa.Array, then: Callable[[], pa.Array], otherwise: pa.Array) -> pa.Array:
    """`then()` where `flags` is true, else `otherwise`; `then` is not built if none is."""
    if not pc.any(flags).as_py():
        return otherwise
    return pc.if_else(flags, then(), otherwise)


def _all(*flags: pa.Array) -> pa.Array:
    """Where every one of `flags` is true (a null counts as false)."""
    result = flags[0]
    for flag in flags[1:]:
        result = pc.and_kleene(result, flag)
    return regex.false_if_null(result)


NORMALIZERS: dict[str, Normalizer] = {
    "trim": trim,
    "lower": lower,
    "upper": upper,
    "title": title,
    "parse_dates": parse_dates,
    "phone_e164": phone_e164,
}


class Deduplicator:
    """Drops rows whose key was already seen, across chunks (keeps the first).

    A row with a null in a key column is never a duplicate: an unknown key is not equal to
    another unknown key (as in SQL), and such rows are left to the field rules.
    """

    def __init__(self, keys: list[str]) -> None:
        self.keys = keys
        self._seen: set[int] = set()

    def __call__(self, frame: pd.DataFrame) -> tuple[pd.DataFrame, int]:
        hashes = pd.util.hash_pandas_object(frame[self.keys], index=False).to_numpy()
        null_key = frame[self.keys].isna().any(axis=1).to_numpy()
        first_in_chunk = ~pd.Series(hashes).duplicated().to_numpy()
        seen = self._seen  # looked up per row: `isin` would copy the whole set every chunk
        unseen = np.fromiter((h not in seen for h in hashes.tolist()), bool, count=len(hashes))
        keep = (first_in_chunk & unseen) | null_key
        self._seen.update(hashes[keep & ~null_key].tolist())
        return frame[keep], int((~keep).sum())
