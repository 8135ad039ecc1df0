"""Figure functions: results in, a matplotlib Figure out. They never run experiments."""
from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns

from .analysis.intervals import t_interval
from .analysis.records import Edge, Optimum, ScalingFits, Slope
from .plots_tops import draw_tops, fitted_curve, tops_figure
from .runs import lr_label

# Lettering at least the size of the captions' (about 11 pt where a figure is drawn at the page's width,
# PAGE_WIDTH): seaborn's 'notebook' sizes, with panels stacked one above the other (at_page_width).
sns.set_theme(style="whitegrid", context="notebook")


def _long(rows: list[dict], columns: dict[str, str], x: str = "lam") -> pd.DataFrame:
    """Rows of results -> long form with columns x, 'quantity', 'value'."""
    frame = pd.DataFrame(rows)
    return frame.melt(id_vars=[x], value_vars=list(columns), var_name="quantity", value_name="value").replace(
        {"quantity": columns}
    )


def accuracy_against_lam(panels: dict[str, list[dict]], titles: dict[str, str], sizes: str) -> plt.Figure:
    """Figure 1: train and test accuracy against lam, one panel per task."""
    fig, axes = plt.subplots(1, len(panels), figsize=(5.2 * len(panels), 4), sharey=True, squeeze=False)
    for ax, (task, rows) in zip(axes[0], panels.items()):
        frame = _long(rows, {"train_accuracy": "train", "test_accuracy": "test"})
        sns.lineplot(frame, x="lam", y="value", hue="quantity", style="quantity", markers=True, ax=ax)
        ax.set(xscale="log", xlabel="L2 precision λ (log scale)", ylabel="accuracy", title=titles[task])
        ax.axhline(0.5, color="grey", lw=0.8, ls=":")
        ax.legend(title=None)
    fig.suptitle(f"Figure 1: logistic regression, exact minimum at each λ ({sizes})", y=1.02)
    fig.tight_layout()
    return fig


def evidence_against_lam(panels: dict[str, list[dict]], titles: dict[str, str], sizes: str) -> plt.Figure:
    """Figure 2: train and test cross-entropy and log evidence ratio, all per example."""
    fig, axes = plt.subplots(1, len(panels), figsize=(5.2 * len(panels), 4), squeeze=False)
    names = {"train_cross_entropy": "train cross-entropy", "test_cross_entropy": "test cross-entropy",
             "log_evidence_ratio": "log evidence ratio"}
    for ax, (task, rows) in zip(axes[0], panels.items()):
        frame = _long(rows, names)
        sns.lineplot(frame, x="lam", y="value", hue="quantity", style="quantity", markers=True, ax=ax)
        ax.set(xscale="log", xlabel="L2 precision λ (log scale)", ylabel="nats per example", title=titles[task])
        if frame["value"].abs().max() > 10:
            ax.set_yscale("symlog", linthresh=1.0)
            ax.set_ylabel("nats per example (symlog scale)")
        ax.axhline(0.0, color="grey", lw=0.8, ls=":")
        ax.legend(title=None, fontsize="small")
    fig.suptitle(f"Figure 2: cross-entropy and evidence against λ ({sizes})", y=1.02)
    fig.tight_layout()
    return fig


def _status_note(runs: pd.DataFrame) -> str:
    bad = runs[runs["status"] != "ok"]
    return "" if bad.empty else f"; {len(bad)} of {len(runs)} runs failed or diverged, drawn hollow"


