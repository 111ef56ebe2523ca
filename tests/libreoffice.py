"""LibreOffice as an independent client for the write-back tests (a helper, not a test file).

What a user sees on opening our output in a real spreadsheet program is the cached
value we wrote beside each formula; LibreOffice, when forced to recalculate on load,
gives the value the formula really computes. Comparing the two catches any formula
whose cached value is wrong (see /work/shared/docs/excel-facts.md, "Verifying an
output without Excel").

Every LibreOffice call runs ``soffice --headless --norestore --nolockcheck`` with a
fresh temporary profile (``-env:UserInstallation``) whose ``registrymodifications.xcu``

* sets ``OOXMLRecalcMode`` and ``ODFRecalcMode`` to 0 ("always recalculate on load"):
  without it LibreOffice trusts the cached values and shows them as they are;
* sets the locale to en-US, so the CSV is the same on every machine (decimal point,
  ``TRUE``/``FALSE``, dates ``MM/DD/YYYY``) whatever ``LANG`` says,

works on a copy of the input in a temporary directory (nothing is written beside the
input), is killed with its whole process group after ``timeout`` seconds, and raises
:class:`LibreOfficeError` with LibreOffice's stderr when it fails.

API::

    SOFFICE, PDFTOPPM                      executables, or None when not installed
    requires_libreoffice                   pytest skip marker
    recalculated_sheets(path) -> {sheet: rows of CSV strings}, recalculated
    cached_values(path)       -> {sheet: {"B3": cached value of each formula cell}}
    compare_formulas(path)    -> list[Mismatch]   (every formula cell, recalculated vs cached)
    assert_formulas_recompute_to_cached(path) -> number of formula cells compared
    to_pdf(path, outdir) -> Path;  to_png(pdf, outdir) -> [Path]
"""

from __future__ import annotations

import csv
import datetime as dt
import math
import os
import re
import shutil
import signal
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

SOFFICE: str | None = shutil.which("soffice") or shutil.which("libreoffice")
PDFTOPPM: str | None = shutil.which("pdftoppm")

requires_libreoffice = pytest.mark.skipif(
    SOFFICE is None, reason="LibreOffice (soffice) non installato: apt-get install libreoffice-calc-nogui")
requires_pdftoppm = pytest.mark.skipif(
    PDFTOPPM is None, reason="pdftoppm non installato: apt-get install poppler-utils")

# CSV export filter options (https://help.libreoffice.org/latest/en-US/text/shared/guide/csv_params.html):
#  1 field separator 44 (,)        2 text delimiter 34 (")       3 character set 76 (UTF-8)
#  4 first line 1                  5 column formats (import only) 6 language 0 (the profile's: en-US)
#  7 quote all text cells: false   8 detect special numbers (import only)
#  9 save cell contents as shown: FALSE -> raw values, numbers with 15 significant digits
#    (a percent-formatted number still ends with '%', a date-formatted one is a date)
# 10 export formulas: false       11 remove spaces (import only)
# 12 sheets to export: -1 = every sheet, each to "<base>-<sheet name>.csv" (LibreOffice >= 7.2)
CSV_FILTER = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"

RECALC_ALWAYS = 0  # Calc > Formula > "Recalculation on file load": 0 always, 1 never, 2 prompt

