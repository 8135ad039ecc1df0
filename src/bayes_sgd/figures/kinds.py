"""What each kind of figure does: its setup in a profile, its setup table, the runs behind it and
how its results are gathered. A Figure of the registry (bayes_sgd.figures) carries its kind, so
that the registry, the command line and the benchmarks ask the figure rather than test its key.
Free of torch. registry: the figures by key, for the kinds that gather other figures' results."""
from __future__ import annotations

from ..analysis import search
from ..analysis.frames import distinct_results, runs_frame
from ..analysis.simple_noise import runs_to_measure
from ..claims import budget
from ..execution.results import fit_key, fit_results, sgd_results
from ..runs import RunConfig
from ..setups import collapse, evidence, figure6, l2, mechanism, scaling, setup_tables, sgd, variants


class Kind:
    """The default kind: a setup with runs(), trained through the results cache."""

    takes_scaling_options = False  # the command line's --n-seeds, --activation, --values, --refine, --alive

    def setup(self, figure, profile: str, **overrides):
        raise NotImplementedError

    def table(self, chosen):
        """The paper's setting beside the one used (None: the page shows none)."""
        return None

    def runs(self, chosen) -> list[RunConfig]:
        return chosen.runs()

    def extra_runs(self, chosen) -> list[tuple[RunConfig, str]]:
        """Runs the page trains beyond its registry runs, with their dtype (Figure 4's ε = 1 variants)."""
        return []

    def lrs(self, chosen):
        """The learning rates its claims are checked at (claims per changed ε), or None."""
        return None

    def parts(self, figure, chosen) -> dict:
        """Its families of curves by claim id (the scaling figures)."""
        return {}

    def results(self, figure, chosen, device: str, scheduler: str | None, registry: dict) -> list[dict]:
        return train(figure, device, scheduler)(self.runs(chosen))

    def keys(self, chosen) -> list[dict]:
        """The cache keys behind the page: its runs' and extra runs' (or its fits')."""
        from ..execution import sweep

        return [sweep.run_key(c) for c in self.runs(chosen)] + [sweep.run_key(c, d) for c, d in self.extra_runs(chosen)]


def train(figure, device: str, scheduler: str | None):
    """A figure's trainer: configurations in, results out, through the cache, labelled with the figure."""
    def run(configs: list[RunConfig]) -> list[dict]:
        return sgd_results(configs, device, label=f"{figure.label} runs", scheduler=scheduler)
    return run


class Fits(Kind):
    """Figures 1 and 2: the logistic model's exact fits of some tasks (setups.evidence.TASKS)."""

    def __init__(self, tasks: tuple[str, ...]):
        self.tasks = tasks

    def setup(self, figure, profile, **overrides):
        return evidence.evidence_setup(profile, **overrides)

    def table(self, chosen):
        return setup_tables.evidence_setup_table(chosen)

    def runs(self, chosen):
        return []

    def results(self, figure, chosen, device, scheduler, registry):
        return [row for task in self.tasks for row in fit_results(chosen.fit(task))]

    def keys(self, chosen):
        return [fit_key(chosen.fit(task)) for task in self.tasks]


class Sgd(Kind):
    """Figures 3 and 4: the SGD network at the paper's and a changed ε; gap: only the two batch
    sizes Figure 3 compares; variants: Figure 4's ε = 1 variants beside its runs."""

    def __init__(self, gap: bool = False, variants: bool = False):
        self.gap, self.variants = gap, variants

    def setup(self, figure, profile, **overrides):
        return sgd.sgd_setup(profile, figure=figure.key, **overrides)

    def table(self, chosen):
        return setup_tables.sgd_setup_table(chosen)

    def runs(self, chosen):
        return chosen.runs(batch_sizes=chosen.gap_batch_sizes()) if self.gap else chosen.runs()

    def extra_runs(self, chosen):
        if not self.variants:
            return []
        tried = variants.variants_setup(chosen)
        return [(c, variants.VARIANTS[name][1]) for name, lr in variants.wanted() for c in tried.runs(name, lr)]

    def lrs(self, chosen):
        return chosen.lrs


class Scaling(Kind):
    """Figures 5 and 7: one family of curves, searched along each curve and at doubled budgets (and
    with the units kept alive, where the family asks)."""

    takes_scaling_options = True

    def setup(self, figure, profile, **overrides):
        return scaling.scaling_setup(figure.key, profile, **overrides)

    def table(self, chosen):
        return setup_tables.scaling_setup_table(chosen)

    def runs(self, chosen):
        return chosen.all_runs()  # the whole grid: the search trains a subset of it

    def parts(self, figure, chosen):
        return {figure.claims[0]: chosen}

    def results(self, figure, chosen, device, scheduler, registry):
        """Every family searched together; a run two families share counts once."""
        run = train(figure, device, scheduler)
        parts = self.parts(figure, chosen)
        families = parts | {f"{claim} alive": part.alive_setup() for claim, part in parts.items() if part.alive_setup()}
        searched = search.family_results(list(families.values()), run)
        found = dict(zip(families, search.refined_results(list(zip(families.values(), searched)), run)))
        levels = budget_test_results({c: p for c, p in parts.items() if p.budget_test}, found, run)
        found, levels = cliff_levels(parts, found, levels, run)
        return distinct_results(found | {f"{claim} at {2 ** k}U": r for claim, results in levels.items()
                                         for k, r in enumerate(results[1:], start=1)})


class Figure6(Scaling):
    """Figure 6: three families of curves against N (setups.figure6)."""

    def setup(self, figure, profile, **overrides):
        return figure6.figure6_setup(profile, **overrides)

    def table(self, chosen):
        return setup_tables.figure6_setup_table(chosen)

    def parts(self, figure, chosen):
        return chosen.parts()


