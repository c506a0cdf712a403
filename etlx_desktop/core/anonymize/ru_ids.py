"""Russian identifiers (INN, SNILS, passport, OMS policy), bank cards, IBANs and phones: plain
validators (also for the PII detector) and numpy-vectorised generators.

Every generator takes an array of uint64 seeds (from keyed hashes) and returns an object array
of strings; the same seed always gives the same string. A seed is split into independent
streams with the splitmix64 finaliser (`mix64(seeds, k)`), so no random state is involved.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

U64 = NDArray[np.uint64]
Matrix = NDArray[np.int64]  # one row per value, one column per digit (0-9) or ASCII code
Strings = NDArray[np.object_]

_GOLDEN = 0x9E3779B97F4A7C15
_MASK = (1 << 64) - 1


def _table(text: str) -> tuple[int, ...]:
    return tuple(int(word) for word in re.findall(r"\d+", text))


# OKATO codes of the federal subjects: the first two digits of passport series and OMS numbers
OKATO_REGIONS = _table(
    "01 03 04 05 07 08 10 11 12 14 15 17 18 19 20 22 24 25 26 27 28 29 32 33 34 36 37 38 40 41 42 "
    "44 45 46 47 49 50 52 53 54 56 57 58 60 61 63 64 65 66 67 68 69 70 71 73 75 76 77 78 79 80 81 "
    "82 83 84 85 86 87 88 89 90 92 93 94 95 96 97 98 99"
)
INN_REGIONS = (*range(1, 80), 83, 86, 87, 89, 91, 92)  # tax-authority subject codes
# Mir (2200-2204), then Visa and Mastercard BINs of Russian banks
CARD_PREFIXES = _table("2200 2201 2202 2203 2204 4276 4279 4274 4377 4584 5469 5536 5213 5106 5189")
_LENGTHS = "AT20 BE16 CH21 CZ24 DE22 DK18 ES24 FI18 FR27 GB22 IE22 IT27 KZ20 LU20 NL18 PL28 SE24"
IBAN_LENGTHS = {code: int(length) for code, length in re.findall(r"(\w\w)(\d\d)", _LENGTHS)}
INN10 = (2, 4, 10, 3, 5, 9, 4, 6, 8)  # INN check-digit weights: 10 digits; 11th and 12th of 12
INN11, INN12 = (7, *INN10), (3, 7, *INN10)
IBAN_COUNTRIES = ("DE", "GB", "FR")  # the ones generated
_GB_BANKS = ("NWBK", "BARC", "LOYD", "HBUK", "MIDL", "RBOS")


# ---- vectorised building blocks -------------------------------------------------------------


def mix64(seeds: U64, stream: int) -> U64:
    """Stream `stream` of each seed: splitmix64's finaliser of seed + (stream + 1) * golden."""
    z = seeds + np.uint64(((stream + 1) * _GOLDEN) & _MASK)
    z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    result: U64 = z ^ (z >> np.uint64(31))
    return result


def below(seeds: U64, stream: int, bound: int) -> NDArray[np.int64]:
    """A number in [0, bound) from one stream of each seed (bias < bound / 2**64)."""
    return (mix64(seeds, stream) % np.uint64(bound)).astype(np.int64)


