"""Russian identifiers, cards and IBANs (`etlx_desktop.core.anonymize.ru_ids`): every generated
value passes an independent validator written here (not the module's own), the module's
validators agree with these on arbitrary input, and generation is a pure function of the seed."""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from etlx_desktop.core.anonymize import ru_ids

# ---- independent validators (the tests' own reading of the published rules) -----------------


def digits_only(text: str) -> str:
    return "".join(c for c in text if c in "0123456789")


def inn_ok(text: str) -> bool:
    """ФНС: 10 digits, n10 = (Σ w·d mod 11) mod 10; 12 digits, n11 and n12 the same way."""
    if not re.fullmatch(r"\d{10}|\d{12}", text):
        return False
    d = [int(c) for c in text]

    def control(weights: list[int]) -> int:
        total = 0
        for weight, digit in zip(weights, d, strict=False):
            total += weight * digit
        return (total % 11) % 10

    if len(d) == 10:
        return control([2, 4, 10, 3, 5, 9, 4, 6, 8]) == d[9]
    return (
        control([7, 2, 4, 10, 3, 5, 9, 4, 6, 8]) == d[10]
        and control([3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8]) == d[11]
    )


def snils_ok(text: str) -> bool:
    """ПФР: checked only above 001-001-998; Σ d_i·(10-i) for i = 1..9; < 100: itself; 100 or
    101: 00; > 101: remainder mod 101, and 100 again becomes 00."""
    number = digits_only(text)
    if len(number) != 11 or not re.fullmatch(r"\d{3}-?\d{3}-?\d{3}[ -]?\d{2}", text):
        return False
    if int(number[:9]) <= 1001998:
        return True
    total = sum(int(number[i]) * (9 - i) for i in range(9))
    if total < 100:
        expected = total
    elif total in (100, 101):
        expected = 0
    else:
        expected = total % 101
        if expected == 100:
            expected = 0
    return int(number[9:]) == expected


def luhn(text: str) -> bool:
    """Luhn: from the right, every second digit doubled (digits of the product summed)."""
    number = digits_only(text)
    total = 0
    for i, c in enumerate(number[::-1]):
        product = int(c) * (1 + i % 2)
        total += product // 10 + product % 10
    return len(number) > 1 and total % 10 == 0


def oms_ok(text: str) -> bool:
    """ЕНП check digit as FOMS describes it, digit by digit: the digits in odd places of the first
    15 counted from the right, each doubled, written after those in even places; digit sum;
    control = 10 - last digit of the sum (0 if that is 0)."""
    if not re.fullmatch(r"\d{16}", text):
        return False
    body = text[:15]
    odd = [str(int(body[i]) * 2) for i in range(14, -1, -2)]
    even = [body[i] for i in range(13, -1, -2)]
    total = sum(int(c) for c in "".join(even) + "".join(odd))
    return (0 if total % 10 == 0 else 10 - total % 10) == int(text[15])


IBAN_LENGTH = {"DE": 22, "GB": 22, "FR": 27}


def iban_valid(text: str) -> bool:
    """ISO 13616: move the first four characters to the end, letters to 10..35, mod 97 == 1."""
    compact = text.replace(" ", "")
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]+", compact):
        return False
    if compact[:2] in IBAN_LENGTH and len(compact) != IBAN_LENGTH[compact[:2]]:
        return False
    moved = compact[4:] + compact[:4]
    number = "".join(str(ord(c) - 55) if c.isalpha() else c for c in moved)
    return int(number) % 97 == 1


def rib_ok(iban: str) -> bool:
    """French RIB key: 97 - ((89·bank + 15·branch + 3·account) mod 97)."""
    bban = iban.replace(" ", "")[4:]
    bank, branch, account, key = bban[:5], bban[5:10], bban[10:21], bban[21:]
    return 97 - (89 * int(bank) + 15 * int(branch) + 3 * int(account)) % 97 == int(key)


# ---- generators -----------------------------------------------------------------------------

seed_arrays = st.lists(st.integers(0, 2**64 - 1), min_size=1, max_size=200).map(
    lambda xs: np.array(xs, dtype=np.uint64)
)
MANY = np.random.default_rng(7).integers(0, 2**63, 20_000, dtype=np.uint64) * np.uint64(2)


