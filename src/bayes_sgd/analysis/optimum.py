"""The best batch size of a curve, two ways (the paper's grid point; a quadratic's vertex in
log B with a jackknife interval over seeds), and the log-log slope of optima on a quantity."""
from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd

from .definitions import Vertex
from .intervals import jackknife_interval
from .records import Optimum, Slope


def _log10_optimum(log_b: np.ndarray, values: np.ndarray) -> float:
    """log10 of the fitted optimum of the mean over seeds (rows) of accuracy per batch size (columns)."""
    return Vertex().log10_optimum(log_b, np.nanmean(values, axis=0))



def best_batch_size(frame: pd.DataFrame, column: str = "batch_size") -> Optimum:
    """The batch size (or, with column='lr', the learning rate) of highest mean test accuracy,
    two ways, for the runs of one setting.

    grid: the paper's best grid point, its error bar reaching to the neighbouring points.
    fit: the vertex of a quadratic in log B through the peak and its neighbours, with a 95%
    interval over seeds (jackknife, Student's t; see jackknife_interval).
    """
    table = frame.pivot_table(index="seed", columns=column, values="test_accuracy")
    sizes = np.array(table.columns, dtype=float)
    log_b = np.log10(sizes)
    values = table.to_numpy()
    mean = np.nanmean(values, axis=0)
    i = int(np.argmax(mean))
    fitted = _log10_optimum(log_b, values)
    leave_out = np.array([_log10_optimum(log_b, np.delete(values, k, axis=0)) for k in range(len(values))])
    interval = jackknife_interval(fitted, leave_out)
    return Optimum(grid_best=float(sizes[i]), grid_low=float(sizes[max(i - 1, 0)]),
                   grid_high=float(sizes[min(i + 1, len(sizes) - 1)]), grid_interior=bool(0 < i < len(sizes) - 1),
                   fit_best=float(10 ** fitted), fit_low=float(10 ** interval["low"]),
                   fit_high=float(10 ** interval["high"]), best_mean_accuracy=float(mean[i]),
                   seed_ids=tuple(int(s) for s in table.index), leave_one_out_log10_best=tuple(leave_out.tolist()))



def slope_with_interval(xs: list[float], log10_values: list[float], leave_one_out: np.ndarray) -> Slope:
    """Least-squares slope of log10 values on log10 xs, with its 95% jackknife interval over
    seeds: leave_one_out[i, k] is curve i's log10 value without seed k (Student's t)."""
    log_x = np.log10(np.array(xs, dtype=float))

    def slope(ys) -> float:  # rounded so that a flat line reads 0, not 1e-16
        return round(float(np.polyfit(log_x, ys, 1)[0]), 12)

    estimate = slope(log10_values)
    interval = jackknife_interval(estimate, [slope(leave_one_out[:, k]) for k in range(leave_one_out.shape[1])])
    return Slope(estimate, interval["se"], interval["low"], interval["high"], leave_one_out.shape[1],
                 interval["replication_low"], interval["replication_high"], curves=tuple(float(x) for x in xs))



def scaling_slope(bests: dict[float, Optimum]) -> Slope:
    """Log-log slope of the best batch size on a quantity x (e.g. ε, N or 1/(1-m)).

    bests: best_batch_size(...) per value of x, all over the same seeds. The slope is a
    least-squares line through log10 of the fitted optima; its 95% interval is a jackknife
    over seeds (leaving one seed out of every curve at once), with Student's t. The grid
    slope uses the best grid points.
    """
    xs = sorted(bests)
    ordered = [bests[x] for x in xs]
    fit = slope_with_interval(xs, [np.log10(b.fit_best) for b in ordered],
                               np.array([b.leave_one_out_log10_best for b in ordered]))
    grid_slope = float(np.polyfit(np.log10(xs), [np.log10(b.grid_best) for b in ordered], 1)[0])
    return replace(fit, grid_slope=grid_slope,
                   grid_end_curves=tuple(float(x) for x, b in zip(xs, ordered) if not b.grid_interior))



def best_by_curve(runs: pd.DataFrame, by: str) -> dict[float, Optimum]:
    """best_batch_size for every value of the column `by` (one curve each)."""
    return {float(v): best_batch_size(part) for v, part in runs.groupby(by)}



def best_table(best: dict[float, Optimum], name: str = "ε") -> pd.DataFrame:
    """The best batch size per curve (a value of `name`) as a small table for the page."""
    rows = [{name: value, "best B (grid)": b.grid_best, "grid error bar": f"{b.grid_low:g} to {b.grid_high:g}",
             "best B (fit)": round(b.fit_best, 1), "95% interval (seeds)": f"{b.fit_low:.0f} to {b.fit_high:.0f}",
             "mean test accuracy there": round(b.best_mean_accuracy, 4)} for value, b in best.items()]
    return pd.DataFrame(rows)
