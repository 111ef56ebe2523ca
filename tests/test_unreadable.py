"""Files that cannot be read as a workbook: each gets its own reason code and an Italian
message naming the file, the input is never changed, and the command line answers with
exit code 2 and no traceback."""

from __future__ import annotations

import hashlib
import os
import zipfile
from pathlib import Path

import pytest
import xlsxwriter
from click.testing import CliRunner

from piano_xlsx.errors import UnreadableWorkbook
from piano_xlsx.xlsx import package as package_module
from piano_xlsx.xlsx.package import MB, open_package
from piano_xlsx.xlsx.reader import read_workbook

from .fixtures_xlsx import (MAIN_NS, ods_file, ole2_file, one_sheet, patch_declared_size, raw_workbook, sheet_xml,
                            write_zip)

BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{i} "{("&lol%s;" % (i - 1 if i > 1 else "")) * 10}">' for i in range(1, 10))
    + f']><sst xmlns="{MAIN_NS}" count="1" uniqueCount="1"><si><t>&lol9;</t></si></sst>'
)
XXE = ('<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
       f'<worksheet xmlns="{MAIN_NS}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&xxe;</t></is></c>'
       "</row></sheetData></worksheet>")


def good_workbook(path: Path) -> Path:
    wb = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_urls": False})
    ws = wb.add_worksheet("Piano")
    for r in range(40):
        ws.write_string(r, 0, f"Obiettivo {r}")
        ws.write_number(r, 1, r * 1.5)
    wb.close()
    return path


def stored_copy(source: Path, target: Path) -> Path:
    """The same package with every part stored uncompressed (so its bytes can be edited)."""
    with zipfile.ZipFile(source) as zf:
        parts = {info.filename: zf.read(info) for info in zf.infolist()}
    return write_zip(target, parts, zipfile.ZIP_STORED)


# -- one builder per unreadable class ---------------------------------------------------
# Each returns the path to read; every file trips the default limits, so the command
# line (which uses the defaults) sees the same case.

CASES: dict[str, tuple] = {}


def case(reason: str, *fragments: str):
    def register(builder):
        CASES[builder.__name__] = (builder, reason, fragments)
        return builder
    return register


@case("file-mancante", "non esiste")
def missing(tmp):
    return tmp / "piano.xlsx"


@case("non-e-un-file", "è una cartella")
def directory(tmp):
    (tmp / "piano.xlsx").mkdir()
    return tmp / "piano.xlsx"


@case("file-vuoto", "è vuoto")
def empty(tmp):
    (tmp / "piano.xlsx").write_bytes(b"")
    return tmp / "piano.xlsx"


@case("file-troppo-grande", "100,1 MB", "il limite è 100 MB")
def too_big(tmp):
    path = tmp / "piano.xlsx"
    with open(path, "wb") as fh:  # sparse: takes no disk space
        fh.truncate(100 * MB + 50_000)
    return path


@case("xlsx-protetto", "protetto da password", "File > Informazioni > Proteggi cartella di lavoro")
def password_protected(tmp):
    return ole2_file(tmp / "piano.xlsx", ["EncryptionInfo", "EncryptedPackage"])


@case("xls-vecchio", "Excel 97-2003 (.xls)", "salvarlo come 'Cartella di lavoro di Excel (.xlsx)'")
def old_xls(tmp):
    return ole2_file(tmp / "piano.xls", ["Workbook"])


@case("ods", "OpenDocument (.ods", "salvarlo come 'Cartella di lavoro di Excel (.xlsx)'")
def opendocument(tmp):
    return ods_file(tmp / "piano.xlsx")


@case("non-e-xlsx", "file di testo", "CSV", "cambiata l'estensione")
def csv_renamed(tmp):
    path = tmp / "piano.xlsx"
    path.write_text("Obiettivo;Peso;Target\nDigitalizzazione;20;>= 90%\n", encoding="utf-8")
    return path


@case("non-e-xlsx", "non è una cartella di lavoro Excel (.xlsx): è un file di testo (valori separati", "salvarlo come")
def csv_as_such(tmp):
    path = tmp / "piano.csv"
    path.write_text("Obiettivo;Peso;Target\nDigitalizzazione;20;>= 90%\n", encoding="utf-8")
    return path


