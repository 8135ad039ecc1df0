"""Sweeps on Dask against the process pool, and the paper profile's wall time on W workers (issue 11).

Run:  .venv/bin/python benchmarks/bench_dask.py [--figure fig4] [--profile default] [--rounds 1]

1. The same sweep (cold cache, a temporary folder) through the process pool of this machine
   (one single-threaded process per core) and through a local Dask cluster of as many
   single-threaded workers, alternated over rounds; Dask's overhead is the relative
   difference of wall times.
2. Measured scaling from 1 to 2 Dask workers on a short sweep gives the efficiency of one
   doubling; the paper profile's cost (bench_profiles' cost model, core-seconds of every run)
   is spread over W workers at that efficiency per doubling, and never below its longest run.
"""
from __future__ import annotations

import argparse
import math
import os
import tempfile
import time
from pathlib import Path

from bench_profiles import calibrate, estimate, new_runs_by_figure, step_seconds

from bayes_sgd import figures, train
from bayes_sgd.execution.cache import ResultsCache
from bayes_sgd.execution.sweep import run_sweep


def timed_sweep(runs: list[train.RunConfig], scheduler: str | None, workers: int) -> tuple[float, float]:
    """Wall seconds of a sweep with a cold cache, and the seconds its runs spent training (summed):
    their ratio to workers × wall tells slower runs apart from idle workers."""
    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        results = run_sweep(runs, ResultsCache(Path(folder)), workers=workers, progress=False, scheduler=scheduler)
        return time.perf_counter() - start, sum(r["seconds"] for r in results)


def _time(seconds: float) -> str:
    if seconds < 120:
        return f"{seconds:.0f} s"
    return f"{seconds / 60:.1f} min" if seconds < 7200 else f"{seconds / 3600:.1f} h"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--figure", default="fig4", choices=[k for k, f in figures.FIGURES.items() if "cuda" in f.computes_on])
    parser.add_argument("--profile", default="default", choices=("smoke", "default"))
    parser.add_argument("--rounds", type=int, default=1)
    args = parser.parse_args()
    cores = os.cpu_count() or 1
    runs = figures.runs(args.figure, args.profile)
    print(f"machine: {cores} CPU cores; {args.figure} {args.profile}: {len(runs)} runs\n")
    print("| round | process pool: wall, training, busy | local Dask cluster: wall, training, busy | Dask overhead |\n"
          "|---|---|---|---|")
    overheads = []
    for i in range(args.rounds):
        (pool, pool_work), (dask, dask_work) = timed_sweep(runs, None, cores), timed_sweep(runs, f"local:{cores}", cores)
        overheads.append(dask / pool - 1)
        print(f"| {i + 1} | {pool:.1f} s, {pool_work:.0f} s, {pool_work / (cores * pool):.0%} | "
              f"{dask:.1f} s, {dask_work:.0f} s, {dask_work / (cores * dask):.0%} | {overheads[-1]:+.1%} |")
    print(f"\nDask overhead, median over rounds: {sorted(overheads)[len(overheads) // 2]:+.1%} (target: at most +5%)")

    short = figures.runs("fig4", "smoke", steps=400)
    one, two = timed_sweep(short, "local:1", 1)[0], timed_sweep(short, "local:2", 2)[0]
    efficiency = one / (2 * two)
    print(f"\nscaling on this machine ({len(short)} smoke runs): 1 worker {one:.1f} s, 2 workers {two:.1f} s; "
          f"efficiency of one doubling {efficiency:.2f}")
    model = calibrate("cpu", 1)
    paper = [r for runs_ in new_runs_by_figure("paper").values() for r in runs_]
    core_seconds = estimate(paper, model, "cpu", 1)
    longest = max(r.steps * step_seconds(model, r.batch_size) for r in paper)
    print(f"\npaper profile, every SGD figure: {len(paper)} runs, {_time(core_seconds)} of one core "
          f"(longest run {_time(longest)})\n")
    print("| workers | wall time (estimated) |\n|---|---|")
    for w in (1, 2, 16, 64, 256):
        wall = max(core_seconds / (w * efficiency ** math.log2(w)), longest)
        print(f"| {w} | {_time(wall)} |")


if __name__ == "__main__":
    main()
