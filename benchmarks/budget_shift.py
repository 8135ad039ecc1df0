"""Can the budget test be read on the primary definition? Per curve of C8, C9 and C10, the shift of the
collapse (the primary: analysis.definitions.CollapseShift, seed bootstrap) between the curve at U and at
2U, as B_opt(2U)/B_opt(U), judged by the budget test's own rule (claims.budget.STAYED: 'stayed' within
×BUDGET_MARGIN, 'moved' outside it, 'unresolved' otherwise), beside the vertex's judgement that decides
today. Written for the issue that asks for the budget test on the primary's footing: it shows whether
that would resolve the curves the vertex leaves unresolved, and why not where it does not.

    BAYES_SGD_CACHE=.cache .venv/bin/python benchmarks/budget_shift.py   # after make book imported results/

Nothing trains: the curves are read from the cache (the archives in results/). Deterministic: the
seed bootstrap's draws are fixed (analysis.resampling). Its output is committed beside it (.txt).
"""

from __future__ import annotations

import numpy as np

from bayes_sgd import figures
from bayes_sgd.analysis.definitions import curve_of, definition
from bayes_sgd.analysis.resampling import family_slope, resampling
from bayes_sgd.claims.budget import BUDGET_MARGIN, STAYED
from bayes_sgd.claims.robustness import PRIMARY
from bayes_sgd.claims.verdict import NOT_REPRODUCED, REPRODUCED, Estimate, decide
from bayes_sgd.pages.scaling import Family
from bayes_sgd.setups.scaling import VARIED

FIGURE = {"C8": "fig5", "C9": "fig6", "C10": "fig7"}
READ = {REPRODUCED: "stayed", NOT_REPRODUCED: "moved"}


def shift(at_u, at_2u) -> tuple[float, tuple[float, float], str] | None:
    """B_opt(2U)/B_opt(U) by the collapse of the two curves (x = 1 and 2: the exponent is log2 of the
    ratio), its 90% interval and the budget test's reading; None where the collapse places none."""
    slope = family_slope({1.0: curve_of(at_u), 2.0: curve_of(at_2u)},
                         definition(PRIMARY["definition"], levels="top"), resampling(PRIMARY["resampling"]))
    fit = slope.fit
    if fit is None or not np.isfinite(fit.se):
        return None
    per_log10 = np.log10(2.0)  # log10 B moves by the exponent times log10 2
    estimate = Estimate(fit.slope * per_log10, fit.se * per_log10, fit.seeds - 1, fit.seeds)
    decision = decide(estimate, STAYED)
    low, high = estimate.interval(0.90)
    return 10**estimate.value, (10**low, 10**high), READ.get(decision.verdict, "unresolved")


def main() -> None:
    print(f"B_opt(2U)/B_opt(U) by the {PRIMARY['definition']} ({PRIMARY['resampling']}, tops levelled), "
          f"'stayed' when its 90% interval lies within ×{BUDGET_MARGIN:g} either way\n")
    totals = {"vertex": {}, "collapse": {}}
    for claim_id, key in FIGURE.items():
        setup = figures.setup(key, "default")
        part = figures.scaling_parts(key, setup)[claim_id]
        family = Family.of_part(key, claim_id, part, figures.results_of(key, setup))
        by, quantity = VARIED[key]["x_column"], VARIED[key]["quantity"]
        at_u, at_2u = family.levels[0], family.levels[1]
        print(f"{claim_id} ({quantity})")
        print(f"  {quantity:>10s}  {'collapse ratio':>14s}  {'90% interval':>14s}  {'reads':10s}  vertex (decides today)")
        for x in sorted(family.best):
            if family.optima is None or family.optima[x].set_by == "stability":
                continue
            read = shift(at_u[at_u[by] == x], at_2u[at_2u[by] == x])
            vertex = family.optima[x].set_by
            totals["vertex"].setdefault(vertex, 0)
            totals["vertex"][vertex] += 1
            if read is None:
                print(f"  {x:>10g}  {'not placed':>14s}  {'':14s}  {'':10s}  {vertex}")
                totals["collapse"]["not placed"] = totals["collapse"].get("not placed", 0) + 1
                continue
            ratio, (low, high), reads = read
            totals["collapse"][reads] = totals["collapse"].get(reads, 0) + 1
            print(f"  {x:>10g}  {ratio:14.2f}  [{low:5.2f}, {high:5.2f}]  {reads:10s}  {vertex}")
        print()
    for name, counts in totals.items():
        print(f"{name}: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))


if __name__ == "__main__":
    main()
