"""The figure registry: for every page of the book, its notebook, its setup in a profile,
the runs behind it and the ids of the claims it checks.

Notebooks, the command line, the benchmarks and the front page's claims table all read
it, so a figure's runs and claim ids are written down once. Free of torch.
"""
from __future__ import annotations

from dataclasses import dataclass

from .analysis import search
from .claims import budget
from .analysis.frames import distinct_results, runs_frame
from .execution.results import sgd_results
from . import params
from .params import DEVICES, ParameterError, check_choice
from .runs import RunConfig, is_paper_lr
from .analysis.simple_noise import runs_to_measure
from .setups import collapse, evidence, figure6, l2, mechanism, scaling, sgd, tables, temperature


@dataclass(frozen=True)
class Figure:
    """One page of the book. claims: the claim ids checked on it (the paper's, and one per further
    family of curves, as 'C9-time'); with per_changed_lr, each is checked again at every
    learning rate after the paper's (id 'C5-eps0.1')."""

    key: str
    notebook: str
    label: str
    claims: tuple[str, ...]
    per_changed_lr: bool = False
    computes_on: tuple[str, ...] = DEVICES


FIGURES = {f.key: f for f in (
    Figure("fig1", "fig1_memorisation", "Fig. 1", ("C1", "C2"), computes_on=("cpu",)),
    Figure("fig2", "fig2_evidence", "Fig. 2", ("C3", "C4", "C4b"), computes_on=("cpu",)),
    Figure("fig3", "fig3_generalisation_gap", "Fig. 3", ("C5", "C6"), per_changed_lr=True),
    Figure("fig4", "fig4_optimum_batch_size", "Fig. 4", ("C7",), per_changed_lr=True),
    Figure("fig5", "fig5_learning_rate", "Fig. 5", ("C8",)),
    Figure("fig6", "fig6_training_set_size", "Fig. 6", ("C9", "C9-time", "C9-small")),
    Figure("fig7", "fig7_momentum", "Fig. 7", ("C10",)),
    Figure("figA", "figA_l2_regularisation", "Fig. A", ("C11",), per_changed_lr=True),
    Figure("figM", "figM_mechanism", "Fig. M", ("T1", "T1-small", "T2", "T2-small", "N1")),
    Figure("figX", "figX_collapse", "Fig. X", ("G1",)),
)}


EVIDENCE_TASKS = {"fig1": ("random", "informative"), "fig2": ("random", "informative", "hard")}


def evidence_tasks(key: str) -> tuple[str, ...]:
    """The tasks (setups.evidence.TASKS) whose exact fits Figure 1 or 2 shows."""
    return EVIDENCE_TASKS[key]


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
    if key in ("fig1", "fig2"):
        return evidence.evidence_setup(profile, **overrides)
    if key in ("fig3", "fig4"):
        return sgd.sgd_setup(profile, **overrides)
    if key == "fig6":
        return figure6.figure6_setup(profile, **overrides)
    if key in scaling.FIGURES:
        return scaling.scaling_setup(key, profile, **overrides)
    if key == "figA":
        return l2.l2_setup(profile, **overrides)
    if key == "figM":
        return mechanism.mechanism_setup(profile, **overrides)
    return collapse.collapse_setups(profile, **overrides)


def setup_table(key: str, chosen):
    """The table of the paper's setting beside the one used, as the figure's page shows it
    (None for Figure X, which only regroups the runs of Figures 4-7)."""
    if key in ("fig1", "fig2"):
        return tables.evidence_setup_table(chosen)
    if key in ("fig3", "fig4"):
        return tables.sgd_setup_table(chosen)
    if key == "fig6":
        return tables.figure6_setup_table(chosen)
    if key in scaling.FIGURES:
        return tables.scaling_setup_table(chosen)
    if key == "figA":
        return tables.l2_setup_table(*chosen)
    if key == "figM":
        return tables.temperature_setup_table(chosen.temperature)
    return None


def scaling_parts(key: str, chosen) -> dict[str, "scaling.ScalingSetup"]:
    """The families of curves of Figure 5, 6 or 7, by the id of the claim each is checked in."""
    return chosen.parts() if key == "fig6" else {FIGURES[key].claims[0]: chosen}


def runs_of(key: str, chosen) -> list[RunConfig]:
    """The training runs behind a figure, given its setup (none for the evidence figures 1 and 2).
    For Figures 5-7 (and X) the whole grid: the batch-size search trains a subset of it."""
    if key in ("fig1", "fig2"):
        return []
    if key == "fig3":
        return chosen.runs(batch_sizes=chosen.gap_batch_sizes())
    if key == "figA":
        return l2.l2_runs(*chosen)
    if key == "figX":
        return collapse.distinct_runs({k: runs_of(k, part) for k, part in chosen.items()})
    if key in scaling.FIGURES:
        return chosen.all_runs()
    return chosen.runs()  # Figure M: the temperature sweep and every run B_simple may be measured on


