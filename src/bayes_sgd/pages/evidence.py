"""The pages of Figures 1 and 2: the logistic model's exact fits against λ on random and
informative labels, and the claims C1-C4 checked on them."""
from __future__ import annotations

from .. import data, figures, plots, provenance
from ..claims.evidence import check_c1, check_c2, check_c3, check_c4
from ..claims.records import report
from ..execution.results import fit_results
from ..setups.evidence import TASKS
from .page import Page

DRAW = {"fig1": plots.accuracy_against_lam, "fig2": plots.evidence_against_lam}


class EvidencePage(Page):
    """Figure 1 (train and test accuracy) or 2 (cross-entropies and the log evidence ratio)."""

    def __init__(self, figure: str, *, profile: str = "default", **overrides):
        super().__init__(figure, profile, **overrides)
        self.tasks = figures.evidence_tasks(figure)

    def compute(self) -> None:
        """The exact fits of every task (or the cached ones), drawn and glued as the figure."""
        self.results = {task: fit_results(self.setup.fit(task)) for task in self.tasks}
        s = self.setup
        self.sizes = f"{s.n_train} training and {s.n_test} test images, {len(s.lams)} values of λ"
        fig = DRAW[self.figure](self.results, {t: TASKS[t]["title"] for t in self.results}, self.sizes)
        plots.glue_figure(self.figure, fig, self.sizes)

    def check(self):
        """C1 and C2 (Figure 1), or C3, C4 and C4b (Figure 2), recorded and shown with their numbers."""
        r = self.results
        if self.figure == "fig1":
            checks = [check_c1(r["random"], self.setup.n_test), check_c2(r["informative"])]
        else:
            checks = [check_c3(r["random"]), check_c4(r["informative"]),
                      check_c4(r["hard"], "C4b", "Fig. 2c (beyond the paper)", "4 against 9")]
        s = self.setup
        return report(checks, self.profile, f"{data.source_name(s.data_source)}, {s.n_train} train / {s.n_test} test")

    def footer(self):
        s = self.setup
        return provenance.footer(self.started, self.profile, f"{data.source_name(s.data_source)}, {s.n_train} training "
                                 f"and {s.n_test} test images per task", fits=len(self.tasks) * len(s.lams))
