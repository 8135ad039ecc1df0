"""The observation of Figure 4's ε = 1 variants, judged clause by clause: no unstated detail
rescues the paper's ε = 1 here, and the book's runs at ε = 0.1 show the paper's ε = 1 picture."""
from __future__ import annotations

import pandas as pd

from ..runs import PAPER_LR, REFERENCE_LR

SMALL, OPTIMUM = 10, 30  # the paper at ε = 1: B ≲ 10 fails, B = 30 trains (near its optimum)


def observation(table: pd.DataFrame, remedy: str | None = None) -> dict:
    """The observation the table supports or refutes: (1) no variant trains every run at B = 30
    at ε = 1 (no unstated detail rescues the paper's rate here) and (2) at ε = 0.1 the book's
    runs show the paper's ε = 1 picture: every run trains at B = 30, not every run at B = 10.
    remedy: a variant that is a change from the paper rather than an unstated detail (leaky ReLU):
    left out of (1), its runs at B = 30, ε = 1 reported beside."""
    at_paper = table[(table["ε"] == PAPER_LR) & (table["B"] == OPTIMUM)]
    kept_alive = at_paper[at_paper["variant"] == remedy]
    at_paper = at_paper[at_paper["variant"] != remedy]
    rescued = sorted(at_paper.loc[at_paper["_all_train"], "variant"])
    reference = table[(table["ε"] == REFERENCE_LR) & table["_book"]].set_index("B")
    if OPTIMUM not in reference.index or SMALL not in reference.index or at_paper.empty:
        return {"verdict": "not run", "text": f"the table lacks B = {SMALL} or B = {OPTIMUM} at both learning rates"}
    clauses = {
        f"no variant trains every run at B = {OPTIMUM}, ε = {PAPER_LR:g}": not rescued,
        f"at ε = {REFERENCE_LR:g} every run trains at B = {OPTIMUM}": bool(reference.loc[OPTIMUM, "_all_train"]),
        f"at ε = {REFERENCE_LR:g} not every run trains at B = {SMALL}": not bool(reference.loc[SMALL, "_all_train"]),
    }
    supported = all(clauses.values())
    text = "; ".join(f"{clause}: {'yes' if ok else 'no'}" for clause, ok in clauses.items())
    if rescued:
        text += f" (trains at ε = {PAPER_LR:g}, B = {OPTIMUM}: {', '.join(rescued)})"
    found = {"verdict": "supported" if supported else "refuted", "clauses": clauses, "text": text}
    if not kept_alive.empty:
        row = kept_alive.iloc[0]
        found["remedy"] = (f"with {remedy}, B = {OPTIMUM} at ε = {PAPER_LR:g}: "
                           f"{row['runs that train']} runs train, {row['failed or diverged']} failed or diverged")
    return found


def report(table: pd.DataFrame, remedy: str | None = None):
    """The observation and its verdict as Markdown for the page (the remedy's runs after it)."""
    from IPython.display import Markdown

    found = observation(table, remedy)
    mark = {"supported": "✅", "refuted": "❌", "not run": "⏸"}[found["verdict"]]
    return Markdown(f"**Observation — {mark} {found['verdict']}.** The behaviour the paper reports at ε = "
                    f"{PAPER_LR:g} appears here at ε = {REFERENCE_LR:g}, and no unstated detail tried brings it back "
                    f"at ε = {PAPER_LR:g}. Clauses: {found['text']}."
                    + (f" Apart from the verdict, {found['remedy']}." if "remedy" in found else ""))
