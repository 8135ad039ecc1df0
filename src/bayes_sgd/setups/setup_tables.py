"""The paper's setting beside the one used, and why they differ, for every figure's page (and,
changed rows only, the deviations page): one function per kind of setup, a DataFrame each."""
from __future__ import annotations

import pandas as pd

from .. import data
from ..runs import LEAKY_SLOPE
from .evidence import EvidenceSetup
from .figure6 import Figure6Setup
from .l2 import PAPER_L2, L2Setup, l2_readings, reading_lrs
from .scaling import VARIED, ScalingSetup
from .sgd import SgdSetup
from .temperature import TemperatureSetup


def evidence_setup_table(setup: EvidenceSetup):
    """The paper's setting beside the one used, and why they differ (a DataFrame)."""
    embedded = setup.data_source == "embedded"
    rows = [
        ("data", "MNIST (full) (recalled)", data.load_description(setup.data_source),
         "embedded default data; the full MNIST is the 'full' option" if embedded
         else data.FASHION_CHANGE if setup.data_source == "fashion" else "same"),
        ("training images", "800, balanced (recalled)", f"{setup.n_train}, balanced",
         "same" if setup.n_train == 800 else f"{setup.profile} profile"),
        ("test images", "5000, balanced (recalled)", f"{setup.n_test}, balanced",
         "the embedded data has 500 images per digit, 800 go to training" if embedded
         else "MNIST's test set holds 980 zeros: a balanced set has at most 1960"),
        ("model", "logistic regression, 784 weights + 1 bias", "same, all 785 under the prior", "same"),
        ("random labels", "coin flips for training and test labels", "same, seeded", "same"),
        ("λ grid", "log grid over several decades (recalled)",
         f"{len(setup.lams)} values, {setup.lams[0]:.0e} to {setup.lams[-1]:.0e}",
         "random labels are fitted exactly only for λ ≲ 1e-6 on this data"),
        ("fit", "exact minimum of C", "Newton in float64 to |∇C|∞ ≤ 1e-9", "same"),
    ]
    return pd.DataFrame(rows, columns=["setting", "paper", "used here", "why"])


def sgd_setup_table(setup: SgdSetup):
    """The paper's setting beside the one used for Figures 3 and 4, and why they differ."""
    embedded = setup.data_source == "embedded"
    changed = [lr for lr in setup.lrs if lr != 1.0]
    rows = [
        ("data", "MNIST training set, N = 1000 drawn at random; MNIST test set",
         f"{data.load_description(setup.data_source)}: N = {setup.n_train}, {setup.n_test} test images",
         "the embedded data has 5,000 images: the test images are the ones not drawn for training" if embedded
         else data.FASHION_CHANGE if setup.data_source == "fashion" else "same"),
        ("network", "784-800-10, ReLU, no regularisation", f"784-{setup.hidden}-10, ReLU, none",
         "same" if setup.hidden == 800 else f"{setup.profile} profile"),
        ("optimiser", "SGD, momentum 0.9, mean loss over the batch", f"same, momentum {setup.momentum}", "same"),
        ("learning rate ε", "1.0, constant", ", ".join(f"{lr:g}" for lr in setup.lrs),
         f"ε = 1.0 is the paper's; ε = {', '.join(f'{lr:g}' for lr in changed)} is a change, added because "
         "at ε = 1.0 small batches kill the hidden units (see the dead-unit panel)" if changed else "same"),
        ("updates", "10,000 (recalled)", f"{setup.steps:,}",
         "same" if setup.steps == 10_000 else f"{setup.profile} profile: fits the book's CPU budget"),
        ("batch sizes", "1 to 1000", ", ".join(map(str, setup.batch_sizes)), "a log grid over the same range"),
        ("runs per point", "about 5 (recalled)", str(len(setup.seeds)),
         "same" if len(setup.seeds) == 5 else f"{setup.profile} profile"),
        ("initialisation", "not stated", "PyTorch's default (uniform ±1/√fan-in)", "—"),
    ]
    return pd.DataFrame(rows, columns=["setting", "paper", "used here", "why"])


