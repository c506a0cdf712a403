"""The built-in anonymization methods and their parameter schemas."""

from __future__ import annotations

from .registry import KeyDomainUse, MethodSpec, ParamSpec, ParamType

P = ParamType
DPV = "https://w3id.org/dpv#"
ETLX = "https://w3id.org/etlx/ns#"

FAKE_KINDS = (
    "full_name",
    "first_name",
    "last_name",
    "middle_name",
    "email",
    "phone",
    "address",
    "city",
    "company",
    "birth_date",
    "inn",
    "inn_legal",
    "snils",
    "passport",
    "oms",
    "bank_card",
    "iban",
)
PSEUDONYM_FORMATS = ("auto", "integer", "uuid", "email", "phone_ru", "inn", "snils", "string")

BUILTIN_METHODS: tuple[MethodSpec, ...] = (
    MethodSpec(
        "keep",
        "Copy the value unchanged (an explicit decision, shown as such).",
        technique=ETLX + "NoAnonymization",
    ),
    MethodSpec(
        "hash",
        "Keyed hash (HMAC-SHA256 or keyed BLAKE2b) with the module's secret key.",
        (
            ParamSpec(
                "algorithm",
                P.STRING,
                "Keyed hash function.",
                default="hmac-sha256",
                choices=("hmac-sha256", "blake2b"),
            ),
            ParamSpec(
                "encoding",
                P.STRING,
                "Output encoding.",
                default="hex",
                choices=("hex", "base32", "numeric"),
            ),
            ParamSpec(
                "length", P.INTEGER, "Keep only the first N characters.", minimum=4, maximum=128
            ),
        ),
        KeyDomainUse.OPTIONAL,
        DPV + "HashFunctions",
    ),
    MethodSpec(
        "pseudonymize",
        "Deterministic, shape-preserving pseudonym per key domain; keys still join.",
        (
            ParamSpec(
                "format",
                P.STRING,
                "Shape of the output.",
                default="auto",
                choices=PSEUDONYM_FORMATS,
            ),
        ),
        KeyDomainUse.REQUIRED,
        DPV + "DeterministicPseudonymisation",
    ),
    MethodSpec(
        "fake",
        "Realistic fake values drawn from pools indexed by the keyed hash.",
        (
            ParamSpec("kind", P.STRING, "What to generate.", required=True, choices=FAKE_KINDS),
            ParamSpec(
                "locale", P.STRING, "Faker locale.", default="ru_RU", choices=("ru_RU", "en_US")
            ),
            ParamSpec("gender_column", P.STRING, "Column with the gender (M/F) for names."),
            ParamSpec(
                "min_age", P.INTEGER, "Youngest age for birth dates.", minimum=0, maximum=130
            ),
            ParamSpec("max_age", P.INTEGER, "Oldest age for birth dates.", minimum=0, maximum=130),
            ParamSpec(
                "deterministic", P.BOOLEAN, "Same input gives the same fake value.", default=True
            ),
        ),
        KeyDomainUse.OPTIONAL,
        DPV + "UseSyntheticData",
    ),
    MethodSpec(
        "mask",
        "Replace characters with a mask character, keeping some at either end.",
        (
            ParamSpec(
                "keep_first", P.INTEGER, "Characters kept at the start.", default=0, minimum=0
            ),
            ParamSpec("keep_last", P.INTEGER, "Characters kept at the end.", default=0, minimum=0),
            ParamSpec("mask_char", P.STRING, "The mask character.", default="*"),
            ParamSpec("keep_domain", P.BOOLEAN, "Keep an email's domain.", default=False),
            ParamSpec(
                "keep_separators", P.BOOLEAN, "Keep spaces, dashes, brackets, dots.", default=True
            ),
        ),
        technique=ETLX + "PartialMasking",
    ),
    MethodSpec(
        "redact",
        "Replace every value with a fixed marker.",
        (ParamSpec("replacement", P.STRING, "The marker.", default="[REDACTED]"),),
        technique=DPV + "DataRedaction",
    ),
    MethodSpec("null", "Replace every value with null.", technique=DPV + "DataRedaction"),
    MethodSpec(
        "constant",
        "Replace every value with one constant.",
        (ParamSpec("value", P.SCALAR, "The constant.", required=True),),
        technique=DPV + "DataRedaction",
    ),
    MethodSpec(
        "regex_replace",
        "Replace the matches of a regular expression.",
        (
            ParamSpec("pattern", P.REGEX, "What to replace.", required=True),
            ParamSpec(
                "replacement", P.STRING, "Replacement (\\1 refers to groups).", required=True
            ),
        ),
        technique=ETLX + "PartialMasking",
    ),
    MethodSpec(
        "generalize",
        "Make values coarser: dates to periods, ages to bands, numbers to bins, prefixes.",
        (
            ParamSpec(
                "to",
                P.STRING,
                "Kind of generalization.",
                required=True,
                choices=("year", "month", "week", "age_band", "bins", "round", "prefix", "mapping"),
            ),
            ParamSpec("bins", P.NUMBER_LIST, "Bin edges for bins and age_band."),
            ParamSpec("labels", P.STRING_LIST, "Labels of the bins."),
            ParamSpec("round_to", P.NUMBER, "Round numbers to a multiple of this.", minimum=0),
            ParamSpec("prefix_length", P.INTEGER, "Characters kept by prefix.", minimum=0),
            ParamSpec("fill", P.STRING, "Character filling the cut part.", default=""),
            ParamSpec("mapping", P.MAPPING, "Category -> broader category."),
        ),
        technique=ETLX + "Generalization",
        requires_when={
            "to": {
                "bins": ("bins",),
                "round": ("round_to",),
                "prefix": ("prefix_length",),
                "mapping": ("mapping",),
            }
        },
        same_length=(("labels", "bins"),),
    ),
    MethodSpec(
        "noise",
        "Add random noise to numbers, clamped to the column's declared range; each row's "
        "draw is keyed by the row itself, so it is the same in every run and chunk.",
        (
            ParamSpec(
                "distribution",
                P.STRING,
                "Noise distribution.",
                default="gaussian",
                choices=("gaussian", "laplace", "uniform"),
            ),
            ParamSpec("scale", P.NUMBER, "Spread of the noise.", required=True, minimum=0),
            ParamSpec("relative", P.BOOLEAN, "Scale is a fraction of the value.", default=False),
            ParamSpec("clamp", P.BOOLEAN, "Keep results within minimum/maximum.", default=True),
        ),
        technique=ETLX + "NoiseAddition",
    ),
    MethodSpec(
        "date_shift",
        "Shift dates by a keyed number of days, the same for every date of one entity.",
        (
            ParamSpec("max_days", P.INTEGER, "Largest shift either way.", required=True, minimum=1),
            ParamSpec("entity_column", P.STRING, "Column naming the entity (e.g. customer_id)."),
        ),
        KeyDomainUse.OPTIONAL,
        ETLX + "DateShifting",
    ),
    MethodSpec(
        "shuffle",
        "Permute the column within the table, optionally within groups.",
        (ParamSpec("group_by", P.STRING_LIST, "Shuffle within these groups."),),
        technique=ETLX + "Shuffling",
    ),
    MethodSpec(
        "k_anonymize",
        "Generalize and suppress quasi-identifiers until each combination occurs k times.",
        (
            ParamSpec(
                "quasi_identifiers", P.STRING_LIST, "Quasi-identifier columns.", required=True
            ),
            ParamSpec("k", P.INTEGER, "Smallest allowed group size.", required=True, minimum=2),
            ParamSpec(
                "max_suppression",
                P.NUMBER,
                "Largest fraction of rows suppressed.",
                default=0.05,
                minimum=0,
                maximum=1,
            ),
        ),
        technique=DPV + "Anonymisation",
    ),
)
