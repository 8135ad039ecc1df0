"""Every profile's settings, in one place: smoke (seconds, for tests), default (the published
book, on 2 CPU cores) and paper (the paper's grid, steps and seeds). Each figure's setup reads
its rows here; nothing else holds a profile's number."""
from __future__ import annotations

PROFILES = ("smoke", "default", "paper")

# Figures 1 and 2: the logistic model's exact fits.

EVIDENCE_PROFILES = {  # n_train, n_test, lam_min, lam_max, n_lams, data source
    "smoke": dict(n_train=200, n_test=100, lam_min=1e-4, lam_max=1e2, n_lams=5, data_source="embedded"),
    "default": dict(n_train=800, n_test=200, lam_min=1e-7, lam_max=1e4, n_lams=45, data_source="embedded"),
    "paper": dict(n_train=800, n_test=1960, lam_min=1e-7, lam_max=1e4, n_lams=45, data_source="full"),
}

# Figures 3 and 4 (and the base of Figure A).
SGD_PROFILES = {
    "smoke": dict(data_source="embedded", n_train=200, n_test=500, steps=40, batch_sizes=(1, 10, 30, 200),
                  n_seeds=2, lrs=(1.0, 0.1)),
    "default": dict(data_source="embedded", n_train=1000, n_test=4000, steps=3000,
                    batch_sizes=(1, 3, 10, 30, 100, 300, 1000), n_seeds=3, lrs=(1.0, 0.1)),
    "paper": dict(data_source="full", n_train=1000, n_test=10000, steps=10_000,
                  batch_sizes=(1, 2, 5, 10, 20, 30, 50, 100, 200, 300, 500, 1000), n_seeds=5, lrs=(1.0, 0.1)),
}

# Ladders of batch sizes the scaling figures' grids are cut from.
HALF_DECADES = (1, 3, 10, 30, 100, 300, 1000, 3000, 10_000, 30_000)

PAPER_LADDER = (1, 2, 3, 5, 10, 20, 30, 50, 100, 200, 300, 500, 1000, 2000, 3000, 5000, 10_000, 20_000, 30_000)

# Figures 5-7 (and the small-N part of Figure 6). base: the setting every figure varies one quantity of (its SDE time fixes every other
# curve's steps); values: the varied quantity per figure; window: the noise scales trained.
SCALING_PROFILES = {
    "smoke": dict(data_source="embedded", n_test=300, n_seeds=2, base_lr=0.1, base_momentum=0.9,
                  base_n_train=200, base_steps=40, window=(2.0, 1000.0), ladder=HALF_DECADES,
                  values={"fig5": (0.1, 0.3), "fig6": (100, 200), "fig7": (0.5, 0.9)}),
    "default": dict(data_source="embedded", n_test=4000, n_seeds=3, base_lr=0.1, base_momentum=0.9,
                    base_n_train=1000, base_steps=3000, window=(2.0, 1000.0), ladder=HALF_DECADES,
                    values={"fig5": (0.03, 0.1, 0.3, 1.0), "fig6": (250, 500, 1000, 2000),
                            "fig7": (0.0, 0.5, 0.8, 0.9, 0.95)}),
    "paper": dict(data_source="full", n_test=10_000, n_seeds=5, base_lr=1.0, base_momentum=0.9,
                  base_n_train=1000, base_steps=10_000, window=(1.0, 10_000.0), ladder=PAPER_LADDER,
                  values={"fig5": (0.01, 0.03, 0.1, 0.3, 1.0), "fig6": (500, 1000, 2000, 4000, 8000),
                          "fig7": (0.0, 0.5, 0.8, 0.9, 0.95)}),
}

# Figures 5 and 7 on their pages: the base setting (n_train images, `steps` updates at the base ε
# and m of SCALING_PROFILES; every other curve at the same SDE time; values: as SCALING_PROFILES'
# where not given). In 'default' the base moves to a large training set at the paper's 10^4
# updates, so that the optima can clear the stability and budget edges; its ε = 0.1,
# m = 0.9 curve is Figure 6's N = 8,000 curve (same test images), trained once, and the runs are
# computed once and published from results/. doublings: every curve searched again at twice the
# SDE time (the budget test, analysis.budget), and with 2 again at 4U where its optimum moved.
# Figure X keeps SCALING_PROFILES' base: its runs
# share Figure 4's data.
PAGE_BASE_PROFILES = {
    "smoke": dict(data_source="fashion", n_test=300, n_train=400, steps=40, max_batch=100, doublings=2),
    "default": dict(data_source="fashion", n_test=5000, n_train=8000, steps=10_000, max_batch=3000, doublings=2,
                    values={"fig5": (0.025, 0.05, 0.1, 0.2), "fig7": (0.5, 0.8, 0.9, 0.95)}),
    "paper": dict(data_source="full", n_test=10_000, n_train=1000, steps=10_000, max_batch=None, doublings=2),
}

