"""Anonymization methods that need no lookup tables: keep, hash, mask, redact, null, constant,
regex_replace, generalize and noise. Each takes the column's values and returns new ones."""

from __future__ import annotations

import base64
import hashlib
import math
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from .context import AnonymizeContext
from .masking import mask_texts

FloatArray = npt.NDArray[np.float64]

Params = dict[str, Any]
_SHA256_BLOCK = 64


def keep(values: pd.Series, params: Params, ctx: AnonymizeContext) -> pd.Series:
    return values


def as_text(values: pd.Series) -> pd.Series:
    """The values as text in one canonical spelling, decided value by value.

    pandas spells a datetime column date-only when every value in it is at midnight, and a
    whole float as '1.0'; either would make the text (and so a hash or mask) depend on the
    other values in the chunk, or break joins between an integer and a decimal key column.
    """
    if isinstance(values.dtype, pd.StringDtype):
        return values.astype("string")
    codes, uniques = pd.factorize(values)
    texts = np.asarray([*(_canonical(u) for u in uniques), None], dtype=object)
    return pd.Series(texts[codes], index=values.index, dtype="string")


def _canonical(value: Any) -> str:
    if isinstance(value, (bool, np.bool_)):
        return str(bool(value))
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    if isinstance(value, (float, np.floating, Decimal)):
        number = float(value)
        if math.isfinite(number) and number.is_integer() and abs(number) < 2**63:
            return str(int(value))
        return repr(number)
    if isinstance(value, pd.Timestamp | datetime):
        stamp = pd.Timestamp(value)
        if stamp == stamp.normalize():
            return stamp.date().isoformat()
        return stamp.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _digests(values: pd.Series, key: bytes, algorithm: str) -> tuple[np.ndarray, list[bytes]]:
    """(per value, its position among the unique values or -1 for null; keyed digest of each
    unique value)."""
    codes, uniques = pd.factorize(as_text(values))
    texts = _plain(uniques)
    if algorithm == "blake2b":
        digests = [
            hashlib.blake2b(t.encode(), key=key[:64], digest_size=32).digest() for t in texts
        ]
    else:
        hmac_sha256 = hmac_sha256_of(key)
        digests = [hmac_sha256(t.encode()) for t in texts]
    return codes, digests


def _plain(uniques: Any) -> list[str]:
    """Distinct texts as Python strings, converted at once (iterating an Arrow-backed array
    costs about a microsecond per element)."""
    return [str(u) for u in np.asarray(uniques, dtype=object)]


def hmac_sha256_of(key: bytes) -> Callable[[bytes], bytes]:
    """HMAC-SHA256 under `key` (RFC 2104, as `hmac.new(key, m, sha256).digest()`), with the
    padded key's inner and outer states computed once: about 2.5x faster per value."""
    if len(key) > _SHA256_BLOCK:
        key = hashlib.sha256(key).digest()
    padded = key.ljust(_SHA256_BLOCK, b"\0")
    inner = hashlib.sha256(bytes(b ^ 0x36 for b in padded))
    outer = hashlib.sha256(bytes(b ^ 0x5C for b in padded))

    def digest(message: bytes) -> bytes:
        state = inner.copy()
        state.update(message)
        result = outer.copy()
        result.update(state.digest())
        return result.digest()

    return digest


def hash_values(values: pd.Series, params: Params, ctx: AnonymizeContext) -> pd.Series:
    codes, digests = _digests(values, ctx.domain_key(), params.get("algorithm", "hmac-sha256"))
    encoding = params.get("encoding", "hex")
    length = params.get("length")
    if encoding == "numeric":
        numbers = [int.from_bytes(d[:8], "big") >> 1 for d in digests]
        if length:
            numbers = [n % 10 ** min(int(length), 18) for n in numbers]
        lookup = pd.array([*numbers, None], dtype="Int64")
        return pd.Series(lookup[codes], index=values.index, dtype="Int64")
    if encoding == "base32":
        texts = [base64.b32encode(d).decode().rstrip("=").lower() for d in digests]
    else:
        texts = [d.hex() for d in digests]
    if length:
        texts = [t[: int(length)] for t in texts]
    table = np.asarray([*texts, None], dtype=object)
    return pd.Series(table[codes], index=values.index, dtype="string")


def mask(values: pd.Series, params: Params, ctx: AnonymizeContext) -> pd.Series:
    first, last = int(params.get("keep_first", 0)), int(params.get("keep_last", 0))
    char = str(params.get("mask_char", "*"))[:1] or "*"
    keep_separators = bool(params.get("keep_separators", True))
    text = as_text(values)
    domain = pd.Series("", index=values.index, dtype="string")
    if params.get("keep_domain"):
        parts = text.str.rpartition("@")
        has_at = parts[1].eq("@").fillna(False)
        domain = domain.mask(has_at, "@" + parts[2])
        text = text.mask(has_at, parts[0])
    codes, uniques = pd.factorize(text)
    masked = mask_texts(_plain(uniques), first, last, char, keep_separators, _mask_one)
    result = pd.array(masked, dtype="string").take(codes, allow_fill=True)
    return pd.Series(result, index=values.index) + domain.where(text.notna())


