"""The answer in words and the summary figure come from the claim records alone (bayes_sgd.answer)."""
import math

import matplotlib
import pytest

from bayes_sgd import answer

matplotlib.use("Agg")


def _record(claim_id, verdict, estimate=None, band=(0.8, 1.25), note=""):
    decision = {}
    if estimate is not None:
        decision = {"estimate": estimate, "band": list(band), "90% interval": [estimate - 0.1, estimate + 0.1],
                    "95% interval": [estimate - 0.2, estimate + 0.2]}
    return {"id": claim_id, "figure": "Fig. 5b", "verdict": verdict, "key_number": f"k{claim_id}", "note": note,
            "decision": decision}


RECORDS = [_record("C1", "reproduced"), _record("C8", "not reproduced", 1.6),
           _record("C9", "inconclusive", 0.56, note="What would decide it: 12 seeds."),
           _record("T2", "inconclusive", -0.9, band=(-1.25, -0.8)), _record("C9-small", "undecided"),
           _record("C5", "reproduced", 0.03, band=(0.0, math.inf))]


def test_the_answer_counts_every_verdict_and_says_what_would_decide_the_open_ones():
    text = answer.answer_in_words(RECORDS)
    assert "Of the 6 checks this build made, 2 reproduced, 1 did not, 2 are inconclusive" in text
    assert "1 never reached" in text
    holds, rest = text.split("**What does not hold.**")
    assert "**C1**" in holds and "**C8**" not in holds and "**C8**" in rest
    assert "12 seeds" in text  # the inconclusive claim's note is carried


def test_only_two_sided_bands_are_plotted_and_a_band_around_minus_1_is_flipped():
    """Fails if a sign claim (band to infinity) or a record without intervals is drawn, or T2's
    interval is not turned round to read against the same band as the others."""
    points = [p for p in map(answer.plotted, RECORDS) if p]
    assert [p["id"] for p in points] == ["C8", "C9", "T2"]
    t2 = points[2]
    assert t2["flipped"] and t2["value"] == pytest.approx(0.9) and t2["band"] == pytest.approx((0.8, 1.25))
    assert t2["95"] == pytest.approx((0.7, 1.1))
    figure = answer.summary_figure(RECORDS)
    assert [t.get_text() for t in figure.axes[0].get_yticklabels()] == ["C8", "C9", "T2 (×−1)"]
    assert answer.summary_figure([_record("C1", "reproduced")]) is None


def test_a_pages_result_lists_its_own_records_in_its_order():
    mine = answer.records_of(RECORDS, ["C9", "C9-small", "C9-time"])
    assert [r["id"] for r in mine] == ["C9", "C9-small"]
    text = answer.page_result(mine)
    assert text.count("\n- ") == 1 and "*inconclusive*" in text and "*undecided*" in text


def test_a_provisional_estimate_is_labelled_as_such():
    record = {**_record("C8", "inconclusive", 1.6)}
    record["decision"]["provisional"] = True
    figure = answer.summary_figure([record])
    assert figure.axes[0].get_yticklabels()[0].get_text() == "C8 (provisional)"


def test_the_papers_questions_come_first_each_answered_by_its_own_record_the_whole_range_beside():
    """Fails if the answer does not open on the questions, if N's question is answered by C9 over the
    whole range instead of C9-regime, if C9 is not shown beside it, or if a question whose record
    is missing is answered by another record."""
    records = RECORDS + [_record("C9-regime", "reproduced", 1.0)]
    text = answer.answer_in_words(records)
    first = text.split("\n\n")[0].splitlines()
    assert [line.split("**")[1] for line in first] == [answer.QUESTIONS[0][0], answer.QUESTIONS[1][0]]
    n_line = first[1]
    assert "*reproduced* (C9-regime: kC9-regime)" in n_line
    assert "over the whole range (C9): *inconclusive*, kC9" in n_line
    assert "C10" not in text  # no record: the question about m is left out
    assert not answer.questions_in_words(RECORDS).count("N ≥")  # without C9-regime, C9 does not answer it
