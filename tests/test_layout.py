"""The house a newcomer can walk: layers that import only downwards, no import cycle, modules
short enough to read in one sitting, and notebooks that hold prose and one-line calls only."""
import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "bayes_sgd"

# The layers of STYLE.md's "shape of the house", lowest first: a module may import its own
# layer and the layers below it, never one above.
LAYERS = [
    ("params", "files", "data", "runs"),
    ("train", "checkpoint", "evidence", "noise_scale"),
    ("execution",),
    ("analysis",),
    ("claims",),
    ("setups",),
    ("figures",),
    ("pages", "plots", "plots_tops", "mechanism_plots", "tables", "provenance", "deviations", "answer"),
    ("book", "browser", "publish", "cli", "__main__", "sphinx_unique_scripts", "sphinx_constants", "__init__"),
]
LAYER = {name: i for i, names in enumerate(LAYERS) for name in names}


def _modules() -> dict[str, Path]:
    return {".".join(p.relative_to(PACKAGE).with_suffix("").parts): p for p in PACKAGE.rglob("*.py")}


def _imports(name: str, path: Path) -> set[str]:
    """The package's modules a module imports, lazy imports inside functions included."""
    package = name.split(".")[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = package[:len(package) - node.level + 1]
            target = [*base, *(node.module.split(".") if node.module else [])]
            modules = _modules()
            for alias in node.names:
                whole = ".".join([*target, alias.name])
                found.add(whole if whole in modules or f"{whole}.__init__" in modules else ".".join(target))
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("bayes_sgd"):
            found.add(node.module.removeprefix("bayes_sgd").lstrip("."))
    return {f for f in found if f}


def _layer(module: str) -> int:
    return LAYER[module.split(".")[0]]


def test_every_module_has_a_layer_and_imports_none_above_it():
    """Fails if a module imports one of a higher layer (as analysis once imported a setup for
    FIGURES), or if a new module was added without a place in LAYERS."""
    upward = []
    for name, path in _modules().items():
        for target in _imports(name, path):
            if target.split(".")[0] not in LAYER:
                continue  # a package's __init__ (bayes_sgd itself)
            if _layer(target) > _layer(name):
                upward.append(f"{name} imports {target}")
    assert upward == []


def test_the_import_graph_has_no_cycle():
    """Fails on a cycle such as the old sweep -> cluster -> experiments -> sweep."""
    graph = {name: {t for t in _imports(name, path) if t in _modules()} for name, path in _modules().items()}
    state: dict[str, int] = {}

    def visit(node, trail):
        state[node] = 1
        for nxt in graph[node]:
            assert state.get(nxt) != 1, "cycle: " + " -> ".join([*trail, nxt])
            if nxt not in state:
                visit(nxt, [*trail, nxt])
        state[node] = 2

    for node in graph:
        if node not in state:
            visit(node, [node])


def test_no_module_is_longer_than_300_lines():
    long = {name: n for name, p in _modules().items() if (n := len(p.read_text().splitlines())) > 300}
    assert long == {}


NOTEBOOKS = sorted((ROOT / "book").glob("fig*.py"))


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_a_notebook_imports_one_module_and_holds_no_logic(notebook):
    """Fails if a page defines a function or class, loops, branches, builds a comprehension or a
    lambda, or imports more than its one page module: logic belongs in src/bayes_sgd."""
    tree = ast.parse(notebook.read_text())
    imports = [n for n in ast.walk(tree) if isinstance(n, (ast.Import, ast.ImportFrom))]
    assert len(imports) == 1 and isinstance(imports[0], ast.ImportFrom)
    assert imports[0].module.startswith("bayes_sgd.pages.") and len(imports[0].names) == 1
    logic = (ast.FunctionDef, ast.ClassDef, ast.For, ast.While, ast.If, ast.ListComp, ast.DictComp, ast.SetComp,
             ast.GeneratorExp, ast.Lambda, ast.IfExp)
    assert [type(n).__name__ for n in ast.walk(tree) if isinstance(n, logic)] == []


def test_the_registry_chooses_nothing_by_comparing_a_figures_key():
    """Fails if figures/ (the registry and its kinds) goes back to `if key == "fig6"` chains: a figure's
    behaviour is its kind's, so that a new figure needs no edit there."""
    import re

    found = [f"{p.name}: {m.group(0)}" for p in sorted((PACKAGE / "figures").glob("*.py"))
             for m in re.finditer(r"(?:==|!=|\bin)\s*\(?\s*['\"]fig\w*['\"]", p.read_text())]
    assert found == []
