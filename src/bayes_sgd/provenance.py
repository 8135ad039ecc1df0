"""What produced a page: profile, data, runs, device, wall time, versions, commit."""
from __future__ import annotations

import subprocess
import time
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

PACKAGES = ("torch", "numpy", "scipy", "scikit-learn", "mlxtend", "matplotlib", "seaborn", "papermill")


def start() -> float:
    """Wall-clock start of a page's computation (seconds since the epoch)."""
    return time.time()


def git_commit() -> str:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, timeout=10,
            cwd=Path(__file__).resolve().parent,
        )
        return out.stdout.strip() or "unknown"
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def package_versions() -> str:
    found = []
    for name in PACKAGES:
        try:
            found.append(f"{name} {version(name)}")
        except PackageNotFoundError:
            pass
    return ", ".join(found)


def footer(started: float, profile: str, data: str, runs: int, device: str = "cpu",
           compute_seconds: float | None = None):
    """The provenance footer of a figure page, as displayable Markdown.

    compute_seconds: the time the results took when they were computed (summed over
    runs), which a warm cache hides from this page's own wall time.
    """
    from IPython.display import Markdown

    wall = time.time() - started
    computed = f" (the results took {compute_seconds / 60:.1f} min of compute, summed over runs)" \
        if compute_seconds is not None else ""
    return Markdown(
        f"**Provenance.** Profile `{profile}`; data: {data}; {runs} fits or training runs; "
        f"device `{device}`; wall time of this page {wall:.1f} s{computed}; "
        f"{package_versions()}; git commit `{git_commit()}`."
    )


def rerun_box(notebook: str, figure: str):
    """How to rerun this page's figure at each profile, and where its results are cached.

    notebook: the Jupytext source's stem (e.g. 'fig4_optimum_batch_size'); figure: 'fig4'.
    """
    from IPython.display import Markdown

    from .data import default_cache_dir

    papermill = "\n".join(
        f".venv/bin/papermill book/{notebook}.ipynb out.ipynb -p profile {profile}{extra}   # {what}"
        for profile, extra, what in (("smoke", "", "seconds"), ("default", "", "this book"),
                                     ("paper", " -p device cuda" if figure not in ("fig1", "fig2") else "",
                                      "the paper's grid"))
    )
    device = " --device cuda" if figure not in ("fig1", "fig2") else ""
    return Markdown(
        ":::{admonition} Rerun this figure\n:class: tip\n\n"
        "From the repository root, after `make install`:\n\n"
        f"```bash\n.venv/bin/jupytext --to ipynb book/{notebook}.py\n{papermill}\n"
        f".venv/bin/python -m bayes_sgd run {figure} --profile paper{device}   # results only, no notebook\n```\n\n"
        f"Finished results are cached by their full configuration in `{default_cache_dir() / 'results'}` "
        "(set `BAYES_SGD_CACHE` to move it): a rerun recomputes nothing that finished. "
        f"Source of this page: {{download}}`Jupytext notebook (.py) <{notebook}.py>`.\n:::"
    )
