"""PII detection: which columns hold personal data, and how to anonymize them.

Column names (English, Russian, transliterated) and sampled values (checksums of INN, SNILS,
cards and IBANs; e-mail, phone, date-of-birth, address and ФИО patterns) are combined into one
`Suggestion` per personal column: a DPV category, a rule, a confidence and the evidence.

    result = scan_source("postgresql://user@host/db")        # draft, then scan
    result = scan_module(module, base_dir)                    # scan a module's own sources
    changed = apply_suggestions(module, result)               # only columns without a rule
"""

from .apply import apply_suggestions
from .combine import Detection, detect_column
from .kinds import KINDS, PiiKind
from .result import ColumnScan, ScanResult, Signal, SignalSource, Suggestion, TableScan
from .sample import ColumnSample, column_sample
from .scan import scan_frames, scan_module, scan_source

__all__ = [
    "KINDS",
    "ColumnSample",
    "ColumnScan",
    "Detection",
    "PiiKind",
    "ScanResult",
    "Signal",
    "SignalSource",
    "Suggestion",
    "TableScan",
    "apply_suggestions",
    "column_sample",
    "detect_column",
    "scan_frames",
    "scan_module",
    "scan_source",
]
