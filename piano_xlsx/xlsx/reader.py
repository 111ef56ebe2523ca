"""Read every sheet of an .xlsx workbook in one pass: cached values, formulas, merges.

Our own small reader over the package XML, because the libraries each miss something
we need: openpyxl gives either formula text or cached value per load (never both) and
its normal load is slow; python-calamine gives no formulas. Worksheets and shared
strings are cut into cells by compiled regular expressions (see "worksheets, fast
path" below), with expat checking the XML around them; whatever those do not fully
understand is streamed through defusedxml's expat parser with our own callbacks (no
element tree), the reference path. Measured on the 2-core development machine, 500,000
cells (a 20 MB sheet of text, numbers, percentages, dates and formulas) read in about
1 s (2 s with expat's callbacks alone; python-calamine takes 0.45 s, openpyxl 8.6 s),
a plan of 10,000 indicators in 0.28 s (0.7 s).

Coordinates are 1-based (row, col) throughout.
"""

from __future__ import annotations

import os
import posixpath
import re
from dataclasses import dataclass, field

from ..errors import UnreadableWorkbook
from . import numfmt, rx
from .cells import MAIN_NS, _COL_CACHE, _DIGITS, Cell, _cell_finisher, _col_number, _new_date_cache, _unescape
from .fastscan import _scan_shared_strings, _scan_sheet_cells
from .package import Package, malformed_xml, open_package
from .refs import MAX_COL, MAX_ROW, col_index, parse_a1, parse_range
from .stale import mark_stale_formulas
REL_NS = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "http://purl.oclc.org/ooxml/officeDocument/relationships",
)

# Sheet kinds by the last segment of their relationship type
_SHEET_KINDS = {
    "worksheet": "worksheet",
    "chartsheet": "chartsheet",
    "dialogsheet": "dialogsheet",
    "xlmacrosheet": "macrosheet",
    "xlintlmacrosheet": "macrosheet",
}
_KINDS_WITH_CELLS = ("worksheet", "macrosheet")

# A merged range this large is not indexed cell by cell in Sheet.merge_at
_MERGE_INDEX_MAX_AREA = 10_000


