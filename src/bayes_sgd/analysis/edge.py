"""The trainability edge of a curve (the smallest batch size from which every run trains),
whether an optimum is bound to it, and the scaling fits of optimum and edge."""
from __future__ import annotations

import numpy as np
import pandas as pd

from .optimum import best_by_curve, scaling_slope, slope_with_interval
from .records import Edge, Optimum, ScalingFits, Slope

FITS_TRAINING_SET = 0.99  # final training accuracy of a run that fits its training set



DEAD_LIMIT = 0.5  # a run with a larger share of its hidden units dead has collapsed, whatever it fits



def trains(runs: pd.DataFrame) -> pd.Series:
    """Per run: it finished ('ok'), fits its training set within its budget, and its hidden units are alive."""
    return ((runs["status"] == "ok") & (runs["train_accuracy"] >= FITS_TRAINING_SET)
            & (runs["dead_fraction"] <= DEAD_LIMIT))



def edge_of(table: pd.DataFrame) -> float:
    """The smallest B (column) from which every larger B trains on every seed (row); nan when
    the largest B does not."""
    edge = float("nan")
    for b in sorted(table.columns, reverse=True):
        if not table[b].all():
            break
        edge = float(b)
    return edge



def _why_below(failing: pd.DataFrame) -> str:
    """Why runs did not train: instability (failed, diverged or hidden units dead) or too few
    updates (alive and finished, but short of fitting the training set)."""
    if failing.empty:
        return "nothing (the edge is the smallest B tried)"
    unstable = int(((failing["status"] != "ok") | (failing["dead_fraction"] > DEAD_LIMIT)).sum())
    short = len(failing) - unstable
    if short == 0:
        return f"instability ({unstable} runs)"
    if unstable == 0:
        return f"ran out of updates ({short} runs)"
    return f"both: {unstable} runs unstable, {short} ran out of updates"



def trainability_edge(frame: pd.DataFrame) -> Edge:
    """B_edge of one curve: the smallest B from which every run of every larger B trains
    (see trains). Its spread over seeds is the range of each seed's own edge; the record says
    why the runs below it did not train."""
    table = frame.assign(trains=trains(frame)).pivot_table(index="seed", columns="batch_size", values="trains",
                                                           aggfunc="all")
    edge = edge_of(table)
    per_seed = np.array([edge_of(table.loc[[seed]]) for seed in table.index])
    leave_out = np.array([edge_of(table.drop(index=seed)) for seed in table.index])
    below = frame if np.isnan(edge) else frame[frame["batch_size"] < edge]
    spread = not np.isnan(per_seed).any()
    return Edge(edge, float(np.min(per_seed)) if spread else float("nan"),
                float(np.max(per_seed)) if spread else float("nan"), _why_below(below[~trains(below)]),
                tuple(np.log10(leave_out).tolist()))



def edge_bound(best: Optimum, edge: Edge) -> bool:
    """An optimum is edge-bound when no batch size that trains lies below its best grid point:
    the accuracy is highest where training starts to work, and moves with that edge."""
    return bool(np.isnan(edge.edge) or best.grid_best <= edge.edge)



def edge_slope(edges: dict[float, Edge]) -> Slope | None:
    """Log-log slope of B_edge on the varied quantity (jackknife over seeds), or None when a
    curve has no edge (its largest B does not train)."""
    xs = sorted(edges)
    if any(np.isnan(edges[x].edge) or np.isnan(edges[x].leave_one_out_log10_edge).any() for x in xs):
        return None
    return slope_with_interval(xs, [np.log10(edges[x].edge) for x in xs],
                                np.array([edges[x].leave_one_out_log10_edge for x in xs]))



def scaling_fits(best: dict[float, Optimum], edges: dict[float, Edge]) -> ScalingFits:
    """The scaling of the optimum, fitted only on the curves whose optimum lies above their
    edge (None with fewer than two), and the scaling of the edge, fitted on every curve."""
    above = {x: b for x, b in best.items() if not edge_bound(b, edges[x])}
    return ScalingFits(len(best), tuple(float(x) for x in best if x not in above),
                       scaling_slope(above) if len(above) >= 2 else None, edge_slope(edges))



def edges_by_curve(runs: pd.DataFrame, by: str) -> dict[float, Edge]:
    """trainability_edge for every value of the column `by` (one curve each)."""
    return {float(v): trainability_edge(part) for v, part in runs.groupby(by)}



def scaling_summary(runs: pd.DataFrame, x_column: str) -> tuple[dict[float, Optimum], dict[float, Edge], ScalingFits]:
    """For a family of curves of Figure 5, 6 or 7, keyed by x_column (the quantity it varies): each
    curve's optimum and trainability edge, and the scaling fits of both (scaling_fits)."""
    best, edges = best_by_curve(runs, x_column), edges_by_curve(runs, x_column)
    return best, edges, scaling_fits(best, edges)



def edge_table(best: dict[float, Optimum], edges: dict[float, Edge], name: str) -> pd.DataFrame:
    """Per curve (a value of `name`): B_edge with its spread over seeds and why the runs below
    it did not train, beside B_opt with its interval, and whether the optimum is edge-bound."""
    def span(low, high) -> str:
        return "—" if np.isnan(low) else f"{low:g} to {high:g}"

    rows = [{name: x, "B_edge": "none trains" if np.isnan(e.edge) else f"{e.edge:g}",
             "B_edge per seed": span(e.edge_low, e.edge_high), "below the edge": e.below_edge,
             "B_opt (fit)": round(best[x].fit_best, 1),
             "B_opt 95% interval": f"{best[x].fit_low:.0f} to {best[x].fit_high:.0f}",
             "best B (grid)": best[x].grid_best,
             "edge-bound": "yes" if edge_bound(best[x], e) else "no"} for x, e in edges.items()]
    return pd.DataFrame(rows)
