"""Claim checks decide from the numbers: for every clause of every check, a case where only
that clause fails (and the verdict turns), beside a case where all hold."""
import json
import tempfile
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from conftest import make_edge, make_slope

from bayes_sgd.analysis import frames, intervals, optimum
from bayes_sgd.analysis.records import ScalingFits
from bayes_sgd.claims import evidence, records, scaling, sgd, verdict


def _rows(lams, **columns):
    return [{"lam": lam, **{k: v[i] for k, v in columns.items()}} for i, lam in enumerate(lams)]


# ---------------------------------------------------------------- C1-C4


def test_c1_needs_a_perfect_fit_and_chance_test_accuracy():
    ok = _rows([1e-6, 1.0], train_accuracy=[1.0, 0.8], test_accuracy=[0.52, 0.5])
    assert evidence.check_c1(ok, n_test=200).verdict == "reproduced"
    not_fitted = _rows([1e-6, 1.0], train_accuracy=[0.99, 0.8], test_accuracy=[0.52, 0.5])
    assert evidence.check_c1(not_fitted, n_test=200).verdict == "not reproduced"
    above_chance = _rows([1e-6, 1.0], train_accuracy=[1.0, 0.8], test_accuracy=[0.7, 0.5])
    assert evidence.check_c1(above_chance, n_test=200).verdict == "not reproduced"


def test_c2_needs_95_percent_test_accuracy_at_the_smallest_lam():
    assert evidence.check_c2(_rows([1e-6, 1.0], train_accuracy=[1, 1], test_accuracy=[0.96, 0.5])).verdict == "reproduced"
    assert evidence.check_c2(_rows([1e-6, 1.0], train_accuracy=[1, 1], test_accuracy=[0.94, 0.99])).verdict \
        == "not reproduced"


def test_c3_fails_if_the_evidence_ever_favours_the_model():
    assert evidence.check_c3(_rows([1, 2], log_evidence_ratio=[-0.1, -0.2])).verdict == "reproduced"
    assert evidence.check_c3(_rows([1, 2], log_evidence_ratio=[-0.1, 0.01])).verdict == "not reproduced"


LAMS = list(np.logspace(-4, 4, 17))  # half-decade steps
LOG = np.log10(LAMS)


def _c4(ratio, ce):
    return evidence.check_c4(_rows(LAMS, log_evidence_ratio=ratio, test_cross_entropy=ce))


def test_c4_reproduces_with_a_broad_positive_peak_near_an_interior_test_ce_minimum():
    assert _c4(1 - 0.1 * np.abs(LOG), 1 + np.abs(LOG - 0.5)).verdict == "reproduced"


def test_c4_fails_when_only_the_decades_clause_fails():
    narrow = np.where(np.abs(LOG) < 0.4, 0.1, -1.0)  # positive at one grid point only: 0 decades
    claim = _c4(narrow, 1 + np.abs(LOG - 0.5))
    assert claim.numbers["minimum is interior"] and claim.numbers["distance, decades"] <= 1
    assert claim.verdict == "not reproduced"


def test_c4_fails_when_only_the_interior_clause_fails():
    peak_at_end = 1 - 0.1 * np.abs(LOG - 4)  # peak at the grid's end, where the test CE is lowest
    claim = _c4(peak_at_end, 1 - 0.1 * LOG)
    assert claim.numbers["distance, decades"] == 0 and claim.numbers["decades of λ with ratio > 0"] >= 1
    assert claim.verdict == "not reproduced" and "cannot be judged" in claim.note


def test_c4_fails_when_only_the_distance_clause_fails():
    claim = _c4(1 - 0.1 * np.abs(LOG), 1 + np.abs(LOG - 3))
    assert claim.numbers["minimum is interior"] and claim.verdict == "not reproduced"


# ---------------------------------------------------------------- the standard error and the t half-width


