"""Adding, removing and choosing targets as undoable edits, and drafting targets from input."""

from __future__ import annotations

import copy
from functools import cache
from pathlib import Path

import pytest

from etlx_desktop.core.metadata import DataModule, dumps_module, read_module, validate_module
from etlx_desktop.core.metadata.editing import EditError
from etlx_desktop.core.metadata.editing_targets import (
    AddTarget,
    RemoveTarget,
    SetPublishedTargets,
)
from etlx_desktop.core.metadata.model import FileFormat, Target, TargetKind
from etlx_desktop.core.metadata.target_drafts import (
    TargetDraftError,
    database_target,
    folder_target,
    s3_target,
    unique_target_name,
)
from etlx_desktop.core.resources import demo_dir


@cache
def _demo() -> DataModule:
    module, problems = read_module(demo_dir() / "shop.jsonld")
    assert module is not None and problems == []
    return module


def demo() -> DataModule:
    return copy.deepcopy(_demo())


def folder(name: str) -> Target:
    return Target(identifier=name, kind=TargetKind.FOLDER, access_url=name, format="parquet")


def round_trip(module: DataModule, *edits: AddTarget | RemoveTarget | SetPublishedTargets) -> str:
    """Apply the edits, check undo gives the module back exactly and redo the same result."""
    before = dumps_module(module)
    for edit in edits:
        edit.apply(module)
    after = dumps_module(module)
    for edit in reversed(edits):
        edit.revert(module)
    assert dumps_module(module) == before
    for edit in edits:
        edit.apply(module)
    assert dumps_module(module) == after
    return after


def test_adding_a_target_publishes_to_it() -> None:
    module = demo()
    round_trip(module, AddTarget(folder("copy")))
    assert [t.identifier for t in module.distribution] == ["local", "copy"]
    assert module.upload is not None and module.upload.target == ["local", "copy"]
    assert validate_module(module) == []


def test_adding_to_a_module_without_upload_creates_it_and_undo_takes_it_away() -> None:
    module = DataModule(identifier="new-module", title="New module")
    edit = AddTarget(folder("out"))
    edit.apply(module)
    assert module.upload is not None and module.upload.target == ["out"]
    edit.revert(module)
    assert module.upload is None and module.distribution == []
    assert module == DataModule(identifier="new-module", title="New module")


def test_a_target_added_without_publishing_is_left_unchecked() -> None:
    module = demo()
    round_trip(module, AddTarget(folder("spare"), publish=False))
    assert module.upload is not None and module.upload.target == ["local"]


def test_a_duplicate_name_is_refused_and_changes_nothing() -> None:
    module = demo()
    before = dumps_module(module)
    with pytest.raises(EditError, match="already has a target named local"):
        AddTarget(folder("local")).apply(module)
    assert dumps_module(module) == before


def test_removing_a_target_takes_it_out_of_the_upload_step_and_undo_puts_it_back() -> None:
    module = demo()
    module.distribution.insert(0, folder("first"))
    assert module.upload is not None
    module.upload.target = ["local", "first", "local"]  # odd, but undo must restore it exactly
    round_trip(module, RemoveTarget("local"))
    assert [t.identifier for t in module.distribution] == ["first"]
    assert module.upload.target == ["first"]


def test_removing_an_unknown_target_is_refused() -> None:
    with pytest.raises(EditError, match="no target named nowhere"):
        RemoveTarget("nowhere").apply(demo())


def test_choosing_the_published_targets_keeps_the_upload_step_itself() -> None:
    module = demo()
    module.distribution.append(folder("copy"))
    upload = module.upload
    round_trip(module, SetPublishedTargets(["copy", "local"]), SetPublishedTargets([]))
    assert module.upload is upload and upload is not None and upload.target == []
    assert SetPublishedTargets([]).describe(module) == "Publish to no target"
    with pytest.raises(EditError, match="no target named ghost"):
        SetPublishedTargets(["ghost"]).apply(module)


