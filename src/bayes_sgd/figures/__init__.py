"""The figure registry: for every page of the book, its notebook, its label, the ids of the claims
it checks and its kind (figures.kinds: its setup in a profile, its setup table, the runs behind it,
how its results are gathered).

Notebooks, the command line, the benchmarks and the front page's claims table all read it, and
ask a figure's kind rather than test its key: adding a page is its page module, one line here,
its notebook and its line in _toc.yml. Free of torch.
"""
from __future__ import annotations

from dataclasses import dataclass

from .. import params
from ..params import DEVICES, ParameterError, check_choice
from ..runs import RunConfig, is_paper_lr
from . import kinds
from .kinds import L2, Collapse, Figure6, Fits, Kind, Mechanism, Scaling, Sgd, part_results, trained_here  # noqa: F401


@dataclass(frozen=True)
class Figure:
    """One page of the book. claims: the claim ids checked on it (the paper's, and one per further
    family of curves, as 'C9-time'); with per_changed_lr, each is checked again at every
    learning rate after the paper's (id 'C5-eps0.1')."""

    key: str
    notebook: str
    label: str
    claims: tuple[str, ...]
    kind: Kind
    per_changed_lr: bool = False
    computes_on: tuple[str, ...] = DEVICES


FIGURES = {f.key: f for f in (
    Figure("fig1", "fig1_memorisation", "Fig. 1", ("C1", "C2"), Fits(("random", "informative")), computes_on=("cpu",)),
    Figure("fig2", "fig2_evidence", "Fig. 2", ("C3", "C4", "C4b"), Fits(("random", "informative", "hard")),
           computes_on=("cpu",)),
    Figure("fig3", "fig3_generalisation_gap", "Fig. 3", ("C5", "C6"), Sgd(gap=True), per_changed_lr=True),
    Figure("fig4", "fig4_optimum_batch_size", "Fig. 4", ("C7",), Sgd(variants=True), per_changed_lr=True),
    Figure("fig5", "fig5_learning_rate", "Fig. 5", ("C8",), Scaling()),
    Figure("fig6", "fig6_training_set_size", "Fig. 6", ("C9", "C9-regime", "C9-time", "C9-small"), Figure6()),
    Figure("fig7", "fig7_momentum", "Fig. 7", ("C10",), Scaling()),
    Figure("figA", "figA_l2_regularisation", "Fig. A", ("C11",), L2(), per_changed_lr=True),
    Figure("figM", "figM_mechanism", "Fig. M", ("T1", "T1-small", "T2", "T2-small", "N1"), Mechanism()),
    Figure("figX", "figX_collapse", "Fig. X", ("G1",), Collapse()),
)}


def evidence_tasks(key: str) -> tuple[str, ...]:
    """The tasks (setups.evidence.TASKS) whose exact fits an evidence figure (1 or 2) shows."""
    return FIGURES[key].kind.tasks


def changed_claim_id(claim_id: str, lr: float) -> str:
    """The id of a claim checked again at a changed learning rate: 'C5-eps0.1'."""
    return f"{claim_id}-eps{lr:g}"


def claim_id(claim: str, lr: float) -> str:
    """The id of a claim checked at learning rate lr: the paper's id at the paper's rate (runs.PAPER_LR)."""
    return claim if is_paper_lr(lr) else changed_claim_id(claim, lr)


def claim_figure(label: str, lr: float) -> str:
    """The figure a claim checked at lr is recorded under: 'Fig. 4b', or 'Fig. 4b (changed ε)'."""
    return label if is_paper_lr(lr) else f"{label} (changed ε)"


def setup(key: str, profile: str = "default", **overrides):
    """The figure's setup in a profile, every override checked (ParameterError) before any work."""
    check_choice("figure", key, tuple(FIGURES))
    return FIGURES[key].kind.setup(FIGURES[key], profile, **overrides)


def setup_table(key: str, chosen):
    """The table of the paper's setting beside the one used, as the figure's page shows it
    (None for a figure that only regroups others' runs, as Figure X)."""
    return FIGURES[key].kind.table(chosen)