@dataclass
class Sheet:
    name: str
    index: int  # 0-based position in the workbook
    state: str  # "visible", "hidden", "veryHidden"
    kind: str  # "worksheet", "chartsheet", "dialogsheet", "macrosheet"
    cells: dict[tuple[int, int], Cell] = field(default_factory=dict)
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # (min_row, min_col, max_row, max_col)
    max_row: int = 0  # largest row holding a cell or a merged range (0 if none)
    max_col: int = 0
    cells_read: bool = True  # False when the caller asked not to read this sheet's cells
    region_left_out: bool = False  # True when the caller asked to leave out a region: a missing cell is unknown
    hidden_rows: frozenset[int] = frozenset()  # rows the sheet hides (<row hidden="1">)
    # cells whose text is struck through, whole or in part (a font with strikethrough, or a run of a rich
    # text): what an office withdrew in the year's revision and left in place (read only where a style or
    # a shared string strikes: _struck_cells)
    struck: frozenset[tuple[int, int]] = frozenset()
    # the notes (comments) on the sheet's cells, their text: a target revised in a comment (found in a trial)
    comments: dict[tuple[int, int], str] = field(default_factory=dict)
    _merge_index: dict[tuple[int, int], tuple[int, int, int, int]] | None = field(
        default=None, init=False, repr=False, compare=False)
    _big_merges: list[tuple[int, int, int, int]] | None = field(default=None, init=False, repr=False, compare=False)
    _row_index: dict[int, set[int]] | None = field(default=None, init=False, repr=False, compare=False)
    _merge_rows: dict[int, list[tuple[int, int, int, int]]] | None = field(
        default=None, init=False, repr=False, compare=False)
    _tall_merges: list[tuple[int, int, int, int]] | None = field(default=None, init=False, repr=False, compare=False)

    def columns_in_row(self, row: int) -> list[int]:
        """The columns of `row` that hold a cell or lie in a merged range, in order: what a reader of
        one row looks at, at a cost that follows the cells there (a cell at XFD1048576 makes the
        sheet 16.384 columns wide, not its rows)."""
        if self._row_index is None:
            index: dict[int, set[int]] = {}
            for r, c in self.cells:
                index.setdefault(r, set()).add(c)
            self._row_index = index
        cols = set(self._row_index.get(row, ()))
        by_row, tall = self._merge_rows, self._tall_merges
        if by_row is None or tall is None:  # merges by row, once: a sheet has thousands of them
            by_row, tall = {}, []
            for merge in self.merges:
                if merge[2] - merge[0] > 10_000:
                    tall.append(merge)
                    continue
                for r in range(merge[0], merge[2] + 1):
                    by_row.setdefault(r, []).append(merge)
            self._merge_rows, self._tall_merges = by_row, tall
        for r1, c1, r2, c2 in by_row.get(row, ()):
            cols.update(range(c1, min(c2, c1 + 255) + 1))
        for r1, c1, r2, c2 in tall:
            if r1 <= row <= r2:
                cols.update(range(c1, min(c2, c1 + 255) + 1))
        return sorted(cols)

    def cell(self, row: int, col: int) -> Cell | None:
        return self.cells.get((row, col))

    def value(self, row: int, col: int):
        """The cell's cached value, or None when the cell is empty."""
        cell = self.cells.get((row, col))
        return None if cell is None else cell.value

    def _build_merge_index(self) -> dict[tuple[int, int], tuple[int, int, int, int]]:
        index: dict[tuple[int, int], tuple[int, int, int, int]] = {}
        big: list[tuple[int, int, int, int]] = []
        for merge in self.merges:
            r1, c1, r2, c2 = merge
            if (r2 - r1 + 1) * (c2 - c1 + 1) > _MERGE_INDEX_MAX_AREA:
                big.append(merge)
                continue
            for r in range(r1, r2 + 1):
                for c in range(c1, c2 + 1):
                    index.setdefault((r, c), merge)
        self._big_merges = big
        self._merge_index = index
        return index

    def merge_at(self, row: int, col: int) -> tuple[int, int, int, int] | None:
        """The merged range containing (row, col), or None. O(1): the index is built on the
        first call (so ``merges`` must not be changed afterwards); ranges of more than
        10,000 cells are checked one by one instead of being indexed."""
        index = self._merge_index
        if index is None:
            index = self._build_merge_index()
        found = index.get((row, col))
        if found is None and self._big_merges:
            for merge in self._big_merges:
                if merge[0] <= row <= merge[2] and merge[1] <= col <= merge[3]:
                    return merge
        return found

    def merged_value(self, row: int, col: int):
        """The value shown at (row, col): the top-left cell's value inside a merged range,
        else the cell's own value."""
        merge = self.merge_at(row, col)
        if merge is not None:
            return self.value(merge[0], merge[1])
        return self.value(row, col)


@dataclass
class Workbook:
    path: str
    sha256: str
    sheets: list[Sheet]
    date1904: bool = False
    # global names as "Name"; names local to a sheet as "Sheet name!Name"
    defined_names: dict[str, str] = field(default_factory=dict)
    # the parts read with expat, the reference path (the fast path gave up on them, or was not asked)
    expat_parts: list[str] = field(default_factory=list)

    def sheet(self, name: str) -> Sheet | None:
        """The sheet called ``name``: exact match first, then ignoring case."""
        for sheet in self.sheets:
            if sheet.name == name:
                return sheet
        folded = name.casefold()
        for sheet in self.sheets:
            if sheet.name.casefold() == folded:
                return sheet
        return None


# ---------------------------------------------------------------------------
# helpers


