"""Anonymization methods that need no lookup tables: keep, hash, mask, redact, null, constant,
regex_replace, generalize and noise. Each takes the column's values and returns new ones."""

from __future__ import annotations

import hashlib
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd
import pyarrow as pa
from numpy.typing import NDArray

from .context import AnonymizeContext
from .hashing import hash_values as hash_values
from .keyed_hashes import hmac_sha256_of as hmac_sha256_of
from .masking import mask_arrow
from .texts import arrow_text
from .texts import as_text as as_text

FloatArray = npt.NDArray[np.float64]

Params = dict[str, Any]


def keep(values: pd.Series, params: Params, ctx: AnonymizeContext) -> pd.Series:
    return values


def mask(values: pd.Series, params: Params, ctx: AnonymizeContext) -> pd.Series:
    first, last = int(params.get("keep_first", 0)), int(params.get("keep_last", 0))
    char = str(params.get("mask_char", "*"))[:1] or "*"
    keep_separators = bool(params.get("keep_separators", True))
    text = as_text(values)
    if not params.get("keep_domain") or len(text) == 0:  # an empty chunk has no domain
        masked = mask_arrow(arrow_text(text), first, last, char, keep_separators, _mask_one)
        return pd.Series(pd.arrays.ArrowStringArray(masked), index=values.index)
    parts = text.str.rpartition("@")
    has_at = parts[1].eq("@").fillna(False)
    domain = pd.Series("", index=values.index, dtype="string").mask(has_at, "@" + parts[2])
    text = text.mask(has_at, parts[0])
    masked = mask_arrow(arrow_text(text), first, last, char, keep_separators, _mask_one)
    result = pd.Series(pd.arrays.ArrowStringArray(masked), index=values.index)
    return result + domain.where(text.notna())


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
    identity, categorize = _identity_texts(values, ctx)
    key = ctx.domain_key()
    draws: list[FloatArray] = []
    for stream in streams:
        hash_key = hashlib.blake2b(key, digest_size=8, person=stream).hexdigest()
        hashed = pd.util.hash_pandas_object(
            identity, index=False, hash_key=hash_key, categorize=categorize
        )
        bits = hashed.to_numpy(dtype=np.uint64) >> np.uint64(11)  # 53 bits: a double's mantissa
        draws.append((bits.astype(np.float64) + 0.5) / float(2**53))
    return draws


def _identity_texts(values: pd.Series, ctx: AnonymizeContext) -> tuple[pd.DataFrame, bool]:
    """(the row identity as text, whether to factorize it before hashing). Integer keys
    without nulls (the usual primary key) are spelled by Arrow into object columns and hashed
    value by value: the texts `astype(str)` gives and so the same hashes, in a fraction of the
    time (factorizing mostly distinct keys only costs)."""
    frame = ctx.frame
    if not (len(frame.columns) and frame.index.equals(values.index)):
        return values.to_frame().astype(str), True
    keys = [c for c in ctx.table.table_schema.primary_key if c in frame.columns]
    columns = [frame[c] for c in keys]
    if columns and all(_plain_integers(c) for c in columns):
        texts = {i: _integer_texts(c) for i, c in enumerate(columns)}
        return pd.DataFrame(texts, index=values.index, dtype=object, copy=False), False
    return (frame[keys] if keys else frame).astype(str), True


def _plain_integers(column: pd.Series) -> bool:
    """A numpy or nullable integer column without nulls (Arrow-backed ones take the slow path)."""
    dtype = column.dtype
    integers = pd.api.types.is_integer_dtype(dtype) and not isinstance(dtype, pd.ArrowDtype)
    return integers and not column.hasnans


def _integer_texts(column: pd.Series) -> NDArray[np.object_]:
    texts: NDArray[np.object_] = (
        pa.array(column.to_numpy()).cast(pa.string()).to_numpy(zero_copy_only=False)
    )
    return texts


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)
