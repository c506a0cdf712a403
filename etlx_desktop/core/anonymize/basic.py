"""Anonymization methods that need no lookup tables: keep, hash, mask, redact, null, constant,
regex_replace, generalize and noise. Each takes the column's values and returns new ones."""

from __future__ import annotations

import base64
import hashlib
import hmac
from typing import Any

import numpy as np
import pandas as pd

from .context import AnonymizeContext

Params = dict[str, Any]


def keep(values: pd.Series, params: Params, ctx: AnonymizeContext) -> pd.Series:
    return values


def _digests(values: pd.Series, key: bytes, algorithm: str) -> tuple[pd.Series, list[bytes]]:
    """(codes into the unique values, keyed digest of each unique value)."""
    present = values.dropna()
    codes, uniques = pd.factorize(present.astype("string"))
    if algorithm == "blake2b":
        digests = [hashlib.blake2b(str(u).encode(), key=key[:64], digest_size=32).digest()
                   for u in uniques]
    else:
        digests = [hmac.new(key, str(u).encode(), hashlib.sha256).digest() for u in uniques]
    return pd.Series(codes, index=present.index), digests


def hash_values(values: pd.Series, params: Params, ctx: AnonymizeContext) -> pd.Series:
    codes, digests = _digests(values, ctx.domain_key(), params.get("algorithm", "hmac-sha256"))
    encoding = params.get("encoding", "hex")
    length = params.get("length")
    if encoding == "numeric":
        numbers = np.array([int.from_bytes(d[:8], "big") >> 1 for d in digests], dtype=np.int64)
        if length:
            numbers = numbers % (10 ** min(int(length), 18))
        out = pd.Series(pd.NA, index=values.index, dtype="Int64")
        out[codes.index] = numbers[codes.to_numpy()] if len(numbers) else []
        return out
    if encoding == "base32":
        texts = [base64.b32encode(d).decode().rstrip("=").lower() for d in digests]
    else:
        texts = [d.hex() for d in digests]
    if length:
        texts = [t[: int(length)] for t in texts]
    out_text = pd.Series(pd.NA, index=values.index, dtype="string")
    if texts:
        out_text[codes.index] = np.asarray(texts, dtype=object)[codes.to_numpy()]
    return out_text


def mask(values: pd.Series, params: Params, ctx: AnonymizeContext) -> pd.Series:
    first, last = int(params.get("keep_first", 0)), int(params.get("keep_last", 0))
    char = str(params.get("mask_char", "*"))[:1] or "*"
    keep_separators = bool(params.get("keep_separators", True))
    text = values.astype("string")
    domain = pd.Series("", index=values.index, dtype="string")
    if params.get("keep_domain"):
        parts = text.str.rpartition("@")
        has_at = parts[1].eq("@").fillna(False)
        domain = domain.mask(has_at, "@" + parts[2])
        text = text.mask(has_at, parts[0])
    uniques = text.dropna().unique()
    masked = {u: _mask_one(str(u), first, last, char, keep_separators) for u in uniques}
    return text.map(masked).astype("string") + domain.where(text.notna())


def _mask_one(text: str, first: int, last: int, char: str, keep_separators: bool) -> str:
    end = len(text) - last
    out = []
    for position, c in enumerate(text):
        visible = position < first or position >= max(end, first)
        out.append(c if visible or (keep_separators and not c.isalnum()) else char)
    return "".join(out)


def redact(values: pd.Series, params: Params, ctx: AnonymizeContext) -> pd.Series:
    marker = str(params.get("replacement", "[REDACTED]"))
    return pd.Series(marker, index=values.index, dtype="string").where(values.notna())


def null(values: pd.Series, params: Params, ctx: AnonymizeContext) -> pd.Series:
    return pd.Series(pd.NA, index=values.index, dtype=values.dtype)


def constant(values: pd.Series, params: Params, ctx: AnonymizeContext) -> pd.Series:
    return pd.Series([params["value"]] * len(values), index=values.index)


def regex_replace(values: pd.Series, params: Params, ctx: AnonymizeContext) -> pd.Series:
    text = values.astype("string")
    return text.str.replace(params["pattern"], params["replacement"], regex=True)


def noise(values: pd.Series, params: Params, ctx: AnonymizeContext) -> pd.Series:
    numbers = values.astype("Float64")
    seed = int.from_bytes(ctx.domain_key()[:8], "big") ^ ctx.first_row
    rng = np.random.default_rng(seed)
    scale = float(params["scale"])
    kind = params.get("distribution", "gaussian")
    size = len(numbers)
    if kind == "laplace":
        draws = rng.laplace(0.0, scale, size)
    elif kind == "uniform":
        draws = rng.uniform(-scale, scale, size)
    else:
        draws = rng.normal(0.0, scale, size)
    base = numbers.to_numpy(dtype=float, na_value=np.nan)
    noisy = base + (draws * np.abs(base) if params.get("relative") else draws)
    if params.get("clamp", True):
        low, high = ctx.column.minimum, ctx.column.maximum
        noisy = np.clip(noisy, low if _is_number(low) else None, high if _is_number(high) else None)
    result = pd.Series(noisy, index=values.index).astype("Float64")
    if pd.api.types.is_integer_dtype(values.dtype):
        return result.round().astype("Int64")
    return result


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)
