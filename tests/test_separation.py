"""The optimum against its edge (analysis.separation): the state of the runs at the optimum and one
step below it, the steps to each edge, the accuracy at stake, and whether a family's optima can be
told from its edge."""
import numpy as np
import pandas as pd
import pytest
from conftest import make_edge, make_optimum, make_slope
from scipy import stats

from bayes_sgd.analysis import budget, edge, optimum, separation


def _curve(accuracy: dict, train: dict | None = None, dead: dict | None = None, seeds: int = 3) -> pd.DataFrame:
    rows = []
    for b, acc in accuracy.items():
        for s in range(seeds):
            rows.append({"batch_size": b, "seed": s, "test_accuracy": acc + 0.002 * (s - 1) + 0.0005 * np.sin(b + s),
                         "train_accuracy": (train or {}).get(b, 1.0), "dead_fraction": (dead or {}).get(b, 0.0),
                         "status": "ok"})
    return pd.DataFrame(rows)


def _separation(frame):
    return separation.curve_separation(frame, optimum.best_batch_size(frame), edge.trainability_edge(frame),
                                       budget.stability_edge(frame))


def test_a_curve_reports_the_runs_one_step_below_its_optimum_and_the_steps_to_each_edge():
    """Fails if the step below is not the next tried batch size, its dead units or training accuracy are
    not that batch size's means, or the steps are counted on the wrong edge."""
    frame = _curve({10: 0.70, 30: 0.80, 100: 0.88, 300: 0.87, 1000: 0.85}, train={10: 0.9, 30: 0.96},
                   dead={10: 0.4, 30: 0.2})
    c = _separation(frame)
    assert (c["optimum"], c["below"]) == (100, 30)
    assert c["dead below"] == pytest.approx(0.2) and c["train accuracy below"] == pytest.approx(0.96)
    assert c["dead at optimum"] == 0 and c["train accuracy at optimum"] == 1.0
    assert c["steps above trainability edge"] == 0  # B = 30 does not fit: the optimum is the edge
    assert c["steps above stability edge"] == 2  # every batch size is stable (dead ≤ half)


def test_the_accuracy_at_stake_is_welchs_difference_against_the_edge_and_the_largest_batch():
    frame = _curve({30: 0.80, 100: 0.86, 300: 0.88, 1000: 0.85})
    c = _separation(frame)
    over = c["over the largest"]
    best, large = (frame[frame.batch_size == b].test_accuracy for b in (300, 1000))
    assert over["difference"] == pytest.approx(best.mean() - large.mean()) and over["at"] == 1000
    welch = stats.ttest_ind(best, large, equal_var=False)
    assert (welch.pvalue < 0.05) == (over["difference"] > over["half_width"])
    assert c["over the edge"]["at"] == 30 and c["over the edge"]["difference"] == pytest.approx(0.08, abs=0.002)


def _best_and_edge(b_opt, b_edge, spread):
    return make_optimum(b_opt, [np.log10(b_opt) + d for d in spread]), make_edge(b_edge)


def test_the_slope_of_optimum_over_edge_is_0_when_both_move_together():
    xs = (1.0, 2.0, 4.0)
    together = {x: _best_and_edge(100 * x, 30 * x, (-0.01, 0.0, 0.01 * x)) for x in xs}
    slope = separation.ratio_slope({x: b for x, (b, _) in together.items()}, {x: e for x, (_, e) in together.items()})
    assert slope.slope == pytest.approx(0.0, abs=1e-9)
    apart = {x: _best_and_edge(100 * x, 30.0, (-0.01, 0.0, 0.01 * x)) for x in xs}  # the edge stays put
    moving = separation.ratio_slope({x: b for x, (b, _) in apart.items()}, {x: e for x, (_, e) in apart.items()})
    assert moving.slope == pytest.approx(1.0) and moving.slope_low > 0


@pytest.mark.parametrize("steps, slope, expected", [
    ((2, 3, 2), None, True),  # runs that train and do worse lie between edge and optimum on every curve
    ((1, 3, 2), make_slope(1.0, 0.5, 1.5), True),  # they scale differently
    ((1, 3, 2), make_slope(0.2, -0.5, 0.9), False),  # neither
    ((0, 0, 0), None, False),
])
def test_optima_are_told_from_their_edge_by_distance_or_by_a_different_scaling(steps, slope, expected):
    curves = {float(i): {"steps above trainability edge": s} for i, s in enumerate(steps)}
    apart, why = separation.told_apart(curves, slope)
    assert apart == expected and why


@pytest.mark.parametrize("counted, chosen", [
    ([1.0, 2.0, 4.0], [1.0, 2.0, 4.0]),        # MIN_CURVES counted optima: the slope is read on them
    ([1.0, 2.0], [1.0, 2.0, 4.0, 8.0]),        # only two: a line through two points says nothing, so every curve above
])
def test_the_separation_slope_is_read_on_the_counted_curves_only_where_they_are_enough(counted, chosen):
    """Fails if two counted optima are taken as enough (the rule once said two, against MIN_CURVES)."""
    assert separation.read_on(counted, [1.0, 2.0, 4.0, 8.0]) == chosen