_REGISTRY = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" \
xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse">\
<value>{recalc}</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse">\
<value>{recalc}</value></prop></item>
<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooSetupSystemLocale" oor:op="fuse">\
<value>en-US</value></prop></item>
</oor:items>
"""

_INPUT_STEM = "book"  # the copy LibreOffice opens: its CSVs are "book-<sheet>.csv"


class LibreOfficeError(RuntimeError):
    """LibreOffice failed, timed out or wrote nothing."""


class ExcelError(str):
    """A cached Excel error such as '#DIV/0!': equal to its text, but told apart from text."""

    def __repr__(self) -> str:
        return f"ExcelError({str(self)!r})"


# ---------------------------------------------------------------------------------------------
# running LibreOffice


def write_profile(profile_dir: Path, *, recalculate: bool = True) -> Path:
    """Write a LibreOffice user profile that recalculates every formula on load (or, with
    recalculate=False, never: it shows the cached values) and uses the en-US locale."""
    user = Path(profile_dir) / "user"
    user.mkdir(parents=True, exist_ok=True)
    recalc = RECALC_ALWAYS if recalculate else 1
    (user / "registrymodifications.xcu").write_text(_REGISTRY.format(recalc=recalc), encoding="utf-8")
    return Path(profile_dir)


def _require_soffice() -> str:
    if SOFFICE is None:
        raise LibreOfficeError("LibreOffice (soffice) non installato: apt-get install libreoffice-calc-nogui")
    return SOFFICE


def run_soffice(args: list[str], *, workdir: Path, timeout: float = 120, recalculate: bool = True
                ) -> subprocess.CompletedProcess:
    """Run ``soffice --headless --norestore --nolockcheck ARGS`` with a fresh profile created
    inside ``workdir``, in ``workdir``. Kills LibreOffice's whole process group on timeout.
    Raises LibreOfficeError (with stderr) on a non-zero exit or a timeout."""
    soffice = _require_soffice()
    profile = write_profile(Path(workdir) / "profile", recalculate=recalculate)
    cmd = [soffice, f"-env:UserInstallation={profile.resolve().as_uri()}",
           "--headless", "--norestore", "--nolockcheck", "--nologo", "--nodefault", *args]
    proc = subprocess.Popen(cmd, cwd=workdir, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, errors="replace", start_new_session=True)
    try:
        stdout, stderr = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_group(proc)
        stdout, stderr = proc.communicate()
        raise LibreOfficeError(f"LibreOffice non ha finito entro {timeout} s: {' '.join(cmd)}\n"
                               f"stderr:\n{stderr}\nstdout:\n{stdout}") from None
    finally:
        if proc.poll() is None:  # interrupted (e.g. KeyboardInterrupt): leave nothing running
            _kill_group(proc)
    if proc.returncode != 0:
        raise LibreOfficeError(f"LibreOffice è uscito con il codice {proc.returncode}: {' '.join(cmd)}\n"
                               f"stderr:\n{stderr}\nstdout:\n{stdout}")
    return subprocess.CompletedProcess(cmd, proc.returncode, stdout, stderr)


def _kill_group(proc: subprocess.Popen) -> None:
    """Kill the process group LibreOffice runs in (oosplash starts soffice.bin as a child)."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        pass


def _stage_input(path, workdir: Path) -> Path:
    """Copy the input into workdir under a fixed name: the output names are then predictable
    and LibreOffice leaves no lock file beside the original."""
    source = Path(path)
    if not source.is_file():
        raise FileNotFoundError(source)
    suffix = source.suffix.lower() or ".xlsx"
    target = workdir / f"{_INPUT_STEM}{suffix}"
    shutil.copyfile(source, target)
    return target


def _failure(what: str, result: subprocess.CompletedProcess) -> LibreOfficeError:
    return LibreOfficeError(f"{what}: {' '.join(result.args)}\nstderr:\n{result.stderr}\nstdout:\n{result.stdout}")


# ---------------------------------------------------------------------------------------------
# recalculated values