def scaling_setup_table(setup: ScalingSetup):
    """The paper's setting beside the one used for a scaling figure, and why they differ."""
    spec = VARIED[setup.figure]
    symbol = spec["symbol"]
    base = setup.base
    paper_fixed = {"fig5": "ε·steps, the SDE time (recalled: 10⁴/ε updates)",
                   "fig6": "10⁴ updates for every N (reported)",
                   "fig7": "ε·steps/(1 − m), the SDE time"}[setup.figure]
    paper_values = {"fig5": "about two decades of ε (recalled)",
                    "fig6": "several N, reaching well past 20,000 (reported)",
                    "fig7": "several m (not recalled)"}[setup.figure]
    budget = setup.protocol == "fixed_budget"
    if budget:
        fixed = (f"{setup.curves[0].steps:,} updates for every curve",
                 "same" if setup.curves[0].steps == 10_000 else "the CPU budget sets the updates")
    else:
        fixed = (f"t = ε·steps/(N(1 − m)) = {setup.t:g} for every curve",
                 "a fixed SDE time instead of fixed updates: larger N gets proportionally more updates, so no "
                 "curve runs out of epochs" if setup.figure == "fig6" else
                 "one formula fixes all three" if setup.profile != "paper" else "same")
    curves = "; ".join(f"{symbol} = {c.value(spec['field']):g}: {c.steps:,} updates, B ∈ {{{', '.join(map(str, c.batch_sizes))}}}"
                       + (f", {c.n_test} test images" if setup.figure == "fig6" else "") for c in setup.curves)
    embedded = setup.data_source == "embedded"
    rows = [
        ("data", "MNIST training set (N drawn at random), MNIST test set",
         data.load_description(setup.data_source),
         "embedded default data: test images are the ones not drawn for training" if embedded
         else data.FASHION_CHANGE if setup.data_source == "fashion" else "same"),
        ("network, optimiser", "784-800-10 ReLU; SGD with momentum, mean loss",
         f"784-{setup.hidden}-10; same" if setup.activation == "relu" else
         f"784-{setup.hidden}-10 leaky ReLU (negative slope {LEAKY_SLOPE:g}); same",
         "same" if setup.activation == "relu" else
         "the units kept alive: does the optimum stay where ReLU units die at small batch sizes?"),
        (f"varied: {spec['name']} {symbol}", paper_values, ", ".join(f"{c.value(spec['field']):g}" for c in setup.curves),
         "N is limited by the embedded data's 5,000 images" if embedded and setup.figure == "fig6" else "—"),
        ("fixed", paper_fixed, *fixed),
        ("base setting", "ε = 1, m = 0.9, N = 1000, 10,000 updates (Fig. 4)",
         f"ε = {base.lr:g}, m = {base.momentum:g}, N = {base.n_train:,}, {base.steps:,} updates",
         "same" if (base.lr, base.momentum, base.n_train, base.steps) == (1.0, 0.9, 1000, 10_000) else
         "ε = 1 kills small-batch runs on this data (Fig. 4); ε = 0.1 shows the optimum"
         + (", at the paper's 10⁴ updates; a training set large enough that the optima can clear the stability "
            "and budget edges (Fig. 6)" if base.steps == 10_000 and setup.figure != "fig6"
            else ", and the CPU budget sets the updates")),
        ("batch sizes", "1 to 1000 (recalled)",
         f"ladder values with noise scale εN/(B(1 − m)) between {setup.window[0]:g} and {setup.window[1]:g}",
         "the grid follows the expected optimum; the cost per curve stays the same. Each curve is searched "
         "along it (bayes_sgd.analysis.search) from the window's centre, not trained whole"),
        *([("finer ladder", "—", "each curve refined from its stability edge to one step above its optimum on "
            f"{', '.join(f'{b:g}' for b in setup.fine_ladder[:7])}, ... (a factor 2 or less apart)",
            "added: a step of 3.16 cannot tell a flat top's optimum from the stability edge below it")]
          if setup.fine_ladder else []),
        *([("the cliff", "—", "; ".join(f"{symbol} = {x:g}: B = {', '.join(map(str, sizes))}" for x, sizes in setup.cliff)
            + ", at every budget, whatever the search finds",
            "added: there the budget does not fit the training set at the smallest B the search tried, so it never "
            "stepped down to the cliff, the part of a curve that places it best (benchmarks/size_regime.py)")]
          if setup.cliff else []),
        *([("largest batch size", "—", f"B ≤ {setup.max_batch}", "the CPU budget: a larger B costs more per update; "
            "an optimum at this cap is only a bound")] if setup.max_batch else []),
        ("curves", "—", curves, "the base setting's updates" if budget else "steps from the fixed SDE time"),
        ("runs per point", "about 5 (recalled)", str(len(setup.seeds)),
         "same" if len(setup.seeds) == 5 else f"{setup.profile} profile"),
        *([("budget test", "none (the budget taken as sufficient)", BUDGET_LEVELS[min(setup.doublings, 2)],
            "added: tells an optimum set by the noise from one set by the update budget (analysis.budget)"
            + ("" if setup.doublings > 1 else f"; the {setup.profile} profile stops at 2U until the 4U runs are "
               "published in results/"))] if setup.doublings else []),
        *([("units kept alive", "—", f"{symbol} = {', '.join(f'{x:g}' for x in setup.alive)} also with leaky ReLU "
            f"(negative slope {LEAKY_SLOPE:g}), at the first budget",
            "added: does the optimum stay where ReLU units die at small batch sizes? If it moves down, the dying "
            "units set it, not the noise")] if setup.alive_setup() else []),
    ]
    return pd.DataFrame(rows, columns=["setting", "paper", "used here", "why"])


