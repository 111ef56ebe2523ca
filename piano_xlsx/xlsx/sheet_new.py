"""Worksheet parts that piano-xlsx owns (Riepilogo, Anomalie), written as XML text,
and the <c> elements it puts in the office's table. Text is always written as text
(inline strings): a value starting with '=' never becomes a formula."""

from __future__ import annotations

import math
import re

from .edit import xml_attr, xml_text
from .refs import a1, col_letter, parse_a1
from .textfit import chars_on_a_line, row_height, text_lines

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
MAX_TEXT = 32767


_NEEDS_CARE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff&<>]")


def _text(value: str) -> str:
    if _NEEDS_CARE.search(value) is None:  # the usual text: nothing to escape or replace
        return value if len(value) <= MAX_TEXT else value[:MAX_TEXT]
    if _INVALID_XML.search(value):
        value = _INVALID_XML.sub(lambda m: f"_x{ord(m.group()):04X}_", value)
    if len(value) > MAX_TEXT:
        value = value[:MAX_TEXT]
    if "&" in value or "<" in value or ">" in value:
        return xml_text(value)
    return value


def cell_xml(row: int, col: int, value, style: int | None = None, formula: str | None = None,
             prefix: str = "") -> str:
    """One <c> element. With a formula, `value` is its cached value."""
    if type(row) is not int or row < 1:  # noqa: E721  (bool is not a row number)
        raise ValueError(f"row number must be a positive integer, got {row!r}")
    ref = f"{col_letter(col)}{row}"
    s = f' s="{style}"' if style else ""
    c = f"{prefix}c"
    if formula is None and type(value) is str and value:  # the commonest cell: text
        return (f'<{c} r="{ref}"{s} t="inlineStr"><{prefix}is><{prefix}t xml:space="preserve">{_text(value)}'
                f"</{prefix}t></{prefix}is></{c}>")
    if formula is not None:
        f = f"<{prefix}f>{xml_text(formula)}</{prefix}f>"
        if isinstance(value, bool):
            return f'<{c} r="{ref}"{s} t="b">{f}<{prefix}v>{int(value)}</{prefix}v></{c}>'
        if isinstance(value, (int, float)):
            if not math.isfinite(value):
                raise ValueError("non-finite cached value")
            return f'<{c} r="{ref}"{s}>{f}<{prefix}v>{_num(value)}</{prefix}v></{c}>'
        text = "" if value is None else str(value)
        if not text:  # no cached value: Excel writes no empty <v></v> (which made the next run rewrite the sheet)
            return f'<{c} r="{ref}"{s} t="str">{f}</{c}>'
        return f'<{c} r="{ref}"{s} t="str">{f}<{prefix}v>{_text(text)}</{prefix}v></{c}>'
    if value is None or value == "":
        return f'<{c} r="{ref}"{s}/>' if style else ""
    if isinstance(value, bool):
        return f'<{c} r="{ref}"{s} t="b"><{prefix}v>{int(value)}</{prefix}v></{c}>'
    if isinstance(value, (int, float)):
        if not math.isfinite(value):
            raise ValueError("non-finite value")
        return f'<{c} r="{ref}"{s}><{prefix}v>{_num(value)}</{prefix}v></{c}>'
    return (f'<{c} r="{ref}"{s} t="inlineStr"><{prefix}is><{prefix}t xml:space="preserve">{_text(str(value))}'
            f"</{prefix}t></{prefix}is></{c}>")


def _num(value) -> str:
    if isinstance(value, int) or float(value).is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(float(value))


