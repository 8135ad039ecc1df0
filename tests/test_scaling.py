"""Setups of Figures 5-7 and A, the best-B slope, the collapse measure and the C8-C11 checks."""
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest
from conftest import make_edge, make_optimum

from bayes_sgd import data, runs
from bayes_sgd.analysis import collapse, optimum
from bayes_sgd.analysis import edge as edge_analysis
from bayes_sgd.claims import scaling as scaling_claims
from bayes_sgd.params import ParameterError
from bayes_sgd.setups import figure6, l2, profiles, setup_tables, sgd
from bayes_sgd.setups import scaling as scaling_setups


def test_every_curve_of_a_figure_has_the_same_sde_time():
    for figure in scaling_setups.VARIED:
        setup = scaling_setups.scaling_setup(figure, "default")
        times = [runs.sde_time(c.lr, c.steps, c.n_train, c.momentum) for c in setup.curves]
        assert np.allclose(times, setup.t, rtol=1e-3), figure
        assert len(setup.curves) >= 4


def test_the_default_profiles_span_what_the_issue_asks():
    """Fails if Figure X's base grids (profiles.FIGX) shrink below two decades of ε, a factor 4
    in N, or lose m = 0 and 0.9."""
    lrs = [c.lr for c in scaling_setups.scaling_setup("fig5", page_base=False).curves]
    assert len(lrs) >= 4 and max(lrs) / min(lrs) >= 10 ** 1.5
    sizes = [c.n_train for c in scaling_setups.scaling_setup("fig6").curves]
    assert len(sizes) >= 4 and max(sizes) / min(sizes) >= 4
    momenta = [c.momentum for c in scaling_setups.scaling_setup("fig7", page_base=False).curves]
    assert len(momenta) >= 4 and {0.0, 0.9} <= set(momenta)


@pytest.mark.parametrize("figure", ["fig5", "fig7"])
def test_figures_5_and_7_train_the_papers_updates_at_a_base_on_large_data(figure):
    """Fails if the default pages of Figures 5 and 7 leave Fashion-MNIST at N >= 8,000, the paper's
    10^4 updates at the base ε = 0.1, m = 0.9, the same SDE time on every curve, or the budget test;
    or if their base curve stops being Figure 6's N = 8,000 curve (then it would be trained twice)."""
    setup = scaling_setups.scaling_setup(figure, "default")
    base = [c for c in setup.curves if (c.lr, c.momentum) == (0.1, 0.9)]
    assert setup.data_source == "fashion" and len(base) == 1 and base[0].steps == 10_000
    assert {c.n_train for c in setup.curves} == {8000} and len(setup.curves) >= 4
    assert np.allclose([runs.sde_time(c.lr, c.steps, c.n_train, c.momentum) for c in setup.curves], setup.t)
    assert setup.budget_test and {c.steps for c in setup.doubled_budget().curves} == {2 * c.steps for c in setup.curves}
    fig6 = figure6.figure6_setup("default").budget
    shared = [c for c in fig6.curves if c.n_train == 8000][0]
    assert set(setup.curve_runs(base[0], 300)) >= set(fig6.curve_runs(shared, 300))  # Figure 6: its first seeds
    assert "10,000 updates" in setup_tables.scaling_setup_table(setup).set_index("setting").loc["base setting", "used here"]


def test_batch_grid_keeps_ladder_values_inside_the_noise_window_ends_included():
    # g = εN/(B(1-m)) = 1000/B here: window [3, 1000] keeps B = 1 (g = 1000) to B = 300 (g = 3.3)
    assert scaling_setups.batch_grid(0.1, 1000, 0.9, (3, 1000), profiles.HALF_DECADES) == (1, 3, 10, 30, 100, 300)
    assert scaling_setups.batch_grid(1.0, 1000, 0.9, (3, 1000), profiles.HALF_DECADES) == (10, 30, 100, 300, 1000)
    assert scaling_setups.batch_grid(0.1, 250, 0.9, (3, 1000), profiles.HALF_DECADES) == (1, 3, 10, 30)


