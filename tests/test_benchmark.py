"""The benchmark measures what an office's installation runs: compiled bytecode, not sources
recompiled at every run (PYTHONDONTWRITEBYTECODE is set on some machines and CI images)."""

import importlib.util
import sys
from pathlib import Path

import piano_xlsx
from benchmarks.run import compile_bytecode


def test_compile_bytecode_writes_every_module():
    package = Path(piano_xlsx.__file__).parent
    said = compile_bytecode([sys.executable, "-m", "piano_xlsx.cli.main"])
    assert said == "compilato prima delle misure"
    modules = sorted(package.rglob("*.py"))
    assert len(modules) > 20
    for module in modules:
        cached = Path(importlib.util.cache_from_source(str(module)))
        assert cached.is_file(), module
        assert cached.stat().st_mtime >= module.stat().st_mtime - 1, module
