"""The optimum against its edge: can a curve's best batch size be told from the smallest batch
size that trains? Per curve, the state of the runs at the optimum and one tried batch size below
it, the tried steps between optimum and each edge, and the effect at stake (test accuracy at the
optimum minus that at the edge and at the largest batch size, Welch's 95% interval); per family,
the slope of log(B_opt/B_edge) on the varied quantity. No torch, no profile."""
from __future__ import annotations

import numpy as np
import pandas as pd

from .budget import MIN_CURVES
from .frames import mean_and_se
from .intervals import half_width
from .optimum import slope_with_interval
from .records import Edge, Optimum, Slope

MIN_STEPS = 2  # an optimum this many tried batch sizes above its trainability edge has trained, worse runs below it


def _steps(tried: list[float], best: float, edge: float) -> float:
    """Tried batch sizes from the edge up to the optimum (0: the optimum is the edge); nan without an edge."""
    if np.isnan(edge) or edge not in tried:
        return float("nan")
    return float(tried.index(best) - tried.index(edge))


def _difference(table: pd.DataFrame, a: float, b: float) -> dict:
    """Mean test accuracy at a minus at b with Welch's 95% half-width."""
    x, y = table.loc[a], table.loc[b]
    return {"difference": float(x["mean"] - y["mean"]),
            "half_width": half_width((x["se"], x["count"]), (y["se"], y["count"])), "at": float(b)}


def curve_separation(frame: pd.DataFrame, best: Optimum, edge: Edge, stable_edge: float) -> dict:
    """One curve: dead-unit fraction and training accuracy at its best grid point and one tried
    batch size below it, tried steps to the stability and trainability edges, and the effect size
    (best minus trainability edge, best minus largest B)."""
    state = frame.groupby("batch_size")[["dead_fraction", "train_accuracy"]].mean()
    tried = [float(b) for b in state.index]
    top = float(best.grid_best)
    below = max((b for b in tried if b < top), default=float("nan"))
    table = mean_and_se(frame, ["batch_size"], "test_accuracy").set_index("batch_size")
    table.index = table.index.astype(float)
    b_edge = edge.edge
    return {"optimum": top, "below": below,
            "dead at optimum": float(state.loc[top, "dead_fraction"]),
            "train accuracy at optimum": float(state.loc[top, "train_accuracy"]),
            "dead below": float("nan") if np.isnan(below) else float(state.loc[below, "dead_fraction"]),
            "train accuracy below": float("nan") if np.isnan(below) else float(state.loc[below, "train_accuracy"]),
            "steps above stability edge": _steps(tried, top, stable_edge),
            "steps above trainability edge": _steps(tried, top, b_edge),
            "over the edge": None if np.isnan(b_edge) else _difference(table, top, b_edge),
            "over the largest": _difference(table, top, max(tried))}


def read_on(counted: list[float], above: list[float]) -> list[float]:
    """The curves a family's slope of log(B_opt/B_edge) is read on: those whose optimum counts where
    there are at least MIN_CURVES of them (two points always lie on a line), else every curve above
    the stability edge."""
    return counted if len(counted) >= MIN_CURVES else above


def ratio_slope(bests: dict[float, Optimum], edges: dict[float, Edge]) -> Slope | None:
    """Slope of log10(B_opt/B_edge) on log10 x over the curves given (jackknife over seeds, as the
    optimum's slope); None with fewer than two curves with an edge. 0: the optimum moves with its edge."""
    xs = sorted(x for x in bests if not np.isnan(edges[x].edge)
                and not np.isnan(edges[x].leave_one_out_log10_edge).any())
    if len(xs) < 2:
        return None
    values = [np.log10(bests[x].fit_best) - np.log10(edges[x].edge) for x in xs]
    leave_out = np.array([np.subtract(bests[x].leave_one_out_log10_best, edges[x].leave_one_out_log10_edge)
                          for x in xs])
    return slope_with_interval(xs, values, leave_out)


def told_apart(curves: dict[float, dict], slope: Slope | None) -> tuple[bool, str]:
    """Whether a family's optima can be told from its trainability edge, and why: every curve's
    optimum at least MIN_STEPS tried batch sizes above its edge (runs between them train, and do
    worse), or the 95% interval of ratio_slope excluding 0 (optimum and edge scale differently)."""
    steps = [c["steps above trainability edge"] for c in curves.values()]
    if curves and all(s >= MIN_STEPS for s in steps):
        return True, f"every optimum lies at least {MIN_STEPS} tried batch sizes above its trainability edge"
    if slope is not None and (slope.slope_low > 0 or slope.slope_high < 0):
        return True, (f"log(B_opt/B_edge) changes with the varied quantity (slope {slope.slope:.2f}, "
                      f"95% [{slope.slope_low:.2f}, {slope.slope_high:.2f}])")
    close = sum(not s >= MIN_STEPS for s in steps)
    why = f"{close} of {len(steps)} optima lie within {MIN_STEPS - 1} tried batch size of the edge"
    if slope is not None:
        why += (f", and log(B_opt/B_edge) does not change measurably (slope {slope.slope:.2f}, "
                f"95% [{slope.slope_low:.2f}, {slope.slope_high:.2f}])")
    return False, why


def separation_table(curves: dict[float, dict], name: str) -> pd.DataFrame:
    """Per curve: the optimum and one batch size below it (dead units, training accuracy), the steps
    to each edge, and the effect at stake with its 95% interval."""
    def effect(d: dict | None) -> str:
        return "no edge" if d is None else f"{d['difference']:+.4f} ± {d['half_width']:.4f} (B = {d['at']:g})"

    def share(v: float) -> str:
        return "—" if np.isnan(v) else f"{v:.0%}"

    rows = [{name: x, "best B (grid)": f"{c['optimum']:g}", "dead units there": share(c["dead at optimum"]),
             "train accuracy there": round(c["train accuracy at optimum"], 4),
             "one step below": "none" if np.isnan(c["below"]) else f"{c['below']:g}",
             "dead units below": share(c["dead below"]),
             "train accuracy below": "—" if np.isnan(c["train accuracy below"]) else round(c["train accuracy below"], 4),
             "steps above the stability edge": c["steps above stability edge"],
             "steps above the trainability edge": c["steps above trainability edge"],
             "accuracy over the edge's": effect(c["over the edge"]),
             "accuracy over the largest B's": effect(c["over the largest"])} for x, c in curves.items()]
    return pd.DataFrame(rows)
