"""How the interval of a family's slope is resampled over seeds, as an argument: the jackknife
(one seed left out of every curve at once) or a seed bootstrap (seeds drawn with replacement, the
same draw for every curve, so that curves sharing seeds stay paired). family_slope reads a
family's exponent under any definition of the optimum (analysis.definitions) with either.
No torch, no profile."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .definitions import Curve
from .intervals import jackknife_se, seed_interval
from .records import Slope

MIN_PLACED = 3  # curves a per-curve definition must place for a slope: two points always lie on a line
MAX_FAILED = 0.2  # share of resamples allowed to place no slope before the interval is refused


@dataclass(frozen=True)
class Jackknife:
    """Leave one seed out of every curve at once; SE √((n−1)/n·Σ(θ_k − θ̄)²)."""

    name: str = "jackknife"

    def draws(self, seeds: tuple[int, ...]) -> list[tuple[int, ...]]:
        return [tuple(s for s in seeds if s != left) for left in seeds]

    def se(self, estimates: np.ndarray) -> float:
        return jackknife_se(estimates)


@dataclass(frozen=True)
class SeedBootstrap:
    """n seeds drawn with replacement, `resamples` times from a fixed `seed` (reproducible); SE the
    standard deviation of the resampled estimates."""

    resamples: int = 100
    seed: int = 0
    name: str = "seed bootstrap"

    def draws(self, seeds: tuple[int, ...]) -> list[tuple[int, ...]]:
        rng = np.random.default_rng(self.seed)
        return [tuple(int(s) for s in rng.choice(seeds, size=len(seeds))) for _ in range(self.resamples)]

    def se(self, estimates: np.ndarray) -> float:
        return float(np.std(estimates, ddof=1)) if len(estimates) > 1 else float("nan")


RESAMPLINGS = {r.name: r for r in (Jackknife(), SeedBootstrap())}


def resampling(name: str):
    """The resampling of that name (RESAMPLINGS); an unknown name stops here, naming the allowed ones."""
    if name not in RESAMPLINGS:
        raise ValueError(f"resampling={name!r} is not known; allowed: {', '.join(RESAMPLINGS)}")
    return RESAMPLINGS[name]


@dataclass(frozen=True)
class FamilySlope:
    """A family's log-log slope of the optimum on x under one definition and one resampling.

    fit: the slope with its 95% interval (Student's t, seeds − 1 degrees of freedom), None where
    too few curves are placed; not_placed: the curves the definition could not place, and why;
    failed: the resamples that placed no slope."""

    definition: str
    resampling: str
    fit: Slope | None
    not_placed: tuple[tuple[float, str], ...]
    failed: int = 0
    reason: str = ""


def _slope(log_x: np.ndarray, ys: np.ndarray) -> float:
    """Least-squares slope, rounded so that a flat line reads 0, not 1e-16."""
    return round(float(np.polyfit(log_x, ys, 1)[0]), 12)


def family_slope(curves: dict[float, Curve], definition, resampler) -> FamilySlope:
    """The slope of the family's optima ({x: Curve}, over common seeds) on log10 x: a per-curve
    definition's optima fitted by least squares over the curves it places; a family definition's
    exponent directly. Its interval: the resampler's SE over the same resamples of seeds for
    every curve."""
    xs = sorted(curves)
    seeds = tuple(sorted(set.intersection(*(set(curves[x].seeds) for x in xs)))) if xs else ()
    rows = {x: {s: i for i, s in enumerate(curves[x].seeds)} for x in xs}

    def means(draw, chosen) -> list[np.ndarray]:
        return [curves[x].mean(None if draw is None else np.array([rows[x][s] for s in draw])) for x in chosen]

    if definition.family:
        chosen, not_placed = xs, ()
        log_x = np.log10(np.array(chosen, dtype=float))

        def estimate(draw=None) -> float:
            return definition.exponent(log_x, means(draw, chosen), [curves[x].log_b for x in chosen])
    else:
        full = means(None, xs)
        placed = [np.isfinite(definition.log10_optimum(curves[x].log_b, m)) for x, m in zip(xs, full)]
        chosen = [x for x, ok in zip(xs, placed) if ok]
        not_placed = tuple((x, definition.why_not(curves[x].log_b, m)) for x, m, ok in zip(xs, full, placed) if not ok)
        log_x = np.log10(np.array(chosen, dtype=float))

        def estimate(draw=None) -> float:
            ys = np.array([definition.log10_optimum(curves[x].log_b, m) for x, m in zip(chosen, means(draw, chosen))])
            return _slope(log_x, ys) if np.isfinite(ys).all() else float("nan")
        if len(chosen) < MIN_PLACED:
            return FamilySlope(definition.name, resampler.name, None, not_placed,
                               reason=f"placed on {len(chosen)} curve(s), fewer than {MIN_PLACED}")
    value = estimate()
    if not np.isfinite(value):
        return FamilySlope(definition.name, resampler.name, None, not_placed,
                           reason="no exponent superimposes the curves within the searched range")
    draws = resampler.draws(seeds)
    values = np.array([estimate(d) for d in draws])
    finite = values[np.isfinite(values)]
    failed = len(values) - len(finite)
    se = resampler.se(finite) if failed <= MAX_FAILED * len(values) else float("nan")
    interval = seed_interval(value, se, len(seeds))
    fit = Slope(value, se, interval["low"], interval["high"], len(seeds), interval["replication_low"],
                interval["replication_high"], curves=tuple(float(x) for x in chosen))
    reason = f"{failed} of {len(values)} resamples placed no slope" if failed else ""
    return FamilySlope(definition.name, resampler.name, fit, not_placed, failed, reason)
