"""End to end into a folder target: versions, quarantine, cancellation and failures that
leave the target exactly as it was."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pandas as pd
import pytest

from etlx_desktop.core.metadata import DataModule, ModuleInvalid, load_module, save_module
from etlx_desktop.core.metadata.model import Script, TransformStep
from etlx_desktop.core.metadata.scripts import file_checksum
from etlx_desktop.core.pipeline.cancel import CancelToken, RunCancelled
from etlx_desktop.core.pipeline.engine import RunOptions, run_module
from etlx_desktop.core.pipeline.progress import ProgressEvent
from etlx_desktop.core.scripting import ScriptFailed, ScriptRefused
from etlx_desktop.core.secretstore import MissingSecret
from etlx_desktop.core.sources.reading import SourceAccess
from etlx_desktop.core.sources.sessions import open_source_session


def snapshot(folder: Path) -> list[str]:
    """Every path and size under a folder: what must not change after a failed run."""
    if not folder.exists():
        return []
    return sorted(
        f"{p.relative_to(folder)}:{p.stat().st_size if p.is_file() else 'dir'}"
        for p in folder.rglob("*")
    )


def output(base: Path) -> Path:
    return base / "output" / "demo-shop"


def test_demo_runs_into_numbered_versions(demo: tuple[DataModule, Path]) -> None:
    module, base = demo
    first = run_module(module, base_dir=base)
    second = run_module(module, base_dir=base)
    assert [p.version for p in first.published] == [1]
    assert [p.version for p in second.published] == [2]
    for version in (1, 2):
        customers = pd.read_parquet(output(base) / f"v{version}" / "tables" / "customers.parquet")
        assert len(customers) == 500
    orders = first.tables["orders"]
    assert orders.rows_read == 2208
    assert orders.rows_written + orders.rows_quarantined + orders.rows_dropped == 2208
    assert orders.columns["amount"].nulls_filled > 0  # fill_median
    manifest = json.loads((output(base) / "v1" / "manifest.json").read_text())
    assert manifest["row_counts"]["orders"] == orders.rows_written


def test_quarantine_keeps_reasons_and_withholds_protected_values(
    demo: tuple[DataModule, Path],
) -> None:
    module, base = demo
    report = run_module(module, base_dir=base)
    quarantine = pd.read_parquet(output(base) / "v1" / "quarantine" / "orders.parquet")
    assert len(quarantine) == report.tables["orders"].rows_quarantined > 0
    assert set(quarantine["_reason"]) <= {"amount: below minimum 0", "status: not an allowed value"}
    assert "amount: below minimum 0" in set(quarantine["_reason"])
    with sqlite3.connect(base / "shop.sqlite") as db:
        negative = {row[0] for row in db.execute("SELECT id FROM orders WHERE amount < 0")}
    assert negative <= set(quarantine["id"].astype(int))
    protected = quarantine["delivery_phone"].dropna()
    assert (protected == "[withheld]").all()


def test_no_original_email_or_inn_survives(demo: tuple[DataModule, Path]) -> None:
    module, base = demo
    run_module(module, base_dir=base)
    customers = pd.read_parquet(output(base) / "v1" / "tables" / "customers.parquet")
    with sqlite3.connect(base / "shop.sqlite") as db:
        source = pd.read_sql("SELECT email, inn, address FROM customers", db)
    published = set(customers.astype(str).to_numpy().ravel())
    for column in ("email", "inn", "address"):
        originals = {v for v in source[column].dropna() if v not in ("", "N/A")}
        assert not originals & published, column


def test_the_published_metadata_extracts_the_cleansed_data(demo: tuple[DataModule, Path]) -> None:
    module, base = demo
    run_module(module, base_dir=base)
    version_dir = output(base) / "v1"
    published = load_module(version_dir / "metadata.jsonld")
    assert published.version == 1
    assert published.key_fingerprint and published.key_fingerprint.startswith("blake2b:")
    table = published.table("customers")
    assert table.was_derived_from == "sqlite:///shop.sqlite#customers"
    source = published.source(table.extraction.from_source)
    with open_source_session(source, SourceAccess(version_dir)) as session:
        extracted = pd.concat(list(session.reader(table).chunks(1000)))
    stored = pd.read_parquet(version_dir / "tables" / "customers.parquet")
    assert extracted["email"].tolist() == stored["email"].tolist()


def test_cancel_leaves_the_target_as_it_was(demo: tuple[DataModule, Path]) -> None:
    module, base = demo
    run_module(module, base_dir=base)
    before = snapshot(base / "output")
    token = CancelToken()

    def cancel_after_first_chunk(event: ProgressEvent) -> None:
        if event.rows_done > 0:
            token.cancel()

    with pytest.raises(RunCancelled):
        run_module(
            module,
            base_dir=base,
            cancel=token,
            progress=cancel_after_first_chunk,
            options=RunOptions(chunk_rows=100),
        )
    assert snapshot(base / "output") == before


def _with_transform(module: DataModule, base: Path, code: str) -> Path:
    script = base / "fix_orders.py"
    script.write_text(code, encoding="utf-8")
    step = TransformStep(script=Script(path="fix_orders.py", checksum=file_checksum(script)))
    module.table("orders").transformation.append(step)
    save_module(module, base / "shop.jsonld")
    return script


def test_transform_script_runs_when_approved(demo: tuple[DataModule, Path]) -> None:
    module, base = demo
    _with_transform(
        module,
        base,
        "def transform(df, context):\n    df['comment'] = context.table\n    return df\n",
    )
    run_module(load_module(base / "shop.jsonld"), base_dir=base)
    orders = pd.read_parquet(output(base) / "v1" / "tables" / "orders.parquet")
    assert set(orders["comment"]) == {"[REDACTED]"}  # set by the script, then redacted


def test_tampered_script_is_refused_before_any_work(demo: tuple[DataModule, Path]) -> None:
    module, base = demo
    script = _with_transform(module, base, "def transform(df, context):\n    return df\n")
    script.write_text("def transform(df, context):\n    return df.head(0)\n", encoding="utf-8")
    with pytest.raises(ModuleInvalid) as refused:
        run_module(module, base_dir=base)
    (problem,) = refused.value.problems
    assert problem.path == "tables[2].transformation[3].script.checksum"
    assert "changed since it was approved" in problem.message
    assert "etlx approve" in problem.message
    assert snapshot(base / "output") == []


def test_unapproved_script_is_refused(demo: tuple[DataModule, Path]) -> None:
    module, base = demo
    _with_transform(module, base, "def transform(df, context):\n    return df\n")
    step = module.table("orders").transformation[-1]
    assert step.script is not None
    step.script.checksum = None
    with pytest.raises(ScriptRefused, match=r"fix_orders\.py is not approved"):
        run_module(module, base_dir=base)
    assert snapshot(base / "output") == []


def test_failing_script_names_its_line_and_publishes_nothing(demo: tuple[DataModule, Path]) -> None:
    module, base = demo
    _with_transform(
        module, base, "def transform(df, context):\n    x = 1\n    raise ValueError('bad rows')\n"
    )
    with pytest.raises(ScriptFailed, match=r"fix_orders.py, line 3: ValueError: bad rows"):
        run_module(load_module(base / "shop.jsonld"), base_dir=base)
    assert not (output(base) / "v1").exists()
    assert [p for p in output(base).glob("*")] == []


def test_missing_secret_stops_before_any_work(demo: tuple[DataModule, Path]) -> None:
    module, base = demo
    module.key_ref = "env:ETLX_TEST_KEY_THAT_IS_NOT_SET"
    with pytest.raises(MissingSecret, match=r"env:ETLX_TEST_KEY_THAT_IS_NOT_SET is not set"):
        run_module(module, base_dir=base)
    assert snapshot(base / "output") == []


def test_upload_script_receives_every_table(demo: tuple[DataModule, Path]) -> None:
    module, base = demo
    hook = base / "upload.py"
    hook.write_text(
        "import json, pathlib\n"
        "def upload(tables, context):\n"
        "    counts = {name: len(frame) for name, frame in tables.items()}\n"
        "    pathlib.Path(context.parameters['out']).write_text(json.dumps(counts))\n",
        encoding="utf-8",
    )
    assert module.upload is not None
    module.upload.script = Script(path="upload.py", checksum=file_checksum(hook))
    module.upload.parameters = {"out": str(base / "counts.json")}
    report = run_module(module, base_dir=base)
    counts = json.loads((base / "counts.json").read_text())
    assert counts == {name: t.rows_written for name, t in report.tables.items()}
