"""The module's anonymization key and the per-domain keys derived from it.

The key lives outside the metadata (behind `keyRef`); the metadata holds only its fingerprint.
Each key domain gets its own derived key, so equal values map equally within a domain (joins
survive) and differently across domains.
"""

from __future__ import annotations

import hashlib
import hmac
import re

_HEX_KEY = re.compile(r"^[0-9a-fA-F]{32,}$")


def key_bytes(secret: str) -> bytes:
    """The key material of a secret: hex digits are decoded, anything else is UTF-8."""
    text = secret.strip()
    return bytes.fromhex(text) if _HEX_KEY.match(text) and len(text) % 2 == 0 else text.encode()


def fingerprint(key: bytes) -> str:
    """A public fingerprint of a key: tells keys apart, reveals nothing about them."""
    return (
        "blake2b:"
        + hashlib.blake2b(b"etlx key fingerprint", key=key[:64], digest_size=8).hexdigest()
    )


def domain_key(key: bytes, domain: str) -> bytes:
    """The key of one key domain, derived from the module key."""
    return hmac.new(key, b"etlx domain:" + domain.encode(), hashlib.sha256).digest()
