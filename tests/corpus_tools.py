"""Helpers for the write-back tests over workbooks saved by real Excel.

The corpus (``shared/corpus/excel-saved``: XlsxWriter's comparison files, saved by
Microsoft Excel, BSD 2-Clause licence, copyright John McNamara) lives beside the
repository, not inside it. ``add_table_sheet`` appends a small linkage table to a copy
of one of its workbooks; the ``*_problems`` functions compare a prepared input with the
workbook piano-xlsx wrote from it and return what was lost or changed, as readable lines
(an empty list means nothing was).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import defusedxml.ElementTree as DET

from piano_xlsx.xlsx import workbook_edit as wbx
from piano_xlsx.xlsx.edit import CT_WORKSHEET, REL_WORKSHEET, PackageEditor, rels_name, resolve_target
from piano_xlsx.xlsx.package import open_package
from piano_xlsx.xlsx.sheet_new import NewSheet

HERE = Path(__file__).resolve()
CORPUS_CANDIDATES = (
    HERE.parents[2] / "shared" / "corpus" / "excel-saved",  # <root>/<repo>/tests/.. -> <root>/shared
    HERE.parents[1] / ".." / "shared" / "corpus" / "excel-saved",  # <repo>/../shared
)
CORPUS_MISSING = ("Corpus di file salvati da Excel non trovato (shared/corpus/excel-saved accanto al "
                  "repository) / corpus of Excel-saved workbooks not found beside the repository: "
                  + ", ".join(str(p) for p in CORPUS_CANDIDATES))

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
DOC_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
R_ID = "{%s}id" % DOC_REL
OFFICE_DOCUMENT = DOC_REL + "/officeDocument"

TABLE_SHEET = "Piano test"
HEADERS = ("Linea strategica", "Obiettivo di ente", "Risultato atteso", "Target", "Consuntivo", "Peso")
DEADLINE_DONE = dt.date(2024, 6, 15)
# (line, objective, result, target, actual, weight); the actual of 2.2 is the date above
TABLE_ROWS = (
    ("Linea 1 - Servizi ai cittadini", "1. Primo obiettivo", "1.1 Pratiche evase nei termini (%)", ">= 80", 85, 50),
    ("Linea 1 - Servizi ai cittadini", "1. Primo obiettivo", "1.2 Giorni medi di attesa allo sportello", "<= 5",
     4, 50),
    ("Linea 2 - Semplificazione", "2. Secondo obiettivo", "2.1 Regolamento approvato dal Consiglio", "SI", "SI", 50),
    ("Linea 2 - Semplificazione", "2. Secondo obiettivo", "2.2 Relazione consegnata alla Giunta",
     "entro il 30/06/2024", DEADLINE_DONE, 50),
)
RESULT_CODES = ("1.1", "1.2", "2.1", "2.2")


def corpus_dir() -> Path | None:
    for candidate in CORPUS_CANDIDATES:
        if candidate.is_dir():
            return candidate.resolve()
    return None


def corpus_files() -> list[Path]:
    folder = corpus_dir()
    if folder is None:
        return []
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in (".xlsx", ".xlsm"))


class CannotPrepare(Exception):
    """The source's structure leaves no way to add a sheet (the test skips the file, saying why)."""


# --------------------------------------------------------------------------- preparing an input


def _excel_serial(day: dt.date, date1904: bool) -> int:
    return (day - (dt.date(1904, 1, 1) if date1904 else dt.date(1899, 12, 30))).days


def _add_date_xf(styles_text: str) -> tuple[str, int]:
    """Append a cell format showing the built-in short date (numFmtId 14) to cellXfs; return its index.
    Done by hand, not with the writer's styles_edit, so the preparation does not lean on the code under test."""
    m = re.search(r"<cellXfs\b([^>]*?)(/>|>(.*?)</cellXfs>)", styles_text, re.S)
    if m is None:
        raise CannotPrepare("styles.xml senza <cellXfs> / styles part without cellXfs")
    inner = m.group(3) or ""
    n = len(re.findall(r"<xf\b", inner))
    attrs = re.sub(r'\s*count="\d+"', "", m.group(1))
    xf = '<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    block = f'<cellXfs count="{n + 1}"{attrs}>{inner}{xf}</cellXfs>'
    return styles_text[:m.start()] + block + styles_text[m.end():], n