def test_choosing_targets_of_a_module_without_upload_creates_it_undoably() -> None:
    module = DataModule(identifier="m")
    module.distribution.append(folder("out"))
    edit = SetPublishedTargets(["out"])
    edit.apply(module)
    assert module.upload is not None and module.upload.target == ["out"]
    edit.revert(module)
    assert module.upload is None


def test_add_then_remove_round_trips() -> None:
    module = demo()
    target = folder("copy")
    text = round_trip(module, AddTarget(target), RemoveTarget("local"))
    assert '"copy"' in text and '"local"' not in text
    assert AddTarget(target).describe(module) == "Add target copy"
    assert RemoveTarget("copy").describe(module) == "Remove target copy"


# --- drafting targets --------------------------------------------------------------------------


def test_names_are_made_unique_and_plain() -> None:
    module = demo()
    assert unique_target_name(module, "Local") == "local-2"
    assert unique_target_name(module, "My Output!") == "my-output"
    assert unique_target_name(module, "  ") == "target"


def test_a_folder_inside_the_module_folder_is_kept_relative(tmp_path: Path) -> None:
    module = demo()
    inside = folder_target(module, tmp_path / "out" / "published", tmp_path)
    assert inside.access_url == "out/published" and inside.identifier == "published"
    assert inside.kind is TargetKind.FOLDER and inside.format is FileFormat.PARQUET
    outside = folder_target(module, tmp_path / "elsewhere", tmp_path / "module")
    assert outside.access_url == (tmp_path / "elsewhere").as_posix()
    AddTarget(inside).apply(module)
    assert validate_module(module) == []


def test_a_database_target_names_its_password_and_never_holds_it() -> None:
    module = demo()
    target = database_target(
        module, "postgresql://etl@db.example:5432/warehouse", "shop", "ETLX_WAREHOUSE_PASSWORD"
    )
    assert target.identifier == "warehouse" and target.kind is TargetKind.POSTGRESQL
    assert target.secret_ref == "env:ETLX_WAREHOUSE_PASSWORD"
    assert target.db_schema == "shop"
    AddTarget(target).apply(module)
    assert validate_module(module) == []
    with pytest.raises(TargetDraftError, match="holds a password") as refused:
        database_target(module, "postgresql://etl:hunter2@db/warehouse", None, None)
    assert "hunter2" not in str(refused.value)
    with pytest.raises(TargetDraftError, match="postgresql://"):
        database_target(module, "mysql://etl@db/warehouse", None, None)
    with pytest.raises(TargetDraftError, match="env:NAME"):
        database_target(module, "postgresql://etl@db/warehouse", None, "not a ref")
    with pytest.raises(TargetDraftError, match="schema prefix"):
        database_target(module, "postgresql://etl@db/warehouse", "Bad Prefix", None)


def test_an_s3_target_keeps_its_endpoint_and_credentials_reference() -> None:
    module = demo()
    target = s3_target(
        module,
        "analytics/modules/shop/",
        "http://127.0.0.1:8333",
        "us-east-1",
        "keyring:etlx/s3",
        path_style=True,
    )
    assert target.access_url == "s3://analytics/modules/shop"
    assert target.identifier == "shop" and target.kind is TargetKind.S3
    assert target.options == {
        "endpoint_url": "http://127.0.0.1:8333",
        "region": "us-east-1",
        "path_style": True,
    }
    assert target.secret_ref == "keyring:etlx/s3"
    AddTarget(target).apply(module)
    assert validate_module(module) == []
    bare = s3_target(module, "s3://bucket")
    assert bare.access_url == "s3://bucket" and bare.options is None
    with pytest.raises(TargetDraftError, match="s3://bucket/prefix"):
        s3_target(module, "s3://Not A Bucket/x")
    with pytest.raises(TargetDraftError, match="http"):
        s3_target(module, "s3://bucket", "ftp://host")
