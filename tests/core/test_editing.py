"""Undoable module edits: every edit reverts exactly, in any sequence; unprotected columns."""

from __future__ import annotations

import copy
from functools import cache
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from etlx_desktop.core.anonymize.detect import PiiKind, ScanResult, Suggestion, TableScan
from etlx_desktop.core.anonymize.detect.result import ColumnScan
from etlx_desktop.core.anonymize.registry import default_registry
from etlx_desktop.core.metadata import (
    AnonymizationRule,
    DataModule,
    Datatype,
    NullStrategy,
    Severity,
    dumps_module,
    read_module,
)
from etlx_desktop.core.metadata.editing import (
    UNSET,
    AcceptSuggestion,
    ColumnAt,
    CompoundEdit,
    Edit,
    EditError,
    SetColumnField,
    SetKeyDomain,
    SetParameter,
    SetRule,
    check_module,
    locate,
    set_personal_data,
    switch_method,
    unprotected_columns,
)
from etlx_desktop.core.metadata.vocabulary import PERSONAL_DATA_CATEGORIES
from etlx_desktop.core.resources import demo_dir

REGISTRY = default_registry()


@cache
def _demo() -> DataModule:
    module, problems = read_module(demo_dir() / "shop.jsonld")
    assert module is not None and problems == []
    return module


def demo() -> DataModule:
    return copy.deepcopy(_demo())


def at(module: DataModule, name: str) -> ColumnAt:
    table, column = name.split(".")
    found = locate(module, table, column)
    assert found is not None
    return found


def suggestion(table: str, column: str, **changes: Any) -> Suggestion:
    fields: dict[str, Any] = {
        "table": table,
        "column": column,
        "kind": PiiKind.EMAIL,
        "category": "pd:EmailAddress",
        "rule": AnonymizationRule(method="fake", parameters={"kind": "email"}),
        "confidence": 0.9,
        "evidence": (),
    }
    return Suggestion(**(fields | changes))


def scan_of(module: DataModule, *found: Suggestion) -> ScanResult:
    tables = [
        TableScan(
            t.table_name,
            0,
            tuple(
                ColumnScan(
                    c.name,
                    0,
                    next((s for s in found if (s.table, s.column) == (t.table_name, c.name)), None),
                )
                for c in t.table_schema.columns
            ),
        )
        for t in module.tables
    ]
    return ScanResult(module, 0, tables)


# --- single edits ---------------------------------------------------------------------------


def test_set_column_field_and_revert() -> None:
    module, original = demo(), demo()
    edit = SetColumnField(at(module, "orders.amount"), "minimum", 5)
    edit.apply(module)
    assert module.table("orders").table_schema.columns[4].minimum == 5
    edit.revert(module)
    assert module == original


def test_clear_rule_then_revert_restores_the_same_rule() -> None:
    module, original = demo(), demo()
    edit = SetRule(at(module, "customers.email"), None)
    edit.apply(module)
    assert module.tables[0].table_schema.columns[3].anonymization is None
    edit.revert(module)
    assert module == original
    assert dumps_module(module) == dumps_module(original)


def test_set_and_reset_a_parameter() -> None:
    module, original = demo(), demo()
    where = at(module, "customers.full_name")
    reset = SetParameter(where, "gender_column", UNSET)
    reset.apply(module)
    assert module.tables[0].table_schema.columns[1].anonymization.parameters == {  # type: ignore[union-attr]
        "kind": "full_name"
    }
    reset.revert(module)
    assert module == original


def test_removing_the_last_parameter_leaves_none() -> None:
    module = demo()
    edit = SetParameter(at(module, "customers.email"), "kind", UNSET)
    edit.apply(module)
    assert module.tables[0].table_schema.columns[3].anonymization.parameters is None  # type: ignore[union-attr]


def test_a_parameter_needs_a_rule_and_a_failed_edit_changes_nothing() -> None:
    module, original = demo(), demo()
    with pytest.raises(EditError, match="no anonymization rule"):
        SetParameter(at(module, "customers.registered_at"), "k", 3).apply(module)
    with pytest.raises(EditError):
        SetKeyDomain(ColumnAt(0, 99), "x").apply(module)
    assert module == original


def test_revert_before_apply_is_an_error() -> None:
    with pytest.raises(EditError, match="before it was applied"):
        SetRule(ColumnAt(0, 0), None).revert(demo())


def test_unknown_field_is_refused() -> None:
    with pytest.raises(EditError, match="no field"):
        SetColumnField(ColumnAt(0, 0), "anonymization", None)


