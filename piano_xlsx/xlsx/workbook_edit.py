"""Textual edits of xl/workbook.xml: sheets, defined names, the active tab."""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import xmlns
from .edit import CannotWriteBack, attributes, xml_attr, xml_text

P = r"(?:[\w.-]+:)?"
_SHEET_RE = re.compile(r"<(" + P + r")sheet\b([^>]*?)/>", re.S)
_SHEETS_BLOCK = re.compile(r"<" + P + r"sheets\b[^>]*>(.*?)</" + P + r"sheets>", re.S)
_DEFINED_BLOCK = re.compile(r"<(" + P + r")definedNames\b[^>]*>(.*?)</" + P + r"definedNames>", re.S)
_DEFINED_EMPTY = re.compile(r"<(" + P + r")definedNames\b[^>]*/>")
_DEFINED_NAME = re.compile(r"<" + P + r"definedName\b([^>]*?)(?:/>|>(.*?)</" + P + r"definedName>)", re.S)
_NO_SHEETS = "La cartella di lavoro non ha l'elenco dei fogli (workbook.xml senza <sheets>)."


@dataclass
class SheetEntry:
    name: str
    sheet_id: int
    rid: str
    state: str
    start: int
    end: int


def sheets(text: str) -> list[SheetEntry]:
    block = _SHEETS_BLOCK.search(text)
    if block is None:
        raise CannotWriteBack(_NO_SHEETS)
    out = []
    for m in _SHEET_RE.finditer(text, block.start(1), block.end(1)):
        a = attributes(m.group(2))
        rid = next((v for k, v in a.items() if k.endswith(":id")), "")
        out.append(SheetEntry(a.get("name", ""), int(a.get("sheetId", "0")), rid, a.get("state", "visible"),
                              m.start(), m.end()))
    return out


def _sheets_tags(text: str):
    """The root's and <sheets>' start tags: what is in scope for a new <sheet>."""
    root = xmlns.root_tag(text)
    block = xmlns.start_tag(text, "sheets", root.end())
    if block is None:
        raise CannotWriteBack(_NO_SHEETS)
    return root, block


def insert_sheet(text: str, position: int, name: str, rid: str) -> tuple[str, int]:
    """Insert a sheet at `position` (0 = first). Returns (text, sheetId). The new element takes
    the prefix of <sheets> and the relationships prefix bound there, or declares its own (a
    producer may declare it on each <sheet> rather than on the root)."""
    entries = sheets(text)
    sheet_id = max((e.sheet_id for e in entries), default=0) + 1
    root, block = _sheets_tags(text)
    rel, declare = xmlns.prefix_for(xmlns.REL_NS, xmlns.scope(text, root, block), "r")
    element = (f'<{block.group(1) or ""}sheet{declare} name={xml_attr(name)} sheetId="{sheet_id}" '
               f'{rel}:id="{rid}"/>')
    if position < len(entries):
        at = entries[position].start
    else:
        block_found = _SHEETS_BLOCK.search(text)
        assert block_found is not None  # sheets(text) above raised otherwise
        at = block_found.end(1)
    return text[:at] + element + text[at:], sheet_id


def remove_sheet(text: str, name: str) -> str:
    for e in sheets(text):
        if e.name == name:
            return text[:e.start] + text[e.end:]
    return text


@dataclass
class DefinedName:
    name: str
    local_sheet_id: int | None
    value: str
    start: int
    end: int
    malformed: bool = False  # localSheetId is there but not a number


def defined_names(text: str) -> list[DefinedName]:
    block = _DEFINED_BLOCK.search(text)
    if block is None:
        return []
    out = []
    for m in _DEFINED_NAME.finditer(text, block.start(2), block.end(2)):
        a = attributes(m.group(1))
        local = (a.get("localSheetId") or "").strip()
        # a localSheetId that is not a number names no sheet: the name is kept as it is, never renumbered
        out.append(DefinedName(a.get("name", ""), int(local) if local.isdigit() else None, m.group(2) or "",
                               m.start(), m.end(), malformed=bool(local) and not local.isdigit()))
    return out


