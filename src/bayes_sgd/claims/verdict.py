"""The book's one rule for deciding a quantitative claim: equivalence, not significance
(two one-sided tests; ../shared/paper/PAPER.md, section 7), fixed before any run is judged by it.

A claim allows a band of values fixed in advance (a slope close to 1: 0.8 to 1.25; a sign: above 0).
With the estimate's Student-t intervals over seeds:

- reproduced: its 90% interval lies inside the band (for a sign claim, its 95% interval on the
  claimed side of 0);
- not reproduced: its 95% interval lies entirely outside the band;
- inconclusive: neither. The decision then says the estimate's standard error and how many seeds
  (or, for a slope, how much wider a range of the varied quantity) would decide it at the
  measured variance.

An estimate whose interval is missing or not finite is inconclusive, with the reason. A claim of
several parts (all must hold) is reproduced when every part is, not reproduced when one part is,
and inconclusive otherwise (the intersection-union principle: no correction is needed for
'reproduced'). No torch, no profile.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from ..analysis.intervals import jackknife_se

REPRODUCED, NOT_REPRODUCED, INCONCLUSIVE = "reproduced", "not reproduced", "inconclusive"
LEVELS = (0.90, 0.95)

# Said in every record with an interval: how the intervals treat testing several claims at once.
MULTIPLICITY = ("Intervals are per claim, not adjusted for the book's other claims: each 'not reproduced' "
                "has a 2.5% chance of being wrong on its own, so among the book's twenty-odd interval "
                "records one false refutation is not unlikely. A claim of several parts is reproduced only "
                "when every part is (intersection-union: no adjustment needed).")


class BandError(ValueError):
    """A band that does not allow the paper's own value: refused when the catalogue is loaded."""


@dataclass(frozen=True)
class Band:
    """The values a claim allows, fixed in advance. paper: the paper's value, which must lie inside.
    reproduce_level: the interval that must lie inside the band (0.90 for a two-sided band, the two
    one-sided tests at 5%; 0.95 for a sign, one test at 2.5%). name: how a record writes it."""

    low: float
    high: float
    paper: float
    reproduce_level: float = 0.90
    name: str = ""

    def __post_init__(self) -> None:
        if not (self.low < self.high):
            raise BandError(f"band {self.name or (self.low, self.high)}: low={self.low} must be below high={self.high}")
        if not (self.low <= self.paper <= self.high):
            raise BandError(f"band {self.name or (self.low, self.high)} = [{self.low:g}, {self.high:g}] does not "
                            f"contain the paper's value {self.paper:g}")
        if self.reproduce_level not in LEVELS:
            raise BandError(f"reproduce_level={self.reproduce_level!r} is not allowed; allowed: {LEVELS}")

    def holds(self, low: float, high: float) -> bool:
        return self.low <= low and high <= self.high

    def excludes(self, low: float, high: float) -> bool:
        return high < self.low or low > self.high

    def bounds(self) -> list[float]:
        return [self.low, self.high]


def t_quantile(level: float, dof: float) -> float:
    """Two-sided Student-t quantile: the half-width of the `level` interval in standard errors."""
    from scipy.stats import t

    return float(t.ppf(0.5 + level / 2, dof))


@dataclass(frozen=True)
class Estimate:
    """An estimate over seeds: value, standard error, the t distribution's degrees of freedom (n − 1
    for a jackknife over n seeds; Welch's for a difference of means) and the number of seeds. An
    SE of 0 (seeds that all agree) gives no interval: only a finite, positive SE does.
    slope: the estimate is a slope on a varied quantity (its SE also falls with that range)."""

    value: float
    se: float
    dof: float
    seeds: int
    slope: bool = False

    def finite(self) -> bool:
        return math.isfinite(self.value) and math.isfinite(self.se) and self.se > 0 and self.dof > 0

    def interval(self, level: float) -> tuple[float, float]:
        width = t_quantile(level, self.dof) * self.se
        return self.value - width, self.value + width


def jackknife(value: float, leave_one_out, slope: bool = False) -> Estimate:
    """The Estimate of a statistic from its n leave-one-seed-out values (jackknife SE, n − 1 dof)."""
    values = [float(v) for v in leave_one_out]
    n = len(values)
    if n < 2 or not all(math.isfinite(v) for v in values):
        return Estimate(value, math.nan, max(n - 1, 0), n, slope)
    return Estimate(value, jackknife_se(values), n - 1, n, slope)


