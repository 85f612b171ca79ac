"""The shape of the code (../shared/style.md), checked: imports run one way, each library
stays in its layer, and an import inside a function is a deliberate lazy load with a reason."""

from __future__ import annotations

import ast
from pathlib import Path

import callback_cli

ROOT = Path(callback_cli.__file__).parent


def _modules() -> dict[str, ast.Module]:
    found = {}
    for path in sorted(ROOT.rglob("*.py")):
        parts = path.relative_to(ROOT.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = ast.parse(path.read_text(), str(path))
    return found


MODULES = _modules()


def _imported(node: ast.AST, module: str) -> list[str]:
    """The modules an import statement names (relative imports resolved)."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if isinstance(node, ast.ImportFrom):
        base = node.module or ""
        if node.level:
            package = module.split(".")
            base = ".".join(package[: len(package) - node.level + (module in _packages())] + [base])
        names = [f"{base}.{alias.name}" for alias in node.names]
        return [base] + [n for n in names if n in MODULES]
    return []


def _packages() -> set[str]:
    return {n for n in MODULES if (ROOT.parent / n.replace(".", "/") / "__init__.py").exists()}


def _top_level_imports(module: str) -> set[str]:
    tree = MODULES[module]
    found: set[str] = set()
    for node in tree.body:
        for name in _imported(node, module):
            found.add(name)
    return found


def _graph() -> dict[str, set[str]]:
    graph = {}
    for module in MODULES:
        targets = set()
        for name in _top_level_imports(module):
            if name.startswith("callback_cli") and name in MODULES and name != module:
                # a submodule importing its own package's siblings goes through the package:
                # that is how packages work, not a circle
                if module.startswith(name + "."):
                    continue
                targets.add(name)
        graph[module] = targets
    return graph


def test_no_import_circles():
    graph = _graph()
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                raise AssertionError("import circle: " + " -> ".join(stack[stack.index(nxt) :] + [nxt]))
            if nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node)


def _all_imports(module: str) -> set[str]:
    return {name for node in ast.walk(MODULES[module]) for name in _imported(node, module)}


def _in(module: str, *layers: str) -> bool:
    return any(module == layer or module.startswith(layer + ".") for layer in layers)


def test_libraries_stay_in_their_layer():
    for module in MODULES:
        imports = _all_imports(module)
        roots = {name.split(".")[0] for name in imports}
        if "typer" in roots or "click" in roots:
            assert _in(module, "callback_cli.cli"), f"{module} imports Typer"
        if "rich" in roots:
            assert _in(module, "callback_cli.render"), f"{module} imports Rich"
        if "sqlite3" in roots or "sqlite_utils" in roots:
            assert _in(module, "callback_cli.store", "callback_cli.migrations"), f"{module} uses SQLite"


def test_the_bottom_imports_nothing_of_ours_above_it():
    for module in ("callback_cli.models", "callback_cli.dates", "callback_cli.errors"):
        ours = {n for n in _all_imports(module) if n.startswith("callback_cli")}
        assert ours <= {"callback_cli.errors", "callback_cli.models", "callback_cli.checks"}, (module, ours)
    render = [m for m in MODULES if _in(m, "callback_cli.render")]
    for module in render:
        logic = {
            n
            for n in _all_imports(module)
            if _in(
                n,
                "callback_cli.reports",
                "callback_cli.followups",
                "callback_cli.journal",
                "callback_cli.store",
            )
        }
        assert not logic, f"{module} calls logic back: {logic}"


def test_every_import_inside_a_function_says_why_it_is_lazy():
    unexplained = []
    for module, tree in MODULES.items():
        lines = (ROOT.parent / module.replace(".", "/")).with_suffix(".py")
        if not lines.exists():
            lines = ROOT.parent / module.replace(".", "/") / "__init__.py"
        source = lines.read_text().splitlines()
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                for inner in ast.walk(node):
                    if (
                        isinstance(inner, (ast.Import, ast.ImportFrom))
                        and "# lazy:" not in source[inner.lineno - 1]
                    ):
                        unexplained.append(f"{module}:{inner.lineno}")
    assert not unexplained, unexplained


# ---- start-up: a command loads what it uses ------------------------------------------------------
def _loaded_by(*argv: str) -> set[str]:
    import os
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "callback_cli", *argv],
        capture_output=True,
        text=True,
        env=os.environ.copy(),
    )
    assert result.returncode == 0, result.stderr
    return {line.split("|")[-1].strip() for line in result.stderr.splitlines() if "|" in line}


def test_add_loads_no_import_reports_or_rich(cli):
    cli.add("First")  # an existing journal (making one writes it through a temporary file)
    loaded = _loaded_by("add", "Night Shift", "--type", "tv", "-q")
    assert "callback_cli.journal" in loaded  # the check can see what it looks for
    unused = {"callback_cli.merge", "callback_cli.followups", "callback_cli.reports", "tempfile", "rich"}
    assert not loaded & unused, loaded & unused
    assert not {m for m in loaded if m.startswith(("callback_cli.importing", "callback_cli.render.layout"))}


def test_version_loads_no_command():
    loaded = _loaded_by("--version")
    assert "callback_cli.cli.app" in loaded
    assert not {m for m in loaded if m.startswith("callback_cli.cli.") and m != "callback_cli.cli.app"}
