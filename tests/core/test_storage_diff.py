"""`diff_versions` names every change to what shapes a table's output, the transformation
steps and the privacy model included, between two published versions."""

from __future__ import annotations

import json
from pathlib import Path

from etlx_desktop.core.metadata import dumps_module
from etlx_desktop.core.metadata.io import module_from_json
from etlx_desktop.core.metadata.model import PrivacyModel, TransformStep
from etlx_desktop.core.storage import FolderStore, diff_versions

from .test_storage_folder import (
    MODULE,
    TABLES,
    input_frame,
    metadata_json,
    table_schema,
    write_version,
)


def _publish(store: FolderStore, metadata: str) -> None:
    writer = store.begin(MODULE, "run-changed")
    for table in TABLES:
        writer.write(table, input_frame(table, 1), table_schema(table, 1))
        writer.end_table(table)
    writer.publish(metadata, {})


def test_diff_names_changed_steps_and_privacy_models(tmp_path: Path) -> None:
    store = FolderStore(tmp_path)
    write_version(store, 1)
    module, problems = module_from_json(json.loads(metadata_json(1)))
    assert not problems
    tables = {t.table_name: t for t in module.tables}
    tables["customers"].privacy = PrivacyModel(quasi_identifiers=["name"], k=5)
    tables["orders"].transformation = [TransformStep(normalizer="trim", applies_to=["id"])]
    _publish(store, dumps_module(module))

    diff = diff_versions(store, MODULE, 1, 2)
    assert diff["tables_changed"] == {
        "customers": {
            "privacy": {"from": None, "to": {"quasiIdentifiers": ["name"], "k": 5}},
        },
        "orders": {
            "transformation": {
                "from": [],
                "to": [{"@type": "TransformStep", "normalizer": "trim", "appliesTo": ["id"]}],
            },
        },
    }
    back = diff_versions(store, MODULE, 2, 1)
    assert back["tables_changed"]["customers"]["privacy"]["to"] is None
    assert diff_versions(store, MODULE, 1, 1)["tables_changed"] == {}
