"""Lossless editing of an xlsx package: every part we do not own is copied byte for byte.

An xlsx is a zip of XML parts. Loading it into an object model and saving it again
loses whatever the model does not know (excel-facts.md), so piano-xlsx edits the
package instead: it replaces or adds only the parts it owns, and makes small textual
insertions in the few shared parts it must touch (workbook.xml, its relationships,
[Content_Types].xml, styles.xml, the table's sheet). Edits are made on the XML text,
never by re-serialising a parsed tree, so namespace declarations, mc:Ignorable
prefixes, extension lists and formatting of the untouched text stay as they were.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Set
from concurrent.futures import Future
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..errors import CannotWriteBack
from .zipwrite import DEFLATED, Compressor, DateTime, ZipOut, ZipTooLarge

if TYPE_CHECKING:
    from .package import Package

CT_PART = "[Content_Types].xml"
REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
REL_WORKSHEET = DOC_REL + "/worksheet"
REL_DRAWING = DOC_REL + "/drawing"
REL_CHART = DOC_REL + "/chart"
REL_CALCCHAIN = DOC_REL + "/calcChain"
CT_WORKSHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
CT_DRAWING = "application/vnd.openxmlformats-officedocument.drawing+xml"
CT_CHART = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"


# xml.sax.saxutils does the same, but importing it pulls in urllib.request, email and ssl (12 ms)
def xml_text(text: str) -> str:
    """Character data: &, < and > escaped."""
    return text.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")


def xml_attr(text: str) -> str:
    """An attribute value with its quotes (as saxutils.quoteattr): line breaks and tabs kept as
    character references, double quotes escaped only when both kinds of quote occur."""
    text = xml_text(text).replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;")
    if '"' in text:
        if "'" not in text:
            return f"'{text}'"
        text = text.replace('"', "&quot;")
    return f'"{text}"'


def xml_unescape(text: str) -> str:
    """saxutils.unescape(text, {"&quot;": '"', "&apos;": "'"}): &amp; last."""
    if "&" not in text:
        return text
    text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&apos;", "'")
    return text.replace("&amp;", "&")


def rels_name(part: str) -> str:
    folder, base = posixpath.split(part)
    return posixpath.join(folder, "_rels", base + ".rels")


def relative_target(source_part: str, target_part: str) -> str:
    return posixpath.relpath(target_part, posixpath.dirname(source_part) or ".")


def resolve_target(source_part: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(source_part), target))


@dataclass(frozen=True)
class Rel:
    id: str
    type: str
    target: str  # the part name, resolved against the source part (external targets kept as written)
    external: bool


_REL_RE = re.compile(r"<(?:[\w.-]+:)?Relationship\b([^>]*?)/?>", re.S)
_ATTR_RE = re.compile(r"""([\w:.-]+)\s*=\s*("[^"]*"|'[^']*')""")


def attributes(tag_text: str) -> dict[str, str]:
    return {k: xml_unescape(v[1:-1]) for k, v in _ATTR_RE.findall(tag_text)}


