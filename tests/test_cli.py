"""The command line: Italian help, aliases, exit codes, no tracebacks, README in sync."""

from __future__ import annotations

import os
import re

import openpyxl
import pytest
from click.testing import CliRunner

from piano_xlsx import __version__
from piano_xlsx.cli.main import main
from piano_xlsx.core.settings import SETTINGS

from .conftest import EXAMPLE_FILLED, ROOT

COMMANDS = {"verifica": "check", "calcola": "run", "modello": "template"}


def test_version():
    result = CliRunner().invoke(main, ["--version"])
    assert result.exit_code == 0
    assert result.output.strip() == f"piano-xlsx {__version__}"


@pytest.mark.parametrize("args", [[], *([c] for c in COMMANDS)])
def test_help_is_italian(args):
    result = CliRunner().invoke(main, [*args, "--help"], prog_name="piano-xlsx")
    assert result.exit_code == 0
    assert result.output.startswith("Uso: piano-xlsx")
    assert "Mostra questo aiuto ed esce." in result.output
    for english in ("Usage:", "Options:", "Show this message", "Commands:"):
        assert english not in result.output


@pytest.mark.parametrize("italian,english", COMMANDS.items())
def test_english_aliases(italian, english):
    a = CliRunner().invoke(main, [italian, "--help"]).output
    b = CliRunner().invoke(main, [english, "--help"]).output
    assert a.replace(f" {italian} ", " X ") == b.replace(f" {italian} ", " X ")


def test_misuse_exits_2_in_italian():
    result = CliRunner().invoke(main, ["verifica"])
    assert result.exit_code == 2
    assert "Manca l'argomento" in result.output
    result = CliRunner().invoke(main, ["inesistente"])
    assert result.exit_code == 2
    assert "Il comando 'inesistente' non esiste." in result.output
    result = CliRunner().invoke(main, ["calcola", "x.xlsx", "--periodo", "2018-13"])
    assert result.exit_code == 2
    assert "il mese va da 01 a 12" in result.output


def test_internal_error_has_no_traceback_without_v(monkeypatch, tmp_path):
    import piano_xlsx.pipeline

    def boom(path):
        raise RuntimeError("guasto simulato")

    monkeypatch.setattr(piano_xlsx.pipeline, "verify", boom)
    result = CliRunner().invoke(main, ["verifica", str(tmp_path / "x.xlsx")])
    assert result.exit_code == 3
    assert "Errore interno" in result.output and "Traceback" not in result.output
    result = CliRunner().invoke(main, ["-v", "verifica", str(tmp_path / "x.xlsx")])
    assert result.exit_code == 3
    assert "Traceback" in result.output


def test_modello_writes_a_template_that_verifies(tmp_path):
    out = tmp_path / "nuovo.xlsx"
    result = CliRunner().invoke(main, ["modello", "-o", str(out), "--anno", "2025"])
    assert result.exit_code == 0, result.output
    assert out.exists()
    again = CliRunner().invoke(main, ["template", "-o", str(out)])
    assert again.exit_code == 2
    assert "esiste già" in again.output
    check = CliRunner().invoke(main, ["verifica", str(out)])
    assert check.exit_code == 1  # an empty table: the report says what to fill in
    assert "tabella-vuota" in check.output


def test_readme_documents_every_setting_and_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("<!-- impostazioni:inizio -->")[1].split("<!-- impostazioni:fine -->")[0]
    for setting in SETTINGS:
        assert f"| {setting.label} | {setting.default_text} | {setting.description} |" in block, setting.label
    for italian, english in COMMANDS.items():
        assert f"piano-xlsx {italian}" in readme and f"`{english}`" in readme


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    command = re.search(r"```sh\n(python3 -m venv .venv && .*pytest)\n```", readme).group(1)
    assert "pip install -e '.[test]'" in command
    assert "python -m pip install -q -e '.[test]' && python -m pytest" in ci


def test_commands_in_one_process_do_not_pile_up_uncollected_cycles(tmp_path):
    """Commands pause the cycle collector and freeze what they hold when they end; the next
    command in the same process gets the earlier one's cycles collected (dividi makes some)."""
    import gc

    held = []
    for i in range(4):
        result = CliRunner().invoke(main, ["dividi", str(EXAMPLE_FILLED), "--per", "tutti", "-d", str(tmp_path / str(i))])
        assert result.exit_code == 0, result.output
        held.append(gc.get_freeze_count())
    assert gc.isenabled()
    assert held[3] <= held[1] + 500, held  # each run used to add ~7,000 objects for good


def test_a_period_outside_the_plan_year_is_refused_before_anything_is_written(tmp_path):
    """Found by a new user: --periodo 2017-12 on the 2018 plan computed "as at year end"."""
    out = tmp_path / "out.xlsx"
    result = CliRunner().invoke(main, ["calcola", str(EXAMPLE_FILLED), "--periodo", "2017-12", "-o", str(out)])
    assert result.exit_code == 2
    assert "fuori dall'anno del piano del file 'torino-2018-compilato.xlsx' (2018)" in result.output
    assert "Traceback" not in result.output
    assert not out.exists()


