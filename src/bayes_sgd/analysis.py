"""From training results to tables: runs, curves, means over seeds, the best batch size."""
from __future__ import annotations

import numpy as np
import pandas as pd

from .scaling import FIGURES, sde_time
from .runs import RunConfig


def runs_frame(results: list[dict]) -> pd.DataFrame:
    """One row per run: its configuration, status and final metrics."""
    rows = []
    for r in results:
        c = r["config"]
        config = RunConfig(**c)
        rows.append({
            "data_source": c["data_source"], "lr": c["lr"], "batch_size": c["batch_size"], "momentum": c["momentum"],
            "n_train": c["n_train"], "weight_decay": c["weight_decay"], "steps": c["steps"], "seed": c["seed"],
            "status": r["status"],
            "test_accuracy": r["final_test_accuracy"], "train_accuracy": r["final_train_accuracy"],
            "test_loss": r["final_test_loss"], "dead_fraction": r["final_dead_fraction"],
            "noise_scale": config.noise_scale(),
            "momentum_factor": 1 / (1 - c["momentum"]),
            "step_noise": c["lr"] / (c["batch_size"] * (1 - c["momentum"])),
            "sde_time": sde_time(c["lr"], c["steps"], c["n_train"], c["momentum"]),
        })
    return pd.DataFrame(rows)


def curves_frame(results: list[dict]) -> pd.DataFrame:
    """Long form of the recorded curves: one row per run and recorded step."""
    frames = []
    for r in results:
        c = r["config"]
        frame = pd.DataFrame(r["curves"])
        for key in ("lr", "batch_size", "momentum", "weight_decay", "seed"):
            frame[key] = c[key]
        frame["status"] = r["status"]
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)


def mean_and_se(frame: pd.DataFrame, by: list[str], value: str) -> pd.DataFrame:
    """Mean, standard error over seeds (0 for one seed) and count of `value` per group."""
    grouped = frame.groupby(by)[value]
    out = grouped.agg(["mean", "count"]).reset_index()
    std = grouped.std(ddof=1).reset_index(drop=True).fillna(0.0)
    out["se"] = std / np.sqrt(out["count"])
    return out


def state_by_batch_size(runs: pd.DataFrame, by: str | list[str] = "lr") -> pd.DataFrame:
    """Per curve (a value of `by`, one column or several) and batch size: mean final test and
    train accuracy, mean fraction of dead hidden units, runs that failed or diverged, and g."""
    return runs.groupby([*([by] if isinstance(by, str) else by), "batch_size"]).agg(
        test_accuracy=("test_accuracy", "mean"), train_accuracy=("train_accuracy", "mean"),
        dead_fraction=("dead_fraction", "mean"), failed=("status", lambda s: int((s != "ok").sum())),
        runs=("status", "size"), noise_scale=("noise_scale", "first"),
    ).round(4)


def _peak_of_quadratic(log_b: np.ndarray, accuracy: np.ndarray, i: int) -> float:
    """log10 B at the vertex of a quadratic through the grid maximum i and its neighbours."""
    lo, hi = max(i - 1, 0), min(i + 2, len(log_b))
    if hi - lo < 3:
        return float(log_b[i])
    a, b, _ = np.polyfit(log_b[lo:hi], accuracy[lo:hi], 2)
    if a >= 0:
        return float(log_b[i])
    return float(np.clip(-b / (2 * a), log_b[lo], log_b[hi - 1]))


def half_width(*groups: tuple[float, int], level: float = 0.95) -> float:
    """Half-width of the `level` interval of a sum or difference of independent means, each
    given as (standard error, number of seeds): Student's t with Welch-Satterthwaite degrees
    of freedom, so that three seeds give an honest interval (wider than 2 SE)."""
    from scipy.stats import t

    variance = sum(se ** 2 for se, _ in groups)
    parts = [se ** 4 / (n - 1) for se, n in groups if n > 1 and se > 0]
    if variance == 0 or not parts:
        return 0.0
    dof = variance ** 2 / sum(parts)
    return float(t.ppf(0.5 + level / 2, dof) * np.sqrt(variance))


