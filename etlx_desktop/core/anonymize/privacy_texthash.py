"""A 64-bit hash of each text of an Arrow string array, computed in numpy from the array's
offsets and data buffers, without a Python object per value.

The hash depends on the UTF-8 bytes of the text only (not on the array's type, slicing or
chunking), so equal texts hash alike in every column, chunk and process: it has no random
seed, and a run's parallel workers agree. A text of n bytes is read as ceil(n/8) little-endian
8-byte words, the last one zero-filled past its end; the hash starts from the length and takes
in one word at a time through the splitmix64 finaliser (h = mix(h ^ word)), a bijection with
full avalanche, so texts differing in any byte or in length hash apart except by chance (2^-64
a pair). The rows are ordered by word count once, so step i touches only the rows still that
long, as one slice. Texts over `LONG_TEXT` bytes go one by one through BLAKE2b instead (a text's
length decides its path, so equal texts always take the same one).

Nulls hash to `NULL_HASH`, which no text is expected to hit.
"""

from __future__ import annotations

import hashlib
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa

from .privacy_arrays import EMPTY_HASHES, Hashes

NULL_HASH = np.uint64(0x9E3779B97F4A7C15)  # what a null hashes to: "nulls count as a value"
LONG_TEXT = 256  # bytes: longer texts are hashed one by one (a few, or a few word steps)
_MIX_1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX_2 = np.uint64(0x94D049BB133111EB)
_SEED = np.uint64(0x2545F4914F6CDD1D)  # added to the length: the empty text is not 0
_LONG_SEED = 0x632BE59BD9B4E019  # xored into BLAKE2b digests (a domain apart from the words)
_MAX_WORDS = LONG_TEXT // 8
# the bytes a text's last word keeps, by how many of its bytes are left (1..8)
_TAIL: Hashes = np.array(
    [0, *((1 << (8 * k)) - 1 for k in range(1, 8)), (1 << 64) - 1], dtype=np.uint64
)


def mix(hashes: Hashes) -> Hashes:
    """The splitmix64 finaliser, vectorised (uint64 arithmetic wraps around); a new array."""
    z = hashes ^ (hashes >> np.uint64(30))
    _finish(z, np.empty_like(z))
    return z


def _finish(z: Hashes, scratch: Hashes) -> None:
    """The finaliser's steps after its first xor-shift, in place (`scratch` of z's size)."""
    z *= _MIX_1
    np.right_shift(z, np.uint64(27), out=scratch)
    z ^= scratch
    z *= _MIX_2
    np.right_shift(z, np.uint64(31), out=scratch)
    z ^= scratch


def _mix_into(target: Hashes, z: Hashes, scratch: Hashes) -> None:
    """target[:] = mix(z), using z and scratch (same size) as work space."""
    np.right_shift(z, np.uint64(30), out=scratch)
    z ^= scratch
    _finish(z, scratch)
    target[:] = z


def hash_text(array: pa.Array | pa.ChunkedArray) -> Hashes:
    """One hash per row of an Arrow text array (string, large_string, string_view, chunked or
    sliced alike); NULL_HASH where null."""
    if isinstance(array, pa.ChunkedArray):
        parts = [_hash_chunk(chunk) for chunk in array.chunks]
        return np.concatenate(parts) if parts else EMPTY_HASHES
    return _hash_chunk(array)


def _hash_chunk(array: pa.Array) -> Hashes:
    if pa.types.is_string(array.type):
        offset_type: np.dtype[Any] = np.dtype(np.int32)
    elif pa.types.is_large_string(array.type):
        offset_type = np.dtype(np.int64)
    else:  # string_view, dictionaries of text, ...: spelled as plain strings first
        return _hash_chunk(array.cast(pa.large_string()))
    rows = len(array)
    if rows == 0:
        return EMPTY_HASHES
    buffers = array.buffers()
    offsets = np.frombuffer(
        buffers[1],
        dtype=offset_type,
        count=rows + 1,
        offset=array.offset * offset_type.itemsize,
    ).astype(np.int64)
    data = np.frombuffer(buffers[2], dtype=np.uint8) if buffers[2] is not None else None
    lengths = np.diff(offsets)
    valid: npt.NDArray[np.bool_] | None = None
    if array.null_count:
        valid = np.asarray(array.is_valid().to_numpy(zero_copy_only=False), dtype=bool)
        lengths[~valid] = 0  # a null's bytes, if any, are not read
    long = lengths > LONG_TEXT
    hashes = _hash_words(data, offsets, np.where(long, 0, lengths))
    for row in np.flatnonzero(long).tolist():
        assert data is not None
        text = data[offsets[row] : offsets[row + 1]].tobytes()
        digest = int.from_bytes(hashlib.blake2b(text, digest_size=8).digest(), "little")
        hashes[row] = digest ^ _LONG_SEED
    if valid is not None:
        hashes[~valid] = NULL_HASH
    return hashes


def _hash_words(
    data: npt.NDArray[np.uint8] | None,
    offsets: npt.NDArray[np.int64],
    lengths: npt.NDArray[np.int64],
) -> Hashes:
    """The word-by-word hash of texts of at most LONG_TEXT bytes: row r's text has
    `lengths[r]` bytes from `offsets[r]` in `data` (its offsets' buffer)."""
    words_per_row = (lengths + 7) >> 3
    # rows by word count, longest first: the rows still that long at step i are a prefix
    order = np.argsort((_MAX_WORDS - words_per_row).astype(np.uint8), kind="stable")
    longer = len(lengths) - np.cumsum(np.bincount(words_per_row, minlength=_MAX_WORDS + 1))
    ordered = lengths[order]
    hashes = mix(ordered.astype(np.uint64) + _SEED)
    steps = int(words_per_row.max())
    if steps and data is not None:
        first, last = int(offsets[0]), int(offsets[-1])
        # the bytes in use and 8 zero bytes after them, read as an 8-byte word at every byte
        padded = np.zeros(last - first + 8, dtype=np.uint8)
        padded[: last - first] = data[first:last]
        words: Hashes = np.ndarray((last - first + 1,), dtype="<u8", buffer=padded, strides=(1,))
        at = offsets[order[: longer[0]]] - first
        scratch = np.empty(int(longer[0]), dtype=np.uint64)
        for step in range(steps):
            rows, ending = int(longer[step]), int(longer[step + 1])
            word = words[at[:rows]]
            if ending < rows:  # these rows' last word: keep only their own bytes
                word[ending:] &= _TAIL[ordered[ending:rows] - 8 * step]
            word ^= hashes[:rows]
            _mix_into(hashes[:rows], word, scratch[:rows])
            at[:rows] += 8
    out = np.empty(len(lengths), dtype=np.uint64)
    out[order] = hashes
    return out
