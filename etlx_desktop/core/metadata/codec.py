"""Turns JSON objects into model dataclasses and back, reporting every problem with its path.

The dataclass fields' metadata (their JSON key, description, whether required) is the single
definition of the document's shape; this module only interprets it. Decoding never stops at the
first problem: it keeps what is valid, records what is not, and returns a best-effort object so
that semantic checks can still run on the rest of the document.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from enum import Enum
from typing import Any, TypeVar

from ..problems import Problem, join_path
from ..words import describe_value, suggest, unknown_word

T = TypeVar("T")

_TYPE_KEY = "@type"
_REJECTED = "_etlx_rejected_keys"


@dataclasses.dataclass(frozen=True)
class FieldSpec:
    name: str
    key: str
    doc: str
    required: bool
    scalar_ok: bool
    type: Any


_SPECS: dict[Any, tuple[FieldSpec, ...]] = {}


def field_specs(cls: Any) -> tuple[FieldSpec, ...]:
    """The JSON fields of a model class, in document order (derived once per class)."""
    if cls not in _SPECS:
        _SPECS[cls] = _derive_specs(cls)
    return _SPECS[cls]


def _derive_specs(cls: Any) -> tuple[FieldSpec, ...]:
    hints = typing.get_type_hints(cls)
    return tuple(
        FieldSpec(
            name=f.name,
            key=f.metadata["key"],
            doc=f.metadata["doc"],
            required=f.metadata["required"],
            scalar_ok=f.metadata["scalar_ok"],
            type=hints[f.name],
        )
        for f in dataclasses.fields(cls)
    )


def json_types(cls: type) -> tuple[str, ...]:
    declared = getattr(cls, "json_type", None)
    if declared is None:
        return ()
    return (declared,) if isinstance(declared, str) else tuple(declared)


def describe_type(tp: Any) -> str:
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        parts = _distinct(describe_type(a) for a in typing.get_args(tp) if a is not type(None))
        return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} or {parts[-1]}"
    if origin is list:
        return f"a list of {_plural(typing.get_args(tp)[0])}"
    if origin is dict:
        return "an object"
    if isinstance(tp, type) and issubclass(tp, Enum):
        return "one of " + ", ".join(str(m.value) for m in tp)
    if dataclasses.is_dataclass(tp):
        return "an object"
    names = {str: "a string", int: "an integer", float: "a number", bool: "true or false"}
    return names.get(tp, "a value")


def _distinct(words: typing.Iterable[str]) -> list[str]:
    """Descriptions without repeats; 'an integer' is dropped where 'a number' also fits."""
    found = list(dict.fromkeys(words))
    if "a number" in found and "an integer" in found:
        found.remove("an integer")
    if len(found) > 1:
        found = ["true/false" if w == "true or false" else w for w in found]
    return found


def _plural(tp: Any) -> str:
    """How the items of a list of `tp` are named: 'strings', 'objects', 'numbers or strings'."""
    if dataclasses.is_dataclass(tp) or typing.get_origin(tp) is dict:
        return "objects"
    plurals = {str: "strings", int: "integers", float: "numbers", bool: "true/false values"}
    args = [a for a in typing.get_args(tp) if a is not type(None)] or [tp]
    words = _distinct(plurals.get(a, "values") for a in args)
    if "numbers" in words and "integers" in words:
        words.remove("integers")
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} or {words[-1]}"


def decode(cls: type[T], data: Any, path: str, problems: list[Problem]) -> T:
    """Build `cls` from `data`, appending a Problem for everything that does not fit."""
    specs = field_specs(cls)
    values: dict[str, Any] = {}
    rejected: set[str] = set()
    if not isinstance(data, dict):
        problems.append(Problem(path, f"must be an object, not {describe_value(data)}."))
        data = {}
        rejected = {spec.key for spec in specs}  # nothing of it is usable; say so once
    by_key = {spec.key: spec for spec in specs}
    for key, raw in data.items():
        where = join_path(path, key)
        if key == _TYPE_KEY and json_types(cls):
            _check_type(cls, raw, where, problems)
            continue
        if key == "@context" and path == "":
            continue  # checked by the JSON-LD layer
        spec = by_key.get(key)
        if spec is None:
            problems.append(Problem(where, unknown_word("key", key, by_key)))
            meant = suggest(key, by_key)
            if meant is not None and meant not in data:
                rejected.add(meant)  # the misspelt key stands for this field
            continue
        ok, value = _decode_value(spec.type, raw, where, problems, spec.scalar_ok)
        if ok:
            values[spec.name] = value
        else:
            rejected.add(key)
    for spec in specs:
        if spec.required and spec.key not in data and spec.key not in rejected:
            problems.append(
                Problem(join_path(path, spec.key), f"is required ({spec.doc.rstrip('.')}).")
            )
    obj = cls(**values)
    if rejected:
        setattr(obj, _REJECTED, frozenset(rejected))
    return obj


def rejected_keys(obj: object) -> frozenset[str]:
    """Keys of `obj` the document gave but could not be used (a wrong value or a misspelt key).

    Their fields hold defaults the author never wrote; semantic checks skip rules that would
    judge those defaults, so one mistake is reported once, where it was made.
    """
    keys: frozenset[str] = getattr(obj, _REJECTED, frozenset())
    return keys


def _check_type(cls: type, raw: Any, where: str, problems: list[Problem]) -> None:
    given = [raw] if isinstance(raw, str) else raw
    wanted = json_types(cls)[0]
    if not isinstance(given, list) or wanted not in given:
        problems.append(Problem(where, f"must be '{wanted}' (or a list containing it)."))


def _decode_value(
    tp: Any, raw: Any, where: str, problems: list[Problem], scalar_ok: bool = False
) -> tuple[bool, Any]:
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        if raw is None:
            return True, None
        if len(args) == 1:
            return _decode_value(args[0], raw, where, problems, scalar_ok)
        if any(_is_instance(raw, a) for a in args):
            return True, raw
        return _wrong(tp, raw, where, problems)
    if origin is list:
        if not isinstance(raw, list):
            if not scalar_ok or isinstance(raw, dict) or raw is None:
                return _wrong(tp, raw, where, problems)
            raw = [raw]
        (item_type,) = typing.get_args(tp)
        items = []
        for index, item in enumerate(raw):
            ok, value = _decode_value(item_type, item, join_path(where, index), problems)
            if ok:
                items.append(value)
        return True, items
    if origin is dict:
        return (True, dict(raw)) if isinstance(raw, dict) else _wrong(tp, raw, where, problems)
    if isinstance(tp, type) and issubclass(tp, Enum):
        return _decode_enum(tp, raw, where, problems)
    if dataclasses.is_dataclass(tp) and isinstance(tp, type):
        return True, decode(tp, raw, where, problems)
    if _is_instance(raw, tp):
        return True, raw
    return _wrong(tp, raw, where, problems)


def _decode_enum(tp: type[Enum], raw: Any, where: str, problems: list[Problem]) -> tuple[bool, Any]:
    allowed = [str(m.value) for m in tp]
    if isinstance(raw, str) and raw in allowed:
        return True, tp(raw)
    label = _words(tp.__name__)
    if isinstance(raw, str):
        problems.append(Problem(where, unknown_word(label, raw, allowed)))
    else:
        problems.append(
            Problem(where, f"must be a {label} ({', '.join(allowed)}), not {describe_value(raw)}.")
        )
    return False, None


def _words(camel: str) -> str:
    return "".join(" " + c.lower() if c.isupper() else c for c in camel).strip()


def _is_instance(raw: Any, tp: Any) -> bool:
    if tp is Any:
        return True
    if tp is bool:
        return isinstance(raw, bool)
    if tp is int:
        return isinstance(raw, int) and not isinstance(raw, bool)
    if tp is float:
        return isinstance(raw, (int, float)) and not isinstance(raw, bool)
    return isinstance(tp, type) and isinstance(raw, tp)


def _wrong(tp: Any, raw: Any, where: str, problems: list[Problem]) -> tuple[bool, Any]:
    problems.append(Problem(where, f"must be {describe_type(tp)}, not {describe_value(raw)}."))
    return False, None


def encode(obj: Any) -> dict[str, Any]:
    """The JSON object of a model instance: declared key order, empty and unset fields left out."""
    cls = type(obj)
    out: dict[str, Any] = {}
    specs = field_specs(cls)
    for spec in specs:
        if spec.key == "@id":
            _put(out, spec, getattr(obj, spec.name))
    kinds = json_types(cls)
    if kinds:
        out[_TYPE_KEY] = kinds[0] if len(kinds) == 1 else list(kinds)
    for spec in specs:
        if spec.key != "@id":
            _put(out, spec, getattr(obj, spec.name))
    return out


def _put(out: dict[str, Any], spec: FieldSpec, value: Any) -> None:
    if value is None or (value == [] and not spec.required):
        return
    out[spec.key] = _encode_value(value)


def _encode_value(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return encode(value)
    if isinstance(value, list):
        return [_encode_value(v) for v in value]
    if isinstance(value, dict):
        return {k: _encode_value(v) for k, v in value.items()}
    return value