def t_interval(values, level: float = 0.95) -> tuple[float, float]:
    """The Student's t interval of the mean of values over seeds (mean ± t·SE, n - 1 degrees of
    freedom), as the tables report it; the figures draw their bands and bars with it too."""
    values = np.asarray(values, dtype=float)
    mean = float(values.mean())
    if len(values) < 2:
        return mean, mean
    width = half_width((float(values.std(ddof=1)) / np.sqrt(len(values)), len(values)), level=level)
    return mean - width, mean + width


def jackknife_interval(estimate: float, leave_one_out: np.ndarray, level: float = 0.95) -> dict:
    """Interval of an estimate over n seeds from its n leave-one-seed-out values: jackknife
    standard error, Student's t with n - 1 degrees of freedom. 'replication' is the interval
    in which the same estimate from n other seeds falls (√2 wider: both estimates vary)."""
    from scipy.stats import t

    values = np.asarray(leave_one_out, dtype=float)
    n = len(values)
    if n < 2:
        return {"se": float("nan"), "low": float("nan"), "high": float("nan"),
                "replication_low": float("nan"), "replication_high": float("nan")}
    se = float(np.sqrt((n - 1) / n * ((values - values.mean()) ** 2).sum()))
    q = float(t.ppf(0.5 + level / 2, n - 1))
    return {"se": se, "low": estimate - q * se, "high": estimate + q * se,
            "replication_low": estimate - q * se * np.sqrt(2), "replication_high": estimate + q * se * np.sqrt(2)}


def _log10_optimum(log_b: np.ndarray, values: np.ndarray) -> float:
    """log10 of the fitted optimum of the mean over seeds (rows) of accuracy per batch size (columns)."""
    mean = np.nanmean(values, axis=0)
    return _peak_of_quadratic(log_b, mean, int(np.argmax(mean)))


def best_batch_size(frame: pd.DataFrame) -> dict:
    """The batch size of highest mean test accuracy, two ways, for the runs of one setting.

    grid: the paper's best grid point, its error bar reaching to the neighbouring points.
    fit: the vertex of a quadratic in log B through the peak and its neighbours, with a 95%
    interval over seeds (jackknife, Student's t; see jackknife_interval).
    """
    table = frame.pivot_table(index="seed", columns="batch_size", values="test_accuracy")
    sizes = np.array(table.columns, dtype=float)
    log_b = np.log10(sizes)
    values = table.to_numpy()
    mean = np.nanmean(values, axis=0)
    i = int(np.argmax(mean))
    fitted = _log10_optimum(log_b, values)
    leave_out = np.array([_log10_optimum(log_b, np.delete(values, k, axis=0)) for k in range(len(values))])
    interval = jackknife_interval(fitted, leave_out)
    return {
        "grid_best": float(sizes[i]),
        "grid_low": float(sizes[max(i - 1, 0)]),
        "grid_high": float(sizes[min(i + 1, len(sizes) - 1)]),
        "grid_interior": 0 < i < len(sizes) - 1,
        "fit_best": float(10 ** fitted),
        "fit_low": float(10 ** interval["low"]),
        "fit_high": float(10 ** interval["high"]),
        "best_mean_accuracy": float(mean[i]),
        "seeds": len(values),
        "leave_one_out_log10_best": leave_out.tolist(),
    }


def _slope_with_interval(xs: list[float], log10_values: list[float], leave_one_out: np.ndarray) -> dict:
    """Least-squares slope of log10 values on log10 xs, with its 95% jackknife interval over
    seeds: leave_one_out[i, k] is curve i's log10 value without seed k (Student's t)."""
    log_x = np.log10(np.array(xs, dtype=float))

    def slope(ys) -> float:  # rounded so that a flat line reads 0, not 1e-16
        return round(float(np.polyfit(log_x, ys, 1)[0]), 12)

    estimate = slope(log10_values)
    interval = jackknife_interval(estimate, [slope(leave_one_out[:, k]) for k in range(leave_one_out.shape[1])])
    return {"slope": estimate, "slope_low": interval["low"], "slope_high": interval["high"],
            "replication_low": interval["replication_low"], "replication_high": interval["replication_high"],
            "seeds": leave_one_out.shape[1]}


