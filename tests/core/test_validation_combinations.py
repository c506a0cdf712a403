"""Settings that are each valid alone but not together are refused with their path."""

from __future__ import annotations

from typing import Any

from .helpers import check_document, demo_document, errors

COLUMNS = "tables[0].tableSchema.columns"


def column(document: dict[str, Any], name: str) -> tuple[int, dict[str, Any]]:
    columns = document["tables"][0]["tableSchema"]["columns"]
    index = next(i for i, c in enumerate(columns) if c["name"] == name)
    return index, columns[index]


def paths_and_messages(document: dict[str, Any]) -> dict[str, str]:
    return {p.path: p.message for p in errors(check_document(document))}


def test_clip_needs_a_range() -> None:
    document = demo_document()
    index, email = column(document, "email")
    email["onViolation"] = "clip"
    found = paths_and_messages(document)
    assert "no minimum or maximum to clip to" in found[f"{COLUMNS}[{index}].onViolation"]


def test_generalize_to_bins_needs_bins() -> None:
    document = demo_document()
    index, birth = column(document, "birth_date")
    birth["anonymization"]["parameters"] = {"to": "bins"}
    found = paths_and_messages(document)
    where = f"{COLUMNS}[{index}].anonymization.parameters.bins"
    assert found[where].startswith("is required when to is bins")


def test_bin_labels_pair_up_with_bins() -> None:
    document = demo_document()
    index, birth = column(document, "birth_date")
    birth["anonymization"]["parameters"] = {
        "to": "age_band",
        "bins": [0, 18, 65],
        "labels": ["child", "adult"],
    }
    found = paths_and_messages(document)
    where = f"{COLUMNS}[{index}].anonymization.parameters.labels"
    assert found[where] == "has 2 item(s) but bins has 3; give one per bin."


def test_a_valid_combination_passes() -> None:
    document = demo_document()
    _, birth = column(document, "birth_date")
    birth["anonymization"]["parameters"] = {
        "to": "age_band",
        "bins": [0, 18, 65],
        "labels": ["child", "adult", "senior"],
    }
    assert paths_and_messages(document) == {}