@given(seed_arrays)
@settings(max_examples=60, deadline=None)
def test_generated_identifiers_pass_independent_validators(seeds: np.ndarray) -> None:
    assert all(inn_ok(s) and len(s) == 12 for s in ru_ids.gen_inn_person(seeds))
    assert all(inn_ok(s) and len(s) == 10 for s in ru_ids.gen_inn_legal(seeds))
    assert all(snils_ok(s) for s in ru_ids.gen_snils(seeds))
    assert all(snils_ok(s) for s in ru_ids.gen_snils(seeds, formatted=False))
    assert all(oms_ok(s) for s in ru_ids.gen_oms(seeds))
    assert all(luhn(s) for s in ru_ids.gen_bank_card(seeds))
    assert all(iban_valid(s) for s in ru_ids.gen_iban(seeds))
    assert all(iban_valid(s) for s in ru_ids.gen_iban(seeds, grouped=True))


def test_many_generated_values_are_valid_and_well_formed() -> None:
    inn12, inn10 = ru_ids.gen_inn_person(MANY), ru_ids.gen_inn_legal(MANY)
    assert all(map(inn_ok, inn12)) and all(map(inn_ok, inn10))
    assert int(inn12[0][:2]) in ru_ids.INN_REGIONS
    snils = ru_ids.gen_snils(MANY)
    assert all(re.fullmatch(r"\d{3}-\d{3}-\d{3} \d{2}", s) for s in snils)
    assert all(map(snils_ok, snils))
    assert all(int(digits_only(s)[:9]) > 1001998 for s in snils)
    assert all(map(oms_ok, ru_ids.gen_oms(MANY)))
    cards = ru_ids.gen_bank_card(MANY)
    assert all(re.fullmatch(r"(220[0-4]|4\d{3}|5\d{3})\d{12}", c) for c in cards)
    assert all(map(luhn, cards))
    assert {c[:4] for c in cards} >= {"2200", "2204"}  # Mir is there
    grouped = ru_ids.gen_bank_card(MANY[:100], grouped=True)
    assert all(re.fullmatch(r"\d{4} \d{4} \d{4} \d{4}", c) and luhn(c) for c in grouped)


def test_ibans_have_their_countrys_length_and_fr_rib_key() -> None:
    ibans = ru_ids.gen_iban(MANY)
    assert {i[:2] for i in ibans} == {"DE", "GB", "FR"}
    assert all(len(i) == IBAN_LENGTH[i[:2]] and iban_valid(i) for i in ibans)
    assert all(rib_ok(i) for i in ibans if i.startswith("FR"))
    assert all(re.fullmatch(r"GB\d\d[A-Z]{4}\d{14}", i) for i in ibans if i.startswith("GB"))
    chosen = ru_ids.gen_iban(MANY[:50], countries=np.array(["GB"] * 25 + ["XX"] * 25))
    assert all(i.startswith("GB") for i in chosen[:25])
    grouped = ru_ids.gen_iban(MANY[:50], grouped=True)
    assert all(re.fullmatch(r"[A-Z]{2}\d\d( [A-Z0-9]{4})+( [A-Z0-9]{1,3})?", i) for i in grouped)


def test_passports_and_phones_have_their_formats() -> None:
    styles = np.array(["spaced", "compact", "digits"] * 10)
    passports = ru_ids.gen_passport(MANY[:30], style=styles)
    assert all(re.fullmatch(r"\d\d \d\d \d{6}", p) for p in passports[0::3])
    assert all(re.fullmatch(r"\d{4} \d{6}", p) for p in passports[1::3])
    assert all(re.fullmatch(r"\d{10}", p) for p in passports[2::3])
    assert all(int(p[:2]) in ru_ids.OKATO_REGIONS for p in passports)
    assert all(digits_only(p)[4:] != "000000" for p in ru_ids.gen_passport(MANY))
    assert all(re.fullmatch(r"\+79\d{9}", p) for p in ru_ids.gen_phone(MANY))
    us = ru_ids.gen_phone(MANY, "US")
    assert all(re.fullmatch(r"\+1[2-9]\d\d[2-9]\d{6}", p) for p in us)
    assert not any(p[3:5] == "11" or p[6:8] == "11" for p in us)  # no N11 codes


