"""Profiles and grids of every figure, parameter checks, and the cached runs behind them.

A notebook calls one function here per figure; it gets back plain result rows.
Every parameter is checked before any heavy work, with a message naming it.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from . import data, evidence
from .cache import ResultsCache, installed_version
from .params import (DEVICES, ParameterError, check_choice, check_device, check_list, check_non_negative_int,
                     check_positive_float, check_positive_int)
from .runs import RunConfig

PROFILES = ("smoke", "default", "paper")
MIN_TEST_IMAGES = 1000  # the embedded data keeps at least this many images out of training to test on


def check_embedded_n_train(n_train: int, name: str = "n_train") -> None:
    """On the embedded data (5,000 images) training must leave MIN_TEST_IMAGES images to test on."""
    limit = 5000 - MIN_TEST_IMAGES
    if n_train > limit:
        raise ParameterError(f"{name}={n_train} is not allowed with data_source='embedded': at most {limit} "
                             f"(the embedded data has 5,000 images and keeps at least {MIN_TEST_IMAGES} for "
                             "testing); use data_source='full'")


def held_out_images(data_source: str, n_test: int, n_train: int) -> int:
    """Test images of a split: on the embedded data, at most the images left after training."""
    return min(n_test, 5000 - n_train) if data_source == "embedded" else n_test


def cache_dir() -> Path:
    return data.default_cache_dir()


def with_overrides(profile_settings: dict, **given) -> dict:
    """A profile's settings, with every parameter given (not None) taking precedence."""
    return {key: value if given.get(key) is None else given[key] for key, value in profile_settings.items()}


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
    chosen = with_overrides(EVIDENCE_PROFILES[profile], data_source=data_source, lam_min=lam_min,
                            lam_max=lam_max, n_lams=n_lams, n_train=n_train, n_test=n_test)
    data_source, lam_min, lam_max = chosen["data_source"], chosen["lam_min"], chosen["lam_max"]
    n_lams, n_train, n_test = chosen["n_lams"], chosen["n_train"], chosen["n_test"]
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
    config = evidence_key(setup, task)

    def compute():
        pools = data.load_pools(setup.data_source)
        split = data.binary_task(
            pools, spec["digits"], setup.n_train, setup.n_test, setup.seed, spec["random_labels"]
        )
        return evidence.evidence_sweep(split.x_train, split.y_train, split.x_test, split.y_test, setup.lams)

    return cache.get_or_compute(config, compute)


def evidence_key(setup: EvidenceSetup, task: str) -> dict:
    """Cache key of a task's fits: the setup and what computes them (the evidence code's and the
    data split's deliberately bumped versions, NumPy's and SciPy's versions, float64)."""
    spec = TASKS[task]
    return {
        "kind": "evidence",
        "evidence": evidence.VERSION,
        "split": data.SPLIT_VERSION,
        "numpy": installed_version("numpy"),
        "scipy": installed_version("scipy"),
        "dtype": "float64",
        "task": task,
        "digits": list(spec["digits"]),
        "random_labels": spec["random_labels"],
        **{k: v for k, v in asdict(setup).items() if k != "profile"},
    }