def _tag_codes(**codes: int) -> dict[str, int]:
    """Map "namespace}local" (as the parser reports tags) to small ints, for both the
    transitional and the strict namespace, and for unqualified tags."""
    table: dict[str, int] = {}
    for local, code in codes.items():
        for ns in MAIN_NS:
            table[f"{ns}}}{local}"] = code
        table[local] = code
    return table


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _rel_id(attrib: dict) -> str | None:
    for ns in REL_NS:
        value = attrib.get(f"{{{ns}}}id")
        if value is not None:
            return value
    return None


def _truthy(value: str | None) -> bool:
    return value is not None and value.strip().lower() in ("1", "true", "on")


def _part_rels(pkg: Package, part: str) -> dict[str, tuple[str, str]]:
    """rId -> (type, target part name) for ``part``'s relationships (empty if none)."""
    folder, base = posixpath.split(part)
    rels_name = posixpath.join(folder, "_rels", base + ".rels")
    if not pkg.has(rels_name):
        return {}
    root = pkg.parse(rels_name)
    rels: dict[str, tuple[str, str]] = {}
    for rel in root:
        if _local(rel.tag) != "Relationship" or rel.get("TargetMode") == "External":
            continue
        target = rel.get("Target", "")
        if target.startswith("/"):
            resolved = target.lstrip("/")
        else:
            resolved = posixpath.normpath(posixpath.join(folder, target))
        rels[rel.get("Id", "")] = (rel.get("Type", ""), resolved)
    return rels


# ---------------------------------------------------------------------------
# workbook-level parts


def _read_styles(pkg: Package, part: str | None) -> dict[str | None, tuple[str | None, int]]:
    """Style index (the cell's ``s`` attribute, as text) -> (format code, numfmt kind).
    The key None (no ``s``) means style 0."""
    if part is None or not pkg.has(part):
        return {None: (None, numfmt.NUMBER)}
    root = pkg.parse(part)
    custom: dict[int, str] = {}
    xf_ids: list[int] = []
    for child in root:
        local = _local(child.tag)
        if local == "numFmts":
            for fmt in child:
                try:
                    custom[int(fmt.get("numFmtId", ""))] = fmt.get("formatCode", "")
                except ValueError:
                    continue
        elif local == "cellXfs":
            for xf in child:
                try:
                    xf_ids.append(int(xf.get("numFmtId", "0")))
                except ValueError:
                    xf_ids.append(0)
    styles: dict[str | None, tuple[str | None, int]] = {}
    kinds: dict[int, tuple[str | None, int]] = {}
    for index, fmt_id in enumerate(xf_ids):
        resolved = kinds.get(fmt_id)
        if resolved is None:
            code: str | None
            if fmt_id in custom:
                code = custom[fmt_id]
                kind = numfmt.classify(code)
            else:
                code = numfmt.BUILTIN_FORMATS.get(fmt_id)
                kind = numfmt.builtin_kind(fmt_id)
            if code is not None and code.lower() == "general":
                code = None  # General is "no particular format"
            resolved = kinds[fmt_id] = (code, kind)
        styles[str(index)] = resolved
    styles[None] = styles.get("0", (None, numfmt.NUMBER))
    return styles


_SST_TAGS = _tag_codes(si=1, t=2, rPh=3)


def _read_shared_strings(pkg: Package, part: str | None, fast: bool = True,
                         expat_parts: list[str] | None = None) -> list[str]:
    """The shared strings; ``fast`` False reads them with expat (the reference path), as does
    the fast path when it gives up; the parts read with expat are added to ``expat_parts``."""
    if part is None or not pkg.has(part):
        return []
    if fast:
        try:
            return _scan_shared_strings(pkg.read(part))
        except Exception:  # _Unsupported, damaged XML or anything unforeseen: expat's path decides
            pass
    if expat_parts is not None:
        expat_parts.append(part)
    return _stream_shared_strings(pkg, part)


