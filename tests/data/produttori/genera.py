"""Build the workbooks of tests/data/produttori: the same kinds of content written by the
programs offices meet besides Excel. Run from the repository's root:

    python tests/data/produttori/genera.py [--node-modules DIR]

Needs: openpyxl, XlsxWriter, pandas (pip); lxml in a separate virtual environment for the
'openpyxl + lxml' files (made on the fly in a temporary folder); LibreOffice (`soffice`);
Node.js with exceljs 4.4.0 and xlsx (SheetJS) 0.18.5 installed in DIR
(`npm install exceljs@4.4.0 xlsx@0.18.5`). A producer that is missing is skipped with a
message; the files already in the folder stay as they are.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
EXAMPLE = ROOT / "esempi" / "torino-2018-compilato.xlsx"
SEED_DATE = dt.datetime(2024, 3, 1)


def say(text: str) -> None:
    print(text, file=sys.stderr)


# --------------------------------------------------------------------------- openpyxl


OPENPYXL_RICH = textwrap.dedent('''
    import datetime as dt, sys
    from openpyxl import Workbook
    from openpyxl.chart import BarChart, Reference
    from openpyxl.comments import Comment
    from openpyxl.formatting.rule import CellIsRule, ColorScaleRule
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.workbook.defined_name import DefinedName
    from openpyxl.worksheet.datavalidation import DataValidation
    from openpyxl.worksheet.table import Table, TableStyleInfo

    wb = Workbook()
    ws = wb.active
    ws.title = "Dati"
    ws.append(["Area", "Pratiche", "Giorni", "Data", "Esito"])
    for i, area in enumerate(["Anagrafe", "Promozione", "Regolazione", "Risorse"], start=2):
        ws.append([area, 100 + i * 7, 3.5 + i, dt.date(2024, i, 10), "SI" if i % 2 else "NO"])
    ws["F1"] = "Totale"
    ws["F2"] = "=SUM(B2:B5)"
    ws["A1"].font = Font(bold=True, color="FF0000")
    ws["A2"].fill = PatternFill("solid", fgColor="FFFF00")
    ws["A3"].alignment = Alignment(wrap_text=True, vertical="top")
    ws["B2"].number_format = "0.00%"
    ws["D2"].number_format = "dd/mm/yyyy"
    ws.merge_cells("H2:I3")
    ws["H2"] = "Cella unita"
    ws["A4"].comment = Comment("Commento dell'ufficio", "Ufficio")
    ws["A5"].hyperlink = "https://www.example.org/piano"
    dv = DataValidation(type="list", formula1='"SI,NO"', allow_blank=True)
    ws.add_data_validation(dv)
    dv.add("E2:E5")
    ws.conditional_formatting.add("B2:B5", CellIsRule(operator="greaterThan", formula=["120"],
                                  fill=PatternFill("solid", bgColor="FFC7CE")))
    ws.conditional_formatting.add("C2:C5", ColorScaleRule(start_type="min", start_color="FFFFFF",
                                  end_type="max", end_color="63BE7B"))
    ws.freeze_panes = "B2"
    ws.print_title_rows = "1:1"
    ws.print_area = "A1:F5"
    ws.page_setup.orientation = "landscape"
    tab = Table(displayName="TabellaPratiche", ref="A1:E5")
    tab.tableStyleInfo = TableStyleInfo(name="TableStyleMedium9", showRowStripes=True)
    ws.add_table(tab)
    chart = BarChart()
    chart.add_data(Reference(ws, min_col=2, min_row=1, max_row=5), titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=2, max_row=5))
    ws.add_chart(chart, "H6")
    wb.defined_names["Pratiche"] = DefinedName("Pratiche", attr_text="Dati!$B$2:$B$5")
    other = wb.create_sheet("Note")
    other["A1"] = "Testo su più righe\\nseconda riga"
    other["A2"] = "=Dati!B2*2"
    other.sheet_state = "hidden"
    wb.properties.creator = "Ufficio pianificazione"
    wb.save(sys.argv[1])
''')


def run_openpyxl(python: str, script: str, out: Path, *args: str) -> bool:
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as handle:
        handle.write(script)
    try:
        result = subprocess.run([python, handle.name, str(out), *args], capture_output=True, text=True)
    finally:
        os.unlink(handle.name)
    if result.returncode != 0:
        say(f"openpyxl ({python}): {result.stderr.strip()[-400:]}")
        return False
    return True


RESAVE = "import sys, openpyxl\nopenpyxl.load_workbook(sys.argv[2]).save(sys.argv[1])\n"


def lxml_python() -> str | None:
    """A Python with openpyxl and lxml (openpyxl then writes through lxml, declaring namespaces
    where they are used): a virtual environment in a temporary folder."""
    folder = Path(tempfile.gettempdir()) / "piano-xlsx-lxml-venv"
    python = folder / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(folder)], check=True)
        result = subprocess.run([str(python), "-m", "pip", "install", "-q", "openpyxl", "lxml"],
                                capture_output=True, text=True)
        if result.returncode != 0:
            say("lxml non installabile: file 'openpyxl + lxml' non rigenerati")
            return None
    return str(python)


# --------------------------------------------------------------------------- XlsxWriter and pandas


def xlsxwriter_rich(out: Path) -> None:
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(out), {"strings_to_formulas": False, "strings_to_urls": False})
    ws = wb.add_worksheet("Dati")
    bold = wb.add_format({"bold": True, "bg_color": "#DDEBF7"})
    pct = wb.add_format({"num_format": "0.0%"})
    date = wb.add_format({"num_format": "dd/mm/yyyy"})
    ws.write_row(0, 0, ["Area", "Quota", "Valori", "Data"], bold)
    for i, area in enumerate(["Anagrafe", "Promozione", "Regolazione"], start=1):
        ws.write_string(i, 0, area)
        ws.write_number(i, 1, 0.8 + i / 20, pct)
        ws.write_row(i, 4, [i, i * 2, i * 3, i * 2])
        ws.write_datetime(i, 3, dt.datetime(2024, i, 5), date)
    ws.add_sparkline("C2", {"range": "Dati!E2:H2"})
    ws.add_sparkline("C3", {"range": "Dati!E3:H3", "type": "column"})
    ws.write_comment("A2", "Nota dell'ufficio")
    ws.write_rich_string("A6", "Testo ", bold, "ricco", " in una cella")
    ws.merge_range("A8:C9", "Intervallo unito", bold)
    ws.data_validation("D2:D4", {"validate": "date", "criteria": ">", "value": dt.date(2024, 1, 1)})
    ws.conditional_format("B2:B4", {"type": "data_bar", "bar_color": "#63C384"})
    ws.write_url("A11", "https://www.example.org/", string="Sito")
    ws.insert_textbox("J2", "Casella di testo", {"width": 200, "height": 60})
    chart = wb.add_chart({"type": "line"})
    chart.add_series({"values": "=Dati!$B$2:$B$4", "categories": "=Dati!$A$2:$A$4"})
    ws.insert_chart("J8", chart)
    ws.add_table("A14:B17", {"columns": [{"header": "Chiave"}, {"header": "Valore"}],
                             "data": [["a", 1], ["b", 2], ["c", 3]]})
    ws.set_column("A:A", 24)
    ws.freeze_panes(1, 0)
    wb.define_name("Quote", "=Dati!$B$2:$B$4")
    wb.set_properties({"author": "Ufficio controllo"})
    wb.close()


def pandas_files(folder: Path) -> None:
    try:
        import pandas as pd
    except ImportError:
        say("pandas non installato: file pandas non rigenerati")
        return
    frame = pd.DataFrame({
        "Obiettivo": ["1. Semplificare", "1. Semplificare", "2. Digitalizzare"],
        "Indicatore": ["1.1 Pratiche evase", "1.2 Tempi medi", "2.1 Servizi online"],
        "Target": [">= 90%", "<= 30 gg", "SI"],
        "Consuntivo": [0.93, 25, "SI"],
    })
    with pd.ExcelWriter(folder / "pandas-openpyxl.xlsx", engine="openpyxl") as writer:
        frame.to_excel(writer, sheet_name="Export", index=False)
        frame.set_index(["Obiettivo", "Indicatore"]).to_excel(writer, sheet_name="Indice")
    with pd.ExcelWriter(folder / "pandas-xlsxwriter.xlsx", engine="xlsxwriter") as writer:
        frame.to_excel(writer, sheet_name="Export", index=False)
        frame.set_index(["Obiettivo", "Indicatore"]).to_excel(writer, sheet_name="Indice")


# --------------------------------------------------------------------------- LibreOffice


def libreoffice_resave(source: Path, out: Path) -> bool:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        say("LibreOffice non trovato: file LibreOffice non rigenerati")
        return False
    with tempfile.TemporaryDirectory() as tmp:
        profile = Path(tmp) / "profilo"
        staged = Path(tmp) / ("in" + source.suffix)
        shutil.copy(source, staged)
        result = subprocess.run([soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
                                 "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(Path(tmp) / "out"),
                                 str(staged)], capture_output=True, text=True, timeout=180)
        produced = Path(tmp) / "out" / "in.xlsx"
        if result.returncode != 0 or not produced.exists():
            say(f"LibreOffice: conversione non riuscita per {source.name}: {result.stderr.strip()[-300:]}")
            return False
        shutil.copy(produced, out)
    return True


# --------------------------------------------------------------------------- Node.js: ExcelJS, SheetJS


EXCELJS_RICH = textwrap.dedent('''
    const ExcelJS = require('exceljs');
    const wb = new ExcelJS.Workbook();
    wb.creator = 'Ufficio pianificazione';
    const ws = wb.addWorksheet('Dati', {views: [{state: 'frozen', ySplit: 1}]});
    ws.columns = [{header: 'Area', key: 'a', width: 20}, {header: 'Quota', key: 'q', width: 10},
                  {header: 'Data', key: 'd', width: 12}, {header: 'Esito', key: 'e', width: 8}];
    ws.addRow({a: 'Anagrafe', q: 0.85, d: new Date(Date.UTC(2024, 1, 10)), e: 'SI'});
    ws.addRow({a: 'Promozione', q: 0.92, d: new Date(Date.UTC(2024, 2, 10)), e: 'NO'});
    ws.getCell('B2').numFmt = '0.00%';
    ws.getCell('C2').numFmt = 'dd/mm/yyyy';
    ws.getCell('A1').font = {bold: true, color: {argb: 'FFFF0000'}};
    ws.getCell('A2').note = 'Nota della cella';
    ws.getCell('A3').value = {text: 'Sito', hyperlink: 'https://www.example.org/'};
    ws.mergeCells('F2:G3');
    ws.getCell('F2').value = 'Unita';
    ws.getCell('H2').value = {formula: 'B2*100', result: 85};
    ws.getCell('D2').dataValidation = {type: 'list', allowBlank: true, formulae: ['"SI,NO"']};
    ws.addConditionalFormatting({ref: 'B2:B3', rules: [{type: 'cellIs', operator: 'greaterThan',
        formulae: [0.9], style: {fill: {type: 'pattern', pattern: 'solid', bgColor: {argb: 'FFC6EFCE'}}}}]});
    ws.addTable({name: 'TabellaAree', ref: 'A6', headerRow: true,
                 columns: [{name: 'Chiave'}, {name: 'Valore'}], rows: [['a', 1], ['b', 2]]});
    ws.pageSetup.orientation = 'landscape';
    const second = wb.addWorksheet('Note');
    second.getCell('A1').value = 'Testo\\nsu due righe';
    second.getCell('A1').alignment = {wrapText: true};
    wb.definedNames.add('Dati!$B$2:$B$3', 'Quote');
    wb.xlsx.writeFile(process.argv[2]).catch(e => { console.error(e); process.exit(1); });
''')

SHEETJS_RICH = textwrap.dedent('''
    const XLSX = require('xlsx');
    const ws = XLSX.utils.aoa_to_sheet([
      ['Obiettivo', 'Indicatore', 'Target', 'Consuntivo'],
      ['1. Semplificare', '1.1 Pratiche evase', '>= 90%', 0.93],
      [null, '1.2 Tempi medi', '<= 30 gg', 25],
      ['2. Digitalizzare', '2.1 Servizi online', 'SI', 'SI'],
    ]);
    ws['!merges'] = [{s: {r: 1, c: 0}, e: {r: 2, c: 0}}];
    ws['D2'].z = '0%';
    ws['B2'].c = [{a: 'Ufficio', t: 'Commento'}];
    ws['B4'].l = {Target: 'https://www.example.org/'};
    ws['E2'] = {t: 'n', f: 'D2*100', v: 93};
    ws['!ref'] = 'A1:E4';
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, ws, 'Piano');
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([['Nota'], ['seconda']]), 'Note');
    wb.Workbook = {Names: [{Name: 'Consuntivi', Ref: 'Piano!$D$2:$D$4'}]};
    XLSX.writeFile(wb, process.argv[2]);
''')

NODE_RESAVE = {
    "exceljs": ("const ExcelJS = require('exceljs'); const wb = new ExcelJS.Workbook();"
                "wb.xlsx.readFile(process.argv[3]).then(() => wb.xlsx.writeFile(process.argv[2]))"
                ".catch(e => { console.error(e); process.exit(1); });"),
    "sheetjs": ("const XLSX = require('xlsx'); const wb = XLSX.readFile(process.argv[3], {cellStyles: true,"
                " cellNF: true}); XLSX.writeFile(wb, process.argv[2], {bookType: 'xlsx', cellStyles: true});"),
}


def run_node(modules: Path | None, script: str, out: Path, *args: str) -> bool:
    node = shutil.which("node")
    if node is None or modules is None or not (modules / "exceljs").is_dir():
        say("Node.js o i moduli exceljs/xlsx mancanti (--node-modules): file ExcelJS/SheetJS non rigenerati")
        return False
    env = dict(os.environ, NODE_PATH=str(modules))
    with tempfile.NamedTemporaryFile("w", suffix=".js", delete=False) as handle:
        handle.write(script)
    try:
        result = subprocess.run([node, handle.name, str(out), *args], capture_output=True, text=True, env=env)
    finally:
        os.unlink(handle.name)
    if result.returncode != 0:
        say(f"node: {result.stderr.strip()[-400:]}")
        return False
    return True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--node-modules", type=Path, default=None,
                        help="la cartella node_modules con exceljs e xlsx")
    args = parser.parse_args()
    folder = HERE
    # openpyxl (its own XML writer)
    run_openpyxl(sys.executable, OPENPYXL_RICH, folder / "openpyxl-ricco.xlsx")
    run_openpyxl(sys.executable, RESAVE, folder / "openpyxl-torino.xlsx", str(EXAMPLE))
    # openpyxl writing through lxml
    lxml = lxml_python()
    if lxml:
        run_openpyxl(lxml, OPENPYXL_RICH, folder / "openpyxl-lxml-ricco.xlsx")
        run_openpyxl(lxml, RESAVE, folder / "openpyxl-lxml-torino.xlsx", str(EXAMPLE))
    # XlsxWriter and pandas
    xlsxwriter_rich(folder / "xlsxwriter-ricco.xlsx")
    pandas_files(folder)
    # LibreOffice: its own save of the rich files and of the example
    for name in ("openpyxl-ricco.xlsx", "xlsxwriter-ricco.xlsx"):
        libreoffice_resave(folder / name, folder / name.replace("openpyxl", "libreoffice-da-openpyxl")
                           .replace("xlsxwriter", "libreoffice-da-xlsxwriter"))
    libreoffice_resave(EXAMPLE, folder / "libreoffice-torino.xlsx")
    # Node.js producers
    modules = args.node_modules
    run_node(modules, EXCELJS_RICH, folder / "exceljs-ricco.xlsx")
    run_node(modules, NODE_RESAVE["exceljs"], folder / "exceljs-torino.xlsx", str(EXAMPLE))
    run_node(modules, SHEETJS_RICH, folder / "sheetjs-ricco.xlsx")
    run_node(modules, NODE_RESAVE["sheetjs"], folder / "sheetjs-torino.xlsx", str(EXAMPLE))


if __name__ == "__main__":
    main()
