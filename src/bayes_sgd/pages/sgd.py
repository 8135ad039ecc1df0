"""The pages of Figures 3 and 4: small batch against full batch over training, and the
optimum batch size at a fixed learning rate, with the claims C5-C7 and, on Figure 4's page,
the ε = 1 variants (bayes_sgd.setups.variants, bayes_sgd.claims.variants)."""
from __future__ import annotations

from .. import figures, plots, provenance, tables
from ..analysis.edge import edge_table, edges_by_curve
from ..analysis.frames import curves_frame, distinct_results, runs_frame, state_by_batch_size
from ..analysis.optimum import best_by_curve, best_table
from ..analysis.variants import shown, variants_table
from ..claims.records import report
from ..claims.sgd import check_c5, check_c6, check_c7
from ..claims.variants import report as report_variants
from ..execution.results import sgd_results
from ..runs import is_paper_lr
from ..setups.variants import BOOK, REMEDY, VARIANTS, variants_setup, wanted
from .page import Page, split_context, split_data


class SgdPage(Page):
    """What Figures 3 and 4 share: the runs of the setup's grid at each learning rate."""

    def train(self, configs: list) -> list[dict]:
        return sgd_results(configs, self.device, label=f"{self.label.replace('Fig.', 'Figure')} runs",
                                       scheduler=self.scheduler)

    def sizes(self, per: str) -> str:
        s = self.setup
        return f"N = {s.n_train}, {s.n_test} test images, {len(s.seeds)} seeds per {per}, {s.steps:,} updates"

    def footer(self):
        return provenance.footer(self.started, self.profile, split_data(self.setup), self.shown_results())

    def shown_results(self) -> list[dict]:
        return self.results


class GapPage(SgdPage):
    """Figure 3: test accuracy and cross-entropy against updates, B = 30 against B = N."""

    def __init__(self, *, profile: str = "default", device: str = "cpu", scheduler: str | None = None, **overrides):
        super().__init__("fig3", profile, device, scheduler, **overrides)
        self.small, self.large = self.setup.gap_batch_sizes()

    def compute(self) -> None:
        self.results = self.train(figures.runs_of("fig3", self.setup))
        self.runs, self.curves = runs_frame(self.results), curves_frame(self.results)
        sizes = self.sizes("curve")
        plots.glue_figure("fig3", plots.gap_against_updates(self.curves, self.small, self.large, sizes), sizes)

    def check(self):
        """C5 and C6 at every learning rate, recorded and shown with their numbers."""
        checks = []
        for lr in self.setup.lrs:
            checks += [check_c5(self.runs, self.curves, lr, self.small, self.large, figures.claim_id("C5", lr),
                                       figures.claim_figure("Fig. 3a", lr)),
                       check_c6(self.curves, lr, self.small, self.large, figures.claim_id("C6", lr),
                                       figures.claim_figure("Fig. 3b", lr))]
        return report(checks, self.profile, split_context(self.setup))


class OptimumPage(SgdPage):
    """Figure 4: test accuracy against B at each learning rate, each curve's optimum and edge,
    and the ε = 1 variants."""

    def __init__(self, *, profile: str = "default", device: str = "cpu", scheduler: str | None = None, **overrides):
        super().__init__("fig4", profile, device, scheduler, **overrides)

    def compute(self) -> None:
        self.results = self.train(figures.runs_of("fig4", self.setup))
        self.runs, curves = runs_frame(self.results), curves_frame(self.results)
        best = best_by_curve(self.runs, "lr")
        self.best = {lr: best[lr] for lr in self.setup.lrs}  # in the setup's order: the paper's ε first
        self.edges = edges_by_curve(self.runs, "lr")
        sizes = self.sizes("point")
        plots.glue_figure("fig4", plots.optimum_batch_size(self.runs, curves, self.best, sizes), sizes)

    def state_table(self):
        return tables.show(state_by_batch_size(self.runs))

    def best_table(self):
        return tables.show(best_table(self.best))

    def edge_table(self):
        return tables.show(edge_table(self.best, self.edges, "ε"))

    def check(self):
        """C7 at every learning rate (the failure of B <= 10 asked at the paper's only)."""
        checks = [check_c7(self.runs, lr, self.best[lr], figures.claim_id("C7", lr),
                                  figures.claim_figure("Fig. 4b", lr),
                                  failing_below=10 if is_paper_lr(lr) else None, edge=self.edges[lr])
                  for lr in self.setup.lrs]
        return report(checks, self.profile, split_context(self.setup))

    def compute_variants(self) -> None:
        """The ε = 1 variants (initialisation, centred inputs, float64) beside the book's runs, through
        the results cache (the book's own are runs of the figure above)."""
        tried = variants_setup(self.setup)
        self.variant_results = {(name, lr): sgd_results(tried.runs(name, lr), self.device, label=f"ε = {lr:g} variants",
                                                        scheduler=self.scheduler, dtype=VARIANTS[name][1])
                                for name, lr in wanted()}
        self.variant_table = variants_table(self.variant_results, BOOK)

    def variants_table(self):
        return tables.show(shown(self.variant_table))

    def variants_check(self):
        return report_variants(self.variant_table, REMEDY)

    def shown_results(self) -> list[dict]:
        variant_runs = [r for v in self.variant_results.values() for r in v]
        return distinct_results({"figure": self.results, "variants": variant_runs})
