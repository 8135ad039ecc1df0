"""The best batch size and the per-batch-size state table, on synthetic results with known answers."""
import numpy as np
import pandas as pd
import pytest

from bayes_sgd.analysis import frames, optimum

SIZES = [1, 3, 10, 30, 100, 300, 1000]


def _runs(accuracy_of, lr=0.1, seeds=4, noise=0.002, status_of=lambda b: "ok"):
    rng = np.random.default_rng(0)
    rows = [{"lr": lr, "batch_size": b, "seed": s, "steps": 3000, "status": status_of(b),
             "test_accuracy": accuracy_of(b) + noise * rng.normal()} for b in SIZES for s in range(seeds)]
    return pd.DataFrame(rows)


def test_fitted_optimum_recovers_the_vertex_of_a_quadratic_in_log_b():
    peak = 10 ** 1.6  # about 40: between grid points
    runs = _runs(lambda b: 0.9 - 0.05 * (np.log10(b) - 1.6) ** 2, noise=0.0)
    best = optimum.best_batch_size(runs)
    assert best.grid_best == 30 and best.grid_interior
    assert best.fit_best == pytest.approx(peak, rel=1e-6)
    assert best.fit_high / best.fit_low == pytest.approx(1.0)  # noiseless seeds: no spread to report


def test_an_optimum_at_the_end_of_the_grid_is_not_interior():
    best = optimum.best_batch_size(_runs(lambda b: 0.8 + 0.01 * np.log10(b)))
    assert best.grid_best == 1000 and not best.grid_interior


def test_state_table_counts_failed_runs_per_batch_size():
    runs = _runs(lambda b: 0.9, status_of=lambda b: "failed" if b <= 3 else "ok").assign(
        train_accuracy=1.0, dead_fraction=0.0, noise_scale=1.0)
    table = frames.state_by_batch_size(runs)
    assert table.loc[(0.1, 1), "failed"] == 4 and table.loc[(0.1, 10), "failed"] == 0
    assert (table["runs"] == 4).all()