def test_the_base_curves_are_figure_4s_runs_so_the_cache_shares_them():
    fig4 = set(sgd.sgd_setup("default").runs())
    for figure in scaling_setups.VARIED:
        shared = set(scaling_setups.scaling_setup(figure, "default", page_base=False).runs()) & fig4
        assert len(shared) >= 15, figure  # at least five batch sizes x three seeds


def test_test_images_never_exceed_what_the_training_set_leaves():
    for c in scaling_setups.scaling_setup("fig6", "default").curves:
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
        scaling_setups.scaling_setup(figure, "default", values)


def test_figure_a_pairs_every_plain_run_with_one_with_weight_decay_and_add_both_readings():
    chosen = l2.l2_setup("smoke")
    setup, wd, runs = chosen.sgd, chosen.weight_decay, chosen.runs()
    plain = [r for r in runs if r.weight_decay == 0]
    assert len([r for r in runs if r.weight_decay == wd]) == len(plain)
    assert {r.batch_size for r in runs} == set(setup.gap_batch_sizes())
    readings = l2.l2_readings(setup)
    assert sorted(readings.values()) == [pytest.approx(0.1 / setup.n_train), 0.1]  # 0.1 on the summed cost; on the mean
    for value in readings.values():
        at = [r for r in runs if r.weight_decay == value]
        assert {r.lr for r in at} == {0.1} and len(at) == len([r for r in plain if r.lr == 0.1])
    with pytest.raises(ParameterError, match="weight_decay"):
        l2.l2_setup("smoke", -1.0)


def _best(peak_log10, seeds=4, noise=0.001, sizes=(1, 3, 10, 30, 100, 300, 1000, 3000)):
    rng = np.random.default_rng(int(peak_log10 * 100))
    rows = [{"batch_size": b, "seed": s, "test_accuracy": 0.9 - 0.05 * (np.log10(b) - peak_log10) ** 2 + noise * rng.normal()}
            for b in sizes for s in range(seeds)]
    return optimum.best_batch_size(pd.DataFrame(rows))


def test_slope_recovers_a_known_power_law_and_its_interval_covers_it():
    for true_slope in (1.0, 0.5):
        bests = {x: _best(1.0 + true_slope * np.log10(x)) for x in (1, 3, 10, 30)}
        fit = optimum.scaling_slope(bests)
        assert fit.slope == pytest.approx(true_slope, abs=0.03)
        assert fit.slope_low <= true_slope <= fit.slope_high and not fit.grid_end_curves


def test_an_optimum_at_a_grid_end_is_named():
    fit = optimum.scaling_slope({x: _best(1.0 + np.log10(x), sizes=(1, 3, 10, 30, 100, 300)) for x in (1, 3, 10, 30)})
    assert fit.grid_end_curves == (30,)


def _run(b, seed, status="ok", train=1.0, dead=0.1, test=0.9):
    return {"lr": 0.1, "batch_size": b, "seed": seed, "status": status, "train_accuracy": train,
            "dead_fraction": dead, "test_accuracy": test}


@pytest.mark.parametrize("change, clause", [
    (dict(status="failed"), "the run failed"),
    (dict(train=0.98), "it does not fit the training set"),
    (dict(dead=0.6), "most hidden units are dead"),
])
def test_a_run_trains_only_when_it_finished_fits_and_keeps_its_units(change, clause):
    runs = pd.DataFrame([_run(10, 0), _run(10, 1, **change)])
    assert edge_analysis.trains(runs).tolist() == [True, False], clause


