"""The privacy checks under a memory budget: past it their hashes spill to temporary files and
the checks read them back partition by partition. Every figure must be the one the same data
gives in memory; the files hold no value and are gone once the checks have reported."""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from etlx_desktop.core.anonymize.privacy import (
    LeakCollector,
    PrivacyCollector,
    ReferenceCollector,
    k_anonymity,
    l_diversity,
)
from etlx_desktop.core.anonymize.privacy_arrays import unique_counts
from etlx_desktop.core.anonymize.privacy_bags import HashBag
from etlx_desktop.core.anonymize.privacy_metrics import GroupCollector
from etlx_desktop.core.anonymize.privacy_spill import PARTITIONS, SpillSpace
from etlx_desktop.core.demo import prepare_demo
from etlx_desktop.core.metadata import DataModule, load_module
from etlx_desktop.core.metadata.model import (
    AnonymizationRule,
    PrivacyModel,
)
from etlx_desktop.core.pipeline import engine
from etlx_desktop.core.pipeline.engine import RunOptions, run_module

from .test_privacy import fk, table

TINY = 4096  # bytes: every few chunks the largest bags spill
HUGE = 1 << 40  # nothing ever spills
Rules = Mapping[tuple[str, str], AnonymizationRule]


def chunks(frame: pd.DataFrame, rows: int) -> Iterator[pd.DataFrame]:
    for start in range(0, len(frame), rows):
        yield frame.iloc[start : start + rows]


# --- the bags ------------------------------------------------------------------------------------


def boundary_hashes(rng: np.random.Generator, rows: int) -> np.ndarray:
    """Hashes on and around the partitions' edges (top 8 bits), repeated, plus random ones."""
    starts = np.arange(PARTITIONS, dtype=np.uint64) << np.uint64(56)
    edges = np.concatenate([starts, starts - np.uint64(1), starts + np.uint64(1)])
    edges = np.concatenate([edges, [np.uint64(2**64 - 1)]]).astype(np.uint64)
    mixed = np.concatenate([edges, rng.integers(0, 2**63, 3000, dtype=np.uint64) * 2])
    return mixed[rng.integers(0, len(mixed), rows)]


@pytest.mark.parametrize("counted", [True, False])
def test_a_spilled_bag_holds_what_a_bag_in_memory_holds(counted: bool) -> None:
    rng = np.random.default_rng(3)
    hashes = boundary_hashes(rng, 40_000)
    space = SpillSpace(TINY)
    spilled, kept = HashBag(counted=counted, space=space), HashBag(counted=counted)
    for start in range(0, len(hashes), 1000):
        spilled.add(hashes[start : start + 1000])
        kept.add(hashes[start : start + 1000])
    assert spilled.spilled and not kept.spilled
    keys, counts = unique_counts(hashes)
    assert np.array_equal(spilled.keys, keys) and np.array_equal(kept.keys, keys)
    assert len(spilled) == len(kept) == len(keys)
    if counted:
        assert np.array_equal(spilled.counts, counts) and np.array_equal(kept.counts, counts)
        assert spilled.rows() == kept.rows() == len(hashes)
    parts = list(spilled.parts(True))
    assert len(parts) == PARTITIONS
    for partition, (part, _) in enumerate(parts):  # each partition holds its own top bits
        assert np.all(part >> np.uint64(56) == partition)
    space.close()


def test_the_spill_files_go_where_asked_and_are_removed(tmp_path: Path) -> None:
    space = SpillSpace(64, str(tmp_path))
    bag = HashBag(space=space)
    bag.add(np.arange(1000, dtype=np.uint64))
    assert bag.spilled and space.folder is not None and space.folder.parent == tmp_path
    assert list(space.folder.iterdir())
    space.close()
    assert list(tmp_path.iterdir()) == []


# --- the leak check ------------------------------------------------------------------------------


