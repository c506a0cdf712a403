"""What an anonymization method may use besides the values: the key, the column, the table."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from ..metadata.model import Column, Table
from .keys import domain_key


class KeyRequired(Exception):
    """A method needs the module key (keyRef) but the module has none."""


@dataclass
class AnonymizeContext:
    table: Table
    column: Column
    key: bytes | None
    frame: pd.DataFrame
    first_row: int = 1
    domain: str | None = None
    extra: dict[str, object] = field(default_factory=dict)
    # the date ages are counted from (fake birth dates); None: today
    reference_date: date | None = None
    # the column whose declaration defines the pseudonym domain (a key's, for its foreign keys)
    domain_column: Column | None = None

    @property
    def unique(self) -> bool:
        """True when the output must stay unique: a unique column or a one-column key."""
        key = self.table.table_schema.primary_key
        return bool(self.column.unique) or key == [self.column.name]

    def domain_key(self) -> bytes:
        if self.key is None:
            raise KeyRequired(
                f"column {self.table.table_name}.{self.column.name} needs the module's "
                "anonymization key: set keyRef (env:NAME, keyring:SERVICE/NAME or file:PATH)"
            )
        name = self.domain or f"{self.table.table_name}.{self.column.name}"
        return domain_key(self.key, name)
