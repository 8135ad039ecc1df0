"""The page of a scaling-rule figure (5, 6 or 7), built in one place.

The three pages differ only in the quantity they vary, in their families of curves (one for
Figures 5 and 7, three for Figure 6) and in their prose: each notebook makes a ScalingPage
and shows its parts in order, between its own paragraphs. A family is named by the id of
the claim it is checked in ('C8'; 'C9', 'C9-time', 'C9-small'); methods without one show the
first family, the paper's protocol.
"""
from __future__ import annotations

import json
from dataclasses import replace
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd
from IPython.display import Markdown

from .. import figures, plots, provenance, tables
from ..analysis.budget import budget_tests, counted_fits, stability_edge
from ..analysis.definitions import curve_of
from ..analysis.edge import edge_table, scaling_summary
from ..analysis.frames import runs_frame, state_by_batch_size
from ..analysis.optimum import best_by_curve, best_table
from ..analysis.pooled import pooled_slope
from ..analysis.records import Slope
from ..analysis.separation import curve_separation, ratio_slope, read_on, separation_table, told_apart
from ..claims.budget import alive_shift, alive_table, optima_over_budgets, optima_table, set_by_alive
from ..claims.records import report
from ..claims.robustness import PRIMARY, Robustness, robustness, rows, scores_of
from ..claims.scaling import REGIME_N, check_regime, check_scaling
from ..params import ParameterError
from ..setups.scaling import VARIED, ScalingSetup
from .page import Page

# Families whose claim is checked over a range of the quantity that must reach the paper's regime.
REGIMES = {"C9": REGIME_N}
NOT_ALIVE = Markdown("*Not run here:* the curves trained again with the hidden units kept alive, beside "
                     "ReLU's (`alive` in `setups/profiles.py` or the page's parameters; `bayes-sgd run FIGURE "
                     "--alive` computes them).")
NOT_TESTED = Markdown("*Not run in this profile:* the budget test (`doublings` in `setups/profiles.py`) is off, "
                      "so each optimum is judged against the trainability edge alone (the edge table above).")
# The simulation's scores of every definition of the optimum (benchmarks/simulate_coverage.py, committed).
COVERAGE = Path(__file__).resolve().parents[3] / "benchmarks" / "simulate_coverage.json"
# What would bring C9-regime's interval to the target (benchmarks/size_regime.py, committed).
SIZING = COVERAGE.with_name("size_regime.json")
SETTINGS = {"C9-time": "fixed SDE time, small N", "C9-small": "small N on the embedded data, fixed SDE time"}


