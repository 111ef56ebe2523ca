"""The package's layout is its architecture: layers import downwards only, no import cycle,
no process-wide state changed by importing the library, and mypy clean."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "piano_xlsx"

# what each layer may import besides itself (errors.py and the package's __init__ are for everyone)
ALLOWED = {
    "xlsx": set(),
    "core": {"xlsx"},
    "read": {"core", "xlsx"},
    "write": {"core", "read", "xlsx"},
    "pipeline": {"core", "read", "write", "xlsx"},
    "cli": {"core", "read", "write", "xlsx", "pipeline"},
}
SHARED = {"piano_xlsx", "piano_xlsx.errors"}


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path, *, top_level_only: bool) -> set[str]:
    """The piano_xlsx modules a file imports (with `from X import y`, y when it is a module)."""
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    nodes = tree.body if top_level_only else list(ast.walk(tree))
    found = set()
    for node in nodes:
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if not target.startswith("piano_xlsx"):
                continue
            for alias in node.names:
                candidate = f"{target}.{alias.name}"
                module_file = PACKAGE.parent / Path(*candidate.split("."))
                found.add(candidate if module_file.with_suffix(".py").exists() or module_file.is_dir() else target)
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("piano_xlsx")}
    return found


def _layer(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) >= 2 and parts[1] in ALLOWED else None


def test_layers_import_downwards_only():
    wrong = []
    for path in sorted(PACKAGE.rglob("*.py")):
        module = _module_name(path)
        layer = _layer(module)
        if layer is None:
            continue
        for target in _imports(path, top_level_only=False):
            if target in SHARED:
                continue
            other = _layer(target)
            if other is not None and other != layer and other not in ALLOWED[layer]:
                wrong.append(f"{module} -> {target}")
    assert wrong == [], "a layer imports one above it:\n" + "\n".join(wrong)


def test_no_import_cycle():
    graph = {_module_name(p): _imports(p, top_level_only=True) for p in PACKAGE.rglob("*.py")}
    state: dict[str, int] = {}
    cycles = []

    def visit(node, stack):
        state[node] = 1
        for nxt in sorted(graph.get(node, ())):
            if nxt not in graph:
                continue
            if state.get(nxt) == 1:
                cycles.append(" -> ".join(stack[stack.index(nxt):] + [nxt]) if nxt in stack else f"{node} -> {nxt}")
            elif nxt not in state:
                visit(nxt, stack + [nxt])
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    # a package's __init__ importing nothing of its own is fine; real cycles are between modules
    assert cycles == [], "import cycles:\n" + "\n".join(cycles)


def test_importing_the_library_changes_no_process_wide_state():
    """click's Italian messages and the garbage collector's tuning belong to the command's
    process: a program that imports the library keeps its own."""
    modules = sorted(_module_name(p) for p in PACKAGE.rglob("*.py") if ".cli" not in _module_name(p))
    code = (
        "import gc, importlib, click.core, click.exceptions\n"
        "before = (gc.get_threshold(), gc.isenabled(), click.core._, click.exceptions._)\n"
        f"for m in {modules!r}: importlib.import_module(m)\n"
        "after = (gc.get_threshold(), gc.isenabled(), click.core._, click.exceptions._)\n"
        "print(before == after)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True"


def test_mypy_is_clean_on_the_package():
    api = pytest.importorskip("mypy.api", reason="mypy non installato (è negli extra di test: pip install -e '.[test]')")
    stdout, stderr, status = api.run(["--config-file", str(PACKAGE.parent / "pyproject.toml"),
                                      "--cache-dir", str(Path(__file__).resolve().parent.parent / ".mypy_cache")])
    assert status == 0, stdout + stderr


def test_the_readme_code_map_names_every_folder_and_module():
    readme = (PACKAGE.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Mappa del codice", 1)[1].split("\n## ", 1)[0]
    missing = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE)
        if path.name == "__init__.py":
            if len(rel.parts) == 2 and f"`{rel.parts[0]}/`" not in section:
                missing.append(f"{rel.parts[0]}/")
        elif rel.parts[0] != "xlsx" and f"`{path.name}`" not in section:
            missing.append(str(rel))
    assert missing == [], "README 'Mappa del codice' does not name: " + ", ".join(missing)


FLAG = re.compile(r"(?:^|[\s'\"(])(--[a-z][\w-]*|-o\b)")


def _strings(tree: ast.AST):
    """Every string constant of a module but its docstrings."""
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                docstrings.add(id(first.value))
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            yield node


def test_library_messages_name_no_command_line_flag():
    """The library speaks of its parameters; the command line adds its flags (PianoError.options)."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if _layer(_module_name(path)) == "cli":
            continue
        for node in _strings(ast.parse(path.read_text(encoding="utf-8"))):
            match = FLAG.search(node.value)
            if match:
                found.append(f"{path.relative_to(PACKAGE)}:{node.lineno}: {match.group(1)} in {node.value[:70]!r}")
    assert found == [], "\n".join(found)


def test_the_command_line_adds_the_flag_of_a_library_parameter(tmp_path):
    from click.testing import CliRunner

    from piano_xlsx.cli.main import main
    from piano_xlsx.errors import UsageError
    from piano_xlsx.write.mail import check_sender

    with pytest.raises(UsageError) as caught:
        check_sender("")
    assert "--" not in str(caught.value) and caught.value.options == {"sender": None}
    example = PACKAGE.parent / "esempi" / "torino-2018-compilato.xlsx"
    result = CliRunner().invoke(main, ["dividi", str(example), "-d", str(tmp_path / "d"), "--eml"])
    assert result.exit_code == 2
    assert "Indicare il mittente dei messaggi (es. piano@ente.it). Opzione: --mittente." in result.output
    copy = tmp_path / "piano.xlsx"
    copy.write_bytes(example.read_bytes())
    result = CliRunner().invoke(main, ["calcola", str(copy), "-o", str(copy)])
    assert result.exit_code == 2 and "Opzioni: --sul-posto, -o." in result.output


@pytest.mark.parametrize("module, forbidden", [
    ("core/compute.py", "piano_xlsx.core.checks"),  # the computation does not run the validation
    ("core/history.py", "piano_xlsx.core.compute"),  # the history needs words and rules, not the computation
    ("core/checks.py", "piano_xlsx.core.compute"),  # validation only reports
])
def test_the_core_keeps_its_steps_apart(module, forbidden):
    path = PACKAGE / module
    tree = ast.parse(path.read_text(encoding="utf-8"))
    runtime = [n for n in tree.body if not (isinstance(n, ast.If) and "TYPE_CHECKING" in ast.unparse(n.test))]
    imported = set()
    for node in runtime:
        for inner in ast.walk(node):
            if isinstance(inner, ast.ImportFrom) and inner.level:
                imported.add("piano_xlsx.core." + (inner.module or "") if inner.level == 1 else
                             "piano_xlsx." + (inner.module or ""))
    assert forbidden not in imported
