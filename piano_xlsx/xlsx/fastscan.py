"""The fast path of the reader: worksheets and shared strings cut by regular expressions.

Expat calling back into Python for every element costs more than everything else
together. So the content of <sheetData> is cut into rows and cells by the compiled
expressions below, whose text is decoded exactly as expat decodes it, and the rest of
the part (prolog, DTD or not, everything around <sheetData>) is checked by expat
without callbacks, at C speed. The expressions are strict: they accept only
well-formed XML (attribute syntax, balanced tags, bound prefixes, valid characters and
references; UTF-8 is checked apart), so together the two checks accept what expat
accepts. The common shapes (<c r="B7" s="3" t="s"><v>12</v></c>) are handled inline;
anything else inside a cell goes through a small emulation of the expat callbacks;
anything the scan does not fully understand (a namespace prefix or declaration in the
way, comments, CDATA, processing instructions, another encoding, unknown elements
between cells, a value out of range, damaged XML...) makes it give up, and the part is
read again with expat, which is the reference and reports damaged or unsafe XML.
Correctness never depends on the fast path.

Kept for a measured reason (benchmarks at 10,000 indicators: 0.24 s instead of 0.64 s for the
plan, 1.2 s instead of 2.2 s for December's file with its Storico), and checked against expat by a
differential test (tests/test_xlsx_reader.py, "FAST_PATH = False").
"""

from __future__ import annotations

import codecs
import re

from . import numfmt, rx
from .cells import (MAIN_NS, _DIGITS, _NOT_A_DATE, Cell, _cell_finisher, _col_number, _finite, _new_date_cache,
                    _new_object, _set, _unescape)
from .package import is_well_formed
from .refs import MAX_COL, MAX_ROW, col_index, col_letter

class _Unsupported(Exception):
    """The fast path met something it does not handle: read the part with expat."""


_MAIN_NS_BYTES = frozenset({b"", *(ns.encode() for ns in MAIN_NS)})
_XML_NS = b"http://www.w3.org/XML/1998/namespace"
# -- strict pieces, for <sheetData> (which expat does not check): ASCII qualified names,
# XML white space, characters XML forbids, attributes with quoted values holding no "<",
# "&" or forbidden character (a reference in an attribute: give up), text holding
# references (checked when decoded)
_CTRL = rb"\x00-\x08\x0b\x0c\x0e-\x1f"
_STRICT_NAME = rb"[A-Za-z_][\w.-]*+(?::[A-Za-z_][\w.-]*+)?+"
_STRICT_ATTRS = (rb"(?:[ \t\r\n]++" + _STRICT_NAME + rb"[ \t\r\n]*+=[ \t\r\n]*+(?:\"[^\"<&" + _CTRL
                 + rb"]*+\"|'[^'<&" + _CTRL + rb"]*+'))*+[ \t\r\n]*+")
_TEXT = rb"(?:[^<&" + _CTRL + rb"]++|&[#\w]{2,8};)*+"
_STRAY_BYTES = frozenset(b"<&" + bytes(range(0x09)) + b"\x0b\x0c" + bytes(range(0x0e, 0x20)))
_STRICT_ATTR_RE = rx.compile(rb"""(""" + _STRICT_NAME + rb""")[ \t\r\n]*+=[ \t\r\n]*+(?:"([^"]*+)"|'([^']*+)')""")
# The attributes of a start tag after its name. In well-formed XML "/" and ">" appear
# outside quotes only at the tag's end, while quoted values may hold both.
_ATTRS = rb"""(?:\s(?>[^>"'/]++|"[^"]*+"|'[^']*+')*+)?"""
_ATTR_RE = rx.compile(rb"""([^\s=]++)\s*+=\s*+(?:"([^"]*+)"|'([^']*+)')""")
_XML_DECL_RE = rx.compile(rb"""<\?xml\s(?>[^?"']++|"[^"]*+"|'[^']*+')*+\?>""")
_ENCODING_RE = rx.compile(rb"""\sencoding\s*+=\s*+(?:"([^"]*+)"|'([^']*+)')""")
_ROOT_RE = rx.compile(rb"\s*+<([^\s/>!?]++)(" + _ATTRS + rb")/?>")
_SHEETDATA_RE = rx.compile(rb"<sheetData(" + _ATTRS + rb")(/?)>")
_SHEETDATA_END_RE = rx.compile(rb"</sheetData\s*+>")
_PREFIX_DECL_RE = rx.compile(rb"""xmlns:([^\s=]++)\s*+=\s*+(?:"([^"]*+)"|'([^']*+)')""")
_DEFAULT_NS_DECL_RE = rx.compile(rb"xmlns\s*+=")
# elements the reader acts on, met outside <sheetData> (prefix, local name)
_STRAY_RE = rx.compile(rb"<(?:([^\s/>:]++):)?(c|v|f|row|is|t|rPh|sheetData|mergeCell)(?=[\s/>])")
_MERGE_CELL_RE = rx.compile(rb"<mergeCell(" + _ATTRS + rb")/?>")
_PLAIN_REF_RE = rx.compile(rb"""\s++ref="([^"&\t\n\r]*+)"\s*+""")
_SHEET_LOCALS = frozenset({b"c", b"v", b"f", b"row", b"is", b"t", b"rPh", b"sheetData", b"mergeCell"})

