"""The mechanism chapter's records, beyond the paper: T1 (the temperature sets performance at small
batch sizes), T2 (the best temperature against N: the paper's C9 by another route) and N1 (the
optimum batch size against the simple noise scale)."""
from __future__ import annotations

import math

from ..analysis.records import Slope
from ..analysis.temperature import TemperatureSlope
from .catalogue import band_of, statement
from .records import Claim
from .scaling import note_of, slope_estimate
from .verdict import MULTIPLICITY, Estimate, decide, jackknife

FIGURE = "Fig. M (beyond the paper)"


def check_temperature_ratio(ratio: dict | None, small: int, large: int, excluded: dict[str, str], setting: str,
                            claim_id: str = "T1") -> Claim:
    """T1: the best ε grows in proportion to B: the exponent log(best ε ratio)/log(large/small)
    decided against the slope band by the verdict rule (the ratio 4 at B = 32 and 128 is an exponent
    of 1). No N where both optima are interior and below the stability edge: 'undecided'.
    excluded: the optima not counted and why ('upper end', 'edge-bound', 'no stable ε', ...)."""
    expected = large / small
    text = statement(claim_id, small=small, large=large, factor=f"{expected:g}", setting=setting)
    not_counted = {"optima not counted (N, B: where)": excluded or "none"}
    if ratio is None:
        return Claim(claim_id, FIGURE, text, "undecided", {"expected ratio": expected, **not_counted},
                     note="At no N are both best learning rates interior and below the largest stable ε, so "
                          "no ratio can be formed: the data cannot decide.", key_number="no N with both optima usable")
    scale = math.log10(expected)
    exponent = jackknife(ratio["log10_ratio"] / scale, [v / scale for v in ratio["leave_one_out_log10_ratio"]])
    decision = decide(Estimate(exponent.value, exponent.se, exponent.dof, exponent.seeds, slope=True),
                      band_of(claim_id))
    band = band_of(claim_id)
    numbers = {"expected ratio (B ratio)": expected, "ratio of best ε (geometric mean over N)": ratio["ratio"],
               "95% interval of the ratio (jackknife over seeds, t)": [ratio["low"], ratio["high"]],
               "ratios the band allows": [expected ** band.low, expected ** band.high],
               "N where both optima count": ratio["sizes"],
               "ratio per N": {str(n): round(r, 3) for n, r in ratio["per_size"].items()}, **not_counted,
               "intervals": MULTIPLICITY}
    low, high = exponent.interval(0.90) if exponent.finite() else (float("nan"),) * 2
    return Claim(claim_id, FIGURE, text, decision.verdict, numbers, note=note_of(decision), decision=decision.numbers(),
                 key_number=f"ratio {ratio['ratio']:.2f} (exponent {exponent.value:.2f}, 90% [{low:.2f}, {high:.2f}]); "
                            f"expected {expected:g}")


def check_temperature_slope(slope: TemperatureSlope | None, reading: str, stayed: bool, excluded: dict[str, str],
                            setting: str, claim_id: str = "T2") -> Claim:
    """T2: the slope of log best T on log N decided against the band around −1 by the verdict rule;
    undecided where fewer than three N have usable optima at every batch size, or where doubling
    the epochs moved a best ε (the budget, not the noise, would set it)."""
    text = statement(claim_id, setting=setting)
    numbers = {"optima not counted (N, B: where)": excluded or "none", "best ε unchanged at twice the epochs": stayed}
    if slope is None or not stayed:
        why = ("doubling the epochs moved the best ε at the largest N, so the epoch budget sets it" if not stayed
               else "fewer than three N have an interior best ε below the stability edge at every batch size")
        return Claim(claim_id, FIGURE, text, "undecided", numbers, note=f"The data cannot decide: {why}.",
                     key_number="undecided: " + why.split(",")[0])
    fit = slope.fit
    decision = decide(slope_estimate(fit), band_of(claim_id))
    numbers |= {"slope of log best T on log N": fit.slope,
                "95% interval of a rerun with other seeds": [fit.replication_low, fit.replication_high],
                "N": list(slope.sizes), "best T per N": {str(n): float(f"{t:.4g}") for n, t in slope.best_temperature.items()},
                "reading": reading, "intervals": MULTIPLICITY}
    low, high = slope_estimate(fit).interval(0.95)
    return Claim(claim_id, FIGURE, text, decision.verdict, numbers, note=note_of(decision), decision=decision.numbers(),
                 key_number=f"slope {fit.slope:.2f}, 95% [{low:.2f}, {high:.2f}]: {reading.split(':')[0]}")


def check_noise_scale_slope(slope: Slope | None, noise_set: Slope | None, setting: str, claim_id: str = "N1") -> Claim:
    """N1: the slope of log B_opt on log B_simple over the scaling curves decided against the slope
    band by the verdict rule; undecided with fewer than three measured curves. noise_set: the same
    slope over the curves whose optimum the noise set, reported beside."""
    text = statement(claim_id, setting=setting)
    if slope is None:
        return Claim(claim_id, FIGURE, text, "undecided", {}, note="Fewer than three curves have B_simple measured.",
                     key_number="fewer than three curves measured")
    decision = decide(slope_estimate(slope), band_of(claim_id))
    numbers = {"curves": len(slope.curves), "slope of log B_opt on log B_simple": slope.slope,
               "95% interval of a rerun with other seeds": [slope.replication_low, slope.replication_high],
               "slope over the noise-set optima only": "fewer than three" if noise_set is None else
               f"{noise_set.slope:.2f}, 95% [{noise_set.slope_low:.2f}, {noise_set.slope_high:.2f}] "
               f"on {len(noise_set.curves)} curves", "intervals": MULTIPLICITY}
    low, high = slope_estimate(slope).interval(0.95)
    return Claim(claim_id, FIGURE, text, decision.verdict, numbers, note=note_of(decision), decision=decision.numbers(),
                 key_number=f"slope {slope.slope:.2f}, 95% [{low:.2f}, {high:.2f}] on {len(slope.curves)} curves")