def test_the_edge_is_the_smallest_b_from_which_every_larger_b_trains_on_every_seed():
    rows = [_run(b, s) for b in (30, 100, 300) for s in (0, 1, 2)]
    rows += [_run(3, s, status="failed", train=0.1) for s in (0, 1, 2)]
    rows += [_run(10, 0, train=0.95), _run(10, 1), _run(10, 2)]  # seed 0 runs out of updates at B = 10
    rows += [_run(1, 0), _run(1, 1, dead=0.9, train=0.3), _run(1, 2, status="failed")]  # trains on seed 0 only: below a gap
    edge = edge_analysis.trainability_edge(pd.DataFrame(rows))
    assert edge.edge == 30 and (edge.edge_low, edge.edge_high) == (10, 30)
    assert edge.below_edge == "both: 5 runs unstable, 1 ran out of updates"
    assert edge.leave_one_out_log10_edge == pytest.approx(np.log10([10, 30, 30]).tolist())


def test_why_the_runs_below_the_edge_did_not_train_is_told_apart():
    unstable = [_run(b, 0) for b in (30, 100)] + [_run(10, 0, status="diverged", train=0.1)]
    short = [_run(b, 0) for b in (30, 100)] + [_run(10, 0, train=0.9)]
    assert edge_analysis.trainability_edge(pd.DataFrame(unstable)).below_edge == "instability (1 runs)"
    assert edge_analysis.trainability_edge(pd.DataFrame(short)).below_edge == "ran out of updates (1 runs)"
    every = edge_analysis.trainability_edge(pd.DataFrame([_run(b, 0) for b in (10, 30)]))
    assert every.edge == 10 and every.below_edge.startswith("nothing")
    none = edge_analysis.trainability_edge(pd.DataFrame([_run(10, 0), _run(30, 0, train=0.5)]))
    assert np.isnan(none.edge)


def test_an_optimum_is_edge_bound_at_or_below_its_edge_or_without_one():
    assert edge_analysis.edge_bound(make_optimum(30.0), make_edge(30.0))
    assert edge_analysis.edge_bound(make_optimum(10.0), make_edge(30.0))
    assert not edge_analysis.edge_bound(make_optimum(100.0), make_edge(30.0))
    assert edge_analysis.edge_bound(make_optimum(100.0), make_edge(float("nan"), [float("nan")] * 3))


def _edge(log10_edge, seeds=3):
    return make_edge(10 ** log10_edge, [log10_edge] * seeds)


def test_the_optimum_is_fitted_on_the_curves_above_their_edge_and_the_edge_on_every_curve():
    xs = (1, 3, 10, 30)
    best = {x: _best(1.5 + np.log10(x)) for x in xs}
    edges = {1: _edge(2.0), 3: _edge(2.0), 10: _edge(1.0), 30: _edge(1.0)}  # the first two optima sit on their edge
    fits = edge_analysis.scaling_fits(best, edges)
    assert fits.edge_bound == (1.0, 3.0) and fits.optimum.curves == (10.0, 30.0)
    assert fits.optimum.slope == pytest.approx(1.0, abs=0.05)
    assert fits.edge.slope == pytest.approx(np.polyfit(np.log10(xs), [2.0, 2.0, 1.0, 1.0], 1)[0])
    one_above = edge_analysis.scaling_fits(best, {**edges, 10: _edge(2.8)})
    assert one_above.optimum is None and scaling_claims.check_scaling("C8", "Fig. 5b", "ε", one_above).verdict == "undecided"


def test_scaling_check_passes_near_one_and_fails_far_from_it_on_optima_above_the_edge():
    low_edges = {x: _edge(-1.0) for x in (1, 3, 10, 30)}
    near = {x: _best(1.0 + np.log10(x)) for x in (1, 3, 10, 30)}
    assert scaling_claims.check_scaling("C8", "Fig. 5b", "ε", edge_analysis.scaling_fits(near, low_edges)).verdict == "reproduced"
    flat = {x: _best(1.5 + 0.3 * np.log10(x)) for x in (1, 3, 10, 30)}
    assert scaling_claims.check_scaling("C8", "Fig. 5b", "ε", edge_analysis.scaling_fits(flat, low_edges)).verdict == "not reproduced"


