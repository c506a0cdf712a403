"""Types of the C module built from _pg_numeric.c (see postgres_binary.py)."""

from typing_extensions import Buffer

def numeric_fields(data: Buffer, offsets: Buffer, valid: Buffer, /) -> tuple[bytes, bytes]: ...
