"""Value evidence: the share of a column's sampled values that pass each kind's checks."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from statistics import median

from .kinds import PiiKind
from .sample import ColumnSample
from .values import (
    as_date,
    has_contact,
    is_address,
    is_bank_card,
    is_email,
    is_full_name_ru,
    is_gender,
    is_iban,
    is_inn,
    is_ip_address,
    is_oms,
    is_oms_shape,
    is_passport,
    is_patronymic,
    is_person_word,
    is_person_words,
    is_phone,
    is_place_name,
    is_postal_code,
    is_snils,
    is_text,
)

MIN_VALUES = 5  # fewer sampled values than this say nothing either way
_MIN_MEDIAN_AGE, _MAX_AGE = 12, 120


@dataclass(frozen=True)
class Check:
    """One test of values for a kind.

    `specificity` is how sure a column is of the kind when (nearly) all its values pass: 0 for
    tests that only support what the column's name says (any capitalised word passes "looks
    like a first name"). A `presence` check needs only `min_share` of values to pass (free text
    that holds phone numbers now and then).
    """

    label: str
    test: Callable[[str], bool]
    specificity: float
    min_share: float = 0.6
    presence: bool = False


@dataclass(frozen=True)
class ValueEvidence:
    """What one check found in a sample."""

    kind: PiiKind
    label: str
    share: float
    sampled: int
    strength: float  # confidence the values alone give (0 when the share is below min_share)
    support: float  # 0..1: how far the values back a name (1 at min_share or more)


K = PiiKind
_NAME_WORDS = Check("capitalised single words", is_person_word, 0.0)
CHECKS: dict[PiiKind, tuple[Check, ...]] = {
    K.EMAIL: (Check("e-mail addresses", is_email, 0.95),),
    K.PHONE: (Check("phone numbers (+7/8 or E.164)", is_phone, 0.8),),
    K.INN: (Check("INNs with valid check digits", is_inn, 0.9),),
    K.SNILS: (Check("SNILS with valid check digits", is_snils, 0.95),),
    K.PASSPORT: (Check("RF passport numbers (4+6 digits)", is_passport, 0.15),),
    K.OMS: (
        Check("ЕНП (OMS) numbers with a valid check digit", is_oms, 0.4),
        Check("16-digit numbers", is_oms_shape, 0.0),
    ),
    K.BANK_CARD: (Check("card numbers passing the Luhn check", is_bank_card, 0.9),),
    K.IBAN: (Check("IBANs passing the mod-97 check", is_iban, 0.95),),
    K.IP_ADDRESS: (Check("IPv4/IPv6 addresses", is_ip_address, 0.85),),
    K.FULL_NAME: (
        Check("ФИО with a patronymic", is_full_name_ru, 0.9),
        Check("capitalised names of 2-4 words", is_person_words, 0.0),
    ),
    K.FIRST_NAME: (_NAME_WORDS,),
    K.LAST_NAME: (_NAME_WORDS,),
    K.MIDDLE_NAME: (Check("patronymics", is_patronymic, 0.7), _NAME_WORDS),
    K.ADDRESS: (Check("street addresses", is_address, 0.8, min_share=0.5),),
    K.CITY: (Check("place names", is_place_name, 0.0),),
    K.BIRTH_PLACE: (Check("place names", is_place_name, 0.0),),
    K.POSTAL_CODE: (Check("postal codes", is_postal_code, 0.1),),
    K.GENDER: (Check("gender values (M/F, м/ж, ...)", is_gender, 0.55, min_share=0.9),),
    K.FREE_TEXT: (
        Check("texts holding an e-mail or phone", has_contact, 0.6, 0.05, presence=True),
        Check("texts of several words", is_text, 0.0),
    ),
}
# birth dates are judged over the whole column (see _birth_dates), not value by value
_BIRTH_CHECK = Check("dates of birth (ages 0-120)", lambda _: False, 0.6)


def checked_kinds() -> frozenset[PiiKind]:
    """The kinds whose values can be checked."""
    return frozenset(CHECKS) | {PiiKind.BIRTH_DATE}


def value_evidence(kind: PiiKind, sample: ColumnSample, today: date) -> list[ValueEvidence]:
    """The result of each check of `kind` over `sample` (none with fewer than MIN_VALUES)."""
    if len(sample) < MIN_VALUES:
        return []
    if kind is PiiKind.BIRTH_DATE:
        return [_birth_dates(sample, today)]
    texts = _padded(kind, sample)
    found = []
    for check in CHECKS.get(kind, ()):
        share = sum(1 for text in texts if check.test(text)) / len(texts)
        found.append(_weigh(kind, check, share, len(texts)))
    return found


def _weigh(kind: PiiKind, check: Check, share: float, sampled: int) -> ValueEvidence:
    enough = share >= check.min_share
    strength = check.specificity * (1.0 if check.presence else share) if enough else 0.0
    support = min(1.0, share / check.min_share)
    return ValueEvidence(kind, check.label, share, sampled, strength, support)


def _padded(kind: PiiKind, sample: ColumnSample) -> tuple[str, ...]:
    """Texts of an integer column with the leading zeros an INN or SNILS lost put back."""
    if not sample.integers or kind not in (PiiKind.INN, PiiKind.SNILS):
        return sample.texts
    widths = {9: 10, 11: 12} if kind is PiiKind.INN else {9: 11, 10: 11}
    return tuple(t.zfill(widths.get(len(t), len(t))) for t in sample.texts)


def _birth_dates(sample: ColumnSample, today: date) -> ValueEvidence:
    """Dates a living person could be born on; a column of mostly recent dates (orders,
    registrations) does not count, whatever its share."""
    ages = []
    for value in sample.raw:
        born = as_date(value)
        if born is not None and born <= today:
            age = (today - born).days / 365.25
            if age <= _MAX_AGE:
                ages.append(age)
    share = len(ages) / len(sample)
    if ages and median(ages) < _MIN_MEDIAN_AGE:
        share = 0.0
    return _weigh(PiiKind.BIRTH_DATE, _BIRTH_CHECK, share, len(sample))


def inn_is_legal(sample: ColumnSample) -> bool:
    """True if most INNs of the sample are 10-digit ones (of organisations)."""
    texts = _padded(PiiKind.INN, sample)
    ten = sum(1 for t in texts if len(t) == 10 and is_inn(t))
    return ten > sum(1 for t in texts if len(t) == 12 and is_inn(t))
