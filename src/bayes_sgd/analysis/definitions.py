"""What "the optimum of a curve" means, as an argument (../shared/paper/PAPER.md, section 8).

A curve is the final test accuracy of one setting over its seeds (rows) and batch sizes
(columns). A per-curve definition places one optimum on the mean curve, in log10 B; a family
definition (the collapse) reads the exponent of the whole family at once. Each says what it
estimates and why, and a definition that cannot place an optimum on a curve returns nan with the
reason (`why_not`), never another definition's answer. No torch, no profile.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class Curve:
    """One curve: log10 of its batch sizes (k,), its accuracies in [0, 1] (seeds × k, nan where a
    run is missing) and the seed id of each row."""

    log_b: np.ndarray
    values: np.ndarray
    seeds: tuple[int, ...]

    def mean(self, rows: np.ndarray | None = None) -> np.ndarray:
        """The mean accuracy per batch size over all seeds, or over the rows given (repeats allowed)."""
        values = self.values if rows is None else self.values[rows]
        return np.nanmean(values, axis=0)


def curve_of(frame: pd.DataFrame, column: str = "batch_size") -> Curve:
    """The Curve of one setting's runs (a runs_frame part), along `column` (or 'lr' for Figure 5's ε)."""
    table = frame.pivot_table(index="seed", columns=column, values="test_accuracy")
    return Curve(np.log10(np.array(table.columns, dtype=float)), table.to_numpy(dtype=float),
                 tuple(int(s) for s in table.index))


class Placed:
    """A definition that places an optimum or says why not: _place returns (log10 B or nan, reason)."""

    def log10_optimum(self, log_b: np.ndarray, mean: np.ndarray) -> float:
        return self._place(log_b, mean)[0]

    def why_not(self, log_b: np.ndarray, mean: np.ndarray) -> str:
        return self._place(log_b, mean)[1]


@dataclass(frozen=True)
class GridBest:
    """The best batch size tried: the paper's definition. Always placed, but only on the ladder,
    so it moves in ladder steps and a best point at a ladder's end is only a bound."""

    name: str = "grid best"
    reason: str = "the paper's own definition: the best batch size observed on its grid"
    family: bool = False

    def log10_optimum(self, log_b: np.ndarray, mean: np.ndarray) -> float:
        return float(log_b[int(np.nanargmax(mean))])

    def why_not(self, log_b: np.ndarray, mean: np.ndarray) -> str:
        return ""


@dataclass(frozen=True)
class Vertex:
    """The vertex of a quadratic in log B through the best point and its two neighbours, clipped to
    them (the best point itself at a ladder's end or where the three points do not curve down)."""

    name: str = "vertex"
    reason: str = "the book's first definition: a local fit that moves smoothly between ladder points"
    family: bool = False

    def log10_optimum(self, log_b: np.ndarray, mean: np.ndarray) -> float:
        i = int(np.nanargmax(mean))
        lo, hi = max(i - 1, 0), min(i + 2, len(log_b))
        if hi - lo < 3:
            return float(log_b[i])
        a, b, _ = np.polyfit(log_b[lo:hi], mean[lo:hi], 2)
        if a >= 0:
            return float(log_b[i])
        return float(np.clip(-b / (2 * a), log_b[lo], log_b[hi - 1]))

    def why_not(self, log_b: np.ndarray, mean: np.ndarray) -> str:
        return ""


@dataclass(frozen=True)
class TopQuadratic(Placed):
    """The vertex of a quadratic in log B over every point within `within` of the top: the whole
    top, not three points. Not placed with fewer than three such points, where they do not curve
    down, or where the vertex falls outside them (an extrapolation, not an optimum)."""

    within: float = 0.01
    name: str = "top quadratic"
    reason: str = "a fit over the whole top, so that a flat top is read as a whole"
    family: bool = False

    def _place(self, log_b: np.ndarray, mean: np.ndarray) -> tuple[float, str]:
        near = mean >= np.nanmax(mean) - self.within
        if near.sum() < 3:
            return float("nan"), f"fewer than 3 points within {self.within:g} of the top"
        a, b, _ = np.polyfit(log_b[near], mean[near], 2)
        if a >= 0:
            return float("nan"), f"the points within {self.within:g} of the top do not curve down"
        vertex = -b / (2 * a)
        if not log_b[near].min() <= vertex <= log_b[near].max():
            return float("nan"), "the vertex lies outside the points that define it"
        return float(vertex), ""



