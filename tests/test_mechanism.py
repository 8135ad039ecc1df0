"""The mechanism chapter's decision logic on constructed sweeps: the best ε and its place against
the stability edge, the epoch check, the T1 ratio and T2 slope recovered, the map's budget edge,
and every record's verdict clause by clause."""
import numpy as np
import pandas as pd
import pytest
from conftest import make_optimum, make_slope

from bayes_sgd.analysis import mechanism
from bayes_sgd.analysis import temperature as temp
from bayes_sgd.analysis.simple_noise import noise_scale_of, noise_scale_slope
from bayes_sgd.claims import mechanism as claims
from bayes_sgd.setups.temperature import temperature_setup

MOMENTUM = 0.9


def sweep(slope: float = -0.5, ratio: float = 4.0, sizes=(1000, 4000, 16000), unstable_above: float | None = None,
          seeds=(0, 1, 2), spread: float = 0.002, best_t: float = 0.005) -> pd.DataFrame:
    """Runs of a temperature sweep whose accuracy peaks, in log ε, at a best temperature
    best_t·(N/1000)^slope at B = 32 and at `ratio`/4 times the proportional ε at B = 128; runs
    with ε above `unstable_above`·(B/32) diverge."""
    rng = np.random.default_rng(0)
    rows = []
    for n in sizes:
        for b in (32, 128):
            peak = best_t * (n / 1000) ** slope * b * (1 - MOMENTUM) * (ratio / 4 if b == 128 else 1)
            for k in range(9):
                lr = 0.0005 * (b / 32) * 2 ** k
                broken = unstable_above is not None and lr > unstable_above * b / 32
                for s in seeds:
                    accuracy = 0.1 if broken else 0.9 - 0.05 * np.log2(lr / peak) ** 2 + rng.normal(0, spread)
                    rows.append({"n_train": n, "batch_size": b, "lr": lr, "seed": s, "test_accuracy": accuracy,
                                 "status": "diverged" if broken else "ok", "dead_fraction": 0.0})
    return pd.DataFrame(rows)


def test_a_known_slope_and_ratio_are_recovered_from_constructed_curves():
    """Fails if T is not ε/(B(1 − m)), if the slope is fitted on ε instead of T, or the ratio
    is taken the wrong way round."""
    bests = temp.best_lrs(sweep(slope=-0.5, ratio=4.0))
    fit = temp.temperature_slope(bests, MOMENTUM)
    assert fit.fit.slope == pytest.approx(-0.5, abs=0.03) and fit.fit.slope_low < -0.5 < fit.fit.slope_high
    ratio = temp.lr_ratio(bests, 32, 128)
    assert ratio["ratio"] == pytest.approx(4.0, rel=0.05) and ratio["low"] < 4 < ratio["high"]
    assert temp.lr_ratio(temp.best_lrs(sweep(ratio=1.0)), 32, 128)["ratio"] == pytest.approx(1.0, rel=0.05)


def test_a_best_lr_at_the_largest_stable_lr_is_edge_bound_and_at_a_grid_end_a_bound():
    """Fails if an optimum pinned at the stability edge, or at an end of the ε grid, counts."""
    peak_at_edge = temp.best_lrs(sweep(unstable_above=0.008, best_t=0.02))  # the peak lies beyond the stable ε
    assert {b.state for b in peak_at_edge.values()} == {"edge-bound"}
    assert all(b.optimum.grid_best == b.stable_edge for b in peak_at_edge.values())
    upper = temp.best_lrs(sweep(best_t=0.5))  # the peak lies beyond the grid
    assert {b.state for b in upper.values()} == {"upper end"}
    lower = temp.best_lrs(sweep(best_t=1e-5))
    assert {b.state for b in lower.values()} == {"lower end"}
    assert temp.temperature_slope(upper, MOMENTUM) is None and temp.lr_ratio(upper, 32, 128) is None


def test_a_batch_size_where_no_lr_trains_says_so_in_the_table_and_the_record():
    """Fails if 'no stable ε' becomes a NaN or a traceback in the table or the record."""
    runs = sweep(unstable_above=0.0001)  # every ε diverges
    bests = temp.best_lrs(runs)
    assert {b.state for b in bests.values()} == {"no stable ε"}
    table = temp.best_lr_table(bests, MOMENTUM)
    assert set(table["best ε (grid)"]) == {"no stable ε"} and not table.isna().any().any()
    record = claims.check_temperature_slope(None, "", True, {f"N = {n}, B = {b}": x.state for (n, b), x in bests.items()}, "x")
    assert record.verdict == "undecided" and "no stable ε" in str(record.numbers)


