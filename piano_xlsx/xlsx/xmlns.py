"""Namespaces of the XML parts piano-xlsx edits as text, whatever their producer chose.

Excel declares every namespace on the root element and writes the main one as the
default; other producers do not (openpyxl with lxml declares the relationships prefix on
each <sheet>, others write 'x:' prefixes). An element inserted as text is correct only
if every prefix it uses is bound where it lands. The rules here:

* a child takes the prefix of the element it is inserted into (that prefix is bound
  there, wherever it was declared) when both are in the same namespace;
* any other namespace it needs is looked up in the bindings in scope at the insertion
  point (the root's and the parent's declarations), and declared on the inserted
  element itself when it is not bound there;
* every part that was edited is parsed again, namespaces included, before anything is
  written (:func:`check_part`): a part that would not be well formed stops the run.
"""

from __future__ import annotations

import codecs
import re
from xml.parsers import expat

from ..errors import CannotWriteBack
from . import rx

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

_DECLARATION = rx.compile(r"""\bxmlns(?::([\w.-]+))?\s*=\s*(?:"([^"]*)"|'([^']*)')""")
# a start tag: its qualified name and its attributes (quoted values may hold '>')
_START_TAG = r"""<([\w.-]+:)?%s(?=[\s/>])((?:[^>"']|"[^"]*"|'[^']*')*)>"""
_PROLOG_ITEM = rx.compile(r"""\s+|<\?.*?\?>|<!--.*?-->""", re.S)
_ROOT = rx.compile(r"""<([\w.-]+:)?([\w.-]+)((?:[^>"']|"[^"]*"|'[^']*')*)>""")


def declarations(attributes_text: str) -> dict[str, str]:
    """prefix -> namespace declared in a start tag's attributes ('' is the default namespace)."""
    return {m.group(1) or "": (m.group(2) if m.group(2) is not None else m.group(3))
            for m in _DECLARATION.finditer(attributes_text)}


def root_tag(text: str):
    """The root element's start tag (a match: group 1 its prefix with ':', 3 its attributes)."""
    pos = 1 if text.startswith("\ufeff") else 0
    while True:
        m = _PROLOG_ITEM.match(text, pos)
        if not m or m.end() == pos:
            break
        pos = m.end()
    m = _ROOT.match(text, pos)
    if m is None:
        raise CannotWriteBack("Parte XML senza elemento radice: il file non può essere aggiornato.")
    return m


def start_tag(text: str, local: str, start: int = 0, end: int | None = None):
    """The first start tag of `local` (any prefix) in text[start:end], or None."""
    pattern = rx.compile(_START_TAG % re.escape(local))
    return pattern.search(text, start, len(text) if end is None else end)


def scope(text: str, *tags) -> dict[str, str]:
    """The bindings in scope inside the last of `tags` (matches of start tags, outermost first),
    when they are the chain of elements from the root down: later declarations win."""
    out: dict[str, str] = {}
    for tag in tags:
        if tag is not None:
            out.update(declarations(tag.group(tag.re.groups)))
    return out


def prefix_for(namespace: str, bindings: dict[str, str], preferred: str) -> tuple[str, str]:
    """(prefix to use, declaration to add on the new element or '') for `namespace`."""
    for prefix, uri in bindings.items():
        if uri == namespace and prefix:
            return prefix, ""
    prefix = preferred
    n = 1
    while prefix in bindings:
        prefix = f"{preferred}{n}"
        n += 1
    return prefix, f' xmlns:{prefix}="{namespace}"'


# --------------------------------------------------------------------------- encodings


_ENCODING = rx.compile(r"""^(<\?xml[^>]*?\bencoding\s*=\s*)(["'])([\w.:-]+)\2""")


def decode(data: bytes) -> str:
    """A part's text, whatever encoding it declares (Excel writes UTF-8; some producers UTF-16,
    with or without a byte-order mark). The text's own declaration is rewritten to UTF-8, the
    encoding the part is written back in."""
    if data.startswith(codecs.BOM_UTF8):
        text = data[3:].decode("utf-8")
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = data.decode("utf-16")
    elif data.startswith(b"<\x00?\x00"):
        text = data.decode("utf-16-le")
    elif data.startswith(b"\x00<\x00?"):
        text = data.decode("utf-16-be")
    else:
        head = data[:200].decode("ascii", "replace")
        m = _ENCODING.match(head)
        encoding = m.group(3).lower().replace("_", "-") if m else "utf-8"
        if encoding in ("utf-8", "utf8"):
            return data.decode("utf-8")
        try:
            text = data.decode(encoding)
        except (LookupError, UnicodeDecodeError) as exc:
            raise CannotWriteBack(f"Una parte del file usa una codifica dei caratteri non gestita ({encoding}): "
                                  "aprirlo in Excel o LibreOffice, salvarlo in formato .xlsx e rilanciare.") from exc
    return _ENCODING.sub(lambda m: f"{m.group(1)}{m.group(2)}UTF-8{m.group(2)}", text, count=1)


