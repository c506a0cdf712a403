"""Keyed hashes of many messages at once: HMAC-SHA256 and keyed BLAKE2b, byte for byte what
`hmac` and `hashlib` give.

The work is done by the C module `_keyed_hash` (built by setup.py) with the GIL released, about
twice as fast per value as hashlib's objects and leaving the other threads free meanwhile.
Where it was not built (no C compiler at install), the same digests come from hashlib.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from types import ModuleType

import numpy as np
import pyarrow as pa

_keyed_hash: ModuleType | None
try:
    import etlx_desktop.core.anonymize._keyed_hash as _keyed_hash
except ImportError:  # built without a C compiler
    _keyed_hash = None

SHA256_BLOCK = 64


def _buffers(messages: pa.Array) -> tuple[memoryview, bytes]:
    """(data, n + 1 int64 offsets starting at 0) of a large_binary array, nulls as empty."""
    offsets = np.frombuffer(
        messages.buffers()[1], dtype=np.int64, count=len(messages) + 1, offset=8 * messages.offset
    )
    data = messages.buffers()[2]
    start, end = int(offsets[0]), int(offsets[-1])
    view = memoryview(data)[start:end] if data is not None else memoryview(b"")
    return view, (offsets - start).tobytes()


def _binary(messages: pa.Array | pa.ChunkedArray) -> pa.Array:
    if isinstance(messages, pa.ChunkedArray):
        messages = messages.combine_chunks()
    return messages.cast(pa.large_binary())


def hmac_sha256_many(key: bytes, messages: pa.Array | pa.ChunkedArray) -> bytes:
    """The 32-byte HMAC-SHA256 of each message (text as UTF-8), end to end."""
    binary = _binary(messages)
    if _keyed_hash is not None:
        return bytes(_keyed_hash.hmac_sha256(key, *_buffers(binary)))
    return b"".join(map(hmac_sha256_of(key), binary.to_pylist()))


def blake2b_many(
    key: bytes, messages: pa.Array | pa.ChunkedArray, *, size: int, person: bytes = b""
) -> bytes:
    """The keyed BLAKE2b of `size` bytes of each message (text as UTF-8), end to end."""
    binary = _binary(messages)
    if _keyed_hash is not None:
        return bytes(_keyed_hash.blake2b(key, person, size, *_buffers(binary)))
    base = hashlib.blake2b(key=key, digest_size=size, person=person)

    def digest(message: bytes) -> bytes:
        hasher = base.copy()
        hasher.update(message)
        return hasher.digest()

    return b"".join(map(digest, binary.to_pylist()))


def hmac_sha256_of(key: bytes) -> Callable[[bytes], bytes]:
    """HMAC-SHA256 under `key` (RFC 2104, as `hmac.new(key, m, sha256).digest()`), with the
    padded key's inner and outer states computed once: about 2.5x faster per value."""
    if len(key) > SHA256_BLOCK:
        key = hashlib.sha256(key).digest()
    padded = key.ljust(SHA256_BLOCK, b"\0")
    inner = hashlib.sha256(bytes(b ^ 0x36 for b in padded))
    outer = hashlib.sha256(bytes(b ^ 0x5C for b in padded))

    def digest(message: bytes) -> bytes:
        state = inner.copy()
        state.update(message)
        result = outer.copy()
        result.update(state.digest())
        return result.digest()

    return digest