def renumber_local_sheets(text: str, mapping: dict[int, int | None]) -> str:
    """Apply old -> new sheet positions to localSheetId; a name mapped to None is removed."""
    pieces = []
    last = 0
    for dn in defined_names(text):
        if dn.local_sheet_id is None or dn.local_sheet_id not in mapping:
            continue
        new = mapping[dn.local_sheet_id]
        pieces.append(text[last:dn.start])
        if new is not None:
            element = text[dn.start:dn.end]
            element = re.sub(r'localSheetId="\d+"', f'localSheetId="{new}"', element, count=1)
            pieces.append(element)
        last = dn.end
    pieces.append(text[last:])
    out = "".join(pieces)
    return re.sub(r"<(" + P + r")definedNames\b[^>]*>\s*</" + P + r"definedNames>", "", out)


def remove_defined_names(text: str, name: str, *, sheet: int | None = None) -> str:
    """Remove every defined name called `name` (whatever its sheet, or only the one local to the sheet at
    position `sheet`); an emptied block goes too."""
    pieces, last = [], 0
    for dn in defined_names(text):
        if dn.name == name and (sheet is None or dn.local_sheet_id == sheet):
            pieces.append(text[last:dn.start])
            last = dn.end
    if not pieces:
        return text
    pieces.append(text[last:])
    return re.sub(r"<(" + P + r")definedNames\b[^>]*>\s*</" + P + r"definedNames>", "", "".join(pieces))


def add_defined_name(text: str, name: str, value: str, *, local_sheet_id: int | None = None,
                     hidden: bool = False) -> str:
    attrs = f'name={xml_attr(name)}'
    if local_sheet_id is not None:
        attrs += f' localSheetId="{local_sheet_id}"'
    if hidden:
        attrs += ' hidden="1"'
    block = _DEFINED_BLOCK.search(text)
    # a child takes its parent's prefix: bound there, wherever the producer declared it
    prefix = block.group(1) if block is not None else (xmlns.root_tag(text).group(1) or "")
    element = f"<{prefix}definedName {attrs}>{xml_text(value)}</{prefix}definedName>"
    if block is not None:
        # Excel keeps defined names sorted by name; a new name is inserted in order
        names = defined_names(text)
        key = (name.lower(), local_sheet_id if local_sheet_id is not None else -1)
        at = block.end(2)
        for dn in names:
            if (dn.name.lower(), dn.local_sheet_id if dn.local_sheet_id is not None else -1) > key:
                at = dn.start
                break
        return text[:at] + element + text[at:]
    empty = _DEFINED_EMPTY.search(text)
    if empty is not None:  # <definedNames/> (openpyxl writes it when there are none): fill it
        prefix = empty.group(1)
        element = f"<{prefix}definedName {attrs}>{xml_text(value)}</{prefix}definedName>"
        return text[:empty.start()] + f"<{prefix}definedNames>{element}</{prefix}definedNames>" + text[empty.end():]
    # definedNames goes after sheets/functionGroups/externalReferences, before calcPr and the rest
    m = re.search(r"</" + P + r"sheets>", text)
    if m is None:
        raise CannotWriteBack(_NO_SHEETS)
    after = m.end()
    for tag in ("functionGroups", "externalReferences"):
        mm = re.search(r"</" + P + tag + r">|<" + P + tag + r"\b[^>]*/>", text[after:])
        if mm:
            after += mm.end()
    return text[:after] + f"<{prefix}definedNames>{element}</{prefix}definedNames>" + text[after:]


def set_active(text: str, index: int) -> str:
    """The sheet at `index` opens first (activeTab), and the tab bar starts at the first sheet."""
    def fix(m):
        tag = re.sub(r"""\s(?:activeTab|firstSheet)\s*=\s*(?:"[^"]*"|'[^']*')""", "", m.group(0))
        if index:
            tag = re.sub(r"(/?>)$", f' activeTab="{index}"\\1', tag)
        return tag
    return re.sub(r"<" + P + r"workbookView\b[^>]*>", fix, text, count=1)
