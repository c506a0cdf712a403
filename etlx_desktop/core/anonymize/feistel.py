"""A keyed permutation of the integers [0, n), vectorised in numpy: format-preserving
pseudonyms that are unique by construction.

An alternating Feistel network over [0, 2^bits) with a keyed 64-bit mixing function as its
round function, and cycle-walking down to [0, n). Any such network is a bijection whatever the
round function, so distinct inputs always give distinct outputs — keys stay unique and foreign
keys still join. The mixing function is a keyed SplitMix64 finalizer, not a proven PRF: the
permutation hides values from anyone without the key, which is what pseudonymization needs.
"""

from __future__ import annotations

import hashlib

import numpy as np
import numpy.typing as npt

U64 = npt.NDArray[np.uint64]
ROUNDS = 10
_M1, _M2, _M3 = (
    np.uint64(0x9E3779B97F4A7C15),
    np.uint64(0xBF58476D1CE4E5B9),
    np.uint64(0x94D049BB133111EB),
)


def _mix(x: U64, key: np.uint64) -> U64:
    with np.errstate(over="ignore"):
        z = (x ^ key) * _M1
        z = (z ^ (z >> np.uint64(30))) * _M2
        z = (z ^ (z >> np.uint64(27))) * _M3
        return z ^ (z >> np.uint64(31))


class Permutation:
    """The keyed bijection of [0, size) for one key and one domain size."""

    def __init__(self, key: bytes, size: int) -> None:
        if size < 2:
            raise ValueError("a permutation needs at least two values")
        self.size = size
        self.bits = max(2, (size - 1).bit_length())
        self.right_bits = self.bits // 2
        self.left_bits = self.bits - self.right_bits
        self.round_keys = [
            np.uint64(
                int.from_bytes(
                    hashlib.blake2b(
                        f"etlx feistel {size} round {i}".encode(), key=key[:64], digest_size=8
                    ).digest(),
                    "big",
                )
            )
            for i in range(ROUNDS)
        ]

    def _once(self, x: U64) -> U64:
        right_mask = np.uint64((1 << self.right_bits) - 1)
        left_mask = np.uint64((1 << self.left_bits) - 1)
        left = x >> np.uint64(self.right_bits)
        right = x & right_mask
        for index, key in enumerate(self.round_keys):
            if index % 2 == 0:
                left = (left ^ _mix(right, key)) & left_mask
            else:
                right = (right ^ _mix(left, key)) & right_mask
        return (left << np.uint64(self.right_bits)) | right

    def _once_inverse(self, y: U64) -> U64:
        right_mask = np.uint64((1 << self.right_bits) - 1)
        left_mask = np.uint64((1 << self.left_bits) - 1)
        left = y >> np.uint64(self.right_bits)
        right = y & right_mask
        for index in reversed(range(len(self.round_keys))):
            key = self.round_keys[index]
            if index % 2 == 0:
                left = (left ^ _mix(right, key)) & left_mask
            else:
                right = (right ^ _mix(left, key)) & right_mask
        return (left << np.uint64(self.right_bits)) | right

    def inverse(self, values: npt.ArrayLike) -> U64:
        """The values whose pseudonyms are `values`."""
        y = np.asarray(values, dtype=np.uint64)
        x = self._once_inverse(y)
        outside = x >= np.uint64(self.size)
        while outside.any():
            x[outside] = self._once_inverse(x[outside])
            outside = x >= np.uint64(self.size)
        return x

    def successor(self, values: npt.ArrayLike) -> U64:
        """The value that follows each value in the key's secret cyclic order of [0, size).

        This is `p(p⁻¹(x) + 1 mod size)`: a conjugate of a one-step rotation, so it is still a
        keyed bijection, and like the rotation it has no fixed point — no value is ever its
        own pseudonym."""
        x = self.inverse(values)
        step = np.where(x == np.uint64(self.size - 1), np.uint64(0), x + np.uint64(1))
        return self(step)

    def __call__(self, values: npt.ArrayLike) -> U64:
        """The pseudonyms of `values`, each in [0, size); raises if a value is outside."""
        x = np.asarray(values, dtype=np.uint64)
        if x.size and int(x.max()) >= self.size:
            raise ValueError(f"value outside the permutation's domain [0, {self.size})")
        y = self._once(x)
        outside = y >= np.uint64(self.size)
        while outside.any():  # cycle-walking: stays a bijection of [0, size)
            y[outside] = self._once(y[outside])
            outside = y >= np.uint64(self.size)
        return y
