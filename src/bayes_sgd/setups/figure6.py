"""Figure 6's setup: three families of curves against the training-set size N. The paper's
protocol, a fixed update budget for every N on a data set large enough for N in the tens of
thousands (and the same curves at twice the budget, the budget test); the same data at a fixed
SDE time (small N only: its updates grow with N); and the embedded MNIST at a fixed SDE time,
the small-N part."""
from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from .. import data
from ..params import check_choice, check_list
from ..runs import RunConfig
from .profiles import CLIFF, FIG6, PROFILES
from .scaling import ScalingSetup, family


@dataclass(frozen=True)
class Figure6Setup:
    """Figure 6's three families: `budget`, the paper's protocol (a fixed update budget for
    every N, on a large data set; claim C9); `time`, the same data at a fixed SDE time for
    small N (C9-time); `small`, the profile's own data at a fixed SDE time (C9-small)."""

    budget: ScalingSetup
    time: ScalingSetup
    small: ScalingSetup

    def parts(self) -> dict[str, ScalingSetup]:
        """Each family by the id of the claim record it is checked in."""
        return {"C9": self.budget, "C9-time": self.time, "C9-small": self.small}

    def all_runs(self) -> list[RunConfig]:
        """Every run of the three grids and of the doubled budget's, each once (the families share
        their base curve's runs)."""
        return list(dict.fromkeys(r for part in self.parts().values() for r in part.all_runs()))


def large_source(cache_dir=None) -> str:
    """The large data set of the paper profile's Figure 6: the full MNIST where its files are
    downloaded, else Fashion-MNIST (installed on every machine by `make`)."""
    folder = Path(cache_dir or data.default_cache_dir()) / "mnist"
    return "full" if all((folder / name).exists() for name in data.MNIST_FILES) else "fashion"


def figure6_setup(profile: str = "default", values: tuple | list | None = None, n_seeds: int | None = None,
                  data_source: str | None = None, time_values: tuple | list | None = None,
                  small_values: tuple | list | None = None, activation: str = "relu",
                  refine: bool | None = None, alive: bool | None = None, cliff: bool | None = None) -> Figure6Setup:
    """Figure 6 in a profile (profiles.FIG6): values and data_source set the paper-protocol family
    (and its fixed-SDE-time twin, at time_values); small_values the small-N part; activation the
    hidden layer's, refine the fine ladder's and alive the units kept alive (scaling.scaling_setup);
    cliff: the paper-protocol family's cliff points (profiles.CLIFF; None: the profile's); checked first."""
    check_choice("profile", profile, PROFILES)
    values, time_values = check_list("values", values, "[1000, 4000, 16000]"), check_list("time_values", time_values, "[1000, 2000, 4000]")
    small_values = check_list("small_values", small_values, "[250, 500, 1000]")
    settings = FIG6[profile]
    source = data_source or settings.budget.base.data_source or large_source()
    options = dict(activation=activation, refine=refine, alive=alive)
    chosen = settings.budget if cliff is None else replace(settings.budget, cliff=CLIFF["fig6"] if cliff else ())
    budget = family("fig6", profile, chosen, values, n_seeds, source, **options)
    time = family("fig6", profile, settings.time, time_values, n_seeds, source, name="time_values", **options)
    small = family("fig6", profile, settings.small, small_values, n_seeds, name="small_values", **options)
    return Figure6Setup(budget, time, small)