def _stream_shared_strings(pkg: Package, part: str) -> list[str]:
    """The shared strings, read with expat (the reference path, for any XML)."""
    strings: list[str] = []
    buf: list[str] = []
    parts: list[str] = []
    phonetic = 0
    tags = _SST_TAGS

    def start(tag, attrs):
        nonlocal phonetic
        code = tags.get(tag)
        if code == 2:
            buf.clear()
        elif code == 1:
            parts.clear()
        elif code == 3:
            phonetic += 1

    def end(tag):
        nonlocal phonetic
        code = tags.get(tag)
        if code == 2:
            if not phonetic:
                parts.append("".join(buf))
            buf.clear()
        elif code == 1:
            strings.append(_unescape("".join(parts)))
        elif code == 3:
            phonetic -= 1

    pkg.stream(part, start, end, buf.append)
    return strings


# ---------------------------------------------------------------------------
# worksheets

_C, _V, _F, _ROW, _IS, _T, _RPH, _MERGE = range(1, 9)
_SHEET_TAGS = _tag_codes(c=_C, v=_V, f=_F, row=_ROW, **{"is": _IS}, t=_T, rPh=_RPH, mergeCell=_MERGE)


def _stream_sheet_cells(pkg: Package, part: str, sst: list[str], styles: dict, date1904: bool):
    """Read a worksheet part with expat: (cells, mergeCell refs, largest column holding a cell).

    The reference way, for any XML: used when the fast path (``_scan_sheet_cells``) does not
    apply. One call of ``start`` and ``end`` per XML element, so they are written for speed:
    closure variables, no helper calls on the common paths (which is why this function is
    longer than 80 lines: the callbacks share its state as closure variables)."""
    cells: dict[tuple[int, int], Cell] = {}
    merge_refs: list[str] = []
    buf: list[str] = []
    join = "".join
    tags = _SHEET_TAGS
    finish = _cell_finisher(sst, styles, date1904, pkg.path, part, _new_date_cache())
    col_cache = _COL_CACHE
    digits = _DIGITS
    path = pkg.path

    # parser state
    hidden_rows: set[int] = set()  # rows the sheet hides
    row = 0  # current row number
    row_known = False  # the <row> element gave its number
    col = 0  # column of the last cell read
    checked_col = 0  # columns up to this one are known to be inside the sheet
    max_col = 0  # largest column holding a stored cell
    ref = ctype = style = rich = None
    v_text: str | None = None
    f_attrs: dict | None = None
    f_text: str | None = None
    inline: list[str] | None = None
    phonetic = 0

    # Tags compared by identity on the hot path: expat interns names, so every <c> of a
    # part arrives as the same string object. They are taken from the first <c> and <v>
    # seen (found through the ``tags`` table, so in the sheet's own namespace).
    fast_c = fast_v = None

    def start(tag, attrs):
        nonlocal row, row_known, col, ref, ctype, style, rich, v_text, f_attrs, f_text, inline, phonetic
        nonlocal fast_c, fast_v
        if tag is fast_c:
            ref = attrs.get("r")
            ctype = attrs.get("t")
            style = attrs.get("s")
            rich = attrs.get("vm")
            v_text = f_attrs = f_text = inline = None
            return
        if tag is fast_v:
            buf.clear()
            return
        code = tags.get(tag)
        if code is None:
            return
        if code == _C:
            ref = attrs.get("r")
            ctype = attrs.get("t")
            style = attrs.get("s")
            rich = attrs.get("vm")
            v_text = f_attrs = f_text = inline = None
            fast_c = tag
        elif code == _V:
            buf.clear()
            fast_v = tag
        elif code == _ROW:
            r = attrs.get("r")
            if r:
                try:
                    row = int(r)
                except ValueError:
                    row = 0
                if not 0 < row <= MAX_ROW:
                    raise malformed_xml(path, part, f"numero di riga non valido {r!r}")
                row_known = True
            else:
                row += 1
                row_known = False
                if row > MAX_ROW:
                    raise malformed_xml(path, part, "troppe righe")
            if attrs.get("hidden") in ("1", "true"):
                hidden_rows.add(row)
            col = 0
            buf.clear()
        elif code == _F:
            buf.clear()
            f_attrs = attrs
        elif code == _T:
            buf.clear()
        elif code == _IS:
            inline = []
        elif code == _RPH:
            phonetic += 1
        elif code == _MERGE:
            merge_refs.append(attrs.get("ref", ""))

    def end(tag):
        nonlocal row, col, checked_col, max_col, v_text, f_text, phonetic
        if tag is not fast_c:
            if tag is fast_v:
                v_text = join(buf)
                return
            code = tags.get(tag)
            if code != _C:
                if code == _V:
                    v_text = join(buf)
                elif code == _F:
                    f_text = join(buf)
                elif code == _T:
                    if inline is not None and not phonetic:
                        inline.append(join(buf))
                    buf.clear()
                elif code == _RPH:
                    phonetic -= 1
                return

        # -- end of a cell: where it is
        if ref:
            letters = ref.rstrip(digits)
            c = col_cache.get(letters)
            try:
                if c is None:
                    c = _col_number(letters)
                if not row_known:
                    row = int(ref[len(letters):])
                    if not 0 < row <= MAX_ROW:
                        raise ValueError
            except ValueError:
                raise malformed_xml(path, part, f"riferimento di cella non valido {ref!r}") from None
        else:
            c = col + 1
        col = c
        r = row
        if c > checked_col:
            if not 0 < c <= MAX_COL:
                raise malformed_xml(path, part, f"cella fuori dal foglio ({ref or (r, c)})")
            checked_col = c

        # -- what it holds
        cell = finish(r, c, ref, ctype, style, rich, v_text, f_attrs, f_text, inline)
        if cell is not None:
            cells[(r, c)] = cell
            if c > max_col:
                max_col = c

    pkg.stream(part, start, end, buf.append)
    return cells, merge_refs, max_col, hidden_rows


