"""From training results to frames: one row per run, the recorded curves, means over seeds,
the state of each batch size. No torch, no profile: results in, tables out."""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..runs import RunConfig, sde_time


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


# ---------------------------------------------------------------- the trainability edge


def distinct_results(by_figure: dict[str, list[dict]]) -> list[dict]:
    """The results of several figures, each run once (a run shared by figures is one result;
    the same configuration in another dtype is another run)."""
    return list({(RunConfig(**r["config"]), r.get("dtype")): r for results in by_figure.values()
                 for r in results}.values())


def at_record_near(curves: pd.DataFrame, step: float) -> int:
    """The recorded step closest to `step` on a log scale."""
    steps = np.array(sorted(curves["step"].unique()))
    steps = steps[steps > 0]
    return int(steps[np.argmin(np.abs(np.log(steps) - np.log(step)))])