def test_standard_error_uses_ddof_1_pinned_by_hand():
    frame = pd.DataFrame({"g": [0, 0, 0], "v": [0.80, 0.82, 0.87]})
    row = frames.mean_and_se(frame, ["g"], "v").iloc[0]
    # mean 0.83; squared deviations 0.0009 + 0.0001 + 0.0016 = 0.0026; s² = 0.0026/2; SE = s/√3
    assert row["mean"] == pytest.approx(0.83) and row["count"] == 3
    assert row["se"] == pytest.approx(0.0208167, rel=1e-5)


def test_half_width_is_student_t_with_welch_degrees_of_freedom_pinned_by_hand():
    # two means, SE 0.01 each, 3 seeds each: Welch dof = (2e-4)² / (2 · 1e-8/2) = 4; t(0.975, 4) = 2.776445
    assert intervals.half_width((0.01, 3), (0.01, 3)) == pytest.approx(2.776445 * np.sqrt(2e-4), rel=1e-6)
    assert intervals.half_width((0.0, 3), (0.0, 3)) == 0.0


# ---------------------------------------------------------------- C5, C6 (Figure 3)


def _curves(final_small, final_large, early_small=0.3, early_large=0.5, rise_small=0.05, rise_large=0.1,
            spread=0.001, loss_spread=0.003):
    """Test accuracy and loss against steps for B=30 and B=1000, three seeds (the loss varies by
    seed and step, so that its rises have an interval)."""
    rows = []
    for b, final, early, rise in ((30, final_small, early_small, rise_small), (1000, final_large, early_large, rise_large)):
        for s in range(3):
            for step in (0, 10, 100, 1000, 3000):
                acc = early if step <= 100 else final
                loss = {0: 2.3, 10: 1.0, 100: 0.5, 1000: 0.4, 3000: 0.4 + rise}[step]
                rows.append({"lr": 0.1, "batch_size": b, "seed": s, "step": step,
                             "test_accuracy": acc + spread * s, "test_loss": loss + loss_spread * ((s + step) % 3 - 1)})
    return pd.DataFrame(rows)


def _c5(curves):
    runs = curves[curves["step"] == 3000].assign(steps=3000)
    return sgd.check_c5(runs, curves, 0.1, 30, 1000)


def test_c5_reproduces_with_a_clear_gap_and_a_slower_start():
    claim = _c5(_curves(0.91, 0.88))
    assert claim.verdict == "reproduced" and claim.decision["95% interval"][0] > 0


def test_c5_is_inconclusive_when_only_the_gaps_interval_straddles_0():
    claim = _c5(_curves(0.881, 0.88))  # +0.001 against a 95% half-width of about 0.004
    assert claim.verdict == "inconclusive" and "seeds" in claim.note


def test_c5_is_not_reproduced_when_only_the_gap_is_clearly_negative():
    assert _c5(_curves(0.86, 0.88)).verdict == "not reproduced"


def test_c5_fails_when_only_the_slower_early_clause_fails():
    assert _c5(_curves(0.91, 0.88, early_small=0.6)).verdict == "not reproduced"


def test_c5_is_inconclusive_when_only_the_seeds_show_no_spread():
    claim = _c5(_curves(0.91, 0.88, spread=0.0))  # identical seeds: no interval, no evidence
    assert claim.verdict == "inconclusive" and "no spread" in claim.note


def _c6(curves):
    return sgd.check_c6(curves, 0.1, 30, 1000)


def test_c6_reproduces_when_both_over_fit_and_the_small_batch_ends_lower():
    assert _c6(_curves(0.91, 0.88)).verdict == "reproduced"


def test_c6_fails_when_only_the_small_batch_has_no_interior_minimum():
    assert _c6(_curves(0.91, 0.88, rise_small=-0.05)).verdict == "not reproduced"


def test_c6_is_inconclusive_when_only_the_small_batchs_rise_is_within_the_noise():
    assert _c6(_curves(0.91, 0.88, rise_small=0.001)).verdict == "inconclusive"


def test_c6_fails_when_only_the_full_batch_does_not_over_fit():
    assert _c6(_curves(0.91, 0.88, rise_large=-0.2, rise_small=-0.19)).verdict == "not reproduced"


