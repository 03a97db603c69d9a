"""The openings of a regex's matches: a regex for the first few characters any match can
start with, read from the standard library's own parse of the pattern.

The times extractor's gate checks it before trying its ~20 KB of rules at a word start
(``times.py``); most word starts are ruled out by it at a fraction of the cost.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from re import _constants as sre
from re import _parser as sre_parse
from typing import Any

#: One regex per character ("a", r"\d", r"[^\S\n]"), and whether the whole pattern read so
#: far can end there (else it was cut off at the width).
_Opening = tuple[tuple[str, ...], bool]
_CATEGORIES = {
    sre.CATEGORY_DIGIT: r"\d",
    sre.CATEGORY_NOT_DIGIT: r"\D",
    sre.CATEGORY_SPACE: r"\s",
    sre.CATEGORY_NOT_SPACE: r"\S",
    sre.CATEGORY_WORD: r"\w",
    sre.CATEGORY_NOT_WORD: r"\W",
}
_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)
_ZERO_WIDTH = (sre.AT, sre.ASSERT, sre.ASSERT_NOT)
# Flags that change what a character in the pattern matches.
_CHARACTER_FLAGS = re.IGNORECASE | re.DOTALL


class _Unreadable(Exception):
    """A regex construct the opening reader does not model (a back-reference, a flag)."""


def openings(pattern: str, width: int) -> str | None:
    """A regex matching the first ``width`` characters of every match of ``pattern``.

    Read from the standard library's own parse of the pattern (``re._parser``, private
    but the same in every Python the project supports); None for a pattern using a
    construct not modelled. Zero-width assertions are passed over, so the result matches
    wherever the pattern does, and at some places it does not: it only rules places out.
    """
    try:
        parsed = sre_parse.parse(pattern)
        if parsed.state.flags & _CHARACTER_FLAGS:
            raise _Unreadable("flags")
        found = _sequence(list(parsed), width)
    except _Unreadable:
        return None
    return _trie({atoms for atoms, _ in found})


def _sequence(nodes: list[tuple[Any, Any]], width: int) -> set[_Opening]:
    """The openings of ``nodes`` matched one after another."""
    result: set[_Opening] = {((), True)}
    for node in nodes:
        result = _then(result, lambda room, node=node: _node(node, room), width)
    return result


def _then(heads: set[_Opening], tails: Callable[[int], set[_Opening]], width: int) -> set[_Opening]:
    """Each of ``heads`` that can go on, followed by each of ``tails``, cut at ``width``."""
    result: set[_Opening] = set()
    by_room: dict[int, set[_Opening]] = {}
    for atoms, whole in heads:
        room = width - len(atoms)
        if not whole or room == 0:
            result.add((atoms, False))
            continue
        if room not in by_room:
            by_room[room] = tails(room)
        result.update((atoms + more, ends) for more, ends in by_room[room])
    return result


def _node(node: tuple[Any, Any], width: int) -> set[_Opening]:
    """The openings of one parsed regex node, at most ``width`` characters long."""
    op, av = node
    if op is sre.LITERAL:
        return {((re.escape(chr(av)),), True)}
    if op is sre.NOT_LITERAL:
        return {((f"[^{re.escape(chr(av))}]",), True)}
    if op is sre.ANY:
        return {((".",), True)}
    if op is sre.IN:
        return {((_character_class(av),), True)}
    if op in _ZERO_WIDTH:
        return {((), True)}
    if op is sre.SUBPATTERN:
        _, add_flags, del_flags, nodes = av
        if add_flags or del_flags:
            raise _Unreadable("flags")
        return _sequence(list(nodes), width)
    if op is sre.ATOMIC_GROUP:
        return _sequence(list(av), width)
    if op is sre.BRANCH:
        return set().union(*(_sequence(list(branch), width) for branch in av[1]))
    if op in _REPEATS:
        return _repeat(av[0], av[1], list(av[2]), width)
    raise _Unreadable(str(op))


def _repeat(low: int, high: int, body: list[tuple[Any, Any]], width: int) -> set[_Opening]:
    """The openings of ``body`` repeated ``low`` to ``high`` times."""
    result: set[_Opening] = set()
    reps: set[_Opening] = {((), True)}
    count = 0
    while True:
        can_go_on = any(whole for _, whole in reps)
        if count >= low or not can_go_on:
            result |= reps
        if count >= high or not can_go_on:
            return result
        more = _then(reps, lambda room: _sequence(body, room), width)
        if more == reps:  # further repetitions change nothing
            return result | reps
        if count >= low and more <= result:
            return result
        reps, count = more, count + 1


def _character_class(items: list[tuple[Any, Any]]) -> str:
    parts = []
    for op, av in items:
        if op is sre.NEGATE:
            parts.insert(0, "^")
        elif op is sre.LITERAL:
            parts.append(re.escape(chr(av)))
        elif op is sre.RANGE:
            parts.append(f"{re.escape(chr(av[0]))}-{re.escape(chr(av[1]))}")
        elif op is sre.CATEGORY and av in _CATEGORIES:
            parts.append(_CATEGORIES[av])
        else:
            raise _Unreadable(str(op))
    return "[" + "".join(parts) + "]"


def _trie(starts: set[tuple[str, ...]]) -> str:
    """One regex for a set of openings, sharing their common starts ("ja(?:n|...)")."""
    if () in starts:
        return ""
    branches: dict[str, set[tuple[str, ...]]] = {}
    for atoms in starts:
        branches.setdefault(atoms[0], set()).add(atoms[1:])
    parts = [atom + _trie(rest) for atom, rest in sorted(branches.items())]
    return parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"
