"""PII detection: name signals, value validators with checksums, suggestions, keys, apply."""

from __future__ import annotations

import copy
import random
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from etlx_desktop.core.anonymize.detect import (
    PiiKind,
    ScanResult,
    apply_suggestions,
    column_sample,
    detect_column,
    scan_module,
    scan_source,
)
from etlx_desktop.core.anonymize.detect.names import name_hits
from etlx_desktop.core.anonymize.detect.values import (
    is_address,
    is_bank_card,
    is_full_name_ru,
    is_phone,
)
from etlx_desktop.core.anonymize.ru_ids import (
    iban_ok,
    is_valid_inn,
    is_valid_snils,
    luhn_ok,
)
from etlx_desktop.core.metadata import Severity, load_module, validate_module
from etlx_desktop.core.metadata.vocabulary import PERSONAL_DATA_CATEGORIES
from etlx_desktop.core.resources import demo_dir

TODAY = date(2026, 11, 29)
DEMO_DB = demo_dir() / "shop.sqlite"


def detect(name: str, values: list[object]) -> tuple[PiiKind | None, float]:
    found = detect_column(name, column_sample(pd.Series(values, dtype=object)), today=TODAY)
    return (found.kind, found.confidence) if found else (None, 0.0)


def categories(result: ScanResult) -> dict[tuple[str, str], str]:
    return {(s.table, s.column): s.category for s in result.suggestions}


# --- the demo shop -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo_scan() -> ScanResult:
    return scan_source(f"sqlite:///{DEMO_DB}", today=TODAY)


def test_every_personal_column_of_the_demo_is_found(demo_scan: ScanResult) -> None:
    found = categories(demo_scan)
    assert {k: v for k, v in found.items() if k[0] == "customers"} == {
        ("customers", "id"): "dpv:IdentifyingPersonalData",
        ("customers", "full_name"): "pd:Name",
        ("customers", "gender"): "pd:Gender",
        ("customers", "email"): "pd:EmailAddress",
        ("customers", "phone"): "pd:TelephoneNumber",
        ("customers", "inn"): "pd:TaxIdentificationNumber",
        ("customers", "snils"): "pd:SocialSecurityNumber",
        ("customers", "birth_date"): "pd:BirthDate",
        ("customers", "city"): "pd:City",
        ("customers", "address"): "pd:PhysicalAddress",
    }
    assert found[("orders", "delivery_phone")] == "pd:TelephoneNumber"
    assert found[("orders", "comment")] == "dpv:PersonalData"
    assert set(found.values()) <= set(PERSONAL_DATA_CATEGORIES)
    assert all(s.confidence >= 0.5 for s in demo_scan.suggestions)


def test_demo_business_columns_are_not_personal(demo_scan: ScanResult) -> None:
    found = categories(demo_scan)
    for column in ("id", "sku", "name", "category", "price"):
        assert ("products", column) not in found
    for column in ("id", "ordered_at", "status", "amount"):
        assert ("orders", column) not in found
    for column in ("registered_at", "loyalty_level"):
        assert ("customers", column) not in found
    assert not [s for s in demo_scan.suggestions if s.table == "order_items"]
    identifying = [k for k, v in found.items() if v == "dpv:IdentifyingPersonalData"]
    assert identifying == [("customers", "id"), ("orders", "customer_id")]


def test_demo_rules(demo_scan: ScanResult) -> None:
    def rule(table: str, column: str) -> tuple[str, str | None, dict[str, object]]:
        found = demo_scan.suggestion(table, column)
        assert found is not None
        return found.rule.method, found.rule.key_domain, dict(found.rule.parameters or {})

    key = ("pseudonymize", "shop.customers", {"format": "integer"})
    assert rule("customers", "id") == key
    assert rule("orders", "customer_id") == key
    assert demo_scan.suggestion("orders", "customer_id").references == ("customers", "id")  # type: ignore[union-attr]
    name_rule = ("fake", None, {"kind": "full_name", "gender_column": "gender"})
    assert rule("customers", "full_name") == name_rule
    for column, kind in [("email", "email"), ("phone", "phone"), ("inn", "inn")]:
        assert rule("customers", column) == ("fake", None, {"kind": kind})
    assert rule("customers", "snils") == ("fake", None, {"kind": "snils"})
    assert rule("customers", "address") == ("fake", None, {"kind": "address"})
    assert rule("customers", "birth_date") == ("generalize", None, {"to": "month"})
    assert rule("customers", "city") == ("keep", None, {})
    assert rule("orders", "delivery_phone") == ("fake", None, {"kind": "phone"})
    assert rule("orders", "comment") == ("redact", None, {})
    quasi = {s.column for s in demo_scan.suggestions if s.quasi_identifier}
    assert quasi == {"gender", "city", "birth_date"}