class NewSheet:
    """A worksheet built cell by cell, serialised in schema order."""

    def __init__(self) -> None:
        self.rows: dict[int, dict[int, str]] = {}  # row -> column -> the cell's XML
        self.merges: list[str] = []
        self.widths: dict[int, float] = {}
        self.heights: dict[int, float] = {}
        self.hidden_rows: set[int] = set()
        self.freeze: tuple[int, int] | None = None  # first unfrozen (row, col)
        self.autofilter: str | None = None
        self.hyperlinks: list[tuple[str, str, str]] = []  # (ref, location, tooltip)
        self.conditional: list[tuple[str, list[str]]] = []
        self.drawing_rid: str | None = None
        self.selected = False
        self.landscape = True
        self.fit_width = 1  # pages wide the sheet is printed on (fitToWidth)
        # the printed page's footer, in Excel's codes: the sheet's name left, the page number right
        self.footer: str | None = "&L&A&RPagina &P di &N"
        self.tab_color: str | None = None
        self.texts: dict[tuple[int, int], str] = {}
        self._tails: dict[tuple, str] = {}  # (type, value, style) -> a cell's XML after its reference

    def put(self, row: int, col: int, value, style: int | None = None, formula: str | None = None) -> None:
        self._store(self._row(row), row, col, value, cell_xml(row, col, value, style, formula))

    def put_row(self, row: int, values) -> None:
        """put() for the cells of one row, (column, value, style) each, without formulas: the
        same XML, but a value met before with the same style (a status, 100%) is serialised once."""
        cells = self._row(row)
        tails = self._tails
        texts = self.texts
        number = str(row)
        # _store inline: the Storico puts 270,000 cells in December at 10,000 indicators
        for col, value, style in values:
            key = (type(value), value, style)
            tail = tails.get(key)
            if tail is None:
                xml = cell_xml(1, 1, value, style)
                tail = xml[len('<c r="A1"'):] if xml else ""
                if len(tails) < 100_000 and not (type(value) is str and len(value) > 60):
                    tails[key] = tail
            if tail:
                cells[col] = f'<c r="{col_letter(col)}{number}"{tail}'
            else:
                cells.pop(col, None)
            if type(value) is str:
                texts[(row, col)] = value  # for fit_rows
            elif texts:
                texts.pop((row, col), None)

    def _row(self, row: int) -> dict[int, str]:
        cells = self.rows.get(row)
        if cells is None:
            cells = self.rows[row] = {}
        return cells

    def _store(self, cells: dict[int, str], row: int, col: int, value, xml: str) -> None:
        if xml:
            cells[col] = xml
        else:
            cells.pop(col, None)
        if type(value) is str:
            self.texts[(row, col)] = value  # for fit_rows
        elif self.texts:
            self.texts.pop((row, col), None)

    def fit_rows(self, wrapped_cols: set[int], size: float = 11) -> None:
        """Row heights for wrapped text (of `size` points, not bold): viewers do not re-measure rows
        when they open a file (xlsx/textfit.py)."""
        spans = {}  # (row, col) of a merge's top-left cell -> the columns it spans
        for ref in self.merges:
            (r1, c1), (_, c2) = (parse_a1(x) for x in ref.split(":"))
            spans[(r1, c1)] = range(c1, c2 + 1)
        one_line: dict[float, int] = {}  # width -> the characters that fit on a line whatever they are
        for (row, col), text in self.texts.items():
            if col not in wrapped_cols:
                continue
            width = sum(self.widths.get(c, 8.43) for c in spans.get((row, col), (col,)))
            fits = one_line.get(width)
            if fits is None:
                fits = one_line[width] = chars_on_a_line(width, size)
            if len(text) <= fits and "\n" not in text:
                continue  # one line: no height to set (the Riepilogo's 10,000 changes in December)
            lines = text_lines(text, width, size)
            height = row_height(lines, size)
            if lines > 1 and height > self.heights.get(row, 0):
                self.heights[row] = height

    def pages_wide(self, repeated: int = 0, page: float = 180) -> int:
        """Pages wide for text of about 8.5 points on A4 landscape (`page` characters of column
        width a page), the first `repeated` columns printed again on every page: 1 while the
        sheet prints at 7 points or more on one page."""
        total = sum(self.widths.get(c, 8.43) for c in range(1, self.max_col() + 1))
        if total <= page * 1.2:
            return 1
        titles = sum(self.widths.get(c, 8.43) for c in range(1, repeated + 1))
        return max(1, math.ceil((total - titles) / max(page - titles, page / 3)))

    def merge(self, r1: int, c1: int, r2: int, c2: int) -> None:
        self.merges.append(f"{a1(r1, c1)}:{a1(r2, c2)}")

    def max_row(self) -> int:
        return max((r for r, cells in self.rows.items() if cells), default=1)

    def max_col(self) -> int:
        return max((max(cells) for cells in self.rows.values() if cells), default=1)

    def xml(self) -> str:
        parts = [f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{MAIN_NS}" '
                 f'xmlns:r="{R_NS}">']
        parts.append("<sheetPr>" + (f'<tabColor rgb="FF{self.tab_color}"/>' if self.tab_color else "")
                     + '<pageSetUpPr fitToPage="1"/></sheetPr>')
        parts.append(f'<dimension ref="A1:{a1(self.max_row(), self.max_col())}"/>')
        view = '<sheetView workbookViewId="0"' + (' tabSelected="1"' if self.selected else "") + ">"
        if self.freeze:
            row, col = self.freeze
            top_left = a1(row, col)
            attrs = ""
            if col > 1:
                attrs += f' xSplit="{col - 1}"'
            if row > 1:
                attrs += f' ySplit="{row - 1}"'
            pane = "bottomRight" if row > 1 and col > 1 else ("bottomLeft" if row > 1 else "topRight")
            view += f'<pane{attrs} topLeftCell="{top_left}" activePane="{pane}" state="frozen"/>'
            view += f'<selection pane="{pane}" activeCell="{top_left}" sqref="{top_left}"/>'
        view = view[:-1] + "/>" if view.endswith('">') else view + "</sheetView>"  # '<a/>' when empty, as Excel
        parts.append(f"<sheetViews>{view}</sheetViews>")
        parts.append('<sheetFormatPr defaultRowHeight="15"/>')
        if self.widths:
            parts.append("<cols>" + "".join(f'<col min="{c}" max="{c}" width="{w:g}" customWidth="1"/>'
                                            for c, w in sorted(self.widths.items())) + "</cols>")
        data = []
        heights = self.heights
        for r in sorted(self.rows):
            cells = self.rows[r]
            if not cells:
                continue
            height = f' ht="{heights[r]:g}" customHeight="1"' if r in heights else ""
            if r in self.hidden_rows:
                height += ' hidden="1"'
            data.append(f'<row r="{r}"{height}>' + "".join([cells[c] for c in sorted(cells)]) + "</row>")
        parts.append("<sheetData>" + "".join(data) + "</sheetData>")
        if self.autofilter:
            parts.append(f'<autoFilter ref="{self.autofilter}"/>')
        if self.merges:
            parts.append(f'<mergeCells count="{len(self.merges)}">'
                         + "".join(f'<mergeCell ref="{m}"/>' for m in self.merges) + "</mergeCells>")
        for sqref, rules in self.conditional:
            parts.append(f'<conditionalFormatting sqref="{sqref}">' + "".join(rules) + "</conditionalFormatting>")
        if self.hyperlinks:
            parts.append("<hyperlinks>" + "".join(
                f'<hyperlink ref="{ref}" location={xml_attr(loc)} display={xml_attr(tip)}/>'
                for ref, loc, tip in self.hyperlinks) + "</hyperlinks>")
        parts.append('<printOptions gridLines="0"/>')
        parts.append('<pageMargins left="0.4" right="0.4" top="0.5" bottom="0.5" header="0.3" footer="0.3"/>')
        parts.append('<pageSetup paperSize="9"' + (' orientation="landscape"' if self.landscape else "")
                     + f' fitToWidth="{self.fit_width}" fitToHeight="0"/>')
        if self.footer:
            parts.append(f"<headerFooter><oddFooter>{xml_text(self.footer)}</oddFooter></headerFooter>")
        if self.drawing_rid:
            parts.append(f'<drawing r:id="{self.drawing_rid}"/>')
        parts.append("</worksheet>")
        return "".join(parts)


def quote_sheet(name: str) -> str:
    """A sheet name as formulas and links need it: 'Tabella di collegamento'."""
    return "'" + name.replace("'", "''") + "'"


def absolute(row: int, col: int) -> str:
    return f"${col_letter(col)}${row}"
