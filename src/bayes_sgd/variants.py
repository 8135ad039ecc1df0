"""Why ε = 1 fails here (Figure 4's page): the details the paper does not state, tried one at
a time at the paper's ε = 1, m = 0.9, beside the book's runs at ε = 0.1.

The paper trains small batches at ε = 1 (failure only at B ≲ 10, an optimum in the tens); here
those runs lose their hidden units or diverge. Each variant changes one unstated detail (the
initialisation, centred inputs, float64) on Figure 4's setup; the observation to test is that
none rescues ε = 1 and that the behaviour the paper reports at ε = 1 appears here at ε = 0.1.
Free of torch.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd

from .analysis import runs_frame, trains
from .experiments import SgdSetup, check_choice, PROFILES
from .runs import RunConfig

# name -> (RunConfig fields changed, dtype); the first is the book's own setting.
VARIANTS = {
    "the book's: PyTorch init, inputs in [0, 1], float32": ({}, "float32"),
    "Glorot-uniform weights, zero biases": ({"init": "glorot"}, "float32"),
    "truncated normal weights (std 0.1), biases 0.1": ({"init": "truncnormal"}, "float32"),
    "centred inputs (minus the mean training image)": ({"inputs": "centred"}, "float32"),
    "float64 instead of float32": ({}, "float64"),
}
BOOK = next(iter(VARIANTS))
# A diagnostic, not one of the paper's experiments: two seeds (three in 'paper') per point.
VARIANT_PROFILES = {"smoke": dict(batch_sizes=(10, 30), n_seeds=2), "default": dict(batch_sizes=(10, 30, 100), n_seeds=2),
                    "paper": dict(batch_sizes=(10, 30, 100), n_seeds=3)}
PAPER_LR, REFERENCE_LR = 1.0, 0.1
SMALL, OPTIMUM = 10, 30  # the paper at ε = 1: B ≲ 10 fails, B = 30 trains (near its optimum)


@dataclass(frozen=True)
class VariantsSetup:
    """The variants' runs: Figure 4's setup at these batch sizes and seeds."""

    sgd: SgdSetup
    batch_sizes: tuple[int, ...]
    seeds: tuple[int, ...]

    def runs(self, variant: str, lr: float = PAPER_LR) -> list[RunConfig]:
        changes, _dtype = VARIANTS[variant]
        return [replace(r, **changes) for r in self.sgd.runs(batch_sizes=self.batch_sizes, lrs=(lr,))
                if r.seed in self.seeds]


def variants_setup(sgd: SgdSetup) -> VariantsSetup:
    """The variants of a profile on Figure 4's setup (its N, updates and test images)."""
    check_choice("profile", sgd.profile, PROFILES)
    p = VARIANT_PROFILES[sgd.profile]
    sizes = tuple(b for b in p["batch_sizes"] if b <= sgd.n_train)
    return VariantsSetup(sgd, sizes, tuple(range(min(p["n_seeds"], len(sgd.seeds)))))


def variants_results(setup: VariantsSetup, device: str = "cpu",
                     scheduler: str | None = None) -> dict[tuple[str, float], list[dict]]:
    """Results per (variant, ε), through the results cache: every variant at ε = 1, the book's
    also at ε = 0.1 (both of the book's are runs of Figure 4, so they come from the cache)."""
    from .experiments import sgd_results

    wanted = sorted({(name, PAPER_LR) for name in VARIANTS} | {(BOOK, REFERENCE_LR)}, key=_order)
    return {(name, lr): sgd_results(setup.runs(name, lr), device, label=f"ε = {lr:g} variants", scheduler=scheduler,
                                    dtype=VARIANTS[name][1]) for name, lr in wanted}


def _order(item: tuple[str, float]) -> tuple[int, float]:
    return list(VARIANTS).index(item[0]), -item[1]


def variants_table(results: dict[tuple[str, float], list[dict]]) -> pd.DataFrame:
    """Per variant, ε and B: runs that train (analysis.trains), mean dead-unit fraction,
    mean training and test accuracy, and runs that failed or diverged."""
    rows = []
    for (name, lr), found in results.items():
        runs = runs_frame(found).assign(trains=lambda f: trains(f))
        for b, part in runs.groupby("batch_size"):
            rows.append({"variant": name, "ε": lr, "B": int(b), "runs that train": f"{int(part['trains'].sum())} of {len(part)}",
                         "dead hidden units": round(part["dead_fraction"].mean(), 3),
                         "training accuracy": round(part["train_accuracy"].mean(), 4),
                         "test accuracy": round(part["test_accuracy"].mean(), 4),
                         "failed or diverged": int((part["status"] != "ok").sum()),
                         "_all_train": bool(part["trains"].all())})
    return pd.DataFrame(rows)


def observation(table: pd.DataFrame) -> dict:
    """The observation the table supports or refutes: (1) no variant trains every run at B = 30
    at ε = 1 (no unstated detail rescues the paper's rate here) and (2) at ε = 0.1 the book's
    runs show the paper's ε = 1 picture: every run trains at B = 30, not every run at B = 10."""
    at_paper = table[(table["ε"] == PAPER_LR) & (table["B"] == OPTIMUM)]
    rescued = sorted(at_paper.loc[at_paper["_all_train"], "variant"])
    reference = table[(table["ε"] == REFERENCE_LR) & (table["variant"] == BOOK)].set_index("B")
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
    return {"verdict": "supported" if supported else "refuted", "clauses": clauses, "text": text}


def shown(table: pd.DataFrame) -> pd.DataFrame:
    """The table as the page shows it (without the helper columns)."""
    return table[[c for c in table.columns if not c.startswith("_")]]


def report(table: pd.DataFrame):
    """The observation and its verdict as Markdown for the page."""
    from IPython.display import Markdown

    found = observation(table)
    mark = {"supported": "✅", "refuted": "❌", "not run": "⏸"}[found["verdict"]]
    return Markdown(f"**Observation — {mark} {found['verdict']}.** The behaviour the paper reports at ε = "
                    f"{PAPER_LR:g} appears here at ε = {REFERENCE_LR:g}, and no unstated detail tried brings it back "
                    f"at ε = {PAPER_LR:g}. Clauses: {found['text']}.")
