"""The definitions of a curve's optimum, the two resamplings and the simulation's scoring, against
synthetic curves with a known optimum and exponent and values computed by hand."""
import numpy as np
import pandas as pd
import pytest

from bayes_sgd.analysis.definitions import (
    CollapseShift,
    Curve,
    GridBest,
    Knee,
    SmoothedArgmax,
    TopQuadratic,
    Vertex,
    curve_of,
    definition,
)
from bayes_sgd.analysis.intervals import jackknife_se
from bayes_sgd.analysis.optimum import best_by_curve, scaling_slope
from bayes_sgd.analysis.resampling import FamilySlope, Jackknife, SeedBootstrap, family_slope, resampling
from bayes_sgd.analysis.simulation import MIN_EXPERIMENTS, CoverageError, Simulated, residuals, score
from bayes_sgd.claims.robustness import Reading, Robustness, allowed, may_decide
from bayes_sgd.claims.verdict import Decision, jackknife

LOG_B = np.log10([10, 20, 50, 100, 200, 500, 1000, 2000])


def cliff(log_b, centre, top=0.9):
    """A cliff rising to a plateau that falls gently: its knee and peak move with centre."""
    return top - 0.3 * np.exp(-3 * (log_b - centre)) * (log_b < centre + 2) - 0.02 * (log_b - centre - 0.5) ** 2


def one_curve(centre, seeds=4, noise=0.0, rng=None):
    truth = cliff(LOG_B, centre)
    values = np.tile(truth, (seeds, 1))
    if noise:
        values = values + rng.normal(0, noise, values.shape)
    return Curve(LOG_B, values, tuple(range(seeds)))


def test_a_symmetric_peak_is_found_by_every_peak_definition():
    peak = np.log10(200)
    mean = 0.9 - 0.05 * (LOG_B - peak) ** 2
    assert GridBest().log10_optimum(LOG_B, mean) == pytest.approx(peak)
    assert Vertex().log10_optimum(LOG_B, mean) == pytest.approx(peak)
    assert TopQuadratic(within=0.02).log10_optimum(LOG_B, mean) == pytest.approx(peak)
    assert SmoothedArgmax().log10_optimum(LOG_B, mean) == pytest.approx(peak, abs=0.03)  # an uneven ladder


def test_the_knee_interpolates_where_the_curve_comes_within_its_distance_of_the_top():
    mean = np.array([0.5, 0.7, 0.88, 0.9, 0.9, 0.9, 0.9, 0.9])
    # 0.9 - 0.01 = 0.89 lies between 0.88 (log10 50) and 0.9 (log10 100): halfway in log B
    assert Knee(within=0.01).log10_optimum(LOG_B, mean) == pytest.approx((np.log10(50) + np.log10(100)) / 2)


def test_a_definition_that_cannot_place_an_optimum_says_why_and_returns_nan():
    flat_from_start = np.full(len(LOG_B), 0.9)
    assert np.isnan(Knee().log10_optimum(LOG_B, flat_from_start))
    assert "already within" in Knee().why_not(LOG_B, flat_from_start)
    rising = np.linspace(0.5, 0.9, len(LOG_B))  # best at the end: the smoothed peak is a bound
    assert np.isnan(SmoothedArgmax().log10_optimum(LOG_B, rising))
    assert "end of the ladder" in SmoothedArgmax().why_not(LOG_B, rising)
    single_top = np.array([0.5, 0.6, 0.7, 0.9, 0.7, 0.6, 0.5, 0.4])
    assert np.isnan(TopQuadratic(within=0.01).log10_optimum(LOG_B, single_top))
    assert "fewer than 3" in TopQuadratic(within=0.01).why_not(LOG_B, single_top)


def test_top_quadratic_refuses_a_vertex_outside_the_points_that_define_it():
    # the three top points rise and curve down only past the last of them
    mean = np.array([0.5, 0.6, 0.7, 0.8, 0.893, 0.897, 0.9, 0.5])
    d = TopQuadratic(within=0.01)
    assert np.isnan(d.log10_optimum(LOG_B, mean))
    assert "outside the points" in d.why_not(LOG_B, mean)


