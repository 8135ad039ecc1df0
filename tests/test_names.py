"""Nothing stale: every `bayes_sgd.…` name that a docstring, a comment, a page's prose, a setup
table or the README gives a reader resolves to a module or an attribute that exists."""
import importlib
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEXTS = [*sorted((ROOT / "src").rglob("*.py")), *sorted((ROOT / "book").glob("*.py")),
           *sorted((ROOT / "book").glob("*.md")), *sorted((ROOT / "benchmarks").glob("*.py")), ROOT / "README.md",
           *sorted((ROOT / "docs").glob("*.md"))]
NAME = re.compile(r"\bbayes_sgd(?:\.[A-Za-z_]\w*)+")


def resolves(name: str) -> bool:
    """Whether a dotted name is a module of the package, or an attribute chain of one."""
    parts = name.split(".")
    for i in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:i]))
        except ImportError:
            continue
        for attr in parts[i:]:
            if not hasattr(obj, attr):
                return False
            obj = getattr(obj, attr)
        return True
    return False


def test_every_named_module_and_attribute_exists():
    stale = sorted({f"{path.relative_to(ROOT)}: {m.group(0)}" for path in TEXTS
                    for m in NAME.finditer(path.read_text()) if not resolves(m.group(0))})
    assert stale == []


def test_the_resolver_catches_a_module_that_moved():
    assert resolves("bayes_sgd.analysis.search") and resolves("bayes_sgd.claims.verdict.decide")
    assert not resolves("bayes_sgd.search") and not resolves("bayes_sgd.claims.verdict.no_such_rule")