class Family:
    """One family of curves of a scaling page: its runs, optima, edges and fits."""

    def __init__(self, figure: str, claim_id: str, setup: ScalingSetup, results: list[dict],
                 budgets: list[list[dict]] | None = None, alive: list[dict] | None = None):
        self.figure, self.claim_id, self.setup, self.results = figure, claim_id, setup, results
        self.runs = runs_frame(results)
        self.best, self.edges, self.fits = scaling_summary(self.runs, VARIED[figure]["x_column"])
        self.optima, self.levels = None, [self.runs]
        if budgets:  # the budget test at 2U, 4U, ...: only the optima set by the noise count (analysis.budget)
            self.levels += [runs_frame(r) for r in budgets if r]
            self.optima = optima_over_budgets(self.levels, VARIED[figure]["x_column"])
            self.fits = counted_fits(self.optima, self.edges)
        self.separation = self._separation(VARIED[figure]["x_column"])
        self.fits = replace(self.fits, pooled=self._pooled(VARIED[figure]["x_column"]))
        self.alive = None  # per curve, the optimum with the units kept alive beside ReLU's (claims.budget)
        if alive:
            kept = best_by_curve(runs_frame(alive), VARIED[figure]["x_column"])
            self.alive = {x: alive_shift(self.best[x], kept[x]) for x in self.best if x in kept}

    @classmethod
    def of_part(cls, figure: str, claim_id: str, part: ScalingSetup, results: list[dict]) -> Family:
        """The family of one part of a scaling figure, its runs at every budget tested and with the
        units kept alive picked out of the figure's results."""
        alive = part.alive_setup()
        return cls(figure, claim_id, part, figures.part_results(part, results),
                   [figures.part_results(level, results) for level in part.budget_levels()[1:]],
                   figures.part_results(alive, results) if alive else None)

    def set_by(self, x: float) -> str:
        """What set a curve's optimum without the units kept alive: the budget test's answer, or
        without it 'stability' for an edge-bound optimum and 'untested' for the others."""
        if self.fits.tested:
            return self.fits.set_by[x]
        return "stability" if x in self.fits.edge_bound else "untested"

    def set_by_alive(self) -> dict[float, str] | None:
        """What set each optimum, the units kept alive taken into account (claims.budget.set_by_alive):
        compared at the first budget, so only for curves judged there; None where not trained."""
        if self.alive is None:
            return None
        judged_at = self.fits.judged_at
        return {x: set_by_alive(self.set_by(x), s.shift if judged_at.get(x, 1) == 1 else None)
                for x, s in self.alive.items()}

    def alive_shifts(self) -> dict[float, str] | None:
        """Per curve trained with the units kept alive, what the comparison read ('stayed', 'moved
        down', 'moved up', 'unresolved'); None where none was trained."""
        return None if self.alive is None else {x: s.shift for x, s in self.alive.items()}

    def _pooled(self, by: str) -> Slope | None:
        """The pooled slope (analysis.pooled) over the curves the vertex slope is fitted on (with the
        budget test, the noise-set ones, or the unresolved too where the fit is provisional), each
        at the budget its optimum was judged at."""
        fit = self.fits.optimum or self.fits.provisional
        if fit is None:
            return None

        def judged(x: float) -> pd.DataFrame:
            level = 0 if self.optima is None else int(np.log2(self.optima[x].budget))
            frame = self.levels[level]
            return frame[frame[by] == x]
        return pooled_slope({x: judged(x) for x in fit.curves})

    @cached_property
    def robustness(self) -> list[Robustness]:
        """Every definition of the optimum and resampling on the curves the slope is fitted on (over
        N >= REGIME_N too, for C9), each judged by the simulation's scores (claims.robustness);
        computed once, for the table and the record."""
        fit = self.fits.optimum or self.fits.provisional
        if fit is None or self.claim_id not in ("C8", "C9", "C10"):
            return []
        table = json.loads(COVERAGE.read_text()) if COVERAGE.exists() else {}
        by = VARIED[self.figure]["x_column"]
        curves = {float(x): curve_of(p) for x, p in self.runs.groupby(by) if float(x) in fit.curves}
        out = [robustness(self.claim_id, curves, scores_of(table, self.claim_id), "the curves the slope is fitted on")]
        if self.claim_id in REGIMES:
            regime = {x: c for x, c in curves.items() if x >= REGIMES[self.claim_id]}
            out.append(robustness(self.claim_id, regime, scores_of(table, f"{self.claim_id}-regime"),
                                  f"{VARIED[self.figure]['quantity']} >= {REGIMES[self.claim_id]:g}"))
        return out

    def _separation(self, by: str) -> dict:
        """The optimum against its edge (analysis.separation), per curve at U, and the family's
        slope of log(B_opt/B_edge) over the curves whose optimum counts (every curve above the
        stability edge where fewer than MIN_CURVES count: analysis.separation.read_on)."""
        parts = dict(iter(self.runs.groupby(by)))
        curves = {float(x): curve_separation(part, self.best[float(x)], self.edges[float(x)], stability_edge(part))
                  for x, part in parts.items()}
        if self.optima is None:
            counted = above = [x for x in self.best if x not in self.fits.edge_bound]
        else:
            counted = [x for x in self.best if self.optima[x].set_by == "noise"]
            above = [x for x in self.best if self.optima[x].set_by != "stability"]
        chosen = read_on(counted, above)
        slope = ratio_slope({x: self.best[x] for x in chosen}, self.edges)
        return {"curves": curves, "slope": slope, "told apart": told_apart({x: curves[x] for x in chosen}, slope)}


