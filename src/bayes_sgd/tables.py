"""How a table is shown on a page: no index column, no cell cut short, integers as integers."""
from __future__ import annotations

import pandas as pd


def as_displayed(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame as a reader should see it: the index (when it carries data) as columns, and
    float columns that hold only whole numbers (N = 250.0) as integers."""
    if not isinstance(frame.index, pd.RangeIndex) or frame.index.names != [None]:
        frame = frame.reset_index()
    frame = frame.copy()
    for column in frame.columns:
        values = frame[column]
        if pd.api.types.is_float_dtype(values) and values.notna().any() and (values.dropna() % 1 == 0).all():
            frame[column] = values.map(lambda v: "—" if pd.isna(v) else f"{int(v)}")
    return frame


# Column names of the frames in words, for readers; any other name with underscores has them as spaces.
HEADERS = {"batch_size": "batch size B", "test_accuracy": "test accuracy", "train_accuracy": "training accuracy",
           "dead_fraction": "dead hidden units (share)", "noise_scale": "noise scale g", "n_train": "N",
           "lr": "ε", "momentum": "m", "momentum_factor": "1/(1 − m)", "weight_decay": "weight decay",
           "test_loss": "test cross-entropy", "failed": "runs failed or diverged", "runs": "runs",
           "sde_time": "SDE time t", "data_source": "data"}


def in_words(column) -> str:
    """A column's header as a reader reads it: 'dead_fraction' -> 'dead hidden units (share)'."""
    return HEADERS.get(column, str(column).replace("_", " "))


def show(frame: pd.DataFrame):
    """A DataFrame as an HTML table for a page (IPython display object), its headers in words,
    inside a box that scrolls sideways when the table is wider than the text column."""
    from IPython.display import HTML

    shown = as_displayed(frame)
    shown.columns = [in_words(c) for c in shown.columns]
    html = shown.to_html(index=False, na_rep="—", border=0, classes="dataframe", float_format=lambda v: f"{v:.4g}")
    return HTML(f'<div class="table-scroll" style="overflow-x: auto; max-width: 100%">{html}</div>')


def markdown(frame: pd.DataFrame) -> str:
    """A DataFrame as a Markdown pipe table for a generated page (pipes and line breaks in cells escaped)."""
    cells = frame.map(lambda v: str(v).replace("|", "\\|").replace("\n", " "))
    return cells.to_markdown(index=False, tablefmt="pipe") + "\n"
