"""Claims C5-C7 and C11 (Figures 3, 4 and A), checked on the SGD runs."""
from __future__ import annotations

import math

import pandas as pd

from ..analysis.edge import edge_bound
from ..analysis.frames import at_record_near, mean_and_se
from ..analysis.records import Edge, Optimum
from .catalogue import band_of, statement
from .records import Claim
from .verdict import MULTIPLICITY, Decision, all_of, condition, decide, welch


def _final_by_batch(runs, lr: float):
    """Mean, SE and count of final test accuracy per batch size at one learning rate."""
    return mean_and_se(runs[runs["lr"] == lr], ["batch_size"], "test_accuracy").set_index("batch_size")


def _difference(a, b, claim_id: str) -> Decision:
    """Mean a minus mean b (rows of mean_and_se) above 0, by the verdict rule (Welch's t)."""
    return decide(welch(float(a["mean"] - b["mean"]), (a["se"], a["count"]), (b["se"], b["count"])), band_of(claim_id))


def _judged(parts: dict[str, Decision]) -> tuple[str, dict, str, dict]:
    """A claim of several parts, all of which must hold: its verdict, each part's decision as
    numbers, a note with the reasons, and the first part with an interval as the headline."""
    numbers = {f"{name}: {k}": v for name, d in parts.items() for k, v in d.numbers().items()}
    notes = [f"{name}: {d.verdict}" + (f" ({d.reason})" if d.reason else "")
             + (f"; what would decide it: {d.to_decide}" if d.to_decide else "") for name, d in parts.items()]
    headline = next((d.numbers() for d in parts.values() if d.estimate is not None), {})
    return all_of(list(parts.values())), {**numbers, "intervals": MULTIPLICITY}, "; ".join(notes) + ".", headline


def check_c5(runs, curves, lr: float, small: int, large: int, claim_id: str = "C5", figure: str = "Fig. 3a") -> Claim:
    """B=small beats B=large in final test accuracy (the gap above 0 by the verdict rule, Welch's t
    over seeds); and is slower early on (lower mean test accuracy at the recorded step nearest steps/30)."""
    table = _final_by_batch(runs, lr)
    a, b = table.loc[small], table.loc[large]
    gap = _difference(a, b, claim_id)
    early = at_record_near(curves, int(runs["steps"].max()) / 30)
    at_early = curves[(curves["lr"] == lr) & (curves["step"] == early)].groupby("batch_size")["test_accuracy"].mean()
    slower = condition(bool(at_early[small] < at_early[large]), f"B={small} below B={large} at step {early}")
    state, numbers, note, headline = _judged({"gap": gap, "slower early": slower})
    low, high = gap.estimate.interval(0.95) if gap.estimate.finite() else (float("nan"),) * 2
    return Claim(
        claim_id, figure, statement(claim_id, small=small, large=large, lr=f"{lr:g}"), state,
        {f"final test accuracy B={small}": a["mean"], f"final test accuracy B={large}": b["mean"],
         "seeds": int(a["count"]), "early step": early, f"test accuracy at early step, B={small}": float(at_early[small]),
         f"test accuracy at early step, B={large}": float(at_early[large]), **numbers},
        note=note, decision=headline,
        key_number=f"gap {gap.estimate.value:+.3f} (95% [{low:+.3f}, {high:+.3f}]) at ε={lr:g}",
    )


def _rise(sel, batch_size: int, claim_id: str) -> tuple[Decision, int]:
    """Over-fitting of one batch size: per seed, final test cross-entropy minus that at the step where
    the mean curve is lowest (an interior step, or it does not over-fit), above 0 by the verdict
    rule; and that step."""
    mine = sel[sel["batch_size"] == batch_size]
    lowest = int(mine.groupby("step")["test_loss"].mean().idxmin())
    last = int(mine["step"].max())
    if lowest == last:
        return condition(False, f"B={batch_size}'s mean test cross-entropy is lowest at the end: no over-fitting"), lowest
    per_seed = mine.pivot_table(index="seed", columns="step", values="test_loss")
    rises = per_seed[last] - per_seed[lowest]
    se = float(rises.std(ddof=1) / len(rises) ** 0.5) if len(rises) > 1 else float("nan")
    return decide(welch(float(rises.mean()), (se, len(rises))), band_of(claim_id)), lowest


def check_c6(curves, lr: float, small: int, large: int, claim_id: str = "C6", figure: str = "Fig. 3b") -> Claim:
    """Both over-fit (test cross-entropy rises from the mean curve's lowest point to the end, above 0
    over seeds) and the small batch ends lower (large minus small final cross-entropy above 0),
    each by the verdict rule."""
    sel = curves[curves["lr"] == lr]
    mean = sel.groupby(["batch_size", "step"])["test_loss"].mean()
    s, big = mean.loc[small], mean.loc[large]
    final = mean_and_se(sel[sel["step"] == sel["step"].max()], ["batch_size"], "test_loss").set_index("batch_size")
    (rise_s, step_s), (rise_l, step_l) = _rise(sel, small, claim_id), _rise(sel, large, claim_id)
    parts = {f"B={small} over-fits": rise_s, f"B={large} over-fits": rise_l,
             f"B={small} ends lower": _difference(final.loc[large], final.loc[small], claim_id)}
    state, numbers, note, headline = _judged(parts)
    return Claim(
        claim_id, figure, statement(claim_id, small=small, large=large, lr=f"{lr:g}"), state,
        {f"min test CE B={small}": float(s.min()), f"step of the minimum, B={small}": step_s,
         f"final test CE B={small}": float(s.iloc[-1]), f"min test CE B={large}": float(big.min()),
         f"step of the minimum, B={large}": step_l, f"final test CE B={large}": float(big.iloc[-1]), **numbers},
        note=note, decision=headline, key_number=f"final CE {s.iloc[-1]:.3f} vs {big.iloc[-1]:.3f} at ε={lr:g}",
    )