def digits(numbers: NDArray[np.int64], width: int) -> Matrix:
    """The last `width` decimal digits of each number, most significant first."""
    powers = 10 ** np.arange(width - 1, -1, -1, dtype=np.int64)
    return (numbers[:, None] // powers) % 10


def random_digits(seeds: U64, stream: int, width: int) -> Matrix:
    """`width` (≤ 18) uniformly drawn digits per seed."""
    return digits(below(seeds, stream, 10**width), width)


def pick(seeds: U64, stream: int, choices: Sequence[int], width: int) -> Matrix:
    """One of `choices` per seed, as a `width`-digit matrix."""
    table = np.asarray(choices, dtype=np.int64)
    return digits(table[below(seeds, stream, len(table))], width)


def render(*parts: Matrix | str, digit_parts: bool = True) -> Strings:
    """Strings from digit matrices (0-9; ASCII codes if `digit_parts` is False) and literals."""
    rows = next(len(p) for p in parts if not isinstance(p, str))
    columns = []
    for part in parts:
        if isinstance(part, str):
            literal = np.frombuffer(part.encode("ascii"), dtype=np.uint8)
            columns.append(np.broadcast_to(literal, (rows, len(literal))))
        else:
            columns.append((part + 48 if digit_parts else part).astype(np.uint8))
    matrix = np.ascontiguousarray(np.hstack(columns))
    width = matrix.shape[1]
    result: Strings = matrix.view(f"S{width}").ravel().astype(f"U{width}").astype(object)
    return result


def render_grouped(chars: Matrix, size: int = 4) -> Strings:
    """Rows of ASCII codes printed in groups of `size` separated by spaces."""
    parts: list[Matrix | str] = []
    for start in range(0, chars.shape[1], size):
        parts += [" ", chars[:, start : start + size]] if parts else [chars[:, :size]]
    return render(*parts, digit_parts=False)


def weighted_check(body: Matrix, weights: Sequence[int]) -> Matrix:
    """INN check digit: the weighted sum mod 11 mod 10, as a one-column matrix."""
    return ((body @ np.asarray(weights, dtype=np.int64)) % 11 % 10)[:, None]


def luhn_digit(body: Matrix) -> Matrix:
    """The Luhn check digit appended to `body`, as a one-column matrix."""
    doubled = body[:, ::-1].copy()
    doubled[:, 0::2] *= 2
    doubled[doubled > 9] -= 9
    check: Matrix = ((10 - doubled.sum(axis=1) % 10) % 10)[:, None]
    return check


def snils_check(body: Matrix) -> Matrix:
    """SNILS check number (two digits): Σ digit × (9..1); < 100 as is, 100 and 101 give 00,
    above that the remainder mod 101 (a remainder of 100 again gives 00)."""
    total = body @ np.arange(9, 0, -1, dtype=np.int64)
    return digits(total % 101 % 100, 2)


def mod97(chars: Matrix) -> NDArray[np.int64]:
    """ISO 7064 mod 97 of rows of ASCII digits and capitals (a letter counts as 10..35)."""
    remainder = np.zeros(len(chars), dtype=np.int64)
    for column in chars.T:
        letter = column >= 65
        value = np.where(letter, column - 55, column - 48)
        remainder = np.where(letter, remainder * 100 + value, remainder * 10 + value) % 97
    return remainder


# ---- generators ----------------------------------------------------------------------------


def _inn_head(seeds: U64) -> Matrix:
    """Tax-authority code: subject (2 digits) and inspection 01-49 (2 digits)."""
    return np.hstack([pick(seeds, 0, INN_REGIONS, 2), digits(below(seeds, 1, 49) + 1, 2)])


def gen_inn_person(seeds: U64) -> Strings:
    """12-digit INN of a person, both check digits valid."""
    body = np.hstack([_inn_head(seeds), random_digits(seeds, 2, 6)])
    body = np.hstack([body, weighted_check(body, INN11)])
    return render(body, weighted_check(body, INN12))


def gen_inn_legal(seeds: U64) -> Strings:
    """10-digit INN of a legal entity, check digit valid."""
    body = np.hstack([_inn_head(seeds), random_digits(seeds, 2, 5)])
    return render(body, weighted_check(body, INN10))


def gen_snils(seeds: U64, formatted: bool | NDArray[np.bool_] = True) -> Strings:
    """SNILS above 001-001-998 (so the check number is binding), `XXX-XXX-XXX YY` or 11 digits."""
    low = 1_001_999
    body = digits(below(seeds, 0, 999_999_999 - low + 1) + low, 9)
    check = snils_check(body)
    pretty = render(body[:, :3], "-", body[:, 3:6], "-", body[:, 6:], " ", check)
    return np.where(formatted, pretty, render(body, check))


def gen_passport(seeds: U64, style: str | NDArray[np.str_] = "spaced") -> Strings:
    """Passport RF: series = OKATO region + form year, number 000001-999999.
    `style` per value: spaced '45 10 123456', compact '4510 123456' or digits '4510123456'."""
    region = pick(seeds, 0, OKATO_REGIONS, 2)
    year = pick(seeds, 1, (97, 98, 99, *range(0, 25)), 2)
    number = digits(below(seeds, 2, 999_999) + 1, 6)
    spaced = render(region, " ", year, " ", number)
    compact = render(region, year, " ", number)
    plain = render(region, year, number)
    return np.where(style == "digits", plain, np.where(style == "compact", compact, spaced))


def gen_oms(seeds: U64) -> Strings:
    """16-digit single-format OMS policy number (ЕНП): OKATO region, 13 random digits and the
    check digit of `is_valid_oms` (equal to the Luhn digit of the first 15, see there)."""
    body = np.hstack([pick(seeds, 0, OKATO_REGIONS, 2), random_digits(seeds, 1, 13)])
    return render(body, luhn_digit(body))


def gen_bank_card(seeds: U64, grouped: bool | NDArray[np.bool_] = False) -> Strings:
    """16-digit card number with a Russian-looking BIN (Mir 2200-2204, Visa, Mastercard) and a
    valid Luhn digit; `grouped` gives '2200 1234 5678 9012'."""
    body = np.hstack([pick(seeds, 0, CARD_PREFIXES, 4), random_digits(seeds, 1, 11)])
    full = np.hstack([body, luhn_digit(body)])
    return np.where(grouped, render_grouped(full + 48), render(full))


def _bban(country: str, seeds: U64) -> Matrix:
    """The BBAN of `country` as ASCII codes: DE bank code 8 + account 10; GB bank 4 letters +
    sort code 6 + account 8; FR bank 5 + branch 5 + account 11 + RIB key 2."""
    if country == "DE":
        bank = digits(below(seeds, 2, 80_000_000) + 10_000_000, 8)
        return np.hstack([bank, random_digits(seeds, 3, 10)]) + 48
    if country == "GB":
        banks = np.frombuffer("".join(_GB_BANKS).encode(), dtype=np.uint8).reshape(-1, 4)
        letters = banks[below(seeds, 2, len(_GB_BANKS))].astype(np.int64)
        return np.hstack([letters, random_digits(seeds, 3, 14) + 48])
    bank, branch = below(seeds, 2, 99_999) + 1, below(seeds, 3, 100_000)
    account = below(seeds, 4, 10**11)
    key = 97 - (89 * bank + 15 * branch + 3 * account) % 97
    return np.hstack([digits(bank, 5), digits(branch, 5), digits(account, 11), digits(key, 2)]) + 48


def gen_iban(
    seeds: U64, countries: NDArray[np.str_] | None = None, grouped: bool | NDArray[np.bool_] = False
) -> Strings:
    """IBANs (ISO 13616, mod-97 check digits) of DE, GB or FR; `countries` per value (codes
    outside those three, or None, choose one from the seed); `grouped` prints in fours."""
    chosen = np.asarray(IBAN_COUNTRIES)[below(seeds, 0, len(IBAN_COUNTRIES))]
    if countries is not None:
        chosen = np.where(np.isin(countries, IBAN_COUNTRIES), countries, chosen)
    out = np.empty(len(seeds), dtype=object)
    for country in IBAN_COUNTRIES:
        rows = chosen == country
        if not rows.any():
            continue
        bban = _bban(country, seeds[rows])
        code = np.frombuffer(country.encode() + b"00", dtype=np.uint8).astype(np.int64)
        check = 98 - mod97(np.hstack([bban, np.broadcast_to(code, (len(bban), 4))]))
        code = np.broadcast_to(code[:2], (len(bban), 2))
        full = np.hstack([code, digits(check, 2) + 48, bban])
        spaced = grouped if np.ndim(grouped) == 0 else np.asarray(grouped)[rows]
        out[rows] = np.where(spaced, render_grouped(full), render(full, digit_parts=False))
    return out


def gen_phone(seeds: U64, country: str = "RU") -> Strings:
    """E.164 mobile numbers: RU '+79XXXXXXXXX'; US '+1' NXX-NXX-XXXX (no N11 codes)."""
    if country == "RU":
        return render("+79", random_digits(seeds, 0, 9))
    area, exchange = below(seeds, 0, 800) + 200, below(seeds, 1, 800) + 200
    area = np.where(area % 100 == 11, area - 1, area)
    exchange = np.where(exchange % 100 == 11, exchange - 1, exchange)
    return render("+1", digits(area, 3), digits(exchange, 3), random_digits(seeds, 2, 4))


# ---- plain validators ----------------------------------------------------------------------

_SEPARATORS = re.compile(r"[\s\-()]")


def _plain_digits(text: str) -> str | None:
    compact = _SEPARATORS.sub("", str(text))
    return compact if compact.isascii() and compact.isdigit() else None


def _inn_digit(number: str, weights: Sequence[int]) -> int:
    return sum(int(c) * w for c, w in zip(number, weights, strict=False)) % 11 % 10


def is_valid_inn(text: str) -> bool:
    """A 10-digit (legal entity) or 12-digit (person) INN with valid check digit(s)."""
    number = _plain_digits(text)
    if number is None or len(number) not in (10, 12):
        return False
    if len(number) == 10:
        return _inn_digit(number, INN10) == int(number[9])
    return (_inn_digit(number, INN11), _inn_digit(number, INN12)) == (
        int(number[10]),
        int(number[11]),
    )


def is_valid_snils(text: str) -> bool:
    """11 digits whose check number is right; numbers up to 001-001-998 have no check number
    requirement, so any two digits pass there."""
    number = _plain_digits(text)
    if number is None or len(number) != 11:
        return False
    total = sum(int(c) * w for c, w in zip(number[:9], range(9, 0, -1), strict=True))
    return int(number[:9]) <= 1_001_998 or total % 101 % 100 == int(number[9:])


def is_valid_oms(text: str) -> bool:
    """16-digit single-format OMS policy (ЕНП), check digit by the FOMS mod-10 algorithm
    (order of FFOMS no. 79 of 07.04.2011): of the first 15 digits, those in odd places counted
    from the right form a number that is doubled; those in even places form a number written to
    its left; the digits of the result are summed; the check digit is what takes that sum up to
    the next multiple of 10. Doubling the number has the same digit sum as doubling each digit
    (every digit ≥ 5 carries 1 and loses 9 either way), so this is the Luhn check."""
    number = _plain_digits(text)
    if number is None or len(number) != 16:
        return False
    body = number[:15]
    odd, even = body[::-1][0::2][::-1], body[::-1][1::2][::-1]
    total = sum(int(c) for c in even + str(int(odd) * 2))
    return (10 - total % 10) % 10 == int(number[15])


def is_valid_passport(text: str) -> bool:
    """Passport RF shape: series 4 digits ('45 10' or '4510') and number 6 digits. There is no
    checksum, so this is a format check."""
    return re.fullmatch(r"\d{2} ?\d{2}[ №]*\d{6}", str(text).strip()) is not None


def luhn_ok(text: str) -> bool:
    """The Luhn check over the digits of `text` (spaces and dashes allowed)."""
    number = _plain_digits(text)
    if number is None or len(number) < 2:
        return False
    doubled = (int(c) * (1 + i % 2) for i, c in enumerate(reversed(number)))
    return sum(d - 9 if d > 9 else d for d in doubled) % 10 == 0


def is_valid_card(text: str) -> bool:
    """A payment card number: 13-19 digits passing Luhn."""
    number = _plain_digits(text)
    return number is not None and 13 <= len(number) <= 19 and luhn_ok(number)


def iban_ok(text: str) -> bool:
    """ISO 13616: country, two check digits, BBAN; the length of known countries; mod 97 = 1."""
    iban = re.sub(r"\s", "", str(text)).upper()
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]{11,30}", iban):
        return False
    if IBAN_LENGTHS.get(iban[:2], len(iban)) != len(iban):
        return False
    moved = iban[4:] + iban[:4]
    return int("".join(str(int(c, 36)) for c in moved)) % 97 == 1
