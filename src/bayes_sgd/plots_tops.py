"""Final test accuracy against a swept quantity (B, or the temperature T) as small multiples: one
panel per curve, its y-axis zoomed on the curve's top so that the differences between its best
points can be read, and under it a strip for the points below that range (failed, diverged or
merely worse runs), so that no point is hidden and none stretches the axis. Results in, axes out."""
from __future__ import annotations

import textwrap
from dataclasses import dataclass

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.ticker import MaxNLocator

from .analysis.intervals import t_interval
from .analysis.records import Optimum

FLOOR = 0.001  # accuracy: the narrowest top a panel zooms to (0.1 percentage point: a few test images)
TOP, BELOW = "top", "below"  # Axes.get_label() of a curve's panel and of its strip: 'top: N = 1000'
STRIP_COLOR = "#f0f0f0"  # the strip's background, so that it does not read as the panel's continuation
ROW_HEIGHT = 2.5  # inches: one row of panels with their strips, titles and tick labels
TITLE = 38  # characters per line of a panel's title: as wide as a panel of two side by side


@dataclass(frozen=True)
class Curve:
    """One curve: its name ('N = 1000'), its runs (one row per seed and point, with the swept
    column, 'status' and 'test_accuracy' in [0, 1]), its colour, its fitted optimum along the swept
    quantity as (best, low, high) with its 95% interval (None where none was fitted) and a note
    on it for the panel's title."""

    name: str
    runs: pd.DataFrame
    color: object
    optimum: tuple[float, float, float] | None = None
    note: str = ""


def means_over_seeds(runs: pd.DataFrame, x: str) -> pd.DataFrame:
    """Per value of x: the mean final test accuracy over seeds (nan where no run has a finite one),
    its 95% Student's t interval, the runs that failed or diverged, and what they did ('failed',
    'diverged' or both, '' where every run is ok)."""
    rows = []
    for value, part in runs.groupby(x):
        accuracy = part["test_accuracy"].to_numpy(dtype=float)
        accuracy = accuracy[np.isfinite(accuracy)]
        low, high = t_interval(accuracy) if len(accuracy) else (np.nan, np.nan)
        bad = part["status"][part["status"] != "ok"]
        rows.append({x: float(value), "mean": float(accuracy.mean()) if len(accuracy) else np.nan, "low": low,
                     "high": high, "runs": len(part), "not_ok": len(bad), "status": "/".join(sorted(set(bad)))})
    return pd.DataFrame(rows, columns=[x, "mean", "low", "high", "runs", "not_ok", "status"])


def top_limits(means, floor: float = FLOOR) -> tuple[float, float]:
    """y-limits around a curve's top: with d = max(best − third best mean, floor), from
    third − 2d to best + d, cut to [0, 1], so that the spread of the three best means takes at
    least a quarter of the height (a fifth while it is above 3/4 of the floor). (0, 1) where no
    mean is finite."""
    means = np.asarray(means, dtype=float)
    top = np.sort(means[np.isfinite(means)])[::-1][:3]
    if not len(top):
        return 0.0, 1.0
    d = max(top[0] - top[-1], floor)
    return max(float(top[-1] - 2 * d), 0.0), min(float(top[0] + d), 1.0)  # cut at 0 and 1: only taller tops


