"""The best batch size and the C5-C7 checks, on synthetic results with known answers."""
import numpy as np
import pandas as pd
import pytest

from bayes_sgd import analysis, claims

SIZES = [1, 3, 10, 30, 100, 300, 1000]


def _runs(accuracy_of, lr=0.1, seeds=4, noise=0.002, status_of=lambda b: "ok"):
    rng = np.random.default_rng(0)
    rows = [{"lr": lr, "batch_size": b, "seed": s, "steps": 3000, "status": status_of(b),
             "test_accuracy": accuracy_of(b) + noise * rng.normal()} for b in SIZES for s in range(seeds)]
    return pd.DataFrame(rows)


def test_fitted_optimum_recovers_the_vertex_of_a_quadratic_in_log_b():
    peak = 10 ** 1.6  # about 40: between grid points
    runs = _runs(lambda b: 0.9 - 0.05 * (np.log10(b) - 1.6) ** 2, noise=0.0)
    best = analysis.best_batch_size(runs)
    assert best["grid_best"] == 30 and best["grid_interior"]
    assert best["fit_best"] == pytest.approx(peak, rel=1e-6)
    assert best["fit_low"] <= best["fit_best"] <= best["fit_high"]


def test_an_optimum_at_the_end_of_the_grid_is_not_interior():
    best = analysis.best_batch_size(_runs(lambda b: 0.8 + 0.01 * np.log10(b)))
    assert best["grid_best"] == 1000 and not best["grid_interior"]


def test_c7_needs_an_interior_peak_with_both_ends_lower():
    peaked = _runs(lambda b: 0.9 - 0.05 * (np.log10(b) - 1.5) ** 2)
    assert claims.check_c7(peaked, 0.1, analysis.best_batch_size(peaked), failing_below=None).verdict == "reproduced"
    rising = _runs(lambda b: 0.8 + 0.01 * np.log10(b))
    assert claims.check_c7(rising, 0.1, analysis.best_batch_size(rising), failing_below=None).verdict == "not reproduced"


def test_c7_at_the_paper_setting_also_needs_small_batches_to_fail():
    peaked = _runs(lambda b: 0.9 - 0.05 * (np.log10(b) - 1.5) ** 2)
    best = analysis.best_batch_size(peaked)
    assert claims.check_c7(peaked, 0.1, best, failing_below=10).verdict == "not reproduced"  # all trained
    failing = _runs(lambda b: 0.9 - 0.05 * (np.log10(b) - 1.5) ** 2, status_of=lambda b: "failed" if b <= 10 else "ok")
    assert claims.check_c7(failing, 0.1, best, failing_below=10).verdict == "reproduced"


def _curves(final_small, final_large, rise=0.1):
    """Test accuracy and loss against steps for B=30 and B=1000, small batch slower early."""
    rows = []
    for b, final in ((30, final_small), (1000, final_large)):
        for s in range(3):
            for step in (0, 10, 100, 1000, 3000):
                early = 0.3 if b == 30 else 0.5
                acc = early if step <= 100 else final
                loss = {0: 2.3, 10: 1.0, 100: 0.5, 1000: 0.4, 3000: 0.4 + (rise if b == 1000 else rise / 2)}[step]
                rows.append({"lr": 0.1, "batch_size": b, "seed": s, "step": step, "test_accuracy": acc + 0.001 * s,
                             "test_loss": loss})
    return pd.DataFrame(rows)


def test_c5_and_c6_read_the_gap_and_the_over_fitting():
    curves = _curves(0.91, 0.88)
    runs = curves[curves["step"] == 3000].assign(steps=3000)
    assert claims.check_c5(runs, curves, 0.1, 30, 1000).verdict == "reproduced"
    assert claims.check_c6(curves, 0.1, 30, 1000).verdict == "reproduced"
    reversed_gap = _curves(0.88, 0.91)
    runs = reversed_gap[reversed_gap["step"] == 3000].assign(steps=3000)
    assert claims.check_c5(runs, reversed_gap, 0.1, 30, 1000).verdict == "not reproduced"
    no_overfit = _curves(0.91, 0.88, rise=0.0)
    assert claims.check_c6(no_overfit, 0.1, 30, 1000).verdict == "not reproduced"


def test_state_table_counts_failed_runs_per_batch_size():
    runs = _runs(lambda b: 0.9, status_of=lambda b: "failed" if b <= 3 else "ok").assign(
        train_accuracy=1.0, dead_fraction=0.0, noise_scale=1.0)
    table = analysis.state_by_batch_size(runs)
    assert table.loc[(0.1, 1), "failed"] == 4 and table.loc[(0.1, 10), "failed"] == 0
    assert (table["runs"] == 4).all()
