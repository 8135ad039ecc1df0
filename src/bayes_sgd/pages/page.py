"""What every figure page has: its parameters checked on creation, before any work; its
setup table; the rerun box; the start time its provenance footer measures from."""
from __future__ import annotations

from .. import answer, data, figures, provenance, tables
from ..claims.records import claims_dir, collect
from ..execution import cluster


class Page:
    """One figure page (key as in bayes_sgd.figures). overrides: the notebook's parameters."""

    def __init__(self, figure: str, profile: str = "default", device: str = "cpu", scheduler: str | None = None,
                 **overrides):
        self.started = provenance.start()
        self.figure, self.profile, self.device, self.scheduler = figure, profile, device, scheduler
        cluster.check_scheduler(scheduler)
        self.setup = figures.setup(figure, profile, **overrides)
        figures.check_device(figure, device)
        self.label = figures.FIGURES[figure].label

    def setup_table(self):
        return tables.show(figures.setup_table(self.figure, self.setup))

    def rerun_box(self):
        return provenance.rerun_box(self.figure)

    def result(self):
        """The page's result in words, from the claim records its checks wrote in this build."""
        from IPython.display import Markdown

        ids = figures.claim_ids_of(self.figure, self.setup)
        return Markdown(answer.page_result(answer.records_of(collect(claims_dir()), ids)))


def split_context(setup) -> str:
    """The setting a verdict of Figures 3, 4 and A was reached in, for the claims table."""
    return f"{data.source_name(setup.data_source)}, N={setup.n_train}, {len(setup.seeds)} seeds"


def split_data(setup) -> str:
    """The data of Figures 3, 4 and A, for the provenance footer."""
    return f"{data.source_name(setup.data_source)}, N = {setup.n_train} training and {setup.n_test} test images"
