"""Quotation marks: the double-quoted stretches of a text, paired within each paragraph."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

# Double quotation marks as news sets them: curly, straight, and the doubled single
# quotes of some wire copy (''…'' and ``…'').
_MARKS = re.compile(r"``|''|[“”\"]")
_OPENERS = frozenset({"“", "``"})
_CLOSERS = frozenset({"”"})
_PARAGRAPH = re.compile(r"[^\n]+")


@dataclass(frozen=True)
class Quotation:
    """Words between quotation marks: ``start:end`` the words, ``open:close`` with the marks."""

    open: int
    start: int
    end: int
    close: int
    paragraph: int
    closed: bool


def find_quotations(text: str) -> list[Quotation]:
    """Every double-quoted stretch, paired within its paragraph; an unclosed one runs to its end.

    News opens each paragraph of a long quote with a mark and closes only the last, so a
    quotation never crosses a line break.
    """
    found: list[Quotation] = []
    for number, paragraph in enumerate(_PARAGRAPH.finditer(text)):
        opening: re.Match[str] | None = None
        # Curly marks nest (“what he calls “hell” than …”); straight ones cannot tell.
        nested = 0
        for mark in _MARKS.finditer(text, paragraph.start(), paragraph.end()):
            if opening is None:
                if mark.group() not in _CLOSERS or _opens_line(text, mark):
                    opening = mark
            elif mark.group() in _OPENERS and not _misturned(text, mark):
                if opening.group() in _OPENERS:
                    nested += 1
            elif nested and mark.group() in _CLOSERS:
                nested -= 1
            else:
                found.append(
                    Quotation(
                        opening.start(), opening.end(), mark.start(), mark.end(), number, True
                    )
                )
                opening = None
                nested = 0
        if opening is not None:
            end = paragraph.end()
            found.append(Quotation(opening.start(), opening.end(), end, end, number, False))
    return [q for q in found if text[q.start : q.end].strip()]


def _misturned(text: str, mark: re.Match[str]) -> bool:
    """Whether an opening mark closes a quotation, set the wrong way round after the last
    word: "…here,“ said X" (a typo some sites make)."""
    end = mark.end()
    return text[mark.start() - 1] in ",.?!" and (end == len(text) or text[end].isspace())


def _opens_line(text: str, mark: re.Match[str]) -> bool:
    """Whether a closing mark opens a quotation, set the wrong way round before the first
    word of a line: ”Fear. I am truly afraid …” (another typo some sites make)."""
    start, end = mark.start(), mark.end()
    return (start == 0 or text[start - 1] == "\n") and end < len(text) and text[end].isalnum()


def quoted_tokens(starts: list[int], quotations: list[Quotation]) -> list[int]:
    """For each token (by start offset), the index of the quotation it stands in, or -1."""
    quoted = [-1] * len(starts)
    for n, q in enumerate(quotations):
        first = max(bisect.bisect_right(starts, q.open) - 1, 0)
        last = max(bisect.bisect_right(starts, q.close - 1) - 1, 0)
        for i in range(first, last + 1):
            quoted[i] = n
    return quoted
