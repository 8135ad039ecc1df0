"""Every profile's settings, in one place: smoke (seconds, for tests), default (the published
book, on 2 CPU cores) and paper (the paper's grid, steps and seeds). Per figure, one settings
dataclass per profile (SETTINGS); a setting two figures share (Figure 3's runs, the scaling
figures' common curve) is declared once here and referenced, never copied. Each figure's setup
reads its settings here (Figures 3, 4, A and X the one SGD declaration they share); nothing else
holds a profile's number."""
from __future__ import annotations

from dataclasses import dataclass, field, replace

PROFILES = ("smoke", "default", "paper")

# Ladders of batch sizes the scaling figures' grids are cut from.
HALF_DECADES = (1, 3, 10, 30, 100, 300, 1000, 3000, 10_000, 30_000)

PAPER_LADDER = (1, 2, 3, 5, 10, 20, 30, 50, 100, 200, 300, 500, 1000, 2000, 3000, 5000, 10_000, 20_000, 30_000)

# The ladder a scaling curve is refined on between its stability edge and one step above its
# optimum, where asked (refine): at most a factor 2 between steps, HALF_DECADES among them.
FINE_LADDER = PAPER_LADDER


@dataclass(frozen=True)
class EvidenceSettings:
    """Figures 1 and 2: the logistic model's exact fits on n_train images, over n_lams L2
    coefficients from lam_min to lam_max."""

    data_source: str
    n_train: int
    n_test: int
    lam_min: float
    lam_max: float
    n_lams: int


@dataclass(frozen=True)
class SgdSettings:
    """The SGD network of Figures 3 and 4 (and the base of Figures A and X): every batch size at
    every learning rate, n_seeds each."""

    data_source: str
    n_train: int
    n_test: int
    steps: int
    batch_sizes: tuple[int, ...]
    n_seeds: int
    lrs: tuple[float, ...]


@dataclass(frozen=True)
class Figure4Settings:
    """Figure 4: the SGD runs, and its ε = 1 variants (a diagnostic, not one of the paper's
    experiments) at variant_batch_sizes with variant_seeds seeds per point."""

    sgd: SgdSettings
    variant_batch_sizes: tuple[int, ...]
    variant_seeds: int


@dataclass(frozen=True)
class L2Settings:
    """Figure A: Figure 3's runs, and the L2 coefficient (weight decay) added to them
    (setups.setup_tables.l2_setup_table says how it was chosen)."""

    sgd: SgdSettings
    weight_decay: float


@dataclass(frozen=True)
class BaseCurve:
    """The curve a family of scaling curves is derived from, by changing one quantity (ε, N or m):
    its data (None: the full MNIST where it is downloaded, else Fashion-MNIST), seeds, ε, m, N and
    updates, and the noise-scale window and ladder its batch sizes are cut from (max_batch: the
    grid's cap, if any)."""

    data_source: str | None
    n_test: int
    n_seeds: int
    lr: float
    momentum: float
    n_train: int
    steps: int
    window: tuple[float, float]
    ladder: tuple[int, ...]
    max_batch: int | None = None


@dataclass(frozen=True)
class FamilySettings:
    """One family of scaling curves: the base curve with the figure's quantity set to each value;
    every curve at the base's SDE time ('sde_time') or at the base's updates ('fixed_budget').
    doublings: the budget test (analysis.budget): 1, every curve searched again at 2U; 2, then
    again at 4U where its optimum moved. alive: the values (of the varied field: ε, N or m) whose
    curves are also searched at the first budget with the hidden units kept alive (leaky ReLU, a
    change from the paper): an optimum that stays is the noise's, one that moves down was set by
    the dying units (claims.budget.alive_shift).
    The seeds are the base's: every family of Figures 5-7 on a page has the same, which N1's
    jackknife needs (one seed left out of every curve at once)."""

    base: BaseCurve
    values: tuple
    protocol: str = "sde_time"
    doublings: int = 0
    alive: tuple = ()  # values trained again with the units kept alive (leaky ReLU), at U: what set each optimum
    refine: bool = False  # each curve refined on FINE_LADDER from its stability edge to one step above its optimum
    cliff: tuple = ()  # ((value, (B, ...)), ...): batch sizes trained on those curves at every budget, whatever the search finds


