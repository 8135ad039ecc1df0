"""The page of a scaling-rule figure (5, 6 or 7), built in one place.

The three pages differ only in the quantity they vary and in their prose: each notebook
makes a ScalingPage and shows its parts in order, between its own paragraphs.
"""
from __future__ import annotations

from . import analysis, claims, cluster, figures, plots, provenance, scaling, tables


class ScalingPage:
    """Setup, runs, optima and verdict of Figure 5, 6 or 7. Parameters are checked on creation,
    before any run; `compute` trains (or reads from the cache) and draws the figure."""

    def __init__(self, figure: str, profile: str = "default", device: str = "cpu", values=None,
                 n_seeds: int | None = None, data_source: str | None = None, scheduler: str | None = None):
        self.started = provenance.start()
        self.figure, self.profile, self.device, self.scheduler = figure, profile, device, scheduler
        cluster.check_scheduler(scheduler)
        self.setup = figures.setup(figure, profile, values=values, n_seeds=n_seeds, data_source=data_source)
        figures.check_device(figure, device)
        self.spec = scaling.FIGURES[figure]
        self.label = figures.FIGURES[figure].label

    def setup_table(self):
        return tables.show(figures.setup_table(self.figure, self.setup))

    def compute(self) -> None:
        """Train every run (or read it from the cache), find each curve's optimum, draw the figure."""
        self.results = figures.results_of(self.figure, self.setup, self.device, self.scheduler)
        self.runs = analysis.runs_frame(self.results)
        self.best, self.edges, self.fits = analysis.scaling_summary(self.runs, self.figure)
        sizes = self.setup.sizes(len(self.results))
        title = self.label.replace("Fig.", "Figure")
        fig = plots.scaling_rule(self.runs, self.best, self.edges, self.fits, self.spec["field"], self.spec["symbol"],
                                 self.spec["x_label"], title, sizes)
        plots.glue_figure(self.figure, fig, sizes)

    def best_table(self):
        return tables.show(analysis.best_table(self.best, self.spec["quantity"]))

    def state_table(self):
        return tables.show(analysis.state_by_batch_size(self.runs, self.spec["field"]))

    def edge_table(self):
        return tables.show(analysis.edge_table(self.best, self.edges, self.spec["quantity"]))

    def check(self):
        """The claim of the figure (C8, C9 or C10), recorded and shown with its numbers."""
        claim_id = figures.FIGURES[self.figure].claims[0]
        claim = claims.check_scaling(claim_id, f"{self.label}b", self.spec["quantity"], self.fits)
        return claims.report([claim], self.profile, self.setup.claim_context())

    def rerun_box(self):
        return provenance.rerun_box(self.figure)

    def footer(self):
        return provenance.footer(self.started, self.profile, self.setup.data_description(), self.results)
