"""The optional C part: keyed hashes of many values at once (etlx_desktop.core.anonymize).

Everything else is configured in pyproject.toml. Where no C compiler is at hand the build goes
on without it, and the same hashes come from hashlib, more slowly.
"""

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension(
            "etlx_desktop.core.anonymize._keyed_hash",
            ["etlx_desktop/core/anonymize/_keyed_hash.c"],
            extra_compile_args=["-O3"],
            optional=True,
        )
    ]
)
