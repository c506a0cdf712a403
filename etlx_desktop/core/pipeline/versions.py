"""The metadata stored with a published version: the module as it ran, its extraction pointed
at the cleansed data in the target, the original sources kept as provenance."""

from __future__ import annotations

import copy

from ... import __version__
from ..metadata.model import (
    Activity,
    DataModule,
    DataSource,
    ExtractStep,
    FileFormat,
    SourceKind,
    Table,
    Target,
    TargetKind,
)
from ..metadata.secrets import url_secret_problem

AGENT = f"https://w3id.org/etlx/agents/etlx-desktop/{__version__}"


def module_iri(module: DataModule) -> str:
    return module.id.rsplit(":v", 1)[0] if module.id else f"urn:etlx:module:{module.identifier}"


def version_metadata(
    module: DataModule,
    outputs: dict[str, Table],
    target: Target,
    version: int,
    location: str,
    activity: Activity,
) -> DataModule:
    """The module document of `version` as stored in `target` at `location`."""
    result = copy.deepcopy(module)
    base = module_iri(module)
    result.id = f"{base}:v{version}"
    result.version = version
    result.previous_version = f"{base}:v{version - 1}" if version > 1 else None
    result.issued = activity.ended_at_time
    result.was_generated_by = activity
    sources = {s.identifier: s for s in module.data_sources}
    result.data_sources = [_cleansed_source(target, location)]
    result.tables = []
    for table in module.tables:
        cleansed = copy.deepcopy(outputs.get(table.table_name, table))
        origin = sources.get(table.extraction.from_source)
        cleansed.was_derived_from = _origin(origin, table)
        cleansed.extraction = _cleansed_extraction(target, table, location)
        result.tables.append(cleansed)
    return result


def _cleansed_source(target: Target, location: str) -> DataSource:
    kind = {TargetKind.POSTGRESQL: SourceKind.POSTGRESQL, TargetKind.S3: SourceKind.S3}.get(
        target.kind, SourceKind.FILE
    )
    # A folder version's metadata sits in the version folder: "." keeps it valid when moved.
    url = {TargetKind.POSTGRESQL: target.access_url, TargetKind.FOLDER: "."}.get(
        target.kind, location
    )
    return DataSource(
        identifier=target.identifier,
        kind=kind,
        title=target.title,
        endpoint_url=url,
        secret_ref=target.secret_ref,
        options=dict(target.options) if kind is SourceKind.S3 and target.options else None,
    )


def _cleansed_extraction(target: Target, table: Table, location: str) -> ExtractStep:
    if target.kind is TargetKind.POSTGRESQL:
        return ExtractStep(
            from_source=target.identifier, source_table=f"{location}.{table.table_name}"
        )
    suffix = "csv" if target.format is FileFormat.CSV else "parquet"
    return ExtractStep(from_source=target.identifier, file=f"tables/{table.table_name}.{suffix}")


def _origin(source: DataSource | None, table: Table) -> str | None:
    if source is None:
        return table.was_derived_from
    url = source.endpoint_url or source.identifier
    if url_secret_problem(url, "") is not None:
        url = source.identifier  # never copy a secret, even from a broken document
    step = table.extraction
    what = step.source_table or step.file or ("query" if step.query else "script")
    return table.was_derived_from or f"{url}#{what}"
