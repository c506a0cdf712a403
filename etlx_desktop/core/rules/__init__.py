"""Field rules: null markers, type coercion, range/list/pattern checks and null strategies.

Applied to every chunk in one fixed order (see `engine.py`), each step counted.
"""