def test_the_epoch_check_flags_a_best_lr_that_moves_with_the_budget():
    """Fails if a best ε outside the first budget's interval at twice the epochs passes."""
    once = temp.best_lrs(sweep(sizes=(16000,)))
    same = temp.best_lrs(sweep(sizes=(16000,), spread=0.0021))
    moved = temp.best_lrs(sweep(sizes=(16000,), best_t=0.005 * 4))
    assert all(c["stayed"] for c in temp.epoch_check(once, same).values())
    assert not any(c["stayed"] for c in temp.epoch_check(once, moved).values())


def _ratio(ratio: float, spread: float) -> dict:
    """lr_ratio's output: a ratio of best ε whose leave-one-seed-out log10 values spread by ±spread."""
    log = np.log10(ratio)
    return {"ratio": ratio, "low": np.nan, "high": np.nan, "log10_ratio": log, "sizes": [1000],
            "leave_one_out_log10_ratio": [log - spread, log, log + spread], "per_size": {1000: ratio}}


@pytest.mark.parametrize("ratio, spread, expected", [
    (4.0, 0.02, "reproduced"),      # the exponent log(ratio)/log(4) = 1, its 90% interval inside 0.8 to 1.25
    (1.5, 0.02, "not reproduced"),  # exponent 0.29: outside the band
    (4.0, 0.3, "inconclusive"),     # the right ratio, but too wide to tell from 1
])
def test_t1_clause_by_clause(ratio, spread, expected):
    record = claims.check_temperature_ratio(_ratio(ratio, spread), 32, 128, {}, "x")
    assert record.verdict == expected
    assert record.decision["estimate"] == pytest.approx(np.log10(ratio) / np.log10(4))
    bound = claims.check_temperature_ratio(None, 32, 128, {"N = 1000, B = 32": "upper end"}, "x")
    assert bound.verdict == "undecided" and "upper end" in str(bound.numbers)  # the record says it is a bound


SIZES = (1000, 4000, 16000)
BEST_T = {1000: 0.01, 4000: 0.0025, 16000: 0.0006}


def _slope(value: float, half95: float, curves=SIZES):
    """A fitted slope whose 95% jackknife interval (3 seeds) is value ± half95."""
    return make_slope(value, value - half95, value + half95, 3, curves)


@pytest.mark.parametrize("value, half95, stayed, expected", [
    (-1.0, 0.1, True, "reproduced"),
    (-0.45, 0.15, True, "not reproduced"),  # the band around −1 missed
    (-0.55, 0.65, True, "inconclusive"),    # reaches into the band and to 0: too wide
    (-1.0, 0.1, False, "undecided"),        # only the epoch check fails
])
def test_t2_clause_by_clause(value, half95, stayed, expected):
    fit = _slope(value, half95)
    slope = temp.TemperatureSlope(fit, SIZES, BEST_T)
    record = claims.check_temperature_slope(slope, temp.reading_of_slope(fit.slope_low, fit.slope_high),
                                            stayed, {}, "x")
    assert record.verdict == expected
    assert claims.check_temperature_slope(None, "", True, {}, "x").verdict == "undecided"




@pytest.mark.parametrize("value, half95, expected", [
    (1.0, 0.1, "reproduced"),
    (0.4, 0.2, "not reproduced"),  # the band missed
    (0.4, 0.5, "inconclusive"),    # reaches into the band and to 0
])
def test_n1_clause_by_clause(value, half95, expected):
    assert claims.check_noise_scale_slope(_slope(value, half95, (1, 2, 3, 4, 5)), None, "x").verdict == expected
    assert claims.check_noise_scale_slope(None, None, "x").verdict == "undecided"


def test_b_simple_of_a_run_skips_the_first_tenth_and_the_slope_needs_three_curves():
    """Fails if the early records (at the initial weights) enter B_simple, or a slope is fitted on two curves."""
    result = {"curves": {"step": [0, 1, 10, 100, 1000], "noise_scale": [1e6, 1e6, 10.0, 40.0, 160.0]}}
    assert noise_scale_of(result) == pytest.approx(80.0)  # the geometric mean of 40 and 160
    two = {"a": (5.0, make_optimum(10.0)), "b": (50.0, make_optimum(100.0))}
    assert noise_scale_slope(two) is None
    three = {**two, "c": (500.0, make_optimum(1000.0))}
    assert noise_scale_slope(three).slope == pytest.approx(1.0)


