"""Editing the module's own fields: apply, revert, merge, refuse."""

from __future__ import annotations

import pytest

from etlx_desktop.core.metadata import DataModule
from etlx_desktop.core.metadata.editing import EditError
from etlx_desktop.core.metadata.editing_module import SetModuleField


def test_set_and_revert_a_title_and_clear_an_optional_field() -> None:
    module = DataModule(identifier="m", title="Old", description="About")
    edit = SetModuleField("title", "  New title ")
    edit.apply(module)
    assert module.title == "New title"
    clear = SetModuleField("description", "")
    clear.apply(module)
    assert module.description is None
    clear.revert(module)
    edit.revert(module)
    assert (module.title, module.description) == ("Old", "About")


def test_typing_merges_into_one_step() -> None:
    module = DataModule(identifier="m")
    first, second = SetModuleField("identifier", "s"), SetModuleField("identifier", "shop")
    first.apply(module)
    second.apply(module)
    merged = first.merged_with(second)
    assert merged is not None
    merged.revert(module)
    assert module.identifier == "m"


def test_an_empty_identifier_and_unknown_fields_are_refused() -> None:
    module = DataModule(identifier="m")
    with pytest.raises(EditError, match="identifier"):
        SetModuleField("identifier", " ").apply(module)
    assert module.identifier == "m"
    with pytest.raises(EditError, match="version"):
        SetModuleField("version", "2")
