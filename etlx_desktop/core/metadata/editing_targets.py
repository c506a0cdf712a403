"""Undoable edits of where a module publishes (no Qt).

A module's targets are its `distribution`; its upload step's `target` names the ones a run
publishes to. `AddTarget` and `RemoveTarget` change the targets (and the upload step's list
with them); `SetPublishedTargets` chooses which of them a run publishes to. Each keeps what it
changed, so `revert` restores exactly the module it was applied to.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .editing import EditError
from .model import DataModule, Target, UploadStep


def _index_of(module: DataModule, identifier: str) -> int | None:
    for index, target in enumerate(module.distribution):
        if target.identifier == identifier:
            return index
    return None


@dataclass
class AddTarget:
    """Append `target` to the module's targets; with `publish`, runs publish to it too (the
    upload step is created when the module has none)."""

    target: Target
    publish: bool = True
    _created_upload: bool = field(default=False, init=False, repr=False)
    _listed: bool = field(default=False, init=False, repr=False)

    def apply(self, module: DataModule) -> None:
        name = self.target.identifier
        if _index_of(module, name) is not None:
            raise EditError(f"the module already has a target named {name}; choose another name")
        module.distribution.append(self.target)
        self._created_upload = self._listed = False
        if not self.publish:
            return
        if module.upload is None:
            module.upload = UploadStep(target=[name])
            self._created_upload = True
        elif name not in module.upload.target:
            module.upload.target.append(name)
            self._listed = True

    def revert(self, module: DataModule) -> None:
        if self._created_upload:
            module.upload = None
        elif self._listed and module.upload is not None:
            names = module.upload.target
            del names[len(names) - 1 - names[::-1].index(self.target.identifier)]
        for index, candidate in enumerate(module.distribution):
            if candidate is self.target:  # itself: an equal copy elsewhere stays
                del module.distribution[index]
                break
        self._created_upload = self._listed = False

    def describe(self, module: DataModule) -> str:
        return f"Add target {self.target.identifier}"


@dataclass
class RemoveTarget:
    """Take the target named `identifier` out of the module, and out of the upload step's list."""

    identifier: str
    _index: int = field(default=-1, init=False, repr=False)
    _removed: Target | None = field(default=None, init=False, repr=False)
    _positions: list[int] = field(default_factory=list, init=False, repr=False)

    def apply(self, module: DataModule) -> None:
        index = _index_of(module, self.identifier)
        if index is None:
            raise EditError(f"the module has no target named {self.identifier}")
        names = module.upload.target if module.upload else []
        self._positions = [i for i, name in enumerate(names) if name == self.identifier]
        for position in reversed(self._positions):
            del names[position]
        self._index, self._removed = index, module.distribution.pop(index)

    def revert(self, module: DataModule) -> None:
        if self._removed is None:
            raise EditError("an edit was reverted before it was applied")
        module.distribution.insert(self._index, self._removed)
        if self._positions and module.upload is not None:
            for position in self._positions:
                module.upload.target.insert(position, self.identifier)
        self._removed, self._positions = None, []

    def describe(self, module: DataModule) -> str:
        return f"Remove target {self.identifier}"


@dataclass
class SetPublishedTargets:
    """Publish to the targets named in `identifiers` (in that order) and to no other."""

    identifiers: list[str]
    _had_upload: bool = field(default=False, init=False, repr=False)
    _before: list[str] = field(default_factory=list, init=False, repr=False)

    def apply(self, module: DataModule) -> None:
        unknown = [name for name in self.identifiers if _index_of(module, name) is None]
        if unknown:
            raise EditError(f"the module has no target named {', '.join(unknown)}")
        self._had_upload = module.upload is not None
        if module.upload is None:
            module.upload = UploadStep(target=list(self.identifiers))
            return
        self._before = list(module.upload.target)
        module.upload.target[:] = self.identifiers  # in place: the upload step stays itself

    def revert(self, module: DataModule) -> None:
        if not self._had_upload:
            module.upload = None
        elif module.upload is not None:
            module.upload.target[:] = self._before

    def describe(self, module: DataModule) -> str:
        if not self.identifiers:
            return "Publish to no target"
        return f"Publish to {', '.join(self.identifiers)}"