def gap_against_updates(curves: pd.DataFrame, small: int, large: int, sizes: str) -> plt.Figure:
    """Figure 3: test accuracy and test cross-entropy against updates, B=small against B=large.

    One row per learning rate; lines are means over seeds, bands their 95% intervals.
    """
    lrs = sorted(curves["lr"].unique(), reverse=True)
    fig, axes = plt.subplots(len(lrs), 2, figsize=(11, 3.8 * len(lrs)), squeeze=False)
    sel = curves[curves["batch_size"].isin([small, large]) & (curves["step"] > 0)].copy()
    sel["batch"] = sel["batch_size"].map({small: f"B = {small}", large: f"B = {large} (full batch)"})
    for row, lr in zip(axes, lrs):
        part = sel[sel["lr"] == lr]
        for ax, column, label in zip(row, ("test_accuracy", "test_loss"), ("test accuracy", "test cross-entropy (nats)")):
            sns.lineplot(part, x="step", y=column, hue="batch", errorbar=t_interval, ax=ax)
            ax.set(xscale="log", xlabel="gradient updates (log scale)", ylabel=label,
                   title=f"({'a' if column == 'test_accuracy' else 'b'}) ε = {lr:g}" + " " + lr_label(lr))
            ax.legend(title=None)
    fig.suptitle(f"Figure 3: small batch against full batch ({sizes})", y=1.0)
    fig.tight_layout()
    return fig


def optimum_batch_size(runs: pd.DataFrame, curves: pd.DataFrame, best: dict[float, Optimum], sizes: str) -> plt.Figure:
    """Figure 4, drawn at the page's width: (a) test and train accuracy against updates for every B
    at each ε; (b) final test accuracy against B, one panel per ε zoomed on its top, with 95%
    intervals over seeds, the fitted best B and a strip for the points below (plots_tops); (c) the
    measured reason for failures: fraction of dead hidden units, and final training accuracy."""
    lrs = sorted(runs["lr"].unique(), reverse=True)
    fig, (sub_a, sub_b, sub_c) = tops_figure(PAGE_WIDTH, len(lrs), above=2.6 * 2 * len(lrs) + 1.2, below=4.4)
    axes = sub_a.subplots(2 * len(lrs), 1)
    for ax, (lr, column) in zip(axes, [(lr, c) for lr in lrs for c in ("test_accuracy", "train_accuracy")]):
        part = curves[(curves["lr"] == lr) & (curves["step"] > 0)]
        sns.lineplot(part, x="step", y=column, hue="batch_size", palette="viridis", hue_norm=matplotlib_log_norm(part),
                     errorbar=None, ax=ax, legend=(ax is axes[-1]))
        ax.set(xscale="log", xlabel="gradient updates (log scale)", ylabel=column.replace("_", " "),
               title=f"(a) ε = {lr:g}" + " " + lr_label(lr) + f": {column.split('_')[0]} accuracy")
    legend_below(axes[-1], title="batch size B", columns=4, under=sub_a)
    draw_tops(sub_b, [fitted_curve(f"ε = {lr:g} {lr_label(lr)}", runs[runs["lr"] == lr], f"C{i}", best.get(lr))
                      for i, lr in enumerate(lrs)], "batch_size", "batch size B")
    sub_b.suptitle("(b) final test accuracy against B (mean, 95% t interval over seeds), each panel zoomed\n"
                   "on its top; dashed: the fitted best B in its 95% interval", fontsize="medium")
    ax_c = sub_c.subplots()
    frame = runs.assign(**{"learning rate": runs["lr"].map(lambda v: f"ε = {v:g}")})
    sns.lineplot(frame, x="batch_size", y="dead_fraction", hue="learning rate", marker="o", errorbar=t_interval, ax=ax_c)
    sns.lineplot(frame, x="batch_size", y="train_accuracy", hue="learning rate", marker="s", linestyle="--",
                 errorbar=None, ax=ax_c, legend=False)
    ax_c.set(xscale="log", xlabel="batch size B (log scale)", ylabel="fraction",
             title="(c) dead hidden units (solid) and final train accuracy (dashed)")
    fig.suptitle(f"Figure 4: test accuracy against batch size ({sizes}{_status_note(runs)})")
    return fig


