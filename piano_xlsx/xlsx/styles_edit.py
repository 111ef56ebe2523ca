"""Append the formats piano-xlsx needs to styles.xml, reusing identical ones.

Cell formats (xf) and differential formats (dxf, for conditional formatting) are
appended to their collections; an element identical to one already there is reused,
so running the tool again on its own output does not grow the file.
"""

from __future__ import annotations

import re

from .edit import xml_attr

STYLES_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_ORDER = ("numFmts", "fonts", "fills", "borders", "cellStyleXfs", "cellXfs", "cellStyles", "dxfs", "tableStyles",
          "colors", "extLst")
_CHILD = {"numFmts": "numFmt", "fonts": "font", "fills": "fill", "borders": "border", "cellXfs": "xf",
          "dxfs": "dxf"}

MINIMAL_STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<styleSheet xmlns="{STYLES_NS}">'
    '<fonts count="1"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    '</styleSheet>')


def _children(block: str, child: str) -> list[str]:
    """Top-level child elements of a collection's inner text (children never nest in themselves)."""
    out = []
    pos = 0
    pattern = re.compile(r"<" + child + r"\b[^>]*?(?:/>|>.*?</" + child + r">)", re.S)
    while True:
        m = pattern.search(block, pos)
        if not m:
            break
        out.append(m.group(0))
        pos = m.end()
    return out