def test_c6_fails_when_only_the_small_batch_ends_higher():
    assert _c6(_curves(0.91, 0.88, rise_small=0.2, rise_large=0.1)).verdict == "not reproduced"


# ---------------------------------------------------------------- C7 (Figure 4)

SIZES = [1, 3, 10, 30, 100, 300, 1000]


def _runs(accuracy_of, seeds=4, noise=0.002, status_of=lambda b: "ok"):
    rng = np.random.default_rng(0)
    rows = [{"lr": 0.1, "batch_size": b, "seed": s, "steps": 3000, "status": status_of(b),
             "test_accuracy": accuracy_of(b) + noise * rng.normal()} for b in SIZES for s in range(seeds)]
    return pd.DataFrame(rows)


def _c7(runs, failing_below=None):
    return sgd.check_c7(runs, 0.1, optimum.best_batch_size(runs), failing_below=failing_below)


PEAKED = lambda b: 0.9 - 0.05 * (np.log10(b) - 1.5) ** 2
FAIL_SMALL = lambda b: "failed" if b <= 10 else "ok"


def test_c7_reproduces_with_an_interior_peak_both_ends_lower_and_small_batches_failing():
    assert _c7(_runs(PEAKED)).verdict == "reproduced"
    assert _c7(_runs(PEAKED, status_of=FAIL_SMALL), failing_below=10).verdict == "reproduced"


def test_c7_fails_when_only_the_peak_is_at_the_grid_end():
    rising_then_flat = lambda b: 0.9 if b >= 300 else 0.8 + 0.03 * np.log10(b)
    runs = _runs(lambda b: rising_then_flat(b) + (0.001 if b == 1000 else 0.0), noise=0.0001)
    assert _c7(runs).verdict == "not reproduced"


@pytest.mark.parametrize("flat_where", ["small end", "large end"])
def test_c7_is_inconclusive_when_only_one_end_is_not_shown_lower(flat_where):
    flat = (lambda b: b <= 30) if flat_where == "small end" else (lambda b: b >= 30)
    claim = _c7(_runs(lambda b: 0.9 if flat(b) else PEAKED(b), noise=0.002))
    assert claim.numbers["best B (grid)"] not in (SIZES[0], SIZES[-1]) and claim.verdict == "inconclusive"


def test_c7_at_the_paper_setting_fails_when_only_the_small_batches_train():
    assert _c7(_runs(PEAKED), failing_below=10).verdict == "not reproduced"


# ---------------------------------------------------------------- C8-C10 (check_scaling)


def _fits(low, high, grid_end=(), bound=(), curves=4, edge=None, above=(1000.0, 4000.0, 16000.0), seeds=3):
    """scaling_fits' output: an optimum slope whose 95% jackknife interval is [low, high] over the curves
    above their edge (at x = above)."""
    optimum = make_slope((low + high) / 2, low, high, seeds, above, grid_end)
    return ScalingFits(curves, tuple(bound), optimum, edge)


def test_scaling_reproduces_when_the_90_percent_interval_lies_inside_the_band():
    claim = scaling.check_scaling("C8", "Fig. 5b", "ε", _fits(0.9, 1.1, bound=[0.01]))
    assert claim.verdict == "reproduced" and claim.measured == "optimum (3 of 4 curves above the edge)"
    assert claim.numbers["edge-bound curves (optimum on the trainability edge)"] == "1 of 4"
    assert claim.decision["95% interval"] == pytest.approx([0.9, 1.1])
    assert claim.numbers["95% half-width of the slope (the design aims at 0.25 or less)"] == pytest.approx(0.1)
    assert 0.9 < claim.decision["90% interval"][0] < claim.decision["90% interval"][1] < 1.1