def test_evidence_says_which_signals_fired(demo_scan: ScanResult) -> None:
    snils = demo_scan.suggestion("customers", "snils")
    assert snils is not None and snils.confidence >= 0.9
    sources = {signal.source for signal in snils.evidence}
    assert sources == {"name", "values"}
    share = next(s.share for s in snils.evidence if s.source == "values")
    assert share is not None and share > 0.95
    key = demo_scan.suggestion("customers", "id")
    assert key is not None and "primary key of 'customers'" in key.evidence[0].detail


def test_every_kind_has_a_known_category() -> None:
    from etlx_desktop.core.anonymize.detect import KINDS

    assert {info.category for info in KINDS.values()} <= set(PERSONAL_DATA_CATEGORIES)


# --- apply ---------------------------------------------------------------------------------


def test_apply_fills_only_columns_without_a_rule() -> None:
    module = load_module(demo_dir() / "shop.jsonld")
    for table, name in (("customers", "id"), ("customers", "gender"), ("orders", "customer_id")):
        column = next(c for c in module.table(table).table_schema.columns if c.name == name)
        column.anonymization = None  # as a scan first finds them
        column.personal_data = None
    module.table("customers").privacy = None
    before = copy.deepcopy(module)
    result = scan_module(module, demo_dir(), today=TODAY)
    changes = apply_suggestions(module, result)

    customers, orders = module.table("customers"), module.table("orders")
    columns = {c.name: c for c in customers.table_schema.columns}
    assert columns["id"].anonymization is not None
    assert columns["id"].anonymization.method == "pseudonymize"
    assert columns["id"].anonymization.key_domain == "demo-shop.customers"
    assert columns["id"].personal_data == "dpv:IdentifyingPersonalData"
    assert columns["gender"].personal_data == "pd:Gender"
    assert columns["gender"].anonymization is not None
    assert columns["gender"].anonymization.method == "keep"
    assert customers.privacy is not None and customers.privacy.quasi_identifiers == ["gender"]
    child = next(c for c in orders.table_schema.columns if c.name == "customer_id")
    assert child.anonymization == columns["id"].anonymization  # the keys keep joining
    # columns that had a rule are untouched
    for table_before, table_after in zip(before.tables, module.tables, strict=True):
        for old, new in zip(
            table_before.table_schema.columns, table_after.table_schema.columns, strict=True
        ):
            if old.anonymization is not None:
                assert new == old
    assert sorted(changes) == [
        "customers.gender: pd:Gender, keep",
        "customers.id: dpv:IdentifyingPersonalData, pseudonymize (format=integer) "
        "keyDomain=demo-shop.customers",
        "customers: quasi-identifier gender",
        "orders.customer_id: dpv:IdentifyingPersonalData, pseudonymize (format=integer) "
        "keyDomain=demo-shop.customers",
    ]
    assert [p for p in validate_module(module) if p.severity is Severity.ERROR] == []
    assert apply_suggestions(module, result) == []  # a second time: nothing left to do


def test_a_foreign_key_takes_its_parents_existing_rule() -> None:
    module = load_module(demo_dir() / "shop.jsonld")
    result = scan_module(module, demo_dir(), today=TODAY)
    parent = module.table("customers").table_schema.columns[0]
    from etlx_desktop.core.metadata import AnonymizationRule

    parent.anonymization = AnonymizationRule(method="hash", parameters={"length": 12})
    apply_suggestions(module, result)
    child = module.table("orders").table_schema.columns[1]
    assert child.anonymization == AnonymizationRule(
        method="hash", key_domain="customers.id", parameters={"length": 12}
    )


