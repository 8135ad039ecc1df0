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


def show(frame: pd.DataFrame):
    """A DataFrame as an HTML table for a page (IPython display object)."""
    from IPython.display import HTML

    html = as_displayed(frame).to_html(index=False, na_rep="—", border=0, classes="dataframe",
                                       float_format=lambda v: f"{v:.4g}")
    return HTML(html)