@pytest.mark.parametrize("fits, verdict_", [
    (_fits(1.3, 1.6), "not reproduced"),  # 95% interval above the band
    (_fits(0.2, 0.7), "not reproduced"),  # below it
    (_fits(1.2, 1.5), "inconclusive"),  # straddles its top
    (_fits(0.5, 0.9), "inconclusive"),  # straddles its bottom
    (_fits(-0.2, 2.0), "inconclusive"),  # contains it, and 0: too wide to tell (C9 before this rule)
    (_fits(0.9, 1.1, grid_end=[30]), "inconclusive"),  # inside, but a counted optimum is only a bound
])
def test_scaling_clause_by_clause(fits, verdict_):
    claim = scaling.check_scaling("C8", "Fig. 5b", "ε", fits)
    assert claim.verdict == verdict_
    if verdict_ == "inconclusive":
        assert claim.note


def _primary(slope, se, ok=True):
    """A robustness table (the counted curves) whose primary, the collapse, has the slope given, allowed or not."""
    from bayes_sgd.analysis.resampling import FamilySlope
    from bayes_sgd.claims.robustness import Reading, Robustness, estimate_of

    fit = None if slope is None else make_slope(slope, slope - 2.776 * se, slope + 2.776 * se, 5,
                                                (1000.0, 4000.0, 16000.0))
    family = FamilySlope("collapse", "seed bootstrap", fit, (), reason="" if fit else "2 curves placed, 3 needed")
    decision = None if fit is None else verdict.decide(estimate_of(family), scaling.band_of("C8"))
    return [Robustness("the curves the slope is fitted on", (Reading(family, ok, "simulated", decision),))]


def _unresolved(low, high):
    """A budget-tested family whose slope is provisional: one of its curves left unresolved."""
    slope = make_slope((low + high) / 2, low, high, 3, (1000.0, 4000.0, 16000.0))
    return ScalingFits(3, (), None, None, tested=True, set_by={1000.0: "noise", 4000.0: "noise", 16000.0: "unresolved"},
                       judged_at={1000.0: 1, 4000.0: 1, 16000.0: 1}, unresolved=(16000.0,), provisional=slope)


@pytest.mark.parametrize("fits, primary, regime, verdict_", [
    (_fits(1.3, 1.6), _primary(1.0, 0.02), None, "reproduced"),          # the primary decides, not the vertex
    (_fits(0.9, 1.1), _primary(0.3, 0.02), None, "not reproduced"),      # ... both ways
    (_fits(0.9, 1.1), _primary(1.0, 0.02, ok=False), None, "inconclusive"),  # only the simulation refuses
    (_unresolved(0.9, 1.1), _primary(1.0, 0.02), None, "inconclusive"),  # only the budget test left a curve
    (_fits(0.9, 1.1), _primary(1.0, 0.02), 32000, "inconclusive"),       # only the range stops short of the regime
    (_fits(0.9, 1.1), _primary(None, None), None, "undecided"),          # the primary places no slope
])
def test_with_its_robustness_table_a_scaling_verdict_is_the_primarys_under_the_same_gates(fits, primary, regime,
                                                                                          verdict_):
    """Fails if the verdict is read from the vertex where the primary was given, or if a gate on the
    curves (unresolved, the regime) or the simulation's refusal is dropped for the primary."""
    claim = scaling.check_scaling("C8", "Fig. 5b", "ε", fits, regime=regime, robustness=primary)
    assert claim.verdict == verdict_
    assert claim.measured.startswith("optimum by the collapse (seed bootstrap)")
    assert "vertex's verdict (beside; the primary decides)" in claim.numbers
    if primary[0].primary.decision is not None:
        assert claim.decision["estimate"] == pytest.approx(primary[0].primary.decision.estimate.value)
        assert claim.key_number.startswith("collapse slope")
    if verdict_ == "inconclusive":
        assert "its interval alone would read" in claim.note


