"""Setup of the collapse (Figure X): the setups of Figures 4-7 whose runs it regroups."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..runs import RunConfig
from .scaling import VARIED, ScalingSetup, scaling_setup
from .sgd import SgdSetup, sgd_setup


@dataclass(frozen=True)
class CollapseSetup:
    """The setups whose runs the collapse regroups: Figure 4's (sgd) and Figures 5-7's (scaling,
    by figure key), at the small base (setups.profiles.FIGX), on Figure 4's data."""

    sgd: SgdSetup
    scaling: dict[str, ScalingSetup] = field(hash=False)

    def runs(self) -> list[RunConfig]:
        """Every run it regroups once, in figure order: Figure 4's, and the whole grids of Figures 5-7."""
        every = [*self.sgd.runs(), *(c for part in self.scaling.values() for c in part.all_runs())]
        return list(dict.fromkeys(every))


def collapse_setup(profile: str = "default", data_source: str | None = None,
                   n_seeds: int | None = None) -> CollapseSetup:
    """The setups of Figures 4, 5, 6 and 7 in a profile, whose runs the collapse regroups."""
    return CollapseSetup(sgd_setup(profile, data_source=data_source, n_seeds=n_seeds, figure="figX"),
                         {figure: scaling_setup(figure, profile, n_seeds=n_seeds, data_source=data_source,
                                                page_base=False) for figure in VARIED})
