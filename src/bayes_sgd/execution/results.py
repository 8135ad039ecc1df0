"""The results behind a page, through the results cache: training runs (swept over this
machine's cores or a Dask cluster) and the exact fits of Figures 1 and 2. It knows no figure
and no profile: configurations in, results out."""
from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

from .. import data, evidence
from ..params import check_device
from ..runs import FitConfig, RunConfig
from .cache import ResultsCache, installed_version


def cache_dir() -> Path:
    return data.default_cache_dir()


def checkpoints_dir() -> Path:
    """Where runs in progress save their state ($BAYES_SGD_CACHE/checkpoints): removed as each finishes."""
    return cache_dir() / "checkpoints"


def results_cache() -> ResultsCache:
    """The results cache under $BAYES_SGD_CACHE (else ~/.cache/bayes_sgd)."""
    return ResultsCache(cache_dir() / "results")


def sgd_results(runs: list[RunConfig], device: str = "cpu", cache: ResultsCache | None = None, label: str = "runs",
                scheduler: str | None = None, dtype: str = "float32") -> list[dict]:
    """Results of the training runs, through the results cache, on this machine's cores or, with
    scheduler ('local:N' or a Dask scheduler's address), on a Dask cluster (see execution.sweep).
    Long runs save their state every few minutes under the cache folder's checkpoints/, so that a
    sweep stopped part-way resumes them where they were."""
    from . import sweep

    check_device(device)
    return sweep.run_sweep(runs, cache or results_cache(), device=device, label=label, scheduler=scheduler,
                           dtype=dtype, checkpoints=checkpoints_dir())


def fit_key(config: FitConfig) -> dict:
    """Cache key of a task's fits: its configuration and what computes them (the evidence code's and
    the data split's deliberately bumped versions, NumPy's and SciPy's versions, float64)."""
    return {"kind": "evidence", "evidence": evidence.VERSION, "split": data.SPLIT_VERSION,
            "numpy": installed_version("numpy"), "scipy": installed_version("scipy"), "dtype": "float64",
            **asdict(config)}


def fit_results(config: FitConfig, cache: ResultsCache | None = None) -> list[dict]:
    """One row per λ of a task's exact fits, cached."""
    def compute():
        pools = data.load_pools(config.data_source)
        split = data.binary_task(pools, config.digits, config.n_train, config.n_test, config.seed, config.random_labels)
        return evidence.evidence_sweep(split.x_train, split.y_train, split.x_test, split.y_test, config.lams)

    return (cache or results_cache()).get_or_compute(fit_key(config), compute)