# One token of <sheetData>: a cell, a row start or end, text, or a stray character.
# Groups: 1-3 a cell written the usual way (attributes r, s, t in this order, double
# quotes): its column letters, row digits, and " s=... t=..." text; 4 the start tag of any
# other cell ("<c" + attributes); 5 "/" for an empty-element cell; 6 the text of <v> when
# it is the only child; 7-8 "<f>" + formula text and value text for <f>text</f><v>text</v>;
# 9 ">" + any other content (checked by _cell_content); 10 a row's number written the
# usual way; 11 any other row attributes, then "/" for an empty-element row; 12 </row>;
# 13 text between tokens (ignored, as by expat's path) or a stray "<", "&" or forbidden
# character (give up). Every byte of <sheetData> belongs to one token.
_SHEET_TOKEN_RE = rx.compile(
    rb'(?:<c r="([A-Z]++)([0-9]++)"((?: s="[0-9]++")?+(?: t="[a-zA-Z]++")?+)|(<c' + _STRICT_ATTRS + rb"))"
    rb"(?:(/)>|>(?:<v>(" + _TEXT + rb")</v>|(<f>" + _TEXT + rb")</f><v>(" + _TEXT + rb")</v>)</c>"
    rb"|(>(?>[^<]++|<(?!/c[ \t\r\n]*+>))*+)</c[ \t\r\n]*+>)"
    rb'|<row(?: r="([0-9]++)")?+(' + _STRICT_ATTRS + rb"/?)>"
    rb"|(</row[ \t\r\n]*+>)"
    rb"|([^<&" + _CTRL + rb"]++|[<&" + _CTRL + rb"])"
)
# what the t attribute of a usual cell says, for _scan_sheet_cells
_NUMBER_CELL, _SHARED_TEXT_CELL, _OTHER_CELL = "n", "s", "other"
# The content of an element (of a cell not in the usual shapes, of a shared string): a tag
# (end "/", name, attributes, empty-element "/"), text, or a stray character.
_STRICT_CONTENT_TOKEN_RE = rx.compile(rb"<(/?)(" + _STRICT_NAME + rb")(" + _STRICT_ATTRS + rb")(/?)>"
                                      rb"|((?:[^<&" + _CTRL + rb"]++|&[#\w]{2,8};)++)|([<&" + _CTRL + rb"])")
_ENTITY_RE = rx.compile(r"&(?:(amp|lt|gt|quot|apos)|#x([0-9A-Fa-f]++)|#([0-9]++));")
_NAMED_ENTITIES = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}
# Bytes tokenised at a time: the tokens of a window (tuples of bytes) are used and freed
# while still in the processor's cache, and their memory is reused by the next window.
# 16 KB read a 500,000-cell sheet a quarter faster than 1 MB.
_SCAN_WINDOW = 1 << 14
_CELL_CACHE_MAX = 16_384  # distinct <v> texts per kind of cell whose Cell is shared


def _entity(m: re.Match) -> str:
    name, hex_code, dec_code = m.groups()
    if name:
        return _NAMED_ENTITIES[name]
    code = int(hex_code, 16) if hex_code else int(dec_code)
    if not (0x20 <= code <= 0xD7FF or code in (0x9, 0xA, 0xD) or 0xE000 <= code <= 0xFFFD
            or 0x10000 <= code <= 0x10FFFF):
        raise _Unsupported("riferimento a un carattere non ammesso")
    return chr(code)


def _xml_text(raw: bytes) -> str:
    """Character data as expat reports it: UTF-8 decoded, line ends normalised to "\\n",
    character and predefined entity references replaced (no others exist without a DTD).
    Raises _Unsupported for an "&" that starts no such reference."""
    text = raw.decode("utf-8")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "&" in text:
        count = text.count("&")
        text, replaced = _ENTITY_RE.subn(_entity, text)
        if replaced != count:
            raise _Unsupported("riferimento non valido")
    return text


_ATTR_WHITESPACE = bytes.maketrans(b"\t\n\r", b"   ")


def _xml_attr(raw: bytes) -> str:
    """An attribute value as expat reports it: also with each tab and line end (after
    "\\r\\n" became one) turned into a space; references are replaced after that."""
    if b"\r" in raw:
        raw = raw.replace(b"\r\n", b"\n")
    return _xml_text(raw.translate(_ATTR_WHITESPACE))


def _xml_attrs(raw: bytes) -> dict[str, str]:
    """The attributes of a start tag (the text after its name) by qualified name."""
    return {name.decode("utf-8"): _xml_attr(dq or sq) for name, dq, sq in _ATTR_RE.findall(raw)}


