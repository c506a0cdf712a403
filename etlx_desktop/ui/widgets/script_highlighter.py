"""Python and SQL colouring for the script viewer, with a colour set for light and for dark
backgrounds.

Words (keywords, numbers, names) are coloured first; then strings and comments are scanned left
to right and painted over them, so a keyword inside a string stays string-coloured. Strings and
comments that span lines (triple quotes, /* */) carry on through the block state.
"""

from __future__ import annotations

import keyword
import re
from dataclasses import dataclass

from PySide6.QtGui import QColor, QFont, QSyntaxHighlighter, QTextCharFormat, QTextDocument

ROLES = ("keyword", "string", "comment", "number", "name", "decorator")


@dataclass(frozen=True)
class Colours:
    keyword: str
    string: str
    comment: str
    number: str
    name: str
    decorator: str


# Chosen for contrast on white and on qdarkstyle's #19232d (each at least about 4.5:1)
LIGHT = Colours("#0033b3", "#067d17", "#707070", "#1750eb", "#00627a", "#8a6d00")
DARK = Colours("#e8a05c", "#8fce8f", "#9aa4ad", "#6fd3de", "#7cc4ff", "#d6cf78")


@dataclass(frozen=True)
class Syntax:
    """How one language is coloured: word rules (pattern, role; group 1 if the pattern has
    one) and a scanner whose named groups are `comment`, `string` and `block` (the opener of
    a string or comment that may span lines; `closers` maps an opener to its end and role)."""

    rules: tuple[tuple[re.Pattern[str], str], ...]
    scanner: re.Pattern[str]
    closers: tuple[tuple[str, str, str], ...]  # opener, closer, role


_NUMBER = re.compile(r"\b(?:0[xX][0-9a-fA-F_]+|\d[\d_]*(?:\.\d*)?(?:[eE][+-]?\d+)?)\b")
_PREFIX = r"(?<!\w)[rRbBfFuU]{0,2}"

PYTHON = Syntax(
    rules=(
        (re.compile(r"\b(?:" + "|".join(keyword.kwlist) + r")\b"), "keyword"),
        (_NUMBER, "number"),
        (re.compile(r"\b(?:def|class)\s+(\w+)"), "name"),
        (re.compile(r"^\s*(@[\w.]+)"), "decorator"),
    ),
    scanner=re.compile(
        rf"(?P<comment>#.*)|(?P<block>{_PREFIX}(?:'''|\"\"\"))"
        rf"|(?P<string>{_PREFIX}(?:'(?:[^'\\]|\\.)*'?|\"(?:[^\"\\]|\\.)*\"?))"
    ),
    closers=(("'''", "'''", "string"), ('"""', '"""', "string")),
)

_SQL_WORDS = """
    select from where and or not in is null as on join inner left right full outer cross
    group by order having limit offset union all distinct insert into values update set delete
    create table view index drop alter add column primary key foreign references with case when
    then else end between like ilike exists asc desc true false cast default unique constraint
    returning over partition window interval coalesce count sum avg min max
"""
SQL = Syntax(
    rules=(
        (re.compile(r"\b(?:" + "|".join(_SQL_WORDS.split()) + r")\b", re.IGNORECASE), "keyword"),
        (_NUMBER, "number"),
    ),
    scanner=re.compile(
        r"(?P<comment>--.*)|(?P<block>/\*)|(?P<string>'(?:[^']|'')*'?)|(?P<name>\"[^\"]*\"?)"
    ),
    closers=(("/*", "*/", "comment"),),
)

SYNTAX_OF_LANGUAGE = {"python": PYTHON, "sql": SQL}


def _char_format(colour: str, role: str) -> QTextCharFormat:
    form = QTextCharFormat()
    form.setForeground(QColor(colour))
    if role in ("keyword", "name"):
        form.setFontWeight(QFont.Weight.DemiBold)
    if role == "comment":
        form.setFontItalic(True)
    return form


class ScriptHighlighter(QSyntaxHighlighter):
    """Colours a document as `language` ('Python' or 'SQL'; anything else stays plain)."""

    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        self._syntax: Syntax | None = None
        self._colours = LIGHT
        self._formats = self._make_formats()

    @property
    def colours(self) -> Colours:
        return self._colours

    def format_of(self, role: str) -> QTextCharFormat:
        return self._formats[role]

    def set_language(self, language: str | None) -> None:
        syntax = SYNTAX_OF_LANGUAGE.get((language or "").lower())
        if syntax is not self._syntax:
            self._syntax = syntax
            self.rehighlight()

    def set_colours(self, colours: Colours) -> None:
        if colours != self._colours:
            self._colours = colours
            self._formats = self._make_formats()
            self.rehighlight()

    def _make_formats(self) -> dict[str, QTextCharFormat]:
        return {role: _char_format(getattr(self._colours, role), role) for role in ROLES}

    def highlightBlock(self, text: str) -> None:
        self.setCurrentBlockState(0)
        syntax = self._syntax
        if syntax is None:
            return
        for pattern, role in syntax.rules:
            for word in pattern.finditer(text):
                start, end = word.span(1 if pattern.groups else 0)
                self.setFormat(start, end - start, self._formats[role])
        position = self._carry_on(syntax, text)
        while 0 <= position < len(text):
            match = syntax.scanner.search(text, position)
            if match is None:
                return
            kind = match.lastgroup or ""
            if kind == "block":
                position = self._open(syntax, text, match.start(), match.group())
            else:
                self.setFormat(match.start(), match.end() - match.start(), self._formats[kind])
                position = max(match.end(), match.start() + 1)

    def _carry_on(self, syntax: Syntax, text: str) -> int:
        """Finish a string or comment the lines above left open; where scanning goes on."""
        state = self.previousBlockState()
        if state < 1 or state > len(syntax.closers):
            return 0
        _, closer, role = syntax.closers[state - 1]
        return self._paint_until(text, 0, 0, closer, role, state)

    def _open(self, syntax: Syntax, text: str, start: int, opener_text: str) -> int:
        for state, (opener, closer, role) in enumerate(syntax.closers, start=1):
            if opener_text.endswith(opener):
                return self._paint_until(text, start, start + len(opener_text), closer, role, state)
        return start + len(opener_text)

    def _paint_until(
        self, text: str, start: int, search_from: int, closer: str, role: str, state: int
    ) -> int:
        """Paint from `start` through `closer`; -1 (stop scanning) if the line ends first."""
        end = text.find(closer, search_from)
        if end < 0:
            self.setFormat(start, len(text) - start, self._formats[role])
            self.setCurrentBlockState(state)
            return -1
        end += len(closer)
        self.setFormat(start, end - start, self._formats[role])
        return end
