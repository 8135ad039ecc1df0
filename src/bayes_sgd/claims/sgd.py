"""Claims C5-C7 and C11 (Figures 3, 4 and A), checked on the SGD runs."""
from __future__ import annotations

import math

import pandas as pd

from ..analysis.edge import edge_bound
from ..analysis.frames import at_record_near, mean_and_se
from ..analysis.intervals import half_width
from .catalogue import statement
from .records import Claim, verdict


def _final_by_batch(runs, lr: float):
    """Mean, SE and count of final test accuracy per batch size at one learning rate."""
    return mean_and_se(runs[runs["lr"] == lr], ["batch_size"], "test_accuracy").set_index("batch_size")


def check_c5(runs, curves, lr: float, small: int, large: int, claim_id: str = "C5", figure: str = "Fig. 3a") -> Claim:
    """B=small beats B=large in final test accuracy by more than the gap's 95% half-width
    (Student's t over seeds); and is slower early on (lower mean test accuracy at the
    recorded step nearest steps/30)."""
    table = _final_by_batch(runs, lr)
    a, b = table.loc[small], table.loc[large]
    gap, hw = a["mean"] - b["mean"], half_width((a["se"], a["count"]), (b["se"], b["count"]))
    steps = int(runs["steps"].max())
    early = at_record_near(curves, steps / 30)
    at_early = curves[(curves["lr"] == lr) & (curves["step"] == early)].groupby("batch_size")["test_accuracy"].mean()
    slower = at_early[small] < at_early[large]
    ok = gap > hw and hw > 0 and slower
    return Claim(
        claim_id, figure, statement(claim_id, small=small, large=large, lr=f"{lr:g}"),
        verdict(ok),
        {f"final test accuracy B={small}": a["mean"], f"final test accuracy B={large}": b["mean"],
         "gap": gap, "95% half-width of gap": hw, "seeds": int(a["count"]), "early step": early,
         f"test accuracy at early step, B={small}": float(at_early[small]),
         f"test accuracy at early step, B={large}": float(at_early[large])},
        key_number=f"gap {gap:+.3f} (95% ±{hw:.3f}) at ε={lr:g}",
    )


def _interior_minimum(curve: pd.Series, margin: float = 0.01) -> bool:
    """The curve (indexed by step) dips at least `margin` below its final value before the end."""
    return bool(curve.idxmin() != curve.index.max() and curve.iloc[-1] - curve.min() >= margin)


def check_c6(curves, lr: float, small: int, large: int, claim_id: str = "C6", figure: str = "Fig. 3b") -> Claim:
    """Both over-fit (mean test cross-entropy has an interior minimum in time, rising
    by at least 0.01 nats by the end), and the small batch ends lower."""
    sel = curves[curves["lr"] == lr]
    mean = sel.groupby(["batch_size", "step"])["test_loss"].mean()
    s, l = mean.loc[small], mean.loc[large]
    ok = _interior_minimum(s) and _interior_minimum(l) and s.iloc[-1] < l.iloc[-1]
    return Claim(
        claim_id, figure, statement(claim_id, small=small, large=large, lr=f"{lr:g}"),
        verdict(ok),
        {f"min test CE B={small}": float(s.min()), f"step of the minimum, B={small}": int(s.idxmin()),
         f"final test CE B={small}": float(s.iloc[-1]), f"min test CE B={large}": float(l.min()),
         f"step of the minimum, B={large}": int(l.idxmin()), f"final test CE B={large}": float(l.iloc[-1])},
        key_number=f"final CE {s.iloc[-1]:.3f} vs {l.iloc[-1]:.3f} at ε={lr:g}",
    )