def _checked_attrs(raw: bytes, scope: dict[bytes, bytes]) -> dict[str, str]:
    """The attributes of a start tag matched by the strict expressions (the text after its
    name), decoded by qualified name; _Unsupported if a prefix is not bound in ``scope``
    (prefix -> namespace) or two attributes have the same expanded name, as expat would
    refuse them."""
    seen: set[tuple[bytes | None, bytes]] = set()
    attrs: dict[str, str] = {}
    for name, dq, sq in _STRICT_ATTR_RE.findall(raw):
        prefix, colon, local = name.rpartition(b":")
        key: tuple[bytes | None, bytes]
        if colon:
            uri = scope.get(prefix)
            if uri is None or prefix == b"xmlns":
                raise _Unsupported("prefisso non dichiarato")
            key = (uri, local)
        else:
            if name == b"xmlns":
                raise _Unsupported("dichiarazione di spazio dei nomi")
            key = (None, name)
        if key in seen:
            raise _Unsupported("attributo ripetuto")
        seen.add(key)
        attrs[name.decode("ascii")] = _xml_attr(dq or sq)
    return attrs


_START, _END, _TEXT_EVENT = range(3)


def _content_events(content: bytes, scope: dict[bytes, bytes]) -> list[tuple]:
    """The content of an element as expat reports it, (_START, name, attributes),
    (_END, name, None) and (_TEXT_EVENT, None, text), checked as expat checks it: strict
    tokens, balanced tags, bound prefixes (``scope``: prefix -> namespace), unique
    attributes, valid references. _Unsupported otherwise."""
    events: list[tuple] = []
    open_tags: list[bytes] = []
    for closing, name, attrs, empty, text, stray in _STRICT_CONTENT_TOKEN_RE.findall(content):
        if text:
            events.append((_TEXT_EVENT, None, _xml_text(text)))
            continue
        if stray:
            raise _Unsupported("carattere fuori posto")
        if b":" in name:
            prefix = name.partition(b":")[0]
            if prefix not in scope or prefix == b"xmlns":
                raise _Unsupported("prefisso non dichiarato")
        if closing:
            if empty or attrs.strip(b" \t\r\n") or not open_tags or open_tags.pop() != name:
                raise _Unsupported("tag di chiusura non corrispondente")
            events.append((_END, name, None))
        else:
            events.append((_START, name, _checked_attrs(attrs, scope)))
            if empty:
                events.append((_END, name, None))
            else:
                open_tags.append(name)
    if open_tags:
        raise _Unsupported("tag non chiuso")
    return events


def _cell_content(content: bytes, main_prefixes: set[bytes], scope: dict[bytes, bytes]):
    """(v_text, f_attrs, f_text, inline) of a cell's content, as the expat callbacks would
    collect them (same buffer, same resets), for the cells not in the usual shapes.
    ``main_prefixes`` are the prefixes that may stand for the main namespace, ``scope`` the
    prefixes bound around <sheetData>. _Unsupported unless the content is well-formed."""
    v_text: str | None = None
    f_attrs: dict[str, str] | None = None
    f_text: str | None = None
    inline: list[str] | None = None
    buf: list[str] = []
    phonetic = 0
    for event, name, value in _content_events(content, scope):
        if event is _TEXT_EVENT:
            buf.append(value)
            continue
        if b":" in name:
            prefix, _, local = name.partition(b":")
            if prefix in main_prefixes and local in _SHEET_LOCALS:
                raise _Unsupported("elemento con prefisso")
            continue  # another namespace: ignored, as by the expat path
        if event is _START:
            if name == b"v" or name == b"t":
                buf.clear()
            elif name == b"f":
                buf.clear()
                f_attrs = value
            elif name == b"is":
                inline = []
            elif name == b"rPh":
                phonetic += 1
            elif name in _SHEET_LOCALS:
                raise _Unsupported(f"<{name.decode()}> dentro una cella")
        elif name == b"v":
            v_text = "".join(buf)
        elif name == b"f":
            f_text = "".join(buf)
        elif name == b"t":
            if inline is not None and not phonetic:
                inline.append("".join(buf))
            buf.clear()
        elif name == b"rPh":
            phonetic -= 1
    return v_text, f_attrs, f_text, inline


def _check_text(data: bytes, start: int, end: int) -> None:
    """What the strict expressions leave to check in data[start:end]: UTF-8 (with no
    U+FFFE or U+FFFF), and no "]]>". _Unsupported otherwise."""
    if not data.isascii():
        decoder = codecs.getincrementaldecoder("utf-8")("strict")
        view = memoryview(data)
        step = 1 << 20  # decoded a megabyte at a time, not into one huge string
        for pos in range(start, end, step):
            try:
                text = decoder.decode(view[pos:min(pos + step, end)], pos + step >= end)
            except UnicodeDecodeError:
                raise _Unsupported("UTF-8 non valido") from None
            if "\ufffe" in text or "\uffff" in text:
                raise _Unsupported("carattere non ammesso")
    if data.find(b"]", start, end) >= 0 and data.find(b"]]>", start, end) >= 0:
        raise _Unsupported("']]>' nel testo")


