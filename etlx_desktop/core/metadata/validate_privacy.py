"""Checks of a table's privacy model: the columns it names exist, k and l make sense."""

from __future__ import annotations

from ..problems import Problem
from ..words import unknown_word
from .model import Table


def check_privacy(table: Table, path: str) -> list[Problem]:
    privacy = table.privacy
    if privacy is None:
        return []
    path = f"{path}.privacy"
    names = [c.name for c in table.table_schema.columns] if table.table_schema else []
    problems: list[Problem] = []
    for key, listed in (
        ("quasiIdentifiers", privacy.quasi_identifiers),
        ("sensitive", privacy.sensitive),
    ):
        problems += [
            Problem(f"{path}.{key}[{i}]", unknown_word("column", n, names))
            for i, n in enumerate(listed)
            if n not in names
        ]
    if not privacy.quasi_identifiers:
        problems.append(Problem(f"{path}.quasiIdentifiers", "must name at least one column."))
    for key, value in (("k", privacy.k), ("l", privacy.l_diversity)):
        if value is not None and value < 2:
            problems.append(Problem(f"{path}.{key}", "must be 2 or more (1 protects nobody)."))
    if privacy.l_diversity is not None and not privacy.sensitive:
        problems.append(
            Problem(f"{path}.sensitive", "must name the sensitive columns that l applies to.")
        )
    if privacy.enforce and privacy.k is None:
        problems.append(Problem(f"{path}.k", "is required when enforce is true."))
    share = privacy.max_suppression
    if share is not None and not 0 <= share <= 1:
        problems.append(Problem(f"{path}.maxSuppression", "must be a share from 0 to 1."))
    return problems