def evidence_setup_table(setup: EvidenceSetup):
    """The paper's setting beside the one used, and why they differ (a DataFrame)."""
    import pandas as pd

    embedded = setup.data_source == "embedded"
    rows = [
        ("data", "MNIST (full) (recalled)", data.load_description(setup.data_source),
         "embedded default data; the full MNIST is the 'full' option" if embedded
         else data.FASHION_CHANGE if setup.data_source == "fashion" else "same"),
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


# ---------------------------------------------------------------- Figures 3 and 4 (SGD)


@dataclass(frozen=True)
class SgdSetup:
    """Setup of the SGD sweeps of Figures 3 and 4.

    lrs: the paper's learning rate first, then any changed setting shown beside it.
    """

    profile: str
    data_source: str
    n_train: int
    n_test: int
    steps: int
    batch_sizes: tuple[int, ...]
    seeds: tuple[int, ...]
    lrs: tuple[float, ...]
    momentum: float = 0.9
    hidden: int = 800

    def gap_batch_sizes(self) -> tuple[int, int]:
        """Figure 3's small and full batch: B = 30 (or N if smaller) and B = N."""
        return min(30, self.n_train), self.n_train

    def runs(self, batch_sizes=None, lrs=None) -> list[RunConfig]:
        return [
            RunConfig(batch_size=b, lr=lr, momentum=self.momentum, steps=self.steps, n_train=self.n_train,
                      n_test=self.n_test, hidden=self.hidden, data_source=self.data_source, seed=s)
            for lr in (lrs or self.lrs) for b in (batch_sizes or self.batch_sizes) for s in self.seeds
        ]


SGD_PROFILES = {
    "smoke": dict(data_source="embedded", n_train=200, n_test=500, steps=40, batch_sizes=(1, 10, 30, 200),
                  n_seeds=2, lrs=(1.0, 0.1)),
    "default": dict(data_source="embedded", n_train=1000, n_test=4000, steps=3000,
                    batch_sizes=(1, 3, 10, 30, 100, 300, 1000), n_seeds=3, lrs=(1.0, 0.1)),
    "paper": dict(data_source="full", n_train=1000, n_test=10000, steps=10_000,
                  batch_sizes=(1, 2, 5, 10, 20, 30, 50, 100, 200, 300, 500, 1000), n_seeds=5, lrs=(1.0, 0.1)),
}


def sgd_setup(profile: str = "default", data_source: str | None = None, steps: int | None = None,
              n_seeds: int | None = None, lrs: tuple | list | None = None,
              batch_sizes: tuple | list | None = None, n_train: int | None = None) -> SgdSetup:
    """The SGD setup of a profile, with any parameter given overriding it; checked first."""
    check_choice("profile", profile, PROFILES)
    lrs, batch_sizes = check_list("lrs", lrs, "[1.0, 0.1]"), check_list("batch_sizes", batch_sizes, "[10, 100]")
    chosen = with_overrides(SGD_PROFILES[profile], data_source=data_source, steps=steps, n_seeds=n_seeds,
                            n_train=n_train, lrs=lrs, batch_sizes=batch_sizes)
    data_source, steps, n_seeds, n_train = chosen["data_source"], chosen["steps"], chosen["n_seeds"], chosen["n_train"]
    lrs, batch_sizes = tuple(chosen["lrs"]), tuple(chosen["batch_sizes"])
    check_choice("data_source", data_source, data.SOURCES)
    check_positive_int("steps", steps)
    check_positive_int("n_seeds", n_seeds)
    check_positive_int("n_train", n_train)
    if data_source == "embedded":
        check_embedded_n_train(n_train)
    for lr in lrs:
        check_positive_float("lrs", lr)
    for b in batch_sizes:
        check_positive_int("batch_sizes", b)
        if b > n_train:
            raise ParameterError(f"batch_sizes contains {b}, which is not allowed: at most n_train={n_train}")
    n_test = held_out_images(data_source, chosen["n_test"], n_train)
    return SgdSetup(profile, data_source, n_train, n_test, steps, tuple(sorted(batch_sizes)),
                    tuple(range(n_seeds)), lrs)


def sgd_results(runs: list, device: str = "cpu", cache: ResultsCache | None = None, label: str = "runs",
                scheduler: str | None = None, dtype: str = "float32"):
    """Results of the training runs, through the results cache, on this machine's cores or, with
    scheduler ('local:N' or a Dask scheduler's address), on a Dask cluster (see bayes_sgd.sweep)."""
    from . import sweep

    check_device(device)
    return sweep.run_sweep(runs, cache or ResultsCache(cache_dir() / "results"), device=device, label=label,
                           scheduler=scheduler, dtype=dtype)


def sgd_setup_table(setup: SgdSetup):
    """The paper's setting beside the one used for Figures 3 and 4, and why they differ."""
    import pandas as pd

    embedded = setup.data_source == "embedded"
    changed = [lr for lr in setup.lrs if lr != 1.0]
    rows = [
        ("data", "MNIST training set, N = 1000 drawn at random; MNIST test set",
         f"{data.load_description(setup.data_source)}: N = {setup.n_train}, {setup.n_test} test images",
         "the embedded data has 5,000 images: the test images are the ones not drawn for training" if embedded
         else data.FASHION_CHANGE if setup.data_source == "fashion" else "same"),
        ("network", "784-800-10, ReLU, no regularisation", f"784-{setup.hidden}-10, ReLU, none",
         "same" if setup.hidden == 800 else f"{setup.profile} profile"),
        ("optimiser", "SGD, momentum 0.9, mean loss over the batch", f"same, momentum {setup.momentum}", "same"),
        ("learning rate ε", "1.0, constant", ", ".join(f"{lr:g}" for lr in setup.lrs),
         f"ε = 1.0 is the paper's; ε = {', '.join(f'{lr:g}' for lr in changed)} is a change, added because "
         "at ε = 1.0 small batches kill the hidden units (see the dead-unit panel)" if changed else "same"),
        ("updates", "10,000 (recalled)", f"{setup.steps:,}",
         "same" if setup.steps == 10_000 else f"{setup.profile} profile: fits the book's CPU budget"),
        ("batch sizes", "1 to 1000", ", ".join(map(str, setup.batch_sizes)), "a log grid over the same range"),
        ("runs per point", "about 5 (recalled)", str(len(setup.seeds)),
         "same" if len(setup.seeds) == 5 else f"{setup.profile} profile"),
        ("initialisation", "not stated", "PyTorch's default (uniform ±1/√fan-in)", "—"),
    ]
    return pd.DataFrame(rows, columns=["setting", "paper", "used here", "why"])
