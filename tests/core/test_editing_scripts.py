"""Script slots of a module, approving and re-pointing scripts (undoably), and script status
against real files."""

from __future__ import annotations

import copy
import os
from functools import cache
from pathlib import Path

import pytest

from etlx_desktop.core.metadata import (
    DataModule,
    DataSource,
    ExtractStep,
    Script,
    SourceKind,
    TransformStep,
    dumps_module,
    read_module,
    validate_module,
)
from etlx_desktop.core.metadata.editing import EditError
from etlx_desktop.core.metadata.editing_scripts import (
    ApproveScript,
    ChecksumCache,
    ScriptKind,
    ScriptSlot,
    ScriptState,
    SetScriptPath,
    read_script,
    relative_script_path,
    script_slots,
    script_status,
    slot_for_path,
)
from etlx_desktop.core.metadata.scripts import file_checksum
from etlx_desktop.core.resources import demo_dir

CLEAN = "def transform(df, context):\n    return df\n"


@cache
def _demo() -> DataModule:
    module, problems = read_module(demo_dir() / "shop.jsonld")
    assert module is not None and problems == []
    return module


def demo() -> DataModule:
    return copy.deepcopy(_demo())


def with_scripts(module: DataModule) -> DataModule:
    """The demo plus: products read by a script, a script step on orders, an upload script."""
    module.data_sources.append(DataSource(identifier="gen", kind=SourceKind.SCRIPT))
    products = module.table("products")
    products.extraction = ExtractStep(from_source="gen", script=Script(path="scripts/read.py"))
    orders = module.table("orders")
    orders.transformation.append(TransformStep(script=Script(path="scripts/clean.py")))
    assert module.upload is not None
    module.upload.script = Script(path="scripts/upload.py")
    return module


def write(folder: Path, name: str, text: str) -> Path:
    file = folder / name
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text(text, encoding="utf-8")
    return file


def slot(module: DataModule, label: str) -> ScriptSlot:
    return next(s for s in script_slots(module) if s.label == label)


# --- slots ------------------------------------------------------------------------------------


def test_a_module_without_scripts_has_no_slots() -> None:
    assert script_slots(demo()) == []


def test_slots_list_every_script_with_its_place_and_path() -> None:
    module = with_scripts(demo())
    slots = script_slots(module)
    assert [(s.kind, s.table, s.step, s.label, s.path) for s in slots] == [
        (
            ScriptKind.EXTRACTION,
            "products",
            None,
            "products · extraction",
            "tables[1].extraction.script",
        ),
        (
            ScriptKind.TRANSFORMATION,
            "orders",
            3,
            "orders · transformation 4",
            "tables[2].transformation[3].script",
        ),
        (ScriptKind.UPLOAD, None, None, "upload", "upload.script"),
    ]
    assert [s.script.path for s in slots if s.script] == [
        "scripts/read.py",
        "scripts/clean.py",
        "scripts/upload.py",
    ]


def test_slot_paths_are_the_paths_validation_reports(tmp_path: Path) -> None:
    module = with_scripts(demo())
    problems = validate_module(module, base_dir=tmp_path)  # no files: each script is missing
    reported = {p.path.removesuffix(".path") for p in problems if p.path.endswith("script.path")}
    assert reported == {s.path for s in script_slots(module)}


def test_places_expecting_a_script_are_empty_slots() -> None:
    module = demo()
    module.data_sources.append(DataSource(identifier="gen", kind=SourceKind.SCRIPT))
    module.table("products").extraction = ExtractStep(from_source="gen")
    module.table("products").transformation.append(TransformStep())
    assert module.upload is not None
    module.upload.target = []
    slots = script_slots(module)
    assert [s.label for s in slots] == [
        "products · extraction",
        "products · transformation",
        "upload",
    ]
    assert all(s.script is None for s in slots)


def test_a_problem_path_finds_its_slot() -> None:
    slots = script_slots(with_scripts(demo()))
    upload, clean = slots[2], slots[1]
    assert slot_for_path(slots, "upload.script.checksum") == upload
    assert slot_for_path(slots, "upload") == upload
    assert slot_for_path(slots, "tables[2].transformation[3]") == clean
    assert slot_for_path(slots, "tables[2].transformation[3].script.path") == clean
    assert slot_for_path(slots, "tables[2].transformation[0]") is None
    assert slot_for_path(slots, "tables[2].transformation[30].script") is None


# --- edits ------------------------------------------------------------------------------------


def test_approving_sets_the_checksum_and_reverting_restores_it() -> None:
    module = with_scripts(demo())
    before = dumps_module(module)
    edit = ApproveScript(slot(module, "upload"), "sha256:" + "a" * 64)
    edit.apply(module)
    assert module.upload is not None and module.upload.script is not None
    assert module.upload.script.checksum == "sha256:" + "a" * 64
    assert edit.describe(module) == "Approve the script of upload"
    edit.revert(module)
    assert dumps_module(module) == before


def test_reapproving_reverts_to_the_earlier_approval() -> None:
    module = with_scripts(demo())
    first, second = "sha256:" + "1" * 64, "sha256:" + "2" * 64
    ApproveScript(slot(module, "upload"), first).apply(module)
    edit = ApproveScript(slot(module, "upload"), second)
    edit.apply(module)
    edit.revert(module)
    assert module.upload is not None and module.upload.script is not None
    assert module.upload.script.checksum == first


