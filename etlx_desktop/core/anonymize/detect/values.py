"""Value validators: does one value look like an e-mail, a phone, an INN, an address ...?

Each takes a stripped, non-empty text (dates also the date itself) and answers yes or no;
`evidence.py` turns them into shares over a column's sample. Check digits (INN, SNILS, OMS,
Luhn, IBAN) are those of `anonymize.ru_ids`, the same ones the generators satisfy.
"""

from __future__ import annotations

import ipaddress
import re
from datetime import date, datetime

from ..ru_ids import iban_ok, is_valid_inn, is_valid_oms, is_valid_passport, is_valid_snils, luhn_ok

_EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(\.[\w-]+)*\.[^\W\d_]{2,}")
_PHONE_JUNK = re.compile(r"[\s\-().]")
_WORD = r"[А-ЯЁа-яё]+(?:-[А-ЯЁа-яё]+)?"
_PATRONYMIC = re.compile(r".*(ич|овна|евна|ична)")
_PERSON_WORD = re.compile(r"[^\W\d_][^\W\d_'’-]*(?:[-'’][^\W\d_]+)*")
_RU_STREET = re.compile(
    r"(?<![а-яё])(ул|улица|пр-т|пр-кт|просп|проспект|пр|пер|переулок|ш|шоссе|наб|набережная"
    r"|бул|б-р|бульвар|алл|аллея|пл|площадь|мкр|микрорайон|проезд|тупик|тракт)(\.|\s)",
    re.IGNORECASE,
)
_RU_HOUSE = re.compile(r"(?<![а-яё])(д|дом|кв|квартира|корп|стр|строение|офис)\.?\s*\d", re.I)
_EN_STREET = re.compile(
    r"\b\d+\w*\s+(\w+\s+)*(street|st|avenue|ave|road|rd|boulevard|blvd|lane|ln|drive|dr"
    r"|way|court|ct|square|sq)\b|\b(apt|suite|unit)\.?\s*\d",
    re.IGNORECASE,
)
_GENDERS = frozenset(
    ("m", "f", "male", "female", "man", "woman", "м", "ж", "муж", "жен", "мужской", "женский")
)
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[ T]00:00(?::00(?:\.0+)?)?)?")
_DMY_DATE = re.compile(r"(\d{2})[./](\d{2})[./](\d{4})")


def is_email(text: str) -> bool:
    return _EMAIL.fullmatch(text) is not None


def is_phone(text: str) -> bool:
    """A Russian phone (+7 / 7 / 8 and ten digits, any separators) or an E.164 number."""
    compact = _PHONE_JUNK.sub("", text)
    plus = compact.startswith("+")
    digits = compact[1:] if plus else compact
    if not digits.isdigit():
        return False
    if not plus:
        return len(digits) == 11 and digits[0] in "78" and digits[1] in "3489"
    if digits[0] == "7":
        return len(digits) == 11 and digits[1] in "34789"
    return 8 <= len(digits) <= 15 and digits[0] != "0"


def is_inn(text: str) -> bool:
    return is_valid_inn(text)


def is_snils(text: str) -> bool:
    return is_valid_snils(text)


def is_passport(text: str) -> bool:
    """A Russian passport: series (4 digits, sometimes split 2+2) and number (6 digits)."""
    return is_valid_passport(text)


def is_oms(text: str) -> bool:
    """A single-format OMS policy number (ЕНП): 16 digits with a valid check digit."""
    return is_oms_shape(text) and is_valid_oms(text)


def is_oms_shape(text: str) -> bool:
    """16 digits, possibly in groups of four: how an OMS policy number is written."""
    return re.fullmatch(r"\d{4}[ -]?\d{4}[ -]?\d{4}[ -]?\d{4}", text) is not None


def is_bank_card(text: str) -> bool:
    """13 to 19 digits (separated by spaces or dashes, if at all) passing the Luhn check."""
    if not re.fullmatch(r"\d+(?:[ -]\d+)*", text):
        return False
    digits = re.sub(r"\D", "", text)
    return 13 <= len(digits) <= 19 and len(set(digits)) > 1 and luhn_ok(digits)


def is_iban(text: str) -> bool:
    return iban_ok(text)


def is_ip_address(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def is_full_name_ru(text: str) -> bool:
    """ФИО: three Cyrillic words, the second or third with a patronymic ending."""
    words = text.split()
    if len(words) == 4 and words[3].lower() in ("оглы", "кызы"):
        words = words[:3]
    if len(words) != 3 or not all(re.fullmatch(_WORD, w) for w in words):
        return False
    return any(_PATRONYMIC.fullmatch(w.lower()) for w in words[1:])


def is_patronymic(text: str) -> bool:
    return re.fullmatch(_WORD, text) is not None and bool(_PATRONYMIC.fullmatch(text.lower()))


def is_person_word(text: str) -> bool:
    """One capitalised word of letters: how a first or last name looks."""
    return _PERSON_WORD.fullmatch(text) is not None and text[0].isupper() and len(text) <= 40


def is_person_words(text: str) -> bool:
    """Two to four capitalised words of letters: how a full name looks in any language."""
    words = text.split()
    return 2 <= len(words) <= 4 and all(is_person_word(w) for w in words)


def is_address(text: str) -> bool:
    """A street address: a street or house word (ул., д., кв., street, ave ...) and a number."""
    if not any(c.isdigit() for c in text):
        return False
    return bool(_RU_STREET.search(text) or _RU_HOUSE.search(text) or _EN_STREET.search(text))


def is_gender(text: str) -> bool:
    return text.lower().rstrip(".") in _GENDERS


def is_postal_code(text: str) -> bool:
    return re.fullmatch(r"\d{6}|\d{5}(?:-\d{4})?", text) is not None


def is_place_name(text: str) -> bool:
    """A capitalised name without digits, up to four words: how a city looks."""
    return (
        not any(c.isdigit() for c in text)
        and text[:1].isupper()
        and len(text.split()) <= 4
        and re.fullmatch(r"[^\W\d_][\w\s.,'’()-]*", text) is not None
    )


def is_text(text: str) -> bool:
    """Words: at least two, with letters."""
    return len(re.findall(r"[^\W\d_]{2,}", text)) >= 2


def has_contact(text: str) -> bool:
    """Free text that contains an e-mail address or a phone number somewhere."""
    if _EMAIL.search(text):
        return True
    return any(is_phone(m.group()) for m in re.finditer(r"\+?[\d(][\d\s\-()]{8,}\d", text))


def as_date(value: object) -> date | None:
    """The calendar date a value holds (a date, a midnight datetime, or a date string)."""
    if isinstance(value, datetime):
        midnight = (value.hour, value.minute, value.second, value.microsecond) == (0, 0, 0, 0)
        return value.date() if midnight else None
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        return None
    text = value.strip()
    try:
        if match := _ISO_DATE.fullmatch(text):
            return date(int(match[1]), int(match[2]), int(match[3]))
        if match := _DMY_DATE.fullmatch(text):
            return date(int(match[3]), int(match[2]), int(match[1]))
    except ValueError:
        return None
    return None
