"""Scale-out on a Dask cluster: `run_module_distributed` splits each table into key-range
partitions processed by the workers and publishes exactly what a local run would publish
(see docs/scale-out.md for which rules can be split and how the others are handled)."""

from .executor import run_module_distributed
from .safety import NotPartitionSafe

__all__ = ["NotPartitionSafe", "run_module_distributed"]
