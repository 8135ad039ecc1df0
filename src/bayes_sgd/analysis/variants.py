"""The table of Figure 4's ε = 1 variants (setups.variants): per variant, ε and B, the runs that
train, dead units and accuracies."""
from __future__ import annotations

import pandas as pd

from .edge import trains
from .frames import runs_frame


def variants_table(results: dict[tuple[str, float], list[dict]], book: str) -> pd.DataFrame:
    """Per variant, ε and B: runs that train (analysis.trains), mean dead-unit fraction,
    mean training and test accuracy, and runs that failed or diverged. book: the name of the
    book's own setting, marked in the helper column _book."""
    rows = []
    for (name, lr), found in results.items():
        runs = runs_frame(found).assign(trains=lambda f: trains(f))
        for b, part in runs.groupby("batch_size"):
            rows.append({"variant": name, "ε": lr, "B": int(b), "runs that train": f"{int(part['trains'].sum())} of {len(part)}",
                         "dead hidden units": round(part["dead_fraction"].mean(), 3),
                         "training accuracy": round(part["train_accuracy"].mean(), 4),
                         "test accuracy": round(part["test_accuracy"].mean(), 4),
                         "failed or diverged": int((part["status"] != "ok").sum()),
                         "_all_train": bool(part["trains"].all()), "_book": name == book})
    return pd.DataFrame(rows)


def shown(table: pd.DataFrame) -> pd.DataFrame:
    """The table as the page shows it (without the helper columns)."""
    return table[[c for c in table.columns if not c.startswith("_")]]