def scaling_rule(runs: pd.DataFrame, best: dict[float, Optimum], edges: dict[float, Edge], fits: ScalingFits, column: str,
                 symbol: str, x_label: str, title: str, sizes: str, x_column: str | None = None,
                 beside: tuple = ()) -> plt.Figure:
    """Figures 5-7, drawn at the page's width: (a) final test accuracy against B, one panel per
    value of `column` zoomed on its curve's top (mean and 95% interval over seeds, the fitted
    B_opt in its interval; `best` is keyed by `x_column`, default `column`), the points below on
    a strip under it (plots_tops); (b) against that quantity on log-log axes, each curve's fitted
    optimum B_opt with its 95% interval over seeds (hollow where it is edge-bound) beside its
    trainability edge B_edge (bars: the seeds' own edges), the fitted lines of both (the provisional
    one where the budget test left curves unresolved) and a line of slope 1. beside: (name, Slope) fits
    drawn over their own curves, through their best grid points (C9 over N >= 16,000, say)."""
    import numpy as np

    values = sorted(runs[column].unique())
    fig, (sub_a, sub_b) = tops_figure(PAGE_WIDTH, len(values), below=5.6)
    parts = [runs[runs[column] == v] for v in values]
    draw_tops(sub_a, [fitted_curve(f"{symbol} = {v:g}", part, color, best.get(float(part[x_column or column].iloc[0])))
                      for v, part, color in zip(values, parts, sns.color_palette("viridis", len(values)))],
              "batch_size", "batch size B")
    sub_a.suptitle("(a) final test accuracy against B (mean, 95% t interval over seeds), each panel zoomed\n"
                   "on its top; dashed: B_opt in its 95% interval", fontsize="medium")
    ax_b = sub_b.subplots()

    xs = np.array(sorted(best))
    bound = set(fits.edge_bound)
    tested = fits.tested  # judged with the doubled budget (bayes_sgd.claims.budget)
    hollow = "B_opt not counted (stability- or budget-set)" if tested else "B_opt on the edge (edge-bound)"
    for on_edge, style in ((False, dict(fmt="o", label="B_opt above the edge, 95% interval over seeds")),
                           (True, dict(fmt="o", mfc="none", label=hollow))):
        part = np.array([x for x in xs if (x in bound) == on_edge])
        if len(part):
            fitted = np.array([best[x].fit_best for x in part])
            ax_b.errorbar(part, fitted, yerr=[fitted - [best[x].fit_low for x in part],
                                              [best[x].fit_high for x in part] - fitted],
                          capsize=4, color="C0", **style)
    if tested:
        twice = [x for x in xs if fits.doubled_optimum.get(x) is not None]
        ax_b.scatter(np.array(twice) * 0.95, [fits.doubled_optimum[x] for x in twice], marker="x", color="C2",
                     zorder=3, label="B_opt at twice the updates")
    with_edge = np.array([x for x in xs if not np.isnan(edges[x].edge)])
    if len(with_edge):
        edge = np.array([edges[x].edge for x in with_edge])
        ax_b.errorbar(with_edge * 1.05, edge, yerr=[edge - [edges[x].edge_low for x in with_edge],
                                                     [edges[x].edge_high for x in with_edge] - edge],
                      fmt="v", capsize=3, color="C3", label="B_edge, bars: the seeds' own edges")
    line = np.logspace(np.log10(xs[0]), np.log10(xs[-1]), 50)
    fit, name = ((fits.optimum, "B_opt vertex fit") if fits.optimum is not None
                 else (fits.provisional, "B_opt vertex fit (provisional)"))
    if fit is not None:
        power_line(ax_b, line, fit.curves, [best[x].fit_best for x in fit.curves], fit, name, "C0", "-")
    for (name, other), color in zip(beside, ("C1", "C4", "C5")):
        ends = np.logspace(np.log10(min(other.curves)), np.log10(max(other.curves)), 20)
        power_line(ax_b, ends, other.curves, [best[x].grid_best for x in other.curves], other, name, color, "-.")
    if fits.edge is not None:
        power_line(ax_b, line, with_edge, [edges[x].edge for x in with_edge], fits.edge, "B_edge fit", "C3", ":")
    fitted_all = np.array([best[x].fit_best for x in xs])
    ax_b.plot(line, np.exp(np.mean(np.log(fitted_all))) * (line / np.exp(np.mean(np.log(xs)))), ls="--", color="black",
              lw=1, label="slope 1 (the paper's rule)")
    ax_b.set(xscale="log", yscale="log", xlabel=f"{x_label} (log scale)", ylabel="batch size (log scale)",
             title="(b) optimum and trainability edge")
    legend_below(ax_b, under=sub_b, columns=2 if fits.optimum is not None and not beside else 1)  # long labels: one column
    fig.suptitle(f"{title} ({sizes}{_status_note(runs)})")
    return fig


