"""Regular expressions with possessive quantifiers and atomic groups on every supported Python.

The XML scanners use ``[^<]++`` and ``(?>...)`` so that a hostile part cannot make them
backtrack for minutes; Python gained that syntax in 3.11. On 3.10 the same patterns are
compiled without it, rewritten so that they still match the same strings in linear time:

* ``X++`` -> ``X+``, ``X*+`` -> ``X*``, ``X?+`` -> ``X?``, ``X{m,n}+`` -> ``X{m,n}``;
  ``(?>...)`` -> ``(?:...)`` (for these patterns each possessive part is followed by
  something it cannot consume, so the strings matched are the same);
* in a repeated group, an alternative that is one repeated character (``(?:[^<]++|<x)*+``)
  loses its own repetition (``(?:[^<]|<x)*``): the same strings, without the nested
  quantifier that makes a failing match backtrack exponentially (found on Python 3.10: a
  fuzzed sheet took minutes).
"""

from __future__ import annotations

import re
import sys

POSSESSIVE_SUPPORTED = sys.version_info >= (3, 11)


def compile(pattern, flags: int = 0) -> re.Pattern:  # noqa: A001 - mirrors re.compile
    if POSSESSIVE_SUPPORTED:
        return re.compile(pattern, flags)
    if isinstance(pattern, bytes):
        return re.compile(plain(pattern.decode("latin-1")).encode("latin-1"), flags)
    return re.compile(plain(pattern), flags)


class _Atom:
    def __init__(self, text: str, single: bool):
        self.text = text
        self.single = single  # matches exactly one character
        self.quant = ""

    def render(self) -> str:
        return self.text + self.quant


class _Group:
    def __init__(self, opener: str):
        self.opener = opener
        self.alternatives: list[list] = [[]]
        self.quant = ""

    def render(self) -> str:
        return self.opener + "|".join("".join(t.render() for t in alt) for alt in self.alternatives) + ")" + self.quant


_QUANT = re.compile(r"(?:[*+?]|\{\d*(?:,\d*)?\})(\?|\+)?")


def _parse(pattern: str) -> _Group:
    root = _Group("")
    stack = [root]
    i, n = 0, len(pattern)
    while i < n:
        ch = pattern[i]
        current = stack[-1].alternatives[-1]
        if ch == "\\":
            esc = pattern[i:i + 2]
            single = esc[1:2] not in ("b", "B", "A", "Z", "z", "G") and not esc[1:2].isdigit()
            current.append(_Atom(esc, single))
            i += 2
        elif ch == "[":
            j = i + 1
            if j < n and pattern[j] == "^":
                j += 1
            if j < n and pattern[j] == "]":
                j += 1  # a ']' first in the class is a literal
            while j < n and pattern[j] != "]":
                j += 2 if pattern[j] == "\\" else 1
            current.append(_Atom(pattern[i:j + 1], True))
            i = j + 1
        elif ch == "(":
            m = re.match(r"\((?:\?(?:>|:|=|!|<=|<!|P<\w+>|P=\w+\)|[aiLmsux-]+[:)]|#[^)]*\)))?", pattern[i:])
            assert m is not None  # pattern[i] is "(" and all after it is optional
            opener = m.group()
            if opener.endswith(")") and opener != "(":  # (?P=name) (?#...) (?i): a whole token
                current.append(_Atom(opener, False))
                i += len(opener)
                continue
            group = _Group("(?:" if opener == "(?>" else opener)
            current.append(group)
            stack.append(group)
            i += len(opener)
        elif ch == ")":
            stack.pop()
            i += 1
        elif ch == "|":
            stack[-1].alternatives.append([])
            i += 1
        elif ch in "*+?{":
            m = _QUANT.match(pattern, i)
            if m is None or not current:  # a literal '{'
                current.append(_Atom(ch, True))
                i += 1
                continue
            quant = m.group()
            if m.group(1) == "+":
                quant = quant[:-1]  # possessive: dropped
            current[-1].quant = quant
            i = m.end()
        else:
            current.append(_Atom(ch, ch not in "^$"))
            i += 1
    return root


def _unnest(group: _Group) -> None:
    repeated = group.quant[:1] in ("*", "+") and group.opener in ("(", "(?:") or group.opener.startswith("(?P<") \
        and group.quant[:1] in ("*", "+")
    for alt in group.alternatives:
        for token in alt:
            if isinstance(token, _Group):
                _unnest(token)
        if repeated and len(alt) == 1 and isinstance(alt[0], _Atom) and alt[0].single \
                and alt[0].quant in ("+", "*"):
            alt[0].quant = "" if alt[0].quant == "+" else "?"


def _captures(group: _Group) -> int:
    own = 1 if group.opener == "(" or group.opener.startswith("(?P<") else 0
    return own + sum(_captures(t) for alt in group.alternatives for t in alt if isinstance(t, _Group))


def plain(pattern: str) -> str:
    """`pattern` rewritten for a Python without possessive quantifiers and atomic groups (see
    the module's docstring). A pattern without groups of its own keeps atomic groups exactly,
    as a lookahead and a backreference (``(?>X)`` -> ``(?=(X))\1``): nobody numbers its groups."""
    if "(?>" in pattern and _captures(_parse(pattern)) == 0:
        pattern = _emulate_atomic(pattern)
    root = _parse(pattern)
    _unnest(root)
    return "|".join("".join(t.render() for t in alt) for alt in root.alternatives)


def _emulate_atomic(pattern: str) -> str:
    out, i, count = [], 0, 0
    while i < len(pattern):
        if pattern[i] == "\\":
            out.append(pattern[i:i + 2])
            i += 2
        elif pattern.startswith("(?>", i):
            depth, j = 1, i + 3
            while j < len(pattern) and depth:  # the group's end (classes and escapes skipped)
                if pattern[j] == "\\":
                    j += 2
                    continue
                if pattern[j] == "[":
                    j = pattern.index("]", j + 2 if pattern[j + 1:j + 2] in ("]", "^") else j + 1) + 1
                    continue
                depth += {"(": 1, ")": -1}.get(pattern[j], 0)
                j += 1
            count += 1
            inner = pattern[i + 3:j - 1].replace("(?>", "(?:")  # one level kept exact, inner ones plain
            quant = _QUANT.match(pattern, j)  # '(?>X)*+': the repetition goes inside the lookahead
            q = ""
            if quant is not None:
                q = quant.group()[:-1] if quant.group(1) == "+" else quant.group()
                j = quant.end()
            out.append(f"(?=((?:{inner}){q}))\\{count}")
            i = j
        else:
            out.append(pattern[i])
            i += 1
    return "".join(out)