def welch(value: float, *groups: tuple[float, int]) -> Estimate:
    """The Estimate of a sum or difference of independent means, each given as (standard error,
    seeds): Welch-Satterthwaite degrees of freedom (infinite where no seed varied)."""
    variance = sum(se ** 2 for se, _ in groups)
    parts = [se ** 4 / (n - 1) for se, n in groups if n > 1 and se > 0]
    seeds = int(min(n for _, n in groups))
    if seeds < 2:
        return Estimate(value, math.nan, 0, seeds)
    dof = variance ** 2 / sum(parts) if parts else math.inf
    return Estimate(value, math.sqrt(variance), dof, seeds)


@dataclass(frozen=True)
class Decision:
    """One claim (or part of one) decided by the rule: its verdict, why, and what would decide it."""

    verdict: str
    estimate: Estimate | None
    band: Band | None
    reason: str = ""
    to_decide: str = ""

    def numbers(self) -> dict:
        """The decision's numbers as a record stores them (both intervals, the band, the SE)."""
        if self.estimate is None or self.band is None:
            return {"reason": self.reason}
        e = self.estimate
        out = {"estimate": e.value, "standard error": e.se, "degrees of freedom": e.dof, "seeds": e.seeds,
               "band": self.band.bounds()}
        if e.finite():
            out |= {"90% interval": list(e.interval(0.90)), "95% interval": list(e.interval(0.95))}
        if self.reason:
            out["reason"] = self.reason
        if self.to_decide:
            out["what would decide it"] = self.to_decide
        return out


def condition(holds: bool, what: str) -> Decision:
    """A part of a claim without an interval (a count, a status): reproduced or not, as it stands."""
    return Decision(REPRODUCED if holds else NOT_REPRODUCED, None, None, reason=what)


def inconclusive(reason: str) -> Decision:
    """A claim the data cannot decide for the reason given (no estimate, a bound, a range not reached)."""
    return Decision(INCONCLUSIVE, None, None, reason=reason)


def decide(estimate: Estimate, band: Band) -> Decision:
    """The rule: reproduced, not reproduced or inconclusive (module docstring)."""
    if estimate.se == 0:
        return Decision(INCONCLUSIVE, estimate, band, reason=f"the {estimate.seeds} seeds show no spread, so there is "
                        "no interval (identical runs say nothing of the seeds' variance)")
    if not estimate.finite():
        return Decision(INCONCLUSIVE, estimate, band, reason="the interval is missing or not finite "
                        f"(estimate {estimate.value}, SE {estimate.se}, {estimate.seeds} seeds)")
    if band.holds(*estimate.interval(band.reproduce_level)):
        return Decision(REPRODUCED, estimate, band)
    if band.excludes(*estimate.interval(0.95)):
        return Decision(NOT_REPRODUCED, estimate, band)
    return Decision(INCONCLUSIVE, estimate, band, reason="the interval straddles the band's edge",
                    to_decide=what_would_decide(estimate, band))


def what_would_decide(estimate: Estimate, band: Band) -> str:
    """At the measured variance and the same estimate: the seeds (SE ∝ 1/√seeds) that would put the
    interval inside the band or wholly outside it, and for a slope the factor by which the range of
    log x would have to widen (SE ∝ 1/spread of log x) at the same seeds."""
    inside = band.low <= estimate.value <= band.high
    level = band.reproduce_level if inside else 0.95
    room = (min(estimate.value - band.low, band.high - estimate.value) if inside
            else max(band.low - estimate.value, estimate.value - band.high))
    outcome = REPRODUCED if inside else NOT_REPRODUCED
    if room <= 0 or estimate.se <= 0:
        return "nothing at this estimate: it sits on the band's edge"
    seeds = next((n for n in range(estimate.seeds + 1, 100_001)
                  if t_quantile(level, _dof_at(estimate, n)) * estimate.se * math.sqrt(estimate.seeds / n) < room), None)
    text = (f"{seeds} seeds (now {estimate.seeds}) would make it {outcome} if the estimate stayed at "
            f"{estimate.value:.3g}" if seeds else "no feasible number of seeds")
    if estimate.slope:
        widen = t_quantile(level, estimate.dof) * estimate.se / room
        text += f"; or, at {estimate.seeds} seeds, a range of the varied quantity {widen:.2g} times wider in log"
    return text


def _dof_at(estimate: Estimate, seeds: int) -> float:
    """Degrees of freedom with `seeds` seeds, in proportion to today's (n − 1 for a jackknife)."""
    return estimate.dof * (seeds - 1) / max(estimate.seeds - 1, 1)


def all_of(parts: list[Decision]) -> str:
    """The verdict of a claim whose parts must all hold (intersection-union)."""
    verdicts = [p.verdict for p in parts]
    if all(v == REPRODUCED for v in verdicts):
        return REPRODUCED
    if NOT_REPRODUCED in verdicts:
        return NOT_REPRODUCED
    return INCONCLUSIVE
