"""From detections to suggestions: the category and rule of each column, keys included."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ...metadata.model import AnonymizationRule, Column, DataModule, Datatype, Table
from .combine import Detection
from .evidence import inn_is_legal
from .keys import KeyMap, Ref
from .kinds import KINDS, PiiKind
from .result import Signal, SignalSource, Suggestion
from .rules import TableContext, key_rule, suggested_rule
from .sample import ColumnSample

KEY_CONFIDENCE = 0.9
_INTEGERS = {Datatype.INTEGER, Datatype.LONG, Datatype.SHORT}
_CONTEXT_CONFIDENCE = 0.5


@dataclass(frozen=True)
class ColumnFacts:
    """What the scan learnt about one column."""

    column: Column
    sample: ColumnSample
    detection: Detection | None


def suggest_table(
    module: DataModule, table: Table, facts: Mapping[str, ColumnFacts], keys: KeyMap
) -> dict[str, Suggestion]:
    """The suggestion for each column of `table` that looks personal."""
    context = TableContext(gender_column=_gender_column(facts))
    found: dict[str, Suggestion] = {}
    for name, fact in facts.items():
        suggestion = _suggest(module, (table.table_name, name), fact, keys, context)
        if suggestion is not None:
            found[name] = suggestion
    return found


def _gender_column(facts: Mapping[str, ColumnFacts]) -> str | None:
    for name, fact in facts.items():
        found = fact.detection
        if found and found.kind is PiiKind.GENDER and found.confidence >= _CONTEXT_CONFIDENCE:
            return name
    return None


def _suggest(
    module: DataModule, ref: Ref, fact: ColumnFacts, keys: KeyMap, context: TableContext
) -> Suggestion | None:
    detection = fact.detection
    direct = detection is not None and KINDS[detection.kind].direct
    kind = detection.kind if detection is not None and direct else PiiKind.PERSON_KEY
    signals = detection.signals if detection is not None else ()
    integer = fact.column.datatype in _INTEGERS or fact.sample.integers
    parent = keys.parents.get(ref)
    if ref in keys.person_keys:
        shown = ", ".join(keys.person_keys[ref][:3])
        why = Signal(SignalSource.KEY, f"primary key of '{ref[0]}', which holds {shown}")
        rule = key_rule(kind, f"{module.identifier}.{ref[0]}", integer=integer)
        return _keyed(ref, kind, rule, (why, *signals), KEY_CONFIDENCE)
    if parent is not None and (parent in keys.person_keys or direct):
        why = Signal(SignalSource.KEY, f"foreign key to {parent[0]}.{parent[1]}")
        rule = key_rule(kind, f"{module.identifier}.{parent[0]}", integer=integer)
        sure = KEY_CONFIDENCE if parent in keys.person_keys else 0.0
        confidence = max(sure, detection.confidence if detection else 0.0)
        return _keyed(ref, kind, rule, (why, *signals), confidence, parent)
    if detection is None:
        return None
    if direct and (ref in keys.primary or fact.column.unique):
        domain = f"{module.identifier}.{ref[0]}"
        domain += "" if ref in keys.primary else f".{ref[1]}"
        why = Signal(SignalSource.KEY, "a key: its values must stay unique and keep joining")
        rule = key_rule(kind, domain, integer=integer)
        return _keyed(ref, kind, rule, (*signals, why), detection.confidence)
    legal = detection.kind is PiiKind.INN and inn_is_legal(fact.sample)
    return Suggestion(
        table=ref[0],
        column=ref[1],
        kind=detection.kind,
        category=KINDS[detection.kind].category,
        rule=suggested_rule(detection.kind, context, legal_inn=legal),
        confidence=detection.confidence,
        evidence=signals,
        quasi_identifier=KINDS[detection.kind].quasi_identifier,
    )


def _keyed(
    ref: Ref,
    kind: PiiKind,
    rule: AnonymizationRule,
    evidence: tuple[Signal, ...],
    confidence: float,
    parent: Ref | None = None,
) -> Suggestion:
    return Suggestion(
        table=ref[0],
        column=ref[1],
        kind=kind,
        category=KINDS[kind].category,
        rule=rule,
        confidence=confidence,
        evidence=evidence,
        references=parent,
    )