# ---------------------------------------------------------------------------
# worksheets and shared strings, fast path: fastscan.py (regular expressions, expat checking around them)


def _read_sheet_cells(pkg: Package, part: str, sst: list[str], styles: dict, date1904: bool, sheet: Sheet,
                      skip: tuple[int, int, int, int] | None = None, fast: bool = True,
                      expat_parts: list[str] | None = None,
                      struck: tuple[set[str], set[int]] = (set(), set())) -> None:
    """Read a worksheet part into ``sheet.cells``, ``sheet.merges``, ``max_row``/``max_col``:
    with the fast path when it applies (leaving out the region ``skip``), else with expat
    (``fast`` False: always; the parts read with expat are added to ``expat_parts``); and
    ``sheet.struck``, by ``struck`` (_struck_styles) and the rich texts of the sheet's own cells."""
    result = None
    data = pkg.read(part)  # (the fast path reads it whole anyway; the struck cells are the same on both paths)
    if struck[0] or struck[1] or b"strike" in data:  # (a text search: nothing more where nothing strikes)
        sheet.struck = _struck_cells(data, *struck)
    if fast:
        try:
            result = _scan_sheet_cells(data, sst, styles, date1904, pkg.path, part, skip)
        except Exception:  # _Unsupported, damaged XML or anything unforeseen: expat's path decides
            result = None
    if result is None:
        if expat_parts is not None:
            expat_parts.append(part)
        result = _stream_sheet_cells(pkg, part, sst, styles, date1904)
    cells, merge_refs, max_col, hidden_rows = result
    sheet.cells = cells
    sheet.hidden_rows = frozenset(hidden_rows)

    merges = sheet.merges
    path = pkg.path
    for text in merge_refs:
        try:
            merges.append(parse_range(text))
        except ValueError:
            raise malformed_xml(path, part, f"intervallo unito non valido {text!r}") from None

    max_row = max(cells)[0] if cells else 0
    for r1, c1, r2, c2 in merges:
        max_row = max(max_row, r2)
        max_col = max(max_col, c2)
    sheet.max_row = max_row
    sheet.max_col = max_col


