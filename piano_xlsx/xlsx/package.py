"""Open an .xlsx package safely: every check that can be made before parsing any XML.

An .xlsx file is a zip of XML parts. Before anything is parsed, ``open_package``
tells apart the files people actually pick by mistake (a missing file, a folder, an
empty file, an old .xls, a password-protected workbook, an .ods, a CSV renamed
.xlsx, a damaged download) and refuses packages that would expand to an absurd
size (zip bombs). Each case raises :class:`~piano_xlsx.errors.UnreadableWorkbook`
with a stable ``reason`` code and an Italian message naming the file and saying
what to do.

The file is read once into memory and closed straight away: it is never written,
never kept open (so Excel and Windows see no lock) and hashed from the same bytes
that are parsed. XML is parsed only with defusedxml, DTDs forbidden.
"""

from __future__ import annotations

import hashlib
import io
import math
import os
import posixpath
import stat
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterator
from xml.etree.ElementTree import Element, ParseError
from xml.parsers.expat import ExpatError

import defusedxml.ElementTree as DET
from defusedxml import DefusedXmlException

from ..errors import UnreadableWorkbook

MB = 1024 * 1024
DEFAULT_MAX_FILE_BYTES = 100 * MB
DEFAULT_MAX_UNPACKED_BYTES = 500 * MB
DEFAULT_MAX_MEMBERS = 10_000
# Deflate cannot exceed about 1032:1; real workbook parts stay well under 100:1
# (the most repetitive sheet measured, empty formatted rows, is about 26:1).
DEFAULT_MAX_RATIO = 200
RATIO_CHECK_MIN_BYTES = 1 * MB  # small parts may compress extremely well; ignore them

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
ODS_MIMETYPES = (
    "application/vnd.oasis.opendocument.spreadsheet",
    "application/vnd.oasis.opendocument.spreadsheet-template",
)
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
WORKBOOK_PART = "xl/workbook.xml"
OFFICE_DOCUMENT_TYPES = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument",
    "http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument",
)
READ_CHUNK = 1 * MB

# as the two programs name the type in 'Salva con nome' (found in a trial: LibreOffice says 'Excel 2007-365')
SAVE_AS_XLSX = ("salvarlo come 'Cartella di lavoro di Excel (.xlsx)' (in LibreOffice: 'Excel 2007-365 (.xlsx)', "
                "mantenendo il formato)")


def _mb(n: int, round_up: bool = False) -> str:
    """Bytes as megabytes, Italian style: 104857600 -> "100", 157286400 -> "150", 1572864 ->
    "1,5". Sizes are rounded up (a file just over the limit never reads as equal to it)."""
    value = n / MB
    decimals = 1 if value >= 0.1 else 6
    scale = 10 ** decimals
    value = (math.ceil(value * scale) if round_up else round(value * scale)) / scale
    text = f"{value:.{decimals}f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def _fail(path, reason: str, message: str) -> UnreadableWorkbook:
    return UnreadableWorkbook(path, reason, message)


def _damaged(path, detail: str) -> UnreadableWorkbook:
    return _fail(
        path,
        "zip-danneggiato",
        f"Il file '{path}' è danneggiato ({detail}) e non può essere letto. Se Excel riesce "
        "ancora ad aprirlo, salvarlo di nuovo con un altro nome e usare la nuova copia; "
        "altrimenti recuperare una copia integra (dal backup o dall'allegato originale).",
    )


def _too_big_unpacked(path, detail: str) -> UnreadableWorkbook:
    return _fail(
        path,
        "zip-troppo-grande",
        f"Il file '{path}' una volta decompresso sarebbe troppo grande ({detail}): per "
        "sicurezza non viene letto. Controllare che sia il file giusto; se lo è, togliere i fogli "
        "e i dati che non servono e salvarlo di nuovo da Excel.",
    )


CHECK_CHOICE = "Controllare di aver scelto il file giusto: serve la cartella di lavoro Excel (.xlsx) del piano."


