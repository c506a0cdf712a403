"""The anonymization methods and the normalizers, read from the method registry and the
normalizer table the pipeline runs."""

from __future__ import annotations

from collections.abc import Callable

from ..core.anonymize.registry import KEYED_METHODS, MethodRegistry, MethodSpec, ParamSpec
from ..core.metadata import vocabulary
from ..core.transform import normalizers
from .context import compact_iri
from .markdown import code, document, first_paragraph, literal, paragraphs, table


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def allowed_text(param: ParamSpec) -> str:
    """The values a parameter accepts beyond its type: its choices or its range."""
    if param.choices:
        return ", ".join(code(choice) for choice in param.choices)
    low, high = param.minimum, param.maximum
    if low is not None and high is not None:
        return f"{_number(low)} to {_number(high)}"
    if low is not None:
        return f"≥ {_number(low)}"
    if high is not None:
        return f"≤ {_number(high)}"
    return ""


def _param_row(param: ParamSpec) -> list[str]:
    return [
        code(param.name),
        param.type.value,
        "yes" if param.required else "",
        "" if param.default is None else literal(param.default),
        allowed_text(param),
        param.doc,
    ]


def _together(method: MethodSpec) -> list[str]:
    """Sentences for the parameters that depend on each other."""
    lines = [
        f"When {code(name)} is {code(value)}, {', '.join(code(n) for n in needed)} "
        f"{'is' if len(needed) == 1 else 'are'} required."
        for name, by_value in method.requires_when.items()
        for value, needed in by_value.items()
    ]
    lines += [
        f"{code(first)} and {code(second)} must have the same length."
        for first, second in method.same_length
    ]
    return lines


def method_section(method: MethodSpec) -> str:
    facts = [
        f"Key domain: {method.key_domain.value}.",
        "Keyed: uses the module's key (`keyRef`)."
        if method.name in KEYED_METHODS
        else "Not keyed.",
    ]
    if method.technique:
        facts.append(f"Technique: {code(compact_iri(method.technique))}.")
    params = (
        table(
            ["Parameter", "Type", "Required", "Default", "Allowed", "Description"],
            [_param_row(param) for param in method.params],
        )
        if method.params
        else "No parameters."
    )
    return document(
        [
            f"### {code(method.name)}",
            paragraphs(method.doc),
            " ".join(facts),
            params,
            "\n".join(f"- {line}" for line in _together(method)),
        ]
    )


def methods_section(registry: MethodRegistry) -> str:
    return document(
        [
            "## Anonymization methods",
            "An `anonymization` rule names one of these methods in `method` and gives its "
            'parameters in `parameters`. "Key domain" says whether the rule\'s `keyDomain` is '
            "not used, optional or required; columns that share a key domain get equal "
            "outputs for equal inputs. Keyed methods need the module's `keyRef`.",
            *(method_section(method) for method in registry),
        ]
    )


def _normalizer_doc(name: str) -> str:
    function: Callable[..., object] | type | None = normalizers.NORMALIZERS.get(name)
    if function is None and name == "deduplicate":  # the pipeline runs it as a Deduplicator
        function = normalizers.Deduplicator
    return first_paragraph(function.__doc__ if function is not None else None)


def normalizers_section() -> str:
    return document(
        [
            "## Normalizers",
            paragraphs(normalizers.__doc__),
            "A `transformation` step names one in `normalizer` and the columns in `appliesTo`.",
            table(
                ["Normalizer", "Description"],
                [(code(name), _normalizer_doc(name)) for name in vocabulary.NORMALIZERS],
            ),
        ]
    )