def power_line(ax, line, xs, ys, fit: Slope, name: str, color: str, style: str) -> None:
    """The fitted power law y ∝ x^slope through the geometric centre of the points, labelled with its interval."""
    import numpy as np

    centre = np.exp(np.mean(np.log(ys)) - fit.slope * np.mean(np.log(xs)))
    ax.plot(line, centre * line ** fit.slope, color=color, ls=style,
            label=f"{name}: slope {fit.slope:.2f} (95% {fit.slope_low:.2f} to {fit.slope_high:.2f})")


def l2_gap(curves: pd.DataFrame, small: int, large: int, sizes: str) -> plt.Figure:
    """Appendix figure: test accuracy against updates for B=small and B=large, without
    (solid) and with (dashed) the L2 term; one panel per learning rate."""
    lrs = sorted(curves["lr"].unique(), reverse=True)
    fig, axes = plt.subplots(1, len(lrs), figsize=(6 * len(lrs), 4.2), squeeze=False, sharey=True)
    sel = curves[curves["step"] > 0].copy()
    sel["batch"] = sel["batch_size"].map({small: f"B = {small}", large: f"B = {large} (full batch)"})
    sel["L2"] = sel["weight_decay"].map(lambda wd: f"L2 {wd:g}" if wd else "no L2")
    for ax, lr in zip(axes[0], lrs):
        sns.lineplot(sel[sel["lr"] == lr], x="step", y="test_accuracy", hue="batch", style="L2",
                     style_order=sorted(sel["L2"].unique(), key=lambda v: v != "no L2"), errorbar=t_interval, ax=ax)
        ax.set(xscale="log", xlabel="gradient updates (log scale)", ylabel="test accuracy",
               title=f"ε = {lr:g}" + " " + lr_label(lr))
        ax.legend(title=None, fontsize="small")
    fig.suptitle(f"Appendix figure: the gap with and without L2 regularisation ({sizes})", y=1.02)
    fig.tight_layout()
    return fig


def collapse(runs: pd.DataFrame, scores: dict[str, float], sizes: str) -> plt.Figure:
    """The collapse: final test accuracy of every run against B (a) and against the noise
    scale g (b), coloured by the figure and curve it belongs to."""
    fig, axes = plt.subplots(1, 2, figsize=(13, 4.8), sharey=True)
    for ax, x, label, letter in zip(axes, ("batch_size", "noise_scale"),
                                    ("batch size B", "noise scale g = ε(N/B − 1)/(1 − m)"), "ab"):
        sns.scatterplot(runs[runs[x] > 0], x=x, y="test_accuracy", hue="curve", style="figure", alpha=0.8, s=30,
                        ax=ax, legend=(letter == "b"))
        ax.set(xscale="log", xlabel=f"{label} (log scale)", ylabel="final test accuracy",
               title=f"({letter}) against {label.split(' =')[0]}: unexplained share {scores[x]:.2f}")
    axes[1].legend(fontsize="x-small", ncol=2, bbox_to_anchor=(1.02, 1), loc="upper left")
    fig.suptitle(f"Collapse: every run of Figures 4–7 ({sizes})", y=1.02)
    fig.tight_layout()
    return fig


