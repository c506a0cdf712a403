"""The typed data-module model.

Each dataclass field carries its JSON key and a one-line description in its metadata; the codec
(`codec.py`) reads them to load, save and check documents, so a key exists in exactly one place.
JSON keys follow CSVW, DCAT 3, PROV-O and DPV where those have the term; the JSON-LD context
(`resources/contexts/etlx-datamodule-v1.jsonld`) maps the rest to the project namespace.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, ClassVar

Scalar = str | int | float | bool
JSONObject = dict[str, Any]


def fld(
    key: str,
    doc: str,
    *,
    default: Any = None,
    factory: Callable[[], Any] | None = None,
    required: bool = False,
    scalar_ok: bool = False,
) -> Any:
    """A model field: its JSON key, what it means, and whether it must be present.

    `scalar_ok` lets a list field accept a single value (`"primaryKey": "id"`).
    """
    meta = {"key": key, "doc": doc, "required": required, "scalar_ok": scalar_ok}
    if factory is not None:
        return field(default_factory=factory, metadata=meta)
    return field(default=default, metadata=meta)


class Datatype(StrEnum):
    """CSVW built-in datatype names a column may declare."""

    STRING = "string"
    INTEGER = "integer"
    LONG = "long"
    SHORT = "short"
    DECIMAL = "decimal"
    DOUBLE = "double"
    FLOAT = "float"
    BOOLEAN = "boolean"
    DATE = "date"
    DATETIME = "datetime"
    TIME = "time"
    DURATION = "duration"
    JSON = "json"
    BINARY = "binary"


class NullStrategy(StrEnum):
    """What happens to a null (after null markers are applied)."""

    KEEP = "keep"
    REJECT = "reject"
    DROP_ROW = "drop_row"
    FILL_DEFAULT = "fill_default"
    FILL_MEAN = "fill_mean"
    FILL_MEDIAN = "fill_median"
    FILL_MODE = "fill_mode"
    FORWARD_FILL = "forward_fill"
    FAIL = "fail"


class ViolationAction(StrEnum):
    """What happens to a value outside minimum/maximum, allowedValues or pattern."""

    REJECT = "reject"
    CLIP = "clip"
    SET_NULL = "set_null"
    FAIL = "fail"


class UnknownColumns(StrEnum):
    """What a run does with source columns the module does not describe (schema drift)."""

    STOP = "stop"
    DROP = "drop"
    COPY = "copy"


class KeyHandling(StrEnum):
    """How a foreign key's values are treated when its parent key is anonymized."""

    INHERIT = "inherit"
    PRESERVE = "preserve"
    REMAP = "remap"


class SourceKind(StrEnum):
    POSTGRESQL = "postgresql"
    MYSQL = "mysql"
    SQLITE = "sqlite"
    FILE = "file"
    HTTP = "http"
    SCRIPT = "script"
    S3 = "s3"


class TargetKind(StrEnum):
    POSTGRESQL = "postgresql"
    S3 = "s3"
    FOLDER = "folder"
    SCRIPT = "script"


class FileFormat(StrEnum):
    PARQUET = "parquet"
    CSV = "csv"


@dataclass(kw_only=True)
class Script:
    """A code file named by the module; it runs only while its checksum matches."""

    json_type: ClassVar[str | None] = "Script"
    path: str = fld(
        "path", "Path of the file, relative to the module file's folder.", required=True
    )
    programming_language: str = fld("programmingLanguage", "Python or SQL.", default="Python")
    entry_point: str | None = fld("entryPoint", "Function to call in a Python script.")
    checksum: str | None = fld("checksum", "'sha256:' and the hex digest of the approved file.")


@dataclass(kw_only=True)
class DataSource:
    """A connection the module reads from; its credentials live behind `secretRef`."""

    json_type: ClassVar[str | None] = "DataSource"
    identifier: str = fld("identifier", "Name the tables use to pick this source.", required=True)
    kind: SourceKind = fld("kind", "Kind of source.", required=True)
    title: str | None = fld("title", "Human-readable name.")
    endpoint_url: str | None = fld(
        "endpointURL", "SQLAlchemy URL, file/folder path or HTTP URL, without any password."
    )
    secret_ref: str | None = fld(
        "secretRef", "Where the credentials are: env:NAME, keyring:SERVICE/NAME or file:PATH."
    )
    options: JSONObject | None = fld("options", "Connection options (no secrets).")


@dataclass(kw_only=True)
class ExtractStep:
    """How one table's rows are read: a source table, a query, a file or a script."""

    json_type: ClassVar[str | None] = "ExtractStep"
    from_source: str = fld("fromSource", "Identifier of the data source.", required=True)
    source_table: str | None = fld("sourceTable", "Table or view, optionally schema-qualified.")
    query: str | None = fld("query", "A SELECT; :name placeholders take `parameters`.")
    file: str | None = fld("file", "File path, relative to the source's folder.")
    script: Script | None = fld("script", "Extraction script returning or yielding DataFrames.")
    parameters: JSONObject | None = fld(
        "parameters", "Step parameters (chunk size, encoding, ...)."
    )