def recalculated_sheets(path, *, timeout: float = 120, recalculate: bool = True) -> dict[str, list[list[str]]]:
    """Open ``path`` in LibreOffice with forced recalculation and return every sheet (hidden
    ones too) as rows of CSV fields, in sheet order: ``{"Piano": [["A1", "B1", ...], ...]}``.

    Rows start at A1 and hidden rows and columns are included, so ``rows[r - 1][c - 1]`` is
    cell (r, c) when it exists. Values are raw, not as shown: numbers with up to 15
    significant digits ("0.333333333333333", "3E-020"), except that percent-formatted
    numbers keep their '%' ("66.6666666666667%") and date/time-formatted ones are en-US
    dates and times ("06/30/2025", "06/30/2025 06:00:00", "12:00:01 PM", "36:00:00");
    booleans are TRUE/FALSE, errors their text ("#DIV/0!"), an empty sheet one empty row.
    ``recalculate=False`` shows the cached values instead (LibreOffice's default)."""
    with tempfile.TemporaryDirectory(prefix="piano-xlsx-lo-") as tmp:
        workdir = Path(tmp)
        staged = _stage_input(path, workdir)
        outdir = workdir / "csv"
        outdir.mkdir()
        result = run_soffice(["--convert-to", CSV_FILTER, "--outdir", str(outdir), staged.name],
                             workdir=workdir, timeout=timeout, recalculate=recalculate)
        prefix = f"{staged.stem}-"
        files = [f for f in outdir.iterdir() if f.name.startswith(prefix) and f.name.endswith(".csv")]
        if not files:
            raise _failure(f"LibreOffice non ha scritto alcun CSV per {path}", result)

        def order(f: Path):  # the order of the "Writing sheet NAME -> FILE" lines: the sheet order
            position = result.stdout.find(f"-> {f}")
            return (position if position >= 0 else len(result.stdout), f.name)

        sheets: dict[str, list[list[str]]] = {}
        for f in sorted(files, key=order):
            with open(f, encoding="utf-8", newline="") as handle:
                sheets[f.name[len(prefix):-len(".csv")]] = [row for row in csv.reader(handle)]
        return sheets


def cached_values(path) -> dict[str, dict[str, object]]:
    """Every formula cell's cached value as stored in ``path``: ``{sheet: {"B3": value}}``,
    sheets in workbook order, cells by row then column. Values as our reader gives them
    (str, int, float, bool, date/datetime/time/timedelta for date formats); an error is an
    :class:`ExcelError` ('#DIV/0!'); a formula without a cached value is None."""
    return _formula_cells(path)[0]


def _formula_cells(path) -> tuple[dict[str, dict[str, object]], bool]:
    from piano_xlsx.xlsx.reader import read_workbook
    from piano_xlsx.xlsx.refs import a1

    workbook = read_workbook(path, saved_values=True)  # what was saved, stale or not
    out: dict[str, dict[str, object]] = {}
    for sheet in workbook.sheets:
        cells: dict[str, object] = {}
        for (row, col), cell in sorted(sheet.cells.items()):
            if cell.formula is None:
                continue
            if cell.error is not None:
                value = ExcelError(cell.error)
            elif not cell.cached:
                value = None
            else:
                value = cell.value
            cells[a1(row, col)] = value
        out[sheet.name] = cells
    return out, workbook.date1904


@dataclass(frozen=True)
class Mismatch:
    sheet: str
    cell: str  # "B3"
    cached: object
    recalculated: str | None  # the CSV field; None when LibreOffice gave no such sheet

    def __str__(self) -> str:
        shown = "(foglio assente)" if self.recalculated is None else repr(self.recalculated)
        cached = "(nessun valore)" if self.cached is None else repr(self.cached)
        return f"{self.sheet}!{self.cell}: cached={cached}, LibreOffice={shown}"


def compare_formulas(path, *, rel: float = 1e-9, abs_tol: float = 1e-12, timeout: float = 120) -> tuple[
        list[Mismatch], int]:
    """Recalculate ``path`` with LibreOffice and compare every formula cell of every sheet with
    its cached value. Returns (mismatches, number of formula cells compared)."""
    from piano_xlsx.xlsx.refs import parse_a1

    formulas, date1904 = _formula_cells(path)
    total = sum(len(cells) for cells in formulas.values())
    if total == 0:
        return [], 0
    sheets = recalculated_sheets(path, timeout=timeout)
    mismatches: list[Mismatch] = []
    for name, cells in formulas.items():
        rows = sheets.get(name)
        for ref, cached in cells.items():
            if rows is None:
                mismatches.append(Mismatch(name, ref, cached, None))
                continue
            row, col = parse_a1(ref)
            field = rows[row - 1][col - 1] if row <= len(rows) and col <= len(rows[row - 1]) else ""
            if not values_match(cached, field, rel=rel, abs_tol=abs_tol, date1904=date1904):
                mismatches.append(Mismatch(name, ref, cached, field))
    return mismatches, total