def test_the_budget_edge_is_the_first_batch_size_above_every_budget_limited_one():
    test = pd.DataFrame({"n_train": [8000] * 4 + [1000] * 2, "batch_size": [100, 300, 1000, 3000, 100, 300],
                         "budget-limited": [True, True, False, False, False, False]})
    assert mechanism.budget_edge(test, "n_train", 8000) == 1000
    assert np.isnan(mechanism.budget_edge(test, "n_train", 1000))
    counts = mechanism.mechanism_counts({1: "noise", 2: "budget", 3: "budget", 4: "stability", 5: "dying units"})
    assert counts == {"noise": 1, "stability": 1, "dying units": 1, "budget": 2, "unresolved": 0, "untested": 0}
    assert mechanism.what_sets(counts) == "budget" and mechanism.what_sets({"noise": 1, "budget": 1}) == "noise and budget"


def test_the_sweep_sees_the_same_temperatures_at_every_batch_size_and_checks_its_largest_n():
    """Fails if the ε grid of the larger batch size is not the smaller's times their ratio, or the
    epoch check trains another N or the same epochs."""
    setup = temperature_setup("default")
    main = setup.main
    assert [lr / (128 * 0.1) for lr in main.lrs(128)] == pytest.approx([lr / (32 * 0.1) for lr in main.lrs(32)])
    assert setup.checked().n_trains == (max(main.n_trains),) and setup.checked().epochs == 2 * main.epochs
    assert {r.steps for r in main.runs() if (r.n_train, r.batch_size) == (16000, 32)} == {main.epochs * 16000 // 32}


def test_the_command_line_s_data_source_is_accepted_unset_and_refused_set_for_the_chapter():
    """Fails if `bayes-sgd run figM` (which passes data_source=None) breaks again, or if a data source
    given for figM is silently ignored instead of refused by name."""
    from bayes_sgd import figures
    from bayes_sgd.params import ParameterError

    assert figures.setup("figM", "smoke", data_source=None).temperature.profile == "smoke"
    with pytest.raises(ParameterError, match="data_source='fashion'"):
        figures.setup("figM", "smoke", data_source="fashion")


def test_the_noise_scale_plot_takes_each_curve_s_optimum_where_the_budget_test_judged_it():
    """Fails if N1 and the map use different optima for one curve: the first budget's, where the
    doubled-budget test settled on another."""
    from types import SimpleNamespace

    from bayes_sgd.pages.mechanism import _optimum

    judged, first = make_optimum(173.0), make_optimum(410.0)
    assert _optimum(SimpleNamespace(optima={0.1: SimpleNamespace(best=judged)}, best={0.1: first}), 0.1) is judged
    assert _optimum(SimpleNamespace(optima=None, best={0.1: first}), 0.1) is first


def test_the_map_says_dying_units_where_the_units_kept_alive_moved_an_optimum_down():
    """Fails if the mechanism map and its counts keep the budget test's 'noise' for a curve whose
    optimum moved down once its units were kept alive, or drop the curves not trained alive."""
    from types import SimpleNamespace

    from bayes_sgd.pages.mechanism import _set_by

    tested = {0.05: "noise", 0.1: "noise", 0.2: "budget"}
    family = SimpleNamespace(best=dict.fromkeys(tested), set_by=tested.get,
                             set_by_alive=lambda: {0.05: "dying units", 0.1: "noise"})
    assert _set_by(family) == {0.05: "dying units", 0.1: "noise", 0.2: "budget"}
    family.set_by_alive = lambda: None
    assert _set_by(family) == tested
    optima = {0.05: SimpleNamespace(best=make_optimum(300.0), stability_edge=100.0, set_by="noise")}
    test = pd.DataFrame({"lr": [0.05], "batch_size": [300], "budget-limited": [False]})
    assert mechanism.curve_map(optima, test, {}, "lr", {0.05: "dying units"})["set_by"].tolist() == ["dying units"]
    assert mechanism.curve_map(optima, test, {}, "lr")["set_by"].tolist() == ["noise"]


@pytest.mark.parametrize("profile", ["smoke", "default", "paper"])
def test_the_chapter_reads_every_scaling_figure_at_the_seeds_all_of_them_have(profile):
    """Fails if N1's curves come with different seeds (its jackknife leaves one seed out of every
    curve at once: Figures 5 and 7 at five seeds beside Figure 6 at three broke it)."""
    from bayes_sgd import figures

    chosen = figures.setup("figM", profile).scaling
    parts = [chosen["fig5"], chosen["fig7"], *chosen["fig6"].parts().values()]
    assert len({part.seeds for part in parts}) == 1
