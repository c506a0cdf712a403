"""The `hash` method: a keyed digest (HMAC-SHA256, or keyed BLAKE2b) of each distinct value's
canonical text (`as_text`), spelled in hex, base32 or as a number and cut to `length`.

The distinct texts go from the Arrow buffers to `keyed_hashes` (C, or hashlib where it was not
built) in one call, and the hex spelling is made in numpy: no per-value Python work is left
but base32's.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
from numpy.typing import NDArray

from .context import AnonymizeContext
from .keyed_hashes import blake2b_many, hmac_sha256_many
from .texts import arrow_text, as_text

Codes = NDArray[np.intp]
_DIGEST_BYTES = 32  # HMAC-SHA256 and the BLAKE2b used here both give 32 bytes
# the two lowercase hex digits of each byte value
_HEX = np.frombuffer(bytes(range(256)).hex().encode(), dtype=np.uint8).reshape(256, 2)


def hash_values(values: pd.Series, params: dict[str, Any], ctx: AnonymizeContext) -> pd.Series:
    codes, digests = keyed_digests(values, ctx.domain_key(), params.get("algorithm", "hmac-sha256"))
    encoding = params.get("encoding", "hex")
    length = params.get("length")
    if encoding == "numeric":  # the first 8 bytes, big endian, less their last bit
        numbers = _matrix(digests)[:, :8].copy().view(">u8").ravel() >> np.uint64(1)
        if length:
            numbers %= np.uint64(10 ** min(int(length), 18))
        lookup = pd.array([*numbers.astype(np.int64).tolist(), None], dtype="Int64")
        return pd.Series(lookup[codes], index=values.index, dtype="Int64")
    if encoding == "base32":
        texts = [base64.b32encode(d).decode().rstrip("=").lower() for d in _split(digests)]
        if length:
            texts = [t[: int(length)] for t in texts]
        table = pa.array(texts, type=pa.large_string())
    else:
        table = hex_texts(digests, _DIGEST_BYTES * 2 if not length else int(length))
    taken = table.take(pa.array(codes, mask=codes < 0))
    return pd.Series(pd.arrays.ArrowStringArray(taken), index=values.index)


def keyed_digests(values: pd.Series, key: bytes, algorithm: str) -> tuple[Codes, bytes]:
    """(per value, its position among the distinct values or -1 for null; the keyed digests
    of the distinct values' canonical texts, 32 bytes each, end to end)."""
    encoded = arrow_text(as_text(values)).dictionary_encode()
    codes: Codes = encoded.indices.fill_null(-1).to_numpy(zero_copy_only=False).astype(np.intp)
    if algorithm == "blake2b":
        return codes, blake2b_many(key[:64], encoded.dictionary, size=_DIGEST_BYTES)
    return codes, hmac_sha256_many(key, encoded.dictionary)


def _matrix(digests: Sequence[bytes] | bytes) -> NDArray[np.uint8]:
    joined = digests if isinstance(digests, bytes) else b"".join(digests)
    return np.frombuffer(joined, dtype=np.uint8).reshape(-1, _DIGEST_BYTES)


def _split(digests: Sequence[bytes] | bytes) -> list[bytes]:
    if not isinstance(digests, bytes):
        return list(digests)
    return [digests[i : i + _DIGEST_BYTES] for i in range(0, len(digests), _DIGEST_BYTES)]


def hex_texts(digests: Sequence[bytes] | bytes, length: int) -> pa.LargeStringArray:
    """Each digest in lowercase hex cut as `hex[:length]` would cut it, built in numpy."""
    width = len(range(2 * _DIGEST_BYTES)[:length])
    raw = _matrix(digests)
    whole = (width + 1) // 2  # bytes whose two digits show, the last maybe only its first
    chars = _HEX[raw[:, :whole]].reshape(len(raw), 2 * whole)[:, :width]
    offsets = np.arange(len(raw) + 1, dtype=np.int64) * width
    data = np.ascontiguousarray(chars)
    return pa.LargeStringArray.from_buffers(len(raw), pa.py_buffer(offsets), pa.py_buffer(data))