@dataclass(frozen=True)
class Figure6Settings:
    """Figure 6's three families: budget, the paper's protocol (a fixed update budget for every N,
    on a large data set); time, the same data at a fixed SDE time (small N only: its updates grow
    with N); small, the profile's own data at a fixed SDE time."""

    budget: FamilySettings
    time: FamilySettings
    small: FamilySettings


@dataclass(frozen=True)
class CollapseSettings:
    """Figure X: Figure 4's runs and Figures 5-7's at the small base (the runs it regroups)."""

    sgd: SgdSettings
    scaling: dict = field(hash=False)  # figure key -> FamilySettings


@dataclass(frozen=True)
class TemperatureFamilySettings:
    """One family of the temperature sweep: a data source, its training-set sizes N and the
    smallest learning rate at the first batch size."""

    data_source: str
    sizes: tuple[int, ...]
    lr_low: float


@dataclass(frozen=True)
class TemperatureSettings:
    """The mechanism chapter's temperature sweep (Smith, Elsen & De 2020): at each batch size,
    learning rates lr_low·(B/B₀)·2^k for k < n_lrs (B₀ the first batch size: the same temperatures
    T = ε/(B(1 − m)) at every B), for `epochs` passes over each training set; the largest N of the
    first family is trained again for twice the epochs (the epoch check). Figure M maps Figures
    5-7 as their own settings give them."""

    batch_sizes: tuple[int, ...]
    n_lrs: int
    epochs: int
    n_seeds: int
    n_test: int
    momentum: float
    families: tuple[TemperatureFamilySettings, ...]


# Figures 1 and 2.
EVIDENCE = {
    "smoke": EvidenceSettings("embedded", n_train=200, n_test=100, lam_min=1e-4, lam_max=1e2, n_lams=5),
    "default": EvidenceSettings("embedded", n_train=800, n_test=200, lam_min=1e-7, lam_max=1e4, n_lams=45),
    "paper": EvidenceSettings("full", n_train=800, n_test=1960, lam_min=1e-7, lam_max=1e4, n_lams=45),
}

# Figures 3 and 4 (and the base of Figures A and X): one declaration, referenced by each.
SGD = {
    "smoke": SgdSettings("embedded", n_train=200, n_test=500, steps=40, batch_sizes=(1, 10, 30, 200),
                         n_seeds=2, lrs=(1.0, 0.1)),
    "default": SgdSettings("embedded", n_train=1000, n_test=4000, steps=3000,
                           batch_sizes=(1, 3, 10, 30, 100, 300, 1000), n_seeds=3, lrs=(1.0, 0.1)),
    "paper": SgdSettings("full", n_train=1000, n_test=10000, steps=10_000,
                         batch_sizes=(1, 2, 5, 10, 20, 30, 50, 100, 200, 300, 500, 1000), n_seeds=5, lrs=(1.0, 0.1)),
}

# The small base: Figure 4's setting at ε = 0.1 (ε = 1 kills small-batch runs on this data), at
# which Figure X regroups Figures 5-7 and Figure 6's small-N part trains; its runs at m = 0.9 are
# Figure 4's, from the cache.
SMALL_BASE = {
    "smoke": BaseCurve("embedded", n_test=300, n_seeds=2, lr=0.1, momentum=0.9, n_train=200, steps=40,
                       window=(2.0, 1000.0), ladder=HALF_DECADES),
    "default": BaseCurve("embedded", n_test=4000, n_seeds=3, lr=0.1, momentum=0.9, n_train=1000, steps=3000,
                         window=(2.0, 1000.0), ladder=HALF_DECADES),
    "paper": BaseCurve("full", n_test=10_000, n_seeds=5, lr=1.0, momentum=0.9, n_train=1000, steps=10_000,
                       window=(1.0, 10_000.0), ladder=PAPER_LADDER),
}

