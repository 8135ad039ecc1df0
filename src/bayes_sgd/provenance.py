"""What produced a page: profile, data, runs, device, wall time, versions, commit."""
from __future__ import annotations

import subprocess
import time
from pathlib import Path

from .execution.cache import package_versions


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


REPRODUCIBILITY = ("Same seed, same numbers holds per machine type: another processor or library build rounds "
                   "the matrix products differently, and chaotic runs (ε = 1) then drift apart; the intervals over "
                   "seeds are what carries over.")


def computed_on(results: list[dict]) -> str:
    """Where training results were computed, as stored with them: device, torch build, dtype and count."""
    groups: dict[str, int] = {}
    for r in results:
        where = f"{r.get('device_name', r.get('device', 'unknown device'))}, torch {r.get('torch', '?')}, {r.get('dtype', '?')}"
        groups[where] = groups.get(where, 0) + 1
    return "; ".join(f"{count} on {where}" for where, count in groups.items())


def imported_from(results: list[dict]) -> str:
    """Where imported results came from (bayes_sgd.execution.archive), per archive: how many, when and on
    how many hosts they were computed, and which were recomputed and matched here; empty when
    every result was computed here."""
    by_archive: dict[str, list[dict]] = {}
    for r in results:
        if "imported" in r:
            by_archive.setdefault(r["imported"]["archive"], []).append(r)
    parts = []
    for name, runs in sorted(by_archive.items()):
        origin = runs[0]["imported"]
        checked = [r for r in runs if r["imported"]["verified_here"]]
        which = "; ".join(f"B = {r['config']['batch_size']}, N = {r['config']['n_train']}, "
                          f"{r['config']['steps']:,} updates, seed {r['config']['seed']}: "
                          + ("the whole run" if r["imported"]["verified_here"] is True else r["imported"]["verified_here"])
                          for r in checked)
        parts.append(f"{len(runs)} imported from `{name}` (archived {origin['created']}, computed on {origin['hosts']} "
                     f"host(s): {computed_on(runs)}), "
                     f"{len(checked)} of them recomputed and matched here" + (f" ({which})" if which else ""))
    return "".join(f"; {p}" for p in parts)


def footer(started: float, profile: str, data: str, results: list[dict] | None = None, fits: int | None = None):
    """The provenance footer of a figure page, as displayable Markdown.

    results: the training results shown (their stored device, versions and compute time are
    reported, not this notebook's parameters: a CPU build from GPU results says GPU);
    fits: for the evidence pages, the number of exact fits (NumPy, float64, on the CPU).
    """
    from IPython.display import Markdown

    wall = time.time() - started
    if results is not None:
        compute = sum(r["seconds"] for r in results)
        work = (f"{len(results)} training runs ({computed_on(results)}); the results took {compute / 60:.1f} min "
                f"of compute, summed over runs{imported_from(results)}")
    else:
        work = f"{fits} exact fits (NumPy, float64, on the CPU)"
    return Markdown(
        f"**Provenance.** Profile `{profile}`; data: {data}; {work}; wall time of this page {wall:.1f} s; "
        f"{package_versions()}; git commit `{git_commit()}`. {REPRODUCIBILITY}"
    )


def rerun_box(figure: str):
    """How to rerun a figure ('fig4') at each profile, and where its results are cached (no machine path)."""
    from IPython.display import Markdown

    from .figures import FIGURES

    notebook = FIGURES[figure].notebook
    gpu = "cuda" in FIGURES[figure].computes_on
    papermill = "\n".join(
        f".venv/bin/papermill book/{notebook}.ipynb out.ipynb -p profile {profile}{extra}   # {what}"
        for profile, extra, what in (("smoke", "", "seconds"), ("default", "", "this book"),
                                     ("paper", " -p device cuda" if gpu else "", "the paper's grid"))
    )
    device = " --device cuda" if gpu else ""
    return Markdown(
        ":::{admonition} Rerun this figure\n:class: tip\n\n"
        "From the repository root, after `make install`:\n\n"
        f"```bash\n.venv/bin/jupytext --to ipynb book/{notebook}.py\n{papermill}\n"
        f".venv/bin/python -m bayes_sgd run {figure} --profile paper{device}   # results only, no notebook\n```\n\n"
        "List parameters go in with `-y`, e.g. `-y 'lrs: [1.0, 0.1]'`. Finished results are cached by their "
        "configuration and code versions in `$BAYES_SGD_CACHE/results` (`make` sets `BAYES_SGD_CACHE` to `.cache` "
        "in the repository; without it, `~/.cache/bayes_sgd`): a rerun recomputes nothing that finished. "
        f"Source of this page: {{download}}`Jupytext notebook (.py) <{notebook}.py>`.\n:::"
    )