def results_of(key: str, chosen, device: str = "cpu", scheduler: str | None = None) -> list[dict]:
    """The training results behind a figure, through the results cache: Figures 5-7 by the
    batch-size search along each curve (bayes_sgd.analysis.search), Figure X those of Figures 4-7 (each
    run once), the others by their runs."""
    def train(configs: list[RunConfig]) -> list[dict]:
        return sgd_results(configs, device, label=f"{FIGURES[key].label} runs", scheduler=scheduler)

    if key in scaling.FIGURES:  # every family searched together; a run two families share counts once
        parts = scaling_parts(key, chosen)
        found = dict(zip(parts, search.family_results(list(parts.values()), train)))
        levels = budget_test_results({c: p for c, p in parts.items() if p.budget_test}, found, train)
        return distinct_results(found | {f"{claim} at {2 ** k}U": r for claim, results in levels.items()
                                         for k, r in enumerate(results[1:], start=1)})
    if key == "figX":
        return distinct_results(collapse_results(chosen, device, scheduler))
    if key == "figM":
        return trained_here(mechanism_results(chosen, device, scheduler))
    return train(runs_of(key, chosen))


def budget_test_results(tested: dict[str, "scaling.ScalingSetup"], found: dict[str, list[dict]], train) -> dict:
    """The budget test of every tested family, searched together budget by budget: per claim, its
    results at U, 2U and (with two doublings) 4U for the curves whose optimum moved from U to 2U
    (analysis.budget)."""
    levels = {claim: [found[claim]] for claim in tested}
    for k in range(1, max((part.doublings for part in tested.values()), default=0) + 1):
        wanted = []
        for claim, part in tested.items():
            if len(levels[claim]) < k or part.doublings < k:
                continue  # nothing moved at the last budget, or the profile stops here
            at = part.budget_levels()[k - 1]
            xs = ([at.curve_x(c) for c in at.curves] if k == 1 else
                  budget.moved([runs_frame(r) for r in levels[claim]], scaling.FIGURES[part.figure]["x_column"]))
            if xs:
                wanted.append((claim, at.only(xs), levels[claim][-1]))
        for (claim, _, _), results in zip(wanted, search.doubled_results([(s, r) for _, s, r in wanted], train)):
            levels[claim].append(results)
    return levels


def collapse_results(chosen: dict, device: str = "cpu", scheduler: str | None = None) -> dict[str, list[dict]]:
    """Figure X: the results of Figures 4-7 (as their pages computed them; of Figure 6 its
    small-N part, on the same data as the others), by figure."""
    def train(configs: list[RunConfig]) -> list[dict]:
        return sgd_results(configs, device, label=f"{FIGURES['figX'].label} runs", scheduler=scheduler)

    return {"fig4": results_of("fig4", chosen["fig4"], device, scheduler),
            **{key: search.scaling_results(chosen[key], train) for key in scaling.FIGURES}}


def mechanism_results(chosen: "mechanism.MechanismSetup", device: str = "cpu", scheduler: str | None = None) -> dict:
    """Figure M: the temperature sweep's results; the results of Figures 5-7 (as their pages computed
    them), by figure; and, per family and curve, the run at the curve's best grid batch size again
    with B_simple measured ({claim id: {x: result}}), all measured runs trained in one sweep."""
    def train(configs: list[RunConfig]) -> list[dict]:
        return sgd_results(configs, device, label=f"{FIGURES['figM'].label} runs", scheduler=scheduler)

    temperature = train(chosen.temperature.runs())
    by_figure = {key: results_of(key, setup, device, scheduler) for key, setup in chosen.scaling.items()}
    wanted = {claim: runs_to_measure(part_results(part, by_figure[key]), scaling.FIGURES[key]["x_column"])
              for key, setup in chosen.scaling.items() for claim, part in scaling_parts(key, setup).items()}
    configs = [c for curves in wanted.values() for c in curves.values()]
    measured = dict(zip(configs, train(configs)))
    return {"temperature": temperature, "scaling": by_figure,
            "measured": {claim: {x: measured[c] for x, c in curves.items()} for claim, curves in wanted.items()}}


def trained_here(found: dict) -> list[dict]:
    """The runs Figure M trains itself (the temperature sweep, the measured runs), each once."""
    measured = [r for curves in found["measured"].values() for r in curves.values()]
    return distinct_results({"temperature": found["temperature"], "measured": measured})


def part_results(part: "scaling.ScalingSetup | temperature.TemperatureFamily", results: list[dict]) -> list[dict]:
    """The results of one family of runs (anything with runs(): a scaling family, a family of the
    temperature sweep) among a figure's results."""
    wanted = set(part.runs())
    return [r for r in results if RunConfig(**r["config"]) in wanted]


def runs(key: str, profile: str = "default", **overrides) -> list[RunConfig]:
    """The training runs behind a figure in a profile."""
    return runs_of(key, setup(key, profile, **overrides))


def claim_ids_of(key: str, chosen) -> list[str]:
    """The ids of the claim records the figure's page writes, given its setup: the paper's
    learning rate keeps the paper's id, every changed one gets changed_claim_id."""
    figure = FIGURES[key]
    if not figure.per_changed_lr:
        return list(figure.claims)
    lrs = (chosen[0] if key == "figA" else chosen).lrs
    return [claim_id(c, lr) for lr in lrs for c in figure.claims]


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
