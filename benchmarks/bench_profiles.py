"""Estimated and measured time of every SGD figure's profile on this machine

Run:  .venv/bin/python benchmarks/bench_profiles.py [--device cuda] [--measure smoke default] [--fresh-clone]

The estimate comes from a cost model calibrated here: seconds per update at a few batch
sizes (short runs, evaluation removed by differencing; linear in B between them), plus the
cost of the recorded evaluations, summed over every run a profile needs that an earlier
figure has not already computed (the results cache shares them), divided by the worker
processes on a CPU. --measure times the named profiles for real with a cold cache in a
temporary folder (the default profile takes about half an hour on 2 cores; the paper
profile needs the full MNIST). Calibration always uses the embedded data's shapes. The archives
in results/ are listed with the core-hours they took where computed beside the model's estimate;
--fresh-clone times the README's `make book` on a fresh clone of this commit (its own venv and
an empty cache: the archives are imported and spot-checked, the rest trained), page by page.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import numpy as np
import torch

from bayes_sgd import figures, train
from bayes_sgd.execution import archive
from bayes_sgd.execution.cache import ResultsCache
from bayes_sgd.execution.results import sgd_results
from bayes_sgd.execution.sweep import _split


def sgd_figures() -> tuple[str, ...]:
    """The figures whose pages train (every one the registry lists that runs on a GPU too)."""
    return tuple(k for k, f in figures.FIGURES.items() if "cuda" in f.computes_on)

CALIBRATION_SIZES = (1, 4, 16, 64, 256, 1000)


def _seconds(config: train.RunConfig, device: str, k: int) -> float:
    split = _split(config.data_source, config.n_train, config.n_test, config.data_seed)
    configs = [replace(config, seed=s) for s in range(k)]
    start = time.perf_counter()
    train.train_ensemble(configs, split, device)
    if device == "cuda":
        torch.cuda.synchronize()
    return time.perf_counter() - start


def calibrate(device: str, k: int) -> dict:
    """Seconds per update of an ensemble of k runs at each calibration batch size (other
    sizes are interpolated linearly in B), and seconds per evaluated image."""
    torch.set_num_threads(1 if device == "cpu" else torch.get_num_threads())
    per_step, evals = [], []
    for b in CALIBRATION_SIZES:
        short, long = (100, 500) if b < 64 else (20, 80)
        config = train.RunConfig(batch_size=b, lr=0.01, n_train=1000, n_test=4000, n_records=2)
        _seconds(replace(config, steps=2), device, k)  # warm-up
        t_short = _seconds(replace(config, steps=short), device, k)
        t_long = _seconds(replace(config, steps=long), device, k)
        step = (t_long - t_short) / (long - short)
        per_step.append(step)
        evals.append(max(t_short - short * step, 0.0) / 2 / 5000)  # two evaluations of 5000 images
    return {"per_step": per_step, "per_image": float(np.median(evals)), "k": k}


def step_seconds(model: dict, batch_size: int) -> float:
    """Seconds per update at any batch size: linear between the calibration points, beyond the last."""
    sizes, times = CALIBRATION_SIZES, model["per_step"]
    if batch_size > sizes[-1]:
        return times[-1] + (batch_size - sizes[-1]) * (times[-1] - times[-2]) / (sizes[-1] - sizes[-2])
    return float(np.interp(batch_size, sizes, times))


def estimate(runs: list[train.RunConfig], model: dict, device: str, workers: int) -> float:
    """Seconds the runs take under the cost model: ensembles of seeds on a GPU, one run per core on a CPU."""
    total = 0.0
    for r in runs:
        evaluations = len(train.record_steps(r.steps, r.n_records)) * (r.n_train + r.n_test)
        total += r.steps * step_seconds(model, r.batch_size) + evaluations * model["per_image"]
    if device == "cuda":
        return total / model["k"]
    return total / workers


def page_runs(figure: str, profile: str) -> list[train.RunConfig]:
    """The runs of a figure's page: its registry runs (Figures 5-7: every family's whole grid,
    an upper bound on what the search trains) and those its page trains beside them (Figure 4's
    ε = 1 variants; float64 counted as float32)."""
    return [c for c, _dtype in figures.page_runs(figure, profile)]


def new_runs_by_figure(profile: str) -> dict[str, list[train.RunConfig]]:
    """The runs each figure adds, in the book's order (earlier figures' runs come from the cache)."""
    seen, out = set(), {}
    for figure in sgd_figures():
        runs = [r for r in dict.fromkeys(page_runs(figure, profile)) if r not in seen]
        seen.update(runs)
        out[figure] = runs
    return out


def measure(profile: str, device: str) -> dict[str, float]:
    """Wall seconds per figure with a cold cache in a temporary folder."""
    times = {}
    with tempfile.TemporaryDirectory() as folder:
        cache = ResultsCache(Path(folder) / "results")
        for figure in sgd_figures():
            start = time.perf_counter()
            sgd_results(page_runs(figure, profile), device, cache, label=f"{profile} {figure}")
            times[figure] = time.perf_counter() - start
    return times


def archived(model: dict) -> list[tuple[str, int, float, float]]:
    """Per committed archive in results/: runs, the core-seconds they took where they were computed
    (summed from the runs themselves), and the cost model's estimate for them on one core here."""
    rows = []
    for path in archive.published(Path(__file__).resolve().parents[1] / "results"):
        entries = archive.read(path)["entries"]
        configs = [archive.config_of(e["key"]) for e in entries]
        rows.append((path.name, len(entries), sum(e["result"]["seconds"] for e in entries),
                     estimate(configs, model, "cpu", 1)))
    return rows