# ---------------------------------------------------------------------------
# entry point


def _sheet_missing(path, name: str) -> UnreadableWorkbook:
    return malformed_xml(path, "xl/workbook.xml", f"i dati del foglio '{name}' mancano dal file")


def read_package(pkg: Package, *, skip_cells=None, skip_region=None, saved_values: bool = False,
                 fast: bool = True) -> Workbook:
    """Read the workbook held by an opened package. A sheet for which ``skip_cells(name,
    defined_names)`` is true keeps no cells (``cells_read`` False): its part is not parsed.
    ``skip_region(name, defined_names)`` may give a region of a sheet (first row, first column,
    last row, last column) whose cells are not needed: they may be left out (a negative last row
    counts back from the last row the sheet declares in its <dimension>: -1 is the one before it). ``fast`` False reads
    every part with expat, the reference path (for comparisons: the fast path gives the same)."""
    wb_part = pkg.workbook_part
    root = pkg.parse(wb_part)
    rels = _part_rels(pkg, wb_part)

    date1904 = False
    full_calc_on_load = False
    full_precision = True
    sheet_entries: list[tuple[str, str, str | None]] = []  # (name, state, rId)
    raw_names: list[tuple[str, str | None, str]] = []
    for child in root:
        local = _local(child.tag)
        if local == "workbookPr":
            date1904 = _truthy(child.get("date1904"))
        elif local == "calcPr":
            full_calc_on_load = _truthy(child.get("fullCalcOnLoad"))
            full_precision = child.get("fullPrecision", "1").strip().lower() not in ("0", "false")
        elif local == "sheets":
            for entry in child:
                if _local(entry.tag) == "sheet":
                    sheet_entries.append(
                        (entry.get("name", ""), entry.get("state") or "visible", _rel_id(entry.attrib)))
        elif local == "definedNames":
            for entry in child:
                if _local(entry.tag) == "definedName":
                    raw_names.append((entry.get("name", ""), entry.get("localSheetId"), entry.text or ""))

    styles_part = sst_part = None
    for rel_type, target in rels.values():
        kind = rel_type.rsplit("/", 1)[-1]
        if kind == "styles":
            styles_part = target
        elif kind == "sharedStrings":
            sst_part = target
    if styles_part is None and pkg.has("xl/styles.xml"):
        styles_part = "xl/styles.xml"
    if sst_part is None and pkg.has("xl/sharedStrings.xml"):
        sst_part = "xl/sharedStrings.xml"
    styles = _read_styles(pkg, styles_part)
    struck = _struck_styles(pkg, styles_part, sst_part)
    expat_parts: list[str] = []
    try:
        return _read_parts(pkg, sheet_entries, rels, styles, sst_part, date1904, (full_calc_on_load, full_precision),
                           raw_names, skip_cells, skip_region, saved_values, fast, expat_parts, struck)
    except UnreadableWorkbook as exc:
        exc.expat_parts = expat_parts  # which parts the reference path read, up to the error (for tests)
        raise


# (the lookahead is lazy, bounded by '>': a possessive one could never reach val="0": found in review)
_STRIKE = re.compile(rb"<(?:\w+:)?strike\b(?![^>]*?(?<=\s)val\s*=\s*[\"'](?:0|false)[\"'])")
_SI_START = rx.compile(rb"<(?:\w+:)?si\b")


