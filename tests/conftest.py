"""Shared fixtures and helpers: the smoke-profile book, built once per test session; small archives
exported from a fresh cache, and forgeries of them."""
import gzip
import json
import shutil
from pathlib import Path

import pytest

from bayes_sgd import book
from bayes_sgd.execution import archive, sweep
from bayes_sgd.execution.cache import ResultsCache, canonical

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




def export_configs(configs: list, folder: Path, name: str) -> tuple[ResultsCache, Path]:
    """Train configs into a fresh cache in folder (one worker) and export them as archive `name`."""
    cache = ResultsCache(folder / "cache")
    sweep.run_sweep(configs, cache, workers=1, progress=False)
    path = folder / name
    archive.export([(sweep.run_key(c), cache.load(sweep.run_key(c))) for c in configs], path, "smoke")
    return cache, path


def forge(source: Path, target: Path, change) -> Path:
    """A copy of an archive with change(content) applied and every hash recomputed: a forgery."""
    content = json.loads(gzip.decompress(source.read_bytes()))
    change(content)
    for entry in content["entries"]:
        entry["sha256"] = archive._digest({"key": entry["key"], "result": entry["result"]})
    content["manifest"]["sha256"] = archive._digest([e["sha256"] for e in content["entries"]])
    target.write_bytes(archive._compressed(canonical(content).encode()))
    return target


def make_optimum(fit: float, leave_one_out=None, grid: float | None = None, seed_ids=(0, 1, 2),
                 low: float | None = None, high: float | None = None, interior: bool = True):
    """An analysis.records.Optimum at `fit` (grid point `grid`, default the fit) whose
    leave-one-seed-out log10 values are those given (default: all at log10 fit)."""
    import numpy as np

    from bayes_sgd.analysis.records import Optimum

    leave = tuple(leave_one_out) if leave_one_out is not None else (float(np.log10(fit)),) * len(seed_ids)
    grid = fit if grid is None else grid
    return Optimum(grid, grid, grid, interior, fit, fit if low is None else low, fit if high is None else high,
                   0.9, tuple(seed_ids), leave)


def make_edge(edge: float, leave_one_out=None, below: str = "nothing"):
    """An analysis.records.Edge at `edge`, its seeds' own edges equal to it."""
    import numpy as np

    from bayes_sgd.analysis.records import Edge

    leave = tuple(leave_one_out) if leave_one_out is not None else (float(np.log10(edge)),) * 3
    return Edge(edge, edge, edge, below, leave)


def make_slope(slope: float, low: float, high: float, seeds: int = 3, curves=(), grid_end_curves=()):
    """An analysis.records.Slope with its 95% interval [low, high] (se from the t quantile)."""
    from scipy.stats import t

    from bayes_sgd.analysis.records import Slope

    se = (high - low) / 2 / t.ppf(0.975, seeds - 1)
    return Slope(slope, se, low, high, seeds, low, high, tuple(curves), slope, tuple(grid_end_curves))
