"""The update budget tested, not assumed: does a curve's optimum move when its budget doubles?

Under a fixed number of updates U, small batches at large N see few epochs, so a peak of test
accuracy against B can be set by the budget rather than by the noise. Each curve's batch sizes
from its edge to one ladder step above its optimum are trained again with 2U updates. A batch
size is budget-limited when its mean final test accuracy rises with 2U by more than the seeds'
noise (Welch's t, 95%). An optimum counts as evidence of the noise's optimum only if it lies
above the stability edge (failed, diverged, dead units) and is shown to stay when the budget
doubles: claims.budget decides that with the book's verdict rule on the ratio
B_opt(2U)/B_opt(U), whose jackknife values over seeds are formed here (log_ratio).
No torch, no profile: results in, tables out.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .edge import DEAD_LIMIT, edge_of, edge_slope, trainability_edge, trains
from .frames import mean_and_se
from .intervals import half_width
from .optimum import best_batch_size, scaling_slope
from .records import Edge, Optimum, ScalingFits

# What sets a curve's optimum (claims.budget decides it): 'unresolved' where the budget test could not
# tell whether the optimum moved, 'untested' where the budget was not doubled, 'dying units' only
# where the curve was trained again with its units kept alive and its optimum moved down
# (claims.budget.set_by_alive).
MECHANISMS = ("noise", "stability", "dying units", "budget", "unresolved", "untested")
MIN_CURVES = 3  # noise-set optima a slope is fitted on: two points always lie on a line


def stable(runs: pd.DataFrame) -> pd.Series:
    """Per run: it finished ('ok') with at most DEAD_LIMIT of its hidden units dead, whatever it fits."""
    return (runs["status"] == "ok") & (runs["dead_fraction"] <= DEAD_LIMIT)


def stability_edge(frame: pd.DataFrame) -> float:
    """The smallest batch size tried from which every run of every larger one is stable; nan when
    the largest is not. A run below it diverged, failed or lost its units: not a budget effect."""
    table = frame.assign(stable=stable(frame)).pivot_table(index="seed", columns="batch_size", values="stable",
                                                           aggfunc="all")
    return edge_of(table)


def doubled_start(frame: pd.DataFrame, ladder: tuple[int, ...]) -> tuple[int, ...]:
    """The batch sizes of one curve to train again with twice the updates: those tried from the
    largest one below the trainability edge (the first that did not fit its training set, so that
    a budget-limited one is tested) up to one ladder step above the best grid point."""
    tried = sorted(int(b) for b in frame["batch_size"].unique())
    best = int(best_batch_size(frame).grid_best)
    edge = trainability_edge(frame).edge
    below = [b for b in tried if np.isnan(edge) or b < edge]
    low = below[-1] if below else tried[0]
    i = ladder.index(best)
    high = ladder[min(i + 1, len(ladder) - 1)]
    return tuple(b for b in ladder if low <= b <= high)


def budget_test(base: pd.DataFrame, doubled: pd.DataFrame, by: str) -> pd.DataFrame:
    """Per curve (a value of `by`) and batch size trained at both budgets: mean final test accuracy
    at U and 2U, its rise, the 95% half-width of the rise (Welch's t over seeds), whether the batch
    size is budget-limited (rise above that half-width), and the 99% rule at U, kept as a column."""
    at_u, at_2u = (mean_and_se(f, [by, "batch_size"], "test_accuracy") for f in (base, doubled))
    fits = base.assign(fits=trains(base)).groupby([by, "batch_size"])["fits"].all().rename("fits at U (99% rule)")
    both = at_u.merge(at_2u, on=[by, "batch_size"], suffixes=("_u", "_2u")).merge(fits.reset_index(),
                                                                                 on=[by, "batch_size"])
    rise = both["mean_2u"] - both["mean_u"]
    width = [half_width((r.se_u, r.count_u), (r.se_2u, r.count_2u)) for r in both.itertuples()]
    return pd.DataFrame({by: both[by], "batch_size": both["batch_size"].astype(int),
                         "test accuracy at U": both["mean_u"].round(4), "at 2U": both["mean_2u"].round(4),
                         "rise": rise.round(4), "95% half-width": np.round(width, 4),
                         "budget-limited": rise > np.array(width),
                         "fits at U (99% rule)": both["fits at U (99% rule)"]})


def budget_tests(levels: list[pd.DataFrame], by: str) -> pd.DataFrame:
    """budget_test between every two consecutive budgets trained (U and 2U, 2U and 4U, ...), one
    table, the budgets compared in its first column."""
    tables = [budget_test(base, doubled, by).assign(budgets=f"{'U' if i == 0 else f'{2 ** i}U'} → {2 ** (i + 1)}U")
              for i, (base, doubled) in enumerate(zip(levels, levels[1:])) if not doubled.empty]
    table = pd.concat(tables, ignore_index=True)
    return table[["budgets", *[c for c in table.columns if c != "budgets"]]]


def log_ratio(best: Optimum, doubled: Optimum) -> tuple[float, list[float]]:
    """log10 of B_opt(2U)/B_opt(U) and its leave-one-seed-out values, seed by seed (the same seeds
    train both budgets: Optimum.seed_ids); no values where the seeds differ."""
    value = float(np.log10(doubled.fit_best) - np.log10(best.fit_best))
    if best.seed_ids != doubled.seed_ids:
        return value, []
    return value, [b - a for a, b in zip(best.leave_one_out_log10_best, doubled.leave_one_out_log10_best)]


def counted_fits(optima: dict, edges: dict[float, Edge]) -> ScalingFits:
    """The scaling fits of a family judged with the budget test (optima: claims.budget's judgement
    per curve): the optimum's slope over the curves whose optimum is set by the noise only (None
    with fewer than MIN_CURVES), the edge's slope over every curve, and what set each optimum.
    provisional: where that leaves too few, the slope over those and the ones the budget test left
    unresolved."""
    counted = {x: o.best for x, o in optima.items() if o.set_by == "noise"}
    open_ = {x: o.best for x, o in optima.items() if o.set_by in ("noise", "unresolved")}
    provisional = scaling_slope(open_) if len(counted) < MIN_CURVES <= len(open_) else None
    return ScalingFits(len(optima), tuple(x for x in optima if x not in counted),
                       scaling_slope(counted) if len(counted) >= MIN_CURVES else None, edge_slope(edges),
                       tested=True, set_by={x: o.set_by for x, o in optima.items()},
                       judged_at={x: o.budget for x, o in optima.items()},
                       doubled_optimum={x: None if o.doubled_best is None else o.doubled_best.fit_best
                                        for x, o in optima.items()},
                       unresolved=tuple(x for x, o in optima.items() if o.set_by == "unresolved"),
                       provisional=provisional)
