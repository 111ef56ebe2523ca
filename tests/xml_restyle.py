"""Write an XML part again in another producer's style, meaning unchanged.

Excel declares every namespace on the root, writes the main one as the default namespace,
quotes with '"' and orders attributes its way. Other producers do otherwise: openpyxl with
lxml declares the relationships prefix on each element that uses it, some write an 'x:'
prefix for the main namespace, single quotes, spaces around '=', UTF-16, comments. A
workbook rewritten with :func:`restyle` holds the same data, so piano-xlsx must read the
same plan from it and write an output as sound as from the original.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from xml.parsers import expat

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
XML_NS = "http://www.w3.org/XML/1998/namespace"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"


@dataclass(frozen=True)
class Style:
    main_prefix: str | None = None  # None: the main namespace is the default one; else e.g. "x"
    local_declarations: bool = False  # declare each namespace where it is first used (lxml style)
    quote: str = '"'
    reverse_attributes: bool = False
    spaces_around_equals: bool = False
    expand_empty: bool = False  # <a></a> rather than <a/>
    declaration: str = "standalone"  # "standalone", "plain" or "none"
    bom: bool = False
    comments: bool = False  # a comment before every element of depth 1 and 2
    utf16: bool = False


def _escape(text: str, attribute: bool, quote: str) -> str:
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if attribute:
        text = text.replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;")
        text = text.replace(quote, "&quot;" if quote == '"' else "&apos;")
    else:
        text = text.replace("\r", "&#13;")
    return text


def restyle(data: bytes, style: Style) -> bytes:
    """`data` (a well-formed part) written again in `style`."""
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.ordered_attributes = True
    parser.buffer_text = True
    prefixes: dict[str, str] = {}  # namespace -> prefix as written by the producer
    events: list[tuple] = []

    def ns_start(prefix, uri):
        prefixes.setdefault(uri, prefix or "")

    parser.StartNamespaceDeclHandler = ns_start
    parser.StartElementHandler = lambda name, attrs: events.append(("start", name, attrs))
    parser.EndElementHandler = lambda name: events.append(("end", name))
    parser.CharacterDataHandler = lambda text: events.append(("text", text))
    parser.CommentHandler = lambda text: events.append(("comment", text))
    parser.Parse(data, True)

    chosen = {uri: prefix for uri, prefix in prefixes.items()}
    chosen[XML_NS] = "xml"
    if MAIN_NS in chosen:
        chosen[MAIN_NS] = style.main_prefix or ""
        if style.main_prefix:  # another namespace that had this prefix keeps its meaning under another name
            for uri, prefix in list(chosen.items()):
                if uri != MAIN_NS and prefix == style.main_prefix:
                    chosen[uri] = prefix + "0"
    default_owner = next((uri for uri, p in chosen.items() if p == ""), None)
    if default_owner is not None and default_owner != MAIN_NS and MAIN_NS in chosen and not style.main_prefix:
        chosen[default_owner] = "d0"  # only one namespace can be the default

    def split(name: str) -> tuple[str | None, str]:
        if " " in name:
            uri, local = name.split(" ", 1)
            return uri, local
        return None, name

    def qname(uri: str | None, local: str) -> str:
        if uri is None:
            return local
        prefix = chosen[uri]
        return f"{prefix}:{local}" if prefix else local

    out: list[str] = []
    q = style.quote
    eq = " = " if style.spaces_around_equals else "="
    scopes: list[set[str]] = []
    depth = 0
    pending_start: str | None = None  # an open start tag not yet closed with '>'
    for i, event in enumerate(events):
        kind = event[0]
        if kind == "start":
            if pending_start is not None:
                out.append(pending_start + ">")
                pending_start = None
            _, name, flat = event
            uri, local = split(name)
            attrs = [(flat[j], flat[j + 1]) for j in range(0, len(flat), 2)]
            if style.reverse_attributes:
                attrs.reverse()
            in_scope = scopes[-1] if scopes else set()
            used = {uri} if uri is not None else set()
            used |= {split(a)[0] for a, _ in attrs if split(a)[0] is not None}
            for a, value in attrs:
                if split(a) == (MC_NS, "Ignorable"):
                    used |= {u for u, p in chosen.items() if p in value.split()}
            if not style.local_declarations:
                used = set(chosen) if depth == 0 else set()
            declare = sorted(u for u in used if u not in in_scope and u != XML_NS)
            scopes.append(in_scope | set(declare))
            pieces = [qname(uri, local)]
            for u in declare:
                prefix = chosen[u]
                pieces.append(f"xmlns{':' + prefix if prefix else ''}{eq}{q}{_escape(u, True, q)}{q}")
            for a, value in attrs:
                au, al = split(a)
                pieces.append(f"{qname(au, al)}{eq}{q}{_escape(value, True, q)}{q}")
            if style.comments and depth in (1, 2):
                out.append("<!-- piano-xlsx test -->")
            pending_start = "<" + " ".join(pieces)
            depth += 1
        elif kind == "end":
            depth -= 1
            scopes.pop()
            uri, local = split(event[1])
            if pending_start is not None:
                if style.expand_empty:
                    out.append(pending_start + f"></{qname(uri, local)}>")
                else:
                    out.append(pending_start + "/>")
                pending_start = None
            else:
                out.append(f"</{qname(uri, local)}>")
        else:
            if pending_start is not None:
                out.append(pending_start + ">")
                pending_start = None
            if kind == "text":
                out.append(_escape(event[1], False, q))
            elif kind == "comment":
                out.append(f"<!--{event[1]}-->")
    body = "".join(out)
    encoding = "UTF-16" if style.utf16 else "UTF-8"
    if style.declaration == "standalone":
        head = f'<?xml version="1.0" encoding="{encoding}" standalone="yes"?>\n'
    elif style.declaration == "plain":
        head = f"<?xml version='1.0' encoding='{encoding}'?>"
    else:
        head = "" if not style.utf16 else f'<?xml version="1.0" encoding="{encoding}"?>'
    text = head + body
    if style.utf16:
        return codecs.BOM_UTF16_LE + text.encode("utf-16-le")
    return (codecs.BOM_UTF8 if style.bom else b"") + text.encode("utf-8")


def restyle_package(source, target, style: Style, parts=None) -> None:
    """Copy a package with its XML parts (all, or those matching `parts`, a regex) restyled."""
    import zipfile

    pattern = re.compile(parts) if parts else None
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename.endswith((".xml", ".rels")) and (pattern is None or pattern.search(info.filename)):
                data = restyle(data, style)
            zout.writestr(info.filename, data)
