"""Anonymization: the method registry (names, parameter schemas) and, later, implementations."""

from .registry import MethodRegistry, MethodSpec, ParamSpec, ParamType, default_registry

__all__ = ["MethodRegistry", "MethodSpec", "ParamSpec", "ParamType", "default_registry"]
