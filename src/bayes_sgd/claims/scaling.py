"""Claims C8-C10 (Figures 5-7: the optimum batch size scales with ε, N and 1/(1 − m)) and the
book's G1 (Figure X: the runs collapse on the noise scale)."""
from __future__ import annotations

from ..analysis.records import ScalingFits, Slope
from .catalogue import band_of, statement
from .records import Claim
from .robustness import PRIMARY, Robustness, rows
from .verdict import INCONCLUSIVE, MULTIPLICITY, Decision, Estimate, decide, inconclusive, jackknife

# C9's regime: the paper reports B_opt ∝ N from N ≈ 20,000 up (reported by a summary of the paper); the book
# reads "about 20,000" as at least 16,000, the reach its default Figure 6 was set to.
REGIME_N = 16_000

# The 95% half-width of a scaling slope the computation is designed to reach (benchmarks/size_design.py
# sizes the seeds, ladder and range for it); each record says how far it got.
TARGET_HALF_WIDTH = 0.25


def slope_estimate(fit: Slope) -> Estimate:
    """A fitted slope (analysis.records.Slope) as the verdict rule's Estimate."""
    return Estimate(fit.slope, fit.se, fit.seeds - 1, fit.seeds, slope=True)


def _unresolved(fits: ScalingFits) -> str:
    """The budget test's curves left unresolved, in words."""
    return (f"the budget test could not tell whether the optimum moved on {len(fits.unresolved)} curve(s) "
            f"({', '.join(f'{x:g}' for x in fits.unresolved)})")


def _optimum_missing(fits: ScalingFits, claim_id: str) -> Decision:
    """Too few optima to fit: 'undecided' where the curves' optima sit on an edge (the mechanism was
    never reached); 'inconclusive' where enough lie above the stability edge but the budget test
    left some unresolved, with the slope over them as the provisional estimate."""
    provisional = fits.provisional
    if fits.tested and provisional is not None:
        ruled = decide(slope_estimate(provisional), band_of(claim_id))
        return Decision(INCONCLUSIVE, ruled.estimate, ruled.band,
                        reason=(f"{_unresolved(fits)}; over them and the noise-set ones the slope alone would "
                                f"read '{ruled.verdict}'"),
                        to_decide="more seeds, to narrow the interval of B_opt(2U)/B_opt(U) inside the margin or "
                                  "outside it" + (f"; for the slope, {ruled.to_decide}" if ruled.to_decide else ""))
    return Decision("undecided", None, None, reason="too few optima lie above the edges to say how the optimum scales")