@case("non-e-xlsx", "documento Word (.docx)")
def docx(tmp):
    return write_zip(tmp / "piano.xlsx", {
        "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
                               'content-types"/>',
        "_rels/.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                       'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
                       'officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
                       "</Relationships>",
        "word/document.xml": '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
                             'wordprocessingml/2006/main"><w:body/></w:document>',
    })


@case("non-e-xlsx", "archivio zip che non contiene una cartella di lavoro")
def random_zip(tmp):
    return write_zip(tmp / "piano.xlsx", {"leggimi.txt": "ciao", "dati/valori.csv": "a;b\n1;2\n"})


@case("zip-danneggiato", "danneggiato", "incompleto")
def truncated_zip(tmp):
    data = good_workbook(tmp / "intero.xlsx").read_bytes()
    path = tmp / "piano.xlsx"
    path.write_bytes(data[: len(data) * 6 // 10])
    return path


@case("zip-danneggiato", "danneggiato", "xl/sharedStrings.xml", "CRC")
def bad_crc(tmp):
    path = stored_copy(good_workbook(tmp / "intero.xlsx"), tmp / "piano.xlsx")
    data = path.read_bytes()
    assert data.count(b"Obiettivo 7<") == 1
    path.write_bytes(data.replace(b"Obiettivo 7<", b"Obiettivo 8<"))  # still well-formed XML
    return path


@case("zip-troppo-grande", "MB dichiarati", "il limite è 500 MB")
def declared_huge(tmp):
    path = good_workbook(tmp / "piano.xlsx")
    return patch_declared_size(path, "xl/worksheets/sheet1.xml", 600 * MB)


@case("zip-troppo-grande", "10001 parti", "il limite è 10000")
def too_many_members(tmp):
    path = good_workbook(tmp / "piano.xlsx")
    with zipfile.ZipFile(path, "a", zipfile.ZIP_STORED) as zf:
        for i in range(10_001 - len(zf.infolist())):
            zf.writestr(f"xl/extra/p{i}.bin", b"")
    return path


@case("zip-troppo-grande", "bomba zip")
def compression_bomb(tmp):
    path = good_workbook(tmp / "piano.xlsx")
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/media/image1.bmp", b"\0" * (3 * MB))
    return path


@case("zip-troppo-grande", "più dati dei")
def lying_header(tmp):
    path = good_workbook(tmp / "piano.xlsx")
    size = zipfile.ZipFile(path).getinfo("xl/worksheets/sheet1.xml").file_size
    return patch_declared_size(path, "xl/worksheets/sheet1.xml", size // 2)


@case("xml-non-sicuro", "xl/sharedStrings.xml", "DTD")
def billion_laughs(tmp):
    path = one_sheet(tmp / "piano.xlsx", '<row r="1"><c r="A1" t="s"><v>0</v></c></row>', shared_strings=[])
    with zipfile.ZipFile(path) as zf:
        parts = {info.filename: zf.read(info) for info in zf.infolist()}
    parts["xl/sharedStrings.xml"] = BILLION_LAUGHS.encode()
    return write_zip(path, parts)


@case("xml-non-sicuro", "xl/worksheets/sheet1.xml")
def external_entity(tmp):
    return raw_workbook(tmp / "piano.xlsx", [{"name": "Piano", "xml": XXE}])


@case("xml-non-sicuro", "xl/workbook.xml")
def dtd_in_workbook(tmp):
    path = one_sheet(tmp / "piano.xlsx", "")
    with zipfile.ZipFile(path) as zf:
        parts = {info.filename: zf.read(info) for info in zf.infolist()}
    parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace(
        b"<workbook ", b'<!DOCTYPE workbook SYSTEM "http://example.com/evil.dtd"><workbook ', 1)
    return write_zip(path, parts)


@case("xml-danneggiato", "xl/worksheets/sheet1.xml", "non è leggibile")
def malformed_sheet(tmp):
    xml = sheet_xml('<row r="1"><c r="A1"><v>1</v></c><c r="B1"><v>2</c></row>')
    return raw_workbook(tmp / "piano.xlsx", [{"name": "Piano", "xml": xml}])


@case("xml-danneggiato", "xl/workbook.xml")
def malformed_workbook(tmp):
    path = one_sheet(tmp / "piano.xlsx", "")
    with zipfile.ZipFile(path) as zf:
        parts = {info.filename: zf.read(info) for info in zf.infolist()}
    parts["xl/workbook.xml"] = parts["xl/workbook.xml"][:-20]
    return write_zip(path, parts)


# -- helpers ------------------------------------------------------------------------------


def snapshot(path: Path):
    """What must not change: the bytes and modification time (or that nothing exists)."""
    if not path.exists():
        return None
    if path.is_dir():
        return ("dir", os.stat(path).st_mtime_ns, sorted(os.listdir(path)))
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(4 * MB), b""):
            digest.update(block)
    return digest.hexdigest(), os.stat(path).st_mtime_ns, path.stat().st_size


# -- the library ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(CASES))
def test_unreadable_file_gives_its_reason(name, tmp_path):
    builder, reason, fragments = CASES[name]
    path = builder(tmp_path)
    before = snapshot(path)
    with pytest.raises(UnreadableWorkbook) as info:
        read_workbook(path)
    error = info.value
    message = str(error)
    assert error.reason == reason, message
    assert error.exit_code == 2
    assert error.path == str(path)
    assert f"'{path}'" in message
    for fragment in fragments:
        assert fragment in message
    assert snapshot(path) == before


# Cases decided by open_package alone, before any XML is parsed
BEFORE_XML = ["missing", "directory", "empty", "too_big", "password_protected", "old_xls", "opendocument",
              "csv_renamed", "truncated_zip", "declared_huge", "too_many_members", "compression_bomb"]


@pytest.mark.parametrize("name", BEFORE_XML)
def test_package_checks_come_before_any_xml_parsing(name, tmp_path, monkeypatch):
    builder, reason, _ = CASES[name]
    path = builder(tmp_path)

    def no_parsing(*args, **kwargs):
        raise AssertionError("XML parsed before the package checks")

    monkeypatch.setattr(package_module.DET, "fromstring", no_parsing)
    monkeypatch.setattr(package_module.DET, "DefusedXMLParser", no_parsing)
    with pytest.raises(UnreadableWorkbook) as info:
        open_package(path)
    assert info.value.reason == reason


def test_size_limit_is_configurable(tmp_path):
    path = good_workbook(tmp_path / "piano.xlsx")
    with pytest.raises(UnreadableWorkbook) as info:
        read_workbook(path, max_file_bytes=1000)
    assert info.value.reason == "file-troppo-grande"
    assert "il limite è 0,000954 MB" in str(info.value)
    assert read_workbook(path, max_file_bytes=path.stat().st_size).sheets[0].value(1, 1) == "Obiettivo 0"


@pytest.mark.parametrize("limits, fragment", [
    ({"max_unpacked_bytes": 10_000}, "MB dichiarati"),
    ({"max_members": 5}, "parti, il limite è 5"),
    ({"max_ratio": 2}, "bomba zip"),
])
def test_bomb_limits_are_configurable(tmp_path, limits, fragment):
    path = good_workbook(tmp_path / "piano.xlsx")
    if "max_ratio" in limits:
        with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as zf:
            zf.writestr("xl/media/image1.bmp", b"\0" * (2 * MB))
    with pytest.raises(UnreadableWorkbook) as info:
        read_workbook(path, **limits)
    assert info.value.reason == "zip-troppo-grande"
    assert fragment in str(info.value)


def test_a_good_workbook_reads_and_stays_untouched(tmp_path):
    path = good_workbook(tmp_path / "piano.xlsx")
    before = snapshot(path)
    with open_package(path) as pkg:
        assert pkg.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
        assert "xl/workbook.xml" in pkg.names()
        assert pkg.parse("xl/workbook.xml").tag == f"{{{MAIN_NS}}}workbook"
        assert pkg.read("XL/Workbook.xml") == pkg.read("xl/workbook.xml")  # part names ignore case
        with pytest.raises(KeyError):
            pkg.read("xl/assente.xml")
    assert snapshot(path) == before


# -- the command line ------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(CASES))
def test_cli_verifica_reports_unreadable_file(name, tmp_path):
    from piano_xlsx.cli.main import main

    builder, reason, fragments = CASES[name]
    path = builder(tmp_path)
    before = snapshot(path)
    result = CliRunner().invoke(main, ["verifica", str(path)])
    assert result.exit_code == 2, result.output
    assert f"'{path}'" in result.output
    for fragment in fragments:
        assert fragment in result.output
    assert "Traceback" not in result.output
    assert snapshot(path) == before