def test_vertex_definition_is_the_books_vertex_slope_with_the_jackknife():
    """The seam reproduces the book's first definition bit for bit (the slope and its SE)."""
    rng = np.random.default_rng(3)
    rows = []
    for x, centre in ((1000, 1.6), (4000, 2.0), (16000, 2.5)):
        for seed in range(4):
            for b, acc in zip([10, 20, 50, 100, 200, 500, 1000, 2000],
                              cliff(LOG_B, centre) + rng.normal(0, 0.003, len(LOG_B))):
                rows.append({"n_train": x, "batch_size": b, "seed": seed, "test_accuracy": acc})
    frame = pd.DataFrame(rows)
    old = scaling_slope(best_by_curve(frame, "n_train"))
    curves = {float(x): curve_of(p) for x, p in frame.groupby("n_train")}
    new = family_slope(curves, Vertex(), Jackknife()).fit
    assert new.slope == old.slope and new.se == pytest.approx(old.se, rel=1e-12)


@pytest.mark.parametrize("d", [GridBest(), Vertex(), SmoothedArgmax(), Knee(), CollapseShift()])
def test_every_definition_recovers_a_known_exponent_on_a_shifted_family(d):
    """Curves shifted along log B by α·log x: every definition's slope is α (within a ladder step
    for the grid best). A dense ladder, so that the grid best can follow."""
    dense = np.linspace(0.5, 4.0, 71)
    alpha, xs = 0.8, (1.0, 2.0, 4.0, 8.0)
    curves = {x: Curve(dense, np.tile(cliff(dense, 1.5 + alpha * np.log10(x)), (3, 1)), (0, 1, 2)) for x in xs}
    fit = family_slope(curves, d, Jackknife()).fit
    assert fit.slope == pytest.approx(alpha, abs=0.1 if isinstance(d, GridBest) else 0.03)


def test_the_collapse_with_top_levels_ignores_a_change_of_height():
    dense = np.linspace(0.5, 4.0, 71)
    curves = {x: Curve(dense, np.tile(cliff(dense, 1.5 + 1.0 * np.log10(x), top=0.8 + 0.02 * i), (3, 1)),
                       (0, 1, 2)) for i, x in enumerate((1.0, 3.0, 10.0))}
    fit = family_slope(curves, definition("collapse", levels="top"), Jackknife()).fit
    assert fit.slope == pytest.approx(1.0, abs=0.03)


def test_the_collapse_is_not_placed_where_the_curves_never_overlap():
    short = np.log10([10, 20])
    curves = {x: Curve(short + 3 * k, np.array([[0.8, 0.9]] * 3), (0, 1, 2)) for k, x in enumerate((1.0, 10.0, 100.0))}
    got = family_slope(curves, CollapseShift(alphas=(-0.5, 0.5, 0.01)), Jackknife())
    assert got.fit is None and "no exponent" in got.reason


def test_jackknife_se_by_hand():
    # values 1, 2, 3, 6: mean 3, squares 4 + 1 + 0 + 9 = 14; √(3/4 · 14) = √10.5
    assert jackknife_se([1, 2, 3, 6]) == pytest.approx(np.sqrt(10.5))
    assert jackknife(0.0, [1, 2, 3, 6]).se == pytest.approx(np.sqrt(10.5))  # the verdict's one function
    assert np.isnan(jackknife_se([1.0]))


def test_jackknife_leaves_one_seed_out_of_every_curve_and_the_bootstrap_draws_one_set_for_all():
    assert Jackknife().draws((0, 1, 2)) == [(1, 2), (0, 2), (0, 1)]
    draws = SeedBootstrap(resamples=5, seed=1).draws((0, 1, 2))
    assert draws == SeedBootstrap(resamples=5, seed=1).draws((0, 1, 2))  # seeded
    assert len(draws) == 5 and all(len(d) == 3 and set(d) <= {0, 1, 2} for d in draws)
    # by hand: SE of the bootstrap is the standard deviation of its estimates (ddof 1)
    assert SeedBootstrap().se(np.array([1.0, 2.0, 3.0])) == pytest.approx(1.0)


