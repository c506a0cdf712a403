"""`pseudonymize`: deterministic, shape-preserving pseudonyms per key domain.

Integers, phones, INNs and SNILS numbers go through a keyed bijection of their digit space
without fixed points (`feistel.Permutation.successor`), so the pseudonyms are unique by
construction, a key still joins its foreign keys, and no value is ever its own pseudonym.
UUIDs, emails and free strings are derived from a keyed hash of the value, wide enough (64+
bits) that collisions do not happen in practice; where the column must stay unique, a collision
is detected and resolved deterministically.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Callable
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from ..metadata.model import Column, Datatype
from .basic import as_text
from .context import AnonymizeContext
from .feistel import Permutation

_INTEGER_SIZES = {Datatype.SHORT: 2**15, Datatype.INTEGER: 2**31, Datatype.LONG: 2**63}
_CATEGORY_FORMATS = {
    "pd:EmailAddress": "email",
    "pd:TelephoneNumber": "phone_ru",
    "pd:TaxIdentificationNumber": "inn",
    "pd:SocialSecurityNumber": "snils",
}


def pseudonym_format(column: Column, params: dict[str, Any]) -> str:
    """The concrete format of `auto`: decided from the declaration, never from the data, so a
    key and its foreign keys always agree."""
    chosen = str(params.get("format", "auto"))
    if chosen != "auto":
        return chosen
    if column.datatype in _INTEGER_SIZES:
        return "integer"
    if (column.sql_type or "").lower() == "uuid":
        return "uuid"
    return _CATEGORY_FORMATS.get(column.personal_data or "", "string")


def pseudonymize(values: pd.Series, params: dict[str, Any], ctx: AnonymizeContext) -> pd.Series:
    owner = ctx.domain_column or ctx.column
    fmt = pseudonym_format(owner, params)
    return _FORMATS[fmt](values, owner, ctx)


def _integer(values: pd.Series, owner: Column, ctx: AnonymizeContext) -> pd.Series:
    numbers = pd.to_numeric(values, errors="coerce").astype("Int64")
    low, high = owner.minimum, owner.maximum
    present = numbers.notna().to_numpy()
    data = numbers.to_numpy(dtype=np.int64, na_value=0)
    out = np.zeros(len(data), dtype=np.int64)  # filled by position; NA where not mapped
    if isinstance(low, int) and isinstance(high, int) and high > low:
        permutation = Permutation(ctx.domain_key(), high - low + 1)
        inside = present & (data >= low) & (data <= high)
        mapped = (
            permutation.successor((data[inside] - low).astype(np.uint64)).astype(np.int64) + low
        )
        out[inside] = mapped
        return _integers(out, inside, values.index)
    size = _INTEGER_SIZES.get(owner.datatype, 2**63)
    permutation = Permutation(ctx.domain_key(), size)
    positive = present & (data >= 0)
    negative = present & (data < 0)
    out[positive] = permutation.successor(data[positive].astype(np.uint64)).astype(np.int64)
    if negative.any():  # negatives map into [-size, -1], apart from the non-negative half
        flipped = (-(data[negative] + 1)).astype(np.uint64)
        out[negative] = -(permutation.successor(flipped).astype(np.int64)) - 1
    return _integers(out, present, values.index)


def _integers(
    values: npt.NDArray[np.int64], valid: npt.NDArray[np.bool_], index: pd.Index
) -> pd.Series:
    """An Int64 Series of `values`, NA where not `valid`."""
    return pd.Series(pd.arrays.IntegerArray(values, ~valid), index=index)


def _digit_bodies(values: pd.Series, pattern: str) -> tuple[pd.Series, pd.Series]:
    """(digits only, mask of values whose digits match `pattern`)."""
    digits = values.astype("string").str.replace(r"\D", "", regex=True)
    return digits, digits.str.fullmatch(pattern).fillna(False).astype(bool)


def _permute_digits(digits: pd.Series, width: int, ctx: AnonymizeContext, tag: str) -> pd.Series:
    permutation = Permutation(ctx.domain_key() + tag.encode(), 10**width)
    numbers = digits.astype("int64").to_numpy().astype(np.uint64)
    return (
        pd.Series(permutation.successor(numbers), index=digits.index).astype(str).str.zfill(width)
    )


def _phone(values: pd.Series, owner: Column, ctx: AnonymizeContext) -> pd.Series:
    digits, ok = _digit_bodies(values, r"[78]?\d{10}")
    national = digits.str[-10:]
    out = _string(values, owner, ctx)
    if ok.any():
        body = _permute_digits(national[ok].str[1:], 9, ctx, "phone")
        out[ok] = "+7" + national[ok].str[0] + body
    return out


_INN12 = ((7, 2, 4, 10, 3, 5, 9, 4, 6, 8), (3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8))
_INN10 = (2, 4, 10, 3, 5, 9, 4, 6, 8)


def _check_digit(bodies: np.ndarray, weights: tuple[int, ...]) -> np.ndarray:
    total = (bodies[:, : len(weights)] * np.asarray(weights)).sum(axis=1)
    return np.asarray(total % 11 % 10)


def _digit_matrix(texts: pd.Series, width: int) -> np.ndarray:
    return np.frombuffer("".join(texts).encode(), dtype=np.uint8).reshape(-1, width) - 48


def _inn(values: pd.Series, owner: Column, ctx: AnonymizeContext) -> pd.Series:
    out = _string(values, owner, ctx)
    for width, body_width in ((12, 10), (10, 9)):
        digits, ok = _digit_bodies(values, rf"\d{{{width}}}")
        if not ok.any():
            continue
        body = _permute_digits(digits[ok].str[:body_width], body_width, ctx, f"inn{width}")
        matrix = _digit_matrix(body, body_width)
        if width == 12:
            first = _check_digit(matrix, _INN12[0])
            second = _check_digit(np.column_stack([matrix, first]), _INN12[1])
            checks = first.astype(str).astype(object) + second.astype(str).astype(object)
        else:
            checks = _check_digit(matrix, _INN10).astype(str).astype(object)
        out[ok] = body + pd.Series(checks, index=body.index)
    return out


def _snils(values: pd.Series, owner: Column, ctx: AnonymizeContext) -> pd.Series:
    digits, ok = _digit_bodies(values, r"\d{11}")
    out = _string(values, owner, ctx)
    if not ok.any():
        return out
    body = _permute_digits(digits[ok].str[:9], 9, ctx, "snils")
    matrix = _digit_matrix(body, 9)
    total = (matrix * np.arange(9, 0, -1)).sum(axis=1) % 101
    check = np.where(total == 100, 0, total)
    checks = pd.Series(check, index=body.index).astype(str).str.zfill(2)
    formatted = values[ok].astype("string").str.contains("-").fillna(False)
    plain = body + checks
    dashed = body.str[:3] + "-" + body.str[3:6] + "-" + body.str[6:9] + " " + checks
    out[ok] = dashed.where(formatted, plain)
    return out


def _keyed(
    values: pd.Series, ctx: AnonymizeContext, encode: Callable[[bytes, str], str]
) -> pd.Series:
    """Apply `encode(keyed digest, original)` once per distinct value; nulls stay null."""
    text = as_text(values)
    key = ctx.domain_key()
    guard = _guard(ctx) if ctx.unique else None

    def draw(value: str, attempt: int) -> str:
        digest = hashlib.blake2b(f"{attempt}\x00{value}".encode(), key=key[:64]).digest()
        return encode(digest, value)

    mapping = {}
    for value in text.dropna().unique():
        value = str(value)
        mapping[value] = guard.issue(value, draw) if guard else draw(value, 0)
    return text.map(mapping).astype("string")


class UniqueOutputs:
    """The outputs issued for one unique column during a run, across chunks.

    A collision is resolved by drawing again with the next attempt number, so the result is
    deterministic for the same data in the same order. Only 64-bit hashes of the outputs are
    kept (about 60 bytes a value).
    """

    def __init__(self) -> None:
        self._issued: set[int] = set()

    def issue(self, value: str, draw: Callable[[str, int], str]) -> str:
        attempt = 0
        candidate = draw(value, attempt)
        while _fingerprint(candidate) in self._issued:
            attempt += 1
            candidate = draw(value, attempt)
        self._issued.add(_fingerprint(candidate))
        return candidate


def _fingerprint(text: str) -> int:
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "big")


def _guard(ctx: AnonymizeContext) -> UniqueOutputs:
    guard = ctx.extra.get("unique_outputs")
    if not isinstance(guard, UniqueOutputs):
        guard = ctx.extra["unique_outputs"] = UniqueOutputs()
    return guard


def _uuid(values: pd.Series, owner: Column, ctx: AnonymizeContext) -> pd.Series:
    def encode(digest: bytes, original: str) -> str:
        raw = bytearray(digest[:16])
        raw[6] = (raw[6] & 0x0F) | 0x40
        raw[8] = (raw[8] & 0x3F) | 0x80
        h = raw.hex()
        return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"

    return _keyed(values.astype("string").str.lower(), ctx, encode)


def _email(values: pd.Series, owner: Column, ctx: AnonymizeContext) -> pd.Series:
    def encode(digest: bytes, original: str) -> str:
        local = base64.b32encode(digest[:10]).decode().lower()
        return f"{local}@example.com"

    return _keyed(values.astype("string").str.strip().str.lower(), ctx, encode)


def _string(values: pd.Series, owner: Column, ctx: AnonymizeContext) -> pd.Series:
    """Same length and shape: digits stay digits, letters letters (same case and script)."""

    def encode(digest: bytes, original: str) -> str:
        stream = hashlib.shake_256(digest).digest(max(len(original), 1))
        return "".join(_shape(c, b) for c, b in zip(original, stream, strict=False))

    return _keyed(values, ctx, encode)


def _shape(char: str, byte: int) -> str:
    if char.isdigit():
        return "0123456789"[byte % 10]
    if "а" <= char.lower() <= "я" or char.lower() == "ё":
        letter = "абвгдежзиклмнопрстуфхцчшэюя"[byte % 27]
        return letter.upper() if char.isupper() else letter
    if char.isalpha():
        letter = "abcdefghijklmnopqrstuvwxyz"[byte % 26]
        return letter.upper() if char.isupper() else letter
    return char


_FORMATS: dict[str, Callable[[pd.Series, Column, AnonymizeContext], pd.Series]] = {
    "integer": _integer,
    "uuid": _uuid,
    "email": _email,
    "phone_ru": _phone,
    "inn": _inn,
    "snils": _snils,
    "string": _string,
}
