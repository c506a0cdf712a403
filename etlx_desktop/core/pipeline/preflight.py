"""Everything checked before a run touches any data: the module is valid, its scripts are the
approved ones, every secret resolves, every method can run. A run that fails here did nothing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..anonymize.apply import IMPLEMENTATIONS, MethodUnavailable, rules_and_origins
from ..anonymize.keys import fingerprint, key_bytes
from ..anonymize.registry import KEYED_METHODS
from ..metadata.model import AnonymizationRule, Column, DataModule, Script, Target
from ..metadata.validate import validate_module
from ..problems import ModuleInvalid, Severity, errors_of
from ..scripting import verify_approved
from ..secretstore import MissingSecret

Resolver = Callable[[str, Path | None], str]


class KeyMismatch(Exception):
    """The key behind keyRef is not the one whose fingerprint the module records."""


@dataclass
class RunPlan:
    module: DataModule
    base_dir: Path
    targets: list[Target]
    rules: dict[tuple[str, str], AnonymizationRule]
    # (table, column) of an inherited rule -> the key column it comes from
    origins: dict[tuple[str, str], Column] = field(default_factory=dict)
    passwords: dict[str, str | None] = field(default_factory=dict)
    key: bytes | None = None
    warnings: list[str] = field(default_factory=list)


def preflight(
    module: DataModule, base_dir: Path, targets: list[Target], resolve: Resolver
) -> RunPlan:
    """The checked plan of a run, or an exception saying what must be fixed first."""
    problems = validate_module(module, base_dir=base_dir)
    if errors_of(problems):
        raise ModuleInvalid(module.identifier, problems)
    for script in _scripts(module):
        verify_approved(script, base_dir)
    rules, origin_refs = rules_and_origins(module)
    for rule in rules.values():
        if rule.method not in IMPLEMENTATIONS:
            raise MethodUnavailable(
                f"anonymization method '{rule.method}' cannot run in this version of ETL-Express"
            )
    origins = {
        child: module.table(t).table_schema.columns[_index(module, t, c)]
        for child, (t, c) in origin_refs.items()
    }
    plan = RunPlan(
        module,
        base_dir,
        targets,
        rules,
        origins,
        warnings=[str(p) for p in problems if p.severity is Severity.WARNING],
    )
    for source in module.data_sources:
        ref = source.secret_ref
        plan.passwords[source.identifier] = resolve(ref, base_dir) if ref else None
    for target in targets:
        if target.secret_ref:
            resolve(target.secret_ref, base_dir)  # fail now, not after the extraction
    plan.key = _module_key(module, base_dir, rules, resolve)
    return plan


def _index(module: DataModule, table: str, column: str) -> int:
    names = [c.name for c in module.table(table).table_schema.columns]
    return names.index(column)


def _module_key(
    module: DataModule,
    base_dir: Path,
    rules: dict[tuple[str, str], AnonymizationRule],
    resolve: Resolver,
) -> bytes | None:
    needs_key = any(rule.method in KEYED_METHODS for rule in rules.values())
    if module.key_ref is None:
        if needs_key:
            raise MissingSecret(
                "keyRef",
                "is not set: keyed methods (hash, noise, ...) need the module's anonymization key",
            )
        return None
    key = key_bytes(resolve(module.key_ref, base_dir))
    if module.key_fingerprint and fingerprint(key) != module.key_fingerprint:
        raise KeyMismatch(
            f"the key behind {module.key_ref} is not the one this module was "
            "anonymized with (its fingerprint differs); pseudonyms would not "
            "match earlier versions"
        )
    return key


def _scripts(module: DataModule) -> list[Script]:
    scripts = [t.extraction.script for t in module.tables if t.extraction.script]
    scripts += [s.script for t in module.tables for s in t.transformation if s.script]
    if module.upload is not None and module.upload.script is not None:
        scripts.append(module.upload.script)
    return scripts
