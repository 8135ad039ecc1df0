"""Setup of the appendix figure (Figure A): Figure 3's runs without and with an L2 term, and the
paper's coefficient in both its readings."""
from __future__ import annotations

from dataclasses import dataclass, replace

from ..params import check_positive_float
from ..runs import RunConfig, is_paper_lr
from .profiles import FIGA
from .sgd import SgdSetup, sgd_setup


@dataclass(frozen=True)
class L2Setup:
    """The appendix figure: Figure 3's setup (sgd) and the L2 coefficient (weight decay) added to it."""

    sgd: SgdSetup
    weight_decay: float

    @property
    def lrs(self) -> tuple[float, ...]:
        return self.sgd.lrs

    def runs(self) -> list[RunConfig]:
        """Figure 3's two batch sizes at every ε, without and with the L2 term, and the paper's
        coefficient in both its readings (reading_runs)."""
        plain = self.sgd.runs(batch_sizes=self.sgd.gap_batch_sizes())
        return plain + [replace(r, weight_decay=self.weight_decay) for r in plain] + reading_runs(self.sgd)


def l2_setup(profile: str = "default", weight_decay: float | None = None, **sgd_overrides) -> L2Setup:
    """Figure 3's setup and the L2 coefficient (weight decay) of the appendix figure; checked first."""
    setup = sgd_setup(profile, figure="figA", **sgd_overrides)
    weight_decay = FIGA[profile].weight_decay if weight_decay is None else weight_decay
    check_positive_float("weight_decay", weight_decay)
    return L2Setup(setup, float(weight_decay))


PAPER_L2 = 0.1  # the appendix's coefficient, reported on the summed cost (the appendix, as reported)


def l2_readings(setup: SgdSetup) -> dict[str, float]:
    """The paper's coefficient as a weight decay on the mean loss, read two ways: on the summed
    cost, as reported (the update's 1/N makes it 0.1/N), or taken as the mean loss's own."""
    return {f"{PAPER_L2:g} on the summed cost (weight decay {PAPER_L2:g}/N)": PAPER_L2 / setup.n_train,
            f"{PAPER_L2:g} on the mean loss": PAPER_L2}


def reading_lrs(setup: SgdSetup) -> tuple[float, ...]:
    """The learning rates the readings are trained at: the changed ones, where B = 30 trains and
    there is a gap to shrink (at the paper's ε = 1 it does not train here; Figure 4); the only one
    if there is no other."""
    return tuple(lr for lr in setup.lrs if not is_paper_lr(lr)) or setup.lrs


def reading_runs(setup: SgdSetup) -> list[RunConfig]:
    """Figure 3's two batch sizes at reading_lrs with each reading of the paper's coefficient."""
    plain = setup.runs(batch_sizes=setup.gap_batch_sizes(), lrs=reading_lrs(setup))
    return [replace(r, weight_decay=wd) for wd in l2_readings(setup).values() for r in plain]
