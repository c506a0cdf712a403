"""Anonymization methods as data: a name, a typed parameter schema and its key-domain use.

The same specs drive validation of metadata, the desktop app's parameter editors and the
generated reference, so a parameter is defined once. A registry is an ordinary object passed to
whoever needs it; `default_registry()` builds a fresh one with the built-in methods.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from ..problems import Problem, join_path
from ..words import describe_value, unknown_word

# methods whose output depends on the module's anonymization key (keyRef)
KEYED_METHODS = frozenset({"hash", "noise", "pseudonymize", "fake", "date_shift", "shuffle"})


class ParamType(StrEnum):
    STRING = "string"
    INTEGER = "integer"
    NUMBER = "number"
    BOOLEAN = "boolean"
    SCALAR = "scalar"
    STRING_LIST = "string list"
    NUMBER_LIST = "number list"
    MAPPING = "mapping"
    REGEX = "regex"


class KeyDomainUse(StrEnum):
    NONE = "none"
    OPTIONAL = "optional"
    REQUIRED = "required"


@dataclass(frozen=True)
class ParamSpec:
    """One parameter of a method: its type, constraints, default and meaning."""

    name: str
    type: ParamType
    doc: str
    required: bool = False
    default: Any = None
    choices: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None

    def check(self, value: Any, path: str) -> Problem | None:
        """A Problem if `value` does not fit this parameter, else None."""
        if self.choices:
            if isinstance(value, str) and value in self.choices:
                return None
            if isinstance(value, str):
                return Problem(path, unknown_word(f"value for {self.name}", value, self.choices))
            return Problem(
                path, f"must be one of {', '.join(self.choices)}, not {describe_value(value)}."
            )
        if not _fits(self.type, value):
            return Problem(path, f"must be {self.describe()}, not {describe_value(value)}.")
        if self.type is ParamType.REGEX:
            try:
                re.compile(value)
            except (re.error, OverflowError, RecursionError) as exc:  # a{99999999999}, (((...
                return Problem(path, f"is not a valid regular expression: {exc}.")
        return self._check_range(value, path)

    def _check_range(self, value: Any, path: str) -> Problem | None:
        numbers = value if isinstance(value, list) else [value]
        for number in numbers:
            if not isinstance(number, (int, float)) or isinstance(number, bool):
                continue
            if self.minimum is not None and number < self.minimum:
                return Problem(path, f"must be {self.describe()}; {number} is too small.")
            if self.maximum is not None and number > self.maximum:
                return Problem(path, f"must be {self.describe()}; {number} is too large.")
        return None

    def describe(self) -> str:
        if self.choices:
            return "one of " + ", ".join(self.choices)
        text = _TYPE_WORDS[self.type]
        if self.minimum is not None and self.maximum is not None:
            return f"{text} from {_num(self.minimum)} to {_num(self.maximum)}"
        if self.minimum is not None:
            return f"{text} ≥ {_num(self.minimum)}"
        if self.maximum is not None:
            return f"{text} ≤ {_num(self.maximum)}"
        return text


_TYPE_WORDS = {
    ParamType.STRING: "a string",
    ParamType.INTEGER: "an integer",
    ParamType.NUMBER: "a number",
    ParamType.BOOLEAN: "true or false",
    ParamType.SCALAR: "a string, number or true/false",
    ParamType.STRING_LIST: "a list of strings",
    ParamType.NUMBER_LIST: "a list of numbers",
    ParamType.MAPPING: "an object",
    ParamType.REGEX: "a regular expression (string)",
}


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _fits(kind: ParamType, value: Any) -> bool:
    checks: dict[ParamType, Callable[[Any], bool]] = {
        ParamType.STRING: lambda v: isinstance(v, str),
        ParamType.REGEX: lambda v: isinstance(v, str),
        ParamType.INTEGER: lambda v: isinstance(v, int) and not isinstance(v, bool),
        ParamType.NUMBER: _is_number,
        ParamType.BOOLEAN: lambda v: isinstance(v, bool),
        ParamType.SCALAR: lambda v: isinstance(v, (str, int, float)),
        ParamType.STRING_LIST: lambda v: isinstance(v, list) and all(isinstance(i, str) for i in v),
        ParamType.NUMBER_LIST: lambda v: isinstance(v, list) and all(_is_number(i) for i in v),
        ParamType.MAPPING: lambda v: isinstance(v, dict),
    }
    return bool(checks[kind](value))


@dataclass(frozen=True)
class MethodSpec:
    """A registered anonymization method."""

    name: str
    doc: str
    params: tuple[ParamSpec, ...] = ()
    key_domain: KeyDomainUse = KeyDomainUse.NONE
    technique: str = ""  # the DPV (or project) technique IRI, for the reference docs
    # {"to": {"bins": ("bins",)}}: when parameter `to` is "bins", `bins` is required too
    requires_when: Mapping[str, Mapping[str, tuple[str, ...]]] = field(default_factory=dict)
    # (("labels", "bins"),): when both are given, they must have the same length
    same_length: tuple[tuple[str, str], ...] = ()

    def param(self, name: str) -> ParamSpec:
        for spec in self.params:
            if spec.name == name:
                return spec
        raise KeyError(name)

    def check(self, parameters: Mapping[str, Any] | None, path: str) -> list[Problem]:
        """Every problem with `parameters` for this method, each at its own path."""
        given = dict(parameters or {})
        problems: list[Problem] = []
        known = {p.name: p for p in self.params}
        for name, value in given.items():
            where = join_path(path, name)
            spec = known.get(name)
            if spec is None:
                allowed = list(known) or ["(none)"]
                problems.append(
                    Problem(
                        where,
                        unknown_word("parameter", name, allowed, owner=f"method '{self.name}'"),
                    )
                )
                continue
            problem = spec.check(value, where)
            if problem:
                problems.append(problem)
        problems += self._check_together(given, path)
        for spec in self.params:
            if spec.required and spec.name not in given:
                problems.append(
                    Problem(
                        join_path(path, spec.name),
                        f"is required by method '{self.name}': {spec.doc}",
                    )
                )
        return problems

    def _check_together(self, given: dict[str, Any], path: str) -> list[Problem]:
        """Parameters that only make sense with others: a choice needing its companions,
        and lists that must pair up."""
        problems: list[Problem] = []
        for name, by_value in self.requires_when.items():
            value = given.get(name)
            for needed in by_value.get(value, ()) if isinstance(value, str) else ():
                if needed not in given:
                    problems.append(
                        Problem(
                            join_path(path, needed),
                            f"is required when {name} is {value}: {self.param(needed).doc}",
                        )
                    )
        for first, second in self.same_length:
            a, b = given.get(first), given.get(second)
            if isinstance(a, list) and isinstance(b, list) and len(a) != len(b):
                problems.append(
                    Problem(
                        join_path(path, first),
                        f"has {len(a)} item(s) but "
                        f"{second} has {len(b)}; give one per {second[:-1]}.",
                    )
                )
        return problems


@dataclass
class MethodRegistry:
    """Methods by name; unknown names fail loudly with the closest spelling."""

    _methods: dict[str, MethodSpec] = field(default_factory=dict)

    def register(self, spec: MethodSpec) -> None:
        if spec.name in self._methods:
            raise ValueError(f"method {spec.name!r} is already registered")
        self._methods[spec.name] = spec

    def get(self, name: str) -> MethodSpec:
        try:
            return self._methods[name]
        except KeyError:
            raise KeyError(unknown_word("anonymization method", name, self._methods)) from None

    def __contains__(self, name: object) -> bool:
        return name in self._methods

    def __iter__(self) -> Iterator[MethodSpec]:
        return iter(self._methods.values())

    def names(self) -> list[str]:
        return list(self._methods)


def default_registry(extra: Iterable[MethodSpec] = ()) -> MethodRegistry:
    """A new registry holding the built-in methods (and any `extra` ones)."""
    from .catalog import BUILTIN_METHODS

    registry = MethodRegistry()
    for spec in (*BUILTIN_METHODS, *extra):
        registry.register(spec)
    return registry
