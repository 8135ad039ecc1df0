"""The mechanism chapter's records, beyond the paper: T1 (the temperature sets performance at small
batch sizes), T2 (the best temperature against N: the paper's C9 by another route) and N1 (the
optimum batch size against the simple noise scale)."""
from __future__ import annotations

from .catalogue import statement
from .records import Claim, verdict
from .scaling import SLOPE_BAND

FIGURE = "Fig. M (beyond the paper)"


def check_temperature_ratio(ratio: dict | None, small: int, large: int, excluded: dict[str, str], setting: str,
                            claim_id: str = "T1") -> Claim:
    """T1: the 95% interval of best ε(B=large)/best ε(B=small) includes large/small and excludes 1
    (reproduced); an interval that excludes large/small is not; one too wide to exclude 1, or no N
    where both optima are interior and below the stability edge, cannot decide. excluded: the
    optima not counted and why ('upper end', 'edge-bound', 'no stable ε', ...)."""
    expected = large / small
    text = statement(claim_id, small=small, large=large, factor=f"{expected:g}", setting=setting)
    not_counted = {"optima not counted (N, B: where)": excluded or "none"}
    if ratio is None:
        return Claim(claim_id, FIGURE, text, "undecided", {"expected ratio": expected, **not_counted},
                     note="At no N are both best learning rates interior and below the largest stable ε, so "
                          "no ratio can be formed: the data cannot decide.", key_number="no N with both optima usable")
    low, high = ratio["low"], ratio["high"]
    if not low <= expected <= high:
        state = "not reproduced"
    elif low <= 1:
        state = "undecided"
    else:
        state = "reproduced"
    note = ("The interval includes both the expected ratio and 1: too wide to decide." if state == "undecided" else "")
    numbers = {"expected ratio (B ratio)": expected, "ratio of best ε (geometric mean over N)": ratio["ratio"],
               "95% interval (jackknife over seeds, t)": [low, high], "N where both optima count": ratio["sizes"],
               "ratio per N": {str(n): round(r, 3) for n, r in ratio["per_size"].items()}, **not_counted}
    return Claim(claim_id, FIGURE, text, state, numbers, note=note,
                 key_number=f"ratio {ratio['ratio']:.2f}, 95% [{low:.2f}, {high:.2f}] (expected {expected:g})")


def check_temperature_slope(slope: dict | None, reading: str, stayed: bool, excluded: dict[str, str],
                            setting: str, claim_id: str = "T2") -> Claim:
    """T2: the slope of log best T on log N meets −SLOPE_BAND and excludes 0 (reproduced) or not;
    undecided where fewer than three N have usable optima at every batch size, or where doubling
    the epochs moved a best ε (the budget, not the noise, would set it)."""
    text = statement(claim_id, setting=setting)
    numbers = {"optima not counted (N, B: where)": excluded or "none", "best ε unchanged at twice the epochs": stayed}
    if slope is None or not stayed:
        why = ("doubling the epochs moved the best ε at the largest N, so the epoch budget sets it" if not stayed
               else "fewer than three N have an interior best ε below the stability edge at every batch size")
        return Claim(claim_id, FIGURE, text, "undecided", numbers, note=f"The data cannot decide: {why}.",
                     key_number="undecided: " + why.split(",")[0])
    low, high = slope["slope_low"], slope["slope_high"]
    band = (-SLOPE_BAND[1], -SLOPE_BAND[0])
    ok = low <= band[1] and high >= band[0] and high < 0
    numbers |= {"slope of log best T on log N": slope["slope"], "95% interval (jackknife over seeds, t)": [low, high],
                "95% interval of a rerun with other seeds": [slope["replication_low"], slope["replication_high"]],
                "N": slope["sizes"], "best T per N": {str(n): float(f"{t:.4g}") for n, t in slope["best_temperature"].items()},
                "band counted as close to −1": list(band), "reading": reading}
    return Claim(claim_id, FIGURE, text, verdict(ok), numbers,
                 key_number=f"slope {slope['slope']:.2f}, 95% [{low:.2f}, {high:.2f}]: {reading.split(':')[0]}")


def check_noise_scale_slope(slope: dict | None, noise_set: dict | None, setting: str, claim_id: str = "N1") -> Claim:
    """N1: the 95% interval of the slope of log B_opt on log B_simple over the scaling curves meets
    SLOPE_BAND and excludes 0; undecided with fewer than three measured curves. noise_set: the
    same slope over the curves whose optimum the noise set, reported beside."""
    text = statement(claim_id, setting=setting)
    if slope is None:
        return Claim(claim_id, FIGURE, text, "undecided", {}, note="Fewer than three curves have B_simple measured.",
                     key_number="fewer than three curves measured")
    low, high = slope["slope_low"], slope["slope_high"]
    ok = low <= SLOPE_BAND[1] and high >= SLOPE_BAND[0] and low > 0
    numbers = {"curves": slope["curves"], "slope of log B_opt on log B_simple": slope["slope"],
               "95% interval (jackknife over seeds, t)": [low, high],
               "95% interval of a rerun with other seeds": [slope["replication_low"], slope["replication_high"]],
               "slope over the noise-set optima only": "fewer than three" if noise_set is None else
               f"{noise_set['slope']:.2f}, 95% [{noise_set['slope_low']:.2f}, {noise_set['slope_high']:.2f}] "
               f"on {noise_set['curves']} curves",
               "band counted as close to 1": list(SLOPE_BAND)}
    return Claim(claim_id, FIGURE, text, verdict(ok), numbers,
                 key_number=f"slope {slope['slope']:.2f}, 95% [{low:.2f}, {high:.2f}] on {slope['curves']} curves")