@dataclass
class Prepared:
    path: Path
    sheet_name: str
    part: str  # the table sheet's part name


def add_table_sheet(src: Path, dst: Path, sheet_name: str = TABLE_SHEET) -> Prepared:
    """Write a copy of `src` to `dst` with one more worksheet, appended as the last sheet, holding
    a small linkage table (see TABLE_ROWS): two objectives with two results each, valued by
    numeric, milestone and deadline actuals. Every other part is copied as it is, except
    [Content_Types].xml, the workbook part and its relationships (the new sheet is registered)
    and styles.xml (one date cell format appended, when there is a styles part)."""
    package = open_package(src)
    try:
        ed = PackageEditor(package)
        wb_part = package.workbook_part
        wb_text = ed.text(wb_part)
        try:
            entries = wbx.sheets(wb_text)
        except Exception as exc:  # noqa: BLE001 - anything that stops us from adding a sheet
            raise CannotPrepare(f"{src.name}: {exc}") from exc
        if any(e.name.lower() == sheet_name.lower() for e in entries):
            raise CannotPrepare(f"{src.name} ha già un foglio '{sheet_name}' / already has that sheet")
        date1904 = re.search(r'<(?:\w+:)?workbookPr\b[^>]*\bdate1904="(?:1|true)"', wb_text) is not None

        date_style = None
        styles = [r for r in ed.rels(wb_part) if r.type == DOC_REL + "/styles" and ed.exists(r.target)]
        if styles:
            text, date_style = _add_date_xf(ed.text(styles[0].target))
            ed.write(styles[0].target, text)

        sheet = NewSheet()
        sheet.landscape = False
        for c, header in enumerate(HEADERS, start=1):
            sheet.put(1, c, header)
        for r, row in enumerate(TABLE_ROWS, start=2):
            for c, value in enumerate(row, start=1):
                if isinstance(value, dt.date):
                    if date_style is None:  # no styles part: a date written as text is read too
                        sheet.put(r, c, value.strftime("%d/%m/%Y"))
                    else:
                        sheet.put(r, c, _excel_serial(value, date1904), date_style)
                else:
                    sheet.put(r, c, value)
        part = ed.unique_name("xl/worksheets/sheet{}.xml")
        ed.write(part, sheet.xml())
        ed.add_override(part, CT_WORKSHEET)
        rid = ed.add_rel(wb_part, REL_WORKSHEET, part)
        wb_text, _ = wbx.insert_sheet(wb_text, len(entries), sheet_name, rid)
        ed.write(wb_part, wb_text)
        data = ed.save()
    finally:
        package.close()
    Path(dst).write_bytes(data)
    return Prepared(Path(dst), sheet_name, part)


# --------------------------------------------------------------------------- reading packages


def members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        bad = z.testzip()
        if bad is not None:
            raise AssertionError(f"{path.name}: CRC errato nella parte {bad}")
        names = z.namelist()
        if len({n.lower() for n in names}) != len(names):
            raise AssertionError(f"{path.name}: parti duplicate nello zip")
        return {n: z.read(n) for n in names if not n.endswith("/")}


def _parse(data: bytes):
    return DET.fromstring(data, forbid_dtd=True)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