# The common curve of Figures 5, 6 and 7 on their pages: in 'default' a large training set at the
# paper's 10^4 updates, so that the optima can clear the stability and budget edges. Figure 5's
# ε = 0.1 curve, Figure 7's m = 0.9 curve and Figure 6's N = 8,000 curve are this one curve,
# trained once (the runs are computed once and published from results/). Five seeds, the paper's.
COMMON_CURVE = {
    "smoke": BaseCurve("fashion", n_test=300, n_seeds=2, lr=0.1, momentum=0.9, n_train=400, steps=40,
                       window=(2.0, 1000.0), ladder=HALF_DECADES, max_batch=100),
    "default": BaseCurve("fashion", n_test=5000, n_seeds=5, lr=0.1, momentum=0.9, n_train=8000, steps=10_000,
                         window=(2.0, 1000.0), ladder=HALF_DECADES, max_batch=3000),
    "paper": SMALL_BASE["paper"],
}

# The curves trained again with the hidden units kept alive in 'default': those whose optimum the
# budget test called set by the noise (the archives of 43bc621), the curves C8, C9 and C10 count
# (Figure 6's in its paper-protocol family). All of them are computed and archived in results/
# (fig5-alive-*, fig6-alive-*, fig7-alive-*), so no build trains them.
ALIVE = {"fig5": (0.025, 0.05), "fig6": (2000, 16000), "fig7": (0.5, 0.8)}

# Figure 6's cliff at N >= 32,000: there the budget's 10,000 updates do not fit the training set
# at B = 300, so the search (which steps down only from a batch size that trains) never sampled
# the cliff below it, the part of a curve that places it best (the issue of 2026-12-07;
# benchmarks/size_regime.py sized it: 60 runs, 1.4 core-hours at U and 2U). In the default profile,
# computed and archived in results/ (fig6-cliff-*), so no build trains them.
CLIFF = {"fig6": ((32000, (100, 150, 200)), (60000, (100, 150, 200)))}

FIG5 = {
    "smoke": FamilySettings(COMMON_CURVE["smoke"], (0.1, 0.3), doublings=2),
    "default": FamilySettings(COMMON_CURVE["default"], (0.025, 0.05, 0.1, 0.2), doublings=2, alive=ALIVE["fig5"],
                              refine=True),
    "paper": FamilySettings(COMMON_CURVE["paper"], (0.01, 0.03, 0.1, 0.3, 1.0), doublings=2),
}

FIG7 = {
    "smoke": FamilySettings(COMMON_CURVE["smoke"], (0.5, 0.9), doublings=2),
    "default": FamilySettings(COMMON_CURVE["default"], (0.5, 0.8, 0.9, 0.95), doublings=2, alive=ALIVE["fig7"],
                              refine=True),
    "paper": FamilySettings(COMMON_CURVE["paper"], (0.0, 0.5, 0.8, 0.9, 0.95), doublings=2),
}

# Figure 6 in the paper's protocol: every N trained for the common curve's updates on a large data
# set (the paper profile: the full MNIST if it is downloaded, else Fashion-MNIST), N a factor 2
# apart up to 32,000 and then the whole Fashion-MNIST training set (60,000), computed once and
# published from results/ (a B = 1000 run costs about 8 core-minutes here, too much for every CI
# run); beside it the same data at the small base's SDE time for small N (capped at a smaller B,
# since its updates grow with N), and the small-N part on the small base.
# Every family at the paper's five seeds (Figure X reads the small-N part at its own three).
FIG6 = {
    "smoke": Figure6Settings(
        budget=FamilySettings(COMMON_CURVE["smoke"], (200, 400, 800), "fixed_budget", doublings=2),
        time=FamilySettings(replace(COMMON_CURVE["smoke"], n_train=200, steps=40, max_batch=100), (200, 400)),
        small=FamilySettings(SMALL_BASE["smoke"], (100, 200))),
    "default": Figure6Settings(
        budget=FamilySettings(COMMON_CURVE["default"], (1000, 2000, 4000, 8000, 16000, 32000, 60000), "fixed_budget",
                              doublings=2, alive=ALIVE["fig6"], refine=True, cliff=CLIFF["fig6"]),
        time=FamilySettings(replace(COMMON_CURVE["default"], n_train=1000, steps=3000, max_batch=300),
                            (1000, 2000, 4000), refine=True),
        small=FamilySettings(replace(SMALL_BASE["default"], n_seeds=5), (250, 500, 1000, 2000), refine=True)),
    "paper": Figure6Settings(
        budget=FamilySettings(replace(COMMON_CURVE["paper"], data_source=None),
                              (1000, 2000, 4000, 8000, 16000, 32000, 60000), "fixed_budget", doublings=2),
        time=FamilySettings(replace(COMMON_CURVE["paper"], data_source=None), (1000, 2000, 4000)),
        small=FamilySettings(SMALL_BASE["paper"], (500, 1000, 2000, 4000, 8000))),
}

