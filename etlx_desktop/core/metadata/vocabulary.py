"""Closed word lists of the metadata that are not model enums."""

from __future__ import annotations

# Personal-data categories from DPV (dpv:) and its PD extension (pd:) that the product uses.
PERSONAL_DATA_CATEGORIES: tuple[str, ...] = (
    "dpv:PersonalData",
    "dpv:IdentifyingPersonalData",
    "dpv:SensitivePersonalData",
    "dpv:SpecialCategoryPersonalData",
    "pd:Identifying",
    "pd:Name",
    "pd:Username",
    "pd:EmailAddress",
    "pd:TelephoneNumber",
    "pd:PhysicalAddress",
    "pd:PostalCode",
    "pd:Location",
    "pd:City",
    "pd:Country",
    "pd:BirthDate",
    "pd:BirthPlace",
    "pd:Age",
    "pd:AgeRange",
    "pd:Gender",
    "pd:Nationality",
    "pd:OfficialID",
    "pd:PassportNumber",
    "pd:TaxIdentificationNumber",
    "pd:SocialSecurityNumber",
    "pd:HealthInsuranceNumber",
    "pd:BankAccount",
    "pd:PaymentCardNumber",
    "pd:CreditCardNumber",
    "pd:Financial",
    "pd:Income",
    "pd:Salary",
    "pd:Transaction",
    "pd:IPAddress",
    "pd:DeviceBased",
    "pd:Health",
    "pd:MedicalHealth",
    "pd:HealthRecord",
    "pd:Demographic",
    "pd:Contact",
)

# Built-in normalizers a TransformStep may name (implemented by the pipeline).
NORMALIZERS: tuple[str, ...] = (
    "trim",
    "lower",
    "upper",
    "title",
    "parse_dates",
    "phone_e164",
    "deduplicate",
)

SQL_SOURCES = ("postgresql", "mysql", "sqlite")
