"""Privacy figures of a preview sample: k, classes below the model's k, uniques, l-diversity and
the leak check, on hand-made frames and on the demo's real previews."""

from __future__ import annotations

import copy
from pathlib import Path

import pandas as pd
import pytest

from etlx_desktop.core.anonymize.privacy import k_anonymity, l_diversity
from etlx_desktop.core.metadata import DataModule
from etlx_desktop.core.metadata.model import (
    AnonymizationRule,
    Column,
    ExtractStep,
    PrivacyModel,
    Table,
    TableSchema,
)
from etlx_desktop.core.pipeline.preview import Preview, preview_table
from etlx_desktop.core.pipeline.preview_privacy import (
    default_quasi_identifiers,
    sample_privacy,
)
from etlx_desktop.core.pipeline.preview_stats import summarize_preview

QI = ["age", "city", "gender"]


def patients_table(privacy: PrivacyModel | None = None, **methods: str) -> Table:
    names = ["id", "email", *QI, "diagnosis"]
    columns = [
        Column(
            name=name,
            anonymization=AnonymizationRule(method=methods[name]) if name in methods else None,
        )
        for name in names
    ]
    return Table(
        url="patients",
        table_name="patients",
        extraction=ExtractStep(from_source="files", source_table="patients"),
        table_schema=TableSchema(columns=columns),
        privacy=privacy,
    )


def patients_after() -> pd.DataFrame:
    """Classes over (age, city, gender): (20-29, A, F) x3, (30-39, A, M) x2, (40-49, B, F) x1
    — where 40 and 40.0 are one value — and one row with every quasi-identifier null."""
    return pd.DataFrame(
        {
            "id": [11, 12, 13, 14, 15, 16, 17],
            "email": ["[redacted]"] * 7,
            "age": ["20-29"] * 3 + ["30-39"] * 2 + ["40-49", None],
            "city": ["A"] * 5 + ["B", None],
            "gender": ["F"] * 3 + ["M"] * 2 + ["F", None],
            "diagnosis": ["flu", "cold", "flu", "flu", "flu", "asthma", "flu"],
        }
    )


def patients_before() -> pd.DataFrame:
    frame = patients_after()
    frame["id"] = range(1, 8)
    frame["email"] = [f"p{n}@clinic.ru" for n in range(1, 8)]
    return frame


def test_k_and_classes_below_the_target_of_a_hand_made_frame() -> None:
    table = patients_table(PrivacyModel(quasi_identifiers=QI, k=3))
    privacy = sample_privacy(table, patients_before(), patients_after(), QI)
    figures = privacy.k_anonymity
    assert figures is not None
    assert (privacy.k, figures.groups, figures.rows, figures.suppressed_rows) == (1, 3, 7, 1)
    assert privacy.k_target == 3 and privacy.classes_below_k == 2  # the classes of 2 and 1
    assert figures.rows_below_k == 3 and not privacy.k_passed
    assert figures.unique_rows == 1 and figures.unique_share == pytest.approx(1 / 7)
    assert figures == k_anonymity(patients_after(), QI, 3)  # the run's own figure


def test_a_target_the_sample_reaches_passes() -> None:
    after = patients_after().iloc[:5]  # classes of 3 and 2
    table = patients_table(PrivacyModel(quasi_identifiers=QI, k=2, enforce=True))
    privacy = sample_privacy(table, patients_before(), after, QI)
    assert (privacy.k, privacy.classes_below_k, privacy.k_passed) == (2, 0, True)
    assert privacy.enforced
    assert sample_privacy(table, patients_before(), after, ["age"]).enforced  # k over fewer
    assert not sample_privacy(table, patients_before(), after, [*QI, "diagnosis"]).enforced


def test_l_diversity_when_the_model_names_sensitive_columns() -> None:
    model = PrivacyModel(quasi_identifiers=QI, k=2, sensitive=["diagnosis"], l_diversity=2)
    privacy = sample_privacy(patients_table(model), patients_before(), patients_after(), QI)
    assert privacy.l_diversity == l_diversity(patients_after(), QI, ["diagnosis"])
    assert privacy.l_diversity == {"diagnosis": 1}  # (30-39, A, M) only has flu
    assert privacy.l_target == 2 and not privacy.l_passed


def test_no_quasi_identifiers_or_a_missing_one_gives_no_k() -> None:
    table = patients_table()
    none = sample_privacy(table, patients_before(), patients_after(), [])
    assert none.k_anonymity is None and none.k is None and none.k_passed
    missing = sample_privacy(table, patients_before(), patients_after(), ["age", "postcode"])
    assert missing.k_anonymity is None and missing.missing == ("postcode",)


