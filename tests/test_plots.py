"""Panels of final test accuracy against B (Figures 4-7) and against the temperature (Figure M),
drawn from small synthetic run frames: each curve's top is legible, failed runs sit on a strip
under their panel instead of stretching its axis, and the figures keep their other panels."""
import io

import matplotlib
import numpy as np
import pandas as pd
import pytest

matplotlib.use("Agg")

from conftest import make_edge, make_optimum

from bayes_sgd import mechanism_plots, plots  # noqa: E402
from bayes_sgd.analysis.records import ScalingFits
from bayes_sgd.analysis.temperature import BestLr
from bayes_sgd.plots_tops import BELOW, TOP  # noqa: E402

SIZES = [10, 30, 100, 300, 1000]
LEVELS = {1000: 0.80, 4000: 0.85, 16000: 0.89}  # curves of one family at different accuracy levels


def _accuracy(level: float, b: float, peak: float, seed: int) -> float:
    """A curve's top: 0.012 lower a decade of B from its peak, plus seed noise."""
    noise = 0.001 * np.random.default_rng([seed, round(b * 1000)]).normal()
    return level - 0.012 * (np.log10(b) - np.log10(peak)) ** 2 + noise


def _scaling_runs() -> pd.DataFrame:
    """Figure 6's shape: per N, three seeds at each B; every run at B = 10 failed near chance, and
    at N = 16,000 the B = 1000 runs diverged without a finite accuracy."""
    rows = []
    for n, level in LEVELS.items():
        for b in SIZES:
            for seed in range(3):
                status, accuracy = "ok", _accuracy(level, b, n / 40, seed)
                if b == 10:
                    status, accuracy = "failed", 0.1
                elif n == 16000 and b == 1000:
                    status, accuracy = "diverged", float("nan")
                rows.append({"n_train": n, "batch_size": b, "seed": seed, "status": status, "test_accuracy": accuracy})
    return pd.DataFrame(rows)


def _optimum(b: float):
    return make_optimum(b, low=b / 1.5, high=b * 1.5)


def scaling_figure():
    runs = _scaling_runs()
    best = {float(n): _optimum(n / 40) for n in LEVELS}
    edges = {float(n): make_edge(30.0) for n in LEVELS}
    fits = ScalingFits(len(LEVELS), (), None, None)
    fig = plots.scaling_rule(runs, best, edges, fits, "n_train", "N", "training-set size N", "Figure 6",
                             "3 seeds per point")
    return fig, runs, "n_train", "N"


def optimum_figure():
    """Figure 4's shape: the N = 4000 curve of the family above at two learning rates."""
    runs = _scaling_runs().query("n_train == 4000").drop(columns="n_train")
    runs = pd.concat([runs.assign(lr=1.0), runs.assign(lr=0.1, test_accuracy=runs["test_accuracy"] - 0.03)])
    runs = runs.assign(train_accuracy=0.99, dead_fraction=0.1)
    curves = pd.DataFrame([{"lr": lr, "batch_size": b, "seed": 0, "step": step, "test_accuracy": 0.5,
                            "train_accuracy": 0.5} for lr in (1.0, 0.1) for b in SIZES for step in (10, 100)])
    fig = plots.optimum_batch_size(runs, curves, {1.0: _optimum(100), 0.1: _optimum(100)}, "3 seeds per point")
    return fig, runs, "lr", "ε"


def temperature_figure():
    """Figure M's shape: per N and B a sweep of ε; the largest ε failed at every N and B."""
    rows = []
    for n, level in list(LEVELS.items())[:2]:
        for b in (32, 128):
            for k, lr in enumerate(0.01 * b / 32 * 2.0 ** np.arange(5)):
                for seed in range(3):
                    failed = k == 4
                    rows.append({"n_train": n, "batch_size": b, "lr": lr, "seed": seed,
                                 "status": "failed" if failed else "ok",
                                 "test_accuracy": 0.1 if failed else _accuracy(level, lr * 1000, 40, seed)})
    runs = pd.DataFrame(rows)
    best_t = {"Fashion-MNIST": {(n, b): BestLr("interior", 1.0, _optimum(0.04 * b / 32))
                                for n in list(LEVELS)[:2] for b in (32, 128)}}
    return mechanism_plots.temperature_sweep(runs, best_t, 0.9, "3 seeds per point"), runs, None, None


