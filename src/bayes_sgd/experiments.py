"""Profiles and grids of every figure, parameter checks, and the cached runs behind them.

A notebook calls one function here per figure; it gets back plain result rows.
Every parameter is checked before any heavy work, with a message naming it.
"""
from __future__ import annotations

import math
import os
import platform
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

from . import data, evidence
from .cache import ResultsCache, source_version

PROFILES = ("smoke", "default", "paper")


# ---------------------------------------------------------------- parameter checks


class ParameterError(ValueError):
    """A notebook or command-line parameter outside its allowed values."""


def check_choice(name: str, value, allowed) -> None:
    if value not in allowed:
        raise ParameterError(f"{name}={value!r} is not allowed; choose one of: {', '.join(map(str, allowed))}")


def check_positive_int(name: str, value) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value <= 0:
        raise ParameterError(f"{name}={value!r} is not allowed; it must be a positive integer")


def check_non_negative_int(name: str, value) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 0:
        raise ParameterError(f"{name}={value!r} is not allowed; it must be an integer >= 0")


def check_positive_float(name: str, value) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or value <= 0:
        raise ParameterError(f"{name}={value!r} is not allowed; it must be a finite number > 0")


def cache_dir() -> Path:
    return data.default_cache_dir()


# ---------------------------------------------------------------- Figures 1 and 2


@dataclass(frozen=True)
class EvidenceSetup:
    """Setup of the logistic-regression fits of Figures 1 and 2."""

    profile: str
    data_source: str
    n_train: int
    n_test: int
    lams: tuple[float, ...]
    seed: int = 0


EVIDENCE_PROFILES = {  # n_train, n_test, lam_min, lam_max, n_lams, data source
    "smoke": dict(n_train=200, n_test=100, lam_min=1e-4, lam_max=1e2, n_lams=5, data_source="embedded"),
    "default": dict(n_train=800, n_test=200, lam_min=1e-7, lam_max=1e4, n_lams=45, data_source="embedded"),
    "paper": dict(n_train=800, n_test=1960, lam_min=1e-7, lam_max=1e4, n_lams=45, data_source="full"),
}

# The tasks of Figures 1 and 2, and the harder pair this book adds.
TASKS = {
    "random": dict(digits=(0, 1), random_labels=True, title="(a) random labels, digit 0 against 1"),
    "informative": dict(digits=(0, 1), random_labels=False, title="(b) informative labels, digit 0 against 1"),
    "hard": dict(digits=(4, 9), random_labels=False, title="(c) beyond the paper: digit 4 against 9"),
}


def evidence_setup(
    profile: str = "default",
    seed: int = 0,
    data_source: str | None = None,
    lam_min: float | None = None,
    lam_max: float | None = None,
    n_lams: int | None = None,
    n_train: int | None = None,
    n_test: int | None = None,
) -> EvidenceSetup:
    """The setup of a profile, with any parameter given overriding it; checked first."""
    check_choice("profile", profile, PROFILES)
    base = EVIDENCE_PROFILES[profile]
    data_source = base["data_source"] if data_source is None else data_source
    lam_min = base["lam_min"] if lam_min is None else lam_min
    lam_max = base["lam_max"] if lam_max is None else lam_max
    n_lams = base["n_lams"] if n_lams is None else n_lams
    n_train = base["n_train"] if n_train is None else n_train
    n_test = base["n_test"] if n_test is None else n_test
    check_choice("data_source", data_source, data.SOURCES)
    check_non_negative_int("seed", seed)
    check_positive_float("lam_min", lam_min)
    check_positive_float("lam_max", lam_max)
    if lam_max <= lam_min:
        raise ParameterError(f"lam_max={lam_max!r} is not allowed; it must exceed lam_min={lam_min!r}")
    check_positive_int("n_lams", n_lams)
    check_positive_int("n_train", n_train)
    check_positive_int("n_test", n_test)
    if data_source == "embedded" and n_train + n_test > 1000:
        raise ParameterError(
            f"n_train + n_test = {n_train + n_test} is not allowed with data_source='embedded': "
            "it has 500 images of each digit (at most 1000 per pair); use data_source='full'"
        )
    lams = tuple(float(v) for v in np.logspace(np.log10(lam_min), np.log10(lam_max), n_lams))
    return EvidenceSetup(profile, data_source, n_train, n_test, lams, seed)


def evidence_results(setup: EvidenceSetup, task: str, cache: ResultsCache | None = None) -> list[dict]:
    """One row per lam for a task of TASKS ('random', 'informative', 'hard'), cached."""
    check_choice("task", task, tuple(TASKS))
    spec = TASKS[task]
    cache = cache or ResultsCache(cache_dir() / "results")
    config = {
        "kind": "evidence",
        "code": source_version(evidence.__file__),
        "task": task,
        "digits": list(spec["digits"]),
        "random_labels": spec["random_labels"],
        **{k: v for k, v in asdict(setup).items() if k != "profile"},
    }

    def compute():
        pools = data.load_pools(setup.data_source)
        split = data.binary_task(
            pools, spec["digits"], setup.n_train, setup.n_test, setup.seed, spec["random_labels"]
        )
        return evidence.evidence_sweep(split.x_train, split.y_train, split.x_test, split.y_test, setup.lams)

    return cache.get_or_compute(config, compute)


def evidence_setup_table(setup: EvidenceSetup):
    """The paper's setting beside the one used, and why they differ (a DataFrame)."""
    import pandas as pd

    embedded = setup.data_source == "embedded"
    rows = [
        ("data", "MNIST (full) (recalled)", data.load_description(setup.data_source),
         "embedded default data; the full MNIST is the 'full' option" if embedded else "same"),
        ("training images", "800, balanced (recalled)", f"{setup.n_train}, balanced",
         "same" if setup.n_train == 800 else f"{setup.profile} profile"),
        ("test images", "5000, balanced (recalled)", f"{setup.n_test}, balanced",
         "the embedded data has 500 images per digit, 800 go to training" if embedded
         else "MNIST's test set holds 980 zeros: a balanced set has at most 1960"),
        ("model", "logistic regression, 784 weights + 1 bias", "same, all 785 under the prior", "same"),
        ("random labels", "coin flips for training and test labels", "same, seeded", "same"),
        ("λ grid", "log grid over several decades (recalled)",
         f"{len(setup.lams)} values, {setup.lams[0]:.0e} to {setup.lams[-1]:.0e}",
         "random labels are fitted exactly only for λ ≲ 1e-6 on this data"),
        ("fit", "exact minimum of C", "Newton in float64 to |∇C|∞ ≤ 1e-9", "same"),
    ]
    return pd.DataFrame(rows, columns=["setting", "paper", "used here", "why"])
