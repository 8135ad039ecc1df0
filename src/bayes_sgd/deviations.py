"""The deviations page: every setting the book changed from the paper, per figure.

Built from the same setup tables the figure pages show (figures.setup_table), so the two
cannot drift apart, with the effect of a change where the book measured one: the claim
checked both at the paper's learning rate and at the changed one.
"""
from __future__ import annotations

import pandas as pd

from . import figures

UNCHANGED = ("same", "—")


def changed_settings(key: str, profile: str) -> pd.DataFrame:
    """The rows of a figure's setup table (in a profile) where the book departs from the paper."""
    table = figures.setup_table(key, figures.setup(key, profile))
    if table is None or "paper" not in table:  # a page beyond the paper has no setting of the paper's
        return pd.DataFrame(columns=["setting", "paper", "used here", "why"])
    return table[~table["why"].isin(UNCHANGED)].reset_index(drop=True)


def measured_effect(key: str, setting: str, records: dict[str, dict]) -> str:
    """What the book measured of a change: for the learning rate, each claim of the figure at
    the paper's ε beside the same claim at the changed ε (their verdicts and key numbers)."""
    figure = figures.FIGURES[key]
    if not (figure.per_changed_lr and setting.startswith("learning rate")):
        return "not measured"
    parts = []
    for claim in figure.claims:
        pair = [r for claim_id, r in records.items() if claim_id == claim or claim_id.startswith(f"{claim}-eps")]
        parts += [f"{r['id']}: {r['verdict']} ({r.get('key_number', '')})" for r in sorted(pair, key=lambda r: r["id"])]
    return "; ".join(parts) or "not run"


def deviations_frame(profile: str, records: list[dict]) -> pd.DataFrame:
    """Every changed setting of every figure in a profile, with its measured effect."""
    by_id = {r["id"]: r for r in records}
    frames = []
    for key, figure in figures.FIGURES.items():
        changed = changed_settings(key, profile)
        if len(changed):
            effects = [measured_effect(key, s, by_id) for s in changed["setting"]]
            frames.append(changed.assign(**{"measured effect": effects}).assign(figure=figure.label))
    columns = ["figure", "setting", "paper", "used here", "why", "measured effect"]
    return pd.concat(frames, ignore_index=True)[columns] if frames else pd.DataFrame(columns=columns)