def test_apply_respects_the_confidence_threshold(demo_scan: ScanResult) -> None:
    module = copy.deepcopy(demo_scan.module)
    assert apply_suggestions(module, demo_scan, min_confidence=0.99) == []
    changed = apply_suggestions(module, demo_scan, min_confidence=0.5)
    assert len([c for c in changed if "." in c.split(":")[0]]) == len(demo_scan.suggestions)
    errors = [p for p in validate_module(module) if p.severity is Severity.ERROR]
    assert [p.path for p in errors] == ["keyRef"], "keyed rules need the module's key"
    module.key_ref = "env:ETLX_SHOP_KEY"
    assert [p for p in validate_module(module) if p.severity is Severity.ERROR] == []


# --- PostgreSQL, Russian and transliterated names ------------------------------------------

SURNAMES = ["Иванов", "Петров", "Смирнов", "Кузнецов", "Попов", "Соколов", "Лебедев"]
MEN = ["Иван", "Пётр", "Алексей", "Дмитрий", "Сергей", "Андрей"]
WOMEN = ["Анна", "Мария", "Елена", "Ольга", "Татьяна", "Наталья"]
# a father's name -> the patronymic of a son and of a daughter
PATRONYMICS = [
    ("Иванович", "Ивановна"),
    ("Петрович", "Петровна"),
    ("Алексеевич", "Алексеевна"),
    ("Дмитриевич", "Дмитриевна"),
    ("Сергеевич", "Сергеевна"),
    ("Никитич", "Никитична"),
    ("Ильич", "Ильинична"),
]
STREETS = ["ул. Ленина", "пр-т Мира", "Садовая улица", "пер. Малый", "наб. Фонтанки"]
CITIES = ["Москва", "Санкт-Петербург", "Казань", "Новосибирск", "Тверь"]


def _luhn_completed(body: str) -> str:
    return body + next(d for d in "0123456789" if luhn_ok(body + d))


def _card(rng: random.Random) -> str:
    number = _luhn_completed(rng.choice(["4276", "5469", "2202"]) + _digits(rng, 11))
    return " ".join(number[i : i + 4] for i in range(0, 16, 4))


def _oms(rng: random.Random) -> str:
    """A single-format OMS number (ЕНП): region, 13 digits, the check digit (Luhn's)."""
    return _luhn_completed(rng.choice(["45", "50", "77", "78"]) + _digits(rng, 13))


def _digits(rng: random.Random, count: int) -> str:
    return "".join(rng.choices("0123456789", k=count))


def _klienty_rows(count: int) -> list[str]:
    rng = random.Random(7)
    rows = []
    for index in range(count):
        woman = index % 2 == 1
        surname = rng.choice(SURNAMES) + ("а" if woman else "")
        first = rng.choice(WOMEN if woman else MEN)
        middle = rng.choice(PATRONYMICS)[1 if woman else 0]
        phone = rng.choice(["+7 (9{}) {}-{}-{}", "8-9{}-{}-{}-{}", "79{}{}{}{}"]).format(
            rng.randint(10, 99), rng.randint(100, 999), rng.randint(10, 99), rng.randint(10, 99)
        )
        born = date(1950, 1, 1) + timedelta(days=rng.randint(0, 365 * 55))
        passport = f"{rng.randint(1000, 9999)} {rng.randint(100000, 999999)}"
        oms = _oms(rng)
        address = f"{rng.choice(STREETS)}, д. {rng.randint(1, 99)}, кв. {rng.randint(1, 300)}"
        values = [
            surname, first, middle, "Ж" if woman else "М", phone, born.isoformat(), _card(rng),
            passport, oms, rng.choice(CITIES), address, f"{rng.randint(100, 99999)}.50", "active",
        ]  # fmt: skip
        rows.append("(" + ", ".join(f"'{v}'" for v in values) + ")")
    return rows


