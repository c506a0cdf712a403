"""Load -> save -> load of module documents, the saved text's form, and the JSON-LD graph."""

from __future__ import annotations

import dataclasses
import itertools
import json
import re
from pathlib import Path

from hypothesis import HealthCheck, given, settings

from etlx_desktop.core.metadata import (
    Activity,
    AnonymizationRule,
    Column,
    DataModule,
    DataSource,
    Datatype,
    ExtractStep,
    ForeignKey,
    KeyHandling,
    NullStrategy,
    Script,
    SourceKind,
    Table,
    TableReference,
    TableSchema,
    Target,
    TargetKind,
    TransformStep,
    UploadStep,
    ViolationAction,
    dumps_module,
    jsonld,
    load_module,
    model,
    save_module,
)
from etlx_desktop.core.metadata.codec import field_specs, json_types
from etlx_desktop.core.metadata.io import module_from_json, module_to_json, parse_json

from .helpers import CONTEXT_FILES, DEMO_FILE, check_key_order, model_classes, modules


def _reload(text: str) -> tuple[DataModule, list[object]]:
    data, problems = parse_json(text)
    assert problems == []
    module, problems = module_from_json(data)
    return module, list(problems)


# --- the demo module -------------------------------------------------------------------------


def test_demo_load_save_load_is_equal(tmp_path: Path) -> None:
    first = load_module(DEMO_FILE)
    assert first.identifier == "demo-shop"
    assert {"customers", "products", "orders", "order_items"} <= {
        t.table_name for t in first.tables
    }
    saved = tmp_path / "copy" / "shop.jsonld"
    save_module(first, saved)
    second = load_module(saved)
    assert second == first
    # equality is deep: a changed column is noticed
    changed = dataclasses.replace(second, version=2)
    assert changed != first


def test_demo_file_is_in_saved_form() -> None:
    module = load_module(DEMO_FILE)
    assert dumps_module(module) == DEMO_FILE.read_text(encoding="utf-8")


def test_saving_twice_gives_identical_bytes(tmp_path: Path) -> None:
    module = load_module(DEMO_FILE)
    first, second = tmp_path / "a.jsonld", tmp_path / "b.jsonld"
    save_module(module, first)
    save_module(load_module(first), second)
    assert first.read_bytes() == second.read_bytes()
    assert dumps_module(module) == dumps_module(load_module(second))
    # the atomic write leaves no temporary files behind
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.jsonld", "b.jsonld"]


def test_saved_text_form() -> None:
    module = load_module(DEMO_FILE)
    module.title = "Демо-магазин «Ромашка»"
    module.tables[0].table_schema.columns[0].title = "ФИО клиента"
    text = dumps_module(module)
    assert text.endswith("}\n") and not text.endswith("\n\n")
    assert "\r" not in text and "\t" not in text
    # two-space indent: every indent is even and nesting steps by exactly two
    indents = [len(line) - len(line.lstrip(" ")) for line in text.splitlines()]
    assert all(i % 2 == 0 for i in indents)
    assert all(b - a <= 2 for a, b in itertools.pairwise(indents))
    assert text.splitlines()[1] == '  "@context": ['
    # Cyrillic is written as UTF-8, not escaped
    assert '"title": "Демо-магазин «Ромашка»"' in text
    assert '"title": "ФИО клиента"' in text
    assert not re.search(r"\\u[0-9a-fA-F]{4}", text)
    assert "ФИО клиента".encode() in text.encode("utf-8")


def test_saved_file_is_utf8_with_final_newline(tmp_path: Path) -> None:
    module = load_module(DEMO_FILE)
    module.description = "Покупатели и заказы"
    path = tmp_path / "m.jsonld"
    save_module(module, path)
    raw = path.read_bytes()
    assert raw.endswith(b"}\n")
    assert "Покупатели и заказы".encode() in raw
    assert b"\r\n" not in raw


