"""The page of Figure X (beyond the paper): the runs of Figures 4-7 on Figure 4's data against the noise scale g,
and whether g explains the final test accuracy better than B (claim G1)."""
from __future__ import annotations

from .. import data, figures, plots, provenance, tables
from ..analysis.collapse import at_common_sde_time, collapse_frame, collapse_gain, collapse_score, collapse_table
from ..analysis.frames import distinct_results
from ..claims.records import report
from ..claims.scaling import check_collapse
from ..setups.scaling import VARIED
from .page import Page


class CollapsePage(Page):
    """Figure X: Figure 4's runs and Figures 5-7's at the small base (setups.profiles.FIGX), regrouped."""

    def __init__(self, *, profile: str = "default", device: str = "cpu", scheduler: str | None = None, **overrides):
        super().__init__("figX", profile, device, scheduler, **overrides)

    def compute(self) -> None:
        by_figure = figures.collapse_results(self.setup, self.device, self.scheduler)
        self.results = distinct_results(by_figure)
        self.runs = collapse_frame(by_figure, {"fig4": ("lr", "ε")} | {f: (spec["field"], spec["symbol"])
                                                                     for f, spec in VARIED.items()})
        self.common = at_common_sde_time(self.runs)
        self.scores = {x: collapse_score(self.common, x) for x in ("batch_size", "noise_scale")}
        shown, common = self.runs[self.runs["noise_scale"] > 0], self.common
        sizes = (f"{len(shown)} runs with g > 0 of {len(self.runs)}; {len(common[common['noise_scale'] > 0])} at the "
                 f"common SDE time t = {common['sde_time'].iloc[0]:g}; {len(set(self.runs['seed']))} seeds")
        plots.glue_figure("figX", plots.collapse(shown, self.scores, sizes), sizes)

    def collapse_table(self):
        return tables.show(collapse_table(self.runs, self.common))

    def check(self):
        """G1: the runs collapse better on g than on B, recorded and shown with its numbers."""
        n = int((self.common["noise_scale"] > 0).sum())
        gain = collapse_gain(self.common[self.common["noise_scale"] > 0])
        return report([check_collapse(self.scores["noise_scale"], self.scores["batch_size"], gain, n)],
                             self.profile, f"{self.runs['data_source'].iloc[0]} MNIST, Figs. 4-7")

    def footer(self):
        source = data.source_name(self.runs["data_source"].iloc[0])
        return provenance.footer(self.started, self.profile, f"{source}, every run of Figures 4-7", self.results)
