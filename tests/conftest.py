"""Shared fixtures: the smoke-profile book, built once per test session."""
import shutil
from pathlib import Path

import pytest

from bayes_sgd import book

ROOT = Path(__file__).resolve().parents[1]


def _copy_book(dest: Path) -> Path:
    shutil.copytree(ROOT / "book", dest / "book", ignore=shutil.ignore_patterns("*.ipynb", "_generated"))
    for name in ("_config.yml", "_toc.yml", "references.bib", "requirements.txt"):
        shutil.copy(ROOT / name, dest / name)
    return dest


@pytest.fixture(scope="session")
def built_book(tmp_path_factory):
    root = _copy_book(tmp_path_factory.mktemp("book"))
    with pytest.MonkeyPatch.context() as env:
        env.setenv("BAYES_SGD_CACHE", str(root / ".cache"))
        env.setenv("BAYES_SGD_CLAIMS", str(root / "claims"))
        html = book.build(root, "smoke", out=root / "out")
    return root, html