def test_paired_resampling_uses_the_same_seeds_on_every_curve():
    """A seed that is bad on every curve moves every curve together: paired, the slope hardly
    moves; unpaired draws would have moved it."""
    dense = np.linspace(0.5, 4.0, 71)
    curves = {}
    for x in (1.0, 3.0, 10.0):
        values = np.tile(cliff(dense, 1.5 + np.log10(x)), (4, 1))
        values[3] = cliff(dense, 1.9 + np.log10(x))  # seed 3 shifts every curve by the same 0.4
        curves[x] = Curve(dense, values, (0, 1, 2, 3))
    fit = family_slope(curves, Knee(), SeedBootstrap(resamples=50)).fit
    assert fit.se < 0.02


def test_an_unknown_definition_or_resampling_names_the_allowed_ones():
    with pytest.raises(ValueError, match="allowed: grid best"):
        definition("argmax")
    with pytest.raises(ValueError, match="allowed: jackknife, seed bootstrap"):
        resampling("bayesian")


def test_too_few_placed_curves_give_no_slope_and_say_so():
    flat = {x: Curve(LOG_B, np.full((3, len(LOG_B)), 0.9), (0, 1, 2)) for x in (1.0, 2.0, 4.0)}
    got = family_slope(flat, Knee(), Jackknife())
    assert got.fit is None and len(got.not_placed) == 3 and "fewer than 3" in got.reason


def test_residuals_keep_each_seeds_vector_and_the_seeds_variance():
    values = np.array([[0.8, 0.9], [0.82, 0.88], [0.84, 0.92]])
    r = residuals(Curve(np.log10([10, 20]), values, (0, 1, 2)))
    assert r[:, 0] == pytest.approx(np.array([-0.02, 0.0, 0.02]) * np.sqrt(1.5))
    assert np.var(r[:, 0]) == pytest.approx(np.var(values[:, 0], ddof=1))


def test_a_simulated_family_is_shifted_by_its_exponent_and_seeded():
    curves = {x: one_curve(1.5 + 0.5 * np.log10(x), noise=0.002, rng=np.random.default_rng(0)) for x in (1.0, 10.0)}
    sim = Simulated(1.0, 0.5, "none", curves)
    a, b = sim.draw(np.random.default_rng(5)), sim.draw(np.random.default_rng(5))
    assert np.array_equal(a[10.0].values, b[10.0].values)
    noiseless = Simulated(1.0, 0.5, "none", {x: Curve(c.log_b, c.values[:1].repeat(2, 0), (0, 1))
                                               for x, c in curves.items()}).draw(np.random.default_rng(0))
    # the x = 10 truth is the reference's curve half a decade further right: its knee half a decade up
    knee = [Knee().log10_optimum(LOG_B, noiseless[x].mean()) for x in (1.0, 10.0)]
    assert knee[1] - knee[0] == pytest.approx(0.5, abs=0.05)


def test_a_coverage_from_fewer_than_the_minimum_of_experiments_is_refused():
    with pytest.raises(CoverageError, match=str(MIN_EXPERIMENTS)):
        score("knee 0.01", "jackknife", 1.0, [(1.0, 0.1, 0.2)], MIN_EXPERIMENTS - 1)


def test_score_counts_bias_and_coverage():
    rows = [(1.1, 0.05, 0.2)] * 250 + [(0.9, 0.2, 0.3)] * 250
    s = score("vertex", "jackknife", 1.0, rows, 500)
    assert s.bias == pytest.approx(0.0) and s.coverage_95 == 1.0 and s.coverage_90 == 0.5 and s.half_width == 0.25