def draw_tops(where, curves: list[Curve], x: str, x_label: str, columns: int = 2, floor: float = FLOOR) -> list:
    """In a figure or subfigure `where` (constrained layout), per curve a panel zoomed on its top
    (mean over seeds with its 95% t interval; the fitted optimum as a dashed line in a band of its
    interval) and under it a strip with the points below the panel: a marker at their x (hollow
    where a run failed or diverged) labelled with their mean, or with what their runs did where
    none finished ok. All share the log x axis. Returns the (panel, strip) pairs in `curves`' order."""
    rows = -(-len(curves) // columns)
    grid = where.add_gridspec(rows, columns)
    every = np.concatenate([c.runs[x].to_numpy(dtype=float) for c in curves])
    limits = (every.min() / 1.6, every.max() * 1.6)
    pairs, first = [], None
    for i, curve in enumerate(curves):
        cell = grid[i // columns, i % columns].subgridspec(2, 1, height_ratios=[1, 0.42])
        ax = where.add_subplot(cell[0], sharex=first, label=f"{TOP}: {curve.name}")
        strip = where.add_subplot(cell[1], sharex=ax, label=f"{BELOW}: {curve.name}")
        first = first or ax
        means = means_over_seeds(curve.runs, x)
        low, high = top_limits(means["mean"], floor)
        shown = means[np.isfinite(means["mean"])]
        ax.errorbar(shown[x], shown["mean"], yerr=[shown["mean"] - shown["low"], shown["high"] - shown["mean"]],
                    fmt="o-", color=curve.color, capsize=3, ms=5)  # lines leaving the panel are clipped at its edge
        if curve.optimum is not None:
            best, best_low, best_high = curve.optimum
            if np.isfinite([best_low, best_high]).all():
                ax.axvspan(best_low, best_high, color=curve.color, alpha=0.12, lw=0)
            ax.axvline(best, color=curve.color, ls="--", lw=1.2)
        ax.set(xscale="log", xlim=limits, ylim=(low, high))
        ax.yaxis.set_major_locator(MaxNLocator(4))
        ax.tick_params(labelbottom=False)
        ax.set_title("\n".join(textwrap.wrap(curve.name, TITLE) + textwrap.wrap(curve.note, TITLE)), fontsize="small")
        _strip(strip, means, x, low, curve.color, limits)
        strip.set_xlabel(f"{x_label} (log scale)" if i >= len(curves) - columns else "", fontsize="small")
        pairs.append((ax, strip))
    where.supylabel("final test accuracy", fontsize="medium")
    return pairs


def _strip(ax, means: pd.DataFrame, x: str, low: float, color, limits: tuple[float, float]) -> None:
    """The points of one curve below its panel's range, and those with a run that failed or diverged
    (hollow), labelled with their mean, or with what their runs did where none finished ok; a
    label closer than a fifth of the axis to the one before it goes on a second row."""
    below = means[~(means["mean"] >= low) | (means["not_ok"] > 0)]
    width, last, row = np.log(limits[1] / limits[0]), None, 0
    for _, point in below.iterrows():
        row = 1 - row if last is not None and np.log(point[x] / last) < width / 5 else 0
        last = point[x]
        ax.plot(point[x], 0.82, "o", color=color, mfc="white" if point["not_ok"] else color, ms=6)
        label = point["status"] if point["not_ok"] == point["runs"] else f"{point['mean']:.2f}"
        end = np.log(point[x] / limits[0]) / width  # where on the axis, 0 to 1: labels at its ends lean inwards
        ax.text(point[x], 0.6 - 0.3 * row, label, va="top", ha="left" if end < 0.1 else "right" if end > 0.9 else
                "center", fontsize="small")
    if below.empty:
        ax.text(0.5, 0.5, "every point in the panel above", transform=ax.transAxes, ha="center", va="center",
                fontsize="small", color="grey")
    ax.set_ylim(0, 1)
    ax.set_yticks([])
    ax.set_facecolor(STRIP_COLOR)
    ax.set_ylabel(f"< {low:.3f}", rotation=0, ha="right", va="center", fontsize="small")


def fitted_curve(name: str, runs: pd.DataFrame, color, best: Optimum | None, symbol: str = "B_opt", scale: float = 1.0,
                 fmt: str = ",.0f") -> Curve:
    """A curve with its fitted optimum from analysis.optimum.best_batch_size (divided by `scale`:
    a best ε becomes a best temperature); unmarked where `best` has no fit."""
    if best is None:
        return Curve(name, runs, color)
    best_fit, low, high = (v / scale for v in (best.fit_best, best.fit_low, best.fit_high))
    interval = f" (95% {low:{fmt}} to {high:{fmt}})" if np.isfinite([low, high]).all() else ""  # one seed: none
    return Curve(name, runs, color, (best_fit, low, high), f"{symbol} {best_fit:{fmt}}{interval}")


def tops_figure(width: float, curves: int, above: float = 0.0, below: float = 0.0, columns: int = 2):
    """A figure `width` inches wide (constrained layout) as subfigures stacked top to bottom: one
    `above` inches high (where above > 0), room for the small multiples of `curves` curves, one
    `below` inches high (where below > 0). Returns the figure and its subfigures."""
    heights = [h for h in (above, -(-curves // columns) * ROW_HEIGHT + 0.8, below) if h > 0]
    fig = plt.figure(figsize=(width, sum(heights)), layout="constrained")
    return fig, list(fig.subfigures(len(heights), 1, height_ratios=heights, squeeze=False).ravel())