def _mask_one(text: str, first: int, last: int, char: str, keep_separators: bool) -> str:
    """`first`/`last` count letters and digits, not separators: keep_last=4 on
    '+7 926 490-26-01' shows the last four digits, '+* *** ***-26-01'. Everything between the
    kept ends is masked (separators only if `keep_separators` is off). If the kept ends would
    show every letter and digit (a short value, 'Anna' with 2 + 2), all of them are masked."""
    letters = [position for position, c in enumerate(text) if c.isalnum()]
    head_end = letters[min(first, len(letters)) - 1] if first and letters else -1
    tail_start = letters[max(len(letters) - last, 0)] if last and letters else len(text)
    if letters and all(p <= head_end or p >= tail_start for p in letters):
        head_end, tail_start = -1, len(text)  # a mask must hide something
    out = []
    for position, c in enumerate(text):
        visible = position <= head_end or position >= tail_start
        out.append(c if visible or (keep_separators and not c.isalnum()) else char)
    return "".join(out)


def redact(values: pd.Series, params: Params, ctx: AnonymizeContext) -> pd.Series:
    marker = str(params.get("replacement", "[REDACTED]"))
    return pd.Series(marker, index=values.index, dtype="string").where(values.notna())


def null(values: pd.Series, params: Params, ctx: AnonymizeContext) -> pd.Series:
    """All null, in the column's type (numpy int/bool become their nullable pandas types)."""
    if values.dtype.kind in "iu":
        values = values.astype("Int64")
    elif values.dtype.kind == "b":
        values = values.astype("boolean")
    return values.where(np.zeros(len(values), dtype=bool))


def constant(values: pd.Series, params: Params, ctx: AnonymizeContext) -> pd.Series:
    """The constant in every row, typed as `output_datatype` says (even in an empty chunk)."""
    value = params["value"]
    dtype = (
        "boolean"
        if isinstance(value, bool)
        else "Int64"
        if isinstance(value, int)
        else "Float64"
        if isinstance(value, float)
        else "string"
    )
    return pd.Series([value] * len(values), index=values.index, dtype=dtype)


def regex_replace(values: pd.Series, params: Params, ctx: AnonymizeContext) -> pd.Series:
    text = as_text(values)
    return text.str.replace(params["pattern"], params["replacement"], regex=True)


def noise(values: pd.Series, params: Params, ctx: AnonymizeContext) -> pd.Series:
    numbers = values.astype("Float64")
    scale = float(params["scale"])
    kind = params.get("distribution", "gaussian")
    streams = _NOISE_STREAMS if kind not in ("laplace", "uniform") else _NOISE_STREAMS[:1]
    uniforms = _row_uniforms(values, ctx, streams)
    first = uniforms[0]
    if kind == "laplace":
        centred = first - 0.5
        draws = -scale * np.sign(centred) * np.log1p(-2.0 * np.abs(centred))
    elif kind == "uniform":
        draws = scale * (2.0 * first - 1.0)
    else:  # Box-Muller: two uniforms give one standard normal draw
        draws = scale * np.sqrt(-2.0 * np.log(first)) * np.cos(2.0 * np.pi * uniforms[1])
    base = numbers.to_numpy(dtype=float, na_value=np.nan)
    noisy = base + (draws * np.abs(base) if params.get("relative") else draws)
    if params.get("clamp", True):
        low, high = ctx.column.minimum, ctx.column.maximum
        noisy = np.clip(noisy, low if _is_number(low) else None, high if _is_number(high) else None)
    result = pd.Series(noisy, index=values.index).astype("Float64")
    if pd.api.types.is_integer_dtype(values.dtype):
        return result.round().astype("Int64")
    return result


_NOISE_STREAMS = (b"noise-1", b"noise-2")


def _row_uniforms(
    values: pd.Series, ctx: AnonymizeContext, streams: tuple[bytes, ...]
) -> list[FloatArray]:
    """A draw in (0, 1) per row and stream (the Gaussian needs two, the others one), keyed by
    the column's key and taken from the row itself (its primary key, else all its values, else
    the value alone): a row gets the same noise whatever chunk or partition it is read in, and
    in every run with the same key."""
    # as text: pandas keys (siphash) only the hashing of text, not that of numbers
    identity = _row_identity(values, ctx).astype(str)
    key = ctx.domain_key()
    draws: list[FloatArray] = []
    for stream in streams:
        hash_key = hashlib.blake2b(key, digest_size=8, person=stream).hexdigest()
        hashed = pd.util.hash_pandas_object(identity, index=False, hash_key=hash_key)
        bits = hashed.to_numpy(dtype=np.uint64) >> np.uint64(11)  # 53 bits: a double's mantissa
        draws.append((bits.astype(np.float64) + 0.5) / float(2**53))
    return draws


def _row_identity(values: pd.Series, ctx: AnonymizeContext) -> pd.DataFrame:
    frame = ctx.frame
    if len(frame.columns) and frame.index.equals(values.index):
        keys = [c for c in ctx.table.table_schema.primary_key if c in frame.columns]
        return frame[keys] if keys else frame
    return values.to_frame()


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)
