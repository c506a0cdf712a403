"""Transformations of a table: built-in normalizers and `transform(df, context)` scripts."""
