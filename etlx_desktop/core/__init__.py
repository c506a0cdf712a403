"""The Qt-free core of ETL-Express Desktop: metadata, sources, rules, anonymization, pipeline.

Nothing under this package may import Qt; the CLI and the desktop app both call into it.
"""
