"""What one training run (or one task's exact fits) is, without the code that computes it: its
configuration, the rule that calls a finished run failed, the paper's learning rate and the SDE
time. Kept free of torch, so that analysis and claims load fast."""
from __future__ import annotations

from dataclasses import asdict, dataclass, replace

from .data import SOURCES
from .params import check_choice

PAPER_LR = 1.0  # the paper's learning rate ε of Figures 3, 4 and A: its claim ids and "(paper)" labels go with it
REFERENCE_LR = 0.1  # where this book sees the paper's ε = 1 picture (Figure 4's variants are set beside it)
FAILED_SHARE = 0.9  # a run whose test predictions put this share or more in one class has failed
INITS = ("torch", "glorot", "truncnormal")  # see train.init_params
INPUTS = ("unit", "centred")  # pixels in [0, 1], or minus the training set's mean pixel
ACTIVATIONS = ("relu", "leaky_relu")  # the hidden layer's; the paper's is ReLU
LEAKY_SLOPE = 0.01  # leaky ReLU's negative slope: a unit below zero still passes 1% of its gradient, so it can revive
# Fields added after results were first cached: in a cache key only where they differ from these
# defaults, so that every result cached before they existed keeps its key.
LATER_FIELDS = {"init": "torch", "inputs": "unit", "measure_noise": False, "activation": "relu"}


@dataclass(frozen=True)
class RunConfig:
    """Everything that determines one training run (and so, with the code versions, its cache key)."""

    batch_size: int
    lr: float = 1.0
    momentum: float = 0.9
    steps: int = 10_000
    n_train: int = 1000
    n_test: int = 4000
    hidden: int = 800
    weight_decay: float = 0.0
    data_source: str = "embedded"
    data_seed: int = 0
    seed: int = 0
    n_records: int = 25
    init: str = "torch"
    inputs: str = "unit"
    measure_noise: bool = False  # also record the simple noise scale B_simple (noise_scale.py); training unchanged
    activation: str = "relu"  # 'leaky_relu' (a change from the paper) keeps hidden units alive at small batch sizes

    def __post_init__(self) -> None:
        """Refuse an unknown name when the configuration is made, not inside a worker later."""
        check_choice("init", self.init, INITS)
        check_choice("inputs", self.inputs, INPUTS)
        check_choice("activation", self.activation, ACTIVATIONS)
        check_choice("data_source", self.data_source, SOURCES)

    def key_fields(self) -> dict:
        """The configuration as it enters a cache key: LATER_FIELDS left out at their defaults."""
        fields = asdict(self)
        return {k: v for k, v in fields.items() if not (k in LATER_FIELDS and v == LATER_FIELDS[k])}

    def noise_scale(self) -> float:
        """g = lr (N/B - 1) / (1 - m), the SDE's noise scale."""
        return self.lr * (self.n_train / self.batch_size - 1) / (1 - self.momentum)

    def without_seed(self) -> RunConfig:
        return replace(self, seed=0)


@dataclass(frozen=True)
class FitConfig:
    """Everything that determines the exact fits of one task of Figures 1 and 2 (and so, with the
    code versions, their cache key): the digit pair, random or real labels, the split, the λ grid."""

    task: str
    digits: tuple[int, int]
    random_labels: bool
    data_source: str
    n_train: int
    n_test: int
    lams: tuple[float, ...]
    seed: int = 0


def final_status(finite: bool, largest_class_share: float) -> str:
    """'diverged' if a weight went non-finite, 'failed' if the net predicts (almost) one class
    for every test image (share in [0, 1]), else 'ok'."""
    if not finite:
        return "diverged"
    return "failed" if largest_class_share >= FAILED_SHARE else "ok"


def is_paper_lr(lr: float) -> bool:
    """Whether ε is the paper's (PAPER_LR): the one notion behind claim ids, labels and tables."""
    return lr == PAPER_LR


def lr_label(lr: float) -> str:
    """'(paper)' or '(changed)', as a title or label writes beside ε."""
    return "(paper)" if is_paper_lr(lr) else "(changed)"


def sde_time(lr: float, steps: int, n_train: int, momentum: float) -> float:
    """t = ε·steps/(N(1-m)): the time SGD integrates the SDE for."""
    return lr * steps / (n_train * (1 - momentum))


def steps_for(t: float, lr: float, n_train: int, momentum: float) -> int:
    """Updates that reach SDE time t at (ε, N, m)."""
    return max(1, round(t * n_train * (1 - momentum) / lr))