def test_leaks_are_counted_per_cell_and_named() -> None:
    table = patients_table(email="redact", id="pseudonymize")
    before, after = patients_before(), patients_after()
    assert sample_privacy(table, before, after, QI).leaks_passed
    after.loc[[1, 4], "email"] = before.at[4, "email"]  # two cells hold one original
    after.loc[[2, 6], "id"] = [3, 7]  # two rows keep their own key
    leaks = {leak.column: leak for leak in sample_privacy(table, before, after, QI).leaks}
    email, key = leaks["email"], leaks["id"]
    assert not email.passed and email.matching_cells == email.leaked_cells == 2
    assert email.result.surviving == 1  # the run's figure counts distinct values
    assert email.own_value_rows == (4,)
    assert not key.passed and key.own_value_rows == (2, 6) and key.leaked_cells == 2
    assert key.result.same_row == 2
    assert "diagnosis" not in leaks  # not anonymized: nothing to check


def test_report_only_methods_never_fail() -> None:
    table = patients_table(age="generalize")
    privacy = sample_privacy(table, patients_before(), patients_after(), QI)
    (leak,) = privacy.leaks
    assert leak.passed and leak.matching_cells == 6 and leak.leaked_cells == 0


def test_default_quasi_identifiers_come_from_the_model_else_the_categories(
    demo: tuple[DataModule, Path],
) -> None:
    module, _ = demo
    customers = module.table("customers")
    assert default_quasi_identifiers(customers) == ["birth_date", "city", "gender"]
    customers.privacy = None
    assert default_quasi_identifiers(customers) == ["gender", "birth_date", "city"]  # by column
    assert default_quasi_identifiers(module.table("products")) == []


def demo_preview(demo: tuple[DataModule, Path], table: str, rows: int = 100) -> Preview:
    module, folder = demo
    return preview_table(module, table, base_dir=folder, rows=rows)


def test_the_demo_customers_preview_leaks_nothing(demo: tuple[DataModule, Path]) -> None:
    module, _ = demo
    preview = demo_preview(demo, "customers")
    privacy = summarize_preview("customers", preview, module=module).privacy
    assert privacy is not None and privacy.leaks_passed and privacy.failed_leaks == []
    assert sum(leak.leaked_cells for leak in privacy.leaks) == 0
    assert {leak.column for leak in privacy.leaks} >= {"id", "full_name", "email", "phone"}
    assert privacy.quasi_identifiers == ("birth_date", "city", "gender")
    quasi = list(privacy.quasi_identifiers)
    assert privacy.k_anonymity == k_anonymity(preview.after, quasi, 5)
    assert (privacy.k_target, privacy.enforced) == (5, True)
    sizes = preview.after.groupby(quasi, dropna=False).size()  # no row has all three null
    assert privacy.classes_below_k == int((sizes < 5).sum())


def test_a_rule_the_rows_did_not_get_is_a_leak(demo: tuple[DataModule, Path]) -> None:
    """The metadata says redact and pseudonymize, but the output was made without them."""
    module, folder = demo
    unmasked = copy.deepcopy(module)
    for column in unmasked.table("customers").table_schema.columns:
        if column.name in ("email", "id"):
            column.anonymization = None
    preview = preview_table(unmasked, "customers", base_dir=folder, rows=100)
    marked = module.table("customers")
    marked.table_schema.columns[3].anonymization = AnonymizationRule(method="redact")
    assert marked.table_schema.columns[3].name == "email"
    privacy = summarize_preview("customers", preview, module=module).privacy
    assert privacy is not None and not privacy.leaks_passed
    failed = {leak.column: leak for leak in privacy.failed_leaks}
    assert sorted(failed) == ["email", "id"]
    emails = int(preview.after["email"].notna().sum())
    assert emails > 50 and failed["email"].leaked_cells == emails
    assert failed["id"].own_value_rows == tuple(range(100))


def test_the_summary_uses_the_chosen_quasi_identifiers(demo: tuple[DataModule, Path]) -> None:
    module, _ = demo
    preview = demo_preview(demo, "customers")
    assert summarize_preview("customers", preview).privacy is None  # no module: no model
    chosen = summarize_preview("customers", preview, ["gender"], module=module).privacy
    assert chosen is not None and chosen.quasi_identifiers == ("gender",)
    assert chosen.k == int(preview.after["gender"].value_counts(dropna=False).min())
