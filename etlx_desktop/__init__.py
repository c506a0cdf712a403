"""ETL-Express Desktop: describe, clean, anonymize and publish versioned data modules."""

__version__ = "0.1.0"
