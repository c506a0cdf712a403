"""`etlx rule`: one column's rule from the command line, validated like everything else."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from etlx_desktop.cli import main
from etlx_desktop.core.metadata import load_module
from etlx_desktop.core.resources import demo_dir


@pytest.fixture
def module_file(tmp_path: Path) -> Path:
    path = tmp_path / "shop.jsonld"
    shutil.copy(demo_dir() / "shop.jsonld", path)
    return path


def rule_of(path: Path, table: str, column: str):  # type: ignore[no-untyped-def]
    columns = load_module(path).table(table).table_schema.columns
    return next(c for c in columns if c.name == column).anonymization


def test_sets_a_rule_with_typed_parameters(module_file: Path) -> None:
    assert (
        main(
            [
                "rule",
                str(module_file),
                "customers.phone",
                "mask",
                "keep_last=2",
                "keep_separators=false",
                "mask_char=#",
            ]
        )
        == 0
    )
    rule = rule_of(module_file, "customers", "phone")
    assert rule.method == "mask"
    assert rule.parameters == {"keep_last": 2, "keep_separators": False, "mask_char": "#"}


def test_sets_a_key_domain_and_clears(module_file: Path) -> None:
    assert (
        main(
            [
                "rule",
                str(module_file),
                "orders.comment",
                "hash",
                "--key-domain",
                "shop.notes",
                "encoding=base32",
            ]
        )
        == 0
    )
    assert rule_of(module_file, "orders", "comment").key_domain == "shop.notes"
    assert main(["rule", str(module_file), "orders.comment", "--clear"]) == 0
    assert rule_of(module_file, "orders", "comment") is None


def test_a_bad_rule_is_refused_and_nothing_is_written(
    module_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = module_file.read_text(encoding="utf-8")
    assert main(["rule", str(module_file), "customers.phone", "mask", "keep_last=two"]) == 2
    err = capsys.readouterr().err
    assert "parameters.keep_last: must be an integer" in err
    assert main(["rule", str(module_file), "customers.phone", "mask_it"]) == 2
    assert "did you mean 'mask'" in capsys.readouterr().err
    assert main(["rule", str(module_file), "custmers.phone", "mask"]) == 2
    assert "unknown table 'custmers'; did you mean 'customers'?" in capsys.readouterr().err
    assert module_file.read_text(encoding="utf-8") == before
