"""The scripts a module names, where they sit, whether they are approved, and undoable edits of
them (approve a file's checksum, point a slot at another file).

A slot is a place in the module that holds a script or expects one: a table's extraction, one
of its transformation steps, the upload. Slots are addressed by position, like `ColumnAt`, so an
edit finds its script again after undo and redo replaced the objects around it.
"""

from __future__ import annotations

import copy
import hashlib
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path, PurePosixPath
from typing import Any

from .editing import EditError, _Replace
from .model import DataModule, ExtractStep, Script, SourceKind, TransformStep, UploadStep
from .scripts import check_script, file_checksum, resolve_script

MAX_SHOWN_BYTES = 2 << 20  # a bigger file is not a script to read on screen (a data file?)
_LANGUAGE_OF_SUFFIX = {".py": "Python", ".sql": "SQL"}


class ScriptKind(StrEnum):
    EXTRACTION = "extraction"
    TRANSFORMATION = "transformation"
    UPLOAD = "upload"


@dataclass(frozen=True)
class ScriptSlot:
    """A place for a script: `kind`, its table (name and position; None for the upload), the
    transformation step's position, and `script` (None while the place expects one but names
    none). `path` is the JSON path that validation reports, e.g. `tables[0].extraction.script`."""

    kind: ScriptKind
    table: str | None
    table_index: int | None
    step: int | None
    label: str
    path: str
    script: Script | None = field(default=None, compare=False)

    def owner_in(self, module: DataModule) -> ExtractStep | TransformStep | UploadStep:
        """The step whose `script` this slot is."""
        if self.kind is ScriptKind.UPLOAD:
            if module.upload is None:
                raise EditError("the module has no upload step")
            return module.upload
        if self.table_index is None or not 0 <= self.table_index < len(module.tables):
            raise EditError(f"the module has no table {self.table_index}")
        table = module.tables[self.table_index]
        if self.kind is ScriptKind.EXTRACTION:
            return table.extraction
        if self.step is None or not 0 <= self.step < len(table.transformation):
            raise EditError(f"{table.table_name} has no transformation step {self.step}")
        return table.transformation[self.step]


def script_slots(module: DataModule) -> list[ScriptSlot]:
    """Every script the module names, in document order, and every place that expects one
    but names none (an extraction from a script source, a step with neither normalizer nor
    script, an upload with neither target nor script)."""
    slots: list[ScriptSlot] = []
    for t_index, table in enumerate(module.tables):
        name, base = table.table_name, f"tables[{t_index}]"
        extraction = table.extraction
        if extraction.script is not None or _source_kind(module, extraction) is SourceKind.SCRIPT:
            slots.append(
                ScriptSlot(
                    ScriptKind.EXTRACTION,
                    name,
                    t_index,
                    None,
                    f"{name} · extraction",
                    f"{base}.extraction.script",
                    extraction.script,
                )
            )
        numbered = len(table.transformation) > 1
        for s_index, step in enumerate(table.transformation):
            if step.script is None and step.normalizer is not None:
                continue
            label = f"{name} · transformation" + (f" {s_index + 1}" if numbered else "")
            path = f"{base}.transformation[{s_index}].script"
            slots.append(
                ScriptSlot(
                    ScriptKind.TRANSFORMATION, name, t_index, s_index, label, path, step.script
                )
            )
    upload = module.upload
    if upload is not None and (upload.script is not None or not upload.target):
        slots.append(
            ScriptSlot(
                ScriptKind.UPLOAD, None, None, None, "upload", "upload.script", upload.script
            )
        )
    return slots


def _source_kind(module: DataModule, step: ExtractStep) -> SourceKind | None:
    try:
        return module.source(step.from_source).kind
    except KeyError:
        return None


def slot_for_path(slots: list[ScriptSlot], json_path: str) -> ScriptSlot | None:
    """The slot a problem's JSON path is about: the script itself, a key of it
    (`….script.checksum`), or the step holding it (`tables[0].transformation[1]`)."""
    for slot in slots:
        owner = slot.path.removesuffix(".script")
        if json_path in (slot.path, owner) or json_path.startswith(
            (slot.path + ".", slot.path + "[")
        ):
            return slot
    return None


@dataclass
class ApproveScript(_Replace):
    """Record `checksum` as the approved one of the slot's script."""

    slot: ScriptSlot
    checksum: str

    def _slot(self, module: DataModule) -> tuple[Any, str]:
        script = self.slot.owner_in(module).script
        if script is None:
            raise EditError(f"{self.slot.label} names no script to approve")
        return script, "checksum"

    def _new(self, module: DataModule) -> Any:
        return self.checksum

    def describe(self, module: DataModule) -> str:
        return f"Approve the script of {self.slot.label}"


