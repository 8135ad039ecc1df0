"""The executed notebooks as the launch buttons open them: each page's notebook with a first
cell that installs the package from the repository, published to the branch named in
_config.yml (repository.branch) by the Pages workflow, beside the requirements Binder reads."""
from __future__ import annotations

import shutil
from pathlib import Path

INSTALL_TAG = "install-package"


def install_cell_source(repository: str) -> str:
    """The first cell of a launched notebook: the package from the repository's main branch, and the
    libraries it uses beside torch (Colab and Binder bring their own torch)."""
    return ("# Installs this book's package (bayes_sgd) from its repository, for Binder and Colab.\n"
            f'%pip install -q "bayes_sgd @ git+{repository}@main" mlxtend pandas scipy scikit-learn seaborn tqdm')


def with_install_cell(executed: Path, target: Path, repository: str) -> None:
    """A copy of an executed notebook whose first cell installs the package (not added twice)."""
    import nbformat

    nb = nbformat.read(executed, as_version=4)
    if not (nb.cells and INSTALL_TAG in nb.cells[0].get("metadata", {}).get("tags", [])):
        cell = nbformat.v4.new_code_cell(install_cell_source(repository))
        cell.metadata["tags"] = [INSTALL_TAG]
        nb.cells.insert(0, cell)
    target.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, target)


def publish_notebooks(root: Path, out: Path, repository: str) -> list[Path]:
    """Write the tree of the notebooks branch to out: book/<page>.ipynb for every executed figure
    notebook (the launch buttons' paths) and requirements.txt; returns the paths written, relative."""
    root, out = Path(root), Path(out)
    executed = sorted((root / "book").glob("fig*.ipynb"))
    if not executed:
        raise FileNotFoundError(f"no executed notebooks in {root / 'book'}: build the book first (make book)")
    written = []
    for notebook in executed:
        relative = notebook.relative_to(root)
        with_install_cell(notebook, out / relative, repository)
        written.append(relative)
    shutil.copy(root / "requirements.txt", out / "requirements.txt")
    return [*written, Path("requirements.txt")]


def repository_url(root: Path) -> str:
    """repository.url of the book's _config.yml."""
    import yaml

    return yaml.safe_load((Path(root) / "_config.yml").read_text())["repository"]["url"]