def fresh_clone_book(profile: str = "default") -> tuple[float, str, int]:
    """Wall seconds of `make book` on a fresh clone of this commit (nothing cached, nothing
    installed), its per-page times as the build prints them, and its exit status."""
    root = Path(__file__).resolve().parents[1]
    env = {k: v for k, v in os.environ.items() if k not in ("BAYES_SGD_CACHE", "BAYES_SGD_CLAIMS")}
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run(["git", "clone", "-q", str(root), folder], check=True)
        start = time.perf_counter()
        run = subprocess.run(["make", "book", f"PROFILE={profile}"], cwd=folder, env=env, capture_output=True, text=True)
        pages = next((line for line in run.stdout.splitlines() if line.startswith("notebook times:")), "")
        return time.perf_counter() - start, pages, run.returncode


def _time(seconds: float | None) -> str:
    if seconds is None:
        return ""
    return f"{seconds:.0f} s" if seconds < 120 else f"{seconds / 60:.1f} min"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--device", choices=("cpu", "cuda"), default="cpu")
    parser.add_argument("--measure", nargs="*", default=["smoke"], choices=("smoke", "default", "paper"))
    parser.add_argument("--fresh-clone", action="store_true", help="also time `make book` on a fresh clone")
    args = parser.parse_args()
    workers = os.cpu_count() or 1
    where = torch.cuda.get_device_name() if args.device == "cuda" else f"{workers} CPU cores, one run per core"
    print(f"machine: {where}")
    measured = {p: measure(p, args.device) for p in args.measure}
    models = {}
    print("\n| profile | figure | new runs | estimated | measured |\n|---|---|---|---|---|")
    for profile in ("smoke", "default", "paper"):
        k = 5 if profile == "paper" else 3 if profile == "default" else 2
        k = k if args.device == "cuda" else 1
        if k not in models:
            models[k] = calibrate(args.device, k)
        model = models[k]
        total_est = total_meas = 0.0
        for figure, runs in new_runs_by_figure(profile).items():
            est = estimate(runs, model, args.device, workers)
            meas = measured.get(profile, {}).get(figure)
            total_est += est
            total_meas += meas or 0.0
            print(f"| {profile} | {figure} | {len(runs)} | {_time(est)} | {_time(meas)} |")
        print(f"| {profile} | **all** | | **{_time(total_est)}** | "
              f"{f'**{_time(total_meas)}**' if profile in measured else ''} |")
        together = f" for {k} runs together" if args.device == "cuda" else ""
        steps = ", ".join(f"B={b} {t * 1e3:.3f}" for b, t in zip(CALIBRATION_SIZES, model["per_step"]))
        print(f"  (cost model, ms per update{together}: {steps}; {model['per_image'] * 1e6:.2f} µs per evaluated image)")
    if args.device == "cpu":
        print("\n| archive in results/ | runs | measured core-hours | estimated core-hours |\n|---|---|---|---|")
        for name, n, measured_s, estimated_s in archived(models[1]):
            print(f"| {name} | {n} | {measured_s / 3600:.2f} | {estimated_s / 3600:.2f} |")
    if args.fresh_clone:
        seconds, pages, status = fresh_clone_book()
        print(f"\nfresh clone, `make book` (default): {_time(seconds)}, exit {status}; {pages}")


if __name__ == "__main__":
    main()
