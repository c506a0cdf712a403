"""Shared helpers for the metadata tests: the demo document, network blocking, model strategies."""

from __future__ import annotations

import copy
import dataclasses
import json
import socket
import types
import typing
from enum import Enum
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import strategies as st

from etlx_desktop.core.metadata import Problem, Severity, model, validate_module
from etlx_desktop.core.metadata.codec import field_specs, json_types
from etlx_desktop.core.metadata.io import module_from_json
from etlx_desktop.core.metadata.vocabulary import PERSONAL_DATA_CATEGORIES
from etlx_desktop.core.resources import demo_dir, resources_dir

DEMO_FILE = demo_dir() / "shop.jsonld"
CONTEXT_FILES = (
    resources_dir() / "contexts" / "csvw.jsonld",
    resources_dir() / "contexts" / "etlx-datamodule-v1.jsonld",
)
SECRET = "hunter2"


@cache
def _demo_text() -> str:
    return DEMO_FILE.read_text(encoding="utf-8")


def demo_document() -> dict[str, Any]:
    """A fresh, mutable copy of the demo module as parsed JSON."""
    document: dict[str, Any] = json.loads(_demo_text())
    return copy.deepcopy(document)


def rename_key(obj: dict[str, Any], old: str, new: str) -> None:
    obj[new] = obj.pop(old)


def check_document(document: Any, base_dir: Path | None = None) -> list[Problem]:
    """Every problem of a parsed document: shape problems and semantic ones, in one pass."""
    module, problems = module_from_json(document)
    return problems + validate_module(module, base_dir=base_dir, raw=document)


def errors(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity is Severity.ERROR]


def write_document(document: Any, folder: Path, name: str = "module.jsonld") -> Path:
    path = folder / name
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False), encoding="utf-8")
    return path


# --- network ---------------------------------------------------------------------------------


def block_network(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, tuple[Any, ...]]]:
    """Make every way of opening a connection raise; returns the list of attempted calls."""
    calls: list[tuple[str, tuple[Any, ...]]] = []

    def refuse(name: str) -> Any:
        def refused(*args: Any, **kwargs: Any) -> Any:
            calls.append((name, args))
            raise OSError(f"network access in a test: {name}{args!r}")

        return refused

    monkeypatch.setattr(socket.socket, "connect", refuse("socket.connect"))
    monkeypatch.setattr(socket.socket, "connect_ex", refuse("socket.connect_ex"))
    monkeypatch.setattr(socket, "create_connection", refuse("socket.create_connection"))
    monkeypatch.setattr(socket, "getaddrinfo", refuse("socket.getaddrinfo"))
    return calls


# --- the model's classes and keys ------------------------------------------------------------


def model_classes() -> list[type]:
    """Every dataclass reachable from DataModule through field types, in discovery order."""
    found: list[type] = []

    def visit(tp: Any) -> None:
        if dataclasses.is_dataclass(tp) and isinstance(tp, type):
            if tp not in found:
                found.append(tp)
                for spec in field_specs(tp):
                    visit(spec.type)
            return
        for arg in typing.get_args(tp):
            visit(arg)

    visit(model.DataModule)
    return found


def expected_key_order(obj: Any, present: set[str]) -> list[str]:
    """The order `encode` promises: @id, @type, then the model's fields in declaration order."""
    keys = [s.key for s in field_specs(type(obj))]
    ordered = [k for k in keys if k == "@id"]
    if json_types(type(obj)):
        ordered.append("@type")
    ordered += [k for k in keys if k != "@id"]
    return [k for k in ordered if k in present]


def check_key_order(obj: Any, data: Any, path: str = "") -> list[str]:
    """Paths where the saved JSON's key order is not the model's order (walks model and JSON)."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        assert isinstance(data, dict), path
        keys = [k for k in data if k != "@context"]
        wrong = [] if keys == expected_key_order(obj, set(keys)) else [path or "(document)"]
        for spec in field_specs(type(obj)):
            if spec.key in data:
                wrong += check_key_order(
                    getattr(obj, spec.name), data[spec.key], f"{path}.{spec.key}"
                )
        return wrong
    if isinstance(obj, list) and isinstance(data, list):
        wrong = []
        for index, (item, raw) in enumerate(zip(obj, data, strict=True)):
            wrong += check_key_order(item, raw, f"{path}[{index}]")
        return wrong
    return []


# --- hypothesis strategies derived from the model --------------------------------------------

# printable text (letters incl. Cyrillic, marks, digits, punctuation, symbols, spaces)
TEXT = st.text(st.characters(categories=("L", "M", "N", "P", "S", "Zs")), max_size=12)
IDENTIFIERS = st.from_regex(r"[a-z][a-z0-9_-]{0,11}", fullmatch=True)
FLOATS = st.floats(allow_nan=False, allow_infinity=False)
SCALARS = st.one_of(TEXT, st.integers(), FLOATS, st.booleans())
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | FLOATS | TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3),
    max_leaves=8,
)
JSON_OBJECTS = st.dictionaries(TEXT, JSON_VALUES, max_size=4)
IRIS = IDENTIFIERS.map(lambda name: f"urn:etlx:test:{name}")

# keys whose values are names the rest of the document refers to: keep them identifier-like
_NAME_KEYS = {
    "identifier",
    "name",
    "tableName",
    "fromSource",
    "target",
    "appliesTo",
    "columnReference",
    "primaryKey",
    "keyDomain",
    "method",
    "normalizer",
}
_BY_KEY: dict[str, st.SearchStrategy[Any]] = {
    "@id": IRIS,
    "previousVersion": IRIS,
    "version": st.integers(min_value=1, max_value=10**6),
    "personalData": st.sampled_from(PERSONAL_DATA_CATEGORIES),
}
# (min, max) sizes of the lists that make a module's structure
_LIST_SIZES: dict[str, tuple[int, int]] = {
    "dataSource": (1, 3),
    "tables": (1, 3),
    "columns": (1, 4),
    "distribution": (0, 2),
    "foreignKeys": (0, 2),
    "transformation": (0, 2),
}


def _value_strategy(tp: Any, key: str) -> st.SearchStrategy[Any]:
    if key in _BY_KEY:
        return _BY_KEY[key]
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        if set(args) == {str, int, float, bool}:
            inner: st.SearchStrategy[Any] = SCALARS
        else:
            inner = st.one_of(*(_value_strategy(a, key) for a in args))
        return (st.none() | inner) if type(None) in typing.get_args(tp) else inner
    if origin is list:
        low, high = _LIST_SIZES.get(key, (0, 3))
        (item,) = typing.get_args(tp)
        return st.lists(_value_strategy(item, key), min_size=low, max_size=high)
    if origin is dict:
        return JSON_OBJECTS
    if isinstance(tp, type) and issubclass(tp, Enum):
        return st.sampled_from(list(tp))
    if dataclasses.is_dataclass(tp) and isinstance(tp, type):
        return instances(tp)
    if tp is str:
        return IDENTIFIERS if key in _NAME_KEYS else TEXT
    if tp is bool:
        return st.booleans()
    if tp is int:
        return st.integers()
    if tp is float:
        return FLOATS
    raise AssertionError(f"no strategy for {tp!r} (key {key})")


@cache
def instances(cls: type) -> st.SearchStrategy[Any]:
    """Valid-shaped instances of a model class; every field gets a value of its declared type."""
    fields = {spec.name: _value_strategy(spec.type, spec.key) for spec in field_specs(cls)}
    return st.builds(cls, **fields)


def modules() -> st.SearchStrategy[model.DataModule]:
    strategy: st.SearchStrategy[model.DataModule] = instances(model.DataModule)
    return strategy