def scaling_parts(key: str, chosen) -> dict:
    """The families of curves of a scaling figure (5, 6 or 7), by the id of the claim each is checked in."""
    return FIGURES[key].kind.parts(FIGURES[key], chosen)


def runs_of(key: str, chosen) -> list[RunConfig]:
    """The training runs behind a figure, given its setup (none for the evidence figures 1 and 2).
    For Figures 5-7 (and X) the whole grid: the batch-size search trains a subset of it."""
    return FIGURES[key].kind.runs(chosen)


def results_of(key: str, chosen, device: str = "cpu", scheduler: str | None = None) -> list[dict]:
    """The results behind a figure, through the results cache: Figures 5-7 by the batch-size
    search along each curve (bayes_sgd.analysis.search), Figure X those of Figures 4-7 (each run
    once), Figures 1 and 2 their exact fits, the others by their runs."""
    return FIGURES[key].kind.results(FIGURES[key], chosen, device, scheduler, FIGURES)


def collapse_results(chosen, device: str = "cpu", scheduler: str | None = None) -> dict[str, list[dict]]:
    """Figure X's results, by the figure whose page computes them (figures.kinds.collapse_results)."""
    return kinds.collapse_results(chosen, device, scheduler, FIGURES)


def mechanism_results(chosen, device: str = "cpu", scheduler: str | None = None) -> dict:
    """Figure M's results: the temperature sweep, Figures 5-7's, and the runs measured for B_simple
    (figures.kinds.mechanism_results)."""
    return kinds.mechanism_results(chosen, device, scheduler, FIGURES)


def cache_keys(key: str, profile: str = "default", **overrides) -> list[dict]:
    """The cache keys of every run (or fit) a figure's page can compute in a profile."""
    return FIGURES[key].kind.keys(setup(key, profile, **overrides))


def page_runs(key: str, profile: str = "default") -> list[tuple[RunConfig, str]]:
    """Every run a figure's page trains in a profile, with its dtype: its registry runs (float32)
    and those it trains beside them (Figure 4's ε = 1 variants)."""
    chosen = setup(key, profile)
    return [(c, "float32") for c in runs_of(key, chosen)] + FIGURES[key].kind.extra_runs(chosen)


def runs(key: str, profile: str = "default", **overrides) -> list[RunConfig]:
    """The training runs behind a figure in a profile."""
    return runs_of(key, setup(key, profile, **overrides))


def claim_ids_of(key: str, chosen) -> list[str]:
    """The ids of the claim records the figure's page writes, given its setup: the paper's
    learning rate keeps the paper's id, every changed one gets changed_claim_id."""
    figure = FIGURES[key]
    if not figure.per_changed_lr:
        return list(figure.claims)
    return [claim_id(c, lr) for lr in figure.kind.lrs(chosen) for c in figure.claims]


def claim_ids(key: str, profile: str = "default", **overrides) -> list[str]:
    """The ids of the claim records the figure's page writes in a profile."""
    return claim_ids_of(key, setup(key, profile, **overrides))


def figure_of_claim(claim_id: str) -> Figure:
    """The figure whose page checks a claim (a changed-ε id such as 'C5-eps0.1' or a family's such
    as 'C9-time' included)."""
    base = claim_id.split("-")[0]
    for figure in FIGURES.values():
        if base in figure.claims:
            return figure
    raise ParameterError(f"claim id {claim_id!r} belongs to no figure; known: "
                         f"{', '.join(c for f in FIGURES.values() for c in f.claims)}")


def check_device(key: str, device: str) -> None:
    """Refuse a device the figure does not compute on (Figures 1 and 2 are NumPy, float64, CPU)."""
    if device not in FIGURES[key].computes_on:
        raise ParameterError(f"device={device!r} is not allowed for {key}: it is computed on "
                             f"{', '.join(FIGURES[key].computes_on)} only (NumPy in float64)")
    params.check_device(device)