def test_system_reasons_are_given_in_italian(tmp_path, monkeypatch):
    """Found by a new user: an unwritable output folder was reported with piano-xlsx's temporary
    file name and the system's English reason. (Simulated: tests run as root in CI.)"""
    import errno
    import tempfile

    def refuse(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied", "/x/.piano-xlsx-abc.xlsx")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    out = tmp_path / "uscita.xlsx"
    result = CliRunner().invoke(main, ["calcola", str(EXAMPLE_FILLED), "-o", str(out)])
    assert result.exit_code == 2
    assert f"'{out}'" in result.output and "permesso negato" in result.output
    assert "Permission denied" not in result.output and ".piano-xlsx-" not in result.output


def _closed_early(args: list[str]) -> tuple[int, bytes]:
    """Run the command with its output pipe closed before it prints anything (its start-up takes
    far longer than closing): every write of it fails. (exit code, stderr)."""
    import subprocess
    import sys

    proc = subprocess.Popen([sys.executable, "-m", "piano_xlsx.cli.main", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    proc.stdout.close()
    _, err = proc.communicate(timeout=120)
    return proc.returncode, err


def test_a_reader_that_stops_early_gets_the_commands_own_exit_code(tmp_path):
    """`piano-xlsx calcola FILE | head -1` ended with click's 1 ('errori nei dati'); the command
    now finishes its work quietly and ends with its own code, which for verifica and confronta is
    the answer (found in review: exit 0 there would have said 'no errors' / 'equal')."""
    import subprocess
    import sys

    from benchmarks.genera_piano import write_plan

    plan = tmp_path / "piano.xlsx"
    write_plan(plan, 300)
    out = tmp_path / "out.xlsx"
    code, err = _closed_early(["calcola", str(plan), "-o", str(out)])
    assert out.is_file()
    full = subprocess.run([sys.executable, "-m", "piano_xlsx.cli.main", "calcola", str(plan), "-o",
                           str(tmp_path / "out2.xlsx")], capture_output=True)
    assert code == full.returncode, err.decode()
    assert b"Traceback" not in err and b"Error" not in err
    broken = tmp_path / "rotto.xlsx"
    wb = openpyxl.load_workbook(plan)
    wb["Collegamento"]["B3"] = None  # a result without its objective: an error in the data
    wb.save(broken)
    code, err = _closed_early(["verifica", str(broken)])
    assert code == 1, err.decode()
    code, err = _closed_early(["confronta", str(plan), str(broken)])
    assert code == 1, err.decode()
    assert b"Traceback" not in err


def test_a_failed_replace_names_the_output_not_the_temporary_file(tmp_path, monkeypatch):
    """Found in review: when the final replace failed (a file locked on Windows), the message
    named piano-xlsx's temporary file."""
    import errno
    import os

    def refuse(src, dst):
        raise PermissionError(errno.EACCES, "Access is denied", str(src), None, str(dst))

    monkeypatch.setattr(os, "replace", refuse)
    out = tmp_path / "uscita.xlsx"
    result = CliRunner().invoke(main, ["calcola", str(EXAMPLE_FILLED), "-o", str(out)])
    assert result.exit_code == 2
    assert f"'{out}'" in result.output and "permesso negato" in result.output
    assert ".piano-xlsx-" not in result.output
    assert not list(tmp_path.glob(".piano-xlsx-*"))  # the temporary file is cleaned up


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="serve /dev/full (Linux) per un'uscita che non si può scrivere")
def test_output_that_cannot_be_written_is_an_italian_error_with_2():
    """Found by a new user: `verifica FILE > /dev/full` ended with a traceback and 1 ('errori nei dati')."""
    import subprocess
    import sys

    with open("/dev/full", "w") as full:
        proc = subprocess.run([sys.executable, "-m", "piano_xlsx.cli.main", "verifica", str(EXAMPLE_FILLED)],
                              stdout=full, stderr=subprocess.PIPE, timeout=120)
    assert proc.returncode == 2
    assert "L'uscita del comando non si può scrivere: spazio su disco esaurito".encode() in proc.stderr
    assert b"Traceback" not in proc.stderr


def test_losing_the_report_of_work_done_does_not_change_the_exit_code(monkeypatch):
    """Found in review: dividi --invia with its output on a full disk after sending ended with 2
    ('non inviati'), and a script retrying would send everything again."""
    import errno

    import click

    from piano_xlsx.cli import common as cli_common

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(click, "echo", full)
    monkeypatch.setattr(cli_common, "_drop_output", lambda stream: None)
    with click.Context(click.Command("prova")) as ctx:
        with pytest.raises(click.exceptions.Exit) as exited:
            cli_common.echo("risultato")
        assert exited.value.exit_code == 2
        ctx.meta[cli_common.OUTPUT_IS_REPORT] = True
        cli_common.echo("Inviato a ...")  # no exit: the work is done
        cli_common.echo("avviso", err=True)


def test_each_command_speaks_italian_also_on_its_own():
    # click's Italian is installed when a command runs (not on import): the commands of the group
    # run alone (as scripts and tests may call them) spoke English (found in review)
    from piano_xlsx.cli.main import calcola, verifica

    assert "Errore: L'opzione '--periodo' vuole un valore." in CliRunner().invoke(verifica, ["--periodo"]).output
    assert CliRunner().invoke(calcola, ["--help"]).output.startswith("Uso: ")
