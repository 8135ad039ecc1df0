"""Setup of the temperature sweep of the mechanism chapter (after Smith, Elsen & De 2020): at a few
fixed batch sizes, the learning rate ε swept over a grid a factor 2 apart at a constant number of
epochs, for several training-set sizes N. The temperature is T = ε/(B(1 − m)); the grid of ε at
each B is the first batch size's scaled by B/B₀, so every B sees the same temperatures."""
from __future__ import annotations

from dataclasses import dataclass, replace

from .. import data
from ..params import ParameterError, check_choice, check_positive_int
from ..runs import RunConfig
from .common import check_training_set_size, held_out_images
from .profiles import FIGM, PROFILES


@dataclass(frozen=True)
class TemperatureFamily:
    """The sweep on one data source: every (N, B, ε, seed) trained for `epochs` passes."""

    data_source: str
    n_trains: tuple[int, ...]
    n_test: int
    batch_sizes: tuple[int, ...]
    temperatures: tuple[float, ...]  # T = ε/(B(1 − m)), the same grid at every B
    lr_low: float  # the smallest ε at the first batch size
    momentum: float
    epochs: int
    seeds: tuple[int, ...]
    hidden: int = 800

    def lrs(self, batch_size: int) -> tuple[float, ...]:
        """The learning rates at one batch size: lr_low·(B/B₀)·2^k, exact in binary."""
        scale = batch_size / self.batch_sizes[0]
        return tuple(self.lr_low * scale * 2 ** k for k in range(len(self.temperatures)))

    def steps(self, n_train: int, batch_size: int) -> int:
        """Updates of `epochs` passes over N images at batch size B."""
        return max(1, round(self.epochs * n_train / batch_size))

    def runs(self) -> list[RunConfig]:
        return [RunConfig(batch_size=b, lr=lr, momentum=self.momentum, steps=self.steps(n, b), n_train=n,
                          n_test=held_out_images(self.data_source, self.n_test, n), hidden=self.hidden,
                          data_source=self.data_source, seed=s)
                for n in self.n_trains for b in self.batch_sizes for lr in self.lrs(b) for s in self.seeds]

    def epoch_check(self) -> TemperatureFamily:
        """The largest N again with twice the epochs: the best ε must not move (else the budget sets it)."""
        return replace(self, n_trains=(max(self.n_trains),), epochs=2 * self.epochs)


@dataclass(frozen=True)
class TemperatureSetup:
    """The temperature sweep in a profile: one family per data source (the first is the main one,
    whose largest N gets the epoch check)."""

    profile: str
    families: tuple[TemperatureFamily, ...]

    @property
    def main(self) -> TemperatureFamily:
        return self.families[0]

    def checked(self) -> TemperatureFamily:
        return self.main.epoch_check()

    def runs(self) -> list[RunConfig]:
        """Every run of every family and of the epoch check, each once."""
        return list(dict.fromkeys(r for f in (*self.families, self.checked()) for r in f.runs()))


def temperature_setup(profile: str = "default", n_seeds: int | None = None, epochs: int | None = None) -> TemperatureSetup:
    """The temperature sweep of a profile (setups.profiles.FIGM), n_seeds and epochs overriding it; checked first."""
    check_choice("profile", profile, PROFILES)
    p = FIGM[profile]
    n_seeds = p.n_seeds if n_seeds is None else n_seeds
    epochs = p.epochs if epochs is None else epochs
    check_positive_int("n_seeds", n_seeds)
    check_positive_int("epochs", epochs)
    if n_seeds < 2:
        raise ParameterError(f"n_seeds={n_seeds} is not allowed here: at least 2 (the intervals are over seeds)")
    families = []
    for family in p.families:
        check_choice("data_source", family.data_source, data.SOURCES)
        for n in family.sizes:
            check_training_set_size(n, family.data_source, "N of the temperature sweep")
        temperatures = tuple(family.lr_low * 2 ** k / (p.batch_sizes[0] * (1 - p.momentum)) for k in range(p.n_lrs))
        families.append(TemperatureFamily(family.data_source, family.sizes, p.n_test, p.batch_sizes, temperatures,
                                          family.lr_low, p.momentum, epochs, tuple(range(n_seeds))))
    return TemperatureSetup(profile, tuple(families))
