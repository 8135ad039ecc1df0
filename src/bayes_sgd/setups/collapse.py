"""Setup of the collapse (Figure X): the setups of Figures 4-7 whose runs it regroups."""
from __future__ import annotations

from ..runs import RunConfig
from .scaling import VARIED, scaling_setup
from .sgd import sgd_setup


def collapse_setups(profile: str = "default", data_source: str | None = None,
                    n_seeds: int | None = None) -> dict:
    """The setups of Figures 4, 5, 6 and 7 in a profile, whose runs the collapse regroups: Figures
    5-7 at the profile's own base setting (SCALING_PROFILES), on Figure 4's data."""
    setups = {"fig4": sgd_setup(profile, data_source=data_source, n_seeds=n_seeds)}
    for figure in VARIED:
        setups[figure] = scaling_setup(figure, profile, n_seeds=n_seeds, data_source=data_source, page_base=False)
    return setups


def distinct_runs(by_figure: dict[str, list[RunConfig]]) -> list[RunConfig]:
    """Every run of several figures once, in figure order (shared runs appear in each figure's list)."""
    return list(dict.fromkeys(c for runs in by_figure.values() for c in runs))
