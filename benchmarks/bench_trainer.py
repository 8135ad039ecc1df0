"""Trainer speed on this machine: matmul rate, trainer per batch size, plain-SGD baseline.

Run:  .venv/bin/python benchmarks/bench_trainer.py [--sweep]
Prints a table: single-thread times are the best of 3 measurements; whole-machine rates are
medians of 5 rounds, each round measuring the fast trainer (one process per core), the plain
loop the same way, and the plain loop as written (one process on all cores' threads).
--sweep also times the default profile of Figures 3+4 with a cold cache.
Targets (issue 3): B >= 256 at >= 75% of the matmul rate; B <= 32 at >= 2x the plain
loop's model-steps per second over the whole machine.
"""
from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

import torch

from bayes_sgd import data, train
from bayes_sgd.execution import results
from bayes_sgd.execution.cache import ResultsCache
from bayes_sgd.setups import sgd

N, HIDDEN, PIXELS = 1000, 800, 784


def matmul_gflops(threads: int) -> float:
    torch.set_num_threads(threads)
    a, b = torch.rand(N, PIXELS), torch.rand(PIXELS, HIDDEN)
    for _ in range(3):
        a @ b
    start, reps = time.perf_counter(), 40
    for _ in range(reps):
        a @ b
    return 2 * N * PIXELS * HIDDEN * reps / (time.perf_counter() - start) / 1e9


def _split():
    return data.ten_class_task(data.load_pools("embedded"), N, 4000, seed=0)


def trainer_step_seconds(batch_size: int, steps: int) -> float:
    """Seconds per update of the fast trainer (one thread), evaluation excluded by differencing."""
    torch.set_num_threads(1)
    split = _split()
    times = []
    for s in (steps // 4, steps):
        config = train.RunConfig(batch_size=batch_size, lr=0.05, steps=s, n_records=2)
        start = time.perf_counter()
        train.train(config, split)
        times.append(time.perf_counter() - start)
    return (times[1] - times[0]) / (steps - steps // 4)


def plain_step_seconds(batch_size: int, steps: int, threads: int = 1) -> float:
    """Seconds per update of nn.Linear + torch.optim.SGD (on `threads` threads)."""
    torch.set_num_threads(threads)
    split = _split()
    x, y = torch.tensor(split.x_train), torch.tensor(split.y_train)
    model = torch.nn.Sequential(torch.nn.Linear(PIXELS, HIDDEN), torch.nn.ReLU(), torch.nn.Linear(HIDDEN, 10))
    opt = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
    stream = train.BatchStream(0, N, batch_size)
    start = time.perf_counter()
    for _ in range(steps):
        idx = stream.next()
        opt.zero_grad()
        torch.nn.functional.cross_entropy(model(x[idx]), y[idx]).backward()
        opt.step()
    return (time.perf_counter() - start) / steps


def whole_machine_rate(function, batch_size: int, steps: int, pool) -> float:
    """Model-steps per second with one single-threaded process per core, measured concurrently."""
    cores = os.cpu_count() or 1
    return sum(1 / s for s in pool.map(function, [batch_size] * cores, [steps] * cores))


def paired_rates(batch_size: int, steps: int, rounds: int = 5) -> dict[str, list[float]]:
    """Whole-machine model-steps per second, measured in alternation round after round (this shared
    machine's speed drifts; one round sees one drift): the fast trainer and the plain loop, each as one
    single-threaded process per core, and the plain loop as written, one process on all cores' threads."""
    cores = os.cpu_count() or 1
    rates = {"fast": [], "plain per core": [], "plain one process": []}
    with ProcessPoolExecutor(cores, mp_context=get_context("spawn")) as pool:
        for _ in range(rounds):
            rates["fast"].append(whole_machine_rate(trainer_step_seconds, batch_size, steps, pool))
            rates["plain per core"].append(whole_machine_rate(plain_step_seconds, batch_size, steps, pool))
            rates["plain one process"].append(1 / pool.submit(plain_step_seconds, batch_size, steps, cores).result())
    return rates


def ratio_summary(fast: list[float], plain: list[float]) -> str:
    """Median and range of the per-round ratios."""
    ratios = sorted(f / p for f, p in zip(fast, plain))
    return f"{statistics.median(ratios):.2f} ({ratios[0]:.2f}-{ratios[-1]:.2f})"


def best_of(function, batch_size: int, steps: int, repeats: int = 3) -> float:
    """The shortest seconds per step of `repeats` measurements."""
    return min(function(batch_size, steps) for _ in range(repeats))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sweep", action="store_true", help="also time the default Figures 3+4 sweep, cold cache")
    args = parser.parse_args()
    one = max(matmul_gflops(1) for _ in range(3))
    machine = max(matmul_gflops(os.cpu_count() or 1) for _ in range(3))
    print(f"float32 matmul (1000x784 @ 784x800): {one:.1f} GFLOP/s on one core, {machine:.1f} on the machine")
    print(f"{'B':>5s} {'fast ms/step':>13s} {'GFLOP/s':>8s} {'% matmul':>9s} {'plain ms/step':>14s} |"
          f" machine steps/s: {'fast':>6s} {'plain per core':>15s} {'ratio (range)':>17s}"
          f" {'plain 1 process':>16s} {'ratio (range)':>17s}")
    for b in (1, 4, 16, 32, 64, 256, 1000):
        steps = max(40, min(2000, 20_000 // b))
        fast, plain = best_of(trainer_step_seconds, b, steps), best_of(plain_step_seconds, b, steps)
        gflops = 4 * b * PIXELS * HIDDEN / fast / 1e9  # the two big products, on all 784 pixels
        row = f"{b:5d} {fast * 1e3:13.3f} {gflops:8.1f} {100 * gflops / one:8.0f}% {plain * 1e3:14.3f} |"
        if b <= 32:
            rates = paired_rates(b, steps)
            per_core, one_process = rates["plain per core"], rates["plain one process"]
            row += (f" {'':16s} {statistics.median(rates['fast']):6.0f} {statistics.median(per_core):15.0f}"
                    f" {ratio_summary(rates['fast'], per_core):>17s} {statistics.median(one_process):16.0f}"
                    f" {ratio_summary(rates['fast'], one_process):>17s}")
        print(row, flush=True)
    print("Machine rates are medians of 5 rounds; a ratio's median and range are over the rounds.")
    print("GFLOP/s counts 4·B·784·800 per update (forward and weight-gradient products on all pixels);"
          " zero-pixel skipping does less work than that.")
    if args.sweep:
        setup = sgd.sgd_setup("default")
        with tempfile.TemporaryDirectory() as folder:
            start = time.perf_counter()
            results.sgd_results(setup.runs(), "cpu", ResultsCache(Path(folder)), label="Figures 3+4 default")
            cold = time.perf_counter() - start
            start = time.perf_counter()
            results.sgd_results(setup.runs(), "cpu", ResultsCache(Path(folder)), label="again")
            print(f"default Figures 3+4: {len(setup.runs())} runs, cold cache {cold / 60:.1f} min, "
                  f"warm cache {time.perf_counter() - start:.2f} s")


if __name__ == "__main__":
    main()