def _not_xlsx(path, what: str, convertible: bool = True) -> UnreadableWorkbook:
    advice = (f"Aprirlo con il programma con cui è stato creato e {SAVE_AS_XLSX}, poi riprovare."
              if convertible else CHECK_CHOICE)
    return _fail(path, "non-e-xlsx",
                 f"Il file '{path}' non è una cartella di lavoro Excel (.xlsx): {what}. {advice}")


def unsafe_xml(path, part: str) -> UnreadableWorkbook:
    return _fail(
        path,
        "xml-non-sicuro",
        f"Il file '{path}' contiene nella parte '{part}' dichiarazioni XML non ammesse (DTD o "
        "entità), tipiche di file manipolati e potenzialmente pericolose: per sicurezza non "
        "viene letto. Excel non salva mai file così: chiedere una copia originale a chi l'ha "
        "mandato, oppure aprirlo in Excel e salvarlo di nuovo.",
    )


def malformed_xml(path, part: str, detail: str) -> UnreadableWorkbook:
    return _fail(
        path,
        "xml-danneggiato",
        f"Il file '{path}' è danneggiato: la parte '{part}' non è leggibile ({detail}). Se "
        "Excel riesce ancora ad aprirlo, salvarlo di nuovo con un altro nome e usare la nuova "
        "copia; altrimenti recuperare una copia integra (dal backup o dall'allegato originale).",
    )


def _xml_detail(exc: Exception) -> str:
    """Where the XML breaks, in Italian (the parser's own text is English)."""
    line = getattr(exc, "lineno", None)
    column = getattr(exc, "offset", None)
    position = getattr(exc, "position", None)
    if line is None and position:
        line, column = position
    if line is not None:
        return f"XML non valido alla riga {line}, colonna {(column or 0) + 1}"
    return "XML non valido"