def test_collapse_score_is_zero_when_g_fixes_the_accuracy_and_large_when_it_does_not():
    rows = []
    for lr in (0.03, 0.1, 0.3):
        for b in (1, 3, 10, 30, 100):
            g = lr * (1000 / b - 1) / 0.1
            rows.append({"batch_size": b, "noise_scale": g, "test_accuracy": 0.9 - 0.01 * (np.log10(g) - 1.5) ** 2})
    runs = pd.DataFrame(rows)
    by_g, by_b = collapse.collapse_score(runs, "noise_scale"), collapse.collapse_score(runs, "batch_size")
    assert by_g < 0.1 < by_b
    shuffled = runs.assign(test_accuracy=np.random.default_rng(0).permutation(runs["test_accuracy"].to_numpy()))
    assert collapse.collapse_score(shuffled, "noise_scale") > by_g


def test_figure_6_in_the_papers_protocol_trains_every_n_for_the_papers_updates_on_large_data():
    """Fails if the default budget family leaves the paper's 10^4 updates, stops short of N = 16,000,
    spaces N more than a factor 2 apart, or if its doubled-budget twin is not the same curves at 2U."""
    setup = figure6.figure6_setup("default")
    sizes = [c.n_train for c in setup.budget.curves]
    assert setup.budget.data_source == "fashion" and min(sizes) <= 1000 and max(sizes) >= 16000
    assert max(b / a for a, b in zip(sizes, sizes[1:])) <= 2
    assert {c.steps for c in setup.budget.curves} == {10_000}
    assert setup.budget.t == runs.sde_time(0.1, 10_000, 8000, 0.9)  # the common curve's
    assert all(max(c.batch_sizes) <= 3000 for c in setup.budget.curves)  # the default profile's caps
    assert all(max(c.batch_sizes) <= 300 for c in setup.time.curves)
    times = [runs.sde_time(c.lr, c.steps, c.n_train, c.momentum) for c in setup.time.curves]
    assert np.allclose(times, setup.time.t) and max(c.n_train for c in setup.time.curves) >= 4000
    small_x = scaling_setups.scaling_setup("fig6", "default")  # Figure X's panel: the small-N part's first seeds
    assert setup.small.curves == small_x.curves and setup.small.seeds[:len(small_x.seeds)] == small_x.seeds
    assert setup.budget.doublings == profiles.FIG6["default"].budget.doublings
    doubled = setup.budget.doubled_budget()
    assert [replace(c, steps=c.steps // 2) for c in doubled.curves] == list(setup.budget.curves)
    assert {c.steps for c in doubled.curves} == {20_000} and not set(doubled.runs()) & set(setup.budget.runs())
    smoke = figure6.figure6_setup("smoke")
    assert smoke.budget.budget_test and set(smoke.budget.doubled_budget().runs()) <= set(smoke.all_runs())


def test_the_paper_profiles_figure_6_uses_the_full_mnist_only_where_it_is_downloaded(tmp_path, monkeypatch):
    monkeypatch.setenv("BAYES_SGD_CACHE", str(tmp_path))
    assert figure6.large_source() == "fashion"
    (tmp_path / "mnist").mkdir()
    for name in data.MNIST_FILES:
        (tmp_path / "mnist" / name).write_bytes(b"")
    assert figure6.large_source() == "full"
    assert max(c.n_train for c in figure6.figure6_setup("paper").budget.curves) == 60000


@pytest.mark.parametrize("overrides, name", [
    (dict(time_values=[1000]), "time_values"),
    (dict(values=[1000, 70000]), "values contains N=70000"),
    (dict(small_values=[500, 4500]), "N=4500"),
    (dict(data_source="embedded", values=[1000, 8000]), "values contains N=8000"),
])
def test_bad_figure_6_parameters_are_named_before_any_run(overrides, name):
    with pytest.raises(ParameterError, match=name):
        figure6.figure6_setup("default", **overrides)


def test_max_batch_caps_the_grid():
    assert scaling_setups.batch_grid(0.1, 16000, 0.9, (2, 1000), profiles.HALF_DECADES) == (30, 100, 300, 1000, 3000)
    assert scaling_setups.batch_grid(0.1, 16000, 0.9, (2, 1000), profiles.HALF_DECADES, max_batch=1000) == (30, 100, 300, 1000)


def test_figures_5_and_7_run_at_another_training_set_size_where_asked():
    setup = scaling_setups.scaling_setup("fig5", "default", n_train=16000)
    assert {c.n_train for c in setup.curves} == {16000}
    base = [c for c in setup.curves if c.lr == 0.1][0]
    assert base.steps == profiles.COMMON_CURVE["default"].steps
    assert "N = 16,000" in setup_tables.scaling_setup_table(setup).set_index("setting").loc["base setting", "used here"]
    with pytest.raises(ParameterError, match="n_train=4500"):
        scaling_setups.scaling_setup("fig7", "default", data_source="embedded", n_train=4500)
    with pytest.raises(ParameterError, match="n_train=8000"):  # the large base's N, on data too small for it
        scaling_setups.scaling_setup("fig7", "default", data_source="embedded")
    with pytest.raises(ParameterError, match="n_train is not allowed for fig6"):
        scaling_setups.scaling_setup("fig6", "default", n_train=4000)


def test_a_scaling_figure_with_its_units_kept_alive_trains_the_same_grid_with_leaky_relu_only():
    """Fails if activation does not reach every run (Figure 6's three families included), changes
    anything else about them, or is accepted with a name the trainer does not know."""
    from bayes_sgd import figures
    from bayes_sgd.params import ParameterError

    for key in ("fig5", "fig6"):
        plain, alive = (figures.runs(key, "smoke", activation=a) for a in ("relu", "leaky_relu"))
        assert {r.activation for r in alive} == {"leaky_relu"}
        assert [replace(r, activation="relu") for r in alive] == plain
    with pytest.raises(ParameterError, match="activation"):
        figures.setup("fig5", "smoke", activation="tanh")


def test_the_command_line_passes_seeds_and_activation_to_the_scaling_figures_only(capsys):
    from bayes_sgd import cli

    with pytest.raises(SystemExit) as stop:
        cli.main(["run", "fig4", "--profile", "smoke", "--activation", "leaky_relu"])
    assert stop.value.code == 2 and "scaling figures only" in capsys.readouterr().err
    with pytest.raises(SystemExit) as stop:
        cli.main(["run", "fig3", "--profile", "smoke", "--values", "0.1", "0.3"])
    assert stop.value.code == 2 and "--values is allowed for the scaling figures only" in capsys.readouterr().err
    with pytest.raises(SystemExit) as stop:
        cli.main(["export", "all", "--profile", "smoke", "--refine", "-o", "never.json.gz"])
    assert stop.value.code == 2 and "--refine is allowed for one scaling figure at a time" in capsys.readouterr().err
    with pytest.raises(SystemExit) as stop:
        cli.main(["run", "fig5", "--profile", "smoke", "--alive", "--activation", "leaky_relu"])
    assert stop.value.code == 2 and "alive=True is not allowed with activation='leaky_relu'" in capsys.readouterr().err


def test_the_command_line_s_values_set_a_scaling_figures_curves_n_as_integers(monkeypatch):
    """Fails if --values does not reach the setup (a curve beyond the profile, such as N = 60,000,
    could not be computed and archived before the profile takes it), or if an N arrives as a float."""
    from bayes_sgd import cli, figures

    asked = []
    monkeypatch.setattr(figures, "results_of", lambda key, chosen, device, scheduler: asked.append(chosen) or [])
    cli.main(["run", "fig6", "--profile", "smoke", "--values", "400", "800"])
    cli.main(["run", "fig5", "--profile", "smoke", "--values", "0.1", "0.2", "--n-seeds", "3"])
    fig6, fig5 = asked
    assert [c.n_train for c in fig6.budget.curves] == [400, 800] and all(isinstance(c.n_train, int) for c in fig6.budget.curves)
    assert [c.lr for c in fig5.curves] == [0.1, 0.2] and len(fig5.seeds) == 3
    assert cli.varied_value("60000") == 60000 and cli.varied_value("0.975") == 0.975 and isinstance(cli.varied_value("1.0"), float)
    cli.main(["run", "fig7", "--profile", "smoke", "--refine", "--alive"])
    assert asked[-1].fine_ladder == profiles.FINE_LADDER and fig5.fine_ladder is None
    assert asked[-1].alive and not fig5.alive


def test_the_setup_table_says_where_the_curves_are_refined_on_the_finer_ladder():
    """Fails if a refined figure's table hides its finer ladder (the page would publish optima found on
    steps of 2 as if on the paper's 3.16), or if an unrefined one claims it."""
    refined = scaling_setups.scaling_setup("fig5", "smoke", refine=True)
    table = setup_tables.scaling_setup_table(refined).set_index("setting")
    assert "1, 2, 3, 5, 10, 20, 30" in table.loc["finer ladder", "used here"]
    plain = setup_tables.scaling_setup_table(scaling_setups.scaling_setup("fig5", "smoke", refine=False))
    assert "finer ladder" not in set(plain["setting"])


def test_figures_5_6_and_7_share_their_base_curve_run_for_run():
    """Fails if a change to one figure's settings (its seeds, test images, updates or data) moves
    the curve it shares with the others (N = 8,000, ε = 0.1, m = 0.9 in the default profile): the
    archives would then hold that curve twice, or one figure's copy would be missing. A figure the
    profile refines (the finer ladder) adds runs to the curve and keeps the others' as they are."""
    from bayes_sgd import figures

    def base_curve(key: str, refine: bool | None = False) -> set:
        setup = figures.setup(key, "default", refine=refine)
        family = setup.budget if key == "fig6" else setup
        return {r for r in family.all_runs() if (r.lr, r.momentum, r.n_train) == (0.1, 0.9, 8000)}

    fig5, fig6, fig7 = (base_curve(k) for k in ("fig5", "fig6", "fig7"))
    fig6_seeds = {r.seed for r in fig6}  # Figure 6 may keep the first of the common curve's seeds
    assert fig5 and fig5 == fig7 and fig6 == {r for r in fig5 if r.seed in fig6_seeds}
    assert all(base_curve(k, refine=None) >= base for k, base in (("fig5", fig5), ("fig6", fig6), ("fig7", fig7)))


def test_a_page_names_its_varied_quantity_and_still_takes_the_old_name_values():
    """Fails if learning_rates (momenta, training_set_sizes) and the old `values` set different curves,
    if giving both passes silently, or if a page can be called with its settings by position."""
    from bayes_sgd.pages.scaling import ScalingPage

    named = ScalingPage("fig5", profile="smoke", learning_rates=[0.1, 0.3])
    old = ScalingPage("fig5", profile="smoke", values=[0.1, 0.3])
    assert named.setup == old.setup and [c.lr for c in named.setup.curves] == [0.1, 0.3]
    assert [c.momentum for c in ScalingPage("fig7", profile="smoke", momenta=[0.5, 0.9]).setup.curves] == [0.5, 0.9]
    with pytest.raises(ParameterError, match="learning_rates or its old name values"):
        ScalingPage("fig5", profile="smoke", learning_rates=[0.1, 0.3], values=[0.1, 0.3])
    with pytest.raises(TypeError):
        ScalingPage("fig5", "smoke")
