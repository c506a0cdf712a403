"""Name signals: what a column's name says it holds, in English, Russian or transliteration.

A name is cut into lower-case tokens at separators, camelCase humps and letter/digit borders
(`nomerKarty2` -> nomer, karty, 2). A pattern is a run of whole tokens (`data rozhdeni*`); it
also matches the same letters written as one token (`firstname`, `datarozhdeniya`), and a
trailing `*` lets the last word take up to three more letters (karta, karty). Patterns never
match inside a token, so `tin` does not fire on `setting`. Where one match lies inside a longer
one (`address` in `email_address`), only the longer one counts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .kinds import PiiKind

STRONG, MEDIUM, WEAK = 0.6, 0.45, 0.3
_STEM_EXTRA = 3

K = PiiKind
# (kind, weight, patterns)
_PATTERNS: tuple[tuple[PiiKind, float, tuple[str, ...]], ...] = (
    (
        K.FULL_NAME,
        STRONG,
        (
            "fio", "фио", "full name", "polnoe imya", "полное имя", "person name",
            "customer name", "client name", "contact name", "patient name", "employee name",
            "familiya imya otchestvo", "фамилия имя отчество", "klient fio",
        ),
    ),
    (K.FULL_NAME, WEAK, ("name",)),
    (K.FIRST_NAME, STRONG, ("first name", "given name", "forename", "imya", "имя")),
    (
        K.LAST_NAME,
        STRONG,
        ("last name", "surname", "family name", "familiya", "familia", "фамилия"),
    ),
    (K.MIDDLE_NAME, STRONG, ("middle name", "patronymic", "otchestvo", "отчество")),
    (
        K.USERNAME,
        STRONG,
        ("login", "логин", "username", "user name", "nickname", "imya polzovatelya",
         "имя пользователя"),
    ),
    (K.USERNAME, MEDIUM, ("nick",)),
    (
        K.EMAIL,
        STRONG,
        ("email", "e mail", "email address", "pochta", "почта", "эл почта",
         "электронная почта", "elektronnaya pochta"),
    ),
    (K.EMAIL, MEDIUM, ("mail",)),
    (
        K.PHONE,
        STRONG,
        ("phone", "phone number", "telephone", "telefon*", "телефон*", "tel", "тел", "mobile",
         "mobilnyy", "мобильный", "sotovyy", "сотовый", "msisdn", "nomer telefona"),
    ),
    (K.PHONE, MEDIUM, ("mob", "cell", "fax", "факс")),
    (K.INN, STRONG, ("inn", "инн", "tax id", "taxpayer id")),
    (K.INN, MEDIUM, ("tin",)),
    (K.SNILS, STRONG, ("snils", "снилс")),
    (K.PASSPORT, STRONG, ("pasport*", "паспорт*", "passport*")),
    (K.OMS, STRONG, ("oms", "омс", "polis*", "полис*", "enp", "енп", "polis oms")),
    (
        K.BANK_CARD,
        STRONG,
        ("card number", "card no", "bank card", "credit card", "nomer kart*", "номер карт*",
         "bankovskaya kart*", "банковская карт*"),
    ),
    (K.BANK_CARD, MEDIUM, ("card", "kart*", "карт*")),
    (K.BANK_CARD, WEAK, ("pan",)),
    (K.IBAN, STRONG, ("iban",)),
    (
        K.IP_ADDRESS,
        STRONG,
        ("ip address", "ip addr", "ip adres*", "client ip", "remote ip", "remote addr",
         "ipv4", "ipv6"),
    ),
    (K.IP_ADDRESS, MEDIUM, ("ip",)),
    (
        K.BIRTH_DATE,
        STRONG,
        ("birth date", "birthday", "date of birth", "dob", "data rozhdeni*",
         "дата рождени*", "den rozhdeniya", "день рождения", "birth dt"),
    ),
    (K.BIRTH_DATE, WEAK, ("dr", "др")),
    (
        K.BIRTH_PLACE,
        STRONG,
        ("birth place", "place of birth", "mesto rozhdeni*", "место рождени*"),
    ),
    (
        K.ADDRESS,
        STRONG,
        ("address", "addr", "adres*", "адрес*", "street", "ulitsa", "улица",
         "home address", "street address"),
    ),
    (K.CITY, STRONG, ("city", "gorod", "город", "town", "naselennyy punkt",
                      "населенный пункт")),
    (K.CITY, MEDIUM, ("locality",)),
    (
        K.POSTAL_CODE,
        STRONG,
        ("zip", "zip code", "postal", "postal code", "postcode", "post code",
         "pochtovyy indeks", "почтовый индекс", "indeks"),
    ),
    (K.POSTAL_CODE, MEDIUM, ("индекс",)),
    (K.POSTAL_CODE, WEAK, ("index",)),
    (K.GENDER, STRONG, ("gender", "sex", "пол")),
    (K.GENDER, MEDIUM, ("pol",)),
    (
        K.FREE_TEXT,
        STRONG,
        ("comment*", "note", "notes", "remark*", "message", "feedback", "review",
         "complaint", "kommentari*", "комментари*", "primechani*", "примечани*",
         "zametk*", "заметк*", "soobshcheni*", "сообщени*"),
    ),
    (K.FREE_TEXT, WEAK, ("description", "opisanie", "описание", "text", "tekst", "текст")),
)  # fmt: skip


@dataclass(frozen=True)
class NameHit:
    """One pattern matching a column name: the kind it suggests, how strongly, where."""

    kind: PiiKind
    weight: float
    pattern: str
    start: int
    end: int  # token span [start, end)


@dataclass(frozen=True)
class _Pattern:
    kind: PiiKind
    weight: float
    text: str
    letters: str
    stem: bool


def _compile() -> tuple[_Pattern, ...]:
    compiled = []
    for kind, weight, texts in _PATTERNS:
        for text in texts:
            stem = text.endswith("*")
            letters = "".join(tokens(text.rstrip("*")))
            compiled.append(_Pattern(kind, weight, text, letters, stem))
    return tuple(compiled)


def tokens(name: str) -> list[str]:
    """Lower-case tokens of a column name (separators, camelCase and digits split it)."""
    text = re.sub(r"(?<=[a-zа-яё0-9])(?=[A-ZА-ЯЁ])", " ", name)
    text = re.sub(r"(?<=[A-ZА-ЯЁ])(?=[A-ZА-ЯЁ][a-zа-яё])", " ", text)
    text = re.sub(r"(?<=[^\W\d_])(?=\d)|(?<=\d)(?=[^\W\d_])", " ", text)
    return [t for t in re.split(r"[\W_]+", text.lower().replace("ё", "е")) if t]


def _fits(pattern: _Pattern, run: str, last: str) -> bool:
    """Whether a run of tokens (`last` the final one) spells the pattern; a stem's extra
    letters must belong to the token the stem ends in (`polis*` is not `polis oms`)."""
    if not pattern.stem:
        return run == pattern.letters
    extra = len(run) - len(pattern.letters)
    ends_in_last = len(run) - len(last) < len(pattern.letters)
    return run.startswith(pattern.letters) and extra <= _STEM_EXTRA and ends_in_last


def name_hits(name: str) -> list[NameHit]:
    """Every pattern a column name matches, the ones inside a longer match left out."""
    words = tokens(name)
    hits: list[NameHit] = []
    for pattern in _COMPILED:
        for start in range(len(words)):
            run = ""
            for end in range(start + 1, len(words) + 1):
                run += words[end - 1]
                if len(run) > len(pattern.letters) + _STEM_EXTRA:
                    break
                if _fits(pattern, run, words[end - 1]):
                    hits.append(NameHit(pattern.kind, pattern.weight, pattern.text, start, end))
    best: dict[tuple[PiiKind, int, int], NameHit] = {}
    for hit in hits:
        key = (hit.kind, hit.start, hit.end)
        if key not in best or hit.weight > best[key].weight:
            best[key] = hit
    kept = list(best.values())
    return [hit for hit in kept if not _inside_longer(hit, kept)]


def _inside_longer(hit: NameHit, hits: list[NameHit]) -> bool:
    return any(
        other.start <= hit.start
        and hit.end <= other.end
        and other.end - other.start > hit.end - hit.start
        for other in hits
    )


_COMPILED = _compile()
