"""The optional C parts: keyed hashes of many values at once (etlx_desktop.core.anonymize) and
PostgreSQL's binary numeric fields from decimal texts (etlx_desktop.core.storage).

Everything else is configured in pyproject.toml. Where no C compiler is at hand the build goes
on without them, and the same values come from hashlib and numpy, more slowly.
"""

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension(
            "etlx_desktop.core.anonymize._keyed_hash",
            ["etlx_desktop/core/anonymize/_keyed_hash.c"],
            extra_compile_args=["-O3"],
            optional=True,
        ),
        Extension(
            "etlx_desktop.core.storage._pg_numeric",
            ["etlx_desktop/core/storage/_pg_numeric.c"],
            extra_compile_args=["-O3"],
            optional=True,
        ),
    ]
)