def _xml_root(data: bytes) -> re.Match:
    """The start tag of the root element, if the fast paths can read ``data``: UTF-8
    (expat's default, or declared), nothing but spaces before the root, and the root puts
    unprefixed names in the main namespace or in none (the expat paths accept both).
    Raises _Unsupported otherwise. ``data`` need not be well-formed: expat checks it after."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in data[:4]:
        raise _Unsupported("codifica UTF-16 o UTF-32")
    pos = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    decl = _XML_DECL_RE.match(data, pos)
    if decl is not None:
        encoding = _ENCODING_RE.search(decl.group())
        # exactly "UTF-8": expat knows no other name for it ("UTF8" goes through Python's
        # codecs, one byte per character, and non-ASCII text then fails)
        if encoding is not None and (encoding.group(1) or encoding.group(2)).lower() != b"utf-8":
            raise _Unsupported("codifica diversa da UTF-8")
        pos = decl.end()
    root = _ROOT_RE.match(data, pos)
    if root is None:
        raise _Unsupported("commenti o istruzioni prima dell'elemento radice")
    for name, dq, sq in _ATTR_RE.findall(root.group(2)):
        if name == b"xmlns" and (dq or sq) not in _MAIN_NS_BYTES:
            raise _Unsupported("spazio dei nomi predefinito diverso")
    return root


def _sheet_layout(data: bytes):
    """Where the cells are, if the fast path can read this part: (start, end) of the
    content of <sheetData> (equal when there is none), the ``ref`` of every <mergeCell>,
    the prefixes that may stand for the main namespace, and the span of the part from the
    root's start tag to <sheetData>. Raises _Unsupported otherwise. Only the XML around
    <sheetData> is assumed well-formed (expat checks it afterwards, and gives up then)."""
    root = _xml_root(data)
    head_start = root.start(1) - 1
    size = len(data)
    sheet_data = _SHEETDATA_RE.search(data, root.end())
    if sheet_data is None:
        head_end = start = end = tail_start = size
    else:
        if b"xmlns" in sheet_data.group(1):
            raise _Unsupported("dichiarazioni di spazi dei nomi su <sheetData>")
        head_end = sheet_data.start()
        start = sheet_data.end()
        if sheet_data.group(2):
            end = tail_start = start
        else:
            end = data.find(b"</sheetData", start)
            close = _SHEETDATA_END_RE.match(data, end) if end >= 0 else None
            if close is None:
                raise _Unsupported("</sheetData> non riconosciuto")
            tail_start = close.end()
        # inside, the tokenisers give up on any "<" they do not know (comments, CDATA,
        # processing instructions, prefixed elements); namespace declarations are looked for here
        if data.find(b"xmlns", start, end) >= 0:
            raise _Unsupported("dichiarazioni di spazi dei nomi dentro <sheetData>")
    outside = ((head_start, head_end), (tail_start, size))

    # -- outside <sheetData>: no comment, CDATA section or processing instruction (then
    # every "<" starts a tag, as text and attribute values cannot hold one), no other
    # default namespace, and no element the reader acts on but <mergeCell>; a prefixed one
    # counts only if its prefix may stand for the main namespace
    main_prefixes = set()
    root_end = root.end()
    for a, b in outside:
        if data.find(b"<!", a, b) >= 0 or data.find(b"<?", a, b) >= 0:
            raise _Unsupported("commenti, CDATA o istruzioni di elaborazione")
        x = data.find(b"xmlns", a, b)
        while x >= 0:
            declared = _PREFIX_DECL_RE.match(data, x)
            if declared is not None:
                uri = declared.group(2) or declared.group(3)
                if uri in _MAIN_NS_BYTES or b"&" in uri:
                    main_prefixes.add(declared.group(1))
            elif x >= root_end and _DEFAULT_NS_DECL_RE.match(data, x):
                raise _Unsupported("spazio dei nomi predefinito ridefinito")
            x = data.find(b"xmlns", x + 5, b)
    for a, b in outside:
        for prefix, local in _STRAY_RE.findall(data, a, b):
            if prefix in main_prefixes or (not prefix and local != b"mergeCell"):
                raise _Unsupported(f"<{local.decode()}> fuori da <sheetData>")

    merge_refs: list[str] = []
    for a, b in outside:
        for attrs in _MERGE_CELL_RE.findall(data, a, b):
            plain = _PLAIN_REF_RE.fullmatch(attrs)
            merge_refs.append(plain.group(1).decode("utf-8") if plain else _xml_attrs(attrs).get("ref", ""))
    return start, end, merge_refs, main_prefixes, (head_start, head_end)


# One item of <sst>: 1 the text of <si><t>text</t></si>, the usual plain string; 2-3 the
# start tag ("<si" + attributes) and content of any other <si>; 4 text between items
# (ignored) or a stray "<", "&" or forbidden character (give up).
_SST_TOKEN_RE = rx.compile(
    rb"<si><t>(" + _TEXT + rb")</t></si>"
    rb"|(<si" + _STRICT_ATTRS + rb")(?:/>|>((?>[^<]++|<(?!/si[ \t\r\n]*+>))*+)</si[ \t\r\n]*+>)"
    rb"|([^<&" + _CTRL + rb"]++|[<&" + _CTRL + rb"])"
)
_SST_END_RE = rx.compile(rb"</([^\s/>!?]++)\s*+>\s*+")


def _shared_string(content: bytes, scope: dict[bytes, bytes]) -> str:
    """The text of an <si> not in the usual shape, as the expat callbacks would collect it:
    its <t> runs, phonetic runs (<rPh>) left out. _Unsupported unless well-formed."""
    buf: list[str] = []
    parts: list[str] = []
    phonetic = 0
    for event, name, value in _content_events(content, scope):
        if event is _TEXT_EVENT:
            buf.append(value)
            continue
        if b":" in name:
            prefix, _, local = name.partition(b":")
            if scope[prefix] in _MAIN_NS_BYTES and local in (b"si", b"t", b"rPh"):
                raise _Unsupported("elemento con prefisso")
            continue  # another namespace: ignored, as by the expat path
        if event is _START:
            if name == b"t":
                buf.clear()
            elif name == b"rPh":
                phonetic += 1
            elif name == b"si":
                raise _Unsupported("<si> dentro <si>")
        elif name == b"t":
            if not phonetic:
                parts.append("".join(buf))
            buf.clear()
        elif name == b"rPh":
            phonetic -= 1
    return _unescape("".join(parts))


def _scan_shared_strings(data: bytes) -> list[str]:
    """The shared strings of a part (its bytes) without expat's callbacks: exactly what
    ``_stream_shared_strings`` returns. As for worksheets, expat checks the part without the
    content of <sst>, the strict expressions check that content. Raises _Unsupported when
    the part has anything but <si> items in its root, is not well-formed, or has any of
    the things ``_xml_root`` refuses."""
    root = _xml_root(data)
    if root.group(1) != b"sst":
        raise _Unsupported("elemento radice diverso da <sst>")
    if root.group(0).endswith(b"/>"):
        start = end = len(data)
    else:
        start = root.end()
        end = data.rfind(b"</", start)
        close = _SST_END_RE.fullmatch(data, end) if end >= 0 else None
        if close is None or close.group(1) != b"sst":
            raise _Unsupported("qualcosa dopo </sst>")
    if not is_well_formed(data[:start] + data[end:] if end > start else data):
        raise _Unsupported("XML non valido o non sicuro fuori da <sst>")
    if end <= start:
        return []
    if data.find(b"xmlns", start, end) >= 0:
        raise _Unsupported("dichiarazioni di spazi dei nomi dentro <sst>")
    scope = _scope(data, (root.start(1) - 1, root.end()))
    _check_text(data, start, end)
    strings: list[str] = []
    append = strings.append
    tokens = _SST_TOKEN_RE.findall
    pos = start
    while pos < end:
        stop = data.find(b"<si", pos + _SCAN_WINDOW, end) if end - pos > _SCAN_WINDOW else -1
        if stop < 0:
            stop = end
        for text, si_start, content, other in tokens(data, pos, stop):
            if si_start:
                _checked_attrs(si_start[3:], scope)
                append(_shared_string(content, scope) if content else "")
            elif other:
                if other[0] in _STRAY_BYTES:
                    raise _Unsupported("elemento o carattere inatteso in <sst>")
            elif b"&" in text or b"\r" in text or b"_x" in text:
                append(_unescape(_xml_text(text)))
            else:
                append(text.decode("utf-8"))
        pos = stop
    return strings


_TAG_RE = rx.compile(rb"<(/?)([^\s/>!?]++)(" + _ATTRS + rb")(/?)>")


def _scope(data: bytes, head: tuple[int, int]) -> dict[bytes, bytes]:
    """The namespace prefixes bound where <sheetData> starts (prefix -> namespace): the
    declarations on the elements still open there. ``head`` (from the root's start tag to
    <sheetData>) is well-formed."""
    open_decls: list[dict[bytes, bytes]] = []
    for closing, _name, attrs, empty in _TAG_RE.findall(data, *head):
        if closing:
            open_decls.pop()
        elif not empty:
            decls = {}
            for prefix, dq, sq in _PREFIX_DECL_RE.findall(attrs):
                uri = dq or sq
                if b"&" in uri:
                    raise _Unsupported("riferimenti in uno spazio dei nomi")
                decls[prefix] = uri
            open_decls.append(decls)
    scope = {b"xml": _XML_NS}
    for decls in open_decls:
        scope.update(decls)
    return scope


_DIMENSION_RE = rx.compile(rb"""<dimension\s++ref\s*+=\s*+["'][A-Z]{1,3}[0-9]++:[A-Z]{1,3}([0-9]++)["']""")


def _from_declared_end(data: bytes, start: int, skip: tuple[int, int, int, int]) -> tuple[int, int, int, int] | None:
    """A region whose last row is given counted back from the sheet's last row (-1: the one before
    it), resolved with the <dimension> the producer declared; None (nothing left out) without one."""
    found = _DIMENSION_RE.search(data, 0, start)
    if found is None:
        return None
    last = int(found.group(1)) + skip[2]
    return (skip[0], skip[1], last, skip[3]) if last >= skip[0] else None


# '><is><t>text</t></is>': what _cell_content makes of it is its text (a code, a title: all different,
# so the content cache does not hold them; 11,000 of them in the Storico's codes column alone)
# (a control character is not XML: left to _cell_content, which stops on it as expat does; found by the
# hypothesis test of mutated sheets, '\x01' was read)
_SIMPLE_INLINE_RE = rx.compile(rb'><is><t(?: xml:space="preserve")?>([^<' + _CTRL + rb']*)</t></is>')
_ROW_NUMBER_RE = rx.compile(rb'<row\s+r="([0-9]+)"')
_CELL_COLUMN_RE = rx.compile(rb'<c\s+r="([A-Z]{1,3})[0-9]')


def _cut_rows(data: bytes, start: int, end: int, skip: tuple[int, int, int, int]) -> bytes | None:
    """The part without the cells of the region ``skip``: a region the caller never reads (the
    Storico's recorded values, 270,000 cells in December at 10,000 indicators, and the owned
    columns of the table, were tokenised only to be left out). Cells come in column order within a
    row, so each row loses the run of cells from its first in the region to its first beyond it.
    None when the part is not written in the plain form this needs (the caller then tokenises it all)."""
    r1, c1, r2, c2 = skip
    first_letters, last_letters = col_letter(c1).encode(), col_letter(min(c2, MAX_COL)).encode()
    pieces = [data[:start]]
    pos = at = start
    while True:
        at = data.find(b"<row", at, end)
        if at < 0:
            break
        row = _ROW_NUMBER_RE.match(data, at)
        opened = data.find(b">", at, end)
        if row is None or opened < 0:
            return None
        if data[opened - 1:opened] == b"/":  # an empty row
            at = opened
            continue
        closed = data.find(b"</row>", opened, end)
        if closed < 0:
            return None
        number = int(row.group(1))
        if r1 <= number <= r2:
            digits = row.group(1)
            # the region's first and last cells looked up by their references (piano-xlsx writes
            # every cell of its columns): no Python step per cell; else cell by cell, below
            cut_from = data.find(b'<c r="' + first_letters + digits + b'"', opened, closed)
            last = data.find(b'<c r="' + last_letters + digits + b'"', cut_from, closed) if cut_from >= 0 else -1
            if last >= 0 and c2 < MAX_COL:
                after = data.find(b"<c", last + 2, closed)
                if after < 0 or _CELL_COLUMN_RE.match(data, after):
                    pieces.append(data[pos:cut_from])
                    pos = closed if after < 0 else after
                    at = closed + 6
                    continue
            cell = data.find(b"<c", opened, closed)
            cut_from = -1
            while cell >= 0:
                column = _CELL_COLUMN_RE.match(data, cell)
                if column is None:
                    return None  # a cell without its reference, or another element: not cut
                col = col_index(column.group(1).decode())
                if cut_from < 0 and col >= c1:
                    cut_from = cell
                    if c2 >= MAX_COL:
                        break
                if cut_from >= 0 and col > c2:  # the office's cells right of the region stay
                    break
                cell = data.find(b"<c", cell + 2, closed)
            if cut_from >= 0:
                pieces.append(data[pos:cut_from])
                pos = closed if cell < 0 or c2 >= MAX_COL else cell
        at = closed + 6
    pieces.append(data[pos:])
    return b"".join(pieces)


def _scan_sheet_cells(data: bytes, sst: list[str], styles: dict, date1904: bool, path, part: str,
                      skip: tuple[int, int, int, int] | None = None):
    """Read a worksheet part (its bytes) without expat's callbacks: (cells, mergeCell refs,
    largest column holding a cell), exactly as ``_stream_sheet_cells`` would return them, but
    for the cells written the usual way inside ``skip`` (first row, first column, last row, last
    column), which are left out: a region the caller rewrites and never reads.
    Raises _Unsupported (or the error expat's path would raise) when it cannot, or when
    the part is not well-formed XML without a DTD; the caller then uses expat's path.

    Longer than 80 lines on purpose: its loop runs once per cell (500,000 in a 20 MB sheet)
    and keeps the common shapes inline, since a Python call per cell would cost more than the
    work it does (the reason this path exists at all, see the module's docstring)."""
    start, end, merge_refs, main_prefixes, head = _sheet_layout(data)
    if skip is not None and skip[2] < 0:  # a last row counted back from the sheet's declared last row
        skip = _from_declared_end(data, start, skip)
    if skip is not None and skip[1] > 1:
        cut = _cut_rows(data, start, end, skip)
        if cut is not None:  # the rows' cells from the region on, left out before tokenising
            data = cut
            start, end, merge_refs, main_prefixes, head = _sheet_layout(data)
    # -- everything but the content of <sheetData>: expat, without callbacks
    if not is_well_formed(data[:start] + data[end:] if end > start else data):
        raise _Unsupported("XML non valido o non sicuro fuori da <sheetData>")
    # -- the content of <sheetData>: UTF-8 (the expressions check the rest, token by token)
    if end > start:
        scope = _scope(data, head)
        _check_text(data, start, end)
    cells: dict[tuple[int, int], Cell] = {}
    date_cache = _new_date_cache()
    finish = _cell_finisher(sst, styles, date1904, path, part, date_cache)
    default_style = styles[None]
    from_serial = numfmt.from_serial
    NUMBER = numfmt.NUMBER
    Cell_ = Cell
    new = _new_object
    setattr_ = _set
    tokens = _SHEET_TOKEN_RE.findall
    digits = _DIGITS
    cache_max = _CELL_CACHE_MAX
    columns: dict[bytes, int] = {}  # column letters -> number, only columns inside the sheet
    # The " s=... t=..." text of the usual cells -> [Cells by <v> text, what t says, format
    # code, numfmt kind, s, t]. A cell whose only child is <v> is a function of its s, t and
    # <v> text alone, and Cells are immutable: cells written alike share one Cell.
    kinds: dict[bytes, tuple] = {}

    def kind_of(s_and_t: bytes) -> tuple:
        attrs = _xml_attrs(s_and_t)
        style, ctype = attrs.get("s"), attrs.get("t")
        fmt, kind = styles.get(style, default_style)
        mode = _NUMBER_CELL if ctype is None or ctype == "n" else _SHARED_TEXT_CELL if ctype == "s" else _OTHER_CELL
        info = kinds[s_and_t] = ({}, mode, fmt, kind, style, ctype, {})
        return info

    def number(text: bytes, kind: int):
        """(value, is_date) of a number's ASCII text, as the finisher reads it; ValueError
        when the text is not a plain ASCII number (the finisher then decides)."""
        value: float
        if text.isdigit():
            value = int(text)
        elif b"." in text or b"E" in text or b"e" in text:
            value = _finite(float(text))
        else:
            value = int(text)
        if kind != NUMBER:
            cache = date_cache[kind]
            converted = cache.get(value)
            if converted is None:
                converted = from_serial(value, kind, date1904)
                if len(cache) < 100_000:
                    cache[value] = converted if converted is not None else _NOT_A_DATE
            if converted is not None and converted is not _NOT_A_DATE:
                return converted, True
        return value, False

    # raw row attributes -> their "r" (or None), once checked
    row_kinds: dict[bytes, str | None] = {}
    hidden_rows: set[int] = set()

    row = 0
    row_known = False
    col = 0
    max_col = 0
    open_rows = 0  # <row> elements not yet closed
    by_content = None  # the content cache of the cell at hand, when it may be shared
    # a cell's value: int, float, str, a date or time, None, or _Unsupported for "the finisher decides"
    value: object
    pos = start
    while pos < end:
        # tokenise a window at a time, cut where a row starts
        stop = data.find(b"<row", pos + _SCAN_WINDOW, end) if end - pos > _SCAN_WINDOW else -1
        if stop < 0:
            stop = end
        for (letters, row_digits, s_and_t, any_c, empty, v, f_start, f_v, content,
             row_number, row_attrs, row_end, other) in tokens(data, pos, stop):
            if letters:
                # -- a cell written the usual way: where it is (subscripts, not get(): a
                # try block costs nothing in Python 3.11 and these lookups almost always hit)
                try:
                    c = columns[letters]
                except KeyError:
                    c = col_index(letters.decode())
                    if c > MAX_COL:
                        raise _Unsupported("cella fuori dal foglio") from None
                    columns[letters] = c
                if not row_known:
                    row = int(row_digits)
                    if not 0 < row <= MAX_ROW:
                        raise _Unsupported("numero di riga non valido")
                col = c
                if skip is not None and skip[1] <= c <= skip[3] and skip[0] <= row <= skip[2]:
                    continue
                if v:
                    # -- <v>text</v> only: the Cell of an equal cell already seen, or a new one
                    try:
                        info = kinds[s_and_t]
                    except KeyError:
                        info = kind_of(s_and_t)
                    shared = info[0]
                    cell = shared.get(v)
                    if cell is None:
                        mode = info[1]
                        if mode is _NUMBER_CELL:
                            # number(), inlined: this is the commonest miss
                            try:
                                if v.isdigit():
                                    value = int(v)
                                elif b"." in v or b"E" in v or b"e" in v:
                                    value = _finite(float(v))
                                else:
                                    value = int(v)
                            except ValueError:
                                mode = _OTHER_CELL
                            else:
                                is_date = False
                                kind = info[3]
                                if kind != NUMBER:
                                    cache = date_cache[kind]
                                    converted = cache.get(value)
                                    if converted is None:
                                        converted = from_serial(value, kind, date1904)
                                        if len(cache) < 100_000:
                                            cache[value] = converted if converted is not None else _NOT_A_DATE
                                    if converted is not None and converted is not _NOT_A_DATE:
                                        value = converted
                                        is_date = True
                                cell = new(Cell_)
                                setattr_(cell, "value", value)
                                if info[2] is not None:
                                    setattr_(cell, "number_format", info[2])
                                if is_date:
                                    setattr_(cell, "is_date", True)
                        elif mode is _SHARED_TEXT_CELL:
                            try:
                                value = sst[int(v)]
                            except (ValueError, IndexError):
                                mode = _OTHER_CELL  # the finisher decides (or raises, and expat's path reports)
                            else:
                                cell = new(Cell_)
                                setattr_(cell, "value", value)
                                if info[2] is not None:
                                    setattr_(cell, "number_format", info[2])
                        if mode is _OTHER_CELL:
                            cell = finish(row, c, (letters + row_digits).decode(), info[5], info[4], None,
                                          _xml_text(v), None, None, None)
                            if cell is None:
                                continue
                        if len(shared) < cache_max:
                            shared[v] = cell
                    cells[(row, c)] = cell
                    if c > max_col:
                        max_col = c
                    continue
                try:
                    info = kinds[s_and_t]
                except KeyError:
                    info = kind_of(s_and_t)
                if f_start and info[1] is _NUMBER_CELL:
                    # -- <f>formula</f><v>number</v>, the usual formula cell
                    value = None
                    is_date = False
                    if f_v:
                        try:
                            value, is_date = number(f_v, info[3])
                        except ValueError:
                            value = _Unsupported  # not a plain ASCII number: the finisher decides
                    if value is not _Unsupported:
                        formula = _xml_text(f_start[3:])
                        if formula.startswith("="):
                            formula = formula[1:]
                        cell = new(Cell_)
                        setattr_(cell, "value", value)
                        if info[2] is not None:
                            setattr_(cell, "number_format", info[2])
                        setattr_(cell, "formula", formula)
                        if value is None:
                            setattr_(cell, "cached", False)
                        if is_date:
                            setattr_(cell, "is_date", True)
                        cells[(row, c)] = cell
                        if c > max_col:
                            max_col = c
                        continue
                elif not f_start and not content and info[1] is not _OTHER_CELL:
                    continue  # <c .../> or <c ...><v></v></c> of a number or shared text: not stored
                if content and not f_start:
                    # -- other content (an inline string, say): the Cell of an equal cell already
                    # seen, as for <v> above; the Storico sheet repeats its statuses by the 100,000
                    by_content = info[6]
                    cell = by_content.get(content)
                    if cell is not None:
                        cells[(row, c)] = cell
                        if c > max_col:
                            max_col = c
                        continue
                    if len(by_content) >= cache_max:
                        by_content = None
                ref = (letters + row_digits).decode()
                ctype = info[5]
                style = info[4]
                rich = None
            elif any_c:
                # -- any other cell: its attributes decoded, its position as expat's path finds it
                by_content = None
                attrs = _checked_attrs(any_c[2:], scope)
                ref = attrs.get("r")
                ctype = attrs.get("t")
                style = attrs.get("s")
                rich = attrs.get("vm")
                if ref:
                    letters_text = ref.rstrip(digits)
                    try:
                        c = _col_number(letters_text)
                        if not row_known:
                            row = int(ref[len(letters_text):])
                            if not 0 < row <= MAX_ROW:
                                raise ValueError
                    except ValueError:
                        raise _Unsupported("riferimento di cella non valido") from None
                else:
                    c = col + 1
                if c > MAX_COL:
                    raise _Unsupported("cella fuori dal foglio")
                col = c
            elif row_end:
                open_rows -= 1
                if open_rows < 0:
                    raise _Unsupported("</row> senza <row>")
                continue
            elif other:
                if other[0] in _STRAY_BYTES:
                    raise _Unsupported("elemento o carattere inatteso in <sheetData>")
                continue  # text between rows and cells: ignored
            else:
                # -- a row
                if row_attrs.endswith(b"/"):
                    row_attrs = row_attrs[:-1]
                else:
                    open_rows += 1
                try:
                    r_text = row_kinds[row_attrs]
                except KeyError:
                    r_text = row_kinds[row_attrs] = _checked_attrs(row_attrs, scope).get("r")
                if row_number:
                    if r_text is not None:
                        raise _Unsupported("attributo r ripetuto")
                    r_text = row_number
                if r_text:
                    try:
                        row = int(r_text)
                    except ValueError:
                        raise _Unsupported("numero di riga non valido") from None
                    if not 0 < row <= MAX_ROW:
                        raise _Unsupported("numero di riga non valido")
                    row_known = True
                else:
                    row += 1
                    row_known = False
                    if row > MAX_ROW:
                        raise _Unsupported("troppe righe")
                if b"hidden" in row_attrs and _checked_attrs(row_attrs, scope).get("hidden") in ("1", "true"):
                    hidden_rows.add(row)
                col = 0
                continue

            # -- a cell in any other shape, or with any other content
            f_attrs: dict[str, str] | None
            if empty:
                v_text = f_attrs = f_text = inline = None
            elif f_start:
                v_text, f_attrs, f_text, inline = _xml_text(f_v), {}, _xml_text(f_start[3:]), None
            elif content:
                simple = _SIMPLE_INLINE_RE.fullmatch(content)
                if simple is not None:  # an inline text as Excel and piano-xlsx write it: its events, known
                    v_text, f_attrs, f_text, inline = None, None, None, [_xml_text(simple.group(1))]
                else:
                    v_text, f_attrs, f_text, inline = _cell_content(content[1:], main_prefixes, scope)
            else:
                v_text, f_attrs, f_text, inline = _xml_text(v), None, None, None
            cell = finish(row, c, ref, ctype, style, rich, v_text, f_attrs, f_text, inline)
            if cell is not None:
                cells[(row, c)] = cell
                if c > max_col:
                    max_col = c
                if content and not f_start and by_content is not None and cell.formula is None:
                    by_content[content] = cell  # (a shared formula's text depends on where it is)
        pos = stop
    if open_rows:
        raise _Unsupported("<row> non chiuso")
    return cells, merge_refs, max_col, hidden_rows
