"""The generated references in docs/reference match the code, and cover all of it."""

from __future__ import annotations

import argparse
import difflib
import re
from pathlib import Path

import pytest

from etlx_desktop.cli import build_parser
from etlx_desktop.core.anonymize.registry import (
    MethodRegistry,
    MethodSpec,
    ParamSpec,
    ParamType,
    default_registry,
)
from etlx_desktop.core.metadata import vocabulary
from etlx_desktop.core.metadata.codec import field_specs
from etlx_desktop.docgen import cli_reference, metadata_reference, references
from etlx_desktop.docgen.cli_ref import commands
from etlx_desktop.docgen.model_ref import model_classes, model_enums

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("relative", list(references()), ids=str)
def test_committed_reference_is_current(relative: Path) -> None:
    path = ROOT / relative
    assert path.exists(), f"{relative} is missing; run `make docs` and commit it."
    committed = path.read_text(encoding="utf-8")
    fresh = references()[relative]
    if committed != fresh:
        diff = "".join(
            list(
                difflib.unified_diff(
                    committed.splitlines(keepends=True),
                    fresh.splitlines(keepends=True),
                    f"{relative} (committed)",
                    f"{relative} (from the code)",
                )
            )[:40]
        )
        pytest.fail(f"{relative} is out of date with the code; run `make docs`.\n{diff}")


def test_generation_is_deterministic() -> None:
    assert references() == references()


# --- coverage: what the code declares must be in the reference --------------------------------


def _section(text: str, heading: str) -> str:
    """The text under one heading, up to the next heading of the same or a higher level."""
    level = len(heading) - len(heading.lstrip("#"))
    start = text.index(heading + "\n")
    end = re.compile(rf"^#{{1,{level}}} ", re.MULTILINE).search(text, start + len(heading))
    return text[start : end.start() if end else len(text)]


def undocumented_methods(text: str, registry: MethodRegistry) -> list[str]:
    """Methods or parameters of `registry` that the reference `text` does not describe."""
    missing = []
    for method in registry:
        heading = f"### `{method.name}`"
        if heading + "\n" not in text:
            missing.append(method.name)
            continue
        section = _section(text, heading)
        missing += [
            f"{method.name}.{p.name}" for p in method.params if f"| `{p.name}` |" not in section
        ]
    return missing


def undocumented_fields(text: str) -> list[str]:
    """Model fields and enum values the reference `text` does not describe."""
    missing = []
    for cls in model_classes():
        section = _section(text, f"### {cls.__name__}") if f"### {cls.__name__}\n" in text else ""
        missing += [
            f"{cls.__name__}.{spec.key}"
            for spec in field_specs(cls)
            if f"| `{spec.key}` |" not in section
        ]
    for enum in model_enums():
        section = _section(text, f"### {enum.__name__}") if f"### {enum.__name__}\n" in text else ""
        missing += [f"{enum.__name__}.{m.value}" for m in enum if f"`{m.value}`" not in section]
    return missing


def test_every_registered_method_and_parameter_is_in_the_reference() -> None:
    text = (ROOT / "docs/reference/metadata.md").read_text(encoding="utf-8")
    assert undocumented_methods(text, default_registry()) == []


def test_a_method_missing_from_the_reference_is_caught() -> None:
    text = (ROOT / "docs/reference/metadata.md").read_text(encoding="utf-8")
    extra = MethodSpec(
        "tokenize", "Replace values by tokens.", (ParamSpec("vault", ParamType.STRING, "Where."),)
    )
    assert undocumented_methods(text, default_registry([extra])) == ["tokenize"]
    # and once the reference is regenerated with it, it is there
    regenerated = metadata_reference(default_registry([extra]))
    assert undocumented_methods(regenerated, default_registry([extra])) == []
    assert "| `vault` | string |" in regenerated


def test_every_model_field_and_enum_value_is_in_the_reference() -> None:
    text = (ROOT / "docs/reference/metadata.md").read_text(encoding="utf-8")
    assert undocumented_fields(text) == []


def test_a_field_missing_from_the_reference_is_caught() -> None:
    text = (ROOT / "docs/reference/metadata.md").read_text(encoding="utf-8")
    without = text.replace("| `nullStrategy` |", "| `nullstrategy` |")
    assert undocumented_fields(without) == ["Column.nullStrategy"]


def test_every_normalizer_and_personal_data_category_is_in_the_reference() -> None:
    text = (ROOT / "docs/reference/metadata.md").read_text(encoding="utf-8")
    normalizers = _section(text, "## Normalizers")
    assert [n for n in vocabulary.NORMALIZERS if f"| `{n}` |" not in normalizers] == []
    assert [c for c in vocabulary.PERSONAL_DATA_CATEGORIES if f"| `{c}` |" not in text] == []


def _options(parser: argparse.ArgumentParser) -> list[str]:
    return [o for a in parser._actions for o in a.option_strings if o not in ("-h", "--help")]


def test_every_command_and_option_is_in_the_cli_reference() -> None:
    text = (ROOT / "docs/reference/cli.md").read_text(encoding="utf-8")
    missing = []
    for command in commands(build_parser()):
        name = "etlx " + " ".join(command.words)
        heading = f"{'#' * (1 + len(command.words))} {name}"
        if heading + "\n" not in text:
            missing.append(name)
            continue
        section = _section(text, heading)
        missing += [f"{name} {o}" for o in _options(command.parser) if f"`{o}`" not in section]
    assert missing == []


def test_a_new_command_changes_the_cli_reference() -> None:
    parser = build_parser()
    subcommands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    added = subcommands.add_parser("export", help="export a version")
    added.add_argument("--into", help="where to")
    text = cli_reference(parser)
    assert "## etlx export\n" in text and "| `--into` |" in text
    assert text != (ROOT / "docs/reference/cli.md").read_text(encoding="utf-8")