def check_c7(runs, lr: float, best: Optimum, claim_id: str = "C7", figure: str = "Fig. 4b",
             failing_below: int | None = 10, edge: Edge | None = None) -> Claim:
    """An interior maximum of mean test accuracy over B, both ends lower (each difference above 0 by
    the verdict rule, Welch's t over seeds); and (at the paper's ε = 1) every run with
    B <= failing_below fails to train. edge (analysis.trainability_edge): recorded beside, saying
    whether the optimum is edge-bound."""
    table = _final_by_batch(runs, lr)
    top = table.loc[best.grid_best]
    lo_end, hi_end = table.iloc[0], table.iloc[-1]
    parts = {"interior maximum": condition(best.grid_interior, f"best grid point B={best.grid_best:g}")}
    if best.grid_interior:
        parts |= {f"above B={table.index[0]}": _difference(top, lo_end, claim_id),
                  f"above B={table.index[-1]}": _difference(top, hi_end, claim_id)}
    numbers = {"best B (grid)": best.grid_best, "best B (fit)": best.fit_best,
               "95% interval of fit": [best.fit_low, best.fit_high],
               "accuracy at best B": float(top["mean"]), f"accuracy at B={table.index[0]}": float(lo_end["mean"]),
               f"accuracy at B={table.index[-1]}": float(hi_end["mean"])}
    if failing_below is not None:
        small = runs[(runs["lr"] == lr) & (runs["batch_size"] <= failing_below)]
        failed = int((small["status"] != "ok").sum())
        parts[f"B ≤ {failing_below} fails"] = condition(bool(len(small)) and failed == len(small),
                                                       f"{failed} of {len(small)} runs failed")
        numbers[f"runs with B ≤ {failing_below} that failed"] = f"{failed} of {len(small)}"
    state, judged, note, headline = _judged(parts)
    measured = ""
    if edge is not None:
        bound = edge_bound(best, edge)
        numbers |= {"trainability edge B_edge": "none (no batch size trains)" if math.isnan(edge.edge) else edge.edge,
                    "below the edge": edge.below_edge,
                    "optimum on the edge (edge-bound)": "yes" if bound else "no"}
        measured = "edge" if bound else "optimum (above the edge)"
    return Claim(
        claim_id, figure, statement(claim_id, lr=f"{lr:g}"), state, {**numbers, **judged}, measured=measured,
        note=note, decision=headline,
        key_number=f"best B = {best.grid_best:g} (fit {best.fit_best:.0f}, 95% [{best.fit_low:.0f}, {best.fit_high:.0f}]) at ε={lr:g}",
    )


def check_c11(runs, lr: float, small: int, large: int, weight_decay: float, claim_id: str = "C11",
              figure: str = "Fig. A") -> Claim:
    """Without L2, B=small beats B=large; with L2 the gap shrinks: both above 0 by the verdict rule
    (Welch's t over seeds; the shrinkage a difference of four means)."""
    gaps = {}
    for wd in (0.0, weight_decay):
        table = _final_by_batch(runs[runs["weight_decay"] == wd], lr)
        a, b = table.loc[small], table.loc[large]
        gaps[wd] = (float(a["mean"] - b["mean"]), [(a["se"], a["count"]), (b["se"], b["count"])])
    (g0, groups0), (g1, groups1) = gaps[0.0], gaps[weight_decay]
    band = band_of(claim_id)
    parts = {"gap without L2": decide(welch(g0, *groups0), band), "shrinkage": decide(welch(g0 - g1, *groups0, *groups1), band)}
    state, numbers, note, headline = _judged(parts)
    return Claim(
        claim_id, figure, statement(claim_id, weight_decay=f"{weight_decay:g}", small=small, large=large, lr=f"{lr:g}"),
        state, {"gap without L2": g0, "gap with L2": g1, "shrinkage": g0 - g1, "seeds": int(groups0[0][1]), **numbers},
        note=note, decision=headline, key_number=f"gap {g0:+.3f} without, {g1:+.3f} with L2 at ε={lr:g}",
    )


def readings_table(runs, lrs, small: int, large: int, chosen: float, readings: dict[str, float]) -> pd.DataFrame:
    """C11's test for the chosen coefficient and each reading of the paper's, per ε: the gap
    without and with L2, its shrinkage with its 95% interval, and C11's verdict with it."""
    rows = []
    for lr in lrs:
        for name, wd in {"chosen here": chosen, **readings}.items():
            claim = check_c11(runs, lr, small, large, wd)
            c = claim.numbers
            low, high = c.get("shrinkage: 95% interval", [float("nan")] * 2)
            rows.append({"ε": lr, "L2 coefficient": name, "weight decay": wd, "gap without L2": round(c["gap without L2"], 4),
                         "gap with L2": round(c["gap with L2"], 4), "shrinkage": round(c["shrinkage"], 4),
                         "95% interval of shrinkage": f"{low:+.4f} to {high:+.4f}", "C11's test": claim.verdict})
    return pd.DataFrame(rows)