def test_postgres_russian_and_transliterated_columns(
    postgres_database: str, run_sql: Callable[[str, list[str]], None]
) -> None:
    run_sql(
        postgres_database,
        [
            """CREATE TABLE klienty (
                id serial PRIMARY KEY, "фамилия" text, imya text, otchestvo text, pol char(1),
                telefon text, data_rozhdeniya date, nomer_karty text, pasport text,
                polis_oms text, gorod text, "адрес" text, summa numeric(12, 2), status text)""",
            'INSERT INTO klienty ("фамилия", imya, otchestvo, pol, telefon, data_rozhdeniya, '
            'nomer_karty, pasport, polis_oms, gorod, "адрес", summa, status) VALUES '
            + ", ".join(_klienty_rows(80)),
            """CREATE TABLE zakazy (id serial PRIMARY KEY,
                klient_id int NOT NULL REFERENCES klienty(id), summa numeric(12, 2),
                kommentariy text)""",
            "INSERT INTO zakazy (klient_id, summa, kommentariy) "
            "SELECT 1 + mod(g, 80), g * 10.5, CASE WHEN mod(g, 3) = 0 THEN "
            "'Перезвонить по номеру +7 916 555-12-' || (10 + mod(g, 80)) "
            "ELSE 'Оставить у двери, домофон не работает' END FROM generate_series(1, 200) g",
        ],
    )
    result = scan_source(postgres_database, today=TODAY)
    module = result.module.identifier
    found = {(s.table, s.column): s for s in result.suggestions}
    expected = {
        "фамилия": ("pd:Name", PiiKind.LAST_NAME),
        "imya": ("pd:Name", PiiKind.FIRST_NAME),
        "otchestvo": ("pd:Name", PiiKind.MIDDLE_NAME),
        "pol": ("pd:Gender", PiiKind.GENDER),
        "telefon": ("pd:TelephoneNumber", PiiKind.PHONE),
        "data_rozhdeniya": ("pd:BirthDate", PiiKind.BIRTH_DATE),
        "nomer_karty": ("pd:PaymentCardNumber", PiiKind.BANK_CARD),
        "pasport": ("pd:PassportNumber", PiiKind.PASSPORT),
        "polis_oms": ("pd:HealthInsuranceNumber", PiiKind.OMS),
        "gorod": ("pd:City", PiiKind.CITY),
        "адрес": ("pd:PhysicalAddress", PiiKind.ADDRESS),
        "id": ("dpv:IdentifyingPersonalData", PiiKind.PERSON_KEY),
    }
    for column, (category, kind) in expected.items():
        suggestion = found.get(("klienty", column))
        assert suggestion is not None, column
        assert (suggestion.category, suggestion.kind) == (category, kind), column
        assert suggestion.confidence >= 0.5, column
    assert ("klienty", "summa") not in found and ("klienty", "status") not in found
    surname = found[("klienty", "фамилия")].rule
    assert surname.parameters == {"kind": "last_name", "gender_column": "pol"}
    assert found[("klienty", "nomer_karty")].rule.parameters == {"kind": "bank_card"}
    card_share = [s.share for s in found[("klienty", "nomer_karty")].evidence if s.share]
    assert card_share == [1.0]
    key = found[("zakazy", "klient_id")]
    assert key.rule.method == "pseudonymize" and key.rule.key_domain == f"{module}.klienty"
    assert found[("klienty", "id")].rule.key_domain == f"{module}.klienty"
    assert found[("zakazy", "kommentariy")].category == "dpv:PersonalData"
    assert ("zakazy", "id") not in found and ("zakazy", "summa") not in found


# --- names alone, values alone -------------------------------------------------------------

SNILS = ["112-233-445 95", "253-660-082 62", "294-846-168 31", "576-075-308 13", "478-793-849 86"]


def test_values_alone_find_snils_in_a_column_named_x1() -> None:
    kind, confidence = detect("x1", SNILS * 4)
    assert kind is PiiKind.SNILS and confidence >= 0.8


def test_a_column_named_email_holding_numbers_gets_low_confidence() -> None:
    kind, confidence = detect("email", list(range(100, 140)))
    assert kind is PiiKind.EMAIL and confidence < 0.3
    found = detect_column("email", column_sample(pd.Series(range(100, 140))), today=TODAY)
    assert found is not None
    assert any("0% of 40 sampled values are e-mail" in s.detail for s in found.signals)


