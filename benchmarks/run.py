"""Misura tempo e memoria di `piano-xlsx calcola` su piani generati, e di LibreOffice sugli stessi file.

    python benchmarks/run.py [--sizes 50,1000,10000] [--repeat 5] [--repeat-libreoffice 3]
                             [--output-md FILE] [--cache-dir DIR] [--no-libreoffice]

Per ogni dimensione N: genera il piano (benchmarks/genera_piano.py, tenuto in una cartella
temporanea e rigenerato solo se il generatore cambia), poi misura come processo a sé

* `piano-xlsx calcola FILE -o OUT.xlsx` (lettura, verifica, calcolo e scrittura): mediana di
  --repeat esecuzioni; se `calcola` non accetta ancora -o, `piano-xlsx calcola FILE --json`
  con l'output scartato, e la tabella lo dice;
* LibreOffice headless che apre lo stesso file con il ricalcolo forzato e lo salva in xlsx
  (profilo nuovo a ogni esecuzione): mediana di --repeat-libreoffice esecuzioni.

Con --dicembre misura anche il file di fine anno (dopo i calcoli mensili da gennaio a novembre,
rifatti quando cambia il codice di piano-xlsx) e su di esso `verifica`, `dividi` e `confronta`.

Il picco di memoria è il "Maximum resident set size" di /usr/bin/time -v (in sua assenza,
resource.getrusage(RUSAGE_CHILDREN) in un processo intermedio nuovo per ogni esecuzione); il
tempo di CPU è utente + sistema, dalla stessa fonte.
Stampa una tabella Markdown, la linearità (tempo per indicatore fra le dimensioni) e la
macchina. Nessuna soglia: i numeri si leggono, non si verificano.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.genera_piano import write_plan  # noqa: E402
from tests.libreoffice import SOFFICE, write_profile  # noqa: E402  (the forced-recalculation profile)

GNU_TIME = "/usr/bin/time" if os.access("/usr/bin/time", os.X_OK) else None
LO_XLSX_FILTER = "xlsx:Calc MS Excel 2007 XML"
DEFAULT_SIZES = (50, 1_000, 10_000)
YEAR = 2025  # the generated plans' year

# Fallback when GNU time is missing: run the command in a fresh interpreter and report its
# children's peak RSS (ru_maxrss is in KiB on Linux) and the wall time.
_RUSAGE_WRAPPER = """
import json, resource, subprocess, sys, time
start = time.perf_counter()
rc = subprocess.call(sys.argv[2:], stdout=subprocess.DEVNULL)
elapsed = time.perf_counter() - start
with open(sys.argv[1], "w") as f:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    json.dump({"rc": rc, "seconds": elapsed, "cpu_seconds": usage.ru_utime + usage.ru_stime,
               "max_rss_kb": usage.ru_maxrss}, f)
