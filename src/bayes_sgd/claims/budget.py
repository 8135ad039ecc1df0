"""What set each curve's optimum, judged by the book's verdict rule (claims.verdict) on the budget
test's runs (analysis.budget): an optimum at or below the stability edge is the edge's; above it,
the optimum counts as the noise's only when the interval of B_opt(2U)/B_opt(U) lies inside a margin
fixed in advance (it stayed), as the budget's when that interval lies outside the margin (it moved:
the curve is trained again at twice the budget and judged there), and as unresolved otherwise (a
wide interval shows nothing, and an unresolved optimum does not count)."""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..analysis.budget import log_ratio, stability_edge
from ..analysis.optimum import best_batch_size
from ..analysis.records import Optimum
from .verdict import NOT_REPRODUCED, REPRODUCED, Band, Decision, decide, jackknife

BUDGET_MARGIN = 1.5  # an optimum 'stayed' when B_opt(2U)/B_opt(U) is shown within a factor 1.5 either way
STAYED = Band(-math.log10(BUDGET_MARGIN), math.log10(BUDGET_MARGIN), 0.0, name="log10 B_opt(2U)/B_opt(U)")


@dataclass(frozen=True)
class BudgetJudgement:
    """One curve's optimum judged with the budget test: the optimum at the budget it was judged at
    (budget, in multiples of U) and at twice it (None where not trained), the stability edge there,
    what set it (analysis.budget.MECHANISMS) with the ratio's decision behind it (None where no
    ratio was judged), and the optimum at every budget trained."""

    best: Optimum
    doubled_best: Optimum | None
    stability_edge: float
    set_by: str
    ratio: Decision | None
    budget: int
    bests: tuple[Optimum, ...]


def ratio_decision(best: Optimum, doubled: Optimum) -> Decision:
    """The verdict rule on log10 B_opt(2U)/B_opt(U) against STAYED: reproduced is 'stayed',
    not reproduced 'moved', inconclusive 'unresolved'."""
    value, leave_one_out = log_ratio(best, doubled)
    return decide(jackknife(value, leave_one_out), STAYED)


def optimum_source(best: Optimum, doubled_best: Optimum | None, stable_edge: float) -> tuple[str, Decision | None]:
    """What sets one curve's optimum, and the ratio's decision behind it: 'stability' when its best
    grid point is at or below the stability edge, 'untested' when the curve was not trained at
    twice the budget, else 'noise' (stayed), 'budget' (moved) or 'unresolved' (ratio_decision)."""
    if np.isnan(stable_edge) or best.grid_best <= stable_edge:
        return "stability", None
    if doubled_best is None:
        return "untested", None
    decision = ratio_decision(best, doubled_best)
    return {REPRODUCED: "noise", NOT_REPRODUCED: "budget"}.get(decision.verdict, "unresolved"), decision


def optima_over_budgets(levels: list[pd.DataFrame], by: str) -> dict[float, BudgetJudgement]:
    """Per curve: its optimum judged at the first budget (U, 2U, 4U, ... as levels holds them) from
    which it does not move when the budget doubles, or at the last one trained: the optimum there
    and at twice it, the stability edge, what sets the optimum (optimum_source) with the ratio's
    decision, the budget it was judged at (1, 2, ... times U) and the optimum at every budget."""
    out = {}
    for x, part in levels[0].groupby(by):
        frames = [part] + [level[level[by] == x] for level in levels[1:]]
        frames = frames[:next((i for i, f in enumerate(frames) if f.empty), len(frames))]
        bests = [best_batch_size(f) for f in frames]
        for i, best in enumerate(bests):
            twice = bests[i + 1] if i + 1 < len(bests) else None
            edge = stability_edge(frames[i])
            source, ratio = optimum_source(best, twice, edge)
            if source != "budget" or i + 2 >= len(bests):
                break
        out[float(x)] = BudgetJudgement(best, twice, edge, source, ratio, 2 ** i, tuple(bests))
    return out


@dataclass(frozen=True)
class AliveShift:
    """One curve's optimum with its hidden units kept alive (leaky ReLU) beside its optimum with ReLU
    units, both at the first budget: the verdict rule's decision on log10 B_opt(alive)/B_opt(ReLU)
    against STAYED, and the shift it reads ('stayed', 'moved down', 'moved up', 'unresolved')."""

    relu: Optimum
    alive: Optimum
    decision: Decision
    shift: str


