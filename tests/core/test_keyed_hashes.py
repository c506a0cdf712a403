"""The C keyed hashes against hmac and hashlib, byte for byte, and the fallback without them."""

from __future__ import annotations

import hashlib
import hmac
import random
from collections.abc import Iterator

import numpy as np
import pyarrow as pa
import pytest

from etlx_desktop.core.anonymize import keyed_hashes
from etlx_desktop.core.anonymize.keyed_hashes import blake2b_many, hmac_sha256_many

# lengths around SHA-256's 64-byte and BLAKE2b's 128-byte blocks and their padding
LENGTHS = [0, 1, 2, 31, 55, 56, 63, 64, 65, 111, 112, 119, 127, 128, 129, 200, 256, 257, 1000]


def _messages(seed: int, count: int = 400) -> list[bytes]:
    rng = random.Random(seed)
    return [rng.randbytes(rng.choice(LENGTHS)) for _ in range(count)]


def test_the_c_module_is_built() -> None:
    """`make` builds it (setup.py); without it every run hashes in Python, twice as slowly."""
    assert keyed_hashes._keyed_hash is not None


@pytest.fixture(params=["sha-extensions", "portable"])
def sha256_way(request: pytest.FixtureRequest) -> Iterator[str]:
    """SHA-256 with the CPU's SHA extensions where it has them (x86-64 since about 2017), and
    without; a CPU without them runs the portable code both times."""
    module = keyed_hashes._keyed_hash
    assert module is not None
    default = module.use_sha_extensions(True)
    module.use_sha_extensions(request.param == "sha-extensions")
    yield request.param
    module.use_sha_extensions(default)


@pytest.mark.parametrize("key_length", [0, 1, 32, 63, 64, 65, 200])
def test_hmac_sha256_is_hmacs(key_length: int, sha256_way: str) -> None:
    key = random.Random(key_length).randbytes(key_length)
    messages = _messages(key_length)
    expected = b"".join(hmac.new(key, m, hashlib.sha256).digest() for m in messages)
    assert hmac_sha256_many(key, pa.array(messages, pa.binary())) == expected, sha256_way


@pytest.mark.parametrize(("key_length", "person", "size"), [
    (0, b"", 64), (1, b"", 32), (32, b"etlx fake", 8), (64, b"sixteen bytes!!!", 1),
    (17, b"p", 33), (64, b"", 64),
])  # fmt: skip
def test_blake2b_is_hashlibs(key_length: int, person: bytes, size: int) -> None:
    key = random.Random(size).randbytes(key_length)
    messages = _messages(size)
    expected = b"".join(
        hashlib.blake2b(m, key=key, person=person, digest_size=size).digest() for m in messages
    )
    assert blake2b_many(key, pa.array(messages), size=size, person=person) == expected


def test_texts_sliced_and_chunked_arrays() -> None:
    texts = ["", "ivanov@mail.ru", "Иванов Иван Иванович", "🙂" * 40, "x" * 300]
    key = b"k" * 32
    expected = b"".join(hmac.new(key, t.encode(), hashlib.sha256).digest() for t in texts[1:4])
    sliced = pa.array(texts, pa.string()).slice(1, 3)
    chunked = pa.chunked_array([pa.array(texts[1:2]), pa.array(texts[2:4]).slice(0, 2)])
    assert hmac_sha256_many(key, sliced) == expected
    assert hmac_sha256_many(key, chunked) == expected
    assert hmac_sha256_many(key, pa.array([], pa.string())) == b""


def test_the_fallback_gives_the_same_digests(monkeypatch: pytest.MonkeyPatch) -> None:
    messages = pa.array(_messages(7))
    key = b"\x01" * 70
    built = hmac_sha256_many(key, messages), blake2b_many(key[:64], messages, size=8, person=b"p")
    monkeypatch.setattr(keyed_hashes, "_keyed_hash", None)
    fallback = (
        hmac_sha256_many(key, messages),
        blake2b_many(key[:64], messages, size=8, person=b"p"),
    )
    assert fallback == built


def test_bad_arguments_are_refused() -> None:
    module = keyed_hashes._keyed_hash
    assert module is not None
    offsets = np.array([0, 5, 3], dtype=np.int64).tobytes()
    with pytest.raises(ValueError, match="offsets"):
        module.hmac_sha256(b"k", b"abcdef", offsets)
    with pytest.raises(ValueError, match="offsets"):
        module.hmac_sha256(b"k", b"ab", np.array([0, 5], dtype=np.int64).tobytes())
    with pytest.raises(ValueError, match="key"):
        module.blake2b(b"k" * 65, b"", 8, b"", np.array([0], dtype=np.int64).tobytes())
    with pytest.raises(ValueError, match="size"):
        module.blake2b(b"k", b"", 65, b"", np.array([0], dtype=np.int64).tobytes())
