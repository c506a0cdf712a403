"""The anonymization rule suggested for each kind, and for keys that must keep joining."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ...metadata.model import AnonymizationRule
from .kinds import NAME_KINDS, PiiKind

K = PiiKind
_FAKE = {
    K.FULL_NAME: "full_name",
    K.FIRST_NAME: "first_name",
    K.LAST_NAME: "last_name",
    K.MIDDLE_NAME: "middle_name",
    K.EMAIL: "email",
    K.PHONE: "phone",
    K.INN: "inn",
    K.SNILS: "snils",
    K.PASSPORT: "passport",
    K.OMS: "oms",
    K.BANK_CARD: "bank_card",
    K.IBAN: "iban",
    K.ADDRESS: "address",
}
_KEEP = {K.CITY, K.GENDER, K.BIRTH_PLACE}  # kept as they are, listed as quasi-identifiers
# the pseudonym shape that keeps a key of this kind valid
_KEY_FORMATS = {K.EMAIL: "email", K.PHONE: "phone_ru", K.INN: "inn", K.SNILS: "snils"}


@dataclass(frozen=True)
class TableContext:
    """What a rule may depend on beyond the column: the table's gender column, if any."""

    gender_column: str | None = None


def suggested_rule(
    kind: PiiKind, context: TableContext, *, legal_inn: bool = False
) -> AnonymizationRule:
    """The rule for a column of `kind` that is not a key."""
    if kind in _FAKE:
        params: dict[str, Any] = {"kind": _FAKE[kind]}
        if kind is K.INN and legal_inn:
            params["kind"] = "inn_legal"
        if kind in NAME_KINDS and context.gender_column:
            params["gender_column"] = context.gender_column
        return AnonymizationRule(method="fake", parameters=params)
    if kind in _KEEP:
        return AnonymizationRule(method="keep")
    if kind is K.BIRTH_DATE:
        return AnonymizationRule(method="generalize", parameters={"to": "month"})
    if kind is K.POSTAL_CODE:
        params = {"to": "prefix", "prefix_length": 3, "fill": "0"}
        return AnonymizationRule(method="generalize", parameters=params)
    if kind is K.FREE_TEXT:
        return AnonymizationRule(method="redact")
    return AnonymizationRule(method="hash")  # user names, IP addresses: keyed, still linkable


def key_rule(kind: PiiKind, key_domain: str, *, integer: bool) -> AnonymizationRule:
    """A deterministic pseudonym for a key column, so primary and foreign keys still join."""
    shape = _KEY_FORMATS.get(kind, "integer" if integer else "auto")
    return AnonymizationRule(
        method="pseudonymize", key_domain=key_domain, parameters={"format": shape}
    )