# --------------------------------------------------------------------------- checking


def check_part(name: str, data: bytes) -> None:
    """Raise CannotWriteBack unless `data` is well formed with every prefix bound: the last
    check before an edited part goes into a file."""
    parser = expat.ParserCreate(namespace_separator=" ")
    try:
        parser.Parse(data, True)
    except expat.ExpatError as exc:
        raise CannotWriteBack(
            f"piano-xlsx non riesce ad aggiornare la parte '{name}' di questo file senza renderla illeggibile "
            f"({expat.ErrorString(exc.code)}, riga {exc.lineno}, colonna {exc.offset + 1}): nessun file è stato "
            "scritto. Aprire il file in Excel o LibreOffice, salvarlo in formato .xlsx e rilanciare; se il "
            "problema resta, segnalarlo.") from exc


__all__ = ["MAIN_NS", "REL_NS", "declarations", "root_tag", "start_tag", "scope", "prefix_for", "decode",
           "check_part"]


# --------------------------------------------------------------------------- Excel's own form

# A start tag that Excel could have written: name, then attributes as name="value" (double
# quotes, no space around '='), then '>' or '/>'. The search finds the first tag that is not.
_NOT_EXCEL_TAG = rx.compile(r"""<(?>[\w.-]+(?::[\w.-]+)?(?:\s+[\w.:-]+="[^"]*")*\s*)(?![/>])""")
_SAMPLE = 65_536
_EXPANDED_EMPTY = rx.compile(r"""<([\w.:-]+)(?:\s[^>]*)?(?<!/)></\1\s*>""")
_CORE_DECLARATION = rx.compile(
    r"""xmlns(?::[\w.-]+)?\s*=\s*["'](?:http://schemas\.openxmlformats\.org/(?:spreadsheetml/2006/main|"""
    r"""officeDocument/2006/relationships|package/2006/(?:relationships|content-types)))["']|xmlns\s*=""")


def in_excel_form(text: str) -> bool:
    """Whether a part is written the way Excel writes it, which the textual edits rely on: the
    root's namespace is the default one, the core namespaces are declared on the root only,
    attributes are name="value", empty elements are '<a/>', no comments, CDATA or processing
    instructions after the prolog. One scan each, at C speed: Excel's parts always pass."""
    root = root_tag(text)
    if root.group(1):
        return False
    after = root.end()
    if text.find("<!", after) >= 0 or text.find("<?", after) >= 0:
        return False
    at = text.find("xmlns", after)
    while at >= 0:  # declarations below the root are few (Excel's extensions): each is looked at
        if _CORE_DECLARATION.match(text, at):
            return False
        at = text.find("xmlns", at + 5)
    # the tags' own form is looked at in the first and last _SAMPLE characters of a big part: a
    # producer's serializer writes a whole part in one style, and a part whose edit still went
    # wrong is stopped by check_part (this check costs 0.1 s on a 10,000-row sheet otherwise)
    if len(text) <= 2 * _SAMPLE:
        pieces = [(root.start(), len(text))]
    else:
        # cut between tags: a tag cut in two is not a tag in another form
        pieces = [(root.start(), text.rfind(">", 0, _SAMPLE) + 1), (text.find("<", len(text) - _SAMPLE), len(text))]
    for start, end in pieces:
        if _NOT_EXCEL_TAG.search(text, start, end) or _EXPANDED_EMPTY.search(text, start, end):
            return False
    return True


_XML_DECLARATION = rx.compile(r"^\s*<\?xml\b[^>]*\?>")
_MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_MC_PREFIX_LISTS = ("Ignorable", "ProcessContent", "MustUnderstand", "PreserveElements", "PreserveAttributes",
                    "Requires")
_XML_NS = "http://www.w3.org/XML/1998/namespace"


def _escape(text: str, attribute: bool) -> str:
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if attribute:
        text = text.replace('"', "&quot;").replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;")
    return text.replace("\r", "&#13;")


def to_excel_form(text: str) -> str:
    """The same part written as Excel writes it (see :func:`in_excel_form`): the root's namespace
    as the default, every other namespace declared on the root under the prefix the producer
    gave it (renamed only if two namespaces shared one), attributes in their order, double
    quotes. Comments and processing instructions, which hold no workbook data, are dropped;
    CDATA becomes escaped text. The meaning of the part is unchanged.

    Two streaming passes: the first only collects the namespaces (the root must declare them
    all), the second writes (found in review: keeping every event of a 14 MB sheet took
    ~490 MB)."""
    # the text is already decoded: parse it as UTF-8 whatever its declaration said
    data = _XML_DECLARATION.sub("", text.lstrip("\ufeff"), count=1).encode("utf-8")
    root, declared = _root_and_declarations(data)
    return _ExcelFormWriter(_output_prefixes(root, declared)).write(data)


