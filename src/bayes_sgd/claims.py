"""The paper's claims as checks on freshly computed numbers, and their records.

A check returns a Claim whose verdict follows from the numbers it holds; it never
reads an expected answer. Records are JSON files that `make book` collects.
"""
from __future__ import annotations

import json
import math
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np
from scipy.stats import spearmanr

VERDICTS = ("reproduced", "not reproduced", "not run")


@dataclass
class Claim:
    id: str
    figure: str
    statement: str
    verdict: str
    numbers: dict
    profile: str = ""
    data: str = ""
    note: str = ""
    key_number: str = ""

    def markdown(self) -> str:
        """The verdict and its numbers as a Markdown block for the page."""
        mark = {"reproduced": "✅", "not reproduced": "❌", "not run": "⏸"}[self.verdict]
        numbers = "\n".join(f"| {k} | {_fmt(v)} |" for k, v in self.numbers.items())
        note = f"\n\n{self.note}" if self.note else ""
        return (
            f"**{self.id} ({self.figure}) — {mark} {self.verdict}.** {self.statement}{note}\n\n"
            f"| number | value |\n|---|---|\n{numbers}\n"
        )


def _fmt(v) -> str:
    if isinstance(v, float):
        return f"{v:.4g}"
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(_fmt(x) for x in v) + "]"
    return str(v)


def verdict(ok: bool) -> str:
    return "reproduced" if ok else "not reproduced"


def claims_dir() -> Path:
    """Where records go: $BAYES_SGD_CLAIMS, else a folder of the results cache."""
    from .data import default_cache_dir

    return Path(os.environ.get("BAYES_SGD_CLAIMS", default_cache_dir() / "claims"))


def record(claim: Claim, folder: Path | None = None) -> Path:
    """Write the claim's record atomically as <folder>/<id>.json."""
    if claim.verdict not in VERDICTS:
        raise ValueError(f"verdict {claim.verdict!r} is not one of {VERDICTS}")
    folder = Path(folder or claims_dir())
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{claim.id}.json"
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(asdict(claim), indent=1, default=_jsonable))
    os.replace(tmp, path)
    return path


def _jsonable(v):
    if isinstance(v, np.generic):
        return v.item()
    raise TypeError(f"cannot record {type(v)}")


def collect(folder: Path) -> list[dict]:
    """All records in a folder, ordered by claim id (C1, C2, ..., C10)."""
    records = [json.loads(p.read_text()) for p in Path(folder).glob("*.json")]
    return sorted(records, key=lambda r: _id_order(r["id"]))


def _id_order(claim_id: str):
    digits = "".join(c for c in claim_id if c.isdigit())
    return (int(digits) if digits else 0, claim_id)


def compare_with_expected(records: list[dict], expected: dict) -> list[str]:
    """Problems: claims expected 'reproduced' that are missing or not reproduced."""
    by_id = {r["id"]: r for r in records}
    problems = []
    for claim_id, wanted in expected.items():
        got = by_id.get(claim_id, {}).get("verdict", "missing")
        if wanted == "reproduced" and got != "reproduced":
            problems.append(f"{claim_id}: expected reproduced, got {got}")
    return problems


# ---------------------------------------------------------------- C1-C4 (Figures 1, 2)


def _smallest_lam(rows: list[dict]) -> dict:
    return min(rows, key=lambda r: r["lam"])


def check_c1(rows: list[dict], n_test: int) -> Claim:
    """Random labels: train accuracy 100% at the smallest lam, test within 3 SE of 50%."""
    r = _smallest_lam(rows)
    se = math.sqrt(0.25 / n_test)
    ok = r["train_accuracy"] == 1.0 and abs(r["test_accuracy"] - 0.5) <= 3 * se
    return Claim(
        "C1", "Fig. 1a", "A weakly regularised linear model memorises random labels.", verdict(ok),
        {"smallest λ": r["lam"], "train accuracy": r["train_accuracy"], "test accuracy": r["test_accuracy"],
         "3 binomial SE of 50%": 3 * se},
        key_number=f"train {r['train_accuracy']:.1%}, test {r['test_accuracy']:.1%} at λ={r['lam']:.0e}",
    )


def check_c2(rows: list[dict]) -> Claim:
    """Informative labels: test accuracy >= 95% at the smallest lam."""
    r = _smallest_lam(rows)
    ok = r["test_accuracy"] >= 0.95
    return Claim(
        "C2", "Fig. 1b", "The same model generalises on informative labels.", verdict(ok),
        {"smallest λ": r["lam"], "train accuracy": r["train_accuracy"], "test accuracy": r["test_accuracy"]},
        key_number=f"test {r['test_accuracy']:.1%} at λ={r['lam']:.0e}",
    )


def check_c3(rows: list[dict]) -> Claim:
    """Random labels: log evidence ratio < 0 at every lam."""
    ratios = [r["log_evidence_ratio"] for r in rows]
    ok = max(ratios) < 0
    return Claim(
        "C3", "Fig. 2a", "With random labels the evidence never favours the model.", verdict(ok),
        {"largest log evidence ratio per example": max(ratios), "λ values": len(ratios)},
        key_number=f"max ratio {max(ratios):.3g} nats/example",
    )


def check_c4(rows: list[dict], claim_id: str = "C4", figure: str = "Fig. 2b", pair: str = "0 against 1") -> Claim:
    """Informative labels: ratio > 0 over a range of lam, its argmax within one decade of
    the argmin of test cross-entropy, which must be interior to the grid to be judged."""
    lams = np.array([r["lam"] for r in rows])
    ratio = np.array([r["log_evidence_ratio"] for r in rows])
    test_ce = np.array([r["test_cross_entropy"] for r in rows])
    order = np.argsort(lams)
    lams, ratio, test_ce = lams[order], ratio[order], test_ce[order]
    positive = lams[ratio > 0]
    decades_positive = float(np.log10(positive.max() / positive.min())) if len(positive) > 1 else 0.0
    i_best, i_ce = int(np.argmax(ratio)), int(np.argmin(test_ce))
    interior = 0 < i_ce < len(lams) - 1
    distance = abs(float(np.log10(lams[i_best] / lams[i_ce])))
    rho = float(spearmanr(ratio, test_ce).statistic)
    ok = decades_positive >= 1.0 and interior and distance <= 1.0
    note = ""
    if not interior:
        note = (
            f"The test cross-entropy has no interior minimum on this grid (its minimum is at the grid's end, "
            f"λ={lams[i_ce]:.0e}), so whether the evidence peak predicts it cannot be judged on this data."
        )
    return Claim(
        claim_id, figure,
        f"With informative labels ({pair}) the evidence predicts generalisation.", verdict(ok),
        {"decades of λ with ratio > 0": decades_positive, "argmax of evidence ratio, λ": float(lams[i_best]),
         "argmin of test cross-entropy, λ": float(lams[i_ce]), "minimum is interior": interior,
         "distance, decades": distance, "Spearman ρ(ratio, test CE)": rho},
        note=note,
        key_number=f"peak λ={lams[i_best]:.1g} vs test-CE min λ={lams[i_ce]:.1g}; ρ={rho:.2f}",
    )


def report(checks: list[Claim], profile: str, data: str):
    """Record each check (with profile and data) and return their verdicts as Markdown."""
    from IPython.display import Markdown

    for claim in checks:
        claim.profile, claim.data = profile, data
        record(claim)
    return Markdown("\n\n".join(claim.markdown() for claim in checks))
