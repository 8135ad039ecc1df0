"""The page of the appendix figure: the gap between B = 30 and B = N without and with an L2
term, claim C11, and the paper's coefficient in both its readings."""
from __future__ import annotations

from .. import figures, plots, provenance, tables
from ..analysis.frames import curves_frame, runs_frame, state_by_batch_size
from ..claims.records import report
from ..claims.sgd import check_c11, readings_table
from ..execution.results import sgd_results
from ..setups.l2 import l2_readings, reading_lrs
from .page import Page, split_context, split_data


class L2Page(Page):
    """Figure A. The setup is Figure 3's and the L2 coefficient (bayes_sgd.setups.l2.l2_setup)."""

    def __init__(self, *, profile: str = "default", device: str = "cpu", scheduler: str | None = None, **overrides):
        super().__init__("figA", profile, device, scheduler, **overrides)
        self.sgd, self.weight_decay = self.setup.sgd, self.setup.weight_decay
        self.small, self.large = self.sgd.gap_batch_sizes()

    def compute(self) -> None:
        self.results = sgd_results(figures.runs_of("figA", self.setup), self.device, label="Appendix runs",
                                               scheduler=self.scheduler)
        self.runs, curves = runs_frame(self.results), curves_frame(self.results)
        s = self.sgd
        sizes = (f"N = {s.n_train}, {s.n_test} test images, {len(s.seeds)} seeds per curve, {s.steps:,} updates, "
                 f"L2 {self.weight_decay:g}")
        shown = curves[curves["weight_decay"].isin([0.0, self.weight_decay])]
        plots.glue_figure("figA", plots.l2_gap(shown, self.small, self.large, sizes), sizes)

    def state_table(self):
        return tables.show(state_by_batch_size(self.runs, ["lr", "weight_decay"]))

    def check(self):
        """C11 at every learning rate, recorded and shown with its numbers."""
        checks = [check_c11(self.runs, lr, self.small, self.large, self.weight_decay, figures.claim_id("C11", lr),
                                   figures.claim_figure("Fig. A", lr)) for lr in self.sgd.lrs]
        return report(checks, self.profile, split_context(self.sgd))

    def readings_table(self):
        """C11's test for the chosen coefficient and for each reading of the paper's."""
        return tables.show(readings_table(self.runs, reading_lrs(self.sgd), self.small, self.large,
                                                 self.weight_decay, l2_readings(self.sgd)))

    def footer(self):
        return provenance.footer(self.started, self.profile, split_data(self.sgd), self.results)
