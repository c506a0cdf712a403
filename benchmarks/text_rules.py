"""Milliseconds per 50k-row chunk (best of --repeat) of the text work of the field rules:
normalizers, null markers and pattern checks on realistic values. Not part of pytest:
`python benchmarks/text_rules.py`."""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

import numpy as np
import pandas as pd

from etlx_desktop.core.metadata.model import Column
from etlx_desktop.core.rules.checks import find_violations
from etlx_desktop.core.rules.engine import clean_column
from etlx_desktop.core.transform.normalizers import lower, phone_e164, trim

# `d` is a random 9-digit string per row, so phones, e-mails and INNs are mostly distinct
PHONES = [
    "+79{d}",
    "8 (9{d[0]}{d[1]}) {d[2]}{d[3]}{d[4]}-{d[5]}{d[6]}-{d[7]}{d[8]}",
    "+7 9{d}",
    "12-34",
    None,
]
STATUSES = [" Paid ", "SHIPPED", "new", "N/A", None]
EMAILS = ["user{d}@mail.ru", "ivan.petrov{d}@yandex.ru", "нет почты", None]
INNS = ["500{d}", "7{d}", None]
EMAIL = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"


def column(values: list[str | None], rows: int, seed: int) -> pd.Series:
    """`rows` values drawn from `values` with random digits, as the reader's str dtype."""
    rng = np.random.default_rng(seed)
    digits = [f"{k:09d}" for k in rng.integers(0, 10**9, rows)]
    templates = [values[i] for i in rng.integers(0, len(values), rows)]
    picked = [None if t is None else t.format(d=d) for t, d in zip(templates, digits, strict=True)]
    return pd.Series(picked, dtype=pd.StringDtype("pyarrow", na_value=np.nan))


def timed(work: Callable[[], object], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    n = args.rows
    phones, statuses = column(PHONES, n, 1), column(STATUSES, n, 2)
    emails, inns = column(EMAILS, n, 3), column(INNS, n, 4)
    status = Column(name="status", null=["N/A", ""])
    email = Column(name="email", pattern=EMAIL)
    inn = Column(name="inn", pattern=r"^[0-9]{12}$")
    cases: dict[str, Callable[[], object]] = {
        "phone_e164": lambda: phone_e164(phones, {}),
        "trim": lambda: trim(statuses, {}),
        "lower": lambda: lower(statuses, {}),
        "clean_column (null markers)": lambda: clean_column(statuses, status),
        "pattern e-mail": lambda: find_violations(emails.astype("string"), email),
        "pattern INN": lambda: find_violations(inns.astype("string"), inn),
    }
    for name, work in cases.items():
        print(f"{name:30} {timed(work, args.repeat) * 1000:8.1f} ms")


if __name__ == "__main__":
    main()
