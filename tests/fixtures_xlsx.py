"""Helpers that build workbook files byte by byte, for the reader's and the safety tests.

XlsxWriter and openpyxl cannot write some things real files contain (shared formulas,
cells without an ``r`` attribute, ISO date cells, phonetic runs, Strict namespaces,
encrypted or damaged packages), so these helpers write the package parts directly.
"""

from __future__ import annotations

import struct
import zipfile
from pathlib import Path
from xml.sax.saxutils import quoteattr

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
STRICT_NS = "http://purl.oclc.org/ooxml/spreadsheetml/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
STRICT_REL_NS = "http://purl.oclc.org/ooxml/officeDocument/relationships"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
REL_TYPES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    f'<Relationships xmlns="{PKG_REL_NS}">'
    f'<Relationship Id="rId1" Type="{REL_TYPES}/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)


def write_zip(path: Path, parts: dict[str, str | bytes], compression: int = zipfile.ZIP_DEFLATED) -> Path:
    """Write ``parts`` (name -> text or bytes) as a zip, in the given order."""
    with zipfile.ZipFile(path, "w", compression) as zf:
        for name, data in parts.items():
            zf.writestr(name, data.encode("utf-8") if isinstance(data, str) else data)
    return path


def sheet_xml(rows: str, merges: list[str] = (), ns: str = MAIN_NS, prefix: str = "", extra: str = "") -> str:
    """A worksheet part around ``rows`` (the inner XML of <sheetData>)."""
    p = f"{prefix}:" if prefix else ""
    xmlns = f'xmlns:{prefix}="{ns}"' if prefix else f'xmlns="{ns}"'
    merge_xml = ""
    if merges:
        merge_xml = (f'<{p}mergeCells count="{len(merges)}">'
                     + "".join(f'<{p}mergeCell ref="{m}"/>' for m in merges) + f"</{p}mergeCells>")
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            f"<{p}worksheet {xmlns}><{p}sheetData>{rows}</{p}sheetData>{merge_xml}{extra}</{p}worksheet>")


def styles_xml(formats: list[str | int]) -> str:
    """A styles part whose cellXfs are: index 0 General, then one xf per entry of ``formats``
    (a built-in numFmtId, or a custom format code)."""
    custom = []
    xfs = ['<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>']
    next_id = 164
    for fmt in formats:
        if isinstance(fmt, int):
            fmt_id = fmt
        else:
            fmt_id = next_id
            next_id += 1
            custom.append(f'<numFmt numFmtId="{fmt_id}" formatCode={quoteattr(fmt)}/>')
        xfs.append(f'<xf numFmtId="{fmt_id}" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>')
    numfmts = f'<numFmts count="{len(custom)}">{"".join(custom)}</numFmts>' if custom else ""
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><styleSheet xmlns="{MAIN_NS}">{numfmts}'
            '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
            '<fills count="1"><fill><patternFill patternType="none"/></fill></fills>'
            '<borders count="1"><border/></borders>'
            '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
            f'<cellXfs count="{len(xfs)}">{"".join(xfs)}</cellXfs></styleSheet>')


def shared_strings_xml(items: list[str]) -> str:
    """``items`` are the inner XML of each <si> (e.g. "<t>Testo</t>" or rich runs)."""
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            f'<sst xmlns="{MAIN_NS}" count="{len(items)}" uniqueCount="{len(items)}">'
            + "".join(f"<si>{item}</si>" for item in items) + "</sst>")


