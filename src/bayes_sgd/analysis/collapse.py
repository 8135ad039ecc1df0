"""The collapse (Figure X): how much of the final test accuracy a variable such as the noise
scale g leaves unexplained, over the runs of Figures 4-7."""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..runs import RunConfig
from .frames import distinct_results, runs_frame


def collapse_score(runs: pd.DataFrame, x: str, bins_per_decade: int = 2) -> float:
    """Share of the variance of final test accuracy left within bins of log10 x
    (1 - the correlation ratio): 0 when x alone fixes the accuracy, 1 when it tells nothing.
    Bins are 1/bins_per_decade of a decade wide, centred on the ladder 1, 3, 10, 30, ...
    Only runs with g > 0 count, whatever x: full-batch runs have no noise scale to plot."""
    frame = runs[runs["noise_scale"] > 0]
    bins = np.round(np.log10(frame[x].to_numpy()) * bins_per_decade)
    y = frame["test_accuracy"].to_numpy()
    total = float(((y - y.mean()) ** 2).sum())
    within = float(sum(((y[bins == k] - y[bins == k].mean()) ** 2).sum() for k in np.unique(bins)))
    return within / total if total > 0 else 0.0



def collapse_gain(runs: pd.DataFrame) -> tuple[float, list[float]]:
    """How much better g collapses the runs than B (unexplained share against B minus against g),
    and the same with each seed's runs left out in turn (for a jackknife interval over seeds)."""
    def gain(frame: pd.DataFrame) -> float:
        return collapse_score(frame, "batch_size") - collapse_score(frame, "noise_scale")

    return gain(runs), [gain(runs[runs["seed"] != s]) for s in sorted(runs["seed"].unique())]


def collapse_frame(by_figure: dict[str, list[dict]], symbols: dict[str, tuple[str, str]]) -> pd.DataFrame:
    """runs_frame of the collapse's runs (the results of Figures 4-7, by figure, each run once),
    with the first figure each run belongs to and a label of its curve: the quantity its figure
    varies (symbols: figure -> (RunConfig field, symbol); runs shared by figures: 'shared')."""
    members = {f: {RunConfig(**r["config"]) for r in results} for f, results in by_figure.items()}
    results = distinct_results(by_figure)
    runs = runs_frame(results)
    figures, curves = [], []
    for r in results:
        config = RunConfig(**r["config"])
        holders = [f for f, configs in members.items() if config in configs]
        figures.append(f"Fig. {holders[0][3:]}")
        field, symbol = symbols[holders[0]]
        curves.append("shared by Figs. " + ", ".join(h[3:] for h in holders) if len(holders) > 1
                      else f"Fig. {holders[0][3:]}: {symbol} = {r['config'][field]:g}")
    return runs.assign(figure=figures, curve=curves)



def at_common_sde_time(runs: pd.DataFrame) -> pd.DataFrame:
    """The runs trained for the most common SDE time (the one Figures 5-7 share)."""
    t = runs["sde_time"].round(6)
    return runs[t == t.mode()[0]]



def collapse_table(runs: pd.DataFrame, common: pd.DataFrame) -> pd.DataFrame:
    """The collapse measure against B, against g, and against ε/(B(1-m)) (g without N: the size
    of one step's noise), for all runs and for those at the common SDE time."""
    rows = []
    for name, part in (("every run", runs), ("runs at the common SDE time", common)):
        rows.append({"runs": name, "count (g > 0)": int((part["noise_scale"] > 0).sum()),
                     "unexplained share against B": round(collapse_score(part, "batch_size"), 3),
                     "unexplained share against g": round(collapse_score(part, "noise_scale"), 3),
                     "unexplained share against ε/(B(1 − m))": round(collapse_score(part, "step_noise"), 3)})
    return pd.DataFrame(rows)
