"""Which conditional-format rule colours a cell, as Excel decides it: the rules over the cell in
priority order, the first true one wins (its fill). The formulas are read by a small parser of
the shapes piano-xlsx and XlsxWriter write (comparisons, AND, OR, NOT, ISNUMBER, ROUND,
arithmetic, text joins, relative references); anything else raises, so a test never passes on a
rule it could not read. Data, not code: nothing is handed to Python's eval.
"""

from __future__ import annotations

import re

from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.utils.cell import range_boundaries

_TOKEN = re.compile(r'\s*(?:(?P<str>"(?:[^"]|"")*")|(?P<num>\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)'
                    r'|(?P<func>[A-Z][A-Z0-9.]*)\(|(?P<ref>\$?[A-Z]{1,3}\$?\d+)|(?P<op><>|<=|>=|[=<>*/+\-&(),]))')


class Unreadable(ValueError):
    """A rule this evaluator does not know: the test must not guess."""


def _tokens(formula: str) -> list[tuple[str, str]]:
    out, pos = [], 0
    formula = formula.strip()
    while pos < len(formula):
        m = _TOKEN.match(formula, pos)
        if m is None or m.end() == pos:
            raise Unreadable(f"formula non letta: {formula!r} a {pos}")
        kind = m.lastgroup
        out.append((kind, m.group(kind)))
        pos = m.end()
    return out


def _compare(a, op: str, b) -> bool:
    a = "" if a is None else a
    b = "" if b is None else b
    if isinstance(a, bool) or isinstance(b, bool):
        a, b = (int(a) if isinstance(a, bool) else a), (int(b) if isinstance(b, bool) else b)
    if isinstance(a, str) and isinstance(b, str):
        a, b = a.lower(), b.lower()
    elif isinstance(a, str) != isinstance(b, str):  # Excel: text and numbers are never equal
        if op in ("=", "<>"):
            return op == "<>"
        a, b = (1, 0) if isinstance(a, str) else (0, 1)  # text sorts after numbers
    return {"=": a == b, "<>": a != b, "<": a < b, ">": a > b, "<=": a <= b, ">=": a >= b}[op]


class _Parser:
    def __init__(self, formula: str, value_at):
        self.toks = _tokens(formula)
        self.i = 0
        self.value_at = value_at

    def peek(self):
        return self.toks[self.i] if self.i < len(self.toks) else (None, None)

    def take(self, text=None):
        tok = self.peek()
        if text is not None and tok[1] != text:
            raise Unreadable(f"atteso {text!r}, trovato {tok!r}")
        self.i += 1
        return tok

    def parse(self):
        value = self.comparison()
        if self.i != len(self.toks):
            raise Unreadable(f"avanzano {self.toks[self.i:]}")
        return value

    def comparison(self):
        left = self.concat()
        if self.peek()[1] in ("=", "<>", "<", ">", "<=", ">="):
            op = self.take()[1]
            return _compare(left, op, self.concat())
        return left

    def concat(self):
        value = self.additive()
        while self.peek()[1] == "&":
            self.take()
            value = f"{value}{self.additive()}"
        return value

    def additive(self):
        value = self.term()
        while self.peek()[1] in ("+", "-"):
            op = self.take()[1]
            right = self.term()
            value = value + right if op == "+" else value - right
        return value

    def term(self):
        value = self.unary()
        while self.peek()[1] in ("*", "/"):
            op = self.take()[1]
            right = self.unary()
            value = value * right if op == "*" else value / right
        return value

    def unary(self):
        if self.peek()[1] == "-":
            self.take()
            return -self.unary()
        return self.primary()

    def primary(self):
        kind, text = self.take()
        if kind == "num":
            return float(text)
        if kind == "str":
            return text[1:-1].replace('""', '"')
        if kind == "ref":
            return self.value_at(text)
        if kind == "op" and text == "(":
            value = self.comparison()
            self.take(")")
            return value
        if kind == "func":
            args = []
            if self.peek()[1] != ")":
                args.append(self.comparison())
                while self.peek()[1] == ",":
                    self.take()
                    args.append(self.comparison())
            self.take(")")
            return self.call(text, args)
        raise Unreadable(f"non atteso: {text!r}")

    @staticmethod
    def call(name: str, args: list):
        if name == "AND":
            return all(bool(a) for a in args)
        if name == "OR":
            return any(bool(a) for a in args)
        if name == "NOT":
            return not args[0]
        if name == "ISNUMBER":
            return isinstance(args[0], (int, float)) and not isinstance(args[0], bool)
        if name == "ROUND":
            if not isinstance(args[0], (int, float)):
                raise Unreadable(f"ROUND di {args[0]!r}")
            return round(args[0], int(args[1]))
        raise Unreadable(f"funzione {name}")


def _shift(ref: str, rows: int, cols: int) -> str:
    """A reference of a rule moved from the range's first cell to another cell ('$' stays put)."""
    m = re.fullmatch(r"(\$?)([A-Z]{1,3})(\$?)(\d+)", ref)
    col, row = column_index_from_string(m.group(2)), int(m.group(4))
    return f"{get_column_letter(col if m.group(1) else col + cols)}{row if m.group(3) else row + rows}"


def rule_colour(ws, cell_ref: str) -> str | None:
    """The fill (ARGB, e.g. 'FFDDEBF7') of the first rule that holds for the cell, None when no
    rule over it holds. `ws` is a worksheet loaded with data_only=True (cached values)."""
    m = re.fullmatch(r"([A-Z]{1,3})(\d+)", cell_ref)
    col, row = column_index_from_string(m.group(1)), int(m.group(2))
    candidates = []
    for cf_range, rules in ws.conditional_formatting._cf_rules.items():
        for area in str(cf_range.sqref).split():
            c1, r1, c2, r2 = range_boundaries(area)
            if c1 <= col <= c2 and r1 <= row <= r2:
                candidates += [(rule.priority, rule, r1, c1) for rule in rules]
                break
    for _, rule, top, left in sorted(candidates, key=lambda x: x[0]):
        def value_at(ref, top=top, left=left):
            # a reference in a rule is relative to the range's first cell
            shifted = _shift(ref, row - top, col - left)
            return ws[shifted].value
        if rule.type == "expression":
            hit = bool(_Parser(rule.formula[0], value_at).parse())
        elif rule.type == "cellIs" and rule.operator == "equal":
            hit = _compare(ws[cell_ref].value, "=", _Parser(rule.formula[0], value_at).parse())
        else:
            raise Unreadable(f"regola {rule.type}/{rule.operator}")
        if hit:
            fill = rule.dxf.fill if rule.dxf is not None else None
            if fill is None:
                return None
            # a dxf's solid fill is its background colour (XlsxWriter writes only that one)
            colours = [c.rgb for c in (fill.bgColor, fill.fgColor) if isinstance(c.rgb, str) and c.rgb != "00000000"]
            return colours[0] if colours else None
    return None
