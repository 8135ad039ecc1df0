"""The gradient noise scale beside the optimum batch size (the mechanism chapter, after
McCandlish et al. 2018): which run of each scaling curve to measure B_simple on, its value
along training, and the log-log slope of B_opt on B_simple across the curves. No torch."""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..runs import RunConfig
from .frames import runs_frame
from .optimum import best_batch_size, slope_with_interval
from .records import Optimum, Slope

FROM_FRACTION = 0.1  # B_simple of a run: the geometric mean over its records from this share of its updates on


def runs_to_measure(results: list[dict], by: str) -> dict[float, RunConfig]:
    """Per curve (a value of the runs_frame column `by`): the run at its best grid batch size with
    the smallest seed, again with B_simple recorded (RunConfig.measure_noise; it trains the same)."""
    frame = runs_frame(results).assign(index=range(len(results)))
    out = {}
    for x, part in frame.groupby(by):
        best = best_batch_size(part).grid_best
        row = part[part["batch_size"] == best].sort_values("seed").iloc[0]
        out[float(x)] = RunConfig(**{**results[int(row["index"])]["config"], "measure_noise": True})
    return out


def noise_scale_of(result: dict, from_fraction: float = FROM_FRACTION) -> float:
    """B_simple of a measured run: the geometric mean of its recorded values from `from_fraction`
    of its updates to the end (early values, at the random initial weights, say little)."""
    curves = result["curves"]
    steps, values = np.array(curves["step"]), np.array(curves["noise_scale"], dtype=float)
    kept = values[(steps >= from_fraction * steps[-1]) & np.isfinite(values) & (values > 0)]
    return float(np.exp(np.log(kept).mean())) if len(kept) else float("nan")


def noise_scale_slope(points: dict[str, tuple[float, Optimum]]) -> Slope | None:
    """Log-log slope of the fitted optimum B_opt on B_simple across curves, with a jackknife
    interval over seeds (B_simple, measured on one seed, held fixed); None with fewer than 3."""
    kept = {k: (x, best) for k, (x, best) in points.items() if np.isfinite(x) and x > 0}
    if len(kept) < 3:
        return None
    xs = [x for x, _ in kept.values()]
    return slope_with_interval(xs, [np.log10(b.fit_best) for _, b in kept.values()],
                               np.array([b.leave_one_out_log10_best for _, b in kept.values()]))


def noise_scale_table(points: dict[str, tuple[float, Optimum]], set_by: dict[str, str]) -> pd.DataFrame:
    """Per curve: B_simple at its optimum, the fitted optimum with its interval, their ratio, and
    what set the optimum."""
    rows = [{"curve": k, "B_simple": round(x, 1), "B_opt (95% interval)":
             f"{b.fit_best:.0f} ({b.fit_low:.0f} to {b.fit_high:.0f})",
             "B_opt / B_simple": round(b.fit_best / x, 3) if x > 0 else float("nan"),
             "optimum set by": set_by.get(k, "—")} for k, (x, b) in points.items()]
    return pd.DataFrame(rows)