def test_the_slope_rule_reads_the_90_percent_interval_for_reproduced_and_the_95_for_not():
    """Fails if 'reproduced' used the 95% interval (too strict) or 'not reproduced' the 90% (too eager)."""
    se = 0.1 / verdict.t_quantile(0.95, 2)  # 95% half-width 0.1
    inside90 = 1.25 - verdict.t_quantile(0.90, 2) * se - 1e-6  # 90% interval just inside, 95% just out
    assert scaling.check_scaling("C8", "Fig. 5b", "ε", _fits(inside90 - 0.1, inside90 + 0.1)).verdict == "reproduced"
    outside95 = 1.25 + 0.1 + 1e-6  # 95% interval just above the band, 90% further
    assert scaling.check_scaling("C8", "Fig. 5b", "ε", _fits(outside95 - 0.1, outside95 + 0.1)).verdict == "not reproduced"
    near = 1.25 + 0.1 - 1e-3  # the 95% interval touches the band: not yet excluded
    assert scaling.check_scaling("C8", "Fig. 5b", "ε", _fits(near - 0.1, near + 0.1)).verdict == "inconclusive"


def test_c9_is_inconclusive_when_its_counted_optima_fall_short_of_the_papers_regime_of_n():
    reached = scaling.check_scaling("C9", "Fig. 6b", "N", _fits(0.9, 1.1), regime=scaling.REGIME_N)
    assert reached.verdict == "reproduced"
    assert reached.numbers[f"largest N counted (at least {scaling.REGIME_N:g} asked)"] == 16000.0
    short = scaling.check_scaling("C9", "Fig. 6b", "N", _fits(0.9, 1.1, above=(1000.0, 8000.0)), regime=scaling.REGIME_N)
    assert short.verdict == "inconclusive" and "regime" in short.note  # only the regime clause fails
    assert scaling.check_scaling("C9-time", "Fig. 6b", "N", _fits(0.9, 1.1, above=(1000.0, 4000.0)),
                                setting="fixed SDE time").statement.endswith("(fixed SDE time).")


def test_scaling_is_undecided_when_fewer_than_two_optima_clear_the_edge():
    edge = make_slope(0.9, 0.8, 1.0)
    claim = scaling.check_scaling("C10", "Fig. 7b", "1/(1 − m)",
                                  replace(_fits(0.9, 1.1, bound=[1, 2, 10]), optimum=None, edge=edge))
    assert claim.verdict == "undecided" and claim.measured == "edge"
    assert "3 of 4" in claim.key_number and claim.numbers["slope of the edge B_edge"] == 0.9
    assert "too few optima" in claim.note.lower()
    assert records.record(claim, Path(tempfile.mkdtemp())).exists()  # a verdict records accept


def test_scaling_is_inconclusive_not_undecided_when_the_budget_test_left_optima_unresolved():
    """Fails if optima the budget test could not resolve are dropped as if an edge had set them."""
    fits = replace(_fits(1.3, 1.6), optimum=None, edge_bound=(1000.0, 4000.0), unresolved=(4000.0,),
                   provisional=_fits(1.3, 1.6).optimum, tested=True,
                   set_by={1000.0: "noise", 4000.0: "unresolved", 16000.0: "noise", 30.0: "stability"})
    claim = scaling.check_scaling("C9", "Fig. 6b", "N", fits)
    assert claim.verdict == "inconclusive" and "would read 'not reproduced'" in claim.note
    assert claim.decision["estimate"] == pytest.approx(1.45) and claim.decision["provisional"]


# ---------------------------------------------------------------- C11 (appendix) and G1 (collapse)


def _gap_runs(gap_plain, gap_l2, seeds=4, noise=0.002):
    rng = np.random.default_rng(1)
    rows = []
    for wd, gap in ((0.0, gap_plain), (0.003, gap_l2)):
        for b, acc in ((30, 0.9), (1000, 0.9 - gap)):
            rows += [{"lr": 0.1, "weight_decay": wd, "batch_size": b, "seed": s,
                      "test_accuracy": acc + noise * rng.normal()} for s in range(seeds)]
    return pd.DataFrame(rows)


def test_c11_reproduces_when_a_clear_gap_shrinks_with_l2():
    assert sgd.check_c11(_gap_runs(0.03, 0.005), 0.1, 30, 1000, 0.003).verdict == "reproduced"