class L2(Kind):
    """Figure A: Figure 3's gap with and without L2 (its setup: the SGD setup and the coefficient)."""

    def setup(self, figure, profile, **overrides):
        return l2.l2_setup(profile, **overrides)

    def table(self, chosen):
        return setup_tables.l2_setup_table(chosen)

    def lrs(self, chosen):
        return chosen.lrs


class Mechanism(Kind):
    """Figure M: the temperature sweep and B_simple at the scaling figures' optima."""

    def setup(self, figure, profile, **overrides):
        return mechanism.mechanism_setup(profile, **overrides)

    def table(self, chosen):
        return setup_tables.temperature_setup_table(chosen.temperature)

    def results(self, figure, chosen, device, scheduler, registry):
        return trained_here(mechanism_results(chosen, device, scheduler, registry))


class Collapse(Kind):
    """Figure X: Figure 4's runs and Figures 5-7's at the small base, regrouped (setups.collapse.CollapseSetup)."""

    def setup(self, figure, profile, **overrides):
        return collapse.collapse_setup(profile, **overrides)

    def results(self, figure, chosen, device, scheduler, registry):
        return distinct_results(collapse_results(chosen, device, scheduler, registry))


def budget_test_results(tested: dict[str, scaling.ScalingSetup], found: dict[str, list[dict]], run) -> dict:
    """The budget test of every tested family, searched together budget by budget: per claim, its
    results at U, 2U and (with two doublings) 4U for the curves whose optimum moved from U to 2U
    (claims.budget)."""
    levels = {claim: [found[claim]] for claim in tested}
    for k in range(1, max((part.doublings for part in tested.values()), default=0) + 1):
        wanted = []
        for claim, part in tested.items():
            if len(levels[claim]) < k or part.doublings < k:
                continue  # nothing moved at the last budget, or the profile stops here
            at = part.budget_levels()[k - 1]
            xs = ([at.curve_x(c) for c in at.curves] if k == 1 else
                  budget.moved([runs_frame(r) for r in levels[claim]], scaling.VARIED[part.figure]["x_column"]))
            if xs:
                wanted.append((claim, at.only(xs), levels[claim][-1]))
        doubled = search.doubled_results([(s, r) for _, s, r in wanted], run)
        refined = search.refined_results([(s.doubled_budget(), r) for (_, s, _), r in zip(wanted, doubled)], run)
        for (claim, _, _), results in zip(wanted, refined):
            levels[claim].append(results)
    return levels


def cliff_levels(parts: dict[str, scaling.ScalingSetup], found: dict, levels: dict, run) -> tuple[dict, dict]:
    """found and the budget test's levels with each family's cliff points (ScalingSetup.cliff) trained at
    every budget its curves reached, all in one sweep."""
    wanted = [(claim, k, part.budget_levels()[k]) for claim, part in parts.items() if part.cliff
              for k in range(len(levels.get(claim, [None])))]
    if not wanted:
        return found, levels
    stage = [levels[claim][k] if claim in levels else found[claim] for claim, k, _ in wanted]
    done = search.cliff_results([(at, results) for (_, _, at), results in zip(wanted, stage)], run)
    found, levels = dict(found), {claim: list(results) for claim, results in levels.items()}
    for (claim, k, _), results in zip(wanted, done):
        if claim in levels:
            levels[claim][k] = results
        if k == 0:
            found[claim] = results
    return found, levels


def collapse_results(chosen: collapse.CollapseSetup, device: str, scheduler: str | None, registry: dict) -> dict[str, list[dict]]:
    """Figure X: Figure 4's results as its page computed them, and Figures 5-7's searched at the
    small base (of Figure 6 its small-N part), all on Figure 4's data, by figure."""
    run = train(registry["figX"], device, scheduler)
    fig4 = registry["fig4"]
    return {"fig4": fig4.kind.results(fig4, chosen.sgd, device, scheduler, registry),
            **{key: search.scaling_results(part, run) for key, part in chosen.scaling.items()}}


def mechanism_results(chosen: mechanism.MechanismSetup, device: str, scheduler: str | None, registry: dict) -> dict:
    """Figure M: the temperature sweep's results; the results of Figures 5-7 (as their pages computed
    them), by figure; and, per family and curve, the run at the curve's best grid batch size again
    with B_simple measured ({claim id: {x: result}}), all measured runs trained in one sweep."""
    run = train(registry["figM"], device, scheduler)
    temperature = run(chosen.temperature.runs())
    figures = {key: registry[key] for key in chosen.scaling}
    by_figure = {key: f.kind.results(f, chosen.scaling[key], device, scheduler, registry) for key, f in figures.items()}
    wanted = {claim: runs_to_measure(part_results(part, by_figure[key]), scaling.VARIED[key]["x_column"])
              for key, f in figures.items() for claim, part in f.kind.parts(f, chosen.scaling[key]).items()}
    configs = [c for curves in wanted.values() for c in curves.values()]
    measured = dict(zip(configs, run(configs)))
    return {"temperature": temperature, "scaling": by_figure,
            "measured": {claim: {x: measured[c] for x, c in curves.items()} for claim, curves in wanted.items()}}


def trained_here(found: dict) -> list[dict]:
    """The runs Figure M trains itself (the temperature sweep, the measured runs), each once."""
    measured = [r for curves in found["measured"].values() for r in curves.values()]
    return distinct_results({"temperature": found["temperature"], "measured": measured})


def part_results(part, results: list[dict]) -> list[dict]:
    """The results of one family of runs (anything with runs(): a scaling family, a family of the
    temperature sweep) among a figure's results."""
    wanted = set(part.runs())
    return [r for r in results if RunConfig(**r["config"]) in wanted]
