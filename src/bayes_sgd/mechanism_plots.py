"""Figures of the mechanism chapter: results in, a matplotlib Figure out (the temperature sweep,
B_opt against B_simple, and the map of what sets the optimum). They never run experiments."""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.ticker import LogLocator, NullFormatter, ScalarFormatter

from .analysis.records import Optimum, Slope
from .analysis.temperature import BestLr, optimum_of
from .plots import PAGE_WIDTH, legend_below, power_line
from .plots_tops import draw_tops, fitted_curve, tops_figure


def temperature_sweep(runs: pd.DataFrame, best_t: dict[str, dict[tuple[int, int], BestLr]], momentum: float,
                      sizes: str) -> plt.Figure:
    """Drawn at the page's width: (a) final test accuracy against the temperature T = ε/(B(1 − m)),
    one panel per N (rows) and B (columns) of the main family, each zoomed on its curve's top (mean
    and 95% Student's t interval over seeds; dashed: the fitted best T of the first family in
    `best_t`, the main one, in its 95% interval) over a strip with the points below it
    (plots_tops); (b) the best T (fitted, 95% interval over seeds; hollow where only a bound or at
    the stability edge) against N, per family and B, with lines of slope −1 (the paper's) and 0
    through the first N's point."""
    frame = runs.assign(temperature=runs["lr"] / (runs["batch_size"] * (1 - momentum)))
    keys = sorted(frame.groupby(["n_train", "batch_size"]).groups)
    sizes_n, batches = sorted({n for n, _ in keys}), sorted({b for _, b in keys})
    colors = dict(zip(sizes_n, sns.color_palette("viridis", len(sizes_n))))
    main = next(iter(best_t.values()), {})
    fig, (sub_a, sub_b) = tops_figure(PAGE_WIDTH, len(keys), below=5.6, columns=len(batches))
    draw_tops(sub_a, [fitted_curve(f"N = {n:,}, B = {b}", frame[(frame["n_train"] == n) & (frame["batch_size"] == b)],
                                   colors[n], optimum_of(main.get((n, b))), "best T", b * (1 - momentum), ".2g")
                      for n, b in keys], "temperature", "temperature T = ε/(B(1 − m))", columns=len(batches))
    sub_a.suptitle("(a) final test accuracy against the temperature (mean, 95% t interval over seeds),\n"
                   "each panel zoomed on its top; dashed: the best T in its 95% interval", fontsize="medium")
    ax_b = sub_b.subplots()
    for (family, bests), color in zip(best_t.items(), ("C0", "C1", "C2", "C3")):
        for (marker, b) in zip("os^", sorted({b for _, b in bests})):
            points = sorted(((n, best) for (n, bb), best in bests.items() if bb == b and best.optimum is not None),
                            key=lambda point: point[0])
            for n, best in points:
                scale = b * (1 - momentum)
                t, low, high = (v / scale for v in (best.optimum.fit_best, best.optimum.fit_low, best.optimum.fit_high))
                ax_b.errorbar([n], [t], yerr=[[t - low], [high - t]], fmt=marker, color=color, capsize=3,
                              mfc=color if best.state == "interior" else "none")
            if points:
                ax_b.plot([n for n, _ in points], [best.optimum.fit_best / (b * (1 - momentum)) for _, best in points],
                          color=color, lw=0.8, ls="-" if marker == "o" else "--", label=f"{family}, B = {b}")
    ns = np.array(sorted({n for bests in best_t.values() for n, _ in bests}), dtype=float)
    anchor = [best.optimum.fit_best / (b * (1 - momentum)) for (n, b), best in next(iter(best_t.values())).items()
              if n == ns[0] and best.optimum is not None]
    if anchor:
        ax_b.plot(ns, anchor[0] * ns[0] / ns, color="black", ls="--", lw=1, label="slope −1 (the paper's rule)")
        ax_b.plot(ns, np.full_like(ns, anchor[0]), color="grey", ls=":", lw=1, label="slope 0 (T independent of N)")
    ax_b.set(xscale="log", yscale="log", xlabel="training-set size N (log scale)",
             ylabel="best temperature (log scale)", title="(b) best temperature against N")
    legend_below(ax_b, under=sub_b)
    fig.suptitle(f"The temperature sweep ({sizes}); hollow: a bound or at the stability edge")
    return fig