def test_c11_is_inconclusive_when_only_the_gap_without_l2_is_within_the_noise():
    assert sgd.check_c11(_gap_runs(0.001, -0.03), 0.1, 30, 1000, 0.003).verdict == "inconclusive"


def test_c11_fails_when_only_the_shrinkage_is_clearly_negative():
    assert sgd.check_c11(_gap_runs(0.03, 0.06), 0.1, 30, 1000, 0.003).verdict == "not reproduced"


def test_the_readings_table_applies_c11s_test_to_each_coefficient():
    runs = pd.concat([_gap_runs(0.03, 0.005), _gap_runs(0.03, 0.06).assign(weight_decay=0.1)
                      .query("weight_decay != 0")], ignore_index=True)
    table = sgd.readings_table(runs, (0.1,), 30, 1000, 0.003, {"0.1 on the mean loss": 0.1})
    assert table["C11's test"].tolist() == ["reproduced", "not reproduced"]
    assert table["shrinkage"].iloc[0] == pytest.approx(0.025, abs=0.01)


def test_collapse_check_needs_less_unexplained_variance_against_g_over_seeds():
    assert scaling.check_collapse(0.2, 0.5, (0.3, [0.28, 0.3, 0.32]), 100).verdict == "reproduced"
    assert scaling.check_collapse(0.5, 0.2, (-0.3, [-0.28, -0.3, -0.32]), 100).verdict == "not reproduced"
    assert scaling.check_collapse(0.45, 0.5, (0.05, [-0.2, 0.05, 0.3]), 100).verdict == "inconclusive"


# ---------------------------------------------------------------- records


def test_records_round_trip_and_expectations_catch_a_lost_claim(tmp_path):
    records.record(records.Claim("C2", "Fig. 1b", "s", "reproduced", {"x": np.float64(0.5)}), tmp_path)
    records.record(records.Claim("C10", "Fig. 7b", "s", "not reproduced", {}), tmp_path)
    found = records.collect(tmp_path)
    assert [r["id"] for r in found] == ["C2", "C10"] and found[0]["numbers"]["x"] == 0.5
    both = {"C2": "reproduced", "C10": "not reproduced"}
    assert records.compare_with_expected(found, both) == []
    assert records.compare_with_expected(found, {}) == []  # a profile without a list checks nothing
    assert records.compare_with_expected(found, both | {"C10": "inconclusive"}) == [
        "C10: expected inconclusive, got not reproduced"]  # any verdict that differs, not only a lost one
    assert records.compare_with_expected(found, both | {"C3": "reproduced"}) == ["C3: expected reproduced, got missing"]
    assert records.compare_with_expected(found, {"C2": "reproduced"}) == [
        "C10: not in the expected verdicts (got not reproduced); add it with its reason"]
    assert records.is_record(tmp_path / "C2.json")
    (tmp_path / "notes.json").write_text(json.dumps({"id": "C2", "verdict": "reproduced"}))
    assert not records.is_record(tmp_path / "notes.json")  # its name is not its id


def test_c7_records_whether_its_optimum_is_on_the_trainability_edge():
    runs = _runs(PEAKED)
    best = optimum.best_batch_size(runs)
    above = sgd.check_c7(runs, 0.1, best, failing_below=None, edge=make_edge(1.0))
    on = sgd.check_c7(runs, 0.1, best, failing_below=None, edge=make_edge(best.grid_best, below="x"))
    none = sgd.check_c7(runs, 0.1, best, failing_below=None, edge=make_edge(float("nan"), below="x"))
    assert (above.measured, on.measured, none.measured) == ("optimum (above the edge)", "edge", "edge")
    assert above.verdict == on.verdict  # the verdict is the paper's clause; the edge is recorded beside it
    assert json.loads(records.record(none, Path(tempfile.mkdtemp())).read_text())["numbers"]["trainability edge B_edge"] \
        == "none (no batch size trains)"