def matplotlib_log_norm(frame: pd.DataFrame):
    from matplotlib.colors import LogNorm

    return LogNorm(frame["batch_size"].min(), frame["batch_size"].max())


PAGE_WIDTH = 7.5  # inches: the book's text column (about 740 px), where lettering reads at its point size
PAGE_DPI = 200  # pixels per inch of the PNG: sharp when the browser scales it to the column


def at_page_width(fig: plt.Figure) -> plt.Figure:
    """The figure redrawn at the page's text width, so that its lettering appears on the page at
    its own point size instead of shrunk with a wider figure: side-by-side panels are stacked one
    above the other, each as wide as the column and keeping its aspect ratio, the titles wrap,
    and legends of more than three entries sit below their panels. A figure drawn at the page's
    width already (small multiples, plots_tops) keeps its layout; only its suptitle wraps."""
    import textwrap

    from matplotlib.gridspec import GridSpec

    width, height = fig.get_size_inches()
    panels = [ax for ax in fig.axes if ax.get_subplotspec() is not None]
    if fig._suptitle is not None:
        fig._suptitle.set_text(textwrap.fill(fig._suptitle.get_text(), 80))
        fig._suptitle.set_fontsize("medium")
    if abs(width - PAGE_WIDTH) < 0.01:
        return fig
    columns = max(len({round(ax.get_position().x0, 2) for ax in panels}), 1)
    rows = max(len({round(ax.get_position().y0, 2) for ax in panels}), 1)
    panel_height = min(max(height / rows * PAGE_WIDTH / (width / columns), 3.0), 3.8)
    if columns > 1:
        grid = GridSpec(len(panels), 1, figure=fig)
        for i, ax in enumerate(panels):
            ax.set_subplotspec(grid[i, 0])
    for ax in panels:
        ax.set_title(textwrap.fill(ax.get_title(), 70))
        legend = ax.get_legend()
        if legend is not None and len(legend.get_texts()) > 3:
            legend_below(ax)
    count = len(panels) if columns > 1 else rows
    fig.set_size_inches(PAGE_WIDTH, panel_height * count * (1.4 if any(ax.get_legend() for ax in panels) else 1.1))
    fig.tight_layout()
    return fig


def legend_below(ax, title: str | None = None, columns: int = 2, under=None) -> None:
    """The panel's legend (else one of its labelled artists) moved below it, small, in `columns`
    columns; with `under` (a figure or subfigure of constrained layout) below that instead, so that
    a wide legend does not narrow the panel."""
    legend = ax.get_legend()
    handles, labels = ((legend.legend_handles, [t.get_text() for t in legend.get_texts()]) if legend is not None
                       else ax.get_legend_handles_labels())
    title = title or (legend.get_title().get_text() if legend is not None else None) or None
    style = dict(fontsize="small", ncol=columns, frameon=False, title=title, title_fontsize="small")
    if under is None:
        ax.legend(handles, labels, loc="upper center", bbox_to_anchor=(0.5, -0.18), **style)
    else:
        if legend is not None:
            legend.remove()
        under.legend(handles, labels, loc="outside lower center", **style)


def glue_figure(name: str, fig: plt.Figure, sizes: str) -> None:
    """Hand a figure, drawn at the page's width, and its sample sizes to the book's numbered
    caption ({glue:figure}), showing the figure once in Jupyter too."""
    import io

    from IPython.display import Image
    from myst_nb import glue

    png = io.BytesIO()
    at_page_width(fig).savefig(png, format="png", dpi=PAGE_DPI, bbox_inches="tight")  # a PNG whatever the backend
    plt.close(fig)
    glue(name, Image(png.getvalue()), display=True)
    glue(f"{name}_sizes", sizes, display=False)
