"""Preview: the rules of one table applied to a sample, before and after, writing nothing."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..metadata.model import DataModule
from ..secretstore import resolve_secret
from ..sources.described import described_only
from ..sources.reading import SessionOpener, SourceAccess
from .chunks import ChunkProcessor
from .preflight import Resolver, preflight
from .report import TableReport


@dataclass
class Preview:
    before: pd.DataFrame  # the raw sample
    after: pd.DataFrame  # rows as they would be written
    quarantine: pd.DataFrame  # rejected rows with `_reason` and `_row`
    report: TableReport


def preview_table(
    module: DataModule,
    table_name: str,
    *,
    base_dir: Path,
    rows: int = 100,
    open_session: SessionOpener | None = None,
    resolve: Resolver = resolve_secret,
) -> Preview:
    """Apply `table_name`'s rules to its first `rows` rows; nothing is written anywhere."""
    plan = preflight(module, base_dir, [], resolve)
    table = module.table(table_name)
    if open_session is None:
        from ..sources.sessions import open_source_session

        open_session = open_source_session
    open_session = described_only(open_session)  # undescribed columns never show up
    source = module.source(table.extraction.from_source)
    access = SourceAccess(base_dir, plan.passwords.get(source.identifier))
    with open_session(source, access) as session:
        sample = next(iter(session.reader(table).chunks(rows)), pd.DataFrame())
    sample = sample.head(rows).reset_index(drop=True)
    processor = ChunkProcessor(table, plan, "preview")
    stats = processor.field_rules.stat_columns()
    if stats:
        from ..rules.stats import FillStatistics

        collector = FillStatistics(stats)
        collector.add(processor.normalized(sample))
        processor.field_rules.fills = collector.fills()  # over the sample, as labelled
    report = TableReport(table_name)
    after, quarantine = processor.process(sample, 1, report)
    return Preview(sample, after, quarantine, report)