@dataclass(kw_only=True)
class TransformStep:
    """One transformation of a table: a built-in normalizer or a Python script."""

    json_type: ClassVar[str | None] = "TransformStep"
    normalizer: str | None = fld("normalizer", "Name of a built-in normalizer.")
    applies_to: list[str] = fld("appliesTo", "Columns the normalizer applies to.", factory=list)
    script: Script | None = fld("script", "Python script with transform(df, context) -> df.")
    parameters: JSONObject | None = fld("parameters", "Parameters of the normalizer or script.")


@dataclass(kw_only=True)
class AnonymizationRule:
    """How one column is anonymized: a registered method, its parameters and key domain."""

    json_type: ClassVar[str | None] = "AnonymizationRule"
    method: str = fld("method", "Name of a registered anonymization method.", required=True)
    key_domain: str | None = fld(
        "keyDomain", "Columns sharing a key domain map equal inputs to equal outputs."
    )
    parameters: JSONObject | None = fld("parameters", "Method parameters.")


@dataclass(kw_only=True)
class Column:
    """One column: its type, field rules, personal-data category and anonymization."""

    json_type: ClassVar[str | None] = None
    name: str = fld("name", "Column name as in the source.", required=True)
    title: str | None = fld("title", "Human-readable name.")
    datatype: Datatype = fld("datatype", "CSVW datatype.", default=Datatype.STRING)
    sql_type: str | None = fld("sqlType", "Type in the source database.")
    required: bool | None = fld("required", "True if the column may not be null.")
    unique: bool | None = fld(
        "unique", "True if values must stay unique (a unique constraint); keys are unique."
    )
    null: list[str] = fld(
        "null", "Values read as null (e.g. '', 'N/A').", factory=list, scalar_ok=True
    )
    null_strategy: NullStrategy = fld(
        "nullStrategy", "What happens to nulls.", default=NullStrategy.KEEP
    )
    default: Scalar | None = fld("default", "Value used by fill_default.")
    minimum: Scalar | None = fld("minimum", "Smallest allowed value.")
    maximum: Scalar | None = fld("maximum", "Largest allowed value.")
    allowed_values: list[Scalar] = fld("allowedValues", "The only values allowed.", factory=list)
    pattern: str | None = fld("pattern", "Regular expression every value must match.")
    on_violation: ViolationAction | None = fld(
        "onViolation", "What happens to a value breaking a range, list or pattern check."
    )
    personal_data: str | None = fld(
        "personalData", "DPV personal-data category, e.g. pd:Name or pd:EmailAddress."
    )
    anonymization: AnonymizationRule | None = fld("anonymization", "Anonymization rule.")


@dataclass(kw_only=True)
class TableReference:
    json_type: ClassVar[str | None] = None
    resource: str = fld("resource", "url (or tableName) of the referenced table.", required=True)
    column_reference: list[str] = fld(
        "columnReference", "Referenced columns.", factory=list, required=True, scalar_ok=True
    )


@dataclass(kw_only=True)
class ForeignKey:
    json_type: ClassVar[str | None] = None
    column_reference: list[str] = fld(
        "columnReference", "Columns of this table.", factory=list, required=True, scalar_ok=True
    )
    reference: TableReference = fld("reference", "The referenced table and columns.", required=True)
    key_handling: KeyHandling = fld(
        "keyHandling",
        "How the key follows the parent's anonymization.",
        default=KeyHandling.INHERIT,
    )


@dataclass(kw_only=True)
class TableSchema:
    json_type: ClassVar[str | None] = None
    columns: list[Column] = fld("columns", "Columns in order.", factory=list, required=True)
    primary_key: list[str] = fld("primaryKey", "Primary-key columns.", factory=list, scalar_ok=True)
    foreign_keys: list[ForeignKey] = fld("foreignKeys", "Foreign keys.", factory=list)


@dataclass(kw_only=True)
class PrivacyModel:
    """The privacy a table's output must show: k-anonymity and l-diversity over named columns."""

    json_type: ClassVar[str | None] = None
    quasi_identifiers: list[str] = fld(
        "quasiIdentifiers",
        "Columns that together could single a person out.",
        factory=list,
        required=True,
    )
    k: int | None = fld("k", "Every combination of quasi-identifiers occurs at least k times.")
    sensitive: list[str] = fld(
        "sensitive", "Sensitive columns for l-diversity.", factory=list, scalar_ok=True
    )
    l_diversity: int | None = fld(
        "l", "Each group holds at least l distinct values of every sensitive column."
    )
    enforce: bool | None = fld(
        "enforce", "Generalize and suppress quasi-identifiers until k is reached."
    )
    max_suppression: float | None = fld(
        "maxSuppression", "Largest share of rows that may be suppressed (default 0.05)."
    )