class ScalingPage(Page):
    """Setup, runs, optima and verdicts of Figure 5, 6 or 7. Parameters are checked on creation,
    before any run; `compute` trains (or reads from the cache) and draws the figures."""

    def __init__(self, figure: str, *, profile: str = "default", device: str = "cpu", values=None,
                 n_seeds: int | None = None, data_source: str | None = None, scheduler: str | None = None,
                 **more):
        named = more.pop(VARIED[figure]["parameter"], None)
        if named is not None and values is not None:
            raise ParameterError(f"give {VARIED[figure]['parameter']} or its old name values, not both")
        super().__init__(figure, profile, device, scheduler, values=values if named is None else named,
                         n_seeds=n_seeds, data_source=data_source, **more)
        self.parts = figures.scaling_parts(figure, self.setup)
        self.spec = VARIED[figure]
        self.first = next(iter(self.parts))

    def compute(self) -> None:
        """Train every run (or read it from the cache), find each curve's optimum, draw one
        figure per family (glued as 'fig6' for the first, then 'fig6_time' for 'C9-time', ...)."""
        self.results = figures.results_of(self.figure, self.setup, self.device, self.scheduler)
        self.families = {claim_id: Family.of_part(self.figure, claim_id, part, self.results)
                         for claim_id, part in self.parts.items()}
        title = self.label.replace("Fig.", "Figure")
        for claim_id, family in self.families.items():
            name = self.figure if claim_id == self.first else f"{self.figure}_{claim_id.split('-')[1]}"
            sizes = family.setup.sizes(len(family.results))
            heading = title if len(self.families) == 1 else f"{title}, {family.setup.title()}"
            beside = tuple((f"{claim_id}{'-regime' if i else ''} (the verdict's): {PRIMARY['definition']} over "
                            f"{t.scope}", t.primary.slope.fit)
                           for i, t in enumerate(family.robustness) if t.primary.slope.fit is not None)
            fig = plots.scaling_rule(family.runs, family.best, family.edges, family.fits, self.spec["field"],
                                     self.spec["symbol"], self.spec["x_label"], heading, sizes,
                                     x_column=self.spec["x_column"], beside=beside)
            plots.glue_figure(name, fig, sizes)

    def family(self, claim_id: str | None = None) -> Family:
        return self.families[claim_id or self.first]

    def best_table(self, claim_id: str | None = None):
        return tables.show(best_table(self.family(claim_id).best, self.spec["quantity"]))

    def state_table(self, claim_id: str | None = None):
        return tables.show(state_by_batch_size(self.family(claim_id).runs, self.spec["field"]))

    def edge_table(self, claim_id: str | None = None):
        family = self.family(claim_id)
        return tables.show(edge_table(family.best, family.edges, self.spec["quantity"]))

    def budget_table(self, claim_id: str | None = None):
        """The budget test per curve and batch size trained at both budgets (analysis.budget)."""
        family = self.family(claim_id)
        if family.optima is None:
            return NOT_TESTED
        return tables.show(budget_tests(family.levels, self.spec["x_column"]))

    def optima_table(self, claim_id: str | None = None):
        """Per curve: stability edge, optimum at U and at 2U, and what sets the optimum."""
        family = self.family(claim_id)
        return NOT_TESTED if family.optima is None else tables.show(optima_table(family.optima, self.spec["quantity"]))

    def alive_table(self, claim_id: str | None = None):
        """Per curve: the optimum with the hidden units kept alive beside ReLU's, and what set it."""
        family = self.family(claim_id)
        if family.alive is None:
            return NOT_ALIVE
        return tables.show(alive_table(family.alive, {x: family.set_by(x) for x in family.best},
                                       family.fits.judged_at, self.spec["quantity"],
                                       not_trained=tuple(x for x in family.best if x not in family.alive)))

    def separation_table(self, claim_id: str | None = None):
        """Per curve: the optimum against its edge, and the accuracy at stake (analysis.separation)."""
        family = self.family(claim_id)
        return tables.show(separation_table(family.separation["curves"], self.spec["quantity"]))

    def robustness_table(self, claim_id: str | None = None):
        """Every definition of the optimum and resampling side by side: slope, 95% interval, the verdict
        it would give, and whether the simulation lets it decide (claims.robustness)."""
        tables_ = self.family(claim_id).robustness
        if not tables_:
            return Markdown("*No slope is fitted on this family, so no definition is compared.*")
        return tables.show(pd.concat([pd.DataFrame(rows(t)).assign(range=t.scope) for t in tables_],
                                     ignore_index=True))

    def check(self, claim_id: str | None = None):
        """The claim of one family (C8, C9, C9-time, ... or C10), recorded and shown with its numbers."""
        family = self.family(claim_id)
        claim = check_scaling(family.claim_id, f"{self.label}b", self.spec["quantity"], family.fits,
                              regime=REGIMES.get(family.claim_id), setting=SETTINGS.get(family.claim_id, ""),
                              separation=family.separation, alive=family.set_by_alive(),
                              shifts=family.alive_shifts(), robustness=family.robustness)
        sizing = json.loads(SIZING.read_text())["answer"] if SIZING.exists() else ""
        regime = [check_regime(f"{family.claim_id}-regime", f"{self.label}b", self.spec["quantity"], table,
                               REGIMES[family.claim_id], setting=table.scope, to_reach=sizing)
                  for table in family.robustness[1:]]
        return report([claim, *regime], self.profile, family.setup.claim_context())

    def footer(self):
        data = "; ".join(dict.fromkeys(part.data_description() for part in self.parts.values()))
        return provenance.footer(self.started, self.profile, data, self.results)