BUDGET_LEVELS = {1: "every curve also at twice the updates (2U)",
                 2: "every curve also at 2U, and at 4U where its optimum moved"}


def figure6_setup_table(setup: Figure6Setup):
    """Figure 6's table: the paper-protocol family's, then one row per other family."""
    def described(part: ScalingSetup) -> str:
        return (f"{data.source_name(part.data_source)}, {part.fixed()}: "
                + ", ".join(f"N = {c.n_train} ({c.steps:,} updates)" for c in part.curves)
                + (f"; B ≤ {part.max_batch}" if part.max_batch else ""))

    extra = pd.DataFrame([
        ("beside it: fixed SDE time", "—", described(setup.time),
         "added: under a fixed budget small batches at large N see few epochs; the same data at a fixed SDE time "
         "shows the curves without that second edge, where the updates allow (their cost grows with N, hence "
         "the smaller N and the cap on B)"),
        ("beside it: the small-N part", "—", described(setup.small),
         "added: the book's earlier Figure 6 on the embedded data"
         if setup.small.data_source == "embedded" else "added: the profile's own fixed-SDE-time curves"),
    ], columns=["setting", "paper", "used here", "why"])
    return pd.concat([scaling_setup_table(setup.budget), extra], ignore_index=True)


def l2_setup_table(chosen: L2Setup):
    """Figure 3's setup table with the L2 term added, and how its coefficient was chosen."""
    setup, weight_decay = chosen.sgd, chosen.weight_decay
    readings = ", ".join(f"{wd:g}" for wd in l2_readings(setup).values())
    extra = pd.DataFrame([
        ("L2 term", f"added to the loss; coefficient {PAPER_L2:g} on the summed cost (reported)",
         f"weight decay {weight_decay:g} on every weight and bias (gradient + λw, as torch.optim.SGD's weight_decay); "
         f"beside it both readings of the paper's {PAPER_L2:g} ({readings}) at ε = "
         f"{', '.join(f'{lr:g}' for lr in reading_lrs(setup))}",
         "chosen from 3e-4 and 3e-3 on one seed at ε = 0.1 (3e-3 moved the full-batch run more) before the "
         "coefficient was reported; the zero-pixel skip is off, since decay moves every weight"),
        ("batch sizes", "B = 30 and B = N", f"B = {setup.gap_batch_sizes()[0]} and B = {setup.n_train}", "same"),
    ], columns=["setting", "paper", "used here", "why"])
    table = sgd_setup_table(setup)
    return pd.concat([table[table["setting"] != "batch sizes"], extra], ignore_index=True)


def temperature_setup_table(setup: TemperatureSetup):
    """The temperature sweep's setting beside Smith, Elsen & De (2020)'s, and why they differ."""
    main = setup.main
    sizes = "; ".join(f"{data.source_name(f.data_source)}: N = {', '.join(f'{n:,}' for n in f.n_trains)}"
                      for f in setup.families)
    lrs = "; ".join(f"{data.source_name(f.data_source)}, B = {b}: ε = {', '.join(f'{lr:g}' for lr in f.lrs(b))}"
                    for f in setup.families for b in f.batch_sizes)
    rows = [
        ("network, data", "Wide ResNets and others on CIFAR-10 and more (reported)",
         f"784-{main.hidden}-10 ReLU; {sizes}", "the book's network and data: the same runs as Figures 5-7 measure"),
        ("batch sizes", "many, from small to very large (reported)", ", ".join(map(str, main.batch_sizes)),
         "two small batch sizes a factor 4 apart: T1 tests that the best ε grows by that factor"),
        ("learning rates", "a grid a factor 2 apart at each B (reported)", lrs,
         "the same temperatures T = ε/(B(1 − m)) at every B"),
        ("momentum", "0.9 (reported)", f"{main.momentum:g}", "same"),
        ("budget", "a constant number of epochs, and separately of steps (reported)", f"{main.epochs} epochs",
         f"chosen so that doubling it (N = {max(main.n_trains):,}, {2 * main.epochs} epochs) leaves the best ε "
         "where it is: the epoch check below"),
        ("runs per point", "—", str(len(main.seeds)), f"{setup.profile} profile"),
    ]
    return pd.DataFrame(rows, columns=["setting", "Smith, Elsen & De (2020)", "used here", "why"])
