"""The metadata model's part of the reference: every object, its fields, the enums and the
closed word lists, read from the model's declared fields (the same ones the codec uses)."""

from __future__ import annotations

import dataclasses
import inspect
import types
import typing
from enum import StrEnum
from typing import Any

from ..core.metadata import model, vocabulary
from ..core.metadata.codec import FieldSpec, describe_type, field_specs, json_types
from ..core.rules import engine
from .context import compact_iri, property_iri
from .markdown import code, document, first_paragraph, link, literal, paragraphs, table


def model_classes(root: type = model.DataModule) -> list[type]:
    """The object types of a module document, depth first in field order from `root`."""
    found: list[type] = []

    def visit(cls: type) -> None:
        if cls in found:
            return
        found.append(cls)
        for spec in field_specs(cls):
            for inner in _types_in(spec.type):
                if isinstance(inner, type) and dataclasses.is_dataclass(inner):
                    visit(inner)

    visit(root)
    return found


def model_enums() -> list[type[StrEnum]]:
    """The StrEnums of the model module, in the order they are defined there."""
    return [
        value
        for value in vars(model).values()
        if inspect.isclass(value)
        and issubclass(value, StrEnum)
        and value is not StrEnum
        and value.__module__ == model.__name__
    ]


def _types_in(tp: Any) -> list[Any]:
    """`tp` and every type inside it (list items, union members)."""
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType, list, dict):
        return [t for arg in typing.get_args(tp) for t in _types_in(arg)]
    return [tp]


def _without_none(tp: Any) -> Any:
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        if len(args) == 1:
            return args[0]
    return tp


def type_text(tp: Any) -> str:
    """A field's type in words, linking the objects and enums described in the reference."""
    tp = _without_none(tp)
    if typing.get_origin(tp) is list:
        item = typing.get_args(tp)[0]
        if isinstance(item, type) and dataclasses.is_dataclass(item):
            return f"list of {link(item.__name__)} objects"
        return describe_type(tp)
    if inspect.isclass(tp) and issubclass(tp, StrEnum):
        return f"{link(tp.__name__)} value"
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        return f"{link(tp.__name__)} object"
    return describe_type(tp)


def _default(cls: type, spec: FieldSpec) -> str:
    declared = {f.name: f for f in dataclasses.fields(cls)}[spec.name]
    if declared.default is dataclasses.MISSING or declared.default is None:
        return ""
    value = declared.default
    return literal(value.value if isinstance(value, StrEnum) else value)


def _iri(key: str) -> str:
    iri = property_iri(key)
    return code(compact_iri(iri)) if iri else ("JSON-LD keyword" if key.startswith("@") else "")


def _field_row(cls: type, spec: FieldSpec) -> list[str]:
    text = spec.doc + (" A single value is read as a list of one." if spec.scalar_ok else "")
    return [
        code(spec.key),
        type_text(spec.type),
        "yes" if spec.required else "",
        _default(cls, spec),
        _iri(spec.key),
        text,
    ]


def _used_by(target: type) -> list[str]:
    """`Class.key` of every field whose type holds `target`."""
    return [
        code(f"{cls.__name__}.{spec.key}")
        for cls in model_classes()
        for spec in field_specs(cls)
        if target in _types_in(spec.type)
    ]


def own_doc(cls: type) -> str:
    """The class's docstring; "" for none (a dataclass makes one up from its signature)."""
    doc = cls.__dict__.get("__doc__") or ""
    return "" if doc.startswith(cls.__name__ + "(") else str(doc)


def class_section(cls: type) -> str:
    declared = json_types(cls)
    type_line = (
        "`@type`: " + ", ".join(code(t) for t in declared) + "."
        if declared
        else "No `@type`: the object is known by where it stands."
    )
    used = _used_by(cls)
    return document(
        [
            f"### {cls.__name__}",
            paragraphs(own_doc(cls)),
            type_line + (" Used in " + ", ".join(used) + "." if used else ""),
            table(
                ["Key", "Type", "Required", "Default", "IRI", "Description"],
                [_field_row(cls, spec) for spec in field_specs(cls)],
            ),
        ]
    )


def enum_section(enum: type[StrEnum]) -> str:
    used = _used_by(enum)
    docstring = enum.__dict__.get("__doc__") or ""
    return document(
        [
            f"### {enum.__name__}",
            first_paragraph(docstring),
            "Values: " + ", ".join(code(member.value) for member in enum) + ".",
            ("Used by " + ", ".join(used) + ".") if used else "",
        ]
    )


def personal_data_section() -> str:
    return document(
        [
            "### Personal-data categories",
            f"The values {code('Column.personalData')} accepts (DPV and its personal-data "
            "extension).",
            table(
                ["Category", "IRI"],
                [
                    (code(name), code(_expand_curie(name)))
                    for name in vocabulary.PERSONAL_DATA_CATEGORIES
                ],
            ),
        ]
    )


def _expand_curie(name: str) -> str:
    from .context import prefixes

    prefix, _, rest = name.partition(":")
    return dict(prefixes()).get(prefix, prefix + ":") + rest


def model_sections() -> str:
    classes = model_classes()
    return document(
        [
            "## Document structure",
            "A module document is one JSON object, the "
            f"{link(model.DataModule.__name__)}. The objects below are listed in the order "
            "they first appear in it. Required keys must be present; a key with a default "
            "may be left out.",
            *(class_section(cls) for cls in classes),
            "## Field rules",
            paragraphs(engine.__doc__),
            "## Enumerations",
            *(enum_section(enum) for enum in model_enums()),
            personal_data_section(),
        ]
    )
