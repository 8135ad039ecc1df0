"""Setup of Figures 1 and 2: the logistic model's exact fits against λ, per task."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .. import data
from ..params import ParameterError, check_choice, check_non_negative_int, check_positive_float, check_positive_int
from ..runs import FitConfig
from .common import with_overrides
from .profiles import EVIDENCE, PROFILES


@dataclass(frozen=True)
class EvidenceSetup:
    """Setup of the logistic-regression fits of Figures 1 and 2."""

    profile: str
    data_source: str
    n_train: int
    n_test: int
    lams: tuple[float, ...]
    seed: int = 0

    def fit(self, task: str) -> FitConfig:
        """The configuration of one task's fits (TASKS: 'random', 'informative', 'hard')."""
        check_choice("task", task, tuple(TASKS))
        spec = TASKS[task]
        return FitConfig(task, spec["digits"], spec["random_labels"], self.data_source, self.n_train, self.n_test,
                         self.lams, self.seed)


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
    chosen = with_overrides(EVIDENCE[profile], data_source=data_source, lam_min=lam_min,
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
