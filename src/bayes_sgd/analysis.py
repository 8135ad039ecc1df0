"""From training results to tables: runs, curves, means over seeds, the best batch size."""
from __future__ import annotations

import numpy as np
import pandas as pd


def runs_frame(results: list[dict]) -> pd.DataFrame:
    """One row per run: its configuration, status and final metrics."""
    rows = []
    for r in results:
        c = r["config"]
        rows.append({
            "lr": c["lr"], "batch_size": c["batch_size"], "momentum": c["momentum"], "n_train": c["n_train"],
            "weight_decay": c["weight_decay"], "steps": c["steps"], "seed": c["seed"], "status": r["status"],
            "test_accuracy": r["final_test_accuracy"], "train_accuracy": r["final_train_accuracy"],
            "test_loss": r["final_test_loss"], "dead_fraction": r["final_dead_fraction"],
            "noise_scale": c["lr"] * (c["n_train"] / c["batch_size"] - 1) / (1 - c["momentum"]),
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


def state_by_batch_size(runs: pd.DataFrame) -> pd.DataFrame:
    """Per learning rate and batch size: mean final test and train accuracy, mean fraction
    of dead hidden units, runs that failed or diverged, and the noise scale g."""
    return runs.groupby(["lr", "batch_size"]).agg(
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


def best_batch_size(frame: pd.DataFrame, n_boot: int = 1000, seed: int = 0) -> dict:
    """The batch size of highest mean test accuracy, two ways, for the runs of one setting.

    grid: the paper's best grid point, its error bar reaching to the neighbouring points.
    fit: the vertex of a quadratic in log B through the peak and its neighbours, with a
    95% interval from a bootstrap over seeds.
    """
    table = frame.pivot_table(index="seed", columns="batch_size", values="test_accuracy")
    sizes = np.array(table.columns, dtype=float)
    log_b = np.log10(sizes)
    values = table.to_numpy()
    mean = np.nanmean(values, axis=0)
    i = int(np.argmax(mean))
    rng = np.random.default_rng(seed)
    boots = []
    for _ in range(n_boot):
        sample = values[rng.integers(0, len(values), len(values))]
        m = np.nanmean(sample, axis=0)
        boots.append(_peak_of_quadratic(log_b, m, int(np.argmax(m))))
    return {
        "grid_best": float(sizes[i]),
        "grid_low": float(sizes[max(i - 1, 0)]),
        "grid_high": float(sizes[min(i + 1, len(sizes) - 1)]),
        "grid_interior": 0 < i < len(sizes) - 1,
        "fit_best": float(10 ** _peak_of_quadratic(log_b, mean, i)),
        "fit_low": float(10 ** np.percentile(boots, 2.5)),
        "fit_high": float(10 ** np.percentile(boots, 97.5)),
        "best_mean_accuracy": float(mean[i]),
    }


def at_record_near(curves: pd.DataFrame, step: float) -> int:
    """The recorded step closest to `step` on a log scale."""
    steps = np.array(sorted(curves["step"].unique()))
    steps = steps[steps > 0]
    return int(steps[np.argmin(np.abs(np.log(steps) - np.log(step)))])


def best_table(best: dict[float, dict]) -> pd.DataFrame:
    """The best batch size per learning rate as a small table for the page."""
    rows = [{"ε": lr, "best B (grid)": b["grid_best"], "grid error bar": f"{b['grid_low']:g} to {b['grid_high']:g}",
             "best B (fit)": round(b["fit_best"], 1), "95% interval (bootstrap)": f"{b['fit_low']:.0f} to {b['fit_high']:.0f}",
             "mean test accuracy there": round(b["best_mean_accuracy"], 4)} for lr, b in best.items()]
    return pd.DataFrame(rows)