def optimum_against_noise_scale(table: pd.DataFrame, points: dict[str, tuple[float, Optimum]], fit: Slope | None,
                                sizes: str) -> plt.Figure:
    """B_opt (fitted, 95% interval over seeds) against B_simple measured at the optimum, one point
    per curve of Figures 5-7, coloured by what set the optimum; the line B_opt = B_simple and the fit."""
    fig, ax = plt.subplots(figsize=(6.5, 5))
    colors = {"noise": "C0", "stability": "C3", "budget": "C1", "untested": "grey", "—": "grey"}
    for source, part in table.groupby("optimum set by"):
        xs = np.array([points[k][0] for k in part["curve"]])
        best = [points[k][1] for k in part["curve"]]
        ys = np.array([b.fit_best for b in best])
        ax.errorbar(xs, ys, yerr=[ys - [b.fit_low for b in best], [b.fit_high for b in best] - ys], fmt="o",
                    capsize=3, color=colors.get(source, "grey"), label=f"optimum set by {source}")
    every = np.array([x for x, _ in points.values() if np.isfinite(x) and x > 0])
    if len(every):
        line = np.logspace(np.log10(every.min() / 1.5), np.log10(every.max() * 1.5), 20)
        ax.plot(line, line, color="black", ls="--", lw=1, label="B_opt = B_simple")
        if fit is not None:
            power_line(ax, line, every, [b.fit_best for x, b in points.values() if np.isfinite(x) and x > 0], fit,
                       "fit", "C0", "-")
    ax.set(xscale="log", yscale="log", xlabel="simple noise scale B_simple at the optimum (log scale)",
           ylabel="optimum batch size B_opt (log scale)", title="B_opt against B_simple")
    ax.xaxis.set_major_locator(LogLocator(subs=(1.0, 2.0, 5.0)))  # labels at 1, 2 and 5 times a power of ten
    ax.xaxis.set_major_formatter(ScalarFormatter())
    ax.xaxis.set_minor_formatter(NullFormatter())  # labelled minor ticks collide
    ax.legend(fontsize="small")
    fig.suptitle(f"The gradient noise scale beside the optimum ({sizes})", y=1.02)
    fig.tight_layout()
    return fig


def mechanism_map(maps: dict[str, tuple[pd.DataFrame, pd.Series, str]], sizes: str) -> plt.Figure:
    """One log-log panel per scaling figure against its varied quantity: the stability edge, the
    budget edge, the optimum (95% interval over seeds; hollow where not set by the noise), B_simple
    and the paper's rule B_opt ∝ x through the base curve's optimum."""
    fig, axes = plt.subplots(1, len(maps), figsize=(5 * len(maps), 4.4), squeeze=False)
    for ax, (title, (frame, paper, x_label)) in zip(axes[0], maps.items()):
        x = frame["x"].to_numpy()
        ax.plot(x, frame["stability_edge"], "v", color="C3", label="stability edge")
        finite = np.isfinite(frame["budget_edge"])
        ax.plot(x[finite], frame["budget_edge"][finite], "^", color="C1", label="budget edge")
        noise = (frame["set_by"] == "noise").to_numpy()
        for kept, style in ((noise, dict(label="B_opt set by the noise")), (~noise, dict(mfc="none", label="B_opt set otherwise"))):
            part = frame[kept]
            if len(part):
                optimum = part["optimum"].to_numpy()
                ax.errorbar(part["x"].to_numpy(), optimum, yerr=[optimum - part["low"].to_numpy(),
                                                                 part["high"].to_numpy() - optimum],
                            fmt="o", color="C0", capsize=3, **style)
        ax.plot(x, frame["b_simple"], "s", color="C2", label="B_simple at the optimum")
        ax.plot(x, paper, color="black", ls="--", lw=1, label="the paper's rule ∝ εN/(1 − m)")
        ax.set(xscale="log", yscale="log", xlabel=f"{x_label} (log scale)", ylabel="batch size (log scale)", title=title)
    entries = {label: handle for ax in axes[0] for handle, label in zip(*ax.get_legend_handles_labels())}
    axes[0][-1].legend(entries.values(), entries.keys(), fontsize="small")  # one legend for every panel, under the last
    fig.suptitle(f"What sets the optimum batch size ({sizes})", y=1.02)
    fig.tight_layout()
    return fig
