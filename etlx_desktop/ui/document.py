"""The module file open in the window: where it is, what it holds, whether it changed."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..core.metadata import DataModule, ModuleInvalid, read_module, save_module


def new_module() -> DataModule:
    """An empty module for File › New: no sources and no tables until tables are added from
    the schema browser (which brings their source along)."""
    return DataModule(identifier="new-module", title="New module")


@dataclass
class ModuleDocument:
    module: DataModule = field(default_factory=new_module)
    path: Path | None = None
    dirty: bool = False

    @property
    def base_dir(self) -> Path:
        return self.path.parent if self.path else Path.cwd()

    @property
    def title(self) -> str:
        name = self.path.name if self.path else "untitled"
        return f"{'*' if self.dirty else ''}{name} — {self.module.identifier}"

    @classmethod
    def open(cls, path: Path) -> ModuleDocument:
        """Load a module file, problems and all (the editor lists them); raises ModuleInvalid
        only when there is no module to show (unreadable file, broken JSON)."""
        module, problems = read_module(path)
        if module is None:
            raise ModuleInvalid(str(path), problems)
        return cls(module, path)

    def save(self, path: Path | None = None) -> Path:
        target = path or self.path
        if target is None:
            raise ValueError("the module has no file yet: use Save As")
        save_module(self.module, target)
        self.path, self.dirty = target, False
        return target