FIG4 = {
    "smoke": Figure4Settings(SGD["smoke"], variant_batch_sizes=(10, 30), variant_seeds=2),
    "default": Figure4Settings(SGD["default"], variant_batch_sizes=(10, 30, 100), variant_seeds=2),
    "paper": Figure4Settings(SGD["paper"], variant_batch_sizes=(10, 30, 100), variant_seeds=3),
}

FIGA = {profile: L2Settings(SGD[profile], weight_decay=3e-3) for profile in PROFILES}

# Figure X: Figures 5-7 at the small base, on Figure 4's data.
FIGX = {
    "smoke": CollapseSettings(SGD["smoke"], {"fig5": FamilySettings(SMALL_BASE["smoke"], (0.1, 0.3)),
                                             "fig6": FIG6["smoke"].small,
                                             "fig7": FamilySettings(SMALL_BASE["smoke"], (0.5, 0.9))}),
    "default": CollapseSettings(SGD["default"], {"fig5": FamilySettings(SMALL_BASE["default"], (0.03, 0.1, 0.3, 1.0)),
                                                 "fig6": replace(FIG6["default"].small, base=SMALL_BASE["default"]),
                                                 "fig7": FamilySettings(SMALL_BASE["default"],
                                                                        (0.0, 0.5, 0.8, 0.9, 0.95))}),
    "paper": CollapseSettings(SGD["paper"], {"fig5": FamilySettings(SMALL_BASE["paper"], (0.01, 0.03, 0.1, 0.3, 1.0)),
                                             "fig6": FIG6["paper"].small,
                                             "fig7": FamilySettings(SMALL_BASE["paper"], (0.0, 0.5, 0.8, 0.9, 0.95))}),
}

# Figure M's temperature sweep. The embedded MNIST's grid starts 8 times higher than
# Fashion-MNIST's: from 0.001 its best ε sat at the grid's top at every N and B (a bound, not an
# optimum), while Fashion-MNIST's peaks inside its grid.
FIGM = {
    "smoke": TemperatureSettings((8, 32), n_lrs=3, epochs=2, n_seeds=2, n_test=300, momentum=0.9,
                                 families=(TemperatureFamilySettings("fashion", (200, 400), 0.005),
                                           TemperatureFamilySettings("embedded", (200, 400), 0.005))),
    "default": TemperatureSettings((32, 128), n_lrs=7, epochs=50, n_seeds=3, n_test=5000, momentum=0.9,
                                   families=(TemperatureFamilySettings("fashion", (1000, 2000, 4000, 8000, 16000), 0.001),
                                             TemperatureFamilySettings("embedded", (1000, 2000, 4000), 0.008))),
    "paper": TemperatureSettings((32, 128), n_lrs=7, epochs=100, n_seeds=5, n_test=10_000, momentum=0.9,
                                 families=(TemperatureFamilySettings("fashion", (1000, 2000, 4000, 8000, 16000, 32000),
                                                                     0.001),
                                           TemperatureFamilySettings("embedded", (1000, 2000, 4000), 0.008))),
}

# Every figure's settings, by figure key and profile (Figures 1 and 2 share theirs, as 3 and 4 share
# Figure 3's runs).
def sgd_settings(figure: str, profile: str) -> SgdSettings:
    """The SGD runs' settings a figure reads: Figure 3's own, or those Figures 4, A and X hold."""
    settings = SETTINGS[figure][profile]
    return settings if isinstance(settings, SgdSettings) else settings.sgd


SETTINGS = {"fig1": EVIDENCE, "fig2": EVIDENCE, "fig3": SGD, "fig4": FIG4, "fig5": FIG5, "fig6": FIG6,
            "fig7": FIG7, "figA": FIGA, "figM": FIGM, "figX": FIGX}