def raw_workbook(
    path: Path,
    sheets: list[dict],
    *,
    shared_strings: list[str] | None = None,
    styles: str | None = None,
    workbook_pr: str = "",
    defined_names: str = "",
    ns: str = MAIN_NS,
    rel_ns: str = REL_NS,
    absolute_targets: bool = False,
    extra_parts: dict[str, str | bytes] | None = None,
) -> Path:
    """Write a workbook from raw parts. Each sheet is a dict with "name", "xml" (the part's
    text; omitted for a chartsheet), and optionally "state" and "kind" ("worksheet" or
    "chartsheet"). Sheet parts are numbered in reverse so that the order of the
    relationships differs from the order of the sheets."""
    rels = []
    entries = []
    parts: dict[str, str | bytes] = {"[Content_Types].xml": CONTENT_TYPES, "_rels/.rels": ROOT_RELS}
    n = len(sheets)
    for i, spec in enumerate(sheets):
        kind = spec.get("kind", "worksheet")
        folder = "worksheets" if kind == "worksheet" else "chartsheets"
        number = n - i
        target = f"{folder}/sheet{number}.xml"
        if absolute_targets:
            target = "/xl/" + target
        rels.append(f'<Relationship Id="rId{number}" Type="{REL_TYPES}/{kind}" Target="{target}"/>')
        state = f' state="{spec["state"]}"' if spec.get("state") else ""
        entries.append(f'<sheet name={quoteattr(spec["name"])} sheetId="{i + 1}"{state} r:id="rId{number}"/>')
        if kind == "worksheet":
            parts[f"xl/worksheets/sheet{number}.xml"] = spec["xml"]
        else:
            parts[f"xl/chartsheets/sheet{number}.xml"] = (
                f'<?xml version="1.0" encoding="UTF-8"?><chartsheet xmlns="{ns}"><sheetViews><sheetView '
                'workbookViewId="0"/></sheetViews></chartsheet>')
    if styles is not None:
        rels.append(f'<Relationship Id="rId{n + 1}" Type="{REL_TYPES}/styles" Target="styles.xml"/>')
        parts["xl/styles.xml"] = styles
    if shared_strings is not None:
        rels.append(f'<Relationship Id="rId{n + 2}" Type="{REL_TYPES}/sharedStrings" Target="sharedStrings.xml"/>')
        parts["xl/sharedStrings.xml"] = shared_strings_xml(shared_strings)
    names = f"<definedNames>{defined_names}</definedNames>" if defined_names else ""
    parts["xl/workbook.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<workbook xmlns="{ns}" xmlns:r="{rel_ns}">{workbook_pr}'
        f'<sheets>{"".join(entries)}</sheets>{names}</workbook>')
    parts["xl/_rels/workbook.xml.rels"] = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<Relationships xmlns="{PKG_REL_NS}">{"".join(rels)}</Relationships>')
    parts.update(extra_parts or {})
    return write_zip(path, parts)


def one_sheet(path: Path, rows: str, **kwargs) -> Path:
    """A workbook with one worksheet "Foglio1" holding ``rows``."""
    merges = kwargs.pop("merges", ())
    return raw_workbook(path, [{"name": "Foglio1", "xml": sheet_xml(rows, merges)}], **kwargs)


def big_workbook(path: Path, rows: int, cols: int) -> Path:
    """A workbook with rows x cols cells, written directly (fast): a mix of numbers,
    decimals, shared strings, dates and formulas with cached values, as Excel writes them."""
    strings = [f"<t>voce {i}</t>" for i in range(500)]
    out = []
    for r in range(1, rows + 1):
        cells = []
        for c in range(cols):
            ref = _col(c + 1) + str(r)
            k = c % 5
            if k == 0:
                cells.append(f'<c r="{ref}" t="s"><v>{(r * cols + c) % 500}</v></c>')
            elif k == 1:
                cells.append(f'<c r="{ref}"><v>{r * c}</v></c>')
            elif k == 2:
                cells.append(f'<c r="{ref}" s="1"><v>{r / 7 + c}</v></c>')
            elif k == 3:
                cells.append(f'<c r="{ref}" s="2"><v>{43101 + r % 365}</v></c>')
            else:
                cells.append(f'<c r="{ref}"><f>{_col(c)}{r}*2</f><v>{2 * (r / 7 + c - 1)}</v></c>')
        out.append(f'<row r="{r}">{"".join(cells)}</row>')
    return raw_workbook(path, [{"name": "Dati", "xml": sheet_xml("".join(out))}],
                        shared_strings=strings, styles=styles_xml(["0.00%", "dd/mm/yyyy"]))