def check_c7(runs, lr: float, best: dict, claim_id: str = "C7", figure: str = "Fig. 4b",
             failing_below: int | None = 10, edge: dict | None = None) -> Claim:
    """Interior maximum of mean test accuracy over B with both ends lower by more than the
    difference's 95% half-width (Student's t over seeds); and
    (at the paper's ε = 1) every run with B <= failing_below fails to train.
    edge (analysis.trainability_edge): recorded beside, saying whether the optimum is edge-bound."""
    table = _final_by_batch(runs, lr)
    top = table.loc[best["grid_best"]]
    lo_end, hi_end = table.iloc[0], table.iloc[-1]
    below = lambda end: top["mean"] - end["mean"] > half_width((top["se"], top["count"]), (end["se"], end["count"]))
    ok = best["grid_interior"] and below(lo_end) and below(hi_end)
    numbers = {"best B (grid)": best["grid_best"], "best B (fit)": best["fit_best"],
               "95% interval of fit": [best["fit_low"], best["fit_high"]],
               "accuracy at best B": float(top["mean"]), f"accuracy at B={table.index[0]}": float(lo_end["mean"]),
               f"accuracy at B={table.index[-1]}": float(hi_end["mean"])}
    if failing_below is not None:
        small = runs[(runs["lr"] == lr) & (runs["batch_size"] <= failing_below)]
        all_fail = bool(len(small)) and bool((small["status"] != "ok").all())
        numbers[f"runs with B ≤ {failing_below} that failed"] = f"{int((small['status'] != 'ok').sum())} of {len(small)}"
        ok = ok and all_fail
    measured = ""
    if edge is not None:
        bound = edge_bound(best, edge)
        numbers |= {"trainability edge B_edge": "none (no batch size trains)" if math.isnan(edge["edge"]) else edge["edge"],
                    "below the edge": edge["below_edge"],
                    "optimum on the edge (edge-bound)": "yes" if bound else "no"}
        measured = "edge" if bound else "optimum (above the edge)"
    return Claim(
        claim_id, figure, statement(claim_id, lr=f"{lr:g}"), verdict(ok), numbers, measured=measured,
        key_number=f"best B = {best['grid_best']:g} (fit {best['fit_best']:.0f}, 95% [{best['fit_low']:.0f}, {best['fit_high']:.0f}]) at ε={lr:g}",
    )


def check_c11(runs, lr: float, small: int, large: int, weight_decay: float, claim_id: str = "C11",
              figure: str = "Fig. A") -> Claim:
    """Without L2, B=small beats B=large by more than the gap's 95% half-width; with L2 the gap
    is smaller by more than the 95% half-width of the difference (Student's t over seeds)."""
    gaps = {}
    for wd in (0.0, weight_decay):
        table = _final_by_batch(runs[runs["weight_decay"] == wd], lr)
        a, b = table.loc[small], table.loc[large]
        gaps[wd] = (a["mean"] - b["mean"], [(a["se"], a["count"]), (b["se"], b["count"])])
    (g0, groups0), (g1, groups1) = gaps[0.0], gaps[weight_decay]
    hw0, hw1, hw_diff = half_width(*groups0), half_width(*groups1), half_width(*groups0, *groups1)
    n = int(groups0[0][1])
    ok = g0 > hw0 and g0 - g1 > hw_diff
    return Claim(
        claim_id, figure, statement(claim_id, weight_decay=f"{weight_decay:g}", small=small, large=large, lr=f"{lr:g}"),
        verdict(ok),
        {"gap without L2": g0, "95% half-width without L2": hw0, "gap with L2": g1, "95% half-width with L2": hw1,
         "shrinkage": g0 - g1, "95% half-width of shrinkage": hw_diff, "seeds": n},
        key_number=f"gap {g0:+.3f} without, {g1:+.3f} with L2 at ε={lr:g}",
    )


def readings_table(runs, lrs, small: int, large: int, chosen: float, readings: dict[str, float]) -> pd.DataFrame:
    """C11's test for the chosen coefficient and each reading of the paper's, per ε: the gap
    without and with L2, its shrinkage with 95% half-width, and whether C11 would hold."""
    rows = []
    for lr in lrs:
        for name, wd in {"chosen here": chosen, **readings}.items():
            claim = check_c11(runs, lr, small, large, wd)
            c = claim.numbers
            rows.append({"ε": lr, "L2 coefficient": name, "weight decay": wd, "gap without L2": round(c["gap without L2"], 4),
                         "gap with L2": round(c["gap with L2"], 4), "shrinkage": round(c["shrinkage"], 4),
                         "95% half-width": round(c["95% half-width of shrinkage"], 4), "C11's test": claim.verdict})
    return pd.DataFrame(rows)
