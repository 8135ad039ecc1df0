"""Setups of Figures 5-7 and A, the best-B slope, the collapse measure and the C8-C11 checks."""
import numpy as np
import pandas as pd
import pytest

from bayes_sgd import analysis, claims, experiments, scaling
from bayes_sgd.experiments import ParameterError


def test_every_curve_of_a_figure_has_the_same_sde_time():
    for figure in scaling.FIGURES:
        setup = scaling.scaling_setup(figure, "default")
        times = [scaling.sde_time(c.lr, c.steps, c.n_train, c.momentum) for c in setup.curves]
        assert np.allclose(times, setup.t, rtol=1e-3), figure
        assert len(setup.curves) >= 4


def test_the_default_profiles_span_what_the_issue_asks():
    lrs = [c.lr for c in scaling.scaling_setup("fig5").curves]
    assert len(lrs) >= 4 and max(lrs) / min(lrs) >= 10 ** 1.5
    sizes = [c.n_train for c in scaling.scaling_setup("fig6").curves]
    assert len(sizes) >= 4 and max(sizes) / min(sizes) >= 4
    momenta = [c.momentum for c in scaling.scaling_setup("fig7").curves]
    assert len(momenta) >= 4 and {0.0, 0.9} <= set(momenta)


def test_batch_grid_keeps_ladder_values_inside_the_noise_window_ends_included():
    # g = εN/(B(1-m)) = 1000/B here: window [3, 1000] keeps B = 1 (g = 1000) to B = 300 (g = 3.3)
    assert scaling.batch_grid(0.1, 1000, 0.9, (3, 1000), scaling.HALF_DECADES) == (1, 3, 10, 30, 100, 300)
    assert scaling.batch_grid(1.0, 1000, 0.9, (3, 1000), scaling.HALF_DECADES) == (10, 30, 100, 300, 1000)
    assert scaling.batch_grid(0.1, 250, 0.9, (3, 1000), scaling.HALF_DECADES) == (1, 3, 10, 30)


def test_the_base_curves_are_figure_4s_runs_so_the_cache_shares_them():
    fig4 = set(experiments.sgd_setup("default").runs())
    for figure in scaling.FIGURES:
        shared = set(scaling.scaling_setup(figure, "default").runs()) & fig4
        assert len(shared) >= 15, figure  # at least five batch sizes x three seeds


def test_test_images_never_exceed_what_the_training_set_leaves():
    for c in scaling.scaling_setup("fig6", "default").curves:
        assert c.n_train + c.n_test <= 5000


@pytest.mark.parametrize("figure, values, name", [
    ("fig5", [0.1, -0.3], "learning rates"),
    ("fig5", [0.1], "at least two"),
    ("fig6", [500, 4500], "N=4500"),
    ("fig7", [0.0, 1.0], "momentum must be in"),
    ("fig9", None, "figure='fig9'"),
])
def test_bad_scaling_parameters_are_named_before_any_run(figure, values, name):
    with pytest.raises(ParameterError, match=name):
        scaling.scaling_setup(figure, "default", values)


def test_l2_runs_pair_every_plain_run_with_one_with_weight_decay():
    setup, wd = scaling.l2_setup("smoke")
    runs = scaling.l2_runs(setup, wd)
    plain = [r for r in runs if r.weight_decay == 0]
    assert len(plain) * 2 == len(runs) and {r.batch_size for r in runs} == set(setup.gap_batch_sizes())
    with pytest.raises(ParameterError, match="weight_decay"):
        scaling.l2_setup("smoke", -1.0)


def _best(peak_log10, seeds=4, noise=0.001, sizes=(1, 3, 10, 30, 100, 300, 1000, 3000)):
    rng = np.random.default_rng(int(peak_log10 * 100))
    rows = [{"batch_size": b, "seed": s, "test_accuracy": 0.9 - 0.05 * (np.log10(b) - peak_log10) ** 2 + noise * rng.normal()}
            for b in sizes for s in range(seeds)]
    return analysis.best_batch_size(pd.DataFrame(rows))


