"""Il passaggio da LibreOffice dei generatori genera_gruppo_*.py: apre una cartella scritta da
openpyxl o XlsxWriter e la risalva in xlsx sul posto, come farebbe un ufficio che lavora in Calc.

Se `soffice` non c'è, il passo viene saltato con un messaggio e resta il file scritto dalla
libreria. Questo modulo non importa piano_xlsx.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path


def resave(path: Path) -> bool:
    """Re-save `path` with LibreOffice headless (xlsx -> xlsx), in place, with a throw-away user
    profile; False (and a message) when soffice is missing or the conversion fails."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        print(f"soffice non trovato: {path.name} resta com'è stato scritto dalla libreria", file=sys.stderr)
        return False
    with tempfile.TemporaryDirectory(prefix="piani-reali-lo-") as tmp:
        tmpdir = Path(tmp)
        source = tmpdir / "in" / path.name
        out = tmpdir / "out"
        source.parent.mkdir()
        out.mkdir()
        shutil.copy2(path, source)
        cmd = [soffice, f"-env:UserInstallation={(tmpdir / 'profilo').as_uri()}", "--headless", "--norestore",
               "--nolockcheck", "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(out), str(source)]
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=180)
        product = out / path.name
        if done.returncode != 0 or not product.exists():
            print(f"LibreOffice non ha convertito {path.name}: {done.stderr.strip()}", file=sys.stderr)
            return False
        shutil.copy2(product, path)
    return True


def generate(workbooks, default_dir: Path, description: str, argv: list[str] | None = None) -> int:
    """The command line of a generator: `-d CARTELLA` (default `default_dir`), then each
    (file name, builder, re-save with LibreOffice?) written there, saying what was done."""
    import argparse

    ap = argparse.ArgumentParser(description=description)
    ap.add_argument("-d", "--dir", type=Path, default=default_dir, help="cartella di uscita")
    args = ap.parse_args(argv)
    args.dir.mkdir(parents=True, exist_ok=True)
    for name, build, libreoffice in workbooks:
        path = args.dir / name
        build(path)
        resaved = libreoffice and resave(path)
        print(f"{name}: scritto{' e risalvato con LibreOffice' if resaved else ''}")
    return 0
