"""A module that starts using keyed methods gets a key file of its own."""

from __future__ import annotations

import stat
from pathlib import Path

from etlx_desktop.core.anonymize.keys import key_bytes
from etlx_desktop.core.anonymize.module_key import create_module_key, needs_new_key
from etlx_desktop.core.demo import prepare_demo
from etlx_desktop.core.metadata import load_module
from etlx_desktop.core.secretstore import resolve_secret


def test_a_keyed_rule_without_key_ref_needs_a_key(tmp_path: Path) -> None:
    module = load_module(prepare_demo(tmp_path / "demo"))
    assert not needs_new_key(module), "the demo names its key"
    module.key_ref = None
    assert needs_new_key(module)
    for table in module.tables:
        for column in table.table_schema.columns:
            column.anonymization = None
    assert not needs_new_key(module), "no rule, no key"


def test_created_keys_are_private_distinct_and_resolvable(tmp_path: Path) -> None:
    module = load_module(prepare_demo(tmp_path / "demo"))
    first = create_module_key(module, tmp_path / "keys")
    second = create_module_key(module, tmp_path / "keys")
    assert first != second and first.startswith("file:/")
    path = Path(first.removeprefix("file:"))
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    keys = {key_bytes(resolve_secret(ref, tmp_path)) for ref in (first, second)}
    assert len(keys) == 2 and all(len(k) >= 32 for k in keys)