def _root_and_declarations(data: bytes) -> tuple[str, list[tuple[str, str]]]:
    """The first pass: the root element's name (expat's 'namespace local') and every namespace
    declaration of the part, (prefix, namespace) in document order."""
    declared: list[tuple[str, str]] = []
    root: list[str] = []

    first = expat.ParserCreate(namespace_separator=" ")
    first.StartNamespaceDeclHandler = lambda prefix, uri: declared.append((prefix or "", uri or ""))

    def first_start(name, attrs):
        if not root:
            root.append(name)

    first.StartElementHandler = first_start
    _parse(first, data)
    if not root:
        raise CannotWriteBack("Parte XML senza elemento radice: il file non può essere aggiornato.")
    return root[0], declared


def _output_prefixes(root: str, declared: list[tuple[str, str]]) -> dict[str, str]:
    """namespace -> prefix in the output ('' for the default): the root's namespace is the default,
    'xml' stays 'xml'."""
    chosen: dict[str, str] = {_XML_NS: "xml"}
    taken: set[str] = {"xml"}
    root_ns = root.split(" ", 1)[0] if " " in root else None
    if root_ns is not None:
        chosen[root_ns] = ""
        taken.add("")
    # every other namespace keeps the first prefix it was declared with
    for prefix, uri in declared:
        if uri in chosen or not uri:
            continue
        name = prefix or "ns"
        n = 0
        while name in taken:
            n += 1
            name = f"{prefix or 'ns'}{n}"
        chosen[uri] = name
        taken.add(name)
    return chosen


class _ExcelFormWriter:
    """The second pass: expat's events written back as text in Excel's form, with the prefixes
    `chosen`, every namespace declared on the root."""

    def __init__(self, chosen: dict[str, str]):
        self.chosen = chosen
        self.out = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n']
        self.scopes: list[dict[str, str]] = [{}]  # prefix -> namespace, as the producer declared them
        self.pending: dict[str, str] = {}
        self.open: str | None = None  # a start tag not yet closed: '>' or '/>' depends on what follows
        self.first = True

    def write(self, data: bytes) -> str:
        parser = expat.ParserCreate(namespace_separator=" ")
        parser.ordered_attributes = True
        parser.buffer_text = True
        parser.StartNamespaceDeclHandler = self.ns_start
        parser.StartElementHandler = self.start
        parser.EndElementHandler = self.end
        parser.CharacterDataHandler = self.chars
        _parse(parser, data)
        return "".join(self.out)

    def qname(self, name: str) -> str:
        if " " not in name:
            return name
        uri, local = name.split(" ", 1)
        prefix = self.chosen[uri]
        return f"{prefix}:{local}" if prefix else local

    def ns_start(self, prefix, uri):
        self.pending[prefix or ""] = uri or ""

    def start(self, name, flat):
        scope = self.scopes[-1]
        if self.pending:  # an element that declares nothing shares its parent's scope
            scope = {**scope, **self.pending}
            self.pending.clear()
        self.scopes.append(scope)
        if self.open is not None:
            self.out.append(self.open + ">")
        chosen, qname = self.chosen, self.qname
        pieces = [qname(name)]
        if self.first:
            self.first = False
            for uri, prefix in chosen.items():
                if uri != _XML_NS:
                    pieces.append(f'xmlns:{prefix}="{_escape(uri, True)}"' if prefix
                                  else f'xmlns="{_escape(uri, True)}"')
        for j in range(0, len(flat), 2):
            attr, value = flat[j], flat[j + 1]
            if attr.startswith(_MC_NS + " ") and attr.split(" ", 1)[1] in _MC_PREFIX_LISTS:
                # prefixes named in a value: the names they have in the output
                value = " ".join(chosen.get(scope.get(p, ""), p) for p in value.split())
            pieces.append(f'{qname(attr)}="{_escape(value, True)}"')
        self.open = "<" + " ".join(pieces)

    def end(self, name):
        self.scopes.pop()
        if self.open is not None:
            self.out.append(self.open + "/>")
            self.open = None
        else:
            self.out.append(f"</{self.qname(name)}>")

    def chars(self, data):
        if self.open is not None:
            self.out.append(self.open + ">")
            self.open = None
        self.out.append(_escape(data, False))


def _parse(parser, data: bytes) -> None:
    try:
        parser.Parse(data, True)
    except expat.ExpatError as exc:
        raise CannotWriteBack(f"Una parte del file non è XML valido ({expat.ErrorString(exc.code)}, riga "
                              f"{exc.lineno}): aprirlo in Excel o LibreOffice, salvarlo e rilanciare.") from exc