def check_scaling(claim_id: str, figure: str, quantity: str, fits: ScalingFits, regime: float | None = None,
                  setting: str = "", separation: dict | None = None, alive: dict[float, str] | None = None,
                  shifts: dict[float, str] | None = None, robustness: list[Robustness] | None = None) -> Claim:
    """B_opt ∝ x, decided by the book's rule (claims.verdict) on the slope of the fitted optima
    that count: with the budget test (fits from analysis.budget.counted_fits) those set by the
    noise, at least MIN_CURVES; without it those above the trainability edge
    (analysis.edge.scaling_fits). An optimum at a grid end is only a bound, and a range short of
    `regime` misses the paper's regime: either leaves the claim inconclusive. Too few optima above
    the edges: 'undecided'. separation (analysis.separation): whether the optima can be told from
    their edge, recorded beside. alive: what set each optimum once the units were kept alive
    (claims.budget.set_by_alive), recorded beside, with shifts: what the comparison itself read per
    curve ('stayed', 'moved down', 'moved up', 'unresolved'; claims.budget.alive_shift), so that
    an optimum the comparison could not place is not written as confirmed. setting: appended to
    the statement. robustness (claims.robustness, the counted curves first): where given, the verdict
    is the primary definition's on the counted curves (by_primary), under the same gates (unresolved
    curves, the regime), and the vertex's reading is recorded beside it."""
    optimum, edge, n = fits.optimum, fits.edge, fits.curves
    bound = len(fits.edge_bound)
    tested = fits.tested  # judged with the doubled budget: noise-set optima only
    if tested:
        numbers = {"curves": n, "optimum set by, per curve": {f"{x:g}": s for x, s in fits.set_by.items()},
                   "budget each optimum was judged at (times U)": {f"{x:g}": k for x, k in fits.judged_at.items()},
                   "optimum at twice that budget, per curve": {f"{x:g}": (None if b is None else round(b, 1))
                                                               for x, b in fits.doubled_optimum.items()}}
        label = "not set by the noise"
    else:
        numbers = {"curves": n, "edge-bound curves (optimum on the trainability edge)": f"{bound} of {n}",
                   "edge-bound values of " + quantity: ", ".join(f"{x:g}" for x in fits.edge_bound) or "none"}
        label = "edge-bound"
    gates = []  # why the counted curves cannot decide, whatever the definition
    counted = optimum or fits.provisional
    if regime is not None and counted is not None:
        largest = max(counted.curves)
        numbers[f"largest {quantity} counted (at least {regime:g} asked)"] = largest
        if largest < regime:
            gates.append(f"the counted optima stop at {quantity} = {largest:g}, short of the paper's regime "
                         f"({regime:g})")
    if optimum is None:
        decision = _optimum_missing(fits, claim_id)
        key_number = f"{bound} of {n} curves {label}"
        if decision.estimate is not None:
            gates.insert(0, _unresolved(fits))
            low, high = decision.estimate.interval(0.95)
            key_number = (f"provisional slope {decision.estimate.value:.2f}, 95% [{low:.2f}, {high:.2f}]; "
                          f"{len(fits.unresolved)} of {n} curves unresolved by the budget test")
    else:
        decision = decide(slope_estimate(optimum), band_of(claim_id))
        if gates and decision.verdict != INCONCLUSIVE:
            decision = inconclusive(gates[-1])
        if optimum.grid_end_curves and decision.verdict != INCONCLUSIVE:
            decision = inconclusive("the best batch size of a counted curve is at its grid's end, a bound only")
        numbers |= {"slope (best grid points counted)": optimum.grid_slope,
                    "95% interval of a rerun with other seeds": [optimum.replication_low, optimum.replication_high],
                    "counted curves whose best B is at a grid end": list(optimum.grid_end_curves) or "none"}
        low90, high90 = slope_estimate(optimum).interval(0.90)
        low, high = slope_estimate(optimum).interval(0.95)
        key_number = (f"slope {optimum.slope:.2f}, 90% [{low90:.2f}, {high90:.2f}], 95% [{low:.2f}, {high:.2f}] "
                      f"on {n - bound} curves; {bound} of {n} {label}")
    if robustness:  # the verdict is the primary's; the vertex's, read before the primary was fixed, beside
        numbers |= _vertex_beside(decision)
        decision = by_primary(robustness[0], gates)
        tally = (f"{len(fits.unresolved)} of {n} curves unresolved by the budget test" if optimum is None
                 else f"{bound} of {n} {label}")
        key_number = _primary_key(decision, robustness[0]) + "; " + tally
    if decision.estimate is not None and decision.estimate.finite():
        low, high = decision.estimate.interval(0.95)
        numbers[f"95% half-width of the slope (the design aims at {TARGET_HALF_WIDTH:g} or less)"] = (high - low) / 2
    pooled = fits.pooled
    if pooled is not None:  # beside the verdict's vertex slope, which was fixed in advance
        estimate = slope_estimate(pooled)
        numbers |= {"pooled slope (one shared parabola in log B over the same curves; not the verdict's)": pooled.slope,
                    "its 90% interval": list(estimate.interval(0.90)), "its 95% interval": list(estimate.interval(0.95))}
    if edge is not None:
        numbers |= {"slope of the edge B_edge": edge.slope,
                    "95% interval of the edge's slope": [edge.slope_low, edge.slope_high]}
    measured = ("edge" if decision.estimate is None else
                f"optimum ({n - bound} of {n} curves {'set by the noise' if tested else 'above the edge'})")
    if tested:  # what set each optimum, for the front page
        measured += "; optimum set by " + _grouped(fits.set_by, quantity)
    if separation is not None:
        apart, why = separation["told apart"]
        numbers["optima told from their edge"] = f"{'yes' if apart else 'no'}: {why}"
        if separation["slope"] is not None:
            s = separation["slope"]
            numbers["slope of log(B_opt/B_edge)"] = s.slope
            numbers["95% interval of that slope"] = [s.slope_low, s.slope_high]
        measured += "; optima told from the edge" if apart else "; optima not told from the edge"
    if alive:
        numbers["optimum set by, the units kept alive taken into account"] = {f"{x:g}": s for x, s in alive.items()}
        measured += "; with the units kept alive, set by " + _grouped(alive, quantity)
    if shifts:
        numbers["optimum with the units kept alive (ratio to ReLU's within ×1.5: stayed)"] = {
            f"{x:g}": s for x, s in shifts.items()}
        measured += " (the optimum " + _grouped(shifts, quantity) + ")"
    for table in robustness or []:
        numbers |= readings(table)
    numbers["intervals"] = MULTIPLICITY
    text = statement(claim_id, quantity=quantity, setting=f" ({setting})" if setting else "")
    record = decision.numbers() | ({"provisional": True} if optimum is None and decision.estimate is not None else {})
    if robustness:
        measured = f"optimum by the {PRIMARY['definition']} ({PRIMARY['resampling']}); " + measured
    return Claim(claim_id, figure, text, decision.verdict, numbers, note=note_of(decision), key_number=key_number,
                 measured=measured, decision=record)


