"""Intervals checked by simulation (../shared/paper/PAPER.md, section 8): experiments whose answer
is known, built from a measured family, on which every definition of the optimum and every
resampling is scored for bias and coverage.

One experiment: a measured curve of the family, smoothed, is placed at every x of the family
shifted along log10 B by α·log10(x / x_ref) (so that every definition's true exponent is α), on
that curve's own archived ladder, plus (levels='top') the curve's own measured top minus the
reference's; each simulated seed adds one per-seed residual vector of that curve drawn from the
archives (so that the correlation across batch sizes within a seed is kept), at the archived
seed count. No torch, no profile.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .definitions import Curve
from .resampling import family_slope

MIN_EXPERIMENTS = 500  # a coverage computed from fewer experiments with an interval is refused
SMOOTHING = 0.1  # decades: the Gaussian kernel that smooths the reference curve before it is shifted


class CoverageError(ValueError):
    """A coverage asked from fewer than MIN_EXPERIMENTS experiments."""


def smoothed(curve: Curve):
    """The reference curve's mean over seeds, kernel-smoothed in log B, as a function of log B:
    linear between its points, continuing its end slope below the ladder (the cliff goes on) and
    flat above it (the plateau)."""
    mean = curve.mean()
    ok = np.isfinite(mean)
    x, y = curve.log_b[ok], mean[ok]
    weights = np.exp(-0.5 * ((x[:, None] - x[None, :]) / SMOOTHING) ** 2)
    y = weights @ y / weights.sum(axis=1)
    left = (y[1] - y[0]) / (x[1] - x[0])

    def f(log_b: np.ndarray) -> np.ndarray:
        inside = np.interp(log_b, x, y)
        return np.where(log_b < x[0], y[0] + left * (log_b - x[0]), inside)
    return f


def residuals(curve: Curve) -> np.ndarray:
    """Per seed, the curve's accuracies minus their mean over seeds, scaled by √(n/(n − 1)) so that
    a draw has the seeds' variance (seeds × batch sizes)."""
    n = len(curve.values)
    return (curve.values - curve.mean()) * np.sqrt(n / (n - 1))


@dataclass(frozen=True)
class Simulated:
    """A family whose exponent is known: each x's curve built from the reference (module docstring)."""

    reference: float
    alpha: float
    levels: str
    curves: dict[float, Curve]

    def draw(self, rng: np.random.Generator) -> dict[float, Curve]:
        """One experiment: every curve's truth plus a residual vector per seed, drawn anew."""
        base = self.curves[self.reference]
        f, top = smoothed(base), np.nanmax(base.mean())
        out = {}
        for x, measured in self.curves.items():
            shift = self.alpha * (np.log10(x) - np.log10(self.reference))
            truth = f(measured.log_b - shift)
            if self.levels == "top":
                truth = truth + np.nanmax(measured.mean()) - top
            noise = residuals(measured)
            picks = rng.integers(0, len(noise), size=len(noise))
            out[x] = Curve(measured.log_b, truth[None, :] + noise[picks], measured.seeds)
        return out


@dataclass(frozen=True)
class Score:
    """One definition and resampling over the experiments: mean bias of the estimate, median 95%
    half-width, the coverage of its 90% and 95% intervals over the experiments that gave one
    (covered), and how many gave an estimate and an interval."""

    definition: str
    resampling: str
    alpha: float
    experiments: int
    estimated: int
    covered: int
    bias: float
    half_width: float
    coverage_90: float
    coverage_95: float


def score(definition: str, resampling: str, alpha: float, estimates: list[tuple[float, float, float]],
          experiments: int) -> Score:
    """Score from (estimate, 90% half-width, 95% half-width) per experiment with an estimate (nan
    widths where no interval); refused (CoverageError) with fewer than MIN_EXPERIMENTS experiments."""
    if experiments < MIN_EXPERIMENTS:
        raise CoverageError(f"experiments={experiments}: a coverage needs at least {MIN_EXPERIMENTS}")
    values = np.array(estimates, dtype=float).reshape(-1, 3)
    with_interval = values[np.isfinite(values[:, 2])]
    err = np.abs(with_interval[:, 0] - alpha)
    nan = float("nan")
    return Score(definition, resampling, alpha, experiments, len(values), len(with_interval),
                 float(np.mean(values[:, 0]) - alpha) if len(values) else nan,
                 float(np.median(with_interval[:, 2])) if len(with_interval) else nan,
                 float(np.mean(err <= with_interval[:, 1])) if len(with_interval) else nan,
                 float(np.mean(err <= with_interval[:, 2])) if len(with_interval) else nan)


def run_experiments(simulated: Simulated, methods: list[tuple], experiments: int, seed: int) -> list[Score]:
    """Score every (definition, resampler) of methods on the same `experiments` seeded experiments."""
    from scipy.stats import t

    rng = np.random.default_rng(seed)
    found = {(d.name, r.name): [] for d, r in methods}
    for _ in range(experiments):
        family = simulated.draw(rng)
        for d, r in methods:
            fit = family_slope(family, d, r).fit
            if fit is None:
                continue
            widths = [float(t.ppf(0.5 + level / 2, fit.seeds - 1) * fit.se) for level in (0.90, 0.95)]
            found[(d.name, r.name)].append((fit.slope, *widths))
    return [score(d, r, simulated.alpha, values, experiments) for (d, r), values in found.items()]
