"""Textual edits of an existing worksheet part: cells in owned columns, widths,
conditional formats, view flags. Everything else in the part is kept as written."""

from __future__ import annotations

import re

from . import xmlns
from .edit import CannotWriteBack, attributes, xml_text, xml_unescape
from .refs import MAX_COL, col_index, col_letter, parse_a1

P = r"(?:[\w.-]+:)?"
# CT_Worksheet's child order (ECMA-376 part 1, 18.3.1.99)
ORDER = ("sheetPr", "dimension", "sheetViews", "sheetFormatPr", "cols", "sheetData", "sheetCalcPr",
         "sheetProtection", "protectedRanges", "scenarios", "autoFilter", "sortState", "dataConsolidate",
         "customSheetViews", "mergeCells", "phoneticPr", "conditionalFormatting", "dataValidations", "hyperlinks",
         "printOptions", "pageMargins", "pageSetup", "headerFooter", "rowBreaks", "colBreaks", "customProperties",
         "cellWatches", "ignoredErrors", "smartTags", "drawing", "legacyDrawing", "legacyDrawingHF", "drawingHF",
         "picture", "oleObjects", "controls", "webPublishItems", "tableParts", "extLst")

# the row's content is matched as "anything but </row>" unrolled ([^<]* runs), not as a lazy .*?
_ROW = re.compile(r"<(" + P + r")row\b([^>]*?)(/>|>([^<]*(?:<(?!/" + P + r"row>)[^<]*)*)</" + P + r"row>)")
_CELL_NAME = re.compile(r"<" + P + r"c")
_CELL = re.compile(r"<" + P + r"c\b([^>]*?)(?:/>|>.*?</" + P + r"c>)", re.S)
# every cell start tag, with its column letters ('' when the cell has no reference)
_CELL_COLUMNS = re.compile(r"<" + P + r"""c(?=[\s/>])(?:[^>]*?\br\s*=\s*["']\$?([A-Za-z]{1,3})\$?\d+["'])?""")
_ROW_NUMBER = re.compile(r"""\br\s*=\s*["'](\d+)["']""")
_SPANS = re.compile(r"""\sspans\s*=\s*(?:"[^"]*"|'[^']*')""")
_ANY_REF = re.compile(r"""\s+r\s*=\s*(?:"[^"]*"|'[^']*')""")
_CELL_REF = re.compile(r"""\br\s*=\s*["']\$?([A-Za-z]{1,3})\$?\d+["']""")
# a cell's reference letters, style and type, whatever their order
_CELL_HEAD = re.compile(r"""\s(?:r\s*=\s*["']\$?([A-Za-z]{1,3})\$?\d+|s\s*=\s*["'](\d+)|t\s*=\s*["'](\w+))["']""")
_VALUE = re.compile(r"<" + P + r"v>([^<]*)</" + P + r"v>")
_TEXT_RUN = re.compile(r"<" + P + r"t\b[^>]*>([^<]*)</" + P + r"t>")
_PHONETIC = re.compile(r"<" + P + r"rPh\b.*?</" + P + r"rPh>", re.S)
# a cell as Excel writes it, r, s and t in this order, a formula, a value or an inline string: the
# reference's letters, the style, the type, the value, the inline string's content
_EXCEL_CELL = re.compile(r'<c r="([A-Z]{1,3})\d+"(?: s="(\d+)")?(?: t="(\w+)")?(?:/>|>(?:<f>[^<]*</f>|<f [^>]*?/>|'
                         r'<f [^>]*>[^<]*</f>)?(?:<v>([^<]*)</v>)?(?:<is>([^<]*(?:<(?!/is>)[^<]*)*)</is>)?</c>)')


def _inline_text(xml: str) -> str:
    """The text an inline string shows: its runs, without the phonetic ones."""
    if "rPh" in xml:
        xml = _PHONETIC.sub("", xml)
    return xml_unescape("".join(_TEXT_RUN.findall(xml)))


_ROW_START = re.compile(r"<(" + P + r")row\b([^>]*?)(/?)>")
_HT = re.compile(r"""\s+ht\s*=\s*(?:"[^"]*"|'[^']*')""")
DEFAULT_WIDTH = 8.43  # Excel's width of a column the sheet says nothing about
_RULE_TAG = re.compile(r"<(/?)(?=(?:cfRule|formula)\b)")
_CF = re.compile(r"<" + P + r"conditionalFormatting\b([^>]*)>.*?</" + P + r"conditionalFormatting>", re.S)


