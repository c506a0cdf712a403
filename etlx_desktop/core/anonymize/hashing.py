"""The `hash` method: a keyed digest (HMAC-SHA256, or keyed BLAKE2b) of each distinct value's
canonical text (`as_text`), spelled in hex, base32 or as a number and cut to `length`.

The distinct texts come straight from the Arrow buffers as bytes and the hex spelling is made
in numpy, so the only per-value Python work left is the keyed digest itself.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
from numpy.typing import NDArray

from .context import AnonymizeContext
from .texts import arrow_text, as_text

Codes = NDArray[np.intp]
_SHA256_BLOCK = 64
_DIGEST_BYTES = 32  # HMAC-SHA256 and the BLAKE2b used here both give 32 bytes
# the two lowercase hex digits of each byte value
_HEX = np.frombuffer(bytes(range(256)).hex().encode(), dtype=np.uint8).reshape(256, 2)


def hash_values(values: pd.Series, params: dict[str, Any], ctx: AnonymizeContext) -> pd.Series:
    codes, digests = keyed_digests(values, ctx.domain_key(), params.get("algorithm", "hmac-sha256"))
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
        if length:
            texts = [t[: int(length)] for t in texts]
        table = pa.array(texts, type=pa.large_string())
    else:
        table = hex_texts(digests, _DIGEST_BYTES * 2 if not length else int(length))
    taken = table.take(pa.array(codes, mask=codes < 0))
    return pd.Series(pd.arrays.ArrowStringArray(taken), index=values.index)


def keyed_digests(values: pd.Series, key: bytes, algorithm: str) -> tuple[Codes, list[bytes]]:
    """(per value, its position among the distinct values or -1 for null; keyed digest of each
    distinct value's canonical text)."""
    encoded = arrow_text(as_text(values)).dictionary_encode()
    codes: Codes = encoded.indices.fill_null(-1).to_numpy(zero_copy_only=False).astype(np.intp)
    messages: list[bytes] = encoded.dictionary.cast(pa.large_binary()).to_pylist()
    if algorithm == "blake2b":
        digests = [hashlib.blake2b(m, key=key[:64], digest_size=32).digest() for m in messages]
    else:
        digests = list(map(hmac_sha256_of(key), messages))
    return codes, digests


def hex_texts(digests: list[bytes], length: int) -> pa.LargeStringArray:
    """Each digest in lowercase hex cut as `hex[:length]` would cut it, built in numpy."""
    width = len(range(2 * _DIGEST_BYTES)[:length])
    raw = np.frombuffer(b"".join(digests), dtype=np.uint8).reshape(len(digests), _DIGEST_BYTES)
    whole = (width + 1) // 2  # bytes whose two digits show, the last maybe only its first
    chars = _HEX[raw[:, :whole]].reshape(len(digests), 2 * whole)[:, :width]
    offsets = np.arange(len(digests) + 1, dtype=np.int64) * width
    data = np.ascontiguousarray(chars)
    return pa.LargeStringArray.from_buffers(len(digests), pa.py_buffer(offsets), pa.py_buffer(data))


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
