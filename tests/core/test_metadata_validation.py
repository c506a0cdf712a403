"""Each broken document is refused at the exact JSON path, with a sentence saying what is allowed.

Every case starts from the demo document, breaks one thing, and checks the problems both through
`module_from_json` + `validate_module` and through `read_module` on a file.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from etlx_desktop.core.metadata import ModuleInvalid, Severity, load_module, read_module
from etlx_desktop.core.metadata.io import parse_json

from .helpers import (
    JSON_VALUES,
    SECRET,
    block_network,
    check_document,
    demo_document,
    errors,
    rename_key,
    write_document,
)

Doc = dict[str, Any]
DEMO = demo_document()
SOURCE = DEMO["dataSource"][0]["identifier"]
SCRIPT_BODY = b"def transform(df, context):\n    return df\n"


def _t(name: str) -> int:
    """Index of a demo table by tableName (the demo may gain tables; cases name what they use)."""
    return next(i for i, t in enumerate(DEMO["tables"]) if t["tableName"] == name)


def table_path(name: str) -> str:
    return f"tables[{_t(name)}]"


def column_path(table: str, name: str) -> str:
    names = [c["name"] for c in DEMO["tables"][_t(table)]["tableSchema"]["columns"]]
    return f"{table_path(table)}.tableSchema.columns[{names.index(name)}]"


def fk_path(table: str, column_name: str) -> str:
    fks = DEMO["tables"][_t(table)]["tableSchema"]["foreignKeys"]
    index = next(i for i, fk in enumerate(fks) if fk["columnReference"] == [column_name])
    return f"{table_path(table)}.tableSchema.foreignKeys[{index}]"


def col(doc: Doc, table: str, name: str) -> dict[str, Any]:
    table_doc = next(t for t in doc["tables"] if t["tableName"] == table)
    found: dict[str, Any] = next(
        c for c in table_doc["tableSchema"]["columns"] if c["name"] == name
    )
    return found


def fk(doc: Doc, table: str, column_name: str) -> dict[str, Any]:
    table_doc = next(t for t in doc["tables"] if t["tableName"] == table)
    keys = table_doc["tableSchema"]["foreignKeys"]
    found: dict[str, Any] = next(k for k in keys if k["columnReference"] == [column_name])
    return found


ORDERS_FK = fk_path("orders", "customer_id")
_SCRIPT_STEP = len(DEMO["tables"][0].get("transformation", []))
SCRIPT = f"tables[0].transformation[{_SCRIPT_STEP}].script"


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, tuple[Any, ...]]]:
    """Validation never needs the network: any attempt fails the test loudly."""
    return block_network(monkeypatch)


@dataclass(frozen=True)
class Case:
    """A break of the demo document and the errors it must produce: {path: words in message}."""

    id: str
    breaks: Callable[[Doc], object]
    expected: dict[str, tuple[str, ...]]
    files: dict[str, bytes] | None = None  # files written beside the module (scripts)


def _with_script(path: str, checksum: str | None = None) -> Callable[[Doc], object]:
    def add(doc: Doc) -> None:
        script: dict[str, Any] = {"@type": "Script", "path": path}
        if checksum is not None:
            script["checksum"] = checksum
        step = {"@type": "TransformStep", "script": script}
        doc["tables"][0].setdefault("transformation", []).append(step)

    return add


def _source(**changes: Any) -> Callable[[Doc], object]:
    return lambda doc: doc["dataSource"][0].update(changes)


def _col(table: str, name: str, /, **changes: Any) -> Callable[[Doc], object]:
    return lambda doc: col(doc, table, name).update(changes)


def _rule(table: str, name: str, /, **rule: Any) -> Callable[[Doc], object]:
    """Give a column exactly this anonymization rule."""
    return lambda doc: col(doc, table, name).update(
        anonymization={"@type": "AnonymizationRule", **rule}
    )


def _fk(**changes: Any) -> Callable[[Doc], object]:
    return lambda doc: fk(doc, "orders", "customer_id").update(changes)


def _fk_reference(**changes: Any) -> Callable[[Doc], object]:
    return lambda doc: fk(doc, "orders", "customer_id")["reference"].update(changes)


GOOD_SHA = "sha256:" + hashlib.sha256(SCRIPT_BODY).hexdigest()
WRONG_SHA = "sha256:" + hashlib.sha256(b"something else").hexdigest()
NULL_STRATEGIES = ("keep", "reject", "drop_row", "fill_default", "fill_median", "forward_fill")

CASES = [
    # --- unknown or misspelt keys, anywhere ---
    Case(
        "misspelt column key",
        lambda d: rename_key(col(d, "customers", "full_name"), "nullStrategy", "nullStrategie"),
        {
            f"{column_path('customers', 'full_name')}.nullStrategie": (
                "unknown key 'nullStrategie'",
                "did you mean 'nullStrategy'?",
                "Allowed:",
            )
        },
    ),
    Case(
        "misspelt top-level key",
        lambda d: rename_key(d, "title", "titel"),
        {"titel": ("unknown key 'titel'", "did you mean 'title'?")},
    ),
    Case(
        "misspelt extraction key",
        lambda d: rename_key(d["tables"][0]["extraction"], "sourceTable", "sourcetable"),
        {"tables[0].extraction.sourcetable": ("unknown key", "did you mean 'sourceTable'?")},
    ),
    Case(
        "misspelt required key",
        lambda d: rename_key(d["tables"][_t("products")], "tableSchema", "tableSchemas"),
        {f"{table_path('products')}.tableSchemas": ("unknown key", "did you mean 'tableSchema'?")},
    ),
    Case(
        "misspelt anonymization key",
        _rule("customers", "id", method="pseudonymize", keydomain="shop.customer"),
        {
            f"{column_path('customers', 'id')}.anonymization.keydomain": (
                "unknown key",
                "did you mean 'keyDomain'?",
            )
        },
    ),
    Case(
        "misspelt foreign-key key",
        lambda d: rename_key(fk(d, "orders", "customer_id"), "keyHandling", "kh"),
        {f"{ORDERS_FK}.kh": ("unknown key 'kh'", "keyHandling")},
    ),
    Case(
        "misspelt data-source key",
        lambda d: rename_key(d["dataSource"][0], "endpointURL", "endpointUrl"),
        {"dataSource[0].endpointUrl": ("unknown key", "did you mean 'endpointURL'?")},
    ),
    Case(
        "misspelt datatype key",
        lambda d: (
            _col("order_items", "quantity", minimum=1, maximum=1000)(d),
            rename_key(col(d, "order_items", "quantity"), "datatype", "datatyp"),
        ),
        {
            f"{column_path('order_items', 'quantity')}.datatyp": (
                "unknown key",
                "did you mean 'datatype'?",
            )
        },
    ),
    # --- unknown enum values ---
    Case(
        "unknown nullStrategy",
        _col("customers", "full_name", required=True, nullStrategy="fill_zero"),
        {
            f"{column_path('customers', 'full_name')}.nullStrategy": (
                "unknown null strategy 'fill_zero'",
                "Allowed:",
                *NULL_STRATEGIES,
            )
        },
    ),
    Case(
        "unknown keyHandling",
        _fk(keyHandling="inherits"),
        {
            f"{ORDERS_FK}.keyHandling": (
                "unknown key handling 'inherits'",
                "did you mean 'inherit'?",
                "inherit, preserve, remap",
            )
        },
    ),
    Case(
        "unknown datatype",
        _col("order_items", "quantity", datatype="int", minimum=1, maximum=1000),
        {
            f"{column_path('order_items', 'quantity')}.datatype": (
                "unknown datatype 'int'",
                "did you mean 'integer'?",
                "decimal",
            )
        },
    ),
    Case(
        "unknown source kind",
        _source(kind="sqlite3"),
        {
            "dataSource[0].kind": (
                "unknown source kind 'sqlite3'",
                "did you mean 'sqlite'?",
                "postgresql, mysql, sqlite, file, http, script",
            )
        },
    ),
    Case(
        "unknown target kind",
        lambda d: d["distribution"][0].update(kind="folders", format="parquet"),
        {"distribution[0].kind": ("unknown target kind 'folders'", "did you mean 'folder'?")},
    ),
    Case(
        "unknown onViolation",
        _col("customers", "gender", onViolation="setnull"),
        {
            f"{column_path('customers', 'gender')}.onViolation": (
                "unknown violation action 'setnull'",
                "did you mean 'set_null'?",
                "reject, clip, set_null, fail",
            )
        },
    ),
    Case(
        "enum given a number",
        _col("customers", "gender", onViolation=3),
        {
            f"{column_path('customers', 'gender')}.onViolation": (
                "must be a violation action",
                "set_null",
                "not a number",
            )
        },
    ),
    # --- anonymization methods and parameters ---
    Case(
        "unknown anonymization method",
        _rule("customers", "phone", method="masc", parameters={"keep_last": 2}),
        {
            f"{column_path('customers', 'phone')}.anonymization.method": (
                "unknown anonymization method 'masc'",
                "did you mean 'mask'?",
                "pseudonymize",
            )
        },
    ),
    Case(
        "parameter of the wrong type",
        _rule(
            "customers", "phone", method="mask", parameters={"keep_first": 2, "keep_last": "two"}
        ),
        {
            f"{column_path('customers', 'phone')}.anonymization.parameters.keep_last": (
                "must be an integer",
                "≥ 0",
                "not a string",
            )
        },
    ),
    Case(
        "boolean parameter given a string",
        _rule("customers", "email", method="mask", parameters={"keep_domain": "yes"}),
        {
            f"{column_path('customers', 'email')}.anonymization.parameters.keep_domain": (
                "must be true or false",
                "not a string",
            )
        },
    ),
    Case(
        "parameter out of range",
        _rule("customers", "email", method="hash", parameters={"length": 2}),
        {
            f"{column_path('customers', 'email')}.anonymization.parameters.length": (
                "from 4 to 128",
                "too small",
            )
        },
    ),
    Case(
        "parameter not among its choices",
        _rule("customers", "email", method="hash", parameters={"encoding": "hexa"}),
        {
            f"{column_path('customers', 'email')}.anonymization.parameters.encoding": (
                "'hexa'",
                "did you mean 'hex'?",
                "hex, base32, numeric",
            )
        },
    ),
    Case(
        "required parameter missing",
        _rule("customers", "inn", method="fake", parameters={"locale": "ru_RU"}),
        {
            f"{column_path('customers', 'inn')}.anonymization.parameters.kind": (
                "is required",
                "method 'fake'",
            )
        },
    ),
    Case(
        "required parameter missing with no parameters at all",
        _rule("customers", "inn", method="fake"),
        {
            f"{column_path('customers', 'inn')}.anonymization.parameters.kind": (
                "is required",
                "method 'fake'",
            )
        },
    ),
    Case(
        "unknown parameter name",
        _rule("customers", "phone", method="mask", parameters={"keep_lst": 2}),
        {
            f"{column_path('customers', 'phone')}.anonymization.parameters.keep_lst": (
                "unknown parameter 'keep_lst' of method 'mask'",
                "did you mean 'keep_last'?",
                "keep_first, keep_last, mask_char",
            )
        },
    ),
    Case(
        "invalid regex parameter",
        _rule(
            "customers",
            "phone",
            method="regex_replace",
            parameters={"pattern": "a{99999999999}", "replacement": "x"},
        ),
        {
            f"{column_path('customers', 'phone')}.anonymization.parameters.pattern": (
                "not a valid regular expression",
            )
        },
    ),
    Case(
        "key domain required",
        _rule("customers", "id", method="pseudonymize"),
        {
            f"{column_path('customers', 'id')}.anonymization.keyDomain": (
                "is required",
                "pseudonymize",
            )
        },
    ),
    # --- ranges ---
    Case(
        "minimum above maximum (numbers)",
        _col("order_items", "quantity", datatype="integer", minimum=5000, maximum=1000),
        {
            f"{column_path('order_items', 'quantity')}.minimum": (
                "greater than maximum",
                "5000 > 1000",
            )
        },
    ),
    Case(
        "minimum above maximum (dates)",
        _col(
            "customers", "birth_date", datatype="date", minimum="2030-01-01", maximum="2026-11-29"
        ),
        {
            f"{column_path('customers', 'birth_date')}.minimum": (
                "greater than maximum",
                "2030-01-01 > 2026-11-29",
            )
        },
    ),
    Case(
        "minimum above maximum (date-times in different zones)",
        _col(
            "customers",
            "registered_at",
            datatype="datetime",
            minimum="2020-01-01T10:00:00+05:00",  # 05:00 UTC
            maximum="2020-01-01T04:00:00Z",
        ),
        {f"{column_path('customers', 'registered_at')}.minimum": ("greater than maximum",)},
    ),
    Case(
        "date bound that is not a date",
        _col("customers", "birth_date", datatype="date", maximum="29.11.2026"),
        {
            f"{column_path('customers', 'birth_date')}.maximum": (
                "must be an ISO date/time string",
                "date column",
            )
        },
    ),
    Case(
        "range on a string column",
        _col("customers", "full_name", datatype="string", minimum=1),
        {
            f"{column_path('customers', 'full_name')}.minimum": (
                "applies to numbers, dates and times",
                "string column",
            )
        },
    ),
    Case(
        "invalid column pattern",
        _col("customers", "email", pattern="(unclosed"),
        {f"{column_path('customers', 'email')}.pattern": ("not a valid regular expression",)},
    ),
    Case(
        "fill_default without a default",
        lambda d: (
            _col("customers", "loyalty_level", nullStrategy="fill_default")(d),
            col(d, "customers", "loyalty_level").pop("default", None),
        ),
        {
            f"{column_path('customers', 'loyalty_level')}.default": (
                "is required by nullStrategy fill_default",
            )
        },
    ),
    Case(
        "fill_median on a string column",
        _col("customers", "gender", datatype="string", nullStrategy="fill_median"),
        {
            f"{column_path('customers', 'gender')}.nullStrategy": (
                "fill_median needs a numeric datatype",
            )
        },
    ),
    # --- names ---
    Case(
        "duplicate column names",
        _col("products", "name", name="sku"),
        {
            column_path("products", "sku") + ".name": ("'sku' appears more than once", "unique"),
            column_path("products", "name") + ".name": ("'sku' appears more than once", "unique"),
        },
    ),
    Case(
        "duplicate table names",
        lambda d: d["tables"][_t("products")].update(tableName="customers"),
        {
            f"{table_path('customers')}.tableName": ("'customers' names more than one table",),
            f"{table_path('products')}.tableName": ("'customers' names more than one table",),
        },
    ),
    Case(
        "duplicate source identifiers",
        lambda d: d["dataSource"].append(dict(d["dataSource"][0])),
        {
            "dataSource[0].identifier": (f"'{SOURCE}' names more than one data source",),
            f"dataSource[{len(DEMO['dataSource'])}].identifier": (
                f"'{SOURCE}' names more than one data source",
            ),
        },
    ),
    # --- keys ---
    Case(
        "primary key naming a missing column",
        lambda d: d["tables"][_t("products")]["tableSchema"].update(primaryKey=["idd"]),
        {
            f"{table_path('products')}.tableSchema.primaryKey[0]": (
                "unknown column 'idd'",
                "did you mean 'id'?",
                "Allowed: id, sku",
            )
        },
    ),
    Case(
        "foreign key naming a missing column",
        _fk(columnReference=["customerid"]),
        {
            f"{ORDERS_FK}.columnReference[0]": (
                "unknown column 'customerid'",
                "did you mean 'customer_id'?",
            )
        },
    ),
    Case(
        "foreign key naming a missing table",
        _fk_reference(resource="tables/clients"),
        {
            f"{ORDERS_FK}.reference.resource": (
                "unknown table 'tables/clients'",
                "Allowed: ",
                "customers",
            )
        },
    ),
    Case(
        "foreign key naming a missing referenced column",
        _fk_reference(columnReference=["ident"]),
        {
            f"{ORDERS_FK}.reference.columnReference[0]": (
                "unknown column 'ident' of table 'customers'",
                "Allowed: id, full_name",
            )
        },
    ),
    # --- scripts ---
    Case(
        "script that does not exist",
        _with_script("scripts/clean.py", GOOD_SHA),
        {f"{SCRIPT}.path": ("names a file that does not exist", "scripts/clean.py")},
    ),
    Case(
        "script whose checksum does not match",
        _with_script("scripts/clean.py", WRONG_SHA),
        {f"{SCRIPT}.checksum": ("does not match the file", "etlx approve")},
        files={"scripts/clean.py": SCRIPT_BODY},
    ),
    Case(
        "script checksum in the wrong form",
        _with_script("scripts/clean.py", "md5:abc"),
        {f"{SCRIPT}.checksum": ("must be 'sha256:' followed by 64 lower-case hex digits",)},
        files={"scripts/clean.py": SCRIPT_BODY},
    ),
    Case(
        "absolute script path",
        _with_script("/etc/clean.py", GOOD_SHA),
        {f"{SCRIPT}.path": ("must be relative to the module file's folder", "not absolute")},
    ),
    Case(
        "windows absolute script path",
        _with_script("C:\\scripts\\clean.py", GOOD_SHA),
        {f"{SCRIPT}.path": ("must be relative", "not absolute")},
    ),
    Case(
        "script path leaving the folder",
        _with_script("../clean.py", GOOD_SHA),
        {f"{SCRIPT}.path": ("must stay inside the module's folder", "'..' is not allowed")},
        files={"../clean.py": SCRIPT_BODY},
    ),
    Case(
        "script path leaving the folder midway",
        _with_script("scripts/../../clean.py", GOOD_SHA),
        {f"{SCRIPT}.path": ("'..' is not allowed",)},
    ),
    Case(
        "script path too long to exist",
        _with_script("s" * 5000 + ".py", GOOD_SHA),
        {f"{SCRIPT}.path": ("cannot be read",)},
    ),
    # --- secrets ---
    Case(
        "password inside a connection URL",
        _source(kind="postgresql", endpointURL=f"postgresql://u:{SECRET}@h/db"),
        {"dataSource[0].endpointURL": ("contains a password", "secretRef", "env:NAME")},
    ),
    Case(
        "password inside a malformed connection URL",
        _source(kind="postgresql", endpointURL=f"postgresql://u:{SECRET}@[h/db"),
        {"dataSource[0].endpointURL": ("contains a password", "not a valid URL")},
    ),
    Case(
        "password in a URL query",
        lambda d: d["dataSource"].append(
            {
                "@type": "DataSource",
                "identifier": "api",
                "kind": "http",
                "endpointURL": f"https://api.example.org/v1?password={SECRET}",
            }
        ),
        {"dataSource[1].endpointURL": ("contains a password",)},
    ),
    Case(
        "password inside a target URL",
        lambda d: d["distribution"][0].update(
            kind="postgresql", accessURL=f"postgresql://u:{SECRET}@h/db", format=None
        ),
        {"distribution[0].accessURL": ("contains a password", "secretRef")},
    ),
    Case(
        "password inside a URL in options",
        _source(options={"dsn": f"postgresql://u:{SECRET}@h/db", "note": "see https://x.org/"}),
        {"dataSource[0].options.dsn": ("contains a password", "secretRef")},
    ),
    Case(
        "password inside a URL and nothing else",
        lambda d: (
            _source(kind="postgresql", endpointURL=f"postgresql://u:{SECRET}@h/db?sslkey=/k.pem")(
                d
            ),
            d["dataSource"].append(
                {
                    "@type": "DataSource",
                    "identifier": "certs",
                    "kind": "postgresql",
                    "endpointURL": "postgresql://h/db?sslkey=/k.pem&sslcert=/c.pem&passfile=/p",
                }
            ),
        ),
        {"dataSource[0].endpointURL": ("contains a password",)},  # once, and never for sslkey
    ),
    Case(
        "password written in options",
        _source(options={"password": SECRET}),
        {"dataSource[0].options.password": ("secret written in plain text", "env:NAME")},
    ),
    Case(
        "token written deep in step parameters",
        lambda d: d["tables"][0]["extraction"].update(parameters={"auth": [{"api_key": SECRET}]}),
        {"tables[0].extraction.parameters.auth[0].api_key": ("secret written in plain text",)},
    ),
    Case(
        "secret given as secretRef",
        _source(secretRef=SECRET),
        {
            "dataSource[0].secretRef": (
                "must be a reference to a secret",
                "env:NAME, keyring:SERVICE/NAME or file:PATH",
                "never the secret itself",
            )
        },
    ),
    # --- version ---
    *(
        Case(f"version {value!r}", lambda d, v=value: d.update(version=v), {"version": words})
        for value, words in [
            (0, ("must be a positive integer", "1, 2, 3")),
            (-1, ("must be a positive integer",)),
            ("3", ("must be an integer", "not a string")),
            (1.5, ("must be an integer", "not a number")),
            (True, ("must be an integer", "not true")),
            (None, ("must be an integer", "not null")),
        ]
    ),
    Case("version missing", lambda d: d.pop("version"), {"version": ("is required",)}),
    # --- context, references, steps ---
    Case(
        "unknown remote context",
        lambda d: d.update({"@context": ["http://www.w3.org/ns/csvw", "https://evil.example/c"]}),
        {"@context": ("must be exactly", "https://w3id.org/etlx/contexts", "never fetched")},
    ),
    Case(
        "context as a single URL",
        lambda d: d.update({"@context": "https://evil.example/context.jsonld"}),
        {"@context": ("must be exactly", "never fetched")},
    ),
    Case(
        "context missing",
        lambda d: d.pop("@context"),
        {"@context": ("must be exactly", "http://www.w3.org/ns/csvw")},
    ),
    Case(
        "wrong @type",
        lambda d: d["tables"][0].update({"@type": "Tabel"}),
        {"tables[0].@type": ("must be 'Table'",)},
    ),
    Case(
        "fromSource naming an unknown source",
        lambda d: d["tables"][1]["extraction"].update(fromSource=f"{SOURCE}p"),
        {
            "tables[1].extraction.fromSource": (
                f"unknown data source '{SOURCE}p'",
                f"did you mean '{SOURCE}'?",
            )
        },
    ),
    Case(
        "extraction with both sourceTable and query",
        lambda d: d["tables"][0]["extraction"].update(query="SELECT * FROM customers"),
        {
            "tables[0].extraction": (
                "needs exactly one of sourceTable, query, file or script",
                "found sourceTable, query",
            )
        },
    ),
    Case(
        "file extraction from a database source",
        lambda d: (
            _source(kind="sqlite", endpointURL="sqlite:///shop.sqlite")(d),
            d["tables"][0]["extraction"].update(sourceTable=None, file="c.csv"),
        ),
        {
            "tables[0].extraction.file": (
                "needs a file or s3 source",
                f"'{SOURCE}' is a sqlite source",
            )
        },
    ),
    Case(
        "upload to a target that is not defined",
        lambda d: d["upload"].update(target=[d["distribution"][0]["identifier"], "nowhere"]),
        {"upload.target[1]": ("names no target 'nowhere'", "targets: ")},
    ),
    Case(
        "unknown normalizer",
        lambda d: d["tables"][0].update(
            transformation=[{"@type": "TransformStep", "normalizer": "strip"}]
        ),
        {"tables[0].transformation[0].normalizer": ("unknown normalizer 'strip'", "trim")},
    ),
    Case(
        "endpoint with the wrong scheme",
        _source(kind="sqlite", endpointURL="postgresql://h/db"),
        {"dataSource[0].endpointURL": ("must start with sqlite://", "for kind 'sqlite'")},
    ),
    Case(
        "module identifier with capitals",
        lambda d: d.update(identifier="Demo Shop"),
        {"identifier": ("lower-case letters, digits",)},
    ),
    Case(
        "a list where an object belongs",
        lambda d: d.update(upload=["local"]),
        {"upload": ("must be an object", "not a list")},
    ),
    Case(
        "an object where a list belongs",
        lambda d: d.update(tables={"customers": {}}),
        {"tables": ("must be a list of objects", "not an object")},
    ),
]


def _materialize(case: Case, folder: Path) -> Doc:
    module_dir = folder / "module"
    module_dir.mkdir()
    for name, body in (case.files or {}).items():
        target = module_dir / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(body)
    document = demo_document()
    case.breaks(document)
    return document


def _assert_expected(problems: list[Any], case: Case) -> None:
    found: dict[str, str] = {}
    for problem in errors(problems):  # several errors at one path are checked together
        found[problem.path] = f"{found.get(problem.path, '')} {problem.message}".strip()
    assert sorted(found) == sorted(case.expected), "\n".join(str(p) for p in problems)
    for path, words in case.expected.items():
        for word in words:
            assert word.lower() in found[path].lower(), f"{word!r} not in {path}: {found[path]}"
    assert len(set(problems)) == len(problems), "a problem is reported twice"
    for problem in problems:
        assert SECRET not in problem.message
        assert problem.message.rstrip().endswith((".", "?")), problem
        assert "Traceback" not in problem.message


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_refused_in_memory(case: Case, tmp_path: Path) -> None:
    document = _materialize(case, tmp_path)
    _assert_expected(check_document(document, base_dir=tmp_path / "module"), case)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_refused_from_file(
    case: Case, tmp_path: Path, no_network: list[tuple[str, tuple[Any, ...]]]
) -> None:
    document = _materialize(case, tmp_path)
    path = write_document(document, tmp_path / "module")
    module, problems = read_module(path)
    assert module is not None
    _assert_expected(problems, case)
    with pytest.raises(ModuleInvalid) as raised:
        load_module(path)
    assert {p.path for p in errors(raised.value.problems)} == set(case.expected)
    assert SECRET not in str(raised.value)
    assert no_network == []


def test_demo_document_is_clean(tmp_path: Path) -> None:
    assert check_document(demo_document(), base_dir=tmp_path) == []


def test_matching_script_checksum_is_accepted(tmp_path: Path) -> None:
    (tmp_path / "scripts").mkdir()
    (tmp_path / "scripts" / "clean.py").write_bytes(SCRIPT_BODY)
    document = demo_document()
    _with_script("scripts/clean.py", GOOD_SHA)(document)
    assert check_document(document, base_dir=tmp_path) == []
    module, problems = read_module(write_document(document, tmp_path))
    assert problems == []
    assert module is not None
    script = module.tables[0].transformation[_SCRIPT_STEP].script
    assert script is not None and script.checksum == GOOD_SHA
    # one changed byte and the same document is refused
    (tmp_path / "scripts" / "clean.py").write_bytes(SCRIPT_BODY + b"#")
    assert [p.path for p in read_module(tmp_path / "module.jsonld")[1]] == [f"{SCRIPT}.checksum"]


def test_date_times_are_compared_as_instants() -> None:
    document = demo_document()
    col(document, "customers", "registered_at").update(
        datatype="datetime",
        minimum="2020-01-01T10:00:00+05:00",  # 05:00 UTC, before the maximum
        maximum="2020-01-01T06:00:00Z",
        onViolation="reject",
    )
    assert check_document(document) == []


def test_unapproved_script_is_a_warning(tmp_path: Path) -> None:
    (tmp_path / "clean.py").write_bytes(SCRIPT_BODY)
    document = demo_document()
    _with_script("clean.py")(document)
    problems = check_document(document, base_dir=tmp_path)
    assert [(p.path, p.severity) for p in problems] == [(f"{SCRIPT}.checksum", Severity.WARNING)]
    assert "not approved" in problems[0].message
    step = load_module(write_document(document, tmp_path)).tables[0].transformation[_SCRIPT_STEP]
    assert step.script is not None and step.script.path == "clean.py"


def test_personal_data_without_rule_is_a_warning() -> None:
    document = demo_document()
    col(document, "customers", "email").update(personalData="pd:EmailAddress")
    col(document, "customers", "email").pop("anonymization")
    problems = check_document(document)
    assert [(p.path, p.severity) for p in problems] == [
        (f"{column_path('customers', 'email')}.anonymization", Severity.WARNING)
    ]
    assert "pd:EmailAddress" in problems[0].message


# --- text that is not JSON -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ('{\n  "identifier": "x",\n  "version": 1\n  "tables": []\n}', ("line 4, column 3",)),
        ('{\n  "identifier": "x",\n  "version": \n}', ("line 4, column 1", "Expecting value")),
        ('{"version": NaN}', ("NaN is not allowed",)),
        ('{"version": 1e999}', ("1e999", "too large")),
        ("[" * 100_000 + "]" * 100_000, ("nested too deeply",)),
        ("", ("line 1, column 1",)),
    ],
    ids=["missing comma", "missing value", "NaN", "huge number", "deep nesting", "empty"],
)
def test_text_that_is_not_json(text: str, words: tuple[str, ...], tmp_path: Path) -> None:
    data, problems = parse_json(text)
    assert data is None
    assert [p.path for p in problems] == [""]
    for word in words:
        assert word in problems[0].message
    assert problems[0].message.startswith("is not valid JSON") or "nested" in words[0]
    path = tmp_path / "broken.jsonld"
    path.write_text(text, encoding="utf-8")
    assert read_module(path) == (None, problems)
    with pytest.raises(ModuleInvalid) as raised:
        load_module(path)
    assert raised.value.problems == problems
    assert str(path) in str(raised.value)


def test_demo_with_a_syntax_error_names_its_line(tmp_path: Path) -> None:
    lines = (write_document(demo_document(), tmp_path).read_text(encoding="utf-8")).splitlines()
    index = next(i for i, line in enumerate(lines) if '"version": 1' in line)
    lines[index] = lines[index].rstrip(",")  # drop the comma after "version": 1
    path = tmp_path / "module.jsonld"
    path.write_text("\n".join(lines), encoding="utf-8")
    module, problems = read_module(path)
    assert module is None
    assert len(problems) == 1
    assert f"line {index + 2}, column 3" in problems[0].message
    assert "delimiter" in problems[0].message


def test_missing_and_unreadable_files(tmp_path: Path) -> None:
    module, problems = read_module(tmp_path / "nope.jsonld")
    assert module is None and [p.path for p in problems] == [""]
    assert "does not exist" in problems[0].message
    latin1 = tmp_path / "latin1.jsonld"
    latin1.write_bytes('{"title": "Café"}'.encode("latin-1"))
    module, problems = read_module(latin1)
    assert module is None and "cannot read" in problems[0].message


# --- several faults at once ------------------------------------------------------------------


def _many_faults(document: Doc) -> dict[str, str]:
    rename_key(col(document, "customers", "full_name"), "nullStrategy", "nullStrategie")
    col(document, "order_items", "quantity").update(datatype="int", minimum=1, maximum=10)
    _rule("customers", "phone", method="masc")(document)
    _rule("customers", "inn", method="fake", parameters={})(document)
    document["version"] = 0
    document["tables"][1]["extraction"]["fromSource"] = f"{SOURCE}p"
    document["tables"][2]["tableSchema"]["foreignKeys"][0]["reference"]["resource"] = "nowhere"
    document["upload"]["target"] = ["s3"]
    document["dataSource"][0]["options"] = {"password": SECRET}
    document["dataSource"][0]["secretRef"] = SECRET
    return {
        f"{column_path('customers', 'full_name')}.nullStrategie": "nullStrategy",
        f"{column_path('order_items', 'quantity')}.datatype": "integer",
        f"{column_path('customers', 'phone')}.anonymization.method": "mask",
        f"{column_path('customers', 'inn')}.anonymization.parameters.kind": "required",
        "version": "positive integer",
        "tables[1].extraction.fromSource": SOURCE,
        f"{ORDERS_FK}.reference.resource": "nowhere",
        "upload.target[0]": "s3",
        "dataSource[0].options.password": "plain text",
        "dataSource[0].secretRef": "never the secret itself",
    }


def test_all_faults_are_reported_at_once(tmp_path: Path) -> None:
    document = demo_document()
    expected = _many_faults(document)
    assert len(expected) == 10
    for problems in (check_document(document), read_module(write_document(document, tmp_path))[1]):
        found = {p.path: p.message for p in errors(problems)}
        assert len(errors(problems)) == 10
        assert sorted(found) == sorted(expected)
        for path, word in expected.items():
            assert word in found[path]
        assert all(SECRET not in p.message for p in problems)


def test_load_module_raises_with_every_problem(tmp_path: Path) -> None:
    document = demo_document()
    expected = _many_faults(document)
    path = write_document(document, tmp_path)
    with pytest.raises(ModuleInvalid) as raised:
        load_module(path)
    error = raised.value
    assert error.source == str(path)
    assert sorted(p.path for p in error.problems) == sorted(expected)
    text = str(error)
    assert text.startswith(f"{path}: 10 problem(s)\n")
    assert len(text.splitlines()) == 11
    assert f"{column_path('customers', 'full_name')}.nullStrategie: unknown key" in text
    assert SECRET not in text


def test_warnings_alone_do_not_stop_loading(tmp_path: Path) -> None:
    document = demo_document()
    col(document, "customers", "email").update(personalData="pd:EmailAddress")
    col(document, "customers", "email").pop("anonymization")
    module = load_module(write_document(document, tmp_path))
    email = next(c for c in module.table("customers").table_schema.columns if c.name == "email")
    assert email.anonymization is None and email.personal_data == "pd:EmailAddress"


# --- robustness: no traceback, whatever the document holds -----------------------------------


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _paths(item, (*prefix, index))
    return found


_DEMO_PATHS = [p for p in _paths(demo_document()) if p]
_NASTY = st.sampled_from(
    [
        None,
        "",
        "..",
        "/abs",
        "[",
        "a{99999999999}",
        "(",
        "postgresql://u:p@[h",
        -1,
        0,
        1e308,
        {},
        [],
    ]
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(
            st.sampled_from(_DEMO_PATHS),
            st.sampled_from(["replace", "delete", "add"]),
            _NASTY | JSON_VALUES,
        ),
        min_size=1,
        max_size=4,
    )
)
def test_any_damage_gives_problems_not_tracebacks(edits: list[tuple[Any, str, Any]]) -> None:
    document: Any = demo_document()
    for path, action, value in edits:
        parent: Any = document
        try:
            for step in path[:-1]:
                parent = parent[step]
            last = path[-1]
            if action == "replace":
                parent[last] = value
            elif action == "delete":
                del parent[last]
            elif isinstance(parent, dict):
                parent[f"{last}X"] = value
            else:
                parent.append(value)
        except (KeyError, IndexError, TypeError, AttributeError):
            continue  # an earlier edit removed this place
    problems = check_document(document, base_dir=Path("/nonexistent-module-dir"))
    for problem in problems:
        assert isinstance(problem.path, str)
        assert problem.message.strip()