@dataclass
class Structure:
    """What the package-level parts of a workbook say."""
    workbook_part: str
    workbook_rels: str
    rels: list[dict] = field(default_factory=list)
    sheets: list[dict] = field(default_factory=list)
    defined_names: list[dict] = field(default_factory=list)
    defaults: list[tuple] = field(default_factory=list)
    overrides: list[tuple] = field(default_factory=list)
    styles_part: str | None = None
    calc_chain: str | None = None

    def part_of(self, sheet_name: str) -> str | None:
        rid = next((s["r:id"] for s in self.sheets if s["name"] == sheet_name), None)
        rel = next((r for r in self.rels if r["Id"] == rid), None)
        return None if rel is None else resolve_target(self.workbook_part, rel["Target"])

    @property
    def sheet_names(self) -> list[str]:
        return [s["name"] for s in self.sheets]


def active_sheet(parts: dict[str, bytes]) -> str | None:
    """The sheet Excel opens on: the workbook view's activeTab (0 when absent)."""
    m = re.search(rb'<(?:\w+:)?workbookView\b[^>]*?activeTab="(\d+)"', parts["xl/workbook.xml"])
    names = structure(parts).sheet_names
    index = int(m.group(1)) if m else 0
    return names[index] if index < len(names) else None


def structure(parts: dict[str, bytes]) -> Structure:
    root_rels = _parse(parts["_rels/.rels"])
    wb_part = None
    for rel in root_rels:
        if rel.get("Type") == OFFICE_DOCUMENT:
            wb_part = rel.get("Target", "").lstrip("/")
    wb_part = wb_part or "xl/workbook.xml"
    st = Structure(wb_part, rels_name(wb_part))
    for rel in _parse(parts[st.workbook_rels]) if st.workbook_rels in parts else []:
        st.rels.append(dict(rel.attrib))
        if rel.get("Type", "").endswith("/styles"):
            st.styles_part = resolve_target(wb_part, rel.get("Target"))
        if rel.get("Type", "").endswith("/calcChain"):
            st.calc_chain = resolve_target(wb_part, rel.get("Target"))
    wb = _parse(parts[wb_part])
    for el in wb:
        if _local(el.tag) == "sheets":
            for s in el:
                st.sheets.append({"name": s.get("name"), "sheetId": s.get("sheetId"), "r:id": s.get(R_ID),
                                  "state": s.get("state", "visible")})
        elif _local(el.tag) == "definedNames":
            for d in el:
                st.defined_names.append({"attrs": dict(d.attrib), "text": d.text or ""})
    for el in _parse(parts["[Content_Types].xml"]):
        if _local(el.tag) == "Default":
            st.defaults.append((el.get("Extension").lower(), el.get("ContentType")))
        elif _local(el.tag) == "Override":
            st.overrides.append((el.get("PartName"), el.get("ContentType")))
    return st


def _top_level(parts: dict[str, bytes], part: str) -> list:
    return list(_parse(parts[part]))


# --------------------------------------------------------------------------- comparisons


TAB_SELECTED = re.compile(r'\s+tabSelected="(?:1|true)"')
STYLE_COLLECTIONS = {"numFmts": "numFmt", "fonts": "font", "fills": "fill", "borders": "border", "cellXfs": "xf",
                     "dxfs": "dxf"}


def _collection(text: str, name: str):
    return re.search(r"<" + name + r"\b([^>]*?)(?:/>|>(.*?)</" + name + r">)", text, re.S)