def test_keys_are_written_in_model_order() -> None:
    module = load_module(DEMO_FILE)
    data = json.loads(dumps_module(module))
    keys = list(data)
    assert keys[:4] == ["@context", "@id", "@type", "identifier"]
    assert keys.index("title") < keys.index("version") < keys.index("dataSource")
    assert keys.index("dataSource") < keys.index("tables") < keys.index("upload")
    assert keys.index("upload") < keys.index("distribution") == len(keys) - 1
    assert list(data["tables"][0]) == [
        "@type",
        "url",
        "tableName",
        "title",
        "extraction",
        "transformation",
        "tableSchema",
        "privacy",
    ]
    assert check_key_order(module, data) == []


def test_keys_are_written_in_model_order_even_if_read_shuffled(tmp_path: Path) -> None:
    data = json.loads(DEMO_FILE.read_text(encoding="utf-8"))
    shuffled = dict(reversed(list(data.items())))
    first_column = shuffled["tables"][0]["tableSchema"]["columns"][0]
    shuffled["tables"][0]["tableSchema"]["columns"][0] = dict(reversed(list(first_column.items())))
    module, problems = module_from_json(shuffled)
    assert problems == []
    assert dumps_module(module) == DEMO_FILE.read_text(encoding="utf-8")


def test_a_nan_is_never_written(tmp_path: Path) -> None:
    module = load_module(DEMO_FILE)
    module.tables[0].table_schema.columns[0].maximum = float("inf")
    try:
        dumps_module(module)
    except ValueError as exc:
        assert "JSON" in str(exc) or "compliant" in str(exc)
    else:
        raise AssertionError("an infinite maximum was written as Infinity")


def _every_enum_module() -> DataModule:
    """One column for each datatype, cycling through null strategies and violation actions."""
    strategies = list(NullStrategy)
    actions = [*ViolationAction, None]
    columns = [
        Column(
            name=f"c_{datatype.value}",
            title=f"Столбец {index}",
            datatype=datatype,
            null=["", "N/A"] if index % 2 else [],
            null_strategy=strategies[index % len(strategies)],
            default=[7, 2.5, "x", True][index % 4],
            minimum=index,
            maximum=10.5 * index,
            allowed_values=["a", 1, 2.5, False],
            on_violation=actions[index % len(actions)],
            anonymization=AnonymizationRule(
                method="mask", key_domain="d", parameters={"keep_last": index, "x": [None, {}]}
            ),
        )
        for index, datatype in enumerate(Datatype)
    ]
    names = [c.name for c in columns]
    fks = [
        ForeignKey(
            column_reference=names[:1],
            reference=TableReference(resource="t", column_reference=names[:1]),
            key_handling=handling,
        )
        for handling in KeyHandling
    ]
    script = Script(path="scripts/s.py", entry_point="run", checksum="sha256:" + "0" * 64)
    return DataModule(
        id="urn:etlx:module:every",
        identifier="every",
        title="Все перечисления",
        version=3,
        data_sources=[
            DataSource(identifier=kind.value, kind=kind, options={"n": 1}) for kind in SourceKind
        ],
        tables=[
            Table(
                url="tables/t",
                table_name="t",
                extraction=ExtractStep(from_source="file", file="t.csv", script=script),
                transformation=[
                    TransformStep(normalizer="trim", applies_to=names[:2]),
                    TransformStep(script=script, parameters={"k": "v"}),
                ],
                table_schema=TableSchema(columns=columns, primary_key=names[:2], foreign_keys=fks),
            )
        ],
        upload=UploadStep(target=[k.value for k in TargetKind]),
        distribution=[
            Target(identifier=kind.value, kind=kind, access_url=f"{kind.value}://x", format=fmt)
            for kind, fmt in zip(TargetKind, [None, *model.FileFormat, None], strict=True)
        ],
        was_generated_by=Activity(
            id="urn:uuid:00000000-0000-4000-8000-000000000000",
            started_at_time="2026-03-14T09:31:07Z",
            used=["file"],
        ),
    )