def test_merged_edits_revert_to_the_state_before_the_first() -> None:
    module, original = demo(), demo()
    where = at(module, "customers.email")
    first = SetParameter(where, "kind", "full_name")
    first.apply(module)
    second = SetParameter(where, "kind", "phone")
    second.apply(module)
    merged = first.merged_with(second)
    assert merged is not None and merged.value == "phone"
    merged.revert(module)
    assert module == original
    merged.apply(module)
    assert module.tables[0].table_schema.columns[3].anonymization.parameters == {"kind": "phone"}  # type: ignore[union-attr]
    assert first.merged_with(SetParameter(where, "locale", "en_US")) is None
    assert SetRule(where, None).merged_with(SetRule(where, None)) is None


def test_compound_edit_reverts_in_reverse_order() -> None:
    module, original = demo(), demo()
    where = at(module, "orders.amount")
    edit = CompoundEdit(
        [SetColumnField(where, "minimum", 1), SetColumnField(where, "minimum", 2)], "Set range"
    )
    edit.apply(module)
    assert module.tables[2].table_schema.columns[4].minimum == 2
    edit.revert(module)
    assert module == original
    assert edit.describe(module) == "Set range"


def test_accept_suggestion_sets_rule_category_and_quasi_identifier() -> None:
    module, original = demo(), demo()
    where = at(module, "customers.registered_at")
    found = suggestion(
        "customers",
        "registered_at",
        category="pd:BirthDate",
        rule=AnonymizationRule(method="generalize", parameters={"to": "year"}),
        quasi_identifier=True,
    )
    edit = AcceptSuggestion(where, found)
    edit.apply(module)
    column = module.tables[0].table_schema.columns[10]
    assert column.anonymization == found.rule
    assert column.personal_data == "pd:BirthDate"
    assert "registered_at" in module.tables[0].privacy.quasi_identifiers  # type: ignore[union-attr]
    edit.revert(module)
    assert module == original


def test_accept_suggestion_for_a_foreign_key_takes_the_parents_rule() -> None:
    module = demo()
    found = suggestion(
        "orders",
        "customer_id",
        rule=AnonymizationRule(method="hash"),
        references=("customers", "id"),
    )
    AcceptSuggestion(at(module, "orders.customer_id"), found).apply(module)
    rule = module.tables[2].table_schema.columns[1].anonymization
    assert rule == AnonymizationRule(method="pseudonymize", key_domain="shop.customer")


def test_describe_names_the_column() -> None:
    module = demo()
    where = at(module, "customers.email")
    assert SetRule(where, None).describe(module) == "Clear the rule of customers.email"
    assert "keep_last" in SetParameter(where, "keep_last", 2).describe(module)
    assert set_personal_data(where, None).describe(module).endswith("customers.email")


# --- switching methods ----------------------------------------------------------------------


def test_switch_method_keeps_what_the_new_method_accepts() -> None:
    mask = AnonymizationRule(method="mask", parameters={"keep_last": 2, "mask_char": "#"})
    assert switch_method(mask, "hash", REGISTRY, "t.c") == AnonymizationRule(method="hash")
    fake = AnonymizationRule(method="fake", key_domain="d", parameters={"kind": "email"})
    assert switch_method(fake, "null", REGISTRY, "t.c") == AnonymizationRule(method="null")
    assert switch_method(fake, "hash", REGISTRY, "t.c") == AnonymizationRule(
        method="hash", key_domain="d"
    )
    assert switch_method(None, "pseudonymize", REGISTRY, "t.c") == AnonymizationRule(
        method="pseudonymize", key_domain="t.c"
    )
    assert switch_method(fake, None, REGISTRY, "t.c") is None


# --- unprotected columns --------------------------------------------------------------------


def test_the_demo_has_no_unprotected_columns() -> None:
    # orders.customer_id has no rule of its own but inherits customers.id's through its key
    module = demo()
    flagged = suggestion("orders", "customer_id", references=("customers", "id"))
    assert unprotected_columns(module, scan_of(module, flagged)) == []


def test_a_cleared_personal_column_is_unprotected() -> None:
    module = demo()
    where = at(module, "customers.email")
    SetRule(where, None).apply(module)
    (found,) = unprotected_columns(module)
    assert (found.at, found.table, found.column) == (where, "customers", "email")
    assert found.category == "pd:EmailAddress"
    assert "left unprotected" in found.reason


def test_keep_is_a_decision_not_a_gap() -> None:
    module = demo()
    SetRule(at(module, "customers.email"), AnonymizationRule(method="keep")).apply(module)
    assert unprotected_columns(module) == []


def test_a_column_the_scan_flagged_is_unprotected_above_the_confidence() -> None:
    module = demo()
    flagged = suggestion("products", "name", confidence=0.7)
    (found,) = unprotected_columns(module, scan_of(module, flagged))
    assert (found.table, found.column, found.confidence) == ("products", "name", 0.7)
    assert "70%" in found.reason
    assert unprotected_columns(module, scan_of(module, flagged), min_confidence=0.8) == []