def _struck_styles(pkg: Package, styles_part: str | None, sst_part: str | None) -> tuple[set[str], set[int]]:
    """The style indices (the cells' ``s``, as text) whose font strikes through, and the shared
    strings with a struck run: both empty, at no cost, for a workbook that strikes nothing."""
    styles: set[str] = set()
    strings: set[int] = set()
    if styles_part is not None and pkg.has(styles_part) and _STRIKE.search(pkg.read(styles_part)):
        root = pkg.parse(styles_part)
        struck_fonts: set[int] = set()
        for child in root:
            local = _local(child.tag)
            if local == "fonts":
                for index, font in enumerate(f for f in child if _local(f.tag) == "font"):
                    if any(_local(f.tag) == "strike" and (f.get("val") or "1").lower() not in ("0", "false")
                           for f in font):
                        struck_fonts.add(index)
            elif local == "cellXfs":
                for index, xf in enumerate(x for x in child if _local(x.tag) == "xf"):
                    try:
                        if int(xf.get("fontId", "0")) in struck_fonts:
                            styles.add(str(index))
                    except ValueError:
                        continue
    if sst_part is not None and pkg.has(sst_part):
        data = pkg.read(sst_part)
        if _STRIKE.search(data):
            starts = [m.start() for m in _SI_START.finditer(data)] + [len(data)]
            strings = {i for i in range(len(starts) - 1) if _STRIKE.search(data, starts[i], starts[i + 1])}
    return styles, strings


# a cell: empty ('<c r="A3" s="1"/>'), or its content up to its own end, never into the next cell's (found in
# review: an empty cell took the next one with it, and a sheet of empty cells took minutes)
_CELL_XML = rx.compile(rb"<(?:\w+:)?c\b((?:[^>/]++|/(?!>))*+)(?:/>|>((?:[^<]++|<(?!/?(?:\w+:)?c[\s>/]))*+)"
                       rb"</(?:\w+:)?c>)")
_ATTR_R = re.compile(rb"\br\s*=\s*[\"']([A-Za-z]{1,3})(\d{1,7})[\"']")
_ATTR_S = re.compile(rb"\bs\s*=\s*[\"'](\d+)[\"']")
_ATTR_T = re.compile(rb"\bt\s*=\s*[\"'](\w+)[\"']")
_SST_INDEX = re.compile(rb"<(?:\w+:)?v>\s*(\d+)\s*</(?:\w+:)?v>")


def _struck_cells(data: bytes, styles: set[str], strings: set[int]) -> frozenset[tuple[int, int]]:
    """The cells of a sheet's XML that hold a value and strike its text through, whole or in part."""
    found = set()
    for cell in _CELL_XML.finditer(data):
        attrs, content = cell.group(1), cell.group(2)
        ref = _ATTR_R.search(attrs)
        if not content or ref is None:
            continue
        style = _ATTR_S.search(attrs)
        struck = style is not None and style.group(1).decode() in styles
        if not struck:
            kind = _ATTR_T.search(attrs)
            if kind is not None and kind.group(1) == b"inlineStr":  # a rich text of the cell's own
                struck = _STRIKE.search(content) is not None
            elif kind is not None and kind.group(1) == b"s" and strings:
                index = _SST_INDEX.search(content)
                struck = index is not None and int(index.group(1)) in strings
        if struck:
            found.add((int(ref.group(2)), col_index(ref.group(1).decode().upper())))
    return frozenset(found)


