"""A year of monthly runs by an office that works in LibreOffice: what the trial found.

The office typed a note in the Storico's header row ('nota 31/01: provvisorio'): it was read as a
period sorted after December, every later run warned that its month was in the past, the backups
were named after the note, and with a '/' in it every run in place stopped with an internal error.
A grado forced by hand came out in `confronta` as 1 instead of 100%, with the actual 'gone'. A
target of pages was explained in percentages because the indicator's text mentioned one.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import openpyxl
from click.testing import CliRunner

from piano_xlsx.cli.main import main

EXAMPLE = Path(__file__).resolve().parent.parent / "esempi" / "torino-2018-compilato.xlsx"


def _cli(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_a_note_in_the_storico_header_is_not_a_period(tmp_path):
    january = tmp_path / "piano.xlsx"
    assert _cli("calcola", EXAMPLE, "-o", january, "--periodo", "2018-01").exit_code == 0
    book = openpyxl.load_workbook(january)
    storico = book["Storico"]
    free = storico.max_column + 1
    storico.cell(4, free, "nota 31/01: provvisorio")
    book.save(january)  # (openpyxl drops the sparklines: not what this test is about)
    result = _cli("calcola", january, "--sul-posto", "--periodo", "2018-02", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    said = [f for f in data["anomalie"] if f["codice"] == "nota-nello-storico"]
    assert len(said) == 1 and said[0]["foglio"] == "Storico" and "non passano nel file scritto" in said[0]["messaggio"]
    assert "periodo-passato" not in {f["codice"] for f in data["anomalie"]}
    backups = [p.name for p in tmp_path.iterdir() if ".bak-" in p.name]
    assert len(backups) == 1 and backups[0].startswith("piano.bak-2018-01-"), backups
    headers = [c.value for c in openpyxl.load_workbook(january)["Storico"][4]]
    assert "2018-01" in headers and "2018-02" in headers
    assert not [h for h in headers if isinstance(h, str) and "nota" in h]


def test_a_backup_label_holds_only_what_a_file_name_can(tmp_path):
    from piano_xlsx.write.files import write_atomically

    target = tmp_path / "piano.xlsx"
    target.write_bytes(b"old")
    backup = write_atomically(target, b"new", backup=True, label="nota 31/01: provvisorio")
    assert backup is not None and backup.exists() and backup.read_bytes() == b"old"
    assert backup.name.startswith("piano.bak-nota-31-01-provvisor-") and ":" not in backup.name  # (20 characters)


def _plan(path, forced=None, actual=160):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Piano"
    ws.append(["Obiettivo", "Indicatore", "Target", "Consuntivo", "Grado forzato", "Nota forzatura"])
    ws.append(["1. Servizi", "1.1 Pratiche evase", ">= 300", actual, forced,
               "Target rivisto con delibera di Giunta" if forced is not None else None])
    ws["E2"].number_format = "0%"
    settings = wb.create_sheet("Impostazioni")
    settings.append(["Impostazione", "Valore"])
    settings.append(["Anno del piano", 2025])
    wb.save(path)
    return path


def test_confronta_shows_a_forced_grado_as_it_is_read(tmp_path):
    before, after = _plan(tmp_path / "prima.xlsx"), _plan(tmp_path / "dopo.xlsx", forced=1)
    result = _cli("confronta", before, after, "--json")
    data = json.loads(result.stdout)
    forced = [e for e in data["modifiche_piano"] if e["campo"] == "Grado forzato"]
    assert len(forced) == 1 and forced[0]["dopo"] == 100.0 and forced[0]["prima"] is None
    assert forced[0]["messaggio"] == "Risultato 1.1: grado forzato (vuoto) -> 100%"
    # the actual cell did not change: forcing the grado is not 'consuntivo 160 -> (vuoto)'
    assert not [e for e in data["modifiche_risultati"] if e["tipo"] == "consuntivo-modificato"], data


def test_a_target_of_pages_is_not_explained_in_percentages(tmp_path):
    """Torino's 4.1.1: 'almeno 10 pagine per trimestre', the indicator's text mentioning '80% delle
    attività': 46 pages against 40, not '46% rispetto al target >= 40%'."""
    source = tmp_path / "torino.xlsx"
    shutil.copy(EXAMPLE, source)
    data = json.loads(_cli("calcola", source, "--json").stdout)
    node = next(n for n in data["nodi"] if n["codice"] == "4.1.1")
    assert node["spiegazione"].startswith("Consuntivo 46 rispetto al target >= 40 (A/T)"), node["spiegazione"]


def test_comments_on_the_storico_are_said_not_lost_in_silence(tmp_path):
    """A comment the office put on a Storico cell does not pass into the new Storico (piano-xlsx
    writes that sheet): the run says so (found in the LibreOffice trial: gone without a word)."""
    from openpyxl.comments import Comment

    january = tmp_path / "piano.xlsx"
    assert _cli("calcola", EXAMPLE, "-o", january, "--periodo", "2018-01").exit_code == 0
    book = openpyxl.load_workbook(january)
    book["Storico"]["D6"].comment = Comment("dato provvisorio", "ufficio")
    book.save(january)
    out = tmp_path / "febbraio.xlsx"
    result = _cli("calcola", january, "-o", out, "--periodo", "2018-02", "--json")
    data = json.loads(result.stdout)
    said = [f for f in data["anomalie"] if f["codice"] == "commenti-non-riportati"]
    assert len(said) == 1 and said[0]["foglio"] == "Storico", data["anomalie"]
    # a run on a file whose sheets have no comments of the office's says nothing
    again = _cli("calcola", out, "-o", tmp_path / "marzo.xlsx", "--periodo", "2018-03", "--json")
    assert "commenti-non-riportati" not in {f["codice"] for f in json.loads(again.stdout)["anomalie"]}


def test_confronta_with_forced_grados_names_the_actual_cells(tmp_path):
    """Found in review: with the grado forced, an actual changed 160 -> 170 was 'consuntivo 160 ->
    (vuoto)', and with both forced the change went unsaid; 1 formatted as % and '100%' typed were
    'grado forzato 100% -> 100%'."""
    def plan(path, actual, forced):
        return _plan(path, forced=forced, actual=actual)

    def changes(a, b):
        data = json.loads(_cli("confronta", a, b, "--json").stdout)
        return [e["messaggio"] for e in data["modifiche_piano"] + data["modifiche_risultati"]
                if "consuntivo" in e["messaggio"] or "forzato" in e["messaggio"]]

    assert "Risultato 1.1: consuntivo 160 -> 170" in changes(plan(tmp_path / "a.xlsx", 160, None),
                                                             plan(tmp_path / "b.xlsx", 170, 1))
    assert "Risultato 1.1: consuntivo 160 -> 175" in changes(plan(tmp_path / "c.xlsx", 160, 0.8),
                                                             plan(tmp_path / "d.xlsx", 175, 0.9))
    assert changes(plan(tmp_path / "e.xlsx", 160, 1), plan(tmp_path / "f.xlsx", 160, "100%")) == []
