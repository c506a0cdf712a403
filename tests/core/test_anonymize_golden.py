"""The anonymization methods give, bit for bit, the outputs recorded from the implementation
before their vectorised fast paths (`anonymize_golden.py`): a published version must not
change because the code got faster."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from .anonymize_golden import cases, fingerprint, outcome

RECORDED: dict[str, str] = json.loads(
    (Path(__file__).with_name("anonymize_golden.json")).read_text(encoding="utf-8")
)
CASES = cases()


def test_every_recorded_case_is_still_generated() -> None:
    assert sorted(CASES) == sorted(RECORDED)


@pytest.mark.parametrize("name", sorted(RECORDED))
def test_output_is_the_recorded_one(name: str) -> None:
    assert outcome(CASES[name]) == RECORDED[name]


def test_the_fingerprint_sees_dtype_index_nulls_and_values() -> None:
    base = pd.Series(["a", None], dtype="string")
    variants = [
        pd.Series(["a", None], dtype=object),
        pd.Series(["a", None], dtype="string", index=[1, 2]),
        pd.Series(["a", ""], dtype="string"),
        pd.Series(["b", None], dtype="string"),
        pd.Series(["a", None], dtype=pd.StringDtype("python")),
    ]
    assert len({fingerprint(s) for s in [base, *variants]}) == len(variants) + 1
