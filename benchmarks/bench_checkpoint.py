"""What a run's checkpoint costs: its size and the time of one save, against the interval between saves.

Run:  .venv/bin/python benchmarks/bench_checkpoint.py
A run saves its state every checkpoint.SECONDS (5 minutes). This prints, for the book's network
(784 inputs, 800 hidden units, 10 outputs) with N = 60,000 training images (the largest: a
stream's state holds up to one permutation of them), one run and five seeds trained together
(a GPU's ensemble), the file's size and the seconds one save takes (best of 5, one thread), and
that time as a share of the interval. Target: under 1%.
"""
from __future__ import annotations

import tempfile
import time
from pathlib import Path

import torch

from bayes_sgd import checkpoint, train

PIXELS, HIDDEN, N, N_TEST, RECORDS = 784, 800, 60_000, 10_000, 30


def state(runs: int) -> checkpoint.TrainingState:
    """A state of the shapes train_ensemble saves (random numbers: the cost depends on sizes only)."""
    params = [torch.rand(runs, PIXELS + 1, HIDDEN), torch.rand(runs, 10, HIDDEN), torch.rand(runs, 1, 10)]
    streams = [train.BatchStream(seed, N, 100) for seed in range(runs)]
    for stream in streams:
        stream.take(1)  # the rest of a permutation is left: the largest a stream's state gets
    records = {key: [[0.5] * runs for _ in range(RECORDS)] for key in
               ("train_loss", "train_accuracy", "test_loss", "test_accuracy", "dead_fraction")}
    return checkpoint.TrainingState(step=1024, params=params, velocity=[p.clone() for p in params],
                                    streams=[s.state() for s in streams], records=records,
                                    status=["ok"] * runs, predictions=torch.zeros(runs, N_TEST, dtype=torch.long),
                                    seconds=100.0)


def main() -> None:
    torch.set_num_threads(1)
    print(f"saves every {checkpoint.SECONDS:.0f} s; N = {N:,}, {HIDDEN} hidden units")
    print(f"{'runs':>4} {'file MB':>8} {'save s':>7} {'share of the interval':>22}")
    with tempfile.TemporaryDirectory() as folder:
        for runs in (1, 5):
            keys = [{"n_train": N, "batch_size": 100, "lr": 0.1, "seed": seed} for seed in range(runs)]
            saver = checkpoint.Checkpoint(Path(folder), keys, "benchmark")
            saved = state(runs)
            times = []
            for _ in range(5):
                start = time.perf_counter()
                saver.save(saved, of=20_000)
                times.append(time.perf_counter() - start)
            assert saver.load().step == saved.step  # what was written reads back
            print(f"{runs:>4} {saver.path.stat().st_size / 1e6:>8.1f} {min(times):>7.3f} "
                  f"{min(times) / checkpoint.SECONDS:>21.3%}")


if __name__ == "__main__":
    main()