def _score(coverage=0.95, bias=0.0, half_width=0.3, covered=500):
    from bayes_sgd.analysis.simulation import Score
    return Score("vertex", "jackknife", 1.0, 500, 500, covered, bias, half_width, 0.9, coverage)


@pytest.mark.parametrize("changed, passes", [({}, True), ({"coverage": 0.91}, False), ({"coverage": 0.995}, False),
                                             ({"bias": 0.11}, False), ({"bias": -0.11}, False),
                                             ({"bias": 0.09}, True), ({"covered": 499}, False)])
def test_each_clause_of_may_decide_fails_alone(changed, passes):
    assert may_decide(_score(**changed))[0] is passes


def test_a_definition_is_allowed_only_where_every_simulated_exponent_passes():
    assert allowed([_score(), _score()])[0]
    assert not allowed([_score(), _score(coverage=0.85)])[0]
    assert not allowed([])[0]


def _reading(verdict, ok=True, name="vertex"):
    return Reading(FamilySlope(name, "jackknife", None, ()), ok, "", Decision(verdict, None, None))


@pytest.mark.parametrize("others, robust", [
    ((_reading("inconclusive", name="knee 0.01"),), True),
    ((_reading("reproduced", name="knee 0.01"),), False),  # one that may decide disagrees
    ((_reading("reproduced", ok=False, name="knee 0.01"),), True),  # a disagreeing one that may not decide
])
def test_each_clause_of_robust_fails_alone(others, robust):
    table = Robustness("whole range", (_reading("inconclusive", name="collapse"), *others))
    assert table.robust is robust
    assert table.disagreeing == (() if robust else ("knee 0.01, jackknife",))


def test_a_primary_that_may_not_decide_is_never_robust():
    table = Robustness("whole range", (_reading("inconclusive", ok=False, name="collapse"),))
    assert not table.robust


def _regime_table(slope, se, ok=True):
    """A robustness table whose primary (collapse) has the slope given, allowed or not to decide."""
    from bayes_sgd.analysis.records import Slope
    from bayes_sgd.claims.catalogue import band_of
    from bayes_sgd.claims.robustness import estimate_of
    from bayes_sgd.claims.verdict import decide

    fit = None if slope is None else Slope(slope, se, slope - 2.776 * se, slope + 2.776 * se, 5,
                                           curves=(16000.0, 32000.0, 60000.0))
    family = FamilySlope("collapse", "seed bootstrap", fit, (), reason="" if fit else "2 curves placed, 3 needed")
    decision = None if fit is None else decide(estimate_of(family), band_of("C9"))
    return Robustness("N >= 16000", (Reading(family, ok, "why", decision),))


@pytest.mark.parametrize("slope, se, ok, verdict", [
    (1.0, 0.02, True, "reproduced"),       # the primary's interval inside the band, and it may decide
    (1.0, 0.02, False, "inconclusive"),    # only the simulation's permission fails
    (0.3, 0.02, True, "not reproduced"),   # only the interval moves outside the band
    (1.0, 0.5, True, "inconclusive"),      # only the interval widens across the band's edges
    (None, None, True, "undecided"),       # no slope placed
])
def test_c9_in_the_regime_is_decided_by_the_primary_only_where_the_simulation_allows(slope, se, ok, verdict):
    from bayes_sgd.claims.scaling import TARGET_HALF_WIDTH, check_regime

    claim = check_regime("C9-regime", "Fig. 6b", "N", _regime_table(slope, se, ok), 16000, to_reach="more seeds")
    assert claim.verdict == verdict
    assert claim.numbers["range"] == "N >= 16000"
    if slope is not None:
        half = claim.numbers[f"95% half-width (the design aims at {TARGET_HALF_WIDTH:g} or less)"]
        assert half == pytest.approx(2.776 * se, rel=1e-3)
        assert ("what would reach the target" in claim.numbers) is (half > TARGET_HALF_WIDTH)
        assert claim.numbers["verdict under the primary definition (N >= 16000)"] in claim.note or ok
