"""The book's one verdict rule (claims.verdict), clause by clause: reproduced when the 90% interval
lies inside the band (95% for a sign), not reproduced when the 95% interval lies outside it,
inconclusive otherwise, with what would decide it computed from the measured variance."""
import math

import pytest
from scipy import stats

from bayes_sgd.claims import catalogue, verdict
from bayes_sgd.claims.verdict import Band, BandError, Estimate, decide

BAND = catalogue.BANDS["C8"]  # a slope: 0.8 to 1.25


def _estimate(value, half95, seeds=5, slope=True):
    """An Estimate whose 95% interval is value ± half95 (t with seeds − 1 dof)."""
    return Estimate(value, half95 / stats.t.ppf(0.975, seeds - 1), seeds - 1, seeds, slope)


def test_intervals_are_student_t_pinned_by_hand():
    e = Estimate(1.0, 0.1, 4, 5)
    # t(0.95, 4) = 2.131847, t(0.975, 4) = 2.776445
    assert e.interval(0.90) == pytest.approx((1 - 0.2131847, 1 + 0.2131847), rel=1e-6)
    assert e.interval(0.95) == pytest.approx((1 - 0.2776445, 1 + 0.2776445), rel=1e-6)


@pytest.mark.parametrize("value, half95, expected", [
    (1.0, 0.1, "reproduced"),  # well inside
    (1.0, 0.5, "inconclusive"),  # straddles both bounds
    (1.2, 0.1, "inconclusive"),  # straddles the upper bound
    (0.85, 0.1, "inconclusive"),  # straddles the lower bound
    (1.5, 0.1, "not reproduced"),  # wholly above
    (0.5, 0.1, "not reproduced"),  # wholly below
    (0.56, 0.74, "inconclusive"),  # C9 before this rule: contains 1 and 0
])
def test_a_slope_claim_clause_by_clause(value, half95, expected):
    assert decide(_estimate(value, half95), BAND).verdict == expected


def test_each_bound_is_the_90_percent_interval_for_reproduced_and_the_95_for_not():
    """Fails if the levels were swapped or one level used for both."""
    e = _estimate(1.25 - 0.09, 0.1)  # 90% half-width about 0.0786: inside; 95% reaches past 1.25
    assert e.interval(0.95)[1] > 1.25 > e.interval(0.90)[1] and decide(e, BAND).verdict == "reproduced"
    low = _estimate(0.8 + 0.09, 0.1)
    assert decide(low, BAND).verdict == "reproduced"
    out = _estimate(1.25 + 0.09, 0.1)  # 90% interval outside, 95% touches the band: not yet excluded
    assert out.interval(0.90)[0] > 1.25 > out.interval(0.95)[0] and decide(out, BAND).verdict == "inconclusive"
    assert decide(_estimate(0.8 - 0.11, 0.1), BAND).verdict == "not reproduced"


def test_a_sign_claim_needs_its_95_percent_interval_on_the_claimed_side():
    sign = catalogue.BANDS["C5"]
    assert decide(_estimate(0.03, 0.02, slope=False), sign).verdict == "reproduced"
    just = _estimate(0.03, 0.032, slope=False)  # the 90% interval clears 0, the 95% does not
    assert just.interval(0.90)[0] > 0 > just.interval(0.95)[0] and decide(just, sign).verdict == "inconclusive"
    assert decide(_estimate(-0.03, 0.02, slope=False), sign).verdict == "not reproduced"


@pytest.mark.parametrize("estimate", [
    Estimate(1.0, math.nan, 2, 3), Estimate(math.nan, 0.1, 2, 3), Estimate(1.0, math.inf, 2, 3),
    Estimate(1.0, 0.1, 0, 1), Estimate(1.0, 0.0, 2, 3),
])
def test_a_missing_or_non_finite_interval_is_inconclusive_never_reproduced(estimate):
    decision = decide(estimate, BAND)
    assert decision.verdict == "inconclusive" and decision.reason


def test_what_would_decide_it_is_computed_from_the_measured_variance():
    """Fails if the seeds asked for do not actually bring the interval inside the band (or are
    more than needed), or the range factor is not the ratio of the half-width to the room left."""
    e = _estimate(1.0, 0.5, seeds=3)
    text = decide(e, BAND).to_decide
    seeds = int(text.split(" seeds")[0])
    room = 0.2  # 1.0 to the lower bound 0.8

    def half90(n):
        return stats.t.ppf(0.95, n - 1) * e.se * math.sqrt(3 / n)

    assert half90(seeds) < room <= half90(seeds - 1)
    widen = float(text.split("quantity ")[1].split(" times")[0])
    assert widen == pytest.approx(stats.t.ppf(0.95, 2) * e.se / room, rel=0.05)
    outside = decide(_estimate(1.4, 0.3, seeds=3), BAND)
    assert "not reproduced" in outside.to_decide  # outside the band: seeds to exclude it


def test_a_claim_of_several_parts_is_reproduced_only_when_every_part_is():
    yes, no, open_ = (verdict.condition(True, "a"), verdict.condition(False, "b"), verdict.inconclusive("c"))
    assert verdict.all_of([yes, yes]) == "reproduced"
    assert verdict.all_of([yes, open_]) == "inconclusive"
    assert verdict.all_of([open_, no]) == "not reproduced"


def test_a_band_that_does_not_contain_the_papers_value_is_refused_when_the_catalogue_loads():
    with pytest.raises(BandError, match="C99.*does not contain the paper's value 1"):
        catalogue.load_bands({"C99": (1.1, 1.5, 1.0)})
    with pytest.raises(BandError, match="low"):
        Band(1.25, 0.8, 1.0)
    assert all(b.low <= b.paper <= b.high for b in catalogue.BANDS.values())  # the loaded catalogue holds
    assert catalogue.band_of("C9-time") is catalogue.BANDS["C9"] and catalogue.band_of("T2").paper == -1.0
