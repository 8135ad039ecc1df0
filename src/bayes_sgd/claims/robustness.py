"""Which definition of the optimum decides a scaling claim, and whether the answer depends on it.

The primary definition and resampling are fixed here, before any verdict is read from them. A
definition and resampling may decide only where the simulation (analysis.simulation,
benchmarks/simulate_coverage.py) shows, at every exponent simulated, an interval on every
experiment, a 95% coverage within [0.92, 0.99] and a bias under a third of its half-width. The
robustness table applies the verdict rule to every definition and resampling that may decide; the
verdict is robust only where they all agree with the primary's (a specification curve: PAPER.md,
section 8). No torch, no profile.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..analysis.definitions import DEFINITIONS, definition
from ..analysis.resampling import RESAMPLINGS, FamilySlope, family_slope, resampling
from ..analysis.simulation import Score
from .catalogue import band_of
from .verdict import Decision, Estimate, decide

PRIMARY = {"definition": "collapse", "resampling": "seed bootstrap",
           "reason": "the paper's own theory: accuracy depends on B only through the noise scale, so the family's "
                     "curves superimpose once shifted by α·log x; the shift uses every point of every curve, the "
                     "cliff most, and no ladder choice on the flat tops moves it. The seed bootstrap is paired "
                     "across curves (one draw of seeds for all), and, unlike the jackknife, is not known to fail "
                     "for a statistic built on an argmin."}
FAMILY_OPTIONS = {"C9": {"levels": "top"}}  # N changes the tops' height: the collapse compares curves below their tops
COVERAGE_RANGE = (0.92, 0.99)


def methods_for(claim_id: str) -> list[tuple]:
    """Every (definition, resampler) a family is read with, the family's collapse options applied."""
    options = FAMILY_OPTIONS.get(claim_id, {})
    chosen = [definition(name, **options) if DEFINITIONS[name].family else DEFINITIONS[name]
              for name in DEFINITIONS]
    return [(d, r) for d in chosen for r in RESAMPLINGS.values()]


def primary_slope(claim_id: str, curves: dict) -> FamilySlope:
    """The family's slope under the primary definition and resampling."""
    options = FAMILY_OPTIONS.get(claim_id, {})
    return family_slope(curves, definition(PRIMARY["definition"], **options), resampling(PRIMARY["resampling"]))


def may_decide(s: Score, low: float = COVERAGE_RANGE[0], high: float = COVERAGE_RANGE[1]) -> tuple[bool, str]:
    """Whether a definition and resampling may decide, on one simulated exponent: every experiment
    gave an interval (else its coverage is conditional on those that did), its 95% coverage within
    [low, high], and its bias under a third of its 95% half-width; the reason either way."""
    if s.covered < s.experiments:
        return False, f"{s.experiments - s.covered} of {s.experiments} simulated experiments gave no interval"
    if not low <= s.coverage_95 <= high:
        return False, f"95% coverage {s.coverage_95:.3f} outside [{low:g}, {high:g}] (α = {s.alpha:g})"
    if not abs(s.bias) < s.half_width / 3:
        return False, (f"bias {s.bias:+.3f} not under a third of the half-width {s.half_width:.3f} "
                       f"(α = {s.alpha:g})")
    return True, f"95% coverage {s.coverage_95:.3f}, bias {s.bias:+.3f}, half-width {s.half_width:.3f} (α = {s.alpha:g})"


def allowed(scores: list[Score]) -> tuple[bool, str]:
    """may_decide at every exponent simulated (none simulated: not allowed)."""
    if not scores:
        return False, "not simulated"
    results = [may_decide(s) for s in scores]
    failing = [why for ok, why in results if not ok]
    return (not failing), "; ".join(failing or [why for _, why in results])


def scores_of(table: dict, family: str) -> dict[tuple[str, str], list[Score]]:
    """The simulation's scores of one family (benchmarks/simulate_coverage.json), by (definition, resampling)."""
    out = {}
    for row in table.get("families", {}).get(family, []):
        out.setdefault((row["definition"], row["resampling"]), []).append(Score(**row))
    return out


@dataclass(frozen=True)
class Reading:
    """One row of the robustness table: a definition and resampling, its slope, whether the
    simulation lets it decide (and why), and the verdict the rule gives on it."""

    slope: FamilySlope
    may_decide: bool
    why: str
    decision: Decision | None

    @property
    def name(self) -> str:
        return f"{self.slope.definition}, {self.slope.resampling}"


@dataclass(frozen=True)
class Robustness:
    """A family's readings over one range of x: the primary's first; robust when every reading that
    may decide gives the primary's verdict (disagreeing: those that do not)."""

    scope: str
    readings: tuple[Reading, ...]

    @property
    def primary(self) -> Reading:
        return self.readings[0]

    @property
    def disagreeing(self) -> tuple[str, ...]:
        verdict = self.primary.decision.verdict if self.primary.decision else None
        return tuple(r.name for r in self.readings if r.may_decide and r.decision
                     and r.decision.verdict != verdict)

    @property
    def robust(self) -> bool:
        return self.primary.may_decide and not self.disagreeing


def estimate_of(slope: FamilySlope) -> Estimate | None:
    fit = slope.fit
    return None if fit is None else Estimate(fit.slope, fit.se, fit.seeds - 1, fit.seeds, slope=True)


def robustness(claim_id: str, curves: dict, scores: dict[tuple[str, str], list[Score]], scope: str) -> Robustness:
    """Every definition and resampling on the family's curves ({x: Curve}), the primary first."""
    readings = []
    for d, r in methods_for(claim_id):
        slope = family_slope(curves, d, r)
        ok, why = allowed(scores.get((d.name, r.name), []))
        estimate = estimate_of(slope)
        decision = None if estimate is None else decide(estimate, band_of(claim_id))
        readings.append(Reading(slope, ok, why, decision))
    first = next(i for i, r in enumerate(readings) if (r.slope.definition, r.slope.resampling)
                 == (PRIMARY["definition"], PRIMARY["resampling"]))
    return Robustness(scope, (readings[first], *readings[:first], *readings[first + 1:]))


def rows(table: Robustness) -> list[dict]:
    """The robustness table as the record and the page show it."""
    out = []
    for r in table.readings:
        fit = r.slope.fit
        low, high = r.decision.estimate.interval(0.95) if r.decision and r.decision.estimate.finite() else (None, None)
        out.append({"definition": r.slope.definition, "resampling": r.slope.resampling,
                    "slope": None if fit is None else round(fit.slope, 3),
                    "95% interval": None if low is None else [round(low, 3), round(high, 3)],
                    "curves": [] if fit is None else [f"{x:g}" for x in fit.curves],
                    "not placed": {f"{x:g}": why for x, why in r.slope.not_placed} or "none",
                    "verdict it would give": r.decision.verdict if r.decision else (r.slope.reason or "no estimate"),
                    "may decide (simulation)": ("yes: " if r.may_decide else "no: ") + r.why})
    return out