def test_slope_recovers_a_known_power_law_and_its_interval_covers_it():
    for true_slope in (1.0, 0.5):
        bests = {x: _best(1.0 + true_slope * np.log10(x)) for x in (1, 3, 10, 30)}
        fit = analysis.scaling_slope(bests)
        assert fit["slope"] == pytest.approx(true_slope, abs=0.03)
        assert fit["slope_low"] <= true_slope <= fit["slope_high"] and not fit["edge_curves"]


def test_scaling_check_passes_near_one_and_fails_far_from_it_or_at_a_grid_end():
    near = analysis.scaling_slope({x: _best(1.0 + np.log10(x)) for x in (1, 3, 10, 30)})
    assert claims.check_scaling("C8", "Fig. 5b", "ε", near, 4).verdict == "reproduced"
    flat = analysis.scaling_slope({x: _best(1.5 + 0.3 * np.log10(x)) for x in (1, 3, 10, 30)})
    assert claims.check_scaling("C8", "Fig. 5b", "ε", flat, 4).verdict == "not reproduced"
    edge = analysis.scaling_slope({x: _best(1.0 + np.log10(x), sizes=(1, 3, 10, 30, 100, 300)) for x in (1, 3, 10, 30)})
    assert edge["edge_curves"] == [30]
    assert claims.check_scaling("C8", "Fig. 5b", "ε", edge, 4).verdict == "not reproduced"


def test_collapse_score_is_zero_when_g_fixes_the_accuracy_and_large_when_it_does_not():
    rows = []
    for lr in (0.03, 0.1, 0.3):
        for b in (1, 3, 10, 30, 100):
            g = lr * (1000 / b - 1) / 0.1
            rows.append({"batch_size": b, "noise_scale": g, "test_accuracy": 0.9 - 0.01 * (np.log10(g) - 1.5) ** 2})
    runs = pd.DataFrame(rows)
    by_g, by_b = analysis.collapse_score(runs, "noise_scale"), analysis.collapse_score(runs, "batch_size")
    assert by_g < 0.1 < by_b
    shuffled = runs.assign(test_accuracy=np.random.default_rng(0).permutation(runs["test_accuracy"].to_numpy()))
    assert analysis.collapse_score(shuffled, "noise_scale") > by_g


def test_optimum_and_edge_reads_the_smallest_trainable_batch_size():
    rows = [{"lr": 0.1, "batch_size": b, "seed": s, "status": "failed" if b < 10 else "ok",
             "train_accuracy": 0.1 if b < 10 else (0.95 if b == 10 else 1.0), "test_accuracy": acc}
            for b, acc in ((3, 0.1), (10, 0.8), (30, 0.91), (100, 0.9)) for s in range(2)]
    runs = pd.DataFrame(rows)
    table = analysis.optimum_and_edge(runs, "lr", analysis.best_by_curve(runs, "lr"))
    row = table.iloc[0]
    assert row["best B (grid)"] == 30 and row["smallest B that fits the training set"] == 30
    assert row["largest B that fails to train"] == "3"


def test_scaling_check_reports_optima_that_sit_on_the_trainability_edge():
    fit = analysis.scaling_slope({x: _best(1.0 + np.log10(x)) for x in (1, 3, 10, 30)})
    on_edge = pd.DataFrame({"best B (grid)": [10, 30], "smallest B that fits the training set": [10, 30]})
    claim = claims.check_scaling("C8", "Fig. 5b", "ε", fit, 4, on_edge)
    assert "edge of trainability" in claim.note and "2 of 2" in claim.numbers.values()
    apart = on_edge.assign(**{"smallest B that fits the training set": [3, 10]})
    claim = claims.check_scaling("C8", "Fig. 5b", "ε", fit, 4, apart)
    assert claim.note == "" and "0 of 2" in claim.numbers.values()