def by_primary(table: Robustness, gates: list[str]) -> Decision:
    """The verdict rule on the primary definition's slope over the table's curves (claims.robustness.
    PRIMARY): undecided where it places no slope; inconclusive where the simulation does not let it
    decide, or where a gate says the curves cannot decide (the budget test left some unresolved, the
    range stops short of the regime), with what the primary's interval alone would read."""
    primary = table.primary
    if primary.decision is None:
        return Decision("undecided", None, None, reason=f"the primary placed no slope over {table.scope}: "
                                                        f"{primary.slope.reason or 'no estimate'}")
    ruled = primary.decision
    reasons = ([] if primary.may_decide else [f"the simulation does not let the primary decide here ({primary.why})"])
    reasons += gates
    if not reasons:
        return ruled
    return Decision(INCONCLUSIVE, ruled.estimate, ruled.band,
                    reason="; ".join(reasons) + f"; its interval alone would read '{ruled.verdict}'",
                    to_decide=ruled.to_decide)


def _primary_key(decision: Decision, table: Robustness) -> str:
    """The primary's slope and intervals in words, for the record's key number."""
    fit = table.primary.slope.fit
    if decision.estimate is None or not decision.estimate.finite():
        return f"{PRIMARY['definition']}: no slope over {table.scope}"
    low90, high90 = decision.estimate.interval(0.90)
    low, high = decision.estimate.interval(0.95)
    return (f"{PRIMARY['definition']} slope {decision.estimate.value:.2f}, 90% [{low90:.2f}, {high90:.2f}], "
            f"95% [{low:.2f}, {high:.2f}] on {len(fit.curves)} curves")


def _vertex_beside(vertex: Decision) -> dict:
    """The vertex's slope and verdict (the book's definition before the primary was fixed), for the record."""
    out = {"vertex's verdict (beside; the primary decides)": vertex.verdict}
    if vertex.estimate is not None and vertex.estimate.finite():
        out |= {"vertex slope": vertex.estimate.value, "vertex's 90% interval": list(vertex.estimate.interval(0.90)),
                "vertex's 95% interval": list(vertex.estimate.interval(0.95))}
    return out