# Figure 6 in the paper's protocol: every N trained for `steps` updates (None: the base setting's)
# on a large data set (data_source None: the full MNIST if it is downloaded, else Fashion-MNIST),
# beside the same data at the base SDE time for the small N of `time`. max_batch and
# time_max_batch cap the two grids. The default's budget family trains the paper's 10^4 updates,
# N a factor 2 apart: computed once and published from the archives in results/ (a B = 1000 run
# costs about 8 core-minutes here, too much for every CI run). doublings: train the budget
# family's curves again with twice the updates, around each optimum (1), and at 4U where the
# optimum moved (2) (analysis.budget).
LARGE_N_PROFILES = {
    "smoke": dict(data_source="fashion", n_test=300, budget=(200, 400, 800), steps=None, time=(200, 400),
                  max_batch=100, time_max_batch=100, doublings=2),
    "default": dict(data_source="fashion", n_test=5000, budget=(1000, 2000, 4000, 8000, 16000, 32000), steps=10_000,
                    time=(1000, 2000, 4000), max_batch=3000, time_max_batch=300, doublings=2),
    "paper": dict(data_source=None, n_test=10_000, budget=(1000, 2000, 4000, 8000, 16000, 32000, 60000),
                  steps=None, time=(1000, 2000, 4000), max_batch=None, time_max_batch=None, doublings=2),
}

# Figure A: the L2 coefficient (weight decay); setups.setup_tables.l2_setup_table says how it was chosen.
L2_PROFILES = {"smoke": 3e-3, "default": 3e-3, "paper": 3e-3}

# Figure 4's ε = 1 variants, a diagnostic, not one of the paper's experiments: two seeds (three in 'paper') per point.
VARIANT_PROFILES = {"smoke": dict(batch_sizes=(10, 30), n_seeds=2), "default": dict(batch_sizes=(10, 30, 100), n_seeds=2),
                    "paper": dict(batch_sizes=(10, 30, 100), n_seeds=3)}

# The mechanism chapter's temperature sweep (Smith, Elsen & De 2020): at each batch size, learning
# rates lr_low·(B/B₀)·2^k for k < n_lrs (B₀ the first batch size: the same temperatures
# T = ε/(B(1 − m)) at every B), for `epochs` passes over each training set; the largest N of the
# first family is trained again for twice the epochs (the epoch check). Per family (a data
# source): its training-set sizes N and its lr_low. The embedded MNIST's grid starts 8 times
# higher than Fashion-MNIST's: from 0.001 its best ε sat at the grid's top at every N and B
# (a bound, not an optimum), while Fashion-MNIST's peaks inside its grid.
TEMPERATURE_PROFILES = {
    "smoke": dict(batch_sizes=(8, 32), n_lrs=3, epochs=2, n_seeds=2, n_test=300, momentum=0.9,
                  families={"fashion": dict(sizes=(200, 400), lr_low=0.005),
                            "embedded": dict(sizes=(200, 400), lr_low=0.005)}),
    "default": dict(batch_sizes=(32, 128), n_lrs=7, epochs=50, n_seeds=3, n_test=5000, momentum=0.9,
                    families={"fashion": dict(sizes=(1000, 2000, 4000, 8000, 16000), lr_low=0.001),
                              "embedded": dict(sizes=(1000, 2000, 4000), lr_low=0.008)}),
    "paper": dict(batch_sizes=(32, 128), n_lrs=7, epochs=100, n_seeds=5, n_test=10_000, momentum=0.9,
                  families={"fashion": dict(sizes=(1000, 2000, 4000, 8000, 16000, 32000), lr_low=0.001),
                            "embedded": dict(sizes=(1000, 2000, 4000), lr_low=0.008)}),
}