def test_an_empty_slot_cannot_be_approved() -> None:
    module = demo()
    module.table("orders").transformation.append(TransformStep())
    with pytest.raises(EditError, match="names no script"):
        ApproveScript(slot(module, "orders · transformation 4"), "sha256:" + "0" * 64).apply(module)


def test_a_new_path_clears_the_approval_and_reverting_restores_both() -> None:
    module = with_scripts(demo())
    place = slot(module, "orders · transformation 4")
    ApproveScript(place, "sha256:" + "c" * 64).apply(module)
    before = dumps_module(module)
    edit = SetScriptPath(place, "scripts/tidy.sql")
    edit.apply(module)
    script = module.table("orders").transformation[3].script
    assert script is not None
    assert (script.path, script.checksum, script.programming_language) == (
        "scripts/tidy.sql",
        None,
        "SQL",
    )
    assert (
        edit.describe(module) == "Use scripts/tidy.sql as the script of orders · transformation 4"
    )
    edit.revert(module)
    assert dumps_module(module) == before


def test_a_path_fills_an_empty_slot_and_reverting_empties_it() -> None:
    module = demo()
    module.table("orders").transformation.append(TransformStep())
    edit = SetScriptPath(slot(module, "orders · transformation 4"), "clean.py")
    edit.apply(module)
    assert module.table("orders").transformation[3].script == Script(path="clean.py")
    edit.revert(module)
    assert module.table("orders").transformation[3].script is None


@pytest.mark.parametrize("bad", ["", "/etc/passwd", "../outside.py", "C:/x.py"])
def test_a_path_outside_the_module_folder_is_refused(bad: str) -> None:
    with pytest.raises(EditError):
        SetScriptPath(slot(with_scripts(demo()), "upload"), bad)


def test_an_edit_of_a_slot_that_is_gone_is_refused() -> None:
    module = with_scripts(demo())
    place = slot(module, "orders · transformation 4")
    module.table("orders").transformation.pop()
    with pytest.raises(EditError, match="no transformation step"):
        SetScriptPath(place, "x.py").apply(module)


def test_relative_paths_are_relative_to_the_module_folder(tmp_path: Path) -> None:
    file = write(tmp_path, "scripts/clean.py", CLEAN)
    assert relative_script_path(file, tmp_path) == "scripts/clean.py"
    with pytest.raises(EditError, match="outside the module's folder"):
        relative_script_path(file, tmp_path / "scripts" / "sub")


# --- status -----------------------------------------------------------------------------------


def test_status_follows_the_file_through_approval_and_change(tmp_path: Path) -> None:
    module = with_scripts(demo())
    place = slot(module, "orders · transformation 4")
    script = place.script
    assert script is not None
    assert script_status(script, tmp_path).state is ScriptState.MISSING
    file = write(tmp_path, "scripts/clean.py", CLEAN)
    status = script_status(script, tmp_path)
    assert (status.state, status.checksum) == (ScriptState.NOT_APPROVED, file_checksum(file))
    ApproveScript(place, file_checksum(file)).apply(module)
    assert script_status(script, tmp_path).state is ScriptState.APPROVED
    assert script_status(script, tmp_path).runs
    file.write_text(CLEAN + "# changed\n", encoding="utf-8")
    status = script_status(script, tmp_path)
    assert (status.state, status.checksum) == (ScriptState.CHANGED, file_checksum(file))
    assert not status.runs


def test_status_of_what_cannot_be_resolved(tmp_path: Path) -> None:
    assert script_status(None, tmp_path).state is ScriptState.NO_SCRIPT
    unsaved = script_status(Script(path="a.py"), None)
    assert unsaved.state is ScriptState.UNREADABLE and "not saved" in (unsaved.reason or "")
    outside = script_status(Script(path="../a.py"), tmp_path)
    assert outside.state is ScriptState.UNREADABLE and "'..'" in (outside.reason or "")


def test_the_cache_hashes_again_only_when_the_file_changes(tmp_path: Path) -> None:
    file = write(tmp_path, "a.py", "x = 1\n")
    cache = ChecksumCache()
    first = cache.checksum(file)
    assert first == file_checksum(file)
    stamp = file.stat().st_mtime_ns
    file.write_text("x = 2\n", encoding="utf-8")  # same size: only the time tells it changed
    os.utime(file, ns=(stamp, stamp))
    assert cache.checksum(file) == first  # stale by design while size and time are equal
    os.utime(file, ns=(stamp + 10**9, stamp + 10**9))
    assert cache.checksum(file) == file_checksum(file) != first
    cache.clear()
    assert cache.checksum(file) == file_checksum(file)


def test_read_script_checksums_exactly_the_bytes_it_shows(tmp_path: Path) -> None:
    file = write(tmp_path, "a.py", "print('привет')\n")
    shown = read_script(file)
    assert shown.text == "print('привет')\n"
    assert shown.checksum == file_checksum(file)


def test_a_huge_file_is_not_shown(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import etlx_desktop.core.metadata.editing_scripts as editing_scripts

    monkeypatch.setattr(editing_scripts, "MAX_SHOWN_BYTES", 4)
    file = write(tmp_path, "a.py", "x = 1\n")
    assert read_script(file).text is None
    assert read_script(file).checksum == file_checksum(file)
