"""The map of what sets the optimum batch size (the mechanism chapter): per curve of a scaling
family, the stability edge, the budget edge, the optimum and B_simple; per claim, which
mechanism (noise, stability, dying units, budget) set its optima. No torch, no profile."""
from __future__ import annotations

import numpy as np
import pandas as pd

from .budget import MECHANISMS


def budget_edge(test: pd.DataFrame, by: str, x: float) -> float:
    """The smallest batch size of one curve tested at both budgets above every budget-limited one
    (budget.budget_test's table); nan where none is budget-limited (no budget edge)."""
    mine = test[test[by] == x]
    limited = mine[mine["budget-limited"]]
    if limited.empty:
        return float("nan")
    above = mine[mine["batch_size"] > limited["batch_size"].max()]
    return float(above["batch_size"].min()) if not above.empty else float("inf")


def curve_map(optima: dict, test: pd.DataFrame, noise: dict[float, float], by: str,
              set_by: dict[float, str] | None = None) -> pd.DataFrame:
    """Per curve (a value x of `by`): stability edge, budget edge, fitted optimum with its 95%
    interval, what set it (set_by where given, e.g. with the units kept alive; else the budget test's
    answer, claims.budget.optima_over_budgets) and B_simple (nan where not measured)."""
    set_by = set_by or {}
    rows = []
    for x, o in sorted(optima.items()):
        best = o.best
        rows.append({"x": x, "stability_edge": o.stability_edge, "budget_edge": budget_edge(test, by, x),
                     "optimum": best.fit_best, "low": best.fit_low, "high": best.fit_high,
                     "set_by": set_by.get(x, o.set_by), "b_simple": noise.get(x, float("nan"))})
    return pd.DataFrame(rows)


def paper_line(frame: pd.DataFrame) -> pd.Series:
    """The paper's rule B_opt ∝ x (x = ε, N or 1/(1 − m)) through the geometric centre of the optima."""
    centre = np.exp(np.log(frame["optimum"]).mean() - np.log(frame["x"]).mean())
    return centre * frame["x"]


def mechanism_counts(set_by: dict[float, str]) -> dict[str, int]:
    """How many curves' optima each mechanism set ('noise', 'stability', 'budget', 'untested')."""
    return {source: sum(s == source for s in set_by.values()) for source in MECHANISMS}


def what_sets(counts: dict[str, int]) -> str:
    """The mechanism behind a claim's optima, in words: the one that set most of them, or a tie."""
    tested = {k: v for k, v in counts.items() if k != "untested" and v}
    if not tested:
        return "untested"
    top = max(tested.values())
    leaders = [k for k, v in tested.items() if v == top]
    return " and ".join(leaders) if len(leaders) > 1 else leaders[0]


def mechanism_table(by_claim: dict[str, dict[float, str]]) -> pd.DataFrame:
    """Per claim: curves whose optimum each mechanism set, and which sets B_opt in this book."""
    rows = []
    for claim, set_by in by_claim.items():
        counts = mechanism_counts(set_by)
        rows.append({"claim": claim, "curves": len(set_by), **{f"set by {k}": v for k, v in counts.items()},
                     "what sets B_opt here": what_sets(counts)})
    return pd.DataFrame(rows)


def map_table(maps: dict[str, tuple[pd.DataFrame, str]]) -> pd.DataFrame:
    """The numbers behind the map: per claim and curve (x written with its symbol), the edges, the
    optimum with its interval, what set it and B_simple ('none' where a curve has no such edge)."""
    def size(value: float) -> str:
        return "none" if not np.isfinite(value) else f"{value:g}"

    rows = [{"claim": claim, "curve": f"{symbol} = {r.x:g}", "stability edge": size(r.stability_edge),
             "budget edge": size(r.budget_edge), "B_opt (95% interval)": f"{r.optimum:.0f} ({r.low:.0f} to {r.high:.0f})",
             "set by": r.set_by, "B_simple": "not measured" if not np.isfinite(r.b_simple) else f"{r.b_simple:.0f}"}
            for claim, (frame, symbol) in maps.items() for r in frame.itertuples()]
    return pd.DataFrame(rows)