def _describe_non_zip(head: bytes, suffix: str = "") -> tuple[str, bool]:
    """What a non-zip, non-OLE2 file most likely is, for the message, and whether saving it
    as .xlsx from the program that made it makes sense. `suffix`: the file's extension."""
    sample = head[:4096]
    for bom, encoding in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if sample.startswith(bom):
            sample = sample[len(bom):]
            if encoding != "utf-8":  # e.g. "Unicode text" saved by Excel: make it look like UTF-8
                sample = sample[: len(sample) // 2 * 2].decode(encoding, "replace").encode("utf-8")
            break
    lowered = sample.lstrip().lower()
    if lowered.startswith(b"%pdf"):
        return "è un documento PDF", False
    if lowered.startswith((b"<!doctype html", b"<html")) or b"<table" in lowered[:2048]:
        return "sembra una pagina web (HTML) salvata con l'estensione di un file Excel", True
    if lowered.startswith(b"<"):
        if b"urn:schemas-microsoft-com:office:spreadsheet" in sample:
            return "è un 'Foglio di calcolo XML 2003'", True
        return "sembra un file XML", False
    try:
        sample.decode("utf-8")
        is_text = b"\x00" not in sample
    except UnicodeDecodeError:
        is_text = not any(b < 9 for b in sample)
    if is_text:
        if suffix.lower() in (".csv", ".txt", ".tsv", ".tab", ".prn"):
            return "è un file di testo (valori separati da virgole o punti e virgola, come un CSV)", True
        return "sembra un file di testo (per esempio un CSV) a cui è stata cambiata l'estensione", True
    return "il suo contenuto non è in un formato riconosciuto", False


def _checking_parser():
    """defusedxml's expat parser (DTDs, entity declarations and external references
    refused) with no other callbacks: it only checks, at C speed."""
    expat = DET.DefusedXMLParser(forbid_dtd=True).parser
    expat.StartElementHandler = expat.EndElementHandler = None
    expat.CharacterDataHandler = expat.DefaultHandlerExpand = None
    expat.CommentHandler = expat.ProcessingInstructionHandler = None
    return expat


def is_well_formed(data: bytes) -> bool:
    """Whether ``data`` is well-formed XML (namespaces included) without a DTD, as
    :meth:`Package.stream` would parse it."""
    try:
        _checking_parser().Parse(data, True)
    except (DefusedXmlException, ParseError, ExpatError, LookupError):
        return False
    return True


class Package:
    """An opened .xlsx package, held in memory. Read parts with :meth:`read`, :meth:`parse`
    or :meth:`stream`; every read is bounded by the size declared in the zip directory."""

    def __init__(self, path: str, data: bytes, zf: zipfile.ZipFile, workbook_part: str):
        self.path = path
        self.size = len(data)
        self.sha256 = hashlib.sha256(data).hexdigest()
        self._data = data
        self.workbook_part = workbook_part
        self._zf = zf
        self._infos = {info.filename: info for info in zf.infolist() if not info.is_dir()}
        # OPC part names are case-insensitive; some tools write "\" or a leading "/"
        self._lookup = {self._normalise(name): name for name in self._infos}

    @staticmethod
    def _normalise(name: str) -> str:
        return name.replace("\\", "/").lstrip("/").lower()

    # -- member access -------------------------------------------------------

    def names(self) -> list[str]:
        """Member names, in zip order (directories left out)."""
        return list(self._infos)

    def resolve(self, name: str) -> str | None:
        """The member name as stored for ``name`` (case-insensitive), or None if absent."""
        if name in self._infos:
            return name
        return self._lookup.get(self._normalise(name))

    def has(self, name: str) -> bool:
        return self.resolve(name) is not None

    def _info(self, name: str) -> zipfile.ZipInfo:
        stored = self.resolve(name)
        if stored is None:
            raise KeyError(name)
        return self._infos[stored]

    def iter_chunks(self, name: str, chunk_size: int = READ_CHUNK) -> Iterator[bytes]:
        """The member's bytes in chunks, stopping with ``zip-troppo-grande`` as soon as more
        bytes come out than the directory declared, and with ``zip-danneggiato`` on a bad CRC
        or corrupt compressed data. Raises KeyError if the member does not exist."""
        info = self._info(name)
        declared = info.file_size
        total = 0
        try:
            with self._zf.open(info) as member:
                while True:
                    chunk = member.read(chunk_size)
                    if not chunk:
                        break
                    total += len(chunk)
                    if total > declared:
                        raise self._lying(info)
                    yield chunk
        except UnreadableWorkbook:
            raise
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError,
                NotImplementedError, RuntimeError) as exc:
            # zipfile never returns more than the declared size: it cuts the data there and
            # then fails the CRC. Tell a lying header from plain damage.
            if isinstance(exc, zipfile.BadZipFile) and self._holds_more_than_declared(info):
                raise self._lying(info) from exc
            if isinstance(exc, zipfile.BadZipFile) and "CRC" in str(exc):
                detail = "il controllo di integrità (CRC) non torna"
            else:
                detail = "i dati compressi sono rovinati"
            raise _damaged(self.path, f"la parte '{info.filename}' non si decomprime: {detail}") from exc

    def stored_form(self, name: str) -> tuple[int, int, bytes, int] | None:
        """(method, CRC-32, compressed bytes, size) of a stored or deflated member, as the file
        holds it, for copying it without recompressing; None for any other kind of member.
        Not checked: :meth:`check_stored_form` does what a read would."""
        info = self._info(name)
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED) or info.flag_bits & 0x1:
            return None
        data, offset = self._data, info.header_offset
        if data[offset:offset + 4] != b"PK\x03\x04":
            return None
        name_len, extra_len = struct.unpack_from("<HH", data, offset + 26)
        start = offset + 30 + name_len + extra_len
        raw = data[start:start + info.compress_size]
        if len(raw) != info.compress_size:
            return None
        return info.compress_type, info.CRC, raw, info.file_size

    def check_stored_form(self, name: str, form: tuple[int, int, bytes, int]) -> bool:
        """Whether the member can be copied as stored: its data expand to exactly the declared
        size, with the declared CRC, in a complete stream. When not, the caller reads it the
        usual way (which accepts what zipfile accepts and refuses real damage, with its message)."""
        method, crc, raw, size = form
        if method == zipfile.ZIP_STORED:
            out = raw
        else:
            try:
                inflater = zlib.decompressobj(-15)
                out = inflater.decompress(raw, size + 1)
            except zlib.error:
                return False
            if not inflater.eof:
                return False
        return len(out) == size and zlib.crc32(out) == crc

    def _holds_more_than_declared(self, info: zipfile.ZipInfo) -> bool:
        """Whether the member's data expands past its declared size (decompressing at most
        one byte more than declared)."""
        data = self._data
        offset = info.header_offset
        if data[offset:offset + 4] != b"PK\x03\x04":
            return False
        name_len, extra_len = struct.unpack_from("<HH", data, offset + 26)
        start = offset + 30 + name_len + extra_len
        raw = data[start:start + info.compress_size]
        if info.compress_type == zipfile.ZIP_STORED:
            return len(raw) > info.file_size
        if info.compress_type == zipfile.ZIP_DEFLATED:
            try:
                return len(zlib.decompressobj(-15).decompress(raw, info.file_size + 1)) > info.file_size
            except zlib.error:
                return False
        return False

    def _lying(self, info: zipfile.ZipInfo) -> UnreadableWorkbook:
        return _too_big_unpacked(
            self.path, f"la parte '{info.filename}' contiene più dati dei {info.file_size} byte che dichiara")

    def read(self, name: str) -> bytes:
        """The whole member (bounded by its declared size). Raises KeyError if absent."""
        return b"".join(self.iter_chunks(name))

    def parse(self, name: str) -> Element:
        """Parse a member with defusedxml (no DTD, no entities) and return the root element."""
        data = self.read(name)
        try:
            return DET.fromstring(data, forbid_dtd=True)
        except DefusedXmlException as exc:
            raise unsafe_xml(self.path, name) from exc
        except (ParseError, ExpatError, ValueError, LookupError) as exc:
            raise malformed_xml(self.path, name, _xml_detail(exc)) from exc

    def stream(
        self,
        name: str,
        start: Callable[[str, dict], None],
        end: Callable[[str], None],
        data: Callable[[str], None],
    ) -> None:
        """Stream a member through expat with defusedxml's protections (DTD, entity and
        external-reference handlers raise), calling ``start(tag, attrs)``, ``end(tag)`` and
        ``data(text)``. Tags are "namespace}local" (no leading brace), attrs a dict.
        Expat interns names, so a given tag always arrives as the same string object.

        The reader's reference path for big parts (worksheets, shared strings), used when its
        regular-expression scan does not apply: the parser is defusedxml's, only the element
        callbacks are ours, so no element tree is built."""
        parser = DET.DefusedXMLParser(forbid_dtd=True)
        expat = parser.parser
        expat.ordered_attributes = False
        expat.buffer_text = True
        expat.StartElementHandler = start
        expat.EndElementHandler = end
        expat.CharacterDataHandler = data
        expat.CommentHandler = expat.ProcessingInstructionHandler = None
        try:
            for chunk in self.iter_chunks(name):
                expat.Parse(chunk, False)
            expat.Parse(b"", True)
        except DefusedXmlException as exc:
            raise unsafe_xml(self.path, name) from exc
        except (ParseError, ExpatError, LookupError) as exc:  # LookupError: an unknown encoding
            raise malformed_xml(self.path, name, _xml_detail(exc)) from exc
        finally:
            expat.StartElementHandler = expat.EndElementHandler = None
            expat.CharacterDataHandler = None

    # -- lifetime ------------------------------------------------------------

    def close(self) -> None:
        self._zf.close()

    def __enter__(self) -> Package:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()


