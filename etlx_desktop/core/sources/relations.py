"""What was read from a database catalog, before it becomes module tables."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from sqlalchemy.types import TypeEngine


class RelationKind(StrEnum):
    TABLE = "table"
    PARTITIONED = "partitioned table"
    VIEW = "view"
    MATERIALIZED_VIEW = "materialized view"


@dataclass(frozen=True)
class RelationName:
    """A table or view found in a schema."""

    schema: str
    name: str
    kind: RelationKind

    @property
    def qualified(self) -> str:
        return f"{self.schema}.{self.name}"


@dataclass(frozen=True)
class SourceColumn:
    name: str
    type: TypeEngine[Any]
    nullable: bool


@dataclass(frozen=True)
class SourceForeignKey:
    columns: tuple[str, ...]
    ref_schema: str
    ref_table: str
    ref_columns: tuple[str, ...]


@dataclass(frozen=True)
class UniqueKey:
    """A unique constraint or unique index over plain columns; `where` holds a partial index's
    predicate (the columns are unique only among the rows it selects)."""

    columns: tuple[str, ...]
    name: str | None = None
    where: str | None = None


@dataclass
class SourceRelation:
    """One reflected table or view: columns, primary, foreign and unique keys, comment and (if
    partitioned) partitions."""

    relation: RelationName
    columns: list[SourceColumn]
    primary_key: list[str]
    foreign_keys: list[SourceForeignKey]
    comment: str | None = None
    partitions: list[str] = field(default_factory=list)
    unique_keys: list[UniqueKey] = field(default_factory=list)
