"""Claim checks decide from the numbers: each can pass and each can fail."""
import json

import numpy as np

from bayes_sgd import claims


def _rows(lams, **columns):
    return [{"lam": lam, **{k: v[i] for k, v in columns.items()}} for i, lam in enumerate(lams)]


def test_c1_reproduces_only_with_perfect_fit_and_chance_test_accuracy():
    ok = _rows([1e-6, 1.0], train_accuracy=[1.0, 0.8], test_accuracy=[0.52, 0.5])
    assert claims.check_c1(ok, n_test=200).verdict == "reproduced"
    not_fitted = _rows([1e-6, 1.0], train_accuracy=[0.99, 0.8], test_accuracy=[0.52, 0.5])
    assert claims.check_c1(not_fitted, n_test=200).verdict == "not reproduced"
    above_chance = _rows([1e-6, 1.0], train_accuracy=[1.0, 0.8], test_accuracy=[0.7, 0.5])
    assert claims.check_c1(above_chance, n_test=200).verdict == "not reproduced"


def test_c3_fails_if_the_evidence_ever_favours_the_model():
    assert claims.check_c3(_rows([1, 2], log_evidence_ratio=[-0.1, -0.2])).verdict == "reproduced"
    assert claims.check_c3(_rows([1, 2], log_evidence_ratio=[-0.1, 0.01])).verdict == "not reproduced"


def test_c4_needs_an_interior_minimum_near_the_evidence_peak():
    lams = list(np.logspace(-4, 4, 17))
    peak = -np.abs(np.log10(lams))  # peak at lam = 1
    ce_near = 1 + np.abs(np.log10(lams) - 0.5)  # minimum at lam ~ 3: within a decade
    ce_far = 1 + np.abs(np.log10(lams) - 3)  # minimum at lam = 1e3
    ce_edge = 1 + np.log10(lams)  # monotone: minimum at the grid's end
    ratio = 1 + 0.1 * peak
    assert claims.check_c4(_rows(lams, log_evidence_ratio=ratio, test_cross_entropy=ce_near)).verdict == "reproduced"
    assert claims.check_c4(_rows(lams, log_evidence_ratio=ratio, test_cross_entropy=ce_far)).verdict == "not reproduced"
    edge = claims.check_c4(_rows(lams, log_evidence_ratio=ratio, test_cross_entropy=ce_edge))
    assert edge.verdict == "not reproduced" and "cannot be judged" in edge.note


def test_records_round_trip_and_expectations_catch_a_lost_claim(tmp_path):
    claims.record(claims.Claim("C2", "Fig. 1b", "s", "reproduced", {"x": np.float64(0.5)}), tmp_path)
    claims.record(claims.Claim("C10", "Fig. 7b", "s", "not reproduced", {}), tmp_path)
    records = claims.collect(tmp_path)
    assert [r["id"] for r in records] == ["C2", "C10"] and records[0]["numbers"]["x"] == 0.5
    assert claims.compare_with_expected(records, {"C2": "reproduced"}) == []
    assert claims.compare_with_expected(records, {"C10": "reproduced", "C3": "reproduced"}) == [
        "C10: expected reproduced, got not reproduced",
        "C3: expected reproduced, got missing",
    ]
    json.loads((tmp_path / "C2.json").read_text())