class PackageEditor:
    """Holds the original package and the changes to it; `save` writes a new zip."""

    def __init__(self, package: Package) -> None:
        self.package = package
        self.original = list(package.names())
        self.changed: dict[str, bytes] = {}
        self.removed: set[str] = set()
        self.added: list[str] = []
        # names of the office's parts removed and then written again: a new part that only takes a
        # freed name (an earlier run's Storico), not an edit of the office's text
        self.renewed: set[str] = set()
        self._compressor = Compressor()

    # -- parts
    def exists(self, name: str) -> bool:
        return (name in self.changed or self.package.has(name)) and name not in self.removed

    def read(self, name: str) -> bytes:
        if name in self.removed:
            raise KeyError(name)
        if name in self.changed:
            return self.changed[name]
        return self.package.read(self.package.resolve(name) or name)

    def text(self, name: str) -> str:
        """A part's text, to be edited as text: in the form Excel writes (xmlns.in_excel_form),
        which the edits rely on. A part another producer wrote otherwise (prefixes, declarations
        on inner elements, quotes, encodings) is first written again in that form, same meaning."""
        from .xmlns import in_excel_form, to_excel_form

        text = self.raw_text(name)
        return text if name in self.changed or in_excel_form(text) else to_excel_form(text)

    def raw_text(self, name: str) -> str:
        """A part's text as its producer wrote it (decoded): for an edit that holds in any form,
        such as removing one attribute, and leaves the rest of the part as it was."""
        from .xmlns import decode

        return decode(self.read(name))

    def write(self, name: str, data: str | bytes) -> None:
        if isinstance(data, str):
            data = data.encode("utf-8")
        if name in self.removed:
            self.renewed.add(name)
        self.removed.discard(name)
        if not self.package.has(name) and name not in self.added:
            self.added.append(name)
        self.changed[name] = data
        self._compressor.start(name, data)  # a big part is compressed while the next one is built

    def remove(self, name: str) -> None:
        self.changed.pop(name, None)
        self.renewed.discard(name)
        if name in self.added:
            self.added.remove(name)
        if self.package.has(name):
            self.removed.add(name)

    def unique_name(self, pattern: str) -> str:
        """First free name for a pattern such as 'xl/worksheets/sheet{}.xml'."""
        n = 1
        taken = {p.lower() for p in self.original if p not in self.removed} | {p.lower() for p in self.added}
        while pattern.format(n).lower() in taken:
            n += 1
        return pattern.format(n)

    # -- relationships
    def rels(self, part: str) -> list[Rel]:
        name = rels_name(part)
        if not self.exists(name):
            return []
        out = []
        for m in _REL_RE.finditer(self.text(name)):
            a = attributes(m.group(1))
            external = a.get("TargetMode", "") == "External"
            target = a.get("Target", "")
            out.append(Rel(a.get("Id", ""), a.get("Type", ""), target if external else resolve_target(part, target),
                           external))
        return out

    def add_rel(self, part: str, rel_type: str, target_part: str) -> str:
        name = rels_name(part)
        existing = self.rels(part)
        ids = {r.id for r in existing}
        n = len(existing) + 1
        while f"rId{n}" in ids:
            n += 1
        rid = f"rId{n}"
        element = (f'<{{p}}Relationship Id="{rid}" Type="{rel_type}" '
                   f'Target={xml_attr(relative_target(part, target_part))}/>')
        if self.exists(name):
            text = self.text(name)
            text = _insert_before_close(text, "Relationships", element)
        else:
            text = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                    f'<Relationships xmlns="{REL_NS}">{element.replace("{p}", "")}</Relationships>')
        self.write(name, text)
        return rid

    def remove_rel(self, part: str, rid: str) -> None:
        name = rels_name(part)
        if not self.exists(name):
            return
        text = self.text(name)
        for m in _REL_RE.finditer(text):
            if attributes(m.group(1)).get("Id") == rid:
                text = text[:m.start()] + text[m.end():]
                break
        self.write(name, text)

    # -- content types
    def add_override(self, part: str, content_type: str) -> None:
        text = self.text(CT_PART)
        element = f'<{{p}}Override PartName="/{part}" ContentType="{content_type}"/>'
        self.write(CT_PART, _insert_before_close(text, "Types", element))

    def remove_override(self, part: str) -> None:
        text = self.text(CT_PART)
        pattern = re.compile(r'<(?:[\w.-]+:)?Override\b[^>]*PartName="/?' + re.escape(part) + r'"[^>]*/>', re.I)
        self.write(CT_PART, pattern.sub("", text, count=1))

    def remove_tree(self, part: str, keep: Set[str] = frozenset()) -> None:
        """Remove a part, its relationships part and every part reachable only through it."""
        for rel in self.rels(part):
            if not rel.external and rel.target not in keep and self.exists(rel.target):
                if not self._referenced_elsewhere(rel.target, part):
                    self.remove_tree(rel.target, keep)
        if self.exists(rels_name(part)):
            self.remove(rels_name(part))
        self.remove(part)
        self.remove_override(part)

    def _referenced_elsewhere(self, target: str, source: str) -> bool:
        for name in self.all_names():
            if name.endswith(".rels") and name != rels_name(source):
                owner = _rels_owner(name)
                if owner in self.removed:
                    continue
                if any(r.target == target for r in self.rels(owner)):
                    return True
        return False

    def all_names(self) -> list[str]:
        return [n for n in self.original if n not in self.removed] + list(self.added)

    # -- output
    def save(self, date_time: DateTime = (1980, 1, 1, 0, 0, 0)) -> bytes:
        """The new package: original members in their order (changed ones replaced), then added ones.
        Members not changed keep their compressed bytes (checked as a read would check them);
        fixed timestamps and compression make the same inputs give the same bytes."""
        try:
            try:
                return self._save(date_time)
            except ZipTooLarge:
                return self._save_with_zipfile(date_time)
        finally:
            self.close()

    def close(self) -> None:
        """Stop the background compression (after a failure, its results are not wanted)."""
        self._compressor.close()

    def check_edited(self) -> None:
        """Every part of the office's that was edited is parsed again, namespaces included: an
        edit that would leave it unreadable stops here, before anything is written. A part written
        whole in a freed name (an earlier run's Storico, 18 MB in December at 10,000 indicators) is
        new, as in a first run: parsing it again cost 0.2 s."""
        from .xmlns import check_part

        for name, data in self.changed.items():
            if self.package.has(name) and name not in self.renewed and \
                    name.lower().endswith((".xml", ".rels", ".vml")):
                check_part(name, data)

    def _save(self, date_time: DateTime) -> bytes:
        self.check_edited()
        # (name, its bytes, None, None) for a member to deflate, (name, None, its stored form, the
        # check of that form) for one copied as stored
        plan: list[tuple[str, bytes | None, tuple[int, int, bytes, int] | None, Future[bool] | None]] = []
        for name in self.all_names():
            form = None if name in self.changed else self.package.stored_form(name)
            if form is None:
                plan.append((name, self.read(name), None, None))
            else:
                plan.append((name, None, form, self._compressor.submit(self.package.check_stored_form, name, form)))
        out = ZipOut(date_time)
        for name, data, form, check in plan:
            if form is None:
                assert data is not None
                crc, compressed = self._compressor.deflated(name, data)
                out.add(name, DEFLATED, crc, compressed, len(data))
            elif check is not None and check.result():
                out.add(name, *form)
            else:  # not exactly as declared: read as any read would (refusing real damage)
                data = self.read(name)
                crc, compressed = self._compressor.deflated(name, data)
                out.add(name, DEFLATED, crc, compressed, len(data))
        return out.getvalue()

    def _save_with_zipfile(self, date_time: DateTime) -> bytes:
        import io

        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as out:
            for name in self.all_names():
                data = self.read(name)
                info = zipfile.ZipInfo(name, date_time=date_time)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o600 << 16
                out.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=1)
        return buffer.getvalue()


def _rels_owner(rels_part: str) -> str:
    folder, base = posixpath.split(rels_part)
    return posixpath.join(posixpath.dirname(folder), base[:-len(".rels")])


def _insert_before_close(text: str, local: str, element: str) -> str:
    """Insert `element` as the last child of the root element `local`. `element` is a template
    whose '{p}' becomes the root's prefix: the child is in the root's namespace, and that
    prefix is bound there whatever the producer chose (default namespace or 'x:')."""
    from .xmlns import root_tag

    root = root_tag(text)
    if root.group(2) != local:
        raise CannotWriteBack(f"Parte XML inattesa: manca l'elemento <{local}>.")
    prefix = root.group(1) or ""
    element = element.replace("{p}", prefix)
    if root.group(3).rstrip().endswith("/"):  # a self-closing root such as <Relationships .../>
        attrs = root.group(3).rstrip()[:-1]
        return text[:root.start()] + f"<{prefix}{local}{attrs}>{element}</{prefix}{local}>" + text[root.end():]
    close = text.rfind(f"</{prefix}{local}")
    if close < root.end():
        raise CannotWriteBack(f"Parte XML inattesa: l'elemento <{local}> non è chiuso.")
    return text[:close] + element + text[close:]