def assert_formulas_recompute_to_cached(path, *, rel: float = 1e-9, abs_tol: float = 1e-12,
                                        timeout: float = 120, show: int = 20) -> int:
    """Assert that every formula of every sheet of ``path``, recalculated by LibreOffice,
    equals the cached value stored in the file. Returns the number of formula cells compared.

    Numbers: relative tolerance ``rel`` (and ``abs_tol`` near zero); text: exactly; an
    empty cached text equals an empty field; booleans TRUE/FALSE equal 1/0; dates and times
    within a second; errors by their text; a formula with no cached value only equals an
    empty field. The message lists the first ``show`` mismatches as
    "Sheet!A1: cached=..., LibreOffice=..."."""
    mismatches, total = compare_formulas(path, rel=rel, abs_tol=abs_tol, timeout=timeout)
    if mismatches:
        listed = "\n".join(f"  {m}" for m in mismatches[:show])
        more = f"\n  ... e altre {len(mismatches) - show}" if len(mismatches) > show else ""
        raise AssertionError(f"{Path(path).name}: {len(mismatches)} celle con formula su {total} hanno in cache "
                             f"un valore diverso dal ricalcolo di LibreOffice:\n{listed}{more}")
    return total


# ---------------------------------------------------------------------------------------------
# comparing a cached value with LibreOffice's CSV field

_EPOCH_1900 = dt.datetime(1899, 12, 30)
_EPOCH_1904 = dt.datetime(1904, 1, 1)
_SECOND = 1 / 86_400
_DURATION_RE = re.compile(r"(-?)(\d+):(\d{2}):(\d{2}(?:\.\d+)?)")
_TRUE, _FALSE = ("TRUE", "1"), ("FALSE", "0")


def _serial(value, date1904: bool) -> float:
    """A date/time value as a day count (times as a fraction of a day)."""
    if isinstance(value, dt.timedelta):
        return value.total_seconds() / 86_400
    if isinstance(value, dt.time):
        return (value.hour * 3600 + value.minute * 60 + value.second + value.microsecond / 1e6) / 86_400
    if not isinstance(value, dt.datetime):
        value = dt.datetime(value.year, value.month, value.day)
    return (value - (_EPOCH_1904 if date1904 else _EPOCH_1900)).total_seconds() / 86_400


def parse_field_number(field: str, date1904: bool = False) -> float | None:
    """The number behind a CSV field of LibreOffice's raw export (en-US): plain numbers,
    percentages, dates, date-times, times, durations, TRUE/FALSE; None for anything else."""
    text = field.strip()
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        pass
    if text.endswith("%"):
        try:
            return float(text[:-1]) / 100
        except ValueError:
            return None
    upper = text.upper()
    if upper in ("TRUE", "FALSE"):
        return 1.0 if upper == "TRUE" else 0.0
    for fmt in ("%m/%d/%Y", "%m/%d/%Y %H:%M:%S", "%m/%d/%Y %I:%M:%S %p"):
        try:
            return _serial(dt.datetime.strptime(text, fmt), date1904)
        except ValueError:
            pass
    for fmt in ("%I:%M:%S %p", "%I:%M %p", "%H:%M:%S", "%H:%M"):
        try:
            return _serial(dt.datetime.strptime(text, fmt).time(), date1904)
        except ValueError:
            pass
    match = _DURATION_RE.fullmatch(text)
    if match:
        sign, hours, minutes, seconds = match.groups()
        days = (int(hours) * 3600 + int(minutes) * 60 + float(seconds)) / 86_400
        return -days if sign else days
    return None


