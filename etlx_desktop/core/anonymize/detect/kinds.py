"""The kinds of personal data the detector knows, with their DPV category."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class PiiKind(StrEnum):
    """What a column holds, as the detector sees it."""

    PERSON_KEY = "person_key"
    FULL_NAME = "full_name"
    FIRST_NAME = "first_name"
    LAST_NAME = "last_name"
    MIDDLE_NAME = "middle_name"
    USERNAME = "username"
    EMAIL = "email"
    PHONE = "phone"
    INN = "inn"
    SNILS = "snils"
    PASSPORT = "passport"
    OMS = "oms"
    BANK_CARD = "bank_card"
    IBAN = "iban"
    IP_ADDRESS = "ip_address"
    BIRTH_DATE = "birth_date"
    BIRTH_PLACE = "birth_place"
    ADDRESS = "address"
    CITY = "city"
    POSTAL_CODE = "postal_code"
    GENDER = "gender"
    FREE_TEXT = "free_text"


@dataclass(frozen=True)
class KindInfo:
    """The DPV category of a kind, whether it is a quasi-identifier, and a label for people."""

    category: str
    label: str
    quasi_identifier: bool = False
    direct: bool = False  # identifies a person on its own (makes its table a "person" table)


KINDS: dict[PiiKind, KindInfo] = {
    PiiKind.PERSON_KEY: KindInfo("dpv:IdentifyingPersonalData", "key of a person"),
    PiiKind.FULL_NAME: KindInfo("pd:Name", "full name", direct=True),
    PiiKind.FIRST_NAME: KindInfo("pd:Name", "first name", direct=True),
    PiiKind.LAST_NAME: KindInfo("pd:Name", "last name", direct=True),
    PiiKind.MIDDLE_NAME: KindInfo("pd:Name", "patronymic", direct=True),
    PiiKind.USERNAME: KindInfo("pd:Username", "user name", direct=True),
    PiiKind.EMAIL: KindInfo("pd:EmailAddress", "e-mail address", direct=True),
    PiiKind.PHONE: KindInfo("pd:TelephoneNumber", "phone number", direct=True),
    PiiKind.INN: KindInfo("pd:TaxIdentificationNumber", "INN", direct=True),
    PiiKind.SNILS: KindInfo("pd:SocialSecurityNumber", "SNILS", direct=True),
    PiiKind.PASSPORT: KindInfo("pd:PassportNumber", "passport number", direct=True),
    PiiKind.OMS: KindInfo("pd:HealthInsuranceNumber", "OMS policy number", direct=True),
    PiiKind.BANK_CARD: KindInfo("pd:PaymentCardNumber", "bank card number", direct=True),
    PiiKind.IBAN: KindInfo("pd:BankAccount", "IBAN", direct=True),
    PiiKind.IP_ADDRESS: KindInfo("pd:IPAddress", "IP address"),
    PiiKind.BIRTH_DATE: KindInfo("pd:BirthDate", "birth date", quasi_identifier=True),
    PiiKind.BIRTH_PLACE: KindInfo("pd:BirthPlace", "birth place", quasi_identifier=True),
    PiiKind.ADDRESS: KindInfo("pd:PhysicalAddress", "postal address", direct=True),
    PiiKind.CITY: KindInfo("pd:City", "city", quasi_identifier=True),
    PiiKind.POSTAL_CODE: KindInfo("pd:PostalCode", "postal code", quasi_identifier=True),
    PiiKind.GENDER: KindInfo("pd:Gender", "gender", quasi_identifier=True),
    PiiKind.FREE_TEXT: KindInfo("dpv:PersonalData", "free text that may hold personal data"),
}

NAME_KINDS = frozenset(
    {PiiKind.FULL_NAME, PiiKind.FIRST_NAME, PiiKind.LAST_NAME, PiiKind.MIDDLE_NAME}
)
