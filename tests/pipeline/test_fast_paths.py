"""The fast paths give what the plain ones give: vectorised masking, Decimal text, and the
extract/load threads keep order, raise errors where the run can abort, and let go on close."""

from __future__ import annotations

import hashlib
import hmac
import random
import threading
from collections.abc import Iterator
from decimal import Decimal

import pandas as pd
import pytest

from etlx_desktop.core.anonymize.basic import _mask_one, hmac_sha256_of
from etlx_desktop.core.anonymize.masking import MAX_WIDTH, mask_texts
from etlx_desktop.core.pipeline.overlap import Background, Prefetched
from etlx_desktop.core.rules.coerce import _number_text, _text

ALPHABET = "abcXYZ019 -+().@_ЁёйЖ中é\u0301\t\u00a0"


def _texts() -> list[str]:
    rng = random.Random(7)
    texts = ["".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 24))) for _ in range(3000)]
    return [*texts, "", "---", "ab\x00cd", "x\x00", "a" * MAX_WIDTH, "Ж" * (MAX_WIDTH + 1)]


@pytest.mark.parametrize("keep_separators", [True, False])
@pytest.mark.parametrize(("first", "last"), [(0, 0), (1, 0), (0, 2), (2, 2), (5, 4), (30, 30)])
def test_vectorised_mask_equals_masking_each_value(
    first: int, last: int, keep_separators: bool
) -> None:
    texts = _texts()
    got = mask_texts(texts, first, last, "#", keep_separators, _mask_one)
    assert got == [_mask_one(t, first, last, "#", keep_separators) for t in texts]


def test_decimal_text_is_the_general_number_text() -> None:
    values = pd.Series(
        [Decimal("79.07"), None, Decimal("-10.00"), Decimal("1E+3"), Decimal("0E-10")],
        dtype=object,
    )
    general = _text(values).str.replace(r"[\s\u00a0\u202f]", "", regex=True)
    assert _number_text(values).tolist() == general.tolist()


def test_prefetched_keeps_order_and_raises_the_readers_error() -> None:
    def items() -> Iterator[int]:
        yield from range(5)
        raise ValueError("source broke")

    prefetched = Prefetched(items())
    got = []
    with pytest.raises(ValueError, match="source broke"):
        for item in prefetched:
            got.append(item)
    assert got == [0, 1, 2, 3, 4]


def test_prefetched_close_stops_and_closes_the_source_on_its_thread() -> None:
    closed_on: list[str] = []

    def items() -> Iterator[int]:
        try:
            yield from range(1_000_000)
        finally:
            closed_on.append(threading.current_thread().name)

    prefetched = Prefetched(items())
    assert next(prefetched) == 0
    prefetched.close()
    assert closed_on == ["etlx-extract"]
    with pytest.raises(StopIteration):
        next(prefetched)


def test_background_runs_in_order_and_raises_at_the_next_call() -> None:
    done: list[int] = []
    loader = Background()

    def fail() -> None:
        raise RuntimeError("target broke")

    loader.submit(lambda: done.append(1))
    loader.submit(fail)
    with pytest.raises(RuntimeError, match="target broke"):
        loader.submit(lambda: done.append(3))
    loader.shutdown()
    assert done == [1]


@pytest.mark.parametrize("key_length", [0, 1, 32, 63, 64, 65, 200])
def test_precomputed_hmac_is_hmac_sha256(key_length: int) -> None:
    key = bytes(range(key_length % 256))[:key_length] or b""
    key = (key * 3)[:key_length]
    digest = hmac_sha256_of(key)
    for message in (b"", b"user1@mail.ru", "Ёлка".encode(), b"x" * 1000):
        assert digest(message) == hmac.new(key, message, hashlib.sha256).digest()