def check_regime(claim_id: str, figure: str, quantity: str, table: Robustness, regime: float, setting: str = "",
                 to_reach: str = "") -> Claim:
    """The claim in the paper's regime alone (C9-regime: x >= regime), decided by the rule on the primary
    definition's slope (claims.robustness.PRIMARY), where the simulation lets it decide; inconclusive
    where it may not, undecided where it places no slope. to_reach: what would bring the 95% half-width
    to TARGET_HALF_WIDTH (benchmarks/size_regime.py), recorded where it is not reached."""
    fit = table.primary.slope.fit
    decision = by_primary(table, [])
    numbers = {"range": f"{quantity} >= {regime:g}", "curves": [] if fit is None else [f"{x:g}" for x in fit.curves],
               "definition": f"{PRIMARY['definition']}, {PRIMARY['resampling']}: {PRIMARY['reason']}"}
    key_number = f"no slope over {quantity} >= {regime:g}"
    if decision.estimate is not None and decision.estimate.finite():
        low90, high90 = decision.estimate.interval(0.90)
        low, high = decision.estimate.interval(0.95)
        half = (high - low) / 2
        numbers |= {"slope": decision.estimate.value, "90% interval": [low90, high90], "95% interval": [low, high],
                    f"95% half-width (the design aims at {TARGET_HALF_WIDTH:g} or less)": half}
        if half > TARGET_HALF_WIDTH and to_reach:
            numbers["what would reach the target"] = to_reach
        key_number = (f"slope {decision.estimate.value:.2f}, 90% [{low90:.2f}, {high90:.2f}], 95% [{low:.2f}, "
                      f"{high:.2f}] on {len(fit.curves)} curves ({quantity} = {', '.join(f'{x:g}' for x in fit.curves)})")
    numbers |= readings(table)
    numbers["intervals"] = MULTIPLICITY
    text = statement(claim_id, quantity=quantity, setting=f" ({setting})" if setting else "")
    return Claim(claim_id, figure, text, decision.verdict, numbers, note=note_of(decision), key_number=key_number,
                 measured=f"optimum ({PRIMARY['definition']}) over {quantity} >= {regime:g}",
                 decision=decision.numbers())


def readings(table: Robustness) -> dict:
    """The robustness table of one range for the record: the primary definition with its reason and its
    verdict, whether the simulation lets it decide, every other reading, and whether they agree."""
    primary = table.primary
    scope = f" ({table.scope})"
    verdict = primary.decision.verdict if primary.decision else (primary.slope.reason or "no estimate")
    return {f"primary definition{scope}": f"{PRIMARY['definition']}, {PRIMARY['resampling']}: {PRIMARY['reason']}",
            f"verdict under the primary definition{scope}": verdict,
            f"the primary may decide (simulation){scope}": ("yes: " if primary.may_decide else "no: ") + primary.why,
            f"robust{scope}": ("yes: every definition that may decide agrees" if table.robust else
                               "no: " + (", ".join(table.disagreeing) + " disagree" if table.disagreeing
                                         else "the primary may not decide")),
            f"every definition{scope}": rows(table)}


def _grouped(by_curve: dict[float, str], quantity: str) -> str:
    """'noise at ε = 0.025, 0.05; dying units at ε = 0.1': the curves grouped by their label."""
    groups = {}
    for x, label in by_curve.items():
        groups.setdefault(label, []).append(f"{x:g}")
    return "; ".join(f"{label} at {quantity} = {', '.join(xs)}" for label, xs in groups.items())


def note_of(decision: Decision) -> str:
    """A decision's reason and what would decide it, as a sentence for the page."""
    parts = [p for p in (decision.reason, decision.to_decide and f"what would decide it: {decision.to_decide}") if p]
    text = "; ".join(parts) + "."
    return text[0].upper() + text[1:] if parts else ""


def check_collapse(score_g: float, score_b: float, gain: tuple[float, list[float]], n_runs: int,
                   claim_id: str = "G1") -> Claim:
    """Beyond the paper: the runs collapse better on g than on B: the unexplained share against B
    minus that against g (gain: the value and its leave-one-seed-out values, analysis.collapse.
    collapse_gain) is above 0 by the verdict rule, its interval a jackknife over seeds."""
    difference = jackknife(*gain)
    decision = decide(difference, band_of(claim_id))
    low, high = difference.interval(0.95) if difference.finite() else (float("nan"), float("nan"))
    return Claim(
        claim_id, "Fig. X (beyond the paper)", statement(claim_id), decision.verdict,
        {"unexplained share against g": score_g, "unexplained share against B": score_b, "runs": n_runs,
         "intervals": MULTIPLICITY},
        note=note_of(decision), decision=decision.numbers(),
        key_number=f"unexplained share {score_g:.2f} against g, {score_b:.2f} against B "
                   f"(difference 95% [{low:.2f}, {high:.2f}])",
    )