def leak_frames(rows: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Originals and outputs of three anonymized columns, with values that survive."""
    ids = np.arange(rows)
    before = pd.DataFrame(
        {
            "email": [f"user{i % (rows // 2)}@example.org" for i in ids],
            "code": ids * 7 % 5003,
            "phone": pd.Series([f"+7900{i:07d}" if i % 9 else None for i in ids]),
        }
    )
    after = pd.DataFrame(
        {
            # a hash, but every 997th row keeps its value (a leak that must fail)
            "email": [
                e if i % 997 == 0 else f"h{hash(e) & 0xFFFFFF:x}"
                for i, e in zip(ids, before["email"], strict=True)
            ],
            "code": (ids * 7 + 1) % 5003,  # other rows' codes: surviving, never its own
            "phone": before["phone"].str.slice(0, 6) + "***",
        }
    )
    return before, after


def collect_leaks(space: SpillSpace, rows: int = 12_000) -> LeakCollector:
    methods = {"email": "hash", "code": "pseudonymize", "phone": "mask"}
    leaks = LeakCollector(space=space)
    before, after = leak_frames(rows)
    for old, new in zip(chunks(before, 700), chunks(after, 700), strict=True):
        for column, method in methods.items():
            leaks.observe("t", column, old[column], new[column], method)
    return leaks


def test_the_leak_check_gives_the_same_figures_spilled() -> None:
    tiny, huge = SpillSpace(TINY), SpillSpace(HUGE)
    spilled, in_memory = collect_leaks(tiny).result(), collect_leaks(huge).result()
    assert tiny.files > 0 and huge.files == 0
    assert spilled == in_memory
    email = next(r for r in spilled if r.column == "email")
    assert email.surviving > 0 and not email.passed
    code = next(r for r in spilled if r.column == "code")
    assert code.surviving == code.outputs == 5003 and code.same_row == 0 and code.passed
    tiny.close()


def test_an_ended_table_has_its_leak_figures_at_once_and_lets_go_of_its_hashes() -> None:
    for budget in (TINY, HUGE):
        space = SpillSpace(budget)
        leaks = collect_leaks(space)
        expected = collect_leaks(SpillSpace(budget)).result()
        files = sorted(space.folder.iterdir()) if space.folder else []
        assert bool(files) == (budget == TINY)
        leaks.end_table("t")
        assert space.used == 0 and not any(f.exists() for f in files)
        before, after = leak_frames(3_000)
        leaks.observe("u", "email", before["email"], after["email"], "hash")  # another table
        results = leaks.result()
        assert [(r.table, r.column) for r in results] == [
            ("t", "email"),
            ("t", "code"),
            ("t", "phone"),
            ("u", "email"),
        ]
        assert results[:3] == expected
        assert results[3].originals == 1_500 and results[3].surviving > 0
        with pytest.raises(ValueError, match="already ended"):
            leaks.observe("t", "email", before["email"], after["email"], "hash")
        space.close()


# --- the foreign-key check -----------------------------------------------------------------------


def shop() -> DataModule:
    # k and l the data cannot reach: both are reported (warnings, without enforce)
    model = PrivacyModel(quasi_identifiers=["city", "age"], k=30, sensitive=["tier"], l_diversity=3)
    customers = table("customers", ["id", "shop", "city", "age", "tier"])
    customers.privacy = model
    orders = table(
        "orders",
        ["id", "customer_id", "shop"],
        [
            fk(["customer_id"], "tables/customers", ["id"]),
            fk(["shop", "customer_id"], "customers", ["shop", "id"]),
        ],
    )
    return DataModule(identifier="shop", data_sources=[], tables=[customers, orders])


def shop_frames(n: int) -> dict[str, tuple[pd.DataFrame, pd.DataFrame]]:
    """Customers without every 50th (quarantined: orphans before anonymization), their ids
    pseudonymized; orders keep the pseudonym, except every 301st order (an orphan the
    anonymization made)."""
    rng = np.random.default_rng(11)
    ids = np.array([i for i in range(n) if i % 50], dtype=np.int64)
    customers = pd.DataFrame(
        {
            "id": ids,
            "shop": ids % 3,
            "city": pd.Series(rng.choice(["A", "B", "C", None], len(ids)), dtype=object),
            "age": pd.Series(rng.integers(18, 60, len(ids))).mask(ids % 13 == 0),
            "tier": pd.Series(rng.choice(["gold", "silver", None], len(ids)), dtype=object),
        }
    )
    pseudonym = customers.assign(id=customers["id"] * 7919 + 1)
    order_ids = np.arange(3 * n)
    buyers = order_ids * 7 % n
    orders = pd.DataFrame(
        {"id": order_ids, "customer_id": pd.Series(buyers).mask(order_ids % 97 == 0)}
    )
    orders["shop"] = buyers % 3
    out = orders.assign(customer_id=orders["customer_id"] * 7919 + 1)
    out.loc[order_ids % 301 == 0, "customer_id"] += 1
    return {"customers": (customers, pseudonym), "orders": (orders, out)}


def test_the_foreign_key_check_gives_the_same_orphans_spilled() -> None:
    results = []
    for budget in (TINY, HUGE):
        space = SpillSpace(budget)
        references = ReferenceCollector(shop(), space=space)
        for name, (before, after) in shop_frames(6000).items():
            for old, new in zip(chunks(before, 1000), chunks(after, 1000), strict=True):
                references.observe(name, old, new)
        results.append(references.result())
        assert (space.files > 0) == (budget == TINY)
        space.close()
    spilled, in_memory = results
    assert spilled == in_memory
    for key in spilled:
        assert key.checked and key.orphan_rows_before > 0 and key.introduced > 0
        assert not key.passed


# --- k-anonymity and l-diversity -----------------------------------------------------------------


values = st.one_of(st.none(), st.sampled_from(["a", "b", "c"]))
rows = st.lists(st.tuples(values, values, st.integers(0, 3), values), min_size=1, max_size=60)


@settings(max_examples=60, deadline=None)
@given(
    rows=rows,
    cuts=st.lists(st.integers(0, 60), max_size=6),
    k=st.integers(2, 5),
    budget=st.sampled_from([0, 16, 200]),
)
def test_k_and_l_spilled_equal_those_of_the_whole_frame(
    rows: list[tuple[str | None, str | None, int, str | None]],
    cuts: list[int],
    k: int,
    budget: int,
) -> None:
    frame = pd.DataFrame(rows, columns=["x", "y", "n", "s"])
    frame["n"] = frame["n"].astype("Int64").mask(frame["n"] == 0)
    qi = ["x", "y", "n"]
    space = SpillSpace(budget)
    collector = GroupCollector(qi, ["s"], space=space)
    bounds = sorted({0, len(frame), *(c for c in cuts if c < len(frame))})
    for start, stop in itertools.pairwise(bounds):
        collector.observe(frame.iloc[start:stop])
    assert collector.k_anonymity(k) == k_anonymity(frame, qi, k)
    assert collector.l_diversity() == l_diversity(frame, qi, ["s"])
    space.close()


def test_k_and_l_of_many_groups_are_the_same_spilled() -> None:
    rng = np.random.default_rng(5)
    frame = pd.DataFrame(
        {
            "zip": rng.integers(0, 3000, 40_000),
            "age": pd.Series(rng.integers(18, 30, 40_000)).mask(rng.random(40_000) < 0.05),
            "diagnosis": pd.Series(rng.choice(["flu", "cold", "covid"], 40_000)),
        }
    )
    frame = pd.concat([frame, frame.assign(diagnosis="other")])  # every group: l >= 2
    figures = []
    for budget in (TINY, HUGE):
        space = SpillSpace(budget)
        collector = GroupCollector(["zip", "age"], ["diagnosis"], space=space)
        for chunk in chunks(frame, 5000):
            collector.observe(chunk)
        figures.append((collector.k_anonymity(2), collector.l_diversity(), space.files > 0))
        space.close()
    assert figures[0][:2] == figures[1][:2]
    assert figures[0][2] and not figures[1][2]
    expected = k_anonymity(frame, ["zip", "age"], 2)
    assert figures[0][0] == expected and expected.groups > 20_000 and expected.unique_rows == 0
    assert figures[0][1] == l_diversity(frame, ["zip", "age"], ["diagnosis"]) == {"diagnosis": 2}


# --- the whole collector -------------------------------------------------------------------------

RULES = {
    ("customers", "id"): AnonymizationRule(method="pseudonymize"),
    ("customers", "city"): AnonymizationRule(method="generalize"),
    ("orders", "customer_id"): AnonymizationRule(method="pseudonymize"),
}


def observe_shop(
    collector: PrivacyCollector, frames: dict[str, tuple[pd.DataFrame, pd.DataFrame]]
) -> None:
    for name, (before, after) in frames.items():
        for old, new in zip(chunks(before, 800), chunks(after, 800), strict=True):
            collector.observe_chunk(name, old, new)


def test_a_collector_over_its_budget_reports_what_one_in_memory_does(tmp_path: Path) -> None:
    frames = shop_frames(5000)
    expected = {name: len(after) for name, (_, after) in frames.items()}
    spilled = PrivacyCollector(shop(), RULES, memory_budget=TINY, spill_directory=str(tmp_path))
    in_memory = PrivacyCollector(shop(), RULES, spill_directory=str(tmp_path))
    observe_shop(spilled, frames)
    observe_shop(in_memory, frames)
    assert spilled.spilled and not in_memory.spilled
    assert list(tmp_path.iterdir())  # the spilled one's folder, until it reports
    report = spilled.report(expected)
    assert list(tmp_path.iterdir()) == []
    assert report == in_memory.report(expected)
    assert report.failures and report.warnings  # introduced orphans fail; k and l warn
    assert report.tables["customers"].k_anonymity.groups > 0
    assert spilled.report(expected) == report  # asked again: the same, from its figures
    with pytest.raises(RuntimeError, match="closed"):
        spilled.observe_chunk("orders", *frames["orders"])


def test_no_value_reaches_the_spill_files(tmp_path: Path) -> None:
    secrets = pd.DataFrame({"id": [f"secret-{i:06d}" for i in range(20_000)]})
    masked = secrets.assign(id=secrets["id"].str.slice(0, 3) + "***")
    module = DataModule(identifier="m", data_sources=[], tables=[table("t", ["id"])])
    collector = PrivacyCollector(
        module,
        {("t", "id"): AnonymizationRule(method="mask")},
        memory_budget=TINY,
        spill_directory=str(tmp_path),
    )
    for old, new in zip(chunks(secrets, 1000), chunks(masked, 1000), strict=True):
        collector.observe_chunk("t", old, new)
    files = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert files and sum(p.stat().st_size for p in files) >= 8 * 20_000
    for path in files:
        data = path.read_bytes()
        assert b"secret" not in data
        assert len(data) % 8 == 0  # 64-bit hashes and counts only
    collector.close()  # a failed run's cleanup
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(RuntimeError, match="closed"):
        collector.report()


@pytest.mark.slow
def test_a_run_over_the_budget_reports_the_same_privacy_figures(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = prepare_demo(tmp_path / "demo")
    module, base = load_module(path), path.parent
    module.table("customers").privacy = PrivacyModel(
        quasi_identifiers=["birth_date", "city", "gender"], k=2
    )
    options = RunOptions(chunk_rows=150)
    in_memory = run_module(module, base_dir=base, options=options)
    spill, made = tmp_path / "spill", []
    spill.mkdir()

    def tiny(module: DataModule, rules: Rules) -> PrivacyCollector:
        made.append(PrivacyCollector(module, rules, memory_budget=1024, spill_directory=str(spill)))
        return made[-1]

    monkeypatch.setattr(engine, "PrivacyCollector", tiny)
    spilled = run_module(module, base_dir=base, options=options)
    assert made and made[0].spilled
    assert list(spill.iterdir()) == []
    assert spilled.privacy is not None and spilled.privacy == in_memory.privacy
    assert {key.orphan_rows for key in spilled.privacy.foreign_keys} != {0}


@pytest.mark.slow
def test_a_failed_run_removes_its_spilled_hashes_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = prepare_demo(tmp_path / "demo")
    spill, made = tmp_path / "spill", []
    spill.mkdir()

    def tiny(module: DataModule, rules: Rules) -> PrivacyCollector:
        made.append(PrivacyCollector(module, rules, memory_budget=1024, spill_directory=str(spill)))
        return made[-1]

    def fail(*_: object) -> None:
        assert list(spill.iterdir()), "the run should have spilled before its checks"
        raise RuntimeError("the run fails before its privacy report")

    monkeypatch.setattr(engine, "PrivacyCollector", tiny)
    monkeypatch.setattr(engine, "check_privacy", fail)
    with pytest.raises(RuntimeError, match="before its privacy report"):
        run_module(load_module(path), base_dir=path.parent, options=RunOptions(chunk_rows=150))
    assert made and made[0].spilled
    assert list(spill.iterdir()) == []