def _read_file(path: str, max_file_bytes: int) -> bytes:
    """Stat and read the file (read-only, closed at once), with the file-level checks."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise _fail(path, "file-mancante",
                    f"Il file '{path}' non esiste: controllare il nome e la cartella, poi riprovare.") from None
    except OSError as exc:
        raise _fail(path, "file-non-leggibile",
                    f"Il file '{path}' non si può leggere ({exc.strerror or exc}): controllare di "
                    "avere i permessi per aprirlo, poi riprovare.") from None
    if stat.S_ISDIR(st.st_mode):
        raise _fail(path, "non-e-un-file",
                    f"'{path}' è una cartella, non un file: indicare il file Excel (.xlsx) da leggere.")
    if not stat.S_ISREG(st.st_mode):
        raise _fail(path, "non-e-un-file",
                    f"'{path}' non è un file normale: indicare il file Excel (.xlsx) da leggere.")
    if st.st_size == 0:
        raise _fail(path, "file-vuoto",
                    f"Il file '{path}' è vuoto (0 byte): probabilmente il salvataggio non è andato "
                    "a buon fine. Recuperare una copia integra del file (dal backup o dall'allegato "
                    "originale) e riprovare.")
    if st.st_size > max_file_bytes:
        raise _fail(path, "file-troppo-grande",
                    f"Il file '{path}' è troppo grande ({_mb(st.st_size, round_up=True)} MB): il limite è "
                    f"{_mb(max_file_bytes)} MB. Controllare di aver scelto il file giusto; se lo è, "
                    "togliere i fogli e i dati che non servono e salvarlo di nuovo.")
    try:
        with open(path, "rb") as fh:
            data = fh.read(max_file_bytes + 1)
    except OSError as exc:
        raise _fail(path, "file-non-leggibile",
                    f"Il file '{path}' non si può leggere ({exc.strerror or exc}): controllare di "
                    "avere i permessi per aprirlo e che nessun altro programma lo stia "
                    "bloccando, poi riprovare.") from None
    if not data:  # emptied between stat and read
        raise _fail(path, "file-vuoto", f"Il file '{path}' è vuoto (0 byte): recuperare una copia integra del file.")
    if len(data) > max_file_bytes:  # grew between stat and read
        raise _fail(path, "file-troppo-grande",
                    f"Il file '{path}' è troppo grande: il limite è {_mb(max_file_bytes)} MB.")
    return data


def _check_directory(path: str, infos: list[zipfile.ZipInfo], max_unpacked_bytes: int,
                     max_members: int, max_ratio: float) -> None:
    """Refuse bombs and inconsistent directories from the central directory alone."""
    if len(infos) > max_members:
        raise _too_big_unpacked(path, f"{len(infos)} parti, il limite è {max_members}")
    total = sum(info.file_size for info in infos)
    if total > max_unpacked_bytes:
        raise _too_big_unpacked(path, f"{_mb(total, round_up=True)} MB dichiarati, il limite è "
                                      f"{_mb(max_unpacked_bytes)} MB")
    seen_names: set[str] = set()
    offsets: set[int] = set()
    for info in infos:
        if info.file_size > RATIO_CHECK_MIN_BYTES and info.file_size > max_ratio * max(info.compress_size, 1):
            raise _too_big_unpacked(
                path, f"la parte '{info.filename}' si espande più di {max_ratio:g} volte: "
                "è una 'bomba zip'")
        if info.header_offset in offsets:
            # several directory entries sharing the same data: the overlapping zip bomb
            raise _too_big_unpacked(path, "più parti condividono gli stessi dati compressi")
        offsets.add(info.header_offset)
        key = info.filename.lower()
        if key in seen_names:
            raise _damaged(path, f"la parte '{info.filename}' compare due volte")
        seen_names.add(key)
        if info.flag_bits & 0x1:
            raise _damaged(path, f"la parte '{info.filename}' è cifrata")


def _workbook_part(pkg_names: dict[str, str], zf: zipfile.ZipFile, path: str) -> str | None:
    """The workbook part: the officeDocument target of _rels/.rels when it is a workbook,
    else xl/workbook.xml. None if there is none."""
    rels = pkg_names.get("_rels/.rels")
    if rels is not None:
        try:
            info = zf.getinfo(rels)
            if info.file_size <= 1 * MB:
                root = DET.fromstring(zf.read(info), forbid_dtd=True)
                for rel in root:
                    if rel.get("Type") in OFFICE_DOCUMENT_TYPES and rel.get("TargetMode") != "External":
                        target = posixpath.normpath(rel.get("Target", "").lstrip("/")).lower()
                        if target.endswith(".xml") and target in pkg_names:
                            stored = pkg_names[target]
                            if stored.lower().rsplit("/", 1)[-1].startswith("workbook"):
                                return stored
        except DefusedXmlException as exc:
            raise unsafe_xml(path, rels) from exc
        except (ParseError, ExpatError, ValueError, LookupError, KeyError, zipfile.BadZipFile, zlib.error,
                EOFError, OSError, NotImplementedError, RuntimeError):
            pass  # fall back to the conventional name; a damaged .rels alone is survivable
    return pkg_names.get(WORKBOOK_PART)


def open_package(
    path,
    *,
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES,
    max_unpacked_bytes: int = DEFAULT_MAX_UNPACKED_BYTES,
    max_members: int = DEFAULT_MAX_MEMBERS,
    max_ratio: float = DEFAULT_MAX_RATIO,
) -> Package:
    """Open ``path`` as an .xlsx package, or raise UnreadableWorkbook saying why not.

    Checks, in order and before any XML is parsed: the file exists, is a regular file, is
    not empty and not over ``max_file_bytes``; it is not an OLE2 file (password-protected
    workbook or old .xls); it is a zip whose central directory declares at most
    ``max_members`` parts and ``max_unpacked_bytes`` in all, with no part expanding more than
    ``max_ratio`` times; it is not an OpenDocument spreadsheet; it holds a workbook part.
    """
    path = os.fspath(path)
    data = _read_file(path, max_file_bytes)

    if data.startswith(OLE2_MAGIC):
        if ENCRYPTED_STREAM in data:
            raise _fail(path, "xlsx-protetto",
                        f"Il file '{path}' è protetto da password e non può essere letto. Aprirlo in "
                        "Excel, togliere la password (File > Informazioni > Proteggi cartella di lavoro > "
                        "Crittografa con password, cancella la password e conferma) e salvarlo di nuovo.")
        raise _fail(path, "xls-vecchio",
                    f"Il file '{path}' è nel vecchio formato Excel 97-2003 (.xls), che non è "
                    f"supportato. Aprirlo in Excel o in LibreOffice e {SAVE_AS_XLSX}, poi riprovare.")

    if not data.startswith(ZIP_MAGICS):
        raise _not_xlsx(path, *_describe_non_zip(data, os.path.splitext(path)[1]))

    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError,
            NotImplementedError) as exc:
        raise _damaged(path, "l'archivio zip è incompleto o rovinato, per esempio per un download o una "
                             "copia interrotti") from exc

    try:
        _check_directory(path, infos, max_unpacked_bytes, max_members, max_ratio)
        names = {Package._normalise(info.filename): info.filename for info in infos if not info.is_dir()}

        mimetype = names.get("mimetype")
        if mimetype is not None and zf.getinfo(mimetype).file_size <= 200:
            try:
                kind = zf.read(mimetype).decode("ascii", "replace").strip()
            except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError,
                    RuntimeError) as exc:
                raise _damaged(path, f"la parte '{mimetype}' non si decomprime") from exc
            if kind in ODS_MIMETYPES:
                raise _fail(path, "ods",
                            f"Il file '{path}' è un foglio di calcolo OpenDocument (.ods, di LibreOffice "
                            "o OpenOffice), non un file Excel. Aprirlo in LibreOffice o in Excel e "
                            f"{SAVE_AS_XLSX}, poi riprovare.")
            if kind.startswith("application/vnd.oasis.opendocument."):
                raise _not_xlsx(path, "è un documento OpenDocument (per esempio di LibreOffice Writer)", False)

        workbook = _workbook_part(names, zf, path)
        if workbook is None:
            if "xl/workbook.bin" in names:
                raise _not_xlsx(path, "è nel formato 'Cartella di lavoro binaria di Excel' (.xlsb), che non è "
                                      "supportato")
            if "word/document.xml" in names:
                raise _not_xlsx(path, "è un documento Word (.docx)", False)
            if "ppt/presentation.xml" in names:
                raise _not_xlsx(path, "è una presentazione PowerPoint (.pptx)", False)
            raise _not_xlsx(path, "è un archivio zip che non contiene una cartella di lavoro", False)
        return Package(path, data, zf, workbook)
    except BaseException:
        zf.close()
        raise
