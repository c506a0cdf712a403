"""ETL-Express Desktop: describe, clean, anonymize and publish versioned data modules."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

__version__ = "0.1.0"


def open_module(
    target: str, name: str, version: int | str = "latest", **options: object
) -> dict[str, pd.DataFrame]:
    """The tables of one published version of a module, as pandas DataFrames.

    `target` is where versions are published: a folder, `s3://bucket/prefix` (options
    endpoint_url, region, path_style) or a PostgreSQL URL; `version` a number or "latest".
    """
    from .core.storage import open_module as open_published

    return open_published(target, name, version, **options)
