"""pyarrow without what the app never loads (about 55 MB less than the community hook).

Left out: Arrow Flight (RPC), the S3/GCS/Azure/HDFS file systems (S3 goes through boto3),
CUDA, Gandiva, Substrait's Python side, the test suites, and the C++ headers and Cython
sources. `libarrow_substrait` itself stays: every pyarrow extension module links it.
`pyarrow.fs` imports the file systems in `try` blocks, so their absence is not an error.
"""

from __future__ import annotations

from PyInstaller.utils.hooks import collect_dynamic_libs, collect_submodules

UNUSED_MODULES = (
    "tests", "conftest", "flight", "_flight", "_s3fs", "_gcsfs", "_azurefs", "_hdfs",
    "cuda", "_cuda", "gandiva", "substrait", "_substrait", "_pyarrow_cpp_tests",
    "benchmark", "jvm",
    # shared libraries that module discovery mistakes for extension modules (`.so`)
    "libarrow_python_flight",
)  # fmt: skip
UNUSED_LIBRARIES = ("libarrow_flight", "libarrow_python_flight", "libarrow_s3")


def _kept_module(name: str) -> bool:
    return not set(name.split(".")[1:]) & set(UNUSED_MODULES)


def _kept_library(entry: tuple[str, str]) -> bool:
    source = entry[0].replace("\\", "/").rsplit("/", 1)[-1]
    return not source.startswith(UNUSED_LIBRARIES)


hiddenimports = collect_submodules("pyarrow", filter=_kept_module)
excludedimports = [f"pyarrow.{name}" for name in UNUSED_MODULES]
binaries = [entry for entry in collect_dynamic_libs("pyarrow") if _kept_library(entry)]