@dataclass(frozen=True)
class SmoothedArgmax:
    """The argmax of the whole curve smoothed in log B (a Gaussian kernel of `bandwidth` decades
    over every point): uses every point, not the top three. Not placed where the smoothed curve
    peaks at an end of the ladder (a bound, not an optimum)."""

    bandwidth: float = 0.15
    name: str = "smoothed argmax"
    reason: str = "a whole-curve definition: every point weighs in, the noise of single points averaged"
    family: bool = False

    def _peak(self, log_b: np.ndarray, mean: np.ndarray) -> tuple[float, bool]:
        ok = np.isfinite(mean)
        grid = np.linspace(log_b[ok].min(), log_b[ok].max(), 201)
        weights = np.exp(-0.5 * ((grid[:, None] - log_b[ok][None, :]) / self.bandwidth) ** 2)
        smooth = weights @ mean[ok] / weights.sum(axis=1)
        i = int(np.argmax(smooth))
        return float(grid[i]), 0 < i < len(grid) - 1

    def log10_optimum(self, log_b: np.ndarray, mean: np.ndarray) -> float:
        peak, interior = self._peak(log_b, mean)
        return peak if interior else float("nan")

    def why_not(self, log_b: np.ndarray, mean: np.ndarray) -> str:
        return "" if self._peak(log_b, mean)[1] else "the smoothed curve peaks at an end of the ladder (a bound)"


@dataclass(frozen=True)
class Knee(Placed):
    """The knee of the cliff: the smallest B (linear in log B between tried points) at which the
    curve comes within `within` of its top. The cliff is where accuracy changes fastest, so it is
    placed most precisely; not placed where the smallest B tried is already that close (the cliff
    was not sampled)."""

    within: float = 0.01
    name: str = "knee 0.01"
    reason: str = "the cliff carries the most information, and no ladder choice on the flat top moves it"
    family: bool = False

    def _place(self, log_b: np.ndarray, mean: np.ndarray) -> tuple[float, str]:
        level = np.nanmax(mean) - self.within
        above = np.flatnonzero(mean >= level)
        first = int(above[0])
        if first == 0:
            return float("nan"), f"the smallest batch size tried is already within {self.within:g} of the top"
        x0, x1, y0, y1 = log_b[first - 1], log_b[first], mean[first - 1], mean[first]
        return float(x0 + (level - y0) * (x1 - x0) / (y1 - y0)), ""



@dataclass(frozen=True)
class CollapseShift:
    """The family's collapse exponent: the α for which the curves, drawn against log B − α·log x,
    superimpose best (the paper's theory: accuracy depends on B only through the noise scale).
    Measured on every pair of curves where they overlap, on each curve's points within `window` of
    its top (below that, runs diverge or lose their units: a stability effect, not the noise scale's);
    levels='top' subtracts each curve's top first, for a family whose tops differ (N). Not placed
    where the best α is at an end of the searched range or the curves never overlap."""

    levels: str = "none"
    window: float = 0.1
    alphas: tuple[float, float, float] = (-1.0, 3.0, 0.01)  # searched range and step
    name: str = "collapse"
    reason: str = ("the paper's own variable: every point of every curve, the cliff most, "
                   "with no ladder choice on the flat tops")
    family: bool = True

    def exponent(self, log_x: np.ndarray, means: list[np.ndarray], log_bs: list[np.ndarray]) -> float:
        """α that superimposes the curves (log_x: (k,); means and log_bs: one array per curve), nan if none."""
        alphas = np.arange(self.alphas[0], self.alphas[1] + self.alphas[2] / 2, self.alphas[2])
        kept = []
        for m, lb in zip(means, log_bs):
            ok = np.isfinite(m) & (m >= np.nanmax(m) - self.window)
            kept.append((lb[ok], m[ok] - (np.nanmax(m) if self.levels == "top" else 0.0)))
        squares, counts = np.zeros(len(alphas)), np.zeros(len(alphas))
        for i, (lb_i, y_i) in enumerate(kept):
            for j, (lb_j, y_j) in enumerate(kept):
                if i == j or len(lb_j) < 2:
                    continue
                # curve i's points, in curve j's own log B once both are shifted by α·log x
                where = lb_i[None, :] - alphas[:, None] * (log_x[i] - log_x[j])
                inside = (where >= lb_j[0]) & (where <= lb_j[-1])
                other = np.interp(where, lb_j, y_j)
                squares += (((y_i[None, :] - other) ** 2) * inside).sum(axis=1)
                counts += inside.sum(axis=1)
        enough = counts >= len(kept)
        if not enough.any():
            return float("nan")
        score = np.where(enough, squares / np.maximum(counts, 1), np.inf)
        best = int(np.argmin(score))
        if best in (0, len(alphas) - 1) or not enough[best - 1] or not enough[best + 1]:
            return float("nan")
        a, b, _ = np.polyfit(alphas[best - 1:best + 2], score[best - 1:best + 2], 2)
        step = self.alphas[2]
        vertex = -b / (2 * a) if a > 0 else alphas[best]
        return float(np.clip(vertex, alphas[best] - step, alphas[best] + step))


DEFINITIONS = {d.name: d for d in (GridBest(), Vertex(), TopQuadratic(), SmoothedArgmax(), Knee(),
                                   Knee(within=0.005, name="knee 0.005"), CollapseShift())}


def definition(name: str, **options):
    """The definition of that name (DEFINITIONS), with options (e.g. levels='top' for the collapse);
    an unknown name stops here, naming the allowed ones."""
    if name not in DEFINITIONS:
        raise ValueError(f"definition={name!r} is not known; allowed: {', '.join(DEFINITIONS)}")
    return replace(DEFINITIONS[name], **options) if options else DEFINITIONS[name]
