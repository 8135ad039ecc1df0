"""Claims C1-C4 (Figures 1 and 2), checked on the logistic model's exact fits."""
from __future__ import annotations

import math

import numpy as np
from scipy.stats import spearmanr

from .catalogue import statement
from .records import Claim, verdict


def _smallest_lam(rows: list[dict]) -> dict:
    return min(rows, key=lambda r: r["lam"])


def check_c1(rows: list[dict], n_test: int) -> Claim:
    """Random labels: train accuracy 100% at the smallest lam, test within 3 SE of 50%."""
    r = _smallest_lam(rows)
    se = math.sqrt(0.25 / n_test)
    ok = r["train_accuracy"] == 1.0 and abs(r["test_accuracy"] - 0.5) <= 3 * se
    return Claim(
        "C1", "Fig. 1a", statement("C1"), verdict(ok),
        {"smallest λ": r["lam"], "train accuracy": r["train_accuracy"], "test accuracy": r["test_accuracy"],
         "3 binomial SE of 50%": 3 * se},
        key_number=f"train {r['train_accuracy']:.1%}, test {r['test_accuracy']:.1%} at λ={r['lam']:.0e}",
    )


def check_c2(rows: list[dict]) -> Claim:
    """Informative labels: test accuracy >= 95% at the smallest lam."""
    r = _smallest_lam(rows)
    ok = r["test_accuracy"] >= 0.95
    return Claim(
        "C2", "Fig. 1b", statement("C2"), verdict(ok),
        {"smallest λ": r["lam"], "train accuracy": r["train_accuracy"], "test accuracy": r["test_accuracy"]},
        key_number=f"test {r['test_accuracy']:.1%} at λ={r['lam']:.0e}",
    )


def check_c3(rows: list[dict]) -> Claim:
    """Random labels: log evidence ratio < 0 at every lam."""
    ratios = [r["log_evidence_ratio"] for r in rows]
    ok = max(ratios) < 0
    return Claim(
        "C3", "Fig. 2a", statement("C3"), verdict(ok),
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
        statement(claim_id, pair=pair), verdict(ok),
        {"decades of λ with ratio > 0": decades_positive, "argmax of evidence ratio, λ": float(lams[i_best]),
         "argmin of test cross-entropy, λ": float(lams[i_ce]), "minimum is interior": interior,
         "distance, decades": distance, "Spearman ρ(ratio, test CE)": rho},
        note=note,
        key_number=f"peak λ={lams[i_best]:.1g} vs test-CE min λ={lams[i_ce]:.1g}; ρ={rho:.2f}",
    )