def scaling_slope(bests: dict[float, dict]) -> dict:
    """Log-log slope of the best batch size on a quantity x (e.g. ε, N or 1/(1-m)).

    bests: best_batch_size(...) per value of x, all over the same seeds. The slope is a
    least-squares line through log10 of the fitted optima; its 95% interval is a jackknife
    over seeds (leaving one seed out of every curve at once), with Student's t. The grid
    slope uses the best grid points.
    """
    xs = sorted(bests)
    ordered = [bests[x] for x in xs]
    fit = _slope_with_interval(xs, [np.log10(b["fit_best"]) for b in ordered],
                               np.array([b["leave_one_out_log10_best"] for b in ordered]))
    grid_slope = float(np.polyfit(np.log10(xs), [np.log10(b["grid_best"]) for b in ordered], 1)[0])
    return {**fit, "grid_slope": grid_slope, "curves": [float(x) for x in xs],
            "grid_end_curves": [float(x) for x, b in zip(xs, ordered) if not b["grid_interior"]]}


# ---------------------------------------------------------------- the trainability edge

FITS_TRAINING_SET = 0.99  # final training accuracy of a run that fits its training set
DEAD_LIMIT = 0.5  # a run with a larger share of its hidden units dead has collapsed, whatever it fits


def trains(runs: pd.DataFrame) -> pd.Series:
    """Per run: it finished ('ok'), fits its training set within its budget, and its hidden units are alive."""
    return ((runs["status"] == "ok") & (runs["train_accuracy"] >= FITS_TRAINING_SET)
            & (runs["dead_fraction"] <= DEAD_LIMIT))


def _edge_of(table: pd.DataFrame) -> float:
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


def trainability_edge(frame: pd.DataFrame) -> dict:
    """B_edge of one curve: the smallest B from which every run of every larger B trains
    (see trains). Its spread over seeds is the range of each seed's own edge; the record says
    why the runs below it did not train."""
    table = frame.assign(trains=trains(frame)).pivot_table(index="seed", columns="batch_size", values="trains",
                                                           aggfunc="all")
    edge = _edge_of(table)
    per_seed = np.array([_edge_of(table.loc[[seed]]) for seed in table.index])
    leave_out = np.array([_edge_of(table.drop(index=seed)) for seed in table.index])
    below = frame if np.isnan(edge) else frame[frame["batch_size"] < edge]
    return {"edge": edge,
            "edge_low": float(np.min(per_seed)) if not np.isnan(per_seed).any() else float("nan"),
            "edge_high": float(np.max(per_seed)) if not np.isnan(per_seed).any() else float("nan"),
            "below_edge": _why_below(below[~trains(below)]),
            "leave_one_out_log10_edge": np.log10(leave_out).tolist()}


def edge_bound(best: dict, edge: dict) -> bool:
    """An optimum is edge-bound when no batch size that trains lies below its best grid point:
    the accuracy is highest where training starts to work, and moves with that edge."""
    return bool(np.isnan(edge["edge"]) or best["grid_best"] <= edge["edge"])


def edge_slope(edges: dict[float, dict]) -> dict | None:
    """Log-log slope of B_edge on the varied quantity (jackknife over seeds), or None when a
    curve has no edge (its largest B does not train)."""
    xs = sorted(edges)
    if any(np.isnan(edges[x]["edge"]) or np.isnan(edges[x]["leave_one_out_log10_edge"]).any() for x in xs):
        return None
    return _slope_with_interval(xs, [np.log10(edges[x]["edge"]) for x in xs],
                                np.array([edges[x]["leave_one_out_log10_edge"] for x in xs]))


def scaling_fits(best: dict[float, dict], edges: dict[float, dict]) -> dict:
    """The scaling of the optimum, fitted only on the curves whose optimum lies above their
    edge (None with fewer than two), and the scaling of the edge, fitted on every curve."""
    above = {x: b for x, b in best.items() if not edge_bound(b, edges[x])}
    return {"curves": len(best), "edge_bound": [float(x) for x in best if x not in above],
            "optimum": scaling_slope(above) if len(above) >= 2 else None, "edge": edge_slope(edges)}


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