def alive_shift(relu: Optimum, alive: Optimum) -> AliveShift:
    """Did the optimum stay where it was when the units were kept alive? The same margin and rule as
    the budget test (ratio_decision)."""
    decision = ratio_decision(relu, alive)
    if decision.verdict == REPRODUCED:
        shift = "stayed"
    elif decision.verdict == NOT_REPRODUCED:
        shift = "moved down" if alive.fit_best < relu.fit_best else "moved up"
    else:
        shift = "unresolved"
    return AliveShift(relu, alive, decision, shift)


def set_by_alive(set_by: str, shift: str | None) -> str:
    """What set an optimum, the units kept alive taken into account: the budget where the budget
    test says so; the dying units where the optimum moved down once they were kept alive; the noise
    where a noise-set (or unresolved) optimum stayed; else what the budget test said."""
    if set_by == "budget" or shift is None:
        return set_by
    if shift == "moved down":
        return "dying units"
    if shift == "stayed" and set_by in ("noise", "unresolved"):
        return "noise"
    return set_by


def moved(levels: list[pd.DataFrame], by: str) -> list[float]:
    """The curves whose optimum moved between the last two budgets trained for them: to be trained
    again at twice the last (the budget test goes on rather than stop at 'budget')."""
    return [x for x, o in optima_over_budgets(levels, by).items()
            if o.set_by == "budget" and len(o.bests) == len(levels)]


def optimum_text(b: Optimum | None) -> str:
    """A fitted optimum with its 95% interval, for a table."""
    return "not trained" if b is None else f"{b.fit_best:.0f} ({b.fit_low:.0f} to {b.fit_high:.0f})"


def ratio_text(d: Decision | None) -> str:
    """A ratio's decision as the ratio with its 90% interval (the level 'stayed' is read at)."""
    if d is None:
        return "—"
    if not d.estimate.finite():
        return f"{10 ** d.estimate.value:.2f} (no interval)"
    low, high = d.estimate.interval(0.90)
    return f"{10 ** d.estimate.value:.2f} ({10 ** low:.2f} to {10 ** high:.2f})"


def optima_table(optima: dict[float, BudgetJudgement], name: str) -> pd.DataFrame:
    """Per curve: stability edge, optimum at U, 2U (and 4U where trained) with their intervals, the
    ratio B_opt(2U)/B_opt(U) at the budget judged with its 90% interval, and what sets the optimum."""
    deepest = max(len(o.bests) for o in optima.values()) if optima else 0
    rows = []
    for x, o in optima.items():
        bests = o.bests
        row = {name: x, "stability edge": "none" if np.isnan(o.stability_edge) else f"{o.stability_edge:g}"}
        for i in range(max(deepest, 2)):
            label = "U" if i == 0 else f"{2 ** i}U"
            row[f"B_opt at {label} (95% interval)"] = optimum_text(bests[i] if i < len(bests) else None)
        rows.append({**row, "judged at": "U" if o.budget == 1 else f"{o.budget}U",
                     f"ratio at twice that budget (90% interval; stayed within ×{BUDGET_MARGIN:g})": ratio_text(o.ratio),
                     "optimum set by": o.set_by})
    return pd.DataFrame(rows)


def alive_table(shifts: dict[float, AliveShift], set_by: dict[float, str], judged_at: dict[float, int],
                name: str, not_trained: tuple[float, ...] = ()) -> pd.DataFrame:
    """Per curve: the optimum with ReLU units and with the units kept alive, both at the first budget
    (95% intervals), their ratio with its 90% interval, the shift, and what set the optimum once both
    tests are read (the shift counts only for a curve the budget test judged at the first budget).
    not_trained: the family's other curves, listed as not measured with the units kept alive."""
    missing = [{name: x, "with the units kept alive": "not measured (not trained with them)",
                "optimum set by": set_by.get(x, "untested")} for x in not_trained]
    return pd.DataFrame([{name: x, "B_opt, ReLU (95% interval)": optimum_text(s.relu),
                          "B_opt, units kept alive": optimum_text(s.alive),
                          f"ratio (90% interval; stayed within ×{BUDGET_MARGIN:g})": ratio_text(s.decision),
                          "with the units kept alive": s.shift,
                          "optimum set by": set_by_alive(set_by.get(x, "untested"),
                                                         s.shift if judged_at.get(x, 1) == 1 else None)}
                         for x, s in shifts.items()] + missing).sort_values(name, ignore_index=True)
