"""Figure functions: results in, a matplotlib Figure out. They never run experiments."""
from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns

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