@dataclass
class SetScriptPath(_Replace):
    """Point the slot at another file (`path`, relative to the module file's folder). The new
    file is not approved yet, so the checksum is cleared; the language follows a .py or .sql
    suffix. An empty slot gets a new script."""

    slot: ScriptSlot
    path: str

    def __post_init__(self) -> None:
        if not self.path:
            raise EditError("a script needs a file")
        problems = check_script(Script(path=self.path), "", None)
        if problems:
            raise EditError(f"the script path {problems[0].message}")

    def _slot(self, module: DataModule) -> tuple[Any, str]:
        return self.slot.owner_in(module), "script"

    def _new(self, module: DataModule) -> Any:
        old: Script | None = self._read(module)
        script = copy.deepcopy(old) if old is not None else Script(path=self.path)
        script.path, script.checksum = self.path, None
        script.programming_language = script_language(script)
        return script

    def describe(self, module: DataModule) -> str:
        return f"Use {self.path} as the script of {self.slot.label}"


def script_language(script: Script) -> str:
    """The language a script is read as: its file's suffix (.py, .sql) over the declared one."""
    suffix = PurePosixPath(script.path).suffix.lower()
    return _LANGUAGE_OF_SUFFIX.get(suffix, script.programming_language)


def relative_script_path(file: Path, base_dir: Path) -> str:
    """`file` as a module names it: relative to the module file's folder, with '/'. A file
    outside that folder cannot be named (validation forbids '..'): EditError."""
    try:
        relative = file.resolve().relative_to(base_dir.resolve())
    except ValueError:
        raise EditError(
            f"{file.name} is outside the module's folder; copy it into {base_dir.name} first"
        ) from None
    return relative.as_posix()


class ScriptState(StrEnum):
    APPROVED = "approved"
    CHANGED = "changed since approval"
    NOT_APPROVED = "not approved"
    MISSING = "file missing"
    UNREADABLE = "cannot be read"
    NO_SCRIPT = "no script"


@dataclass(frozen=True)
class ScriptStatus:
    """Whether a script will run: its state, the file's current checksum (when it could be
    read) and, for a file that cannot be read or named, why."""

    state: ScriptState
    checksum: str | None = None
    reason: str | None = None

    @property
    def runs(self) -> bool:
        return self.state is ScriptState.APPROVED


class ChecksumCache:
    """File checksums, computed again only when a file's size or modification time changes
    (a view refreshed after every edit should not hash every script each time)."""

    def __init__(self) -> None:
        self._known: dict[Path, tuple[tuple[int, int], str]] = {}

    def checksum(self, file: Path) -> str:
        info = file.stat()
        stamp = (info.st_mtime_ns, info.st_size)
        known = self._known.get(file)
        if known is not None and known[0] == stamp:
            return known[1]
        value = file_checksum(file)
        self._known[file] = (stamp, value)
        return value

    def clear(self) -> None:
        self._known.clear()


def script_status(
    script: Script | None, base_dir: Path | None, cache: ChecksumCache | None = None
) -> ScriptStatus:
    """The state of `script` against its file in `base_dir` (the module file's folder)."""
    if script is None:
        return ScriptStatus(ScriptState.NO_SCRIPT)
    misplaced = [p for p in check_script(script, "", None) if p.path == "path"]
    if misplaced:
        return ScriptStatus(ScriptState.UNREADABLE, reason=f"its path {misplaced[0].message}")
    if base_dir is None:
        return ScriptStatus(
            ScriptState.UNREADABLE, reason="the module is not saved in a folder yet"
        )
    file = resolve_script(script, base_dir)
    try:
        if not file.is_file():
            return ScriptStatus(ScriptState.MISSING)
        current = (cache or ChecksumCache()).checksum(file)
    except OSError as exc:
        return ScriptStatus(ScriptState.UNREADABLE, reason=exc.strerror or type(exc).__name__)
    if script.checksum is None:
        return ScriptStatus(ScriptState.NOT_APPROVED, current)
    if script.checksum != current:
        return ScriptStatus(ScriptState.CHANGED, current)
    return ScriptStatus(ScriptState.APPROVED, current)


@dataclass(frozen=True)
class ScriptText:
    """A script file's text as shown, and the checksum of exactly those bytes (what approving
    what was shown records); `text` is None for a file too big to show."""

    text: str | None
    checksum: str


def read_script(file: Path) -> ScriptText:
    """Read a script file once for showing and approving. OSError if it cannot be read."""
    if file.stat().st_size > MAX_SHOWN_BYTES:
        return ScriptText(None, file_checksum(file))
    data = file.read_bytes()
    checksum = "sha256:" + hashlib.sha256(data).hexdigest()  # the form of file_checksum
    return ScriptText(data.decode("utf-8", errors="replace"), checksum)