def styles_problems(before: str, after: str) -> list[str]:
    """The input's formats are a prefix of the output's (appended, never changed), and
    everything else in the styles part is as it was."""
    out = []
    rest_before, rest_after = before, after
    for name, child in STYLE_COLLECTIONS.items():
        b, a = _collection(before, name), _collection(after, name)
        if b is None:
            continue
        if a is None:
            out.append(f"styles: <{name}> sparito / disappeared")
            continue
        b_inner, a_inner = b.group(2) or "", a.group(2) or ""
        if not a_inner.startswith(b_inner):
            out.append(f"styles: <{name}> non è più un'estensione dell'originale / not an append-only "
                       f"extension: {b_inner[:300]!r} -> {a_inner[:300]!r}")
        b_attrs = {k: v for k, v in re.findall(r'([\w:.-]+)="([^"]*)"', b.group(1)) if k != "count"}
        a_attrs = {k: v for k, v in re.findall(r'([\w:.-]+)="([^"]*)"', a.group(1)) if k != "count"}
        if b_attrs != a_attrs:
            out.append(f"styles: attributi di <{name}> cambiati / attributes changed: {b_attrs} -> {a_attrs}")
        count = re.search(r'\bcount="(\d+)"', a.group(1))
        n = len(re.findall(r"<" + child + r"\b", a_inner))
        if count is not None and int(count.group(1)) != n:
            out.append(f"styles: <{name} count={count.group(1)}> ma {n} elementi / but {n} children")
    for name in STYLE_COLLECTIONS:
        rest_before = re.sub(r"<" + name + r"\b[^>]*?(?:/>|>.*?</" + name + r">)", "", rest_before, count=1,
                             flags=re.S)
        rest_after = re.sub(r"<" + name + r"\b[^>]*?(?:/>|>.*?</" + name + r">)", "", rest_after, count=1,
                            flags=re.S)
    if rest_before != rest_after:
        out.append("styles: parti fuori da numFmts/fonts/fills/borders/cellXfs/dxfs cambiate / the rest of "
                   f"styles.xml changed: {_first_difference(rest_before, rest_after)}")
    return out


