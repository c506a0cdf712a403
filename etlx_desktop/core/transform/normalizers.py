"""Built-in normalizers, usable without code. They run on the raw values, before the field
rules, so that checks see normalized data (trimmed, one case, one date format, E.164 phones)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd

from ..rules.coerce import parse_datetimes

Normalizer = Callable[[pd.Series, dict[str, Any]], pd.Series]


def _text(values: pd.Series) -> pd.Series:
    return values.astype("string")


def trim(values: pd.Series, params: dict[str, Any]) -> pd.Series:
    trimmed: pd.Series = _text(values).str.strip().str.replace(r"\s{2,}", " ", regex=True)
    return trimmed


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
    text = _text(values)
    digits = text.str.replace(r"\D", "", regex=True)
    clean = _flag(text.str.fullmatch(r"[\d\s()+\-.]+"))
    # after a '+' the digits are already international: only +7 is Russian (+81 is Japan)
    plus = _flag(text.str.lstrip().str.startswith("+"))
    seven = _flag(digits.str.startswith("7"))
    national = clean & _flag(digits.str.fullmatch(r"[78]\d{10}")) & (seven | ~plus)
    short = clean & ~plus & _flag(digits.str.fullmatch(r"9\d{9}"))
    e164 = pd.Series(pd.NA, index=values.index, dtype="string")
    e164 = e164.mask(national, "+7" + digits.str[1:])
    e164 = e164.mask(short, "+7" + digits)
    return e164.fillna(text)


def _flag(mask: pd.Series) -> pd.Series:
    return mask.fillna(False).astype(bool)


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
        unseen = ~pd.Series(hashes).isin(self._seen).to_numpy()
        keep = (first_in_chunk & unseen) | null_key
        self._seen.update(hashes[keep & ~null_key].tolist())
        return frame[keep], int((~keep).sum())