def test_an_inheriting_key_whose_parent_loses_its_rule_is_unprotected() -> None:
    module = demo()
    SetRule(at(module, "customers.id"), None).apply(module)
    flagged = suggestion("orders", "customer_id", references=("customers", "id"))
    found = {(u.table, u.column) for u in unprotected_columns(module, scan_of(module, flagged))}
    assert found == {("customers", "id"), ("orders", "customer_id")}


# --- checking an edited module --------------------------------------------------------------


def test_check_module_reports_an_invalid_parameter_at_its_path() -> None:
    module = demo()
    assert check_module(module, demo_dir()) == []
    where = at(module, "customers.email")
    SetRule(where, AnonymizationRule(method="mask", parameters={"keep_last": -1})).apply(module)
    (problem,) = check_module(module, demo_dir())
    assert problem.path == f"{where.path}.anonymization.parameters.keep_last"
    assert problem.severity is Severity.ERROR


def test_check_module_reports_a_value_json_cannot_hold() -> None:
    module = demo()
    SetColumnField(at(module, "orders.amount"), "maximum", float("nan")).apply(module)
    (problem,) = check_module(module)
    assert "cannot be saved" in problem.message


# --- random sequences -----------------------------------------------------------------------

_POSITIONS = [
    ColumnAt(t, c)
    for t, table in enumerate(_demo().tables)
    for c in range(len(table.table_schema.columns))
]
_names = st.sampled_from(["gender", "id", "email", "nope"])
_scalars = st.one_of(st.none(), st.integers(-5, 5), st.sampled_from(["1900-01-01", "x"]))
_values = st.one_of(_scalars, st.lists(st.integers(0, 3), max_size=3), st.booleans())
_rules = st.one_of(
    st.none(),
    st.builds(
        AnonymizationRule,
        method=st.sampled_from(REGISTRY.names()),
        key_domain=st.one_of(st.none(), st.sampled_from(["a", "b"])),
        parameters=st.one_of(st.none(), st.dictionaries(st.sampled_from(["k", "x"]), _values)),
    ),
)
_field_values = {
    "datatype": st.sampled_from(list(Datatype)),
    "null_strategy": st.sampled_from(list(NullStrategy)),
    "minimum": _scalars,
    "maximum": _scalars,
    "allowed_values": st.lists(st.one_of(st.integers(), st.text(max_size=3)), max_size=3),
    "pattern": st.one_of(st.none(), st.sampled_from(["^a$", "(("])),
    "personal_data": st.one_of(st.none(), st.sampled_from(PERSONAL_DATA_CATEGORIES)),
    "required": st.one_of(st.none(), st.booleans()),
    "null": st.lists(st.sampled_from(["", "N/A"]), max_size=2),
}
_positions = st.sampled_from(_POSITIONS)
_field_edits = st.sampled_from(sorted(_field_values)).flatmap(
    lambda name: st.builds(SetColumnField, _positions, st.just(name), _field_values[name])
)
_suggestions = st.builds(
    lambda pos, rule, qi, ref: (pos, rule, qi, ref),
    _positions,
    _rules.filter(lambda r: r is not None),
    st.booleans(),
    st.sampled_from([None, ("customers", "id"), ("orders", "nope")]),
)


def _accept(spec: tuple[ColumnAt, AnonymizationRule, bool, Any]) -> AcceptSuggestion:
    position, rule, quasi, references = spec
    table = _demo().tables[position.table]
    column = table.table_schema.columns[position.column].name
    found = suggestion(
        table.table_name, column, rule=rule, quasi_identifier=quasi, references=references
    )
    return AcceptSuggestion(position, found)


_edits: st.SearchStrategy[Edit] = st.one_of(
    _field_edits,
    st.builds(SetRule, _positions, _rules),
    st.builds(SetParameter, _positions, _names, st.one_of(st.just(UNSET), _values)),
    st.builds(SetKeyDomain, _positions, st.one_of(st.none(), st.sampled_from(["a", "b"]))),
    _suggestions.map(_accept),
    st.builds(set_personal_data, _positions, st.one_of(st.none(), st.just("pd:Name"))),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_edits, max_size=12))
def test_any_sequence_of_edits_reverts_to_the_original(edits: list[Edit]) -> None:
    module = demo()
    applied: list[Edit] = []
    for edit in edits:
        before = copy.deepcopy(module)
        try:
            edit.apply(module)
        except EditError:
            assert module == before  # a refused edit leaves no trace
            continue
        applied.append(edit)
    after = copy.deepcopy(module)
    for edit in reversed(applied):
        edit.revert(module)
    assert module == _demo()
    for edit in applied:  # redo after undo gives the same module again
        edit.apply(module)
    assert module == after
