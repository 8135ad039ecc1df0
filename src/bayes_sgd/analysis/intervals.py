"""Intervals over seeds: Student's t for means and their differences (Welch), and the
jackknife over seeds for estimates such as optima and slopes."""
from __future__ import annotations

import numpy as np


def half_width(*groups: tuple[float, int], level: float = 0.95) -> float:
    """Half-width of the `level` interval of a sum or difference of independent means, each
    given as (standard error, number of seeds): Student's t with Welch-Satterthwaite degrees
    of freedom, so that three seeds give an honest interval (wider than 2 SE)."""
    from scipy.stats import t

    variance = sum(se ** 2 for se, _ in groups)
    parts = [se ** 4 / (n - 1) for se, n in groups if n > 1 and se > 0]
    if variance == 0 or not parts:
        return 0.0
    dof = variance ** 2 / sum(parts)
    return float(t.ppf(0.5 + level / 2, dof) * np.sqrt(variance))



def t_interval(values, level: float = 0.95) -> tuple[float, float]:
    """The Student's t interval of the mean of values over seeds (mean ± t·SE, n - 1 degrees of
    freedom), as the tables report it; the figures draw their bands and bars with it too."""
    values = np.asarray(values, dtype=float)
    mean = float(values.mean())
    if len(values) < 2:
        return mean, mean
    width = half_width((float(values.std(ddof=1)) / np.sqrt(len(values)), len(values)), level=level)
    return mean - width, mean + width



def jackknife_se(values) -> float:
    """The jackknife standard error from n leave-one-out values: √((n − 1)/n · Σ(θ_k − θ̄)²); nan below 2."""
    values = np.asarray(values, dtype=float)
    n = len(values)
    if n < 2:
        return float("nan")
    return float(np.sqrt((n - 1) / n * ((values - values.mean()) ** 2).sum()))


def seed_interval(estimate: float, se: float, n: int, level: float = 0.95) -> dict:
    """Interval of an estimate over n seeds with standard error se: Student's t with n − 1 degrees
    of freedom. 'replication' is the interval in which the same estimate from n other seeds falls
    (√2 wider: both estimates vary)."""
    from scipy.stats import t

    if n < 2 or not np.isfinite(se):
        return {"se": float("nan"), "low": float("nan"), "high": float("nan"),
                "replication_low": float("nan"), "replication_high": float("nan")}
    q = float(t.ppf(0.5 + level / 2, n - 1))
    return {"se": se, "low": estimate - q * se, "high": estimate + q * se,
            "replication_low": estimate - q * se * np.sqrt(2), "replication_high": estimate + q * se * np.sqrt(2)}


def jackknife_interval(estimate: float, leave_one_out: np.ndarray, level: float = 0.95) -> dict:
    """Interval of an estimate over n seeds from its n leave-one-seed-out values (jackknife_se,
    seed_interval)."""
    values = np.asarray(leave_one_out, dtype=float)
    return seed_interval(estimate, jackknife_se(values), len(values), level)