def _first_difference(a: str, b: str) -> str:
    i = next((k for k, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
    return f"at {i}: {a[max(0, i - 80):i + 120]!r} -> {b[max(0, i - 80):i + 120]!r}"


def _canon(el) -> bytes:
    from xml.etree.ElementTree import tostring

    return tostring(el)


def package_problems(before: dict[str, bytes], after: dict[str, bytes], table_part: str,
                     *, shift: int = 1) -> list[str]:
    """Everything the prepared input holds is still in the output. Parts the writer may touch are
    checked element by element; every other part must be byte-identical."""
    out: list[str] = []
    sb, sa = structure(before), structure(after)
    touched = {"[Content_Types].xml", sb.workbook_part, sb.workbook_rels, table_part}
    # worksheets, chartsheets, dialog and macro sheets: the writer may unselect their tab
    sheet_parts = {sb.part_of(s["name"]) for s in sb.sheets}
    if sb.styles_part:
        touched.add(sb.styles_part)
    for name, data in before.items():
        if name in touched:
            continue
        if name == sb.calc_chain:
            if name in after and after[name] != data:
                out.append(f"{name}: calcChain modificato invece che tolto / changed rather than dropped")
            continue
        if name not in after:
            out.append(f"{name}: parte persa / part lost")
            continue
        if after[name] == data:
            continue
        if name in sheet_parts:
            text_b, text_a = data.decode("utf-8"), after[name].decode("utf-8")
            if TAB_SELECTED.sub("", text_b, count=1) == text_a and text_b != text_a:
                continue
            out.append(f"{name}: foglio cambiato (non solo tabSelected) / sheet changed: "
                       f"{_first_difference(text_b, text_a)}")
            continue
        out.append(f"{name}: parte cambiata / part changed ({len(data)} -> {len(after[name])} bytes)")

    # the workbook part
    a_sheets = [(s["name"], s["sheetId"], s["r:id"], s["state"]) for s in sa.sheets]
    for s in sb.sheets:
        if (s["name"], s["sheetId"], s["r:id"], s["state"]) not in a_sheets:
            out.append(f"workbook: foglio perso o cambiato / sheet entry lost or changed: {s}")
    a_names = [(d["attrs"].get("name"), d["attrs"].get("localSheetId"), d["text"],
                tuple(sorted((k, v) for k, v in d["attrs"].items() if k != "localSheetId"))) for d in sa.defined_names]
    for d in sb.defined_names:
        local = d["attrs"].get("localSheetId")
        shifted = None if local is None else str(int(local) + shift)
        key = (d["attrs"].get("name"), shifted, d["text"],
               tuple(sorted((k, v) for k, v in d["attrs"].items() if k != "localSheetId")))
        if key not in a_names:
            out.append(f"workbook: nome definito perso o cambiato / defined name lost or changed: {d} "
                       f"(atteso localSheetId={shifted})")
    wb_b, wb_a = _top_level(before, sb.workbook_part), _top_level(after, sa.workbook_part)
    a_by_tag: dict[str, list] = {}
    for el in wb_a:
        a_by_tag.setdefault(_local(el.tag), []).append(el)
    for el in wb_b:
        tag = _local(el.tag)
        if tag in ("sheets", "definedNames"):
            continue
        others = a_by_tag.get(tag, [])
        if tag == "bookViews":
            views_b = [{k: v for k, v in v.attrib.items() if k not in ("activeTab", "firstSheet")} for v in el]
            views_a = [{k: v for k, v in v.attrib.items() if k not in ("activeTab", "firstSheet")}
                       for o in others for v in o]
            if views_b != views_a:
                out.append(f"workbook: bookViews cambiate / changed: {views_b} -> {views_a}")
            continue
        if not any(_canon(o) == _canon(el) for o in others):
            out.append(f"workbook: <{tag}> perso o cambiato / lost or changed: {_canon(el)[:300]!r}")

    # relationships of the workbook, content types
    for rel in sb.rels:
        if rel.get("Type", "").endswith("/calcChain"):
            continue
        if rel not in sa.rels:
            out.append(f"{sb.workbook_rels}: relazione persa / relationship lost: {rel}")
    for d in sb.defaults:
        if d not in sa.defaults:
            out.append(f"[Content_Types].xml: Default perso / lost: {d}")
    for o in sb.overrides:
        if sb.calc_chain and o[0].lstrip("/") == sb.calc_chain:
            continue
        if o not in sa.overrides:
            out.append(f"[Content_Types].xml: Override perso / lost: {o}")

    if sb.styles_part:
        if sb.styles_part not in after:
            out.append(f"{sb.styles_part}: foglio di stile perso / styles part lost")
        else:
            out += styles_problems(before[sb.styles_part].decode("utf-8"), after[sb.styles_part].decode("utf-8"))
    return out


# Child order of the schema (ECMA-376 part 1: CT_Workbook 18.2.27, CT_Stylesheet 18.8.39,
# CT_Worksheet 18.3.1.99): Excel refuses a part whose elements are out of order.
WORKBOOK_ORDER = ("fileVersion", "fileSharing", "workbookPr", "AlternateContent", "revisionPtr", "absPath",
                  "workbookProtection", "bookViews", "sheets", "functionGroups", "externalReferences",
                  "definedNames", "calcPr", "oleSize", "customWorkbookViews", "pivotCaches", "smartTagPr",
                  "smartTagTypes", "webPublishing", "fileRecoveryPr", "webPublishObjects", "extLst")
STYLES_ORDER = ("numFmts", "fonts", "fills", "borders", "cellStyleXfs", "cellXfs", "cellStyles", "dxfs",
                "tableStyles", "colors", "extLst")
WORKSHEET_ORDER = ("sheetPr", "dimension", "sheetViews", "sheetFormatPr", "cols", "sheetData", "sheetCalcPr",
                   "sheetProtection", "protectedRanges", "scenarios", "autoFilter", "sortState", "dataConsolidate",
                   "customSheetViews", "mergeCells", "phoneticPr", "conditionalFormatting", "dataValidations",
                   "hyperlinks", "printOptions", "pageMargins", "pageSetup", "headerFooter", "rowBreaks",
                   "colBreaks", "customProperties", "cellWatches", "ignoredErrors", "smartTags", "drawing",
                   "legacyDrawing", "legacyDrawingHF", "drawingHF", "picture", "oleObjects", "controls",
                   "webPublishItems", "tableParts", "extLst")


def order_problems(parts: dict[str, bytes], part: str, order: tuple[str, ...]) -> list[str]:
    tags = [_local(el.tag) for el in _parse(parts[part])]
    known = [t for t in tags if t in order]
    ranks = [order.index(t) for t in known]
    if ranks != sorted(ranks):
        return [f"{part}: elementi fuori ordine / children out of schema order: {tags}"]
    once = [t for t in set(known) if known.count(t) > 1 and t != "conditionalFormatting"]
    if once:
        return [f"{part}: elementi ripetuti / repeated children: {sorted(once)}"]
    return []


def integrity_problems(parts: dict[str, bytes], baseline: dict[str, bytes] | None = None) -> list[str]:
    """Package-level consistency Excel insists on (a breach makes it 'repair' the file or refuse it).
    With a baseline, only problems the baseline does not have too."""
    out = _integrity(parts)
    if baseline is not None:
        known = set(_integrity(baseline))
        out = [p for p in out if p not in known]
    return out


def _integrity(parts: dict[str, bytes]) -> list[str]:
    out: list[str] = []
    st = structure(parts)
    lower = {n.lower() for n in parts}
    names = [s["name"].lower() for s in st.sheets]
    if len(set(names)) != len(names):
        out.append(f"workbook: nomi di foglio doppi / duplicate sheet names: {st.sheet_names}")
    ids = [s["sheetId"] for s in st.sheets]
    if len(set(ids)) != len(ids):
        out.append(f"workbook: sheetId doppi / duplicate sheetIds: {ids}")
    rids = [s["r:id"] for s in st.sheets]
    if len(set(rids)) != len(rids):
        out.append(f"workbook: r:id doppi / duplicate r:ids: {rids}")
    by_id = {r["Id"]: r for r in st.rels}
    for s in st.sheets:
        if s["r:id"] not in by_id:
            out.append(f"workbook: il foglio {s['name']!r} punta a {s['r:id']} che non esiste / dangling r:id")
    dn = [(d["attrs"].get("name", "").lower(), d["attrs"].get("localSheetId")) for d in st.defined_names]
    if len(set(dn)) != len(dn):
        out.append(f"workbook: nomi definiti doppi / duplicate defined names: {sorted(dn)}")
    for d in st.defined_names:
        local = d["attrs"].get("localSheetId")
        if local is not None and not 0 <= int(local) < len(st.sheets):
            out.append(f"workbook: localSheetId fuori intervallo / out of range: {d}")
    out += order_problems(parts, st.workbook_part, WORKBOOK_ORDER)
    if st.styles_part and st.styles_part in parts:
        out += order_problems(parts, st.styles_part, STYLES_ORDER)
    worksheet_parts = {resolve_target(st.workbook_part, r["Target"]) for r in st.rels
                       if r.get("Type", "").endswith("/worksheet")}
    for part in sorted(worksheet_parts):
        if part in parts:
            out += order_problems(parts, part, WORKSHEET_ORDER)
    # content types: no duplicates, every part covered, no override for a missing part
    over = [o[0].lower() for o in st.overrides]
    if len(set(over)) != len(over):
        out.append("[Content_Types].xml: Override doppi / duplicate overrides: "
                   + str(sorted({o for o in over if over.count(o) > 1})))
    for o in st.overrides:
        if o[0].lstrip("/").lower() not in lower:
            out.append(f"[Content_Types].xml: Override di una parte che non c'è / override for a missing part: {o}")
    defaults = {ext for ext, _ in st.defaults}
    for name in parts:
        if name == "[Content_Types].xml":
            continue
        ext = name.rsplit(".", 1)[-1].lower() if "." in name.rsplit("/", 1)[-1] else ""
        if "/" + name.lower() not in over and ext not in defaults:
            out.append(f"[Content_Types].xml: nessun tipo per / no content type for {name}")
    # relationships: unique ids, internal targets present
    for name in parts:
        if not name.endswith(".rels"):
            continue
        root = _parse(parts[name])
        rel_ids = [r.get("Id") for r in root]
        if len(set(rel_ids)) != len(rel_ids):
            out.append(f"{name}: Id doppi / duplicate relationship ids: {rel_ids}")
        folder, base = name.rsplit("/", 1) if "/" in name else ("", name)
        owner = (folder[:-len("_rels")] if folder.endswith("_rels") else folder) + base[:-len(".rels")]
        for r in root:
            if r.get("TargetMode") == "External":
                continue
            target = resolve_target(owner, r.get("Target", ""))
            if target.lower() not in lower:
                out.append(f"{name}: destinazione mancante / missing target {r.get('Target')} ({r.get('Type')})")
    # every part is reachable from the package relationships (no leftovers of removed sheets)
    by_lower = {n.lower(): n for n in parts}
    seen, todo = set(), [""]
    while todo:
        owner = todo.pop()
        rels = rels_name(owner) if owner else "_rels/.rels"
        if rels.lower() not in by_lower:
            continue
        for r in _parse(parts[by_lower[rels.lower()]]):
            if r.get("TargetMode") == "External":
                continue
            target = resolve_target(owner or "x", r.get("Target", "")).lower() if owner else \
                r.get("Target", "").lstrip("/").lower()
            if target in by_lower and target not in seen:
                seen.add(target)
                todo.append(by_lower[target])
    for name in parts:
        if name == "[Content_Types].xml" or name.endswith(".rels"):
            continue
        if name.lower() not in seen:
            out.append(f"{name}: parte non raggiungibile / orphan part, no relationship points to it")
    return out


# --------------------------------------------------------------------------- cell values


def normalise(value):
    """calamine gives whole numbers as float and dates as date or datetime: compare like with like."""
    if isinstance(value, bool):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        return value.date()
    return value


def sheet_values(source) -> dict[str, object]:
    """Sheet name -> rows of normalised values (or the error calamine raised reading it)."""
    from python_calamine import CalamineWorkbook

    if isinstance(source, (bytes, bytearray)):
        wb = CalamineWorkbook.from_filelike(io.BytesIO(source))
    else:
        wb = CalamineWorkbook.from_path(str(source))
    out: dict[str, object] = {}
    for name in wb.sheet_names:
        try:
            rows = wb.get_sheet_by_name(name).to_python(skip_empty_area=False)
        except Exception as exc:  # noqa: BLE001 - compared as it is
            out[name] = ("errore", type(exc).__name__)
            continue
        out[name] = [[normalise(v) for v in row] for row in rows]
    return out


def _strip_trailing(rows):
    rows = [list(r) for r in rows]
    for r in rows:
        while r and r[-1] in ("", None):
            r.pop()
    while rows and not rows[-1]:
        rows.pop()
    return rows


def value_problems(before: dict[str, object], after: dict[str, object], table_sheet: str,
                   table_cols: int = len(HEADERS)) -> list[str]:
    out = []
    for name, rows in before.items():
        if name not in after:
            out.append(f"valori: foglio {name!r} non più leggibile / sheet gone")
            continue
        got = after[name]
        if name == table_sheet and isinstance(rows, list) and isinstance(got, list):
            rows = [r[:table_cols] for r in rows]
            got = [r[:table_cols] for r in got]
        if isinstance(rows, list) and isinstance(got, list):
            rows, got = _strip_trailing(rows), _strip_trailing(got)
        if rows != got:
            out.append(f"valori: foglio {name!r} diverso / values differ: {_diff_rows(rows, got)}")
    return out


def _diff_rows(a, b) -> str:
    if not isinstance(a, list) or not isinstance(b, list):
        return f"{a!r} -> {b!r}"
    for i in range(max(len(a), len(b))):
        ra = a[i] if i < len(a) else None
        rb = b[i] if i < len(b) else None
        if ra != rb:
            return f"riga {i + 1}: {ra!r} -> {rb!r}"
    return "?"


