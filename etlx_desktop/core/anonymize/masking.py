"""`mask` over many values at once: the texts as a matrix of code points, one numpy pass.

Same result as masking each value on its own (`basic._mask_one`): `first`/`last` count
letters and digits (`str.isalnum`), separators stay unless `keep_separators` is off, and a
value whose kept ends would show every letter and digit is masked whole. Per-value Python cost
about 2 µs a phone number; this costs a few hundred nanoseconds.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
from numpy.typing import NDArray

MAX_WIDTH = 64  # longer texts are masked one by one, so padding never blows up memory
_ASCII_ALNUM = np.array([chr(c).isalnum() for c in range(128)], dtype=bool)

MaskOne = Callable[[str, int, int, str, bool], str]


def mask_texts(
    texts: Sequence[str], first: int, last: int, char: str, keep_separators: bool, one: MaskOne
) -> list[str]:
    """Each text masked; `one` masks a text the matrix cannot hold (too long, or with NULs,
    which numpy's fixed-width strings would drop from the end)."""
    out = list(texts)
    lengths = np.fromiter((len(t) for t in texts), dtype=np.int64, count=len(texts))
    short = np.flatnonzero(lengths <= MAX_WIDTH)
    if len(short):
        picked = [texts[i] for i in short.tolist()]
        matrix = np.array(picked, dtype=f"<U{max(int(lengths[short].max()), 1)}")
        codes = matrix.view(np.uint32).reshape(len(picked), -1)
        if (codes[np.arange(codes.shape[1]) < lengths[short, None]] == 0).any():
            short = np.empty(0, dtype=np.int64)  # a NUL inside a text: take the slow path
        else:
            masked = _mask_matrix(codes, lengths[short], first, last, ord(char), keep_separators)
            for i, text in zip(
                short.tolist(), masked.view(matrix.dtype).ravel().tolist(), strict=True
            ):
                out[i] = text
    done = np.zeros(len(texts), dtype=bool)
    done[short] = True
    for i in np.flatnonzero(~done).tolist():
        out[i] = one(texts[i], first, last, char, keep_separators)
    return out


def _mask_matrix(
    codes: NDArray[np.uint32],
    lengths: NDArray[np.int64],
    first: int,
    last: int,
    char: int,
    keep_separators: bool,
) -> NDArray[np.uint32]:
    inside = np.arange(codes.shape[1]) < lengths[:, None]
    alnum = _is_alnum(codes) & inside
    seen = np.cumsum(alnum, axis=1)  # letters and digits up to and including each position
    total = seen[:, -1:]
    head = np.minimum(first, total)
    tail = np.minimum(last, total)
    visible = (seen - alnum < head) | (seen > total - tail)
    visible &= (head + tail < total) & inside  # all shown: mask them all instead
    keep = visible | (~alnum if keep_separators else np.zeros_like(alnum)) | ~inside
    return np.where(keep, codes, np.uint32(char)).astype(np.uint32)


def _is_alnum(codes: NDArray[np.uint32]) -> NDArray[np.bool_]:
    result = _ASCII_ALNUM[np.minimum(codes, 127)] & (codes < 128)
    wide = codes >= 128
    if wide.any():
        points = np.unique(codes[wide])
        flags = np.array([chr(int(p)).isalnum() for p in points], dtype=bool)
        result[wide] = flags[np.searchsorted(points, codes[wide])]
    return result
