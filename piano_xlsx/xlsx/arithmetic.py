"""Arithmetic formulas over named measures, parsed and evaluated without eval.

Two users, one grammar: the "Algoritmo di calcolo" column (core: measures of the "Dati mensili"
sheet) and the check of a formula cell's saved value (xlsx/stale.py: cell references become names).

Grammar:
    expr   := term (("+" | "-") term)*
    term   := factor (("*" | "/" | "×" | ":") factor)*
    factor := ("+" | "-") factor | NUMBER | NAME | "(" expr ")"
NAME is a measure code of the "Dati mensili" sheet (letters, digits, underscore,
starting with a letter); NUMBER uses a decimal comma or point ("1000", "0,5").
Parsing gives a small tree; evaluation walks it with the measures' values. Unknown
names and division by zero are reported as FormulaError, never as a crash.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Union

_TOKEN = re.compile(r"\s*(?:(?P<num>\d+(?:[.,]\d+)?)|(?P<name>[A-Za-z_][A-Za-z0-9_]*)|(?P<op>[-+*/():×]))")


def excel_decimal(x: float) -> Decimal:
    """A number as a spreadsheet holds it for display and for ROUND: its 15 significant digits
    (13999/20000*100 is 69.99499999999999 in a float, 69.995 in Excel and LibreOffice, so ROUND
    gives 70)."""
    return Decimal(f"{x:.15g}")


class FormulaError(ValueError):
    """Italian message: what is wrong with the formula."""


@dataclass(frozen=True)
class Num:
    value: float


@dataclass(frozen=True)
class Name:
    name: str


@dataclass(frozen=True)
class Unary:
    op: str
    operand: Node


@dataclass(frozen=True)
class Binary:
    op: str
    left: Node
    right: Node


Node = Union[Num, Name, Unary, Binary]  # a parsed formula (a Union: evaluated at import, Python 3.10)
_Token = tuple[str, str]  # (kind: a group name of _TOKEN, text)
_END: _Token = ("end", "")  # past the last token


def _tokens(text: str) -> list[_Token]:
    out: list[_Token] = []
    pos, text = 0, text.strip()
    if text.startswith("="):
        text = text[1:]
    while pos < len(text):
        if text[pos].isspace():
            pos += 1
            continue
        m = _TOKEN.match(text, pos)
        if not m or m.end() == pos:
            raise FormulaError(f"carattere non ammesso '{text[pos]}' in posizione {pos + 1}")
        kind = m.lastgroup
        assert kind is not None  # every alternative of _TOKEN is a named group
        tok = m.group(kind)
        if kind == "op":
            tok = {"×": "*", ":": "/"}.get(tok, tok)
        out.append((kind, tok))
        pos = m.end()
    return out


class _Parser:
    def __init__(self, tokens: list[_Token]):
        self.tokens = tokens
        self.i = 0

    def peek(self) -> _Token:
        return self.tokens[self.i] if self.i < len(self.tokens) else _END

    def take(self) -> _Token:
        tok = self.peek()
        self.i += 1
        return tok

    def expr(self, depth: int = 0) -> Node:
        if depth > 100:
            raise FormulaError("formula troppo annidata")
        node = self.term(depth)
        while self.peek() in (("op", "+"), ("op", "-")):
            op = self.take()[1]
            node = Binary(op, node, self.term(depth))
        return node

    def term(self, depth: int) -> Node:
        node = self.factor(depth)
        while self.peek() in (("op", "*"), ("op", "/")):
            op = self.take()[1]
            node = Binary(op, node, self.factor(depth))
        return node

    def factor(self, depth: int) -> Node:
        kind, tok = self.take()
        if kind == "op" and tok in "+-":
            return Unary(tok, self.factor(depth + 1))
        if kind == "num":
            return Num(float(tok.replace(",", ".")))
        if kind == "name":
            return Name(tok)
        if (kind, tok) == ("op", "("):
            node = self.expr(depth + 1)
            if self.take() != ("op", ")"):
                raise FormulaError("manca una parentesi chiusa ')'")
            return node
        if (kind, tok) == _END:
            raise FormulaError("la formula finisce in modo incompleto")
        raise FormulaError(f"'{tok}' non è al posto giusto")


def parse(text: str) -> Node:
    """Parse a formula; raise FormulaError with an Italian reason."""
    if len(text) > 2000:
        raise FormulaError("formula troppo lunga (oltre 2000 caratteri)")
    tokens = _tokens(text)
    if not tokens:
        raise FormulaError("la formula è vuota")
    parser = _Parser(tokens)
    node = parser.expr()
    if parser.i != len(tokens):
        raise FormulaError(f"'{tokens[parser.i][1]}' non è al posto giusto")
    return node


def names(node: Node) -> list[str]:
    """The measure names a parsed formula uses, in order of first appearance."""
    found: list[str] = []

    def walk(n: Node) -> None:
        if isinstance(n, Name):
            if n.name not in found:
                found.append(n.name)
        elif isinstance(n, Unary):
            walk(n.operand)
        elif isinstance(n, Binary):
            walk(n.left)
            walk(n.right)

    walk(node)
    return found


def in_points(node: Node) -> bool:
    """Whether an expression already gives a percentage: its last step multiplies by 100
    ('evase / ricevute * 100', '100 * evase / ricevute'), not a sum ('a * 100 + b')."""
    if not isinstance(node, Binary):
        return False
    if node.op in ("*", "×"):
        return any((isinstance(side, Num) and side.value == 100) or in_points(side) for side in (node.left, node.right))
    if node.op in ("/", ":"):
        return in_points(node.left)  # '100 * evase / ricevute'
    return False


def evaluate(node: Node, env: dict[str, float]) -> float:
    """Evaluate with the measures' values; raise FormulaError on unknown names or division by zero."""
    if isinstance(node, Num):
        return node.value
    if isinstance(node, Name):
        if node.name not in env or env[node.name] is None:
            raise FormulaError(f"manca il valore della misura '{node.name}'")
        return float(env[node.name])
    if isinstance(node, Unary):
        v = evaluate(node.operand, env)
        return -v if node.op == "-" else v
    left, right = evaluate(node.left, env), evaluate(node.right, env)
    if node.op == "+":
        out = left + right
    elif node.op == "-":
        out = left - right
    elif node.op == "*":
        out = left * right
    else:
        if right == 0:
            raise FormulaError("divisione per zero")
        out = left / right
    if not math.isfinite(out):
        raise FormulaError("risultato non finito (numero troppo grande)")
    return out


def to_text(node: Node) -> str:
    """Canonical text of a parsed formula (used in explanations)."""
    if isinstance(node, Num):
        return f"{node.value:g}"
    if isinstance(node, Name):
        return node.name
    if isinstance(node, Unary):
        return f"{node.op}{to_text(node.operand)}"
    return f"({to_text(node.left)} {node.op} {to_text(node.right)})"