def test_generation_is_a_pure_function_of_each_seed() -> None:
    generators = [
        ru_ids.gen_inn_person,
        ru_ids.gen_inn_legal,
        ru_ids.gen_snils,
        ru_ids.gen_passport,
        ru_ids.gen_oms,
        ru_ids.gen_bank_card,
        ru_ids.gen_iban,
        ru_ids.gen_phone,
    ]
    for generate in generators:
        whole = generate(MANY[:500])
        assert list(whole) == list(generate(MANY[:500].copy()))
        assert list(whole[100:200]) == list(generate(MANY[100:200]))  # not batch-dependent
        assert len(set(whole)) > 490
    assert len(ru_ids.gen_inn_person(np.array([], dtype=np.uint64))) == 0


# ---- validators ------------------------------------------------------------------------------


def test_validators_accept_known_good_values() -> None:
    assert ru_ids.is_valid_inn("7707083893") and ru_ids.is_valid_inn("500100732259")
    assert not ru_ids.is_valid_inn("7707083894") and not ru_ids.is_valid_inn("77070838")
    assert ru_ids.is_valid_snils("112-233-445 95") and ru_ids.is_valid_snils("11223344595")
    assert not ru_ids.is_valid_snils("112-233-445 96")
    assert ru_ids.luhn_ok("4111 1111 1111 1111") and not ru_ids.luhn_ok("4111 1111 1111 1112")
    assert ru_ids.is_valid_card("2200-0000-0000-0004") is luhn("2200000000000004")
    assert ru_ids.iban_ok("GB82 WEST 1234 5698 7654 32")
    assert ru_ids.iban_ok("DE89370400440532013000") and ru_ids.iban_ok(
        "fr1420041010050500013m02606"
    )
    assert not ru_ids.iban_ok("GB82 WEST 1234 5698 7654 33")
    assert not ru_ids.iban_ok("DE8937040044053201300")  # a digit short for Germany
    assert ru_ids.is_valid_passport("45 10 123456") and ru_ids.is_valid_passport("4510 123456")
    assert not ru_ids.is_valid_passport("45 10 12345")
    assert ru_ids.is_valid_oms("9154310844000019") is oms_ok("9154310844000019")


def _snils_with_sum(target: int) -> str:
    """A 9-digit SNILS number (above 001-001-998) whose weighted digit sum is `target`."""
    body, rest = "", target
    for weight in range(9, 0, -1):
        digit = min(9, rest // weight)
        body, rest = body + str(digit), rest - digit * weight
    assert rest == 0 and int(body) > 1001998
    return body


def test_snils_special_cases() -> None:
    for target in (100, 101):
        body = _snils_with_sum(target)
        assert ru_ids.is_valid_snils(body + "00") and snils_ok(body + "00")
        assert not ru_ids.is_valid_snils(body + "01")
    body = _snils_with_sum(201)  # 201 mod 101 = 100 -> 00
    assert ru_ids.is_valid_snils(body + "00") and not ru_ids.is_valid_snils(body + "99")
    # numbers up to 001-001-998 carry no check number requirement
    assert ru_ids.is_valid_snils("001-001-998 00") and ru_ids.is_valid_snils("001-001-998 57")
    assert snils_ok("001-001-999 00") is ru_ids.is_valid_snils("001-001-999 00")


@given(st.text(alphabet="0123456789", min_size=9, max_size=13))
@settings(max_examples=400, deadline=None)
def test_module_validators_agree_with_the_independent_ones(text: str) -> None:
    assert ru_ids.is_valid_inn(text) == inn_ok(text)
    if len(text) == 11:
        assert ru_ids.is_valid_snils(text) == snils_ok(text)
    assert ru_ids.luhn_ok(text) == luhn(text)


@given(st.text(alphabet="0123456789", min_size=16, max_size=16))
@settings(max_examples=300, deadline=None)
def test_oms_validator_agrees_with_the_digit_by_digit_reading(text: str) -> None:
    assert ru_ids.is_valid_oms(text) == oms_ok(text)
    # the official check digit is the Luhn digit of the first 15 (the generator relies on it)
    assert oms_ok(text) == luhn(text)


@pytest.mark.parametrize(
    ("generate", "check"),
    [(ru_ids.gen_oms, oms_ok), (ru_ids.gen_bank_card, luhn), (ru_ids.gen_iban, iban_valid)],
)
def test_a_single_changed_digit_is_caught(
    generate: Callable[[np.ndarray], np.ndarray], check: Callable[[str], bool]
) -> None:
    for value in generate(MANY[:200]):
        i = next(i for i in range(len(value) - 1, 0, -1) if value[i].isdigit())
        changed = value[:i] + str((int(value[i]) + 3) % 10) + value[i + 1 :]
        assert check(value) and not check(changed)