SPARKLINE_URI = "{05C60535-1F16-4fd2-B633-F4F36F0B64E0}"
X14_NS = "http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"
XM_NS = "http://schemas.microsoft.com/office/excel/2006/main"
_SHEET_DATA = re.compile(r"<" + P + r"sheetData\b")
_TAB_SELECTED = re.compile(r"""(<""" + P + r"""sheetView\b[^>]*?)\s+tabSelected\s*=\s*["'](?:1|true)["']""")


def unselect_tab(text: str) -> str:
    """Clear a sheet's 'selected tab' flag (worksheets, chart sheets, macro sheets alike), so that
    only the sheet piano-xlsx puts first is selected: two selected tabs are grouped in Excel.
    The sheet views come before the cells, so a big sheet's cells are not scanned."""
    cells = _SHEET_DATA.search(text)
    head_end = cells.start() if cells else len(text)
    head = text[:head_end]
    new_head = _TAB_SELECTED.sub(r"\1", head)
    return text if new_head == head else new_head + text[head_end:]


def area_extent(area: str, first_row: int, last_row: int) -> int:
    """The last column of an A1 area ('H2:H12', 'B5', 'C:C') if it meets rows first_row..last_row
    and does not run to the sheet's last column; 0 otherwise."""
    m = re.fullmatch(r"\$?([A-Z]{1,3})\$?(\d*)(?::\$?([A-Z]{1,3})\$?(\d*))?", area.split("!")[-1].strip())
    if m is None:
        return 0
    c1, r1, c2, r2 = m.group(1), m.group(2), m.group(3) or m.group(1), m.group(4) if m.group(3) else m.group(2)
    top = int(r1) if r1 else 1
    bottom = int(r2) if r2 else 1048576
    col = max(col_index(c1), col_index(c2))
    if col >= 16384 or bottom < first_row or top > last_row:
        return 0
    return col


def _range_cols(ref: str) -> tuple[int, int]:
    """The first and last column of an A1 range ('B5', 'B5:D9', 'C:C'); every column for a range
    of whole rows ('5:5', as Excel writes a format over whole rows)."""
    parts = ref.split(":")
    m1 = re.match(r"\$?([A-Z]+)", parts[0])
    m2 = re.match(r"\$?([A-Z]+)", parts[-1])
    if m1 is None or m2 is None:
        return 1, MAX_COL
    c1 = col_index(m1.group(1))
    c2 = col_index(m2.group(1))
    return min(c1, c2), max(c1, c2)


def _start_attrs(element: str, local: str) -> dict[str, str]:
    """The attributes of the start tag of `element`, an element <local> that SheetEditor._find found."""
    m = re.match(r"<" + P + local + r"\b([^>]*)", element)
    assert m is not None  # _find's pattern starts with this one
    return attributes(m.group(1))


def _nth_match_start(inner: str, n: int) -> int | None:
    """Where the n-th (0-based) cell start tag of a row's content begins."""
    for i, m in enumerate(_CELL_COLUMNS.finditer(inner)):
        if i == n:
            return m.start()
    return None


# worksheet elements whose ref/sqref names cells without occupying them
_NOT_OCCUPYING = frozenset({"dimension", "selection", "ignoredError", "pane"})


_NAMESAKES: dict[str, re.Pattern[str]] = {}  # an element's name -> its start and end tags (SheetEditor._end_of)
# any start or end tag: '</' (group 1), the qualified name (2), '/' when it closes itself (3)
_TAG_ANY = re.compile(r"<(/?)((?:[\w.-]+:)?[\w.-]+)(?=[\s/>])[^>]*?(/?)>")


class _Element:
    """Where a child of the worksheet lies in the skeleton (as a match of its whole text would say)."""

    def __init__(self, doc: str, start: int, end: int):
        self._doc, self._start, self._end = doc, start, end

    def start(self) -> int:
        return self._start

    def end(self) -> int:
        return self._end

    def group(self, _: int = 0) -> str:
        return self._doc[self._start:self._end]


