"""Python regular expressions translated to RE2, Arrow's engine, only where the answer is the same.

The metadata's `pattern` and the normalizers' patterns are Python regexes, but running `re` on
every value of a chunk is slow. RE2 differs from `re`: its `\\d \\s \\w \\b` are ASCII-only, its
`$` is only the end of the text, and it has no lookaround or backreferences. So a pattern is
parsed with Python's own parser and rebuilt node by node, and every character class (`\\d`,
`[^@\\s]`, `.`) becomes an explicit list of code-point ranges computed by Python's `re` itself,
so RE2 tests exactly the characters Python would. Anything whose equivalence is not certain
(flags other than verbose and dotall, `$` not at the very end, `\\b` on non-ASCII text,
lookaround, backreferences, possessive or atomic repeats, a repeated part that can match the
empty string, a bound above RE2's 1000) is left untranslated, and the caller runs `re`.
"""

from __future__ import annotations

import functools
import importlib
import re
from typing import Any

_sre: Any = importlib.import_module("re._parser")  # the parser `re.compile` itself uses

Ranges = tuple[tuple[int, int], ...]  # sorted, disjoint, inclusive code-point ranges
_PLANES: Ranges = ((0, 0xD7FF), (0xE000, 0x10FFFF))  # all text Arrow can hold (no surrogates)
_RE2_MAX_REPEAT = 1000
# RE2 compiles `\w{20}` as 20 copies of a 734-range class, in milliseconds, once per chunk:
# beyond this many ranges times copies, Python on the distinct values is cheaper
_MAX_CLASS_COPIES = 20_000
_ALLOWED_FLAGS = re.UNICODE | re.VERBOSE | re.DOTALL  # verbose only changes the parse


class Untranslatable(Exception):
    """The pattern may behave differently in RE2; run it with Python's `re`."""


@functools.lru_cache(maxsize=256)
def to_re2(pattern: str, *, ascii_text: bool = False, search: bool = False) -> str | None:
    """An RE2 pattern that answers like `re.fullmatch(pattern, text)` for every text (or, with
    `search`, matches the same non-empty spans as `re.sub`/`re.finditer`), else None.

    `ascii_text` promises the texts are pure ASCII, which makes `\\b` safe.
    Raises `re.error` if `pattern` is not a valid Python regex, as `re.compile` would.
    """
    re.compile(pattern)  # the same error as `re` for an invalid pattern
    parsed = _sre.parse(pattern)
    if parsed.state.flags & ~_ALLOWED_FLAGS:
        return None
    if search and parsed.getwidth()[0] == 0:
        return None  # empty matches: `re.sub` and RE2 place them differently
    builder = _Builder(ascii_text, bool(parsed.state.flags & re.DOTALL))
    try:
        body = builder.sequence(list(parsed), at_end=not search)
    except Untranslatable:
        return None
    if builder.class_copies > _MAX_CLASS_COPIES:
        return None
    return body if search else f"^(?:{body})\\z"


def is_one_character(pattern: str) -> bool:
    """Whether `pattern` is one character or character class (`x`, `\\D`, `[^0-9]`, `.`) and
    so matches a character whatever surrounds it."""
    nodes = list(_sre.parse(pattern))
    ops = (_sre.LITERAL, _sre.NOT_LITERAL, _sre.IN, _sre.ANY)
    return len(nodes) == 1 and any(nodes[0][0] is op for op in ops)