def distinct_results(by_figure: dict[str, list[dict]]) -> list[dict]:
    """The results of several figures, each run once (a run shared by figures is one result;
    the same configuration in another dtype is another run)."""
    return list({(RunConfig(**r["config"]), r.get("dtype")): r for results in by_figure.values()
                 for r in results}.values())


def collapse_frame(by_figure: dict[str, list[dict]]) -> pd.DataFrame:
    """runs_frame of the collapse's runs (the results of Figures 4-7, by figure, each run once),
    with the first figure each run belongs to and a label of its curve: the quantity its figure
    varies (runs shared by figures: 'shared')."""
    members = {f: {RunConfig(**r["config"]) for r in results} for f, results in by_figure.items()}
    results = distinct_results(by_figure)
    runs = runs_frame(results)
    symbols = {"fig4": ("lr", "ε")} | {f: (spec["field"], spec["symbol"]) for f, spec in FIGURES.items()}
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


def at_record_near(curves: pd.DataFrame, step: float) -> int:
    """The recorded step closest to `step` on a log scale."""
    steps = np.array(sorted(curves["step"].unique()))
    steps = steps[steps > 0]
    return int(steps[np.argmin(np.abs(np.log(steps) - np.log(step)))])


def best_by_curve(runs: pd.DataFrame, by: str) -> dict[float, dict]:
    """best_batch_size for every value of the column `by` (one curve each)."""
    return {float(v): best_batch_size(part) for v, part in runs.groupby(by)}


def edges_by_curve(runs: pd.DataFrame, by: str) -> dict[float, dict]:
    """trainability_edge for every value of the column `by` (one curve each)."""
    return {float(v): trainability_edge(part) for v, part in runs.groupby(by)}


def scaling_summary(runs: pd.DataFrame, figure: str) -> tuple[dict[float, dict], dict[float, dict], dict]:
    """For Figure 5, 6 or 7, keyed by the figure's x: each curve's optimum and trainability
    edge, and the scaling fits of both (scaling_fits)."""
    spec = FIGURES[figure]
    best, edges = best_by_curve(runs, spec["x_column"]), edges_by_curve(runs, spec["x_column"])
    return best, edges, scaling_fits(best, edges)


def edge_table(best: dict[float, dict], edges: dict[float, dict], name: str) -> pd.DataFrame:
    """Per curve (a value of `name`): B_edge with its spread over seeds and why the runs below
    it did not train, beside B_opt with its interval, and whether the optimum is edge-bound."""
    def span(low, high) -> str:
        return "—" if np.isnan(low) else f"{low:g} to {high:g}"

    rows = [{name: x, "B_edge": "none trains" if np.isnan(e["edge"]) else f"{e['edge']:g}",
             "B_edge per seed": span(e["edge_low"], e["edge_high"]), "below the edge": e["below_edge"],
             "B_opt (fit)": round(best[x]["fit_best"], 1),
             "B_opt 95% interval": f"{best[x]['fit_low']:.0f} to {best[x]['fit_high']:.0f}",
             "best B (grid)": best[x]["grid_best"],
             "edge-bound": "yes" if edge_bound(best[x], e) else "no"} for x, e in edges.items()]
    return pd.DataFrame(rows)


def best_table(best: dict[float, dict], name: str = "ε") -> pd.DataFrame:
    """The best batch size per curve (a value of `name`) as a small table for the page."""
    rows = [{name: value, "best B (grid)": b["grid_best"], "grid error bar": f"{b['grid_low']:g} to {b['grid_high']:g}",
             "best B (fit)": round(b["fit_best"], 1), "95% interval (seeds)": f"{b['fit_low']:.0f} to {b['fit_high']:.0f}",
             "mean test accuracy there": round(b["best_mean_accuracy"], 4)} for value, b in best.items()]
    return pd.DataFrame(rows)