def test_names_alone_when_there_are_no_values() -> None:
    for name, kind in [
        ("telefon", PiiKind.PHONE),
        ("Дата рождения", PiiKind.BIRTH_DATE),
        ("nomerKarty", PiiKind.BANK_CARD),
        ("ФИО", PiiKind.FULL_NAME),
        ("e-mail", PiiKind.EMAIL),
        ("snils", PiiKind.SNILS),
    ]:
        found, confidence = detect(name, [])
        assert found is kind, name
        assert 0.5 <= confidence <= 0.6, name


def test_values_beat_the_name() -> None:
    phones = ["+7 916 123-45-67", "8 (903) 765-43-21", "79261234567"] * 5
    assert detect("email", phones)[0] is PiiKind.PHONE
    assert detect("contact", ["ivan@example.org", "olga.p@example.com"] * 5)[0] is PiiKind.EMAIL
    assert detect("c7", ["4111 1111 1111 1111", "5555555555554444"] * 5)[0] is PiiKind.BANK_CARD
    assert detect("acct", ["GB82WEST12345698765432", "DE89370400440532013000"] * 5)[0] is (
        PiiKind.IBAN
    )
    assert detect("col", ["Иванов Иван Иванович", "Петрова Анна Сергеевна"] * 5)[0] is (
        PiiKind.FULL_NAME
    )


def test_the_name_decides_between_kinds_whose_checks_overlap() -> None:
    rng = random.Random(1)
    policies = [_oms(rng) for _ in range(20)]  # 16 digits passing Luhn: also card-shaped
    assert detect("polis_oms", policies)[0] is PiiKind.OMS
    assert detect("polis_oms", policies)[1] >= 0.7
    assert detect("c", policies)[0] is PiiKind.BANK_CARD
    assert detect("nomer_karty", policies)[0] is PiiKind.BANK_CARD


def test_names_and_values_agreeing_beat_either() -> None:
    phones = ["+7 916 123-45-67", "8 (903) 765-43-21"] * 5
    both, by_values, by_name = (
        detect("phone", phones)[1],
        detect("c", phones)[1],
        detect("phone", [])[1],
    )
    assert both > by_values and both > by_name


def test_non_personal_columns_get_no_suggestion() -> None:
    assert detect("name", ["Пылесос «Классик»", "Чайник «Эко»"] * 5) == (None, 0.0)
    assert detect("amount", [1200.5, 33.0, 7] * 5) == (None, 0.0)
    assert detect("created_at", ["2025-03-01 10:00:00", "2026-01-02 11:30:00"] * 5) == (None, 0.0)
    # recent dates are not birth dates, even without a time of day
    assert detect("d", ["2025-03-01", "2026-01-02", "2024-07-07"] * 5) == (None, 0.0)
    assert detect("order_no", [str(10_000_000_000 + i) for i in range(20)]) == (None, 0.0)


@pytest.mark.parametrize(
    "name",
    ["setting", "destination", "dinner", "winner", "shipping", "policy", "recipient", "pantry",
     "kartinka_url", "Tinkoff", "gorodskoy"],
)  # fmt: skip
def test_patterns_match_whole_tokens_only(name: str) -> None:
    assert name_hits(name) == []


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("customerEmail", PiiKind.EMAIL),
        ("IPAddress", PiiKind.IP_ADDRESS),
        ("ip", PiiKind.IP_ADDRESS),
        ("email_address", PiiKind.EMAIL),
        ("data_rozhdeniya", PiiKind.BIRTH_DATE),
        ("dataRozhdeniya", PiiKind.BIRTH_DATE),
        ("DOB", PiiKind.BIRTH_DATE),
        ("mesto_rozhdeniya", PiiKind.BIRTH_PLACE),
        ("nomer_karty", PiiKind.BANK_CARD),
        ("Номер карты", PiiKind.BANK_CARD),
        ("familiya", PiiKind.LAST_NAME),
        ("FIRST-NAME", PiiKind.FIRST_NAME),
        ("imya_polzovatelya", PiiKind.USERNAME),
        ("pochtovyy_indeks", PiiKind.POSTAL_CODE),
        ("Индекс", PiiKind.POSTAL_CODE),
        ("polis_oms", PiiKind.OMS),
        ("tel2", PiiKind.PHONE),
        ("ТЕЛЕФОН_МОБИЛЬНЫЙ", PiiKind.PHONE),
        ("gorod", PiiKind.CITY),
        ("sex", PiiKind.GENDER),
        ("комментарий", PiiKind.FREE_TEXT),
    ],
)
def test_name_patterns(name: str, kind: PiiKind) -> None:
    assert {hit.kind for hit in name_hits(name)} == {kind}


