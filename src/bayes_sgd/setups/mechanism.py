"""Setup of the mechanism chapter ("What sets the optimum batch size"): the temperature sweep,
and the scaling figures (5, 6, 7) whose curves it maps and measures the simple noise scale on."""
from __future__ import annotations

from dataclasses import dataclass, replace

from ..params import ParameterError
from ..runs import RunConfig
from .figure6 import Figure6Setup, figure6_setup
from .scaling import ScalingSetup, scaling_setup
from .temperature import TemperatureSetup, temperature_setup


@dataclass(frozen=True)
class MechanismSetup:
    """The temperature sweep, and the setups of Figures 5, 6 and 7 as their pages run them."""

    temperature: TemperatureSetup
    scaling: dict[str, ScalingSetup | Figure6Setup]

    def families(self) -> dict[str, ScalingSetup]:
        """Every family of curves of Figures 5-7, by the id of the claim it is checked in."""
        fig6 = self.scaling["fig6"]
        return {"C8": self.scaling["fig5"], **fig6.parts(), "C10": self.scaling["fig7"]}

    def measured_candidates(self) -> list[RunConfig]:
        """Every run B_simple may be measured on: the first seed of every grid point of every scaling
        family, with measure_noise (the page measures each curve's best grid point only)."""
        grids = [r for family in self.families().values() for r in family.runs()]
        return list(dict.fromkeys(replace(r, measure_noise=True) for r in grids if r.seed == 0))

    def runs(self) -> list[RunConfig]:
        """The runs this page trains itself (the scaling figures' own runs are theirs)."""
        return self.temperature.runs() + self.measured_candidates()


def mechanism_setup(profile: str = "default", n_seeds: int | None = None, epochs: int | None = None,
                    data_source: str | None = None) -> MechanismSetup:
    """The chapter in a profile; n_seeds and epochs set the temperature sweep; checked first.
    data_source is refused: every family and scaling figure keeps its own (the command line passes None)."""
    if data_source is not None:
        raise ParameterError(f"data_source={data_source!r} is not allowed for figM: the chapter trains each "
                             "family of its temperature sweep on its own data and maps Figures 5-7 on theirs")
    return MechanismSetup(temperature_setup(profile, n_seeds, epochs),
                          {"fig5": scaling_setup("fig5", profile), "fig6": figure6_setup(profile),
                           "fig7": scaling_setup("fig7", profile)})
