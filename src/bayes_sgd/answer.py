"""The answer in words and at a glance, generated from the claim records (claims.records): a
sentence per claim, the front page's short answer (what holds, what does not, what cannot be told
here and what would tell it), and the summary figure of every slope or ratio claim against its band."""
from __future__ import annotations

import math

import matplotlib.pyplot as plt

from .claims.scaling import REGIME_N

GROUPS = (("reproduced", "What holds"), ("not reproduced", "What does not hold"),
          ("inconclusive", "What these data cannot tell yet"), ("undecided", "What never reached the paper's mechanism"))
# The paper's questions, answered first on the front page: each by its record, the records beside it after.
# B_opt ∝ N is the paper's from N ≈ 20,000 up (C9-regime); over the whole range (C9) it is shown beside.
QUESTIONS = (("Does the optimum batch size grow as the learning rate ε?", ("C8",)),
             (f"Does it grow as the training-set size N, where the paper states it (N ≥ {REGIME_N:,})?",
              ("C9-regime", "C9")),
             ("Does it grow as 1/(1 − m) with the momentum m?", ("C10",)))
COLOURS = {"reproduced": "C2", "not reproduced": "C3", "inconclusive": "C1", "undecided": "0.5"}


def claim_in_words(record: dict) -> str:
    """One line per record: id, verdict, its key number, and, where the data cannot decide, why and
    what would decide it (the record's note)."""
    line = f"**{record['id']}** ({record['figure']}): *{record['verdict']}*"
    if record.get("key_number"):
        line += f"; {record['key_number']}"
    if record["verdict"] in ("inconclusive", "undecided") and record.get("note"):
        line += f". {record['note']}"
    return line if line.endswith(".") else line + "."


def page_result(records: list[dict]) -> str:
    """A page's result in words: its records' lines, Markdown."""
    if not records:
        return "No claim was checked on this page in this build."
    return "\n".join(f"- {claim_in_words(r)}" for r in records)


def questions_in_words(records: list[dict]) -> str:
    """The paper's questions (QUESTIONS), each answered by its record's verdict and key number, the
    records beside it after ('over the whole range'); a question without its record is left out."""
    by_id = {r["id"]: r for r in records}
    lines = []
    for question, claim_ids in QUESTIONS:
        found = [by_id[c] for c in claim_ids if c in by_id]
        if found and found[0]["id"] == claim_ids[0]:
            first, *beside = found
            lines.append(f"- **{question}** *{first['verdict']}* ({first['id']}"
                         + (f": {first['key_number']})" if first.get("key_number") else ")")
                         + "".join(f"; over the whole range ({r['id']}): *{r['verdict']}*"
                                   + (f", {r['key_number']}" if r.get("key_number") else "") for r in beside) + ".")
    return "\n".join(lines)


def answer_in_words(records: list[dict]) -> str:
    """The front page's answer: the paper's questions answered first (questions_in_words), then how
    many claims hold, then each group of verdicts with its claims."""
    counts = {verdict: [r for r in records if r["verdict"] == verdict] for verdict, _ in GROUPS}
    lead = (f"Of the {len(records)} checks this build made, {len(counts['reproduced'])} reproduced, "
            f"{len(counts['not reproduced'])} did not, {len(counts['inconclusive'])} are inconclusive on these data and "
            f"{len(counts['undecided'])} never reached the mechanism they test.")
    parts = [p for p in (questions_in_words(records), lead) if p]
    for verdict, heading in GROUPS:
        if counts[verdict]:
            parts.append(f"**{heading}.**\n\n" + "\n".join(f"- {claim_in_words(r)}" for r in counts[verdict]))
    return "\n\n".join(parts)


def plotted(record: dict) -> dict | None:
    """A slope or ratio record's decision normalised by the paper's value (so every band reads 0.8 to
    1.25 around 1), or None for a record without a finite two-sided band and intervals."""
    d = record.get("decision") or {}
    band = d.get("band")
    if not band or not all(map(math.isfinite, band)) or "95% interval" not in d:
        return None
    paper = 1.0 if band[0] > 0 else -1.0  # T2's band lies around −1: flip it
    low95, high95 = sorted(v / paper for v in d["95% interval"])
    low90, high90 = sorted(v / paper for v in d["90% interval"])
    return {"id": record["id"], "value": d["estimate"] / paper, "90": (low90, high90), "95": (low95, high95),
            "band": tuple(sorted(v / paper for v in band)), "verdict": record["verdict"],
            "flipped": paper < 0, "provisional": bool(d.get("provisional"))}


def summary_figure(records: list[dict]) -> plt.Figure | None:
    """Every slope or ratio claim as a point with its 90% (thick) and 95% (thin) intervals against its
    band (shaded), coloured by verdict, hollow where the estimate is provisional (a scaling claim
    whose budget test left optima unresolved); the paper's value at 1. None when no record has one."""
    points = [p for p in map(plotted, records) if p is not None]
    if not points:
        return None
    fig, ax = plt.subplots(figsize=(7.5, 0.45 * len(points) + 1.6))
    low, high = points[0]["band"]
    ax.axvspan(low, high, color="0.9", label=f"band fixed in advance ({low:g} to {high:g})")
    ax.axvline(1.0, color="0.4", lw=0.8, ls="--", label="the paper's value")
    ax.axvline(0.0, color="0.7", lw=0.8, ls=":", label="no dependence")
    for i, p in enumerate(points):
        colour = COLOURS.get(p["verdict"], "k")
        ax.plot(p["95"], (i, i), color=colour, lw=1.2)
        ax.plot(p["90"], (i, i), color=colour, lw=4, solid_capstyle="butt")
        ax.plot(p["value"], i, "o", color="white" if p["provisional"] else colour, ms=6, mec=colour)
    ax.set_yticks(range(len(points)), [p["id"] + (" (×−1)" if p["flipped"] else "") + (" (provisional)" if p["provisional"]
                                       else "") for p in points])
    ax.invert_yaxis()
    for verdict, colour in COLOURS.items():
        if any(p["verdict"] == verdict for p in points):
            ax.plot([], [], "o-", color=colour, label=verdict)
    ax.set_xlabel("exponent relative to the paper's (slope ÷ paper's slope; T1: log ratio ÷ log 4)")
    ax.set_title(f"{len(points)} slope and ratio claims: estimate, 90% (thick) and 95% (thin) intervals", fontsize=10)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.25), ncol=3, fontsize=8, frameon=False)
    fig.tight_layout()
    return fig


def records_of(records: list[dict], claim_ids: list[str]) -> list[dict]:
    """The records among `records` of a page's claim ids, in the order of the ids."""
    by_id = {r["id"]: r for r in records}
    return [by_id[c] for c in claim_ids if c in by_id]