def values_match(cached, field: str, *, rel: float = 1e-9, abs_tol: float = 1e-12, date1904: bool = False) -> bool:
    """Whether a cached value (as :func:`cached_values` gives it) equals LibreOffice's field."""
    if cached is None:  # no cached value: shows as an empty cell
        return field == ""
    if isinstance(cached, ExcelError):
        return field == str(cached)
    if isinstance(cached, bool):
        return field.strip().upper() in (_TRUE if cached else _FALSE)
    if isinstance(cached, str):
        return field == cached
    if isinstance(cached, (dt.date, dt.time, dt.timedelta)):
        number = parse_field_number(field, date1904)
        return number is not None and math.isclose(number, _serial(cached, date1904), rel_tol=0,
                                                   abs_tol=1.01 * _SECOND)
    if isinstance(cached, (int, float)):
        number = parse_field_number(field, date1904)
        if number is None:
            return False
        if math.isnan(cached) or math.isinf(cached):
            return False
        return math.isclose(number, float(cached), rel_tol=rel, abs_tol=abs_tol)
    return field == str(cached)


# ---------------------------------------------------------------------------------------------
# rendering


def to_pdf(path, outdir, *, timeout: float = 120, recalculate: bool = True) -> Path:
    """Render ``path`` to ``outdir/<stem>.pdf`` with LibreOffice (formulas recalculated unless
    recalculate=False) and return the PDF's path."""
    source = Path(path)
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="piano-xlsx-lo-") as tmp:
        workdir = Path(tmp)
        staged = _stage_input(source, workdir)
        result = run_soffice(["--convert-to", "pdf", "--outdir", str(workdir), staged.name],
                             workdir=workdir, timeout=timeout, recalculate=recalculate)
        produced = workdir / f"{staged.stem}.pdf"
        if not produced.is_file() or produced.stat().st_size == 0:
            raise _failure(f"LibreOffice non ha scritto il PDF di {source}", result)
        target = outdir / f"{source.stem}.pdf"
        shutil.move(str(produced), target)
    return target


def to_png(pdf, outdir, *, first_page_only: bool = True, dpi: int = 60, timeout: float = 120) -> list[Path]:
    """Render the PDF's pages (only the first by default) to PNG with pdftoppm, in
    ``outdir``; returns the images in page order."""
    if PDFTOPPM is None:
        raise LibreOfficeError("pdftoppm non installato: apt-get install poppler-utils")
    pdf = Path(pdf)
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    if first_page_only:
        root = outdir / pdf.stem
        cmd = [PDFTOPPM, "-png", "-r", str(dpi), "-f", "1", "-l", "1", "-singlefile", str(pdf), str(root)]
    else:
        root = outdir / f"{pdf.stem}-page"
        cmd = [PDFTOPPM, "-png", "-r", str(dpi), str(pdf), str(root)]
    try:
        result = subprocess.run(cmd, capture_output=True, text=True, errors="replace", timeout=timeout)
    except subprocess.TimeoutExpired:
        raise LibreOfficeError(f"pdftoppm non ha finito entro {timeout} s: {' '.join(cmd)}") from None
    if result.returncode != 0:
        raise _failure(f"pdftoppm è uscito con il codice {result.returncode}", result)
    if first_page_only:
        images = [root.with_name(root.name + ".png")]
    else:
        pattern = re.compile(re.escape(root.name) + r"-(\d+)\.png")
        found = [(int(m.group(1)), f) for f in outdir.iterdir() if (m := pattern.fullmatch(f.name))]
        images = [f for _, f in sorted(found)]
    if not images or not all(image.is_file() for image in images):
        raise _failure(f"pdftoppm non ha scritto le immagini di {pdf}", result)
    return images