class SheetEditor:
    """Edits one worksheet part. The cells (<sheetData>, nearly all of a big sheet) are held
    apart while the elements around them are edited on a small skeleton, where a stub stands
    for them: no edit copies or scans the cells, and `text` puts them back."""

    def __init__(self, text: str, part: str):
        self.part = part
        m = re.search(r"<(" + P + r")sheetData\b([^>]*?)(/?)>", text)
        if m is None:
            raise CannotWriteBack(f"Il foglio ({part}) non ha la sezione dei dati: non viene modificato.")
        self.prefix = m.group(1)  # for rows and cells: sheetData's own prefix is bound inside it
        root = xmlns.root_tag(text)
        self.root_prefix = root.group(1) or ""  # for the worksheet's children
        if m.group(3) == "/":
            end = m.end()
            self._open_tag, self._cells, self._close_tag = f"<{self.prefix}sheetData{m.group(2)}>", "", None
        else:
            close = f"</{self.prefix}sheetData>"
            close_at = text.find(close, m.end())
            if close_at < 0:
                raise CannotWriteBack(f"Il foglio ({part}) non chiude la sezione dei dati: non viene modificato.")
            end = close_at + len(close)
            self._open_tag, self._cells, self._close_tag = m.group(0), text[m.end():close_at], close
        self._original_cells = text[m.start():end]
        self._stub = f"<{self.prefix}sheetData/>"
        self._doc = text[:m.start()] + self._stub + text[end:]
        self._cells_changed = False

    @property
    def text(self) -> str:
        """The whole part, cells included."""
        at = self._doc.index(self._stub)
        if self._cells_changed:
            cells = self._open_tag + self._cells + f"</{self.prefix}sheetData>"
        else:
            cells = self._original_cells
        return "".join((self._doc[:at], cells, self._doc[at + len(self._stub):]))

    # -- positions of top-level elements
    def _children(self, start: int = 0):
        """The worksheet's own children from `start` (0: the first; else where one begins), as (local
        name, start, end): what they hold is stepped over, not searched. A data bar's rule holds an
        <extLst> of its own, as Excel 2010 and later write it: a search for the first '<extLst' put
        piano-xlsx's conditional formats inside the office's rule (found in a trial: the file broke
        the schema and LibreOffice showed no colours)."""
        doc = self._doc
        pos = xmlns.root_tag(doc).end() if start == 0 else start
        while True:
            m = _TAG_ANY.search(doc, pos)
            if m is None or m.group(1):
                return  # the worksheet's end tag
            end = m.end() if m.group(3) else self._end_of(m.group(2), m.end())
            yield m.group(2).rpartition(":")[2], m.start(), end
            pos = end

    def _end_of(self, name: str, pos: int) -> int:
        """Where the element <name> opened before `pos` ends, its own nested namesakes stepped over."""
        depth = 1
        pattern = _NAMESAKES.get(name)
        if pattern is None:
            pattern = _NAMESAKES[name] = re.compile(r"<(/?)" + re.escape(name) + r"(?=[\s/>])[^>]*?(/?)>")
        for m in pattern.finditer(self._doc, pos):  # (from pos, not a copy of the rest: found in review)
            if m.group(1):
                depth -= 1
                if depth == 0:
                    return m.end()
            elif not m.group(2):
                depth += 1
        raise CannotWriteBack(f"Il foglio ({self.part}) non chiude l'elemento <{name}>: non viene modificato.")

    def _find(self, local: str) -> _Element | None:
        """The worksheet's child <local>, or None."""
        for name, start, end in self._children(self._tail_start(local)):
            if name == local:
                return _Element(self._doc, start, end)
        return None

    def _tail_start(self, local: str) -> int:
        """Where to start looking for `local` in the skeleton: elements that follow the cells
        are looked for after them."""
        if ORDER.index(local) > ORDER.index("sheetData"):
            return self._doc.index(self._stub) + len(self._stub)
        return 0

    def _insert_at_order(self, local: str, element: str) -> None:
        """Insert a top-level element where the schema wants it: after every element that must precede."""
        later = set(ORDER[ORDER.index(local) + 1:])
        # the first of the later children (what they hold is stepped over: the sparklines of 10,000 rows)
        best = next((start for name, start, _ in self._children() if name in later), None)
        if best is None:
            best = self._doc.rindex("</" + self.root_prefix + "worksheet")
        self._doc = self._doc[:best] + element + self._doc[best:]

    # -- cells
    def replace_cells(self, columns: set[int], first_row: int, last_row: int,
                      cells: dict[tuple[int, int], str]) -> None:
        """Remove every cell of `columns` in rows first_row..last_row, then put `cells`
        ((row, col) -> the <c> element's XML) in column order, adding rows as needed."""
        by_row: dict[int, dict[int, str]] = {}
        for (row, col), xml in cells.items():
            by_row.setdefault(row, {})[col] = xml
        self.replace_rows(columns, first_row, last_row, by_row)

    def replace_rows(self, columns: set[int], first_row: int, last_row: int,
                     by_row: dict[int, dict[int, str]]) -> None:
        """replace_cells with the new cells already grouped: row -> column -> XML (consumed)."""
        inner = self._cells
        first_column = min(columns, default=None)
        out = []
        pos = 0
        row_number = 0
        pending = sorted(by_row)
        next_pending = 0
        for rm in _ROW.finditer(inner):
            rr = _ROW_NUMBER.search(rm.group(2))
            row_number = int(rr.group(1)) if rr else row_number + 1
            while next_pending < len(pending) and pending[next_pending] < row_number:
                out.append(inner[pos:rm.start()])
                pos = rm.start()
                row = pending[next_pending]
                out.append(self._new_row(row, by_row.pop(row)))
                next_pending += 1
            if not (first_row <= row_number <= last_row) and row_number not in by_row:
                continue
            out.append(inner[pos:rm.start()])
            out.append(self._rebuild_row(rm, row_number, columns, first_column, by_row.pop(row_number, {})))
            pos = rm.end()
            if next_pending < len(pending) and pending[next_pending] == row_number:
                next_pending += 1
        out.append(inner[pos:])
        for row in pending[next_pending:]:
            out.append(self._new_row(row, by_row[row]))
        self._cells = "".join(out)
        self._cells_changed = True

    def _new_row(self, row: int, cells: dict[int, str]) -> str:
        body = "".join(cells[c] for c in sorted(cells))
        return f'<{self.prefix}row r="{row}">{body}</{self.prefix}row>'

    def _rebuild_row(self, rm, row_number: int, columns: set[int], first_column: int | None,
                     new_cells: dict[int, str]) -> str:
        prefix, attrs_text, inner = rm.group(1), rm.group(2), rm.group(4) or ""
        if "spans" in attrs_text:
            attrs_text = _SPANS.sub("", attrs_text)
        if not _ROW_NUMBER.search(attrs_text):
            attrs_text = f' r="{row_number}"' + _ANY_REF.sub("", attrs_text)
        body = self._fast_body(inner, columns, first_column, new_cells)
        if body is None:
            kept: list[tuple[int, str]] = []
            col = 0
            for cm in _CELL.finditer(inner):
                ref = _CELL_REF.search(cm.group(1))
                col = col_index(ref.group(1)) if ref else col + 1
                if col in columns or col in new_cells:
                    continue
                xml = cm.group(0)
                if ref is None:  # its column came from its position, which may change now: say it
                    name = _CELL_NAME.match(xml)
                    assert name is not None  # _CELL's match starts with it
                    at = name.end()
                    head_end = xml.find(">", at)
                    # an empty or unreadable r="" goes: the cell gets one reference, not two
                    head = _ANY_REF.sub("", xml[at:head_end])
                    xml = f'{xml[:at]} r="{col_letter(col)}{row_number}"{head}{xml[head_end:]}'
                kept.append((col, xml))
            merged = kept + list(new_cells.items())
            merged.sort(key=lambda item: item[0])
            body = "".join(xml for _, xml in merged)
        if not body and rm.group(3) == "/>":
            return rm.group(0)
        return f"<{prefix}row{attrs_text}>{body}</{prefix}row>"

    @staticmethod
    def _fast_body(inner: str, columns: set[int], first_column: int | None, new_cells: dict[int, str]) -> str | None:
        """The usual cases in one step, when every cell of the row names its column: all of them
        lie left of the columns being written (the row's text is kept whole and the new cells
        follow it), or the only ones from there on are in those columns (a rerun: the text up
        to them is kept). None when the row needs the cell-by-cell path."""
        if "extLst" in inner:
            return None
        letters = _CELL_COLUMNS.findall(inner)
        if "" in letters:
            return None  # a cell placed by its position: the cell-by-cell path gives it a reference
        first_new = min(new_cells) if new_cells else None
        if first_new is None or (first_column is not None and first_column < first_new):
            first_new = first_column
        tail = "".join([new_cells[c] for c in sorted(new_cells)]) if new_cells else ""
        if first_new is None or not letters:
            return inner + tail
        cols = list(map(col_index, letters))
        if max(cols) < first_new:
            return inner + tail
        # cells from first_new on: all to be replaced, and after every kept one?
        cut = next(i for i, c in enumerate(cols) if c >= first_new)
        if any(c not in columns and c not in new_cells for c in cols[cut:]) or max(cols[:cut], default=0) >= first_new \
                or any(b <= a for a, b in zip(cols, cols[1:])):
            return None
        start = _nth_match_start(inner, cut)
        return None if start is None else inner[:start] + tail

    def extend_dimension(self, max_row: int, max_col: int) -> None:
        m = re.search(r"<(" + P + r")dimension\b[^>]*ref=\"([^\"]+)\"[^>]*/>", self._doc)
        if m is None:
            return
        ref = m.group(2)
        first = ref.split(":")[0]
        last = ref.split(":")[-1]
        try:
            r2, c2 = parse_a1(last)
        except ValueError:
            return
        new = f"{first}:{col_letter(max(c2, max_col))}{max(r2, max_row)}"
        self._doc = self._doc[:m.start(2)] + new + self._doc[m.end(2):]

    def set_widths(self, widths: dict[int, float]) -> None:
        """Column widths for owned columns, unless the office set a width there already."""
        m = self._find("cols")
        existing: list[tuple[int, int]] = []
        if m is not None:
            for cm in re.finditer(r"<" + P + r"col\b([^>]*)/>", m.group(0)):
                a = attributes(cm.group(1))
                existing.append((int(a.get("min", 0)), int(a.get("max", 0))))
        # the new <col> elements take the prefix of the <cols> they go into
        cols_tag = re.match(r"<(" + P + r")cols\b", m.group(0)) if m is not None else None  # _find found <cols>
        prefix = cols_tag.group(1) if cols_tag is not None else self.root_prefix
        new = [f'<{prefix}col min="{c}" max="{c}" width="{w:g}" customWidth="1"/>'
               for c, w in sorted(widths.items()) if not any(lo <= c <= hi for lo, hi in existing)]
        if not new:
            return
        if m is None:
            self._insert_at_order("cols", f"<{prefix}cols>{''.join(new)}</{prefix}cols>")
            return
        block = m.group(0)
        cols = re.findall(r"<" + P + r"col\b[^>]*/>", block)
        all_cols = cols + new
        all_cols.sort(key=lambda x: int(attributes(x)["min"]))
        open_m = re.match(r"<" + P + r"cols\b[^>]*>", block)
        assert open_m is not None  # block is the <cols> element _find found
        open_tag = open_m.group(0)
        if open_tag.endswith("/>"):  # an empty <cols/>: it gets children, so a start tag
            open_tag = open_tag[:-2].rstrip() + ">"
        self._doc = self._doc[:m.start()] + open_tag + "".join(all_cols) + f"</{prefix}cols>" + \
            self._doc[m.end():]

    # -- conditional formatting
    def remove_conditional_formats_within(self, columns: set[int]) -> None:
        """Remove piano-xlsx's own conditional formats: one range in one of its columns, each rule an
        expression on that column's first cell. A person's format over those cells stays."""
        def owned(cf) -> bool:
            sqref = attributes(cf.group(1)).get("sqref", "")
            refs = sqref.split()
            if len(refs) != 1:
                return False
            lo, hi = _range_cols(refs[0])
            if lo != hi or lo not in columns:
                return False
            first = refs[0].split(":")[0].replace("$", "")
            rules = re.findall(r"<" + P + r"cfRule\b([^>]*)>", cf.group(0))
            formulas = re.findall(r"<" + P + r"formula>([^<]*)</" + P + r"formula>", cf.group(0))
            return bool(rules) and all('type="expression"' in r for r in rules) and len(formulas) == len(rules) \
                and all(re.search(r"(?<![A-Z$])" + re.escape(first) + r"(?!\d)", f) for f in formulas)
        start = self._tail_start("conditionalFormatting")
        self._doc = self._doc[:start] + _CF.sub(lambda cf: "" if owned(cf) else cf.group(0), self._doc[start:])

    def occupied_extent(self, first_row: int, last_row: int) -> int:
        """The last column holding anything of the office's in rows first_row..last_row (where
        piano-xlsx would write): any cell (an empty one with a format too), merges, conditional
        formats, data validations (Excel 2010's included), sparklines, hyperlinks, the autofilter.
        Ranges that run to the last column (whole rows) are left out: they cover every column
        whatever the placement. What lies in other rows (a cell at XFD1048576) does not count."""
        best = 0
        for rm in _ROW.finditer(self._cells):
            rr = _ROW_NUMBER.search(rm.group(2))
            if rr is None or not first_row <= int(rr.group(1)) <= last_row:
                continue
            for letters in _CELL_COLUMNS.findall(rm.group(4) or ""):
                if letters:
                    best = max(best, col_index(letters))
        skeleton = self._doc
        # what marks a place without putting anything there is left out (found in review: an
        # active cell at AZ2 or the used range's <dimension> pushed the columns far right)
        refs = [m.group(2) for m in re.finditer(
            r"<" + P + r"""(\w+)\b[^>]*?\b(?:sqref|ref)\s*=\s*["']([^"']+)["']""", skeleton)
            if m.group(1) not in _NOT_OCCUPYING]
        refs += re.findall(r"<" + P + r"sqref>([^<]+)</" + P + r"sqref>", skeleton)
        for text in refs:
            for area in text.split():
                best = max(best, area_extent(area, first_row, last_row))
        return best

    def max_priority(self) -> int:
        """The highest rule priority in the sheet (its rules, Excel's x14 ones included, follow the cells)."""
        tail = self._doc[self._tail_start("conditionalFormatting"):]
        return max([int(x) for x in re.findall(r'<' + P + r'cfRule\b[^>]*priority="(\d+)"', tail)] or [0])

    def add_conditional_format(self, sqref: str, rules: list[str]) -> None:
        p = self.root_prefix
        if p:  # the rules are written unprefixed: here they go into a sheet that names its namespace
            rules = [_RULE_TAG.sub(lambda m: f"<{m.group(1)}{p}", rule) for rule in rules]
        element = f'<{p}conditionalFormatting sqref="{sqref}">' + "".join(rules) + f"</{p}conditionalFormatting>"
        self._insert_at_order("conditionalFormatting", element)

    # -- sparklines (Excel 2010 extension, kept in the worksheet's extLst)
    def set_sparklines(self, sparklines: list[tuple[str, str]], columns: set[int]) -> None:
        """Replace piano-xlsx's sparkline group (the one drawn in `columns`) with `sparklines`
        ((cell, data range) pairs); the office's own sparklines are left alone."""
        self._remove_sparkline_groups_within(columns)
        if not sparklines:
            return
        group = (f'<x14:sparklineGroup xmlns:x14="{X14_NS}" xmlns:xm="{XM_NS}" displayEmptyCellsAs="gap" '
                 'markers="1"><x14:colorSeries rgb="FF376092"/><x14:colorNegative rgb="FFD00000"/>'
                 '<x14:colorAxis rgb="FF000000"/><x14:colorMarkers rgb="FF376092"/><x14:colorFirst rgb="FFD00000"/>'
                 '<x14:colorLast rgb="FFD00000"/><x14:colorHigh rgb="FFD00000"/><x14:colorLow rgb="FFD00000"/>'
                 '<x14:sparklines>'
                 + "".join(f"<x14:sparkline><xm:f>{xml_text(data)}</xm:f><xm:sqref>{cell}</xm:sqref></x14:sparkline>"
                           for cell, data in sparklines)
                 + "</x14:sparklines></x14:sparklineGroup>")
        ext_list = self._find("extLst")
        ext = re.search(r'<(' + P + r')ext\b[^>]*uri="' + re.escape(SPARKLINE_URI) + r'"[^>]*>(.*?)</' + P + r'ext>',
                        ext_list.group(0), re.S) if ext_list is not None else None
        if ext_list is not None and ext is not None:
            inner_start = ext_list.start() + ext.start(2)
            inner = ext.group(2)
            groups = re.search(r"<(" + P + r")sparklineGroups\b[^>]*>", inner)
            if groups is not None:
                at = inner_start + groups.end()
                self._doc = self._doc[:at] + group + self._doc[at:]
                return
        p = self.root_prefix
        block = (f'<{p}ext uri="{SPARKLINE_URI}" xmlns:x14="{X14_NS}">'
                 f'<x14:sparklineGroups xmlns:xm="{XM_NS}">{group}</x14:sparklineGroups></{p}ext>')
        if ext_list is not None:
            at = self._doc.index(">", ext_list.start()) + 1  # after its start tag
            self._doc = self._doc[:at] + block + self._doc[at:]
        else:
            self._insert_at_order("extLst", f"<{p}extLst>{block}</{p}extLst>")

    def _remove_sparkline_groups_within(self, columns: set[int]) -> None:
        start = self._tail_start("extLst")
        tail = self._doc[start:]
        pattern = re.compile(r"<(" + P + r")sparklineGroup\b.*?</\1sparklineGroup>", re.S)

        def owned(m) -> bool:
            refs = re.findall(r"<" + P + r"sqref>([^<]*)</" + P + r"sqref>", m.group(0))
            cells = [ref for r in refs for ref in r.split()]
            data = re.findall(r"<" + P + r"f>([^<]*)</" + P + r"f>", m.group(0))
            # piano-xlsx's trends: in its columns, drawn from its Storico sheet
            return bool(cells) and all(_range_cols(c)[0] in columns for c in cells) and bool(data) and all(
                d.startswith(("Storico!", "'Storico'!")) for d in data)

        new_tail = pattern.sub(lambda m: "" if owned(m) else m.group(0), tail)
        # an extension left empty by the removal goes too, and so does an empty extLst
        new_tail = re.sub(r'<(' + P + r')ext\b[^>]*uri="' + re.escape(SPARKLINE_URI) + r'"[^>]*>\s*<(' + P +
                          r')sparklineGroups\b[^>]*>\s*</\2sparklineGroups>\s*</\1ext>', "", new_tail)
        new_tail = re.sub(r"<(" + P + r")extLst\b[^>]*>\s*</\1extLst>", "", new_tail)
        self._doc = self._doc[:start] + new_tail

    # -- row heights
    def column_widths(self) -> tuple[dict[int, float], float]:
        """The widths the sheet gives its columns (a hidden column: 0) and the width of the others."""
        widths: dict[int, float] = {}
        m = self._find("cols")
        for cm in re.finditer(r"<" + P + r"col\b([^>]*)/?>", m.group(0) if m is not None else ""):
            a = attributes(cm.group(1))
            try:
                lo, hi = int(a.get("min", 0)), int(a.get("max", 0))
                width = 0.0 if a.get("hidden") in ("1", "true") else float(a.get("width", DEFAULT_WIDTH))
            except ValueError:
                continue
            for c in range(max(lo, 1), min(hi, lo + 16384) + 1):
                widths[c] = width
        default = DEFAULT_WIDTH
        fm = self._find("sheetFormatPr")
        if fm is not None:
            a = _start_attrs(fm.group(0), "sheetFormatPr")
            try:
                if "defaultColWidth" in a:
                    default = float(a["defaultColWidth"])
                elif "baseColWidth" in a:
                    default = float(a["baseColWidth"]) + 0.71
            except ValueError:
                pass
        return widths, default

    def default_row_height(self) -> float:
        fm = self._find("sheetFormatPr")
        if fm is not None:
            m = re.search(r"""\bdefaultRowHeight\s*=\s*["']([\d.]+)["']""", fm.group(0))
            if m:
                return float(m.group(1))
        return 15.0

    def merged_areas(self) -> list[tuple[int, int, int, int]]:
        """The merged areas, (first row, first column, last row, last column) each."""
        m = self._find("mergeCells")
        out = []
        for ref in re.findall(r"""<""" + P + r"""mergeCell\b[^>]*\bref\s*=\s*["']([^"']+)["']""",
                              m.group(0) if m is not None else ""):
            parts = ref.replace("$", "").split(":")
            try:
                (r1, c1), (r2, c2) = parse_a1(parts[0]), parse_a1(parts[-1])
            except ValueError:
                continue
            out.append((min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2)))
        return out

    def rows_in(self, first_row: int, last_row: int):
        """(row number, the row's attributes, its content) of the rows first_row..last_row that the
        sheet holds; `cells_of` reads the content's cells, when they are needed."""
        row_number = 0
        for rm in _ROW.finditer(self._cells):
            rr = _ROW_NUMBER.search(rm.group(2))
            row_number = int(rr.group(1)) if rr else row_number + 1
            if row_number < first_row:
                continue
            if row_number > last_row:
                break
            yield row_number, attributes(rm.group(2)), rm.group(4) or ""

    @staticmethod
    def cells_of(content: str) -> list[tuple[int, int, str | None, str]]:
        """A row's cells as (column, style index, text or None, kind): the text of an inline string
        or of a formula's text result, the index (as text) of a shared string (kind 's'); None for
        numbers, booleans and errors."""
        found = _EXCEL_CELL.findall(content)
        if len(found) == content.count("<c ") + content.count("<c>"):  # every cell in Excel's own form
            return [(col_index(letters), int(style) if style else 0,
                     (_inline_text(inline) if kind == "inlineStr" else
                      xml_unescape(value) if kind in ("s", "str") and value else None), kind or "n")
                    for letters, style, kind, value, inline in found]
        cells = []
        col = 0
        for cm in _CELL.finditer(content):
            ref = style = kind = None
            for r, s, t in _CELL_HEAD.findall(cm.group(1)):
                ref, style, kind = ref or r, style or s, kind or t
            col = col_index(ref) if ref else col + 1
            kind = kind or "n"
            text = None
            if kind == "inlineStr":
                text = _inline_text(cm.group(0))
            elif kind in ("s", "str"):
                v = _VALUE.search(cm.group(0))
                text = xml_unescape(v.group(1)) if v else None
            cells.append((col, int(style) if style else 0, text, kind))
        return cells

    def set_row_heights(self, heights: dict[int, float]) -> None:
        """Give rows a height (ht, in points): the row's other attributes stay as they are (no
        customHeight is added: the row keeps fitting its text in Excel when it is edited)."""
        if not heights:
            return
        out, pos, row_number = [], 0, 0
        for rm in _ROW_START.finditer(self._cells):
            rr = _ROW_NUMBER.search(rm.group(2))
            row_number = int(rr.group(1)) if rr else row_number + 1
            height = heights.get(row_number)
            if height is None:
                continue
            attrs = _HT.sub("", rm.group(2))
            out.append(self._cells[pos:rm.start()])
            out.append(f'<{rm.group(1)}row{attrs} ht="{height:g}"{rm.group(3)}>')
            pos = rm.end()
        if out:
            out.append(self._cells[pos:])
            self._cells = "".join(out)
            self._cells_changed = True

    # -- view and print
    def unselect_tab(self) -> None:
        self._doc = unselect_tab(self._doc)

    def fit_to_width(self) -> tuple[int, int | None, bool, int] | None:
        """(pages wide, paper size, landscape, pages tall) when the sheet prints fitted to pages
        (sheetPr's fitToPage with pageSetup's fitToWidth and fitToHeight, 1 when not written; 0
        tall: as many as needed); None otherwise."""
        pr = self._find("sheetPr")
        if pr is None or not re.search(r"""<""" + P + r"""pageSetUpPr\b[^>]*\bfitToPage\s*=\s*["'](1|true)["']""",
                                       pr.group(0)):
            return None
        setup = self._find("pageSetup")
        a = _start_attrs(setup.group(0), "pageSetup") if setup else {}
        try:
            wide = int(a.get("fitToWidth", "1"))
            tall = int(a.get("fitToHeight", "1"))
            paper = int(a["paperSize"]) if "paperSize" in a else None
        except ValueError:
            return None
        return wide, paper, a.get("orientation") == "landscape", tall

    def margins(self) -> tuple[float, float]:
        """(left, right) print margins in inches (Excel's defaults when not written)."""
        m = self._find("pageMargins")
        a = _start_attrs(m.group(0), "pageMargins") if m else {}
        try:
            return float(a.get("left", 0.7)), float(a.get("right", 0.7))
        except ValueError:
            return 0.7, 0.7

    def set_fit_to_width(self, pages: int) -> None:
        """Print `pages` pages wide, left to right before going down (the sheet already fits to
        pages: fit_to_width is not None)."""
        setup = self._find("pageSetup")
        assert setup is not None  # fit_to_width's pages tall were 0, which only a <pageSetup> says
        element = setup.group(0)
        head_m = re.match(r"<" + P + r"pageSetup\b[^>]*?(?=/?>)", element)
        assert head_m is not None  # setup is a <pageSetup> element
        head = head_m.group(0)
        rest = element[len(head):]
        head = re.sub(r"""\s(fitToWidth|pageOrder)\s*=\s*("[^"]*"|'[^']*')""", "", head)
        head += f' fitToWidth="{pages}" pageOrder="overThenDown"'
        self._doc = self._doc[:setup.start()] + head + rest + self._doc[setup.end():]

    def ensure_landscape(self) -> None:
        """Print landscape, unless the office has set its own page setup."""
        if self._find("pageSetup") is not None:
            return
        if self._find("pageMargins") is None:
            self._insert_at_order("pageMargins", f'<{self.root_prefix}pageMargins left="0.4" right="0.4" '
                                                 'top="0.5" bottom="0.5" header="0.3" footer="0.3"/>')
        self._insert_at_order("pageSetup", f'<{self.root_prefix}pageSetup paperSize="9" orientation="landscape"/>')