class _Builder:
    """Rebuilds a parsed Python pattern as RE2 text."""

    def __init__(self, ascii_text: bool, dotall: bool) -> None:
        self.ascii_text = ascii_text
        self.dotall = dotall
        self.copies = 1  # how many times RE2 repeats the part being built
        self.class_copies = 0  # class ranges RE2 compiles, counting every copy

    def sequence(self, nodes: list[tuple[Any, Any]], at_end: bool) -> str:
        """`at_end`: nothing after these nodes consumes text, and the text must end there."""
        last = len(nodes) - 1
        return "".join(
            self.node(op, arg, at_end and i == last) for i, (op, arg) in enumerate(nodes)
        )

    def node(self, op: Any, arg: Any, at_end: bool) -> str:
        if op is _sre.LITERAL:
            return _literal(arg)
        if op is _sre.NOT_LITERAL:
            return self.char_class(_complement(((arg, arg),)))
        if op is _sre.ANY:
            return self.char_class(_PLANES if self.dotall else _complement(((10, 10),)))
        if op is _sre.IN:
            return self.char_class(_class_ranges(arg))
        if op is _sre.BRANCH:
            return "(?:" + "|".join(self.sequence(list(b), at_end) for b in arg[1]) + ")"
        if op is _sre.SUBPATTERN:
            _group, add_flags, del_flags, inner = arg
            if add_flags or del_flags:
                raise Untranslatable("scoped flags")
            return "(?:" + self.sequence(list(inner), at_end) + ")"
        if op is _sre.MAX_REPEAT or op is _sre.MIN_REPEAT:
            return self.repeat(arg, lazy=op is _sre.MIN_REPEAT)
        if op is _sre.AT:
            return self.anchor(arg, at_end)
        raise Untranslatable(str(op))  # lookaround, backreferences, possessive, atomic

    def repeat(self, arg: Any, lazy: bool) -> str:
        low, high, item = arg
        unbounded = high is _sre.MAXREPEAT
        if low > _RE2_MAX_REPEAT or (not unbounded and high > _RE2_MAX_REPEAT):
            raise Untranslatable("repeat bound above RE2's limit")
        if (unbounded or high > 1) and item.getwidth()[0] == 0:
            raise Untranslatable("a repeated part that can match the empty string")
        bounds = f"{{{low},}}" if unbounded else f"{{{low},{high}}}"
        outer = self.copies
        self.copies *= max(1, low + 1 if unbounded else high)
        inner = self.sequence(list(item), at_end=False)
        self.copies = outer
        return "(?:" + inner + ")" + bounds + ("?" if lazy else "")

    def char_class(self, ranges: Ranges) -> str:
        self.class_copies += len(ranges) * self.copies
        return _class(ranges)

    def anchor(self, where: Any, at_end: bool) -> str:
        if where is _sre.AT_BEGINNING or where is _sre.AT_BEGINNING_STRING:
            return "\\A"  # without MULTILINE, Python's '^' is the start of the text only
        if where is _sre.AT_END_STRING or (where is _sre.AT_END and at_end):
            return "\\z"  # '$' before a final newline would leave that newline unmatched
        if where is _sre.AT_BOUNDARY and self.ascii_text:
            return "\\b"  # on ASCII text Python's word characters are RE2's
        # not `\B`: Python's never matches in an empty text, RE2's does
        raise Untranslatable(str(where))


def _literal(code: int) -> str:
    char = chr(code)
    return char if char.isascii() and char.isalnum() else f"\\x{{{code:x}}}"


def _class(ranges: Ranges) -> str:
    if not ranges:
        return "[^\\x{0}-\\x{10ffff}]"  # matches nothing, like Python's [^\s\S]
    parts = (_literal(lo) if lo == hi else f"{_literal(lo)}-{_literal(hi)}" for lo, hi in ranges)
    return "[" + "".join(parts) + "]"


def _class_ranges(items: list[tuple[Any, Any]]) -> Ranges:
    """The code points a Python character class (`IN` node) matches."""
    negate = False
    found: list[tuple[int, int]] = []
    for op, arg in items:
        if op is _sre.NEGATE:
            negate = True
        elif op is _sre.LITERAL:
            found.append((arg, arg))
        elif op is _sre.RANGE:
            found.append((arg[0], arg[1]))
        elif op is _sre.CATEGORY:
            found.extend(_category(str(arg)))
        else:
            raise Untranslatable(str(op))
    ranges = _normalize(found)
    return _complement(ranges) if negate else ranges


@functools.cache
def _category(name: str) -> Ranges:
    """The code points Python's `re` puts in `\\d`, `\\D`, `\\s`, `\\S`, `\\w` or `\\W` on str,
    found by running `re` over every code point (so they follow this Python's Unicode)."""
    escape = {
        "CATEGORY_DIGIT": r"\d",
        "CATEGORY_SPACE": r"\s",
        "CATEGORY_WORD": r"\w",
    }
    negated = name.replace("_NOT_", "_")
    if negated not in escape:
        raise Untranslatable(name)
    runs = re.compile(escape[negated] + "+")
    found: list[tuple[int, int]] = []
    for first, last in _PLANES:
        text = "".join(map(chr, range(first, last + 1)))
        found.extend((first + m.start(), first + m.end() - 1) for m in runs.finditer(text))
    ranges = _normalize(found)
    return _complement(ranges) if negated != name else ranges


def _normalize(ranges: list[tuple[int, int]]) -> Ranges:
    """Sorted, merged ranges, without surrogates (Arrow text never holds them)."""
    clipped = [
        (max(lo, first), min(hi, last))
        for lo, hi in ranges
        for first, last in _PLANES
        if lo <= last and hi >= first
    ]
    merged: list[tuple[int, int]] = []
    for lo, hi in sorted(clipped):
        if merged and lo <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], hi))
        else:
            merged.append((lo, hi))
    return tuple(merged)


def _complement(ranges: Ranges) -> Ranges:
    gaps: list[tuple[int, int]] = []
    start = 0
    for lo, hi in _normalize(list(ranges)):
        if lo > start:
            gaps.append((start, lo - 1))
        start = hi + 1
    if start <= 0x10FFFF:
        gaps.append((start, 0x10FFFF))
    return _normalize(gaps)