# --- value validators and checksums --------------------------------------------------------


def test_checksum_validators_accept_known_good_numbers() -> None:
    assert is_valid_inn("7707083893") and is_valid_inn("500100732259")
    assert is_valid_snils("112-233-445 95") and is_valid_snils("11223344595")
    assert luhn_ok("4111111111111111") and luhn_ok("5555555555554444")
    assert iban_ok("GB82 WEST 1234 5698 7654 32") and iban_ok("DE89370400440532013000")


def test_checksum_validators_reject_near_misses() -> None:
    assert not is_valid_inn("7707083894")  # check digit changed
    assert not is_valid_inn("7707183893")  # a middle digit changed
    assert not is_valid_inn("500100732258") and not is_valid_inn("500100742259")
    assert not is_valid_snils("112-233-445 96") and not is_valid_snils("112-233-455 95")
    assert not luhn_ok("4111111111111112") and not luhn_ok("4111111111111211")
    assert not iban_ok("GB82WEST12345698765433") and not iban_ok("GB82WEST1234569876543")
    assert not is_valid_inn("77070838") and not is_valid_snils("112-233-445")


def _one_digit_changed(number: str, position: int, delta: int) -> str:
    digits = list(number)
    digits[position] = str((int(digits[position]) + delta) % 10)
    return "".join(digits)


@given(st.integers(min_value=0, max_value=15), st.integers(min_value=1, max_value=9))
def test_luhn_catches_every_single_digit_change(position: int, delta: int) -> None:
    assert not luhn_ok(_one_digit_changed("4276380012345679", position, delta))


@given(st.integers(min_value=2, max_value=21), st.integers(min_value=1, max_value=9))
def test_iban_catches_every_single_digit_change(position: int, delta: int) -> None:
    assert not iban_ok(_one_digit_changed("DE89370400440532013000", position, delta))


@given(st.integers(min_value=1, max_value=9))
def test_inn_and_snils_catch_every_change_of_a_check_digit(delta: int) -> None:
    assert not is_valid_inn(_one_digit_changed("7707083893", 9, delta))
    assert not is_valid_inn(_one_digit_changed("500100732259", 11, delta))
    assert not is_valid_snils(_one_digit_changed("11223344595", 10, delta))


def test_value_validators() -> None:
    assert all(map(is_phone, ["+7 916 123-45-67", "8 (903) 765-43-21", "+44 20 7946 0958"]))
    assert not any(map(is_phone, ["12345", "+7 916 123", "8 (103) 765-43-21", "tel 12"]))
    assert is_full_name_ru("Кириллова Нинель Мироновна")
    assert is_full_name_ru("Иван Петрович Сидоров")
    assert not is_full_name_ru("Пылесос Классик Эко") and not is_full_name_ru("Иванов Иван")
    assert is_address("пр. Кольцова, д. 5, кв. 290") and is_address("221B Baker Street")
    assert not is_address("Подъезд 2, этаж 5") and not is_address("ул. Ленина")
    assert is_bank_card("4111-1111-1111-1111") and not is_bank_card("1111111111111111")


def test_integer_columns_get_their_lost_leading_zeros_back() -> None:
    # INN 023688091066 stored as a number loses its leading zero
    assert detect("x", [23688091066, 500100732259] * 5)[0] is PiiKind.INN


def test_tables_that_cannot_be_read_are_judged_by_their_names(tmp_path: Path) -> None:
    module = copy.deepcopy(load_module(demo_dir() / "shop.jsonld"))
    result = scan_module(module, tmp_path, today=TODAY)  # shop.sqlite is not in tmp_path
    assert set(result.errors) == {"customers", "products", "orders", "order_items"}
    email = result.suggestion("customers", "email")
    assert email is not None and email.confidence == 0.6
