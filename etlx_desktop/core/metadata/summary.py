"""A readable, plain-text summary of a module (what `etlx show` prints)."""

from __future__ import annotations

from .model import Column, DataModule, Table


def summarize(module: DataModule) -> str:
    lines = [
        f"Module     {module.identifier} (version {module.version})",
        *([f"Title      {module.title}"] if module.title else []),
        *([f"About      {module.description}"] if module.description else []),
        "",
        "Sources",
    ]
    for source in module.data_sources:
        secret = f"  credentials: {source.secret_ref}" if source.secret_ref else ""
        lines.append(
            f"  {source.identifier:<12} {source.kind:<10} {source.endpoint_url or ''}{secret}"
        )
    for table in module.tables:
        lines += ["", *_table_lines(table)]
    lines += ["", "Targets"]
    targets = module.upload.target if module.upload else []
    for target in module.distribution:
        used = "" if target.identifier in targets else "  (not used by upload)"
        lines.append(f"  {target.identifier:<12} {target.kind:<10} {target.access_url}{used}")
    if not module.distribution:
        lines.append("  (none yet)")
    protected, personal = _personal_counts(module)
    lines += ["", f"Personal data: {personal} column(s), {protected} with an anonymization rule."]
    return "\n".join(lines) + "\n"


def _table_lines(table: Table) -> list[str]:
    step = table.extraction
    origin = step.source_table or step.file or ("query" if step.query else "script")
    schema = table.table_schema
    lines = [f"Table {table.table_name}  <- {step.from_source}: {origin}"]
    if schema.primary_key:
        lines.append(f"  primary key: {', '.join(schema.primary_key)}")
    for fk in schema.foreign_keys:
        lines.append(
            f"  foreign key: {', '.join(fk.column_reference)} -> "
            f"{fk.reference.resource} ({', '.join(fk.reference.column_reference)}), "
            f"{fk.key_handling}"
        )
    width = max((len(c.name) for c in schema.columns), default=4)
    lines += [f"  {_column_line(column, width)}" for column in schema.columns]
    return lines


def _column_line(column: Column, width: int) -> str:
    rule = column.anonymization.method if column.anonymization else "-"
    personal = column.personal_data or ""
    flag = " UNPROTECTED" if column.personal_data and not column.anonymization else ""
    return (
        f"{column.name:<{width}}  {column.datatype:<9} nulls: {column.null_strategy:<12} "
        f"anonymize: {rule:<13} {personal}{flag}"
    ).rstrip()


def _personal_counts(module: DataModule) -> tuple[int, int]:
    columns = [c for t in module.tables for c in t.table_schema.columns if c.personal_data]
    return sum(1 for c in columns if c.anonymization), len(columns)
