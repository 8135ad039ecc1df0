"""Setup of Figures 3 and 4: the SGD runs of the 784-800-10 network at each learning rate and
batch size of a profile, checked before any work."""
from __future__ import annotations

from dataclasses import dataclass

from .. import data
from ..params import ParameterError, check_choice, check_list, check_positive_float, check_positive_int
from ..runs import RunConfig
from .common import check_embedded_n_train, held_out_images, with_overrides
from .profiles import PROFILES, sgd_settings


@dataclass(frozen=True)
class SgdSetup:
    """Setup of the SGD sweeps of Figures 3 and 4.

    lrs: the paper's learning rate first, then any changed setting shown beside it.
    """

    profile: str
    data_source: str
    n_train: int
    n_test: int
    steps: int
    batch_sizes: tuple[int, ...]
    seeds: tuple[int, ...]
    lrs: tuple[float, ...]
    momentum: float = 0.9
    hidden: int = 800

    def gap_batch_sizes(self) -> tuple[int, int]:
        """Figure 3's small and full batch: B = 30 (or N if smaller) and B = N."""
        return min(30, self.n_train), self.n_train

    def runs(self, batch_sizes=None, lrs=None) -> list[RunConfig]:
        return [
            RunConfig(batch_size=b, lr=lr, momentum=self.momentum, steps=self.steps, n_train=self.n_train,
                      n_test=self.n_test, hidden=self.hidden, data_source=self.data_source, seed=s)
            for lr in (lrs or self.lrs) for b in (batch_sizes or self.batch_sizes) for s in self.seeds
        ]


def sgd_setup(profile: str = "default", data_source: str | None = None, steps: int | None = None,
              n_seeds: int | None = None, lrs: tuple | list | None = None,
              batch_sizes: tuple | list | None = None, n_train: int | None = None,
              figure: str = "fig3") -> SgdSetup:
    """The SGD setup of a figure (3, 4, A or X) in a profile, with any parameter given overriding
    it; checked first."""
    check_choice("profile", profile, PROFILES)
    lrs, batch_sizes = check_list("lrs", lrs, "[1.0, 0.1]"), check_list("batch_sizes", batch_sizes, "[10, 100]")
    chosen = with_overrides(sgd_settings(figure, profile), data_source=data_source, steps=steps, n_seeds=n_seeds,
                            n_train=n_train, lrs=lrs, batch_sizes=batch_sizes)
    data_source, steps, n_seeds, n_train = chosen["data_source"], chosen["steps"], chosen["n_seeds"], chosen["n_train"]
    lrs, batch_sizes = tuple(chosen["lrs"]), tuple(chosen["batch_sizes"])
    check_choice("data_source", data_source, data.SOURCES)
    check_positive_int("steps", steps)
    check_positive_int("n_seeds", n_seeds)
    check_positive_int("n_train", n_train)
    if data_source == "embedded":
        check_embedded_n_train(n_train)
    for lr in lrs:
        check_positive_float("lrs", lr)
    for b in batch_sizes:
        check_positive_int("batch_sizes", b)
        if b > n_train:
            raise ParameterError(f"batch_sizes contains {b}, which is not allowed: at most n_train={n_train}")
    n_test = held_out_images(data_source, chosen["n_test"], n_train)
    return SgdSetup(profile, data_source, n_train, n_test, steps, tuple(sorted(batch_sizes)),
                    tuple(range(n_seeds)), lrs)


