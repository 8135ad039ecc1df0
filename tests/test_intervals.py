"""Intervals over few seeds are honest: with three seeds, the stated 95% holds, checked by simulation."""
import numpy as np
import pandas as pd
import pytest

from bayes_sgd.analysis import intervals, optimum

SIZES = (1, 3, 10, 30, 100, 300, 1000, 3000)
XS = (1, 3, 10, 30)


def _curve(peak_log10: float, seeds, rng) -> pd.DataFrame:
    """Accuracy against B, a quadratic in log B; each seed shifts its peak and adds noise per point."""
    rows = []
    for s in seeds:
        shift = 0.1 * rng.normal()
        rows += [{"batch_size": b, "seed": s, "test_accuracy": 0.9 - 0.05 * (np.log10(b) - peak_log10 - shift) ** 2
                  + 0.005 * rng.normal()} for b in SIZES]
    return pd.DataFrame(rows)


def _slope_fit(seeds, rng) -> dict:
    return optimum.scaling_slope({x: optimum.best_batch_size(_curve(1.0 + np.log10(x), seeds, rng)) for x in XS})


def test_three_seeds_cover_the_true_slope_and_another_three_seeds_estimate_at_the_stated_rate():
    rng = np.random.default_rng(7)
    trials, covers_truth, covers_rerun = 150, 0, 0
    for _ in range(trials):
        fit, rerun = _slope_fit(range(3), rng), _slope_fit(range(3, 6), rng)
        covers_truth += fit.slope_low <= 1.0 <= fit.slope_high
        covers_rerun += fit.replication_low <= rerun.slope <= fit.replication_high
    # 95% stated; with 150 trials the binomial standard deviation is 1.8 points
    assert covers_truth / trials >= 0.90
    assert covers_rerun / trials >= 0.90


def test_jackknife_interval_pinned_by_hand():
    # leave-one-out values 1.0, 1.1, 1.3: mean 1.1333, Σ squared deviations 0.046667;
    # SE = √(2/3 · 0.046667) = 0.176383; t(0.975, 2) = 4.302653
    interval = intervals.jackknife_interval(1.2, np.array([1.0, 1.1, 1.3]))
    assert interval["se"] == pytest.approx(0.176383, rel=1e-5)
    assert interval["low"] == pytest.approx(1.2 - 4.302653 * 0.176383, rel=1e-5)
    assert interval["high"] == pytest.approx(1.2 + 4.302653 * 0.176383, rel=1e-5)
    assert interval["replication_high"] - 1.2 == pytest.approx(np.sqrt(2) * 4.302653 * 0.176383, rel=1e-5)
    assert 1.2 - interval["replication_low"] == pytest.approx(np.sqrt(2) * 4.302653 * 0.176383, rel=1e-5)


def test_the_figures_bands_are_the_tables_student_t_intervals():
    """Fails if the bands go back to seaborn's bootstrap ('ci', 95), or t_interval stops being
    mean ± t(n - 1)·SE: checked against scipy's t interval and in a drawn figure's band."""
    import matplotlib
    import pandas as pd
    from scipy import stats

    from bayes_sgd import plots

    matplotlib.use("Agg")
    values = np.array([0.81, 0.86, 0.84])
    low, high = intervals.t_interval(values)
    ref = stats.t.interval(0.95, len(values) - 1, loc=values.mean(), scale=stats.sem(values))
    assert np.allclose((low, high), ref)
    assert intervals.t_interval([0.5]) == (0.5, 0.5)
    curves = pd.DataFrame({"step": [10] * 3 + [20] * 3, "test_accuracy": [*values, *values + 0.01],
                           "test_loss": 1.0, "batch_size": 30, "lr": 0.1, "seed": [0, 1, 2] * 2, "status": "ok"})
    fig = plots.gap_against_updates(curves, 30, 1000, "sizes")
    band = fig.axes[0].collections[0].get_paths()[0].vertices[:, 1]
    assert np.isclose(band.min(), low) and np.isclose(band.max(), high + 0.01)