def _col(n: int) -> str:
    letters = ""
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


# -- OLE2 compound files (old .xls, password-protected .xlsx) ---------------------------

_ENDOFCHAIN = 0xFFFFFFFE
_FREESECT = 0xFFFFFFFF
_NOSTREAM = 0xFFFFFFFF


def _dir_entry(name: str, kind: int, child: int = _NOSTREAM, right: int = _NOSTREAM) -> bytes:
    encoded = (name + "\0").encode("utf-16-le")
    return (encoded.ljust(64, b"\0") + struct.pack("<HBB", len(encoded), kind, 1)
            + struct.pack("<III", _NOSTREAM, right, child) + b"\0" * 16 + struct.pack("<I", 0)
            + b"\0" * 16 + struct.pack("<IQ", _ENDOFCHAIN, 0))


def ole2_file(path: Path, streams: list[str]) -> Path:
    """A minimal but well-formed OLE2 compound file (version 3, one FAT sector, one
    directory sector) whose root holds empty streams with the given names: ["Workbook"]
    looks like an old .xls, ["EncryptionInfo", "EncryptedPackage"] like an .xlsx that
    Excel encrypted with a password."""
    header = bytearray(512)
    header[0:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHHH", header, 24, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<IIIIIIIII", header, 40, 0, 1, 1, 0, 0x1000, _ENDOFCHAIN, 0, _ENDOFCHAIN, 0)
    difat = [0] + [_FREESECT] * 108
    struct.pack_into("<109I", header, 76, *difat)
    fat = [0xFFFFFFFD, _ENDOFCHAIN] + [_FREESECT] * 126
    entries = [_dir_entry("Root Entry", 5, child=1 if streams else _NOSTREAM)]
    for i, name in enumerate(streams):
        right = i + 2 if i + 1 < len(streams) else _NOSTREAM
        entries.append(_dir_entry(name, 2, right=right))
    directory = b"".join(entries).ljust(512, b"\0")
    path.write_bytes(bytes(header) + struct.pack("<128I", *fat) + directory)
    return path


# -- tampering with a zip's size fields ----------------------------------------------


def patch_declared_size(path: Path, member: str, new_size: int) -> Path:
    """Rewrite the uncompressed size that ``member``'s local header and central-directory
    entry declare (the data and CRC stay as they are): a lying header."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as zf:
        local = zf.getinfo(member).header_offset
    assert data[local:local + 4] == b"PK\x03\x04"
    struct.pack_into("<I", data, local + 22, new_size)
    name = member.encode("utf-8")
    pos = data.find(b"PK\x01\x02")
    while pos != -1:
        name_len = struct.unpack_from("<H", data, pos + 28)[0]
        if bytes(data[pos + 46:pos + 46 + name_len]) == name:
            struct.pack_into("<I", data, pos + 24, new_size)
            break
        pos = data.find(b"PK\x01\x02", pos + 4)
    else:
        raise AssertionError(f"{member} not in the central directory")
    path.write_bytes(bytes(data))
    return path


def ods_file(path: Path) -> Path:
    """A minimal OpenDocument spreadsheet: "mimetype" stored first, as the format requires."""
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        zf.writestr("META-INF/manifest.xml",
                    '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
                    'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
                    '<manifest:file-entry manifest:full-path="/" manifest:media-type='
                    '"application/vnd.oasis.opendocument.spreadsheet"/></manifest:manifest>',
                    zipfile.ZIP_DEFLATED)
        zf.writestr("content.xml",
                    '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
                    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" office:version="1.2">'
                    "<office:body><office:spreadsheet/></office:body></office:document-content>",
                    zipfile.ZIP_DEFLATED)
    return path