def test_every_enum_value_round_trips() -> None:
    module = _every_enum_module()
    text = dumps_module(module)
    again, problems = _reload(text)
    assert problems == []
    assert again == module
    columns = again.tables[0].table_schema.columns
    assert {c.datatype for c in columns} == set(Datatype)
    assert {c.null_strategy for c in columns} == set(NullStrategy)
    assert {c.on_violation for c in columns} == {*ViolationAction, None}
    assert {fk.key_handling for fk in again.tables[0].table_schema.foreign_keys} == set(KeyHandling)
    assert dumps_module(again) == text


# --- property: random valid-shaped modules ---------------------------------------------------


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(modules())
def test_random_modules_round_trip(module: DataModule) -> None:
    text = dumps_module(module)
    again, problems = _reload(text)
    assert problems == []
    assert again == module
    assert dumps_module(again) == text
    assert check_key_order(module, json.loads(text)) == []


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(modules())
def test_random_modules_keep_their_graph_through_compaction(module: DataModule) -> None:
    document = module_to_json(module)
    expanded = jsonld.expand(document)
    compacted = jsonld.compact(expanded)
    assert compacted["@context"] == jsonld.CONTEXT
    before = jsonld.normalized(document)
    after = jsonld.normalized(compacted)
    assert before == after
    # the graph is not trivially empty: the module's own statements are in it
    assert f'"{module.identifier}"' in before
    assert "<http://www.w3.org/ns/csvw#table>" in before
    assert jsonld.expand(compacted) and len(before.splitlines()) > 5


def test_demo_keeps_its_graph_through_compaction() -> None:
    document = json.loads(DEMO_FILE.read_text(encoding="utf-8"))
    compacted = jsonld.compact(jsonld.expand(document))
    before, after = jsonld.normalized(document), jsonld.normalized(compacted)
    assert before == after
    assert '<https://w3id.org/etlx/ns#nullStrategy> "fill_median"' in before
    assert len(before.splitlines()) > 300


# --- every key the model writes is a term of the bundled contexts ----------------------------


def _merged_context() -> dict[str, object]:
    merged: dict[str, object] = {}
    for path in CONTEXT_FILES:
        merged.update(json.loads(path.read_text(encoding="utf-8"))["@context"])
    return merged


def test_model_classes_are_all_reachable() -> None:
    declared = {
        obj
        for obj in vars(model).values()
        if isinstance(obj, type) and dataclasses.is_dataclass(obj)
    }
    assert set(model_classes()) == declared
    assert len(declared) >= 14


def test_every_model_key_and_type_is_a_context_term() -> None:
    context = _merged_context()
    missing = []
    for cls in model_classes():
        for spec in field_specs(cls):
            if spec.key.startswith("@"):
                continue
            term = context.get(spec.key)
            iri = term.get("@id") if isinstance(term, dict) else term
            if not isinstance(iri, str):
                missing.append(f"{cls.__name__}.{spec.name} ({spec.key})")
        missing += [f"{cls.__name__} @type {t}" for t in json_types(cls) if t not in context]
    assert missing == []


def test_no_model_key_is_dropped_by_expansion() -> None:
    """Expanding a one-property document keeps the property, with an absolute IRI."""
    keys = {s.key for cls in model_classes() for s in field_specs(cls) if not s.key.startswith("@")}
    assert {"nullStrategy", "columns", "tableName", "keyDomain", "accessURL"} <= keys
    dropped = []
    for key in sorted(keys):
        document = {"@context": jsonld.CONTEXT, "@id": "urn:etlx:test:subject", key: "urn:x:v"}
        expanded = jsonld.expand(document)
        properties = [p for p in (expanded[0] if expanded else {}) if not p.startswith("@")]
        if len(properties) != 1 or not re.match(r"^https?://", properties[0]):
            dropped.append(key)
    assert dropped == []
