"""Shared fixtures: small workbooks written with XlsxWriter, the way offices lay them out."""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import pytest
import xlsxwriter

ROOT = Path(__file__).resolve().parents[1]
ESEMPI = ROOT / "esempi"
EXAMPLE = ESEMPI / "torino-2018.xlsx"
EXAMPLE_FILLED = ESEMPI / "torino-2018-compilato.xlsx"


def write_book(path: Path, sheets: dict) -> Path:
    """sheets: name -> {"cells": {(row, col): value}, "merges": [(r1, c1, r2, c2, value)],
    "formats": {(row, col): dict}} with 1-based rows/cols. Text is always written as text."""
    wb = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_urls": False,
                                         "strings_to_numbers": False})
    wrap = wb.add_format({"text_wrap": True})
    date_fmt = wb.add_format({"num_format": "dd/mm/yyyy"})
    for name, spec in sheets.items():
        ws = wb.add_worksheet(name)
        merged = set()
        for r1, c1, r2, c2, value in spec.get("merges", []):
            ws.merge_range(r1 - 1, c1 - 1, r2 - 1, c2 - 1, "", wrap)
            _write(wb, ws, r1, c1, value, wrap, date_fmt, spec)
            merged |= {(r, c) for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)}
        for (row, col), value in spec.get("cells", {}).items():
            if (row, col) in merged:
                raise ValueError(f"cell {(row, col)} is inside a merge")
            _write(wb, ws, row, col, value, wrap, date_fmt, spec)
    wb.close()
    return path


def _write(wb, ws, row, col, value, wrap, date_fmt, spec):
    import datetime as dt

    fmt_spec = spec.get("formats", {}).get((row, col))
    fmt = wb.add_format(fmt_spec) if fmt_spec else None
    r, c = row - 1, col - 1
    if value is None:
        return
    if isinstance(value, bool):
        ws.write_boolean(r, c, value, fmt)
    elif isinstance(value, (int, float)):
        ws.write_number(r, c, value, fmt)
    elif isinstance(value, (dt.date, dt.datetime)):
        ws.write_datetime(r, c, value, fmt or date_fmt)
    elif isinstance(value, tuple) and value[0] == "formula":
        ws.write_formula(r, c, value[1], fmt, value[2] if len(value) > 2 else 0)
    else:
        ws.write_string(r, c, str(value), fmt or wrap)


def table(rows: list[list], header: list[str], start_row: int = 1, merges=(), sheet="Piano", extra=None):
    """A sheet spec with a header row at start_row and rows below it."""
    cells = {}
    for c, h in enumerate(header, start=1):
        cells[(start_row, c)] = h
    merged = {(r, c) for r1, c1, r2, c2, _ in merges for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)}
    for i, row in enumerate(rows, start=start_row + 1):
        for c, v in enumerate(row, start=1):
            if v is not None and (i, c) not in merged:
                cells[(i, c)] = v
    spec = {sheet: {"cells": cells, "merges": list(merges)}}
    if extra:
        spec.update(extra)
    return spec


def monthly_data(series: dict[str, dict[int, float]], year: int = 2024) -> dict:
    """A 'Dati mensili' sheet spec: a cumulative series per code, {month: value}, months as dates."""
    import datetime as dt

    cells: dict = {(1, 1): "Codice", (1, 2): "Descrizione", (1, 3): "Serie", (1, 4): "Anno precedente"}
    cells.update({(1, 4 + m): dt.datetime(year, m, 1) for m in range(1, 13)})
    for row, (code, months) in enumerate(series.items(), start=2):
        cells.update({(row, 1): code, (row, 2): code, (row, 3): "cumulata"})
        cells.update({(row, 4 + m): value for m, value in months.items()})
    return {"cells": cells}


def file_state(path: Path) -> tuple[str, int]:
    data = Path(path).read_bytes()
    return hashlib.sha256(data).hexdigest(), os.stat(path).st_mtime_ns


@pytest.fixture
def book(tmp_path):
    def make(sheets: dict, name: str = "piano.xlsx") -> Path:
        return write_book(tmp_path / name, sheets)
    return make


@pytest.fixture
def example_copy(tmp_path):
    def make(source: Path = EXAMPLE_FILLED) -> Path:
        target = tmp_path / source.name
        shutil.copyfile(source, target)
        return target
    return make


def pytest_configure(config):
    config.addinivalue_line("markers", "libreoffice: opens files with LibreOffice (slow); "
                                       "'pytest -m \"not libreoffice\"' leaves these out for a fast loop")


def pytest_collection_modifyitems(config, items):
    """Every test that needs LibreOffice (its skip condition names it) gets the 'libreoffice'
    marker: about half of the suite's time, left out with -m "not libreoffice"."""
    for item in items:
        for mark in item.iter_markers("skipif"):
            reason = str(mark.kwargs.get("reason", "")).lower()
            if "libreoffice" in reason or "soffice" in reason:
                item.add_marker(pytest.mark.libreoffice)
                break


def rigenera():
    """docs/rigenera.py as a module: what it would write into the README."""
    import importlib.util

    root = Path(__file__).resolve().parents[1]
    spec = importlib.util.spec_from_file_location("rigenera", root / "docs" / "rigenera.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def readme_block(name: str) -> list[str]:
    """The README's lines between <!-- name:inizio --> and <!-- name:fine -->."""
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    return readme.split(f"<!-- {name}:inizio -->\n")[1].split(f"<!-- {name}:fine -->")[0].rstrip("\n").split("\n")