@dataclass(kw_only=True)
class Table:
    """One table of the module: where it comes from, how it is cleaned, its target name."""

    json_type: ClassVar[str | None] = "Table"
    url: str = fld("url", "Path of the table inside a version (CSVW url).", required=True)
    table_name: str = fld("tableName", "Name of the table in the target.", required=True)
    title: str | None = fld("title", "Human-readable name.")
    description: str | None = fld("description", "What the table holds.")
    was_derived_from: str | None = fld(
        "wasDerivedFrom", "Where the rows came from originally (source URL#table)."
    )
    extraction: ExtractStep = fld("extraction", "How the rows are read.", required=True)
    transformation: list[TransformStep] = fld(
        "transformation", "Transformations, in order.", factory=list
    )
    table_schema: TableSchema = fld("tableSchema", "Columns and keys.", required=True)
    on_unknown_columns: UnknownColumns | None = fld(
        "onUnknownColumns",
        "Source columns the module does not describe: stop (default), "
        "drop them, or copy them unchanged.",
    )
    privacy: PrivacyModel | None = fld("privacy", "Privacy model checked after every run.")


@dataclass(kw_only=True)
class Target:
    """A place a version is published to (a DCAT distribution)."""

    json_type: ClassVar[str | None] = "Distribution"
    identifier: str = fld("identifier", "Name the upload step uses for this target.", required=True)
    kind: TargetKind = fld("kind", "Kind of target.", required=True)
    title: str | None = fld("title", "Human-readable name.")
    access_url: str = fld(
        "accessURL", "Database URL, s3://bucket/prefix or folder path; no password.", required=True
    )
    db_schema: str | None = fld("dbSchema", "Schema prefix for PostgreSQL targets.")
    format: FileFormat | None = fld("format", "File format for S3 and folder targets.")
    secret_ref: str | None = fld("secretRef", "Where the credentials are.")
    options: JSONObject | None = fld("options", "Target options (endpoint_url, region, ...).")


@dataclass(kw_only=True)
class UploadStep:
    json_type: ClassVar[str | None] = "UploadStep"
    target: list[str] = fld(
        "target", "Identifiers of the targets to publish to.", factory=list, scalar_ok=True
    )
    script: Script | None = fld("script", "Python script with upload(tables, context).")
    parameters: JSONObject | None = fld("parameters", "Upload parameters.")


@dataclass(kw_only=True)
class Activity:
    """The run that produced this version (PROV-O)."""

    json_type: ClassVar[str | None] = "Activity"
    id: str | None = fld("@id", "Run identifier (urn:uuid:...).")
    started_at_time: str | None = fld("startedAtTime", "When the run started (ISO 8601).")
    ended_at_time: str | None = fld("endedAtTime", "When the run ended (ISO 8601).")
    was_associated_with: str | None = fld("wasAssociatedWith", "Software that ran it.")
    used: list[str] = fld("used", "Sources read.", factory=list, scalar_ok=True)


@dataclass(kw_only=True)
class DataModule:
    """A data module: tables from sources, their rules, and where versions are published."""

    json_type: ClassVar[str | tuple[str, ...] | None] = (
        "DataModule",
        "Dataset",
        "TableGroup",
    )
    id: str | None = fld("@id", "IRI of this module version.")
    identifier: str = fld(
        "identifier", "Module name: lower-case letters, digits, - and _.", required=True
    )
    title: str | None = fld("title", "Human-readable name.")
    description: str | None = fld("description", "What the module holds and why.")
    version: int = fld("version", "Version number, a positive integer.", default=1, required=True)
    previous_version: str | None = fld("previousVersion", "IRI of the previous version.")
    version_notes: str | None = fld("versionNotes", "What changed in this version.")
    issued: str | None = fld("issued", "When this version was published (ISO 8601).")
    key_ref: str | None = fld(
        "keyRef", "Where the anonymization key is (env:NAME, keyring:..., file:PATH)."
    )
    key_fingerprint: str | None = fld(
        "keyFingerprint", "Fingerprint of that key, so a changed key is noticed."
    )
    data_sources: list[DataSource] = fld(
        "dataSource", "Sources the tables read from.", factory=list, required=True
    )
    tables: list[Table] = fld("tables", "Tables of the module.", factory=list, required=True)
    upload: UploadStep | None = fld("upload", "How versions are published.")
    distribution: list[Target] = fld("distribution", "Targets versions go to.", factory=list)
    was_generated_by: Activity | None = fld("wasGeneratedBy", "The run that made this version.")

    def table(self, name: str) -> Table:
        for table in self.tables:
            if table.table_name == name:
                return table
        raise KeyError(name)

    def source(self, identifier: str) -> DataSource:
        for source in self.data_sources:
            if source.identifier == identifier:
                return source
        raise KeyError(identifier)