sys.exit(rc)
"""


@dataclass
class Measure:
    seconds: list[float] = field(default_factory=list)
    peak_kb: list[int] = field(default_factory=list)
    cpu_seconds: list[float] = field(default_factory=list)

    def add(self, run: tuple[float, int, float]) -> None:
        self.seconds.append(run[0])
        self.peak_kb.append(run[1])
        self.cpu_seconds.append(run[2])

    @property
    def cpu_s(self) -> float:
        return statistics.median(self.cpu_seconds)

    @property
    def spread(self) -> str:
        """How much the runs vary: (max - min) / median, in percent."""
        if len(self.seconds) < 2:
            return "-"
        return f"±{_n((max(self.seconds) - min(self.seconds)) / 2 / self.median_s * 100, 0)}%"

    @property
    def median_s(self) -> float:
        return statistics.median(self.seconds)

    @property
    def peak_mb(self) -> float:
        return max(self.peak_kb) / 1024


class BenchmarkError(RuntimeError):
    pass


# --- running and measuring one command ---------------------------------------------------------


def measure_once(cmd: list[str], *, cwd: Path, timeout: float, ok_codes=(0,)) -> tuple[float, int, float]:
    """Run cmd with stdout discarded; return (wall seconds, peak RSS in KiB, CPU seconds user + system)."""
    with tempfile.NamedTemporaryFile("r", suffix=".txt", delete=False) as report:
        report_path = report.name
    try:
        if GNU_TIME:
            full = [GNU_TIME, "-v", "-o", report_path, *cmd]
        else:
            full = [sys.executable, "-c", _RUSAGE_WRAPPER, report_path, *cmd]
        start = time.perf_counter()
        proc = subprocess.Popen(full, cwd=cwd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE, text=True, errors="replace", start_new_session=True)
        try:
            _, stderr = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            proc.communicate()
            raise BenchmarkError(f"non finito entro {timeout} s: {' '.join(cmd)}") from None
        elapsed = time.perf_counter() - start
        text = Path(report_path).read_text(encoding="utf-8", errors="replace")
    finally:
        Path(report_path).unlink(missing_ok=True)
    if GNU_TIME:
        match = re.search(r"Maximum resident set size \(kbytes\): (\d+)", text)
        status = re.search(r"Exit status: (\d+)", text)
        rc = int(status.group(1)) if status else proc.returncode
        if match is None:
            raise BenchmarkError(f"/usr/bin/time non ha riportato la memoria per {' '.join(cmd)}:\n{text}")
        peak = int(match.group(1))
        cpu = sum(float(m) for m in re.findall(r"(?:User|System) time \(seconds\): ([\d.]+)", text))
    else:
        data = json.loads(text)
        rc, elapsed, peak, cpu = data["rc"], data["seconds"], data["max_rss_kb"], data["cpu_seconds"]
    if rc not in ok_codes:
        raise BenchmarkError(f"uscito con il codice {rc}: {' '.join(cmd)}\n{stderr[-3000:]}")
    return elapsed, peak, cpu


def piano_command() -> list[str]:
    """The installed piano-xlsx console script, preferring the one of this interpreter."""
    beside = Path(sys.executable).with_name("piano-xlsx")
    if beside.is_file() and os.access(beside, os.X_OK):
        return [str(beside)]
    found = shutil.which("piano-xlsx")
    return [found] if found else [sys.executable, "-m", "piano_xlsx.cli.main"]


def compile_bytecode(piano: list[str]) -> str:
    """Compile the installed package's bytecode before measuring, as `pip install` does for an
    office's installation. Without it, under PYTHONDONTWRITEBYTECODE (set on some machines and CI
    images) or in a read-only checkout, every run recompiles the changed modules: measured here,
    0.2 s more on every size (the 50-indicator run took 0.42 s instead of 0.20 s). Returns what the
    report says of it."""
    python = Path(piano[0]).with_name("python")
    if not python.is_file():
        python = Path(sys.executable)
    result = subprocess.run(
        [str(python), "-c", "import compileall, os, piano_xlsx; "
         "print(compileall.compile_dir(os.path.dirname(piano_xlsx.__file__), quiet=1))"],
        capture_output=True, text=True, errors="replace", timeout=300)
    ok = result.returncode == 0 and result.stdout.strip() == "True"
    return "compilato prima delle misure" if ok else "non compilato (" + (result.stderr.strip()[-200:] or "?") + ")"


def calcola_writes_output(piano: list[str]) -> bool:
    """Whether `piano-xlsx calcola` accepts -o (the write-back)."""
    result = subprocess.run([*piano, "calcola", "--help"], capture_output=True, text=True, errors="replace",
                            timeout=60)
    return re.search(r"(^|\s)-o[,\s]", result.stdout) is not None


def bench_calcola(piano: list[str], plan: Path, *, repeat: int, write: bool, timeout: float,
                  period: str | None = None) -> Measure:
    measure = Measure()
    extra = ["--periodo", period] if period else []
    with tempfile.TemporaryDirectory(prefix="piano-bench-") as tmp:
        for i in range(repeat):
            out = Path(tmp) / f"calcolato-{i}.xlsx"
            cmd = ([*piano, "calcola", str(plan), "-o", str(out), *extra] if write
                   else [*piano, "calcola", str(plan), "--json", *extra])
            run = measure_once(cmd, cwd=Path(tmp), timeout=timeout, ok_codes=(0, 1))
            if write and not out.is_file():
                raise BenchmarkError(f"piano-xlsx calcola non ha scritto {out}")
            out.unlink(missing_ok=True)
            measure.add(run)
    return measure


def bench_other(piano: list[str], year: Path, december: Path, *, repeat: int,
                timeout: float) -> list[tuple[str, Measure]]:
    """verifica, dividi and confronta on the December file, as the office runs them at year end."""
    out = []
    commands = {
        "verifica": lambda tmp: [*piano, "verifica", str(december)],
        "dividi": lambda tmp: [*piano, "dividi", str(december), "-d", str(Path(tmp) / "divisi")],
        "confronta novembre-dicembre": lambda tmp: [*piano, "confronta", str(year), str(december)],
    }
    for name, command in commands.items():
        measure = Measure()
        for _ in range(repeat):
            with tempfile.TemporaryDirectory(prefix="piano-bench-cmd-") as tmp:
                measure.add(measure_once(command(tmp), cwd=Path(tmp), timeout=timeout, ok_codes=(0, 1)))
        out.append((name, measure))
    return out


def bench_libreoffice(plan: Path, *, repeat: int, timeout: float) -> Measure:
    """LibreOffice headless: open with forced recalculation, save as xlsx; fresh profile each run."""
    measure = Measure()
    for _ in range(repeat):
        with tempfile.TemporaryDirectory(prefix="piano-bench-lo-") as tmp:
            workdir = Path(tmp)
            profile = write_profile(workdir / "profile", recalculate=True)
            source = workdir / plan.name
            shutil.copyfile(plan, source)
            outdir = workdir / "out"
            outdir.mkdir()
            cmd = [SOFFICE, f"-env:UserInstallation={profile.resolve().as_uri()}", "--headless", "--norestore",
                   "--nolockcheck", "--nologo", "--nodefault", "--convert-to", LO_XLSX_FILTER,
                   "--outdir", str(outdir), source.name]
            run = measure_once(cmd, cwd=workdir, timeout=timeout)
            if not (outdir / plan.name).is_file():
                raise BenchmarkError(f"LibreOffice non ha salvato {plan.name}")
            measure.add(run)
    return measure


# --- plans ------------------------------------------------------------------------------------


def plan_file(size: int, cache_dir: Path) -> tuple[Path, float | None]:
    """The generated plan of `size` indicators, from the cache when the generator is unchanged.
    Returns (path, generation seconds or None if cached)."""
    digest = hashlib.sha256((HERE / "genera_piano.py").read_bytes()).hexdigest()[:10]
    path = cache_dir / f"piano-{size}-{digest}.xlsx"
    if path.is_file():
        return path, None
    cache_dir.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".tmp")
    start = time.perf_counter()
    write_plan(partial, size)
    elapsed = time.perf_counter() - start
    partial.replace(path)
    return path, elapsed


def _tool_digest() -> str:
    """The piano-xlsx source, so that a year file made by another version is made again."""
    h = hashlib.sha256()
    for path in sorted((ROOT / "piano_xlsx").rglob("*.py")):
        h.update(path.read_bytes())
    return h.hexdigest()[:10]


def year_file(piano: list[str], plan: Path, cache_dir: Path, timeout: float) -> Path:
    """The plan after the monthly runs of January to November (`calcola --sul-posto --periodo
    2025-MM`), as the finance office's file is in December: Storico with 11 months, the owned
    columns and sheets in place. Cached beside the plan."""
    path = plan.with_name(f"{plan.stem}-novembre-{_tool_digest()}.xlsx")
    if path.is_file():
        return path
    with tempfile.TemporaryDirectory(prefix="piano-bench-anno-") as tmp:
        work = Path(tmp) / plan.name
        shutil.copyfile(plan, work)
        for month in range(1, 12):
            measure_once([*piano, "calcola", str(work), "--sul-posto", "--periodo", f"{YEAR}-{month:02d}"],
                         cwd=Path(tmp), timeout=timeout, ok_codes=(0, 1))
        shutil.copyfile(work, path.with_suffix(".tmp"))
        path.with_suffix(".tmp").replace(path)
    return path


# --- machine and report -----------------------------------------------------------------------


def machine() -> dict[str, str]:
    cpu = "sconosciuta"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.lower().startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = f"{_n(int(line.split()[1]) / 1024 / 1024, 1)} GiB"
    except OSError:
        pass
    lo_version = ""
    if SOFFICE:
        try:
            lo_version = subprocess.run([SOFFICE, "--version"], capture_output=True, text=True, timeout=60,
                                        start_new_session=True).stdout.strip()
        except (OSError, subprocess.TimeoutExpired):
            lo_version = "?"
    try:
        from piano_xlsx import __version__ as piano_version
    except ImportError:  # pragma: no cover
        piano_version = "?"
    nproc = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return {"nproc": str(nproc), "cpu": cpu, "memoria": memory, "python": platform.python_version(),
            "sistema": f"{platform.system()} {platform.release()}", "piano-xlsx": piano_version,
            "libreoffice": lo_version or "non installato",
            "memoria misurata con": "/usr/bin/time -v" if GNU_TIME else "getrusage(RUSAGE_CHILDREN)"}


def _n(x: float, digits: int = 2) -> str:
    """Italian number: thousands with '.', decimals with ','."""
    return f"{x:,.{digits}f}".translate(str.maketrans(",.", ".,"))


def _runs(n: int) -> str:
    return "1 esecuzione" if n == 1 else f"{n} esecuzioni"


def report(rows, info, *, write: bool, repeat: int, repeat_lo: int, december=(), others=()) -> str:
    """rows: [(size, file_kb, calcola Measure, LibreOffice Measure | None)]; december: the same
    with a label ("10.000, dicembre") for the year-end runs."""
    december = list(december)
    timed = ("`piano-xlsx calcola FILE -o OUT.xlsx`" if write else
             "`piano-xlsx calcola FILE --json > /dev/null` (questa versione di `calcola` non accetta ancora "
             "`-o`: la scrittura della cartella non è misurata)")
    out = ["# Benchmark di piano-xlsx calcola", "",
           f"Comando misurato: {timed}, mediana di {_runs(repeat)}."]
    if repeat_lo:
        out.append(f"Confronto: LibreOffice headless che apre lo stesso file con il ricalcolo forzato e lo salva "
                   f"in xlsx (profilo nuovo a ogni esecuzione), mediana di {_runs(repeat_lo)}.")
    out += ["Tempo: dall'avvio alla fine del processo (interprete e import compresi). "
            "Memoria: picco del processo (RSS massimo; per LibreOffice quello di soffice.bin).", "",
            "| indicatori | file (KB) | calcola mediana (s) | variazione | calcola CPU (s) | calcola picco (MB) "
            "| LibreOffice mediana (s) | LibreOffice picco (MB) | calcola / LibreOffice |",
            "|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for size, kb, calc, lo in rows + december:
        if lo is not None:
            lo_cells = f"{_n(lo.median_s)} | {_n(lo.peak_mb, 0)} | {_n(calc.median_s / lo.median_s)}"
        else:
            lo_cells = "- | - | -"
        label = _n(size, 0) if isinstance(size, int) else size
        out.append(f"| {label} | {_n(kb, 0)} | {_n(calc.median_s)} | {calc.spread} | {_n(calc.cpu_s)} "
                   f"| {_n(calc.peak_mb, 0)} | {lo_cells} |")
    if december:
        out += ["", "Le righe \"dicembre\": lo stesso piano dopo i calcoli mensili da gennaio a novembre "
                "(`calcola --sul-posto --periodo 2025-MM`), calcolato a dicembre (`--periodo 2025-12`): il file "
                "che l'ufficio ha in mano a fine anno, con lo Storico di 11 mesi e i fogli di piano-xlsx."]
    if others:
        out += ["", "Gli altri comandi sul file di dicembre (dopo il calcolo di dicembre), confrontati con "
                "LibreOffice che ricalcola lo stesso file:", "",
                "| comando | mediana (s) | variazione | CPU (s) | picco (MB) | / LibreOffice |",
                "|---|---:|---:|---:|---:|---:|"]
        for label, measure, lo in others:
            ratio = _n(measure.median_s / lo.median_s) if lo is not None else "-"
            out.append(f"| {label} | {_n(measure.median_s)} | {measure.spread} | {_n(measure.cpu_s)} "
                       f"| {_n(measure.peak_mb, 0)} | {ratio} |")
    out += ["", "Variazione: metà della distanza fra l'esecuzione più lenta e la più veloce, sulla mediana. "
            "CPU: tempo di processore (utente + sistema) del processo e dei suoi figli.",
            "", "Tutte le esecuzioni (s):", ""]
    for size, _, calc, lo in rows + december:
        label = _n(size, 0) if isinstance(size, int) else size
        line = f"- {label}: calcola " + "; ".join(_n(s) for s in calc.seconds)
        if lo is not None:
            line += " - LibreOffice " + "; ".join(_n(s) for s in lo.seconds)
        out.append(line)
    if len(rows) >= 2:
        out += ["", "## Linearità", ""]
        ordered = sorted(rows, key=lambda r: r[0])
        marginals = []
        for (n1, _, c1, _), (n2, _, c2, _) in zip(ordered, ordered[1:]):
            per1, per2 = c1.median_s / n1 * 1000, c2.median_s / n2 * 1000
            marginal = (c2.median_s - c1.median_s) / (n2 - n1) * 1000
            marginals.append(marginal)
            out.append(f"- da {_n(n1, 0)} a {_n(n2, 0)} indicatori: tempo per indicatore {_n(per1, 3)} -> "
                       f"{_n(per2, 3)} ms (rapporto {_n(per2 / per1)}); costo marginale {_n(marginal, 3)} ms "
                       "per indicatore in più.")
        out.append(f"- a {_n(ordered[0][0], 0)} indicatori il tempo ({_n(ordered[0][2].median_s)} s) è quasi tutto "
                   "costo fisso (avvio dell'interprete, import, fogli di riepilogo).")
        if len(marginals) >= 2 and marginals[0] > 0:
            ratio = marginals[-1] / marginals[0]
            verdict = "lineare" if 0.67 <= ratio <= 1.5 else ("più che lineare" if ratio > 1.5 else "meno che lineare")
            out.append(f"- costo marginale nell'ultimo tratto / nel primo: {_n(ratio)} -> crescita {verdict}.")
    out += ["", "## Macchina", ""]
    out += [f"- {key}: {value}" for key, value in info.items()]
    return "\n".join(out) + "\n"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Tempo e memoria di piano-xlsx calcola (e di LibreOffice).")
    parser.add_argument("--sizes", default=",".join(str(s) for s in DEFAULT_SIZES),
                        help="numeri di indicatori separati da virgole (predefinito: 50,1000,10000)")
    parser.add_argument("--repeat", type=int, default=5, help="esecuzioni di calcola per dimensione (mediana)")
    parser.add_argument("--repeat-libreoffice", type=int, default=None,
                        help="esecuzioni di LibreOffice per dimensione (predefinito: il minore fra 3 e --repeat)")
    parser.add_argument("--no-libreoffice", action="store_true", help="non misura LibreOffice")
    parser.add_argument("--output-md", type=Path, default=None, help="scrive anche la tabella in questo file")
    parser.add_argument("--cache-dir", type=Path, default=Path(tempfile.gettempdir()) / "piano-xlsx-benchmark",
                        help="dove tenere i piani generati")
    parser.add_argument("--timeout", type=float, default=900, help="secondi massimi per esecuzione")
    parser.add_argument("--dicembre", default=None, metavar="DIMENSIONI",
                        help="misura anche il calcolo di dicembre, dopo 11 calcoli mensili, per queste dimensioni "
                             "(es. 10000); predefinito: la più grande, se il comando scrive la cartella")
    parser.add_argument("--no-dicembre", action="store_true", help="non misura il calcolo di dicembre")
    parser.add_argument("--no-altri", action="store_true",
                        help="non misura verifica, dividi e confronta sul file di dicembre")
    args = parser.parse_args(argv)
    try:
        sizes = [int(s.replace(".", "").replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    except ValueError:
        parser.error(f"--sizes non valido: {args.sizes!r} (es. 50,1000,10000)")
    if not sizes or min(sizes) < 1 or args.repeat < 1:
        parser.error("servono dimensioni positive e --repeat >= 1")
    repeat_lo = args.repeat_libreoffice if args.repeat_libreoffice is not None else min(3, args.repeat)
    with_lo = not args.no_libreoffice and SOFFICE is not None and repeat_lo > 0
    if not args.no_libreoffice and SOFFICE is None:
        print("LibreOffice (soffice) non installato: misuro solo piano-xlsx.", file=sys.stderr)

    piano = piano_command()
    bytecode = compile_bytecode(piano)
    write = calcola_writes_output(piano)
    if not write:
        print("Nota: `piano-xlsx calcola` non accetta ancora -o: misuro `calcola FILE --json`.", file=sys.stderr)
    rows = []
    for size in sizes:
        plan, generated = plan_file(size, args.cache_dir)
        if generated is not None:
            print(f"generato {plan} in {generated:.1f} s", file=sys.stderr)
        calc = bench_calcola(piano, plan, repeat=args.repeat, write=write, timeout=args.timeout)
        print(f"{size}: calcola {calc.median_s:.2f} s, {calc.peak_mb:.0f} MB", file=sys.stderr)
        lo = None
        if with_lo:
            lo = bench_libreoffice(plan, repeat=repeat_lo, timeout=args.timeout)
            print(f"{size}: LibreOffice {lo.median_s:.2f} s, {lo.peak_mb:.0f} MB", file=sys.stderr)
        rows.append((size, plan.stat().st_size / 1024, calc, lo))
    december, others = [], []
    if write and not args.no_dicembre:
        try:
            year_sizes = ([int(s.replace(".", "").replace("_", "")) for s in args.dicembre.split(",") if s.strip()]
                          if args.dicembre else [max(sizes)])
        except ValueError:
            parser.error(f"--dicembre non valido: {args.dicembre!r} (es. 10000)")
        for size in year_sizes:
            plan, _ = plan_file(size, args.cache_dir)
            year = year_file(piano, plan, args.cache_dir, args.timeout)
            calc = bench_calcola(piano, year, repeat=args.repeat, write=True, timeout=args.timeout,
                                 period=f"{YEAR}-12")
            print(f"{size}, dicembre: calcola {calc.median_s:.2f} s, {calc.peak_mb:.0f} MB", file=sys.stderr)
            lo = bench_libreoffice(year, repeat=repeat_lo, timeout=args.timeout) if with_lo else None
            if lo is not None:
                print(f"{size}, dicembre: LibreOffice {lo.median_s:.2f} s, {lo.peak_mb:.0f} MB", file=sys.stderr)
            december.append((f"{_n(size, 0)}, dicembre", year.stat().st_size / 1024, calc, lo))
            if not args.no_altri:
                with tempfile.TemporaryDirectory(prefix="piano-bench-dic-") as tmp:
                    closed = Path(tmp) / "dicembre.xlsx"
                    measure_once([*piano, "calcola", str(year), "-o", str(closed), "--periodo", f"{YEAR}-12"],
                                 cwd=Path(tmp), timeout=args.timeout, ok_codes=(0, 1))
                    for name, measure in bench_other(piano, year, closed, repeat=args.repeat, timeout=args.timeout):
                        print(f"{size}, {name}: {measure.median_s:.2f} s, {measure.peak_mb:.0f} MB", file=sys.stderr)
                        others.append((f"{_n(size, 0)}: {name}", measure, lo))
    info = machine()
    info["bytecode di piano-xlsx"] = bytecode
    text = report(rows, info, write=write, repeat=args.repeat, repeat_lo=repeat_lo if with_lo else 0,
                  december=december, others=others)
    print(text)
    if args.output_md:
        args.output_md.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