class Styles:
    def __init__(self, text: str):
        """`text`: styles.xml in the form Excel writes it (PackageEditor.text puts it in that form)."""
        self.text = text
        self._xf_cache: dict[str, int] = {}
        self._text_formats: tuple[str, list[tuple[float, bool, bool]]] | None = None  # (text read, formats)

    def _block(self, name: str) -> re.Match[str] | None:
        return re.search(r"<" + name + r"\b([^>]*?)(?:/>|>(.*?)</" + name + r">)", self.text, re.S)

    def _ensured(self, name: str) -> re.Match[str]:
        """The collection's block, added (empty) first when styles.xml has none."""
        self._ensure(name)
        m = self._block(name)
        assert m is not None  # _ensure has just put it there
        return m

    def _ensure(self, name: str) -> None:
        if self._block(name) is not None:
            return
        later = _ORDER[_ORDER.index(name) + 1:]
        at = None
        for tag in later:
            m = re.search(r"<" + tag + r"\b", self.text)
            if m:
                at = m.start()
                break
        if at is None:
            at = self.text.rindex("</styleSheet>")
        self.text = self.text[:at] + f'<{name} count="0"></{name}>' + self.text[at:]

    def _append(self, name: str, element: str) -> int:
        """Index of `element` in the collection, appending it when no identical one exists."""
        m = self._ensured(name)
        inner = m.group(2) or ""
        items = _children(inner, _CHILD[name])
        if element in items:
            return items.index(element)
        attrs = re.sub(r'\scount="\d+"', "", m.group(1))
        new = f'<{name}{attrs} count="{len(items) + 1}">{inner}{element}</{name}>'
        self.text = self.text[:m.start()] + new + self.text[m.end():]
        return len(items)

    def numfmt(self, code: str) -> int:
        builtin = {"General": 0, "0": 1, "0.00": 2, "#,##0": 3, "#,##0.00": 4, "0%": 9, "0.00%": 10,
                   "dd/mm/yyyy": None}
        known = builtin.get(code)
        if known is not None:
            return known
        m = self._ensured("numFmts")
        inner = m.group(2) or ""
        for item in _children(inner, "numFmt"):
            if f"formatCode={xml_attr(code)}" in item:
                found = re.search(r'numFmtId="(\d+)"', item)
                if found is not None:  # one without a number is ignored, as the reader ignores it
                    return int(found.group(1))
        ids = [int(x) for x in re.findall(r'numFmtId="(\d+)"', inner)]
        new_id = max([163] + ids) + 1
        self._append("numFmts", f'<numFmt numFmtId="{new_id}" formatCode={xml_attr(code)}/>')
        return new_id

    def xf(self, *, bold=False, color: str | None = None, fill: str | None = None, numfmt: str = "General",
           wrap=False, border=True, valign="top", halign: str | None = None, size: float | None = None,
           italic=False) -> int:
        key = repr((bold, color, fill, numfmt, wrap, border, valign, halign, size, italic))
        if key in self._xf_cache:
            return self._xf_cache[key]
        font = "<font>" + ("<b/>" if bold else "") + ("<i/>" if italic else "") + \
               f'<sz val="{size or 11:g}"/>' + (f'<color rgb="FF{color}"/>' if color else "") + \
               '<name val="Calibri"/><family val="2"/></font>'
        font_id = self._append("fonts", font)
        fill_id = 0
        if fill:
            fill_id = self._append("fills", f'<fill><patternFill patternType="solid"><fgColor rgb="FF{fill}"/>'
                                            f'<bgColor indexed="64"/></patternFill></fill>')
        border_id = 0
        if border:
            side = '<{0} style="thin"><color rgb="FFBFBFBF"/></{0}>'
            border_id = self._append("borders", "<border>" + "".join(side.format(s) for s in
                                                                     ("left", "right", "top", "bottom"))
                                     + "<diagonal/></border>")
        numfmt_id = self.numfmt(numfmt) if numfmt != "General" else 0
        align = f'<alignment vertical="{valign}"' + (f' horizontal="{halign}"' if halign else "") + \
                (' wrapText="1"' if wrap else "") + "/>"
        element = (f'<xf numFmtId="{numfmt_id}" fontId="{font_id}" fillId="{fill_id}" borderId="{border_id}" '
                   f'xfId="0" applyNumberFormat="1" applyFont="1" applyFill="1" applyBorder="1" '
                   f'applyAlignment="1">{align}</xf>')
        index = self._append("cellXfs", element)
        self._xf_cache[key] = index
        return index

    def text_format(self, index: int) -> tuple[float, bool, bool]:
        """(font size, bold, wraps) of cell format `index`, for estimating a row's height: an
        unknown index reads as the first format, a missing size as 11."""
        cached = self._text_formats
        if cached is not None and cached[0] is self.text:
            table = cached[1]
        else:
            fonts = []
            m = self._block("fonts")
            for font in _children(m.group(2) or "", "font") if m else []:
                size_m = re.search(r'<sz\b[^>]*\bval="([\d.]+)"', font)
                bold_m = re.search(r'<b\b([^>]*)/?>', font)
                fonts.append((float(size_m.group(1)) if size_m else 11.0,
                              bold_m is not None and not re.search(r'val="(?:0|false)"', bold_m.group(1))))
            table = []
            m = self._block("cellXfs")
            for xf in _children(m.group(2) or "", "xf") if m else []:
                font_id = re.match(r'<xf\b[^>]*?\bfontId="(\d+)"', xf)
                size, bold = fonts[int(font_id.group(1))] if font_id and int(font_id.group(1)) < len(fonts) \
                    else (fonts[0] if fonts else (11.0, False))
                align = re.search(r"<alignment\b[^>]*>", xf)
                wraps = bool(align and re.search(r'\bwrapText="(?:1|true)"', align.group(0))
                             and not re.search(r'\btextRotation="(?!0")', align.group(0)))
                table.append((size, bold, wraps))
            self._text_formats = (self.text, table)
        if 0 <= index < len(table):
            return table[index]
        return table[0] if table else (11.0, False, False)

    def dxf(self, *, color: str, fill: str, bold: bool = False) -> int:
        element = ("<dxf><font>" + ("<b/>" if bold else "") + f'<color rgb="FF{color}"/></font>'
                   f'<fill><patternFill patternType="solid"><fgColor rgb="FF{fill}"/><bgColor rgb="FF{fill}"/>'
                   "</patternFill></fill></dxf>")
        return self._append("dxfs", element)