DRAWINGS = [scaling_figure, optimum_figure, temperature_figure]


def _panels(fig, kind: str) -> dict[str, object]:
    return {ax.get_label().split(": ", 1)[1]: ax for ax in fig.axes if ax.get_label().startswith(f"{kind}: ")}


def _curve_runs(runs: pd.DataFrame, column: str | None, symbol: str | None, name: str) -> tuple[pd.DataFrame, str]:
    """The runs of the curve a panel is named for, and the column it is drawn against."""
    if column is None:  # 'N = 1,000, B = 32'
        n, b = (int(part.split("= ")[1].replace(",", "")) for part in name.split(", B"))
        part = runs[(runs["n_train"] == n) & (runs["batch_size"] == b)]
        return part.assign(temperature=part["lr"] / (b * (1 - 0.9))), "temperature"
    value = float(name.removeprefix(f"{symbol} = ").split(" ")[0])
    return runs[runs[column] == value], "batch_size"


@pytest.mark.parametrize("draw", DRAWINGS, ids=lambda f: f.__name__)
def test_the_three_best_points_of_every_curve_span_a_fifth_of_its_panel(draw):
    fig, runs, column, symbol = draw()
    panels = _panels(fig, TOP)
    assert len(panels) == runs.groupby([column] if column else ["n_train", "batch_size"]).ngroups
    for name, ax in panels.items():
        part, x = _curve_runs(runs, column, symbol, name)
        means = np.sort(part.groupby(x)["test_accuracy"].mean().dropna().to_numpy())[::-1]
        low, high = ax.get_ylim()
        assert means[0] - means[2] >= 0.2 * (high - low), name
        assert low <= means[2] and means[0] <= high, name


@pytest.mark.parametrize("draw", DRAWINGS, ids=lambda f: f.__name__)
def test_a_failed_run_near_chance_sits_on_the_strip_not_in_the_panel(draw):
    fig, runs, column, symbol = draw()
    strips = _panels(fig, BELOW)
    for name, ax in _panels(fig, TOP).items():
        part, x = _curve_runs(runs, column, symbol, name)
        assert ax.get_ylim()[0] > 0.1 + 0.1, name  # 0.1: the failed runs' accuracy, far below the top
        failed_at = part.loc[part["status"] == "failed", x].unique()
        marked = [line.get_xdata()[0] for line in strips[name].get_lines()]
        assert all(np.isclose(marked, b).any() for b in failed_at), name
        assert any("failed" in text.get_text() for text in strips[name].texts), name


def test_runs_without_a_finite_accuracy_are_named_diverged_on_the_strip():
    fig, *_ = scaling_figure()
    strip = _panels(fig, BELOW)["N = 16000"]
    assert any(text.get_text() == "diverged" for text in strip.texts)


@pytest.mark.parametrize("draw, title", [(scaling_figure, "(b) optimum and trainability edge"),
                                         (temperature_figure, "(b) best temperature against N")],
                         ids=["scaling", "temperature"])
def test_the_figure_keeps_its_panel_b_on_log_log_axes(draw, title):
    fig, *_ = draw()
    panel = [ax for ax in fig.axes if ax.get_title() == title]
    assert len(panel) == 1 and panel[0].get_xscale() == panel[0].get_yscale() == "log"
    assert panel[0].get_lines() and "3 seeds per point" in fig._suptitle.get_text()


def test_figure_4_keeps_its_learning_curves_and_its_panel_c():
    fig, *_ = optimum_figure()
    titles = [ax.get_title() for ax in fig.axes]
    assert sum(t.startswith("(a)") for t in titles) == 4 and sum(t.startswith("(c)") for t in titles) == 1


@pytest.mark.parametrize("draw", DRAWINGS, ids=lambda f: f.__name__)
def test_a_figure_of_small_multiples_is_saved_at_the_pages_width(draw):
    fig = plots.at_page_width(draw()[0])
    png = io.BytesIO()
    fig.savefig(png, format="png", dpi=50, bbox_inches="tight")
    width = int.from_bytes(png.getvalue()[16:20], "big") / 50
    assert width <= plots.PAGE_WIDTH + 0.3
    tops = list(_panels(fig, TOP).values())
    assert len({round(ax.get_position().x0, 2) for ax in tops}) == 2  # still side by side, not restacked