def _read_comments(pkg: Package, part: str) -> dict[tuple[int, int], str]:
    """The text of each note (comment) of a worksheet, by its cell: the legacy comments part, which
    Excel also writes for a threaded comment. Empty for a sheet without one; a part that cannot be
    read gives none (the notes are only read to be said, never to compute)."""
    out: dict[tuple[int, int], str] = {}
    for kind, target in _part_rels(pkg, part).values():
        if not kind.endswith("/comments") or not pkg.has(target):
            continue
        try:
            root = pkg.parse(target)
        except UnreadableWorkbook:
            continue
        for element in root.iter():
            if _local(element.tag) != "comment":
                continue
            try:
                row, col = parse_a1(element.get("ref", ""))
            except ValueError:
                continue
            text = _unescape("".join(t.text or "" for t in element.iter() if _local(t.tag) == "t")).strip()
            if text.startswith("[Threaded comment]") and "Comment:" in text:
                # the copy Excel keeps of a threaded comment: its words, not the notice around them (review)
                text = text.split("Comment:", 1)[1].replace("Reply:", "\n").strip()
            first, _, rest = text.partition("\n")
            if rest and first.rstrip().endswith(":") and len(first) < 60 and not any(ch.isdigit() for ch in first):
                text = rest.strip()  # the author's name Excel puts first ('Mario Rossi:'): not what the note says
            out[(row, col)] = text
    return out


def _read_parts(pkg, sheet_entries, rels, styles, sst_part, date1904, calc, raw_names, skip_cells,
                skip_region, saved_values, fast, expat_parts, struck=(set(), set())) -> Workbook:
    sst = _read_shared_strings(pkg, sst_part, fast, expat_parts)
    full_calc_on_load, full_precision = calc

    defined = _defined_names(raw_names, [name for name, _, _ in sheet_entries])
    sheets: list[Sheet] = []
    for index, (name, state, rid) in enumerate(sheet_entries):
        rel = rels.get(rid) if rid is not None else None
        if rel is None:
            raise _sheet_missing(pkg.path, name)
        rel_type, target = rel
        kind = _SHEET_KINDS.get(rel_type.rsplit("/", 1)[-1].lower(), rel_type.rsplit("/", 1)[-1])
        sheet = Sheet(name=name, index=index, state=state, kind=kind)
        if kind in _KINDS_WITH_CELLS:
            part = pkg.resolve(target)
            if part is None:
                raise _sheet_missing(pkg.path, name)
            if skip_cells is not None and skip_cells(name, defined):
                sheet.cells_read = False
            else:
                region = skip_region(name, defined) if skip_region is not None else None
                sheet.region_left_out = region is not None
                _read_sheet_cells(pkg, part, sst, styles, date1904, sheet, region, fast, expat_parts, struck)
                sheet.comments = _read_comments(pkg, part)
        sheets.append(sheet)

    if not saved_values:
        mark_stale_formulas(sheets, full_calc_on_load=full_calc_on_load, arithmetic=full_precision)
    return Workbook(path=pkg.path, sha256=pkg.sha256, sheets=sheets, date1904=date1904, defined_names=defined,
                    expat_parts=expat_parts)


def _defined_names(raw_names, sheet_names: list[str]) -> dict[str, str]:
    """Global names as "Name", names local to a sheet as "Sheet name!Name"."""
    defined: dict[str, str] = {}
    for name, local_id, text in raw_names:
        if local_id is not None:
            try:
                name = f"{sheet_names[int(local_id)]}!{name}"
            except (ValueError, IndexError):
                pass
        defined[name] = text
    return defined


def read_workbook(path, *, skip_cells=None, skip_region=None, saved_values: bool = False, fast: bool = True,
                  **limits) -> Workbook:
    """Read ``path`` (an .xlsx file). ``limits`` are passed to ``open_package``
    (max_file_bytes, max_unpacked_bytes, max_members, max_ratio). Raises UnreadableWorkbook
    with an Italian message when the file cannot be read. ``skip_cells(sheet name, defined
    names)`` says which sheets' cells the caller does not need (see :func:`read_package`).
    ``saved_values``: keep the values saved with formulas even where the workbook asks for a
    recalculation on opening (only to inspect a file, never to read data from it). ``fast``: see
    :func:`read_package`."""
    with open_package(os.fspath(path), **limits) as pkg:
        return read_package(pkg, skip_cells=skip_cells, skip_region=skip_region, saved_values=saved_values,
                            fast=fast)
