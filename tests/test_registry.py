"""One figure registry: every page, its runs and its claim ids come from bayes_sgd.figures."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

from bayes_sgd import book, figures
from bayes_sgd.claims import catalogue
from bayes_sgd.params import ParameterError
from bayes_sgd.setups import l2, scaling, sgd

ROOT = Path(__file__).resolve().parents[1]


def test_every_notebook_of_the_book_is_registered_and_every_registered_notebook_exists():
    on_disk = {p.stem for p in book.figure_notebooks(ROOT)}
    assert on_disk == {f.notebook for f in figures.FIGURES.values()}


def test_every_paper_claim_belongs_to_the_figure_the_registry_gives_it():
    for claim_id, _, key in catalogue.PAPER_CLAIMS:
        assert figures.figure_of_claim(claim_id).key == key
    assert figures.figure_of_claim("C5-eps0.1").key == "fig3"
    with pytest.raises(ParameterError, match="C99"):
        figures.figure_of_claim("C99")


def test_changed_learning_rates_get_their_own_claim_ids():
    assert figures.claim_ids("fig3", "default") == ["C5", "C6", "C5-eps0.1", "C6-eps0.1"]
    assert figures.claim_ids("fig4", "default", lrs=[1.0, 0.1, 0.03]) == ["C7", "C7-eps0.1", "C7-eps0.03"]
    assert figures.claim_ids("fig5", "default") == ["C8"]


def test_every_expected_claim_is_one_a_page_records_in_that_profile():
    expected = json.loads((ROOT / "claims_expected.json").read_text())
    for profile, wanted in expected.items():
        recorded = {c for key in figures.FIGURES for c in figures.claim_ids(key, profile)}
        assert set(wanted) <= recorded, set(wanted) - recorded


def test_the_registry_runs_are_the_setups_runs():
    assert figures.runs("fig4", "smoke") == sgd.sgd_setup("smoke").runs()
    assert figures.runs("fig5", "smoke") == scaling.scaling_setup("fig5", "smoke").all_runs()
    fig3 = figures.runs("fig3", "smoke")
    assert {r.batch_size for r in fig3} == set(sgd.sgd_setup("smoke").gap_batch_sizes())
    assert figures.runs("fig1", "smoke") == []
    collapse = figures.runs("figX", "smoke")
    fig6 = figures.setup("fig6", "smoke")
    assert len(collapse) == len(set(collapse)) and set(fig6.small.runs()) <= set(collapse)
    assert not {r for r in collapse if r.data_source != "embedded"}  # the collapse stays on one data set
    assert set(figures.runs("fig6", "smoke")) == (set(fig6.budget.runs()) | set(fig6.time.runs()) | set(fig6.small.runs())
                                                  | {r for level in fig6.budget.budget_levels()[1:] for r in level.runs()})


def test_figure_6_checks_one_claim_per_family_of_curves_and_c9_again_in_the_papers_regime():
    assert figures.claim_ids("fig6", "default") == ["C9", "C9-regime", "C9-time", "C9-small"]
    assert list(figures.scaling_parts("fig6", figures.setup("fig6", "default"))) == ["C9", "C9-time", "C9-small"]
    assert figures.figure_of_claim("C9-time").key == "fig6" and figures.figure_of_claim("C9-regime").key == "fig6"


BLOCK_TORCH = """
import sys
class Block:
    def find_spec(self, name, path=None, target=None):
        if name == "torch" or name.startswith("torch."):
            raise ImportError("torch is blocked in this test")
sys.meta_path.insert(0, Block())

import bayes_sgd.claims.evidence, bayes_sgd.claims.sgd, bayes_sgd.claims.scaling, bayes_sgd.claims.variants
import bayes_sgd.analysis.budget, bayes_sgd.analysis.search, bayes_sgd.analysis.collapse, bayes_sgd.figures
print("torch" in sys.modules)
"""


def test_claims_analysis_and_the_registry_import_without_torch():
    run = subprocess.run([sys.executable, "-c", BLOCK_TORCH], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "False"


def test_the_papers_setting_is_one_notion_for_ids_labels_and_the_l2_readings():
    """Fails if a claim id follows the first learning rate given (lrs[0]) while the labels test
    ε = 1: with lrs = [0.5, 0.1] no run is the paper's, so no id may be the paper's own."""
    from bayes_sgd import runs

    assert figures.claim_ids("fig4", "default", lrs=[0.5, 0.1]) == ["C7-eps0.5", "C7-eps0.1"]
    assert figures.claim_ids("fig4", "default", lrs=[0.1, 1.0]) == ["C7-eps0.1", "C7"]
    assert runs.lr_label(0.5) == "(changed)" and runs.lr_label(1.0) == "(paper)"
    assert figures.claim_figure("Fig. 4b", 0.5) == "Fig. 4b (changed ε)" and figures.claim_figure("Fig. 4b", 1.0) == "Fig. 4b"
    assert l2.reading_lrs(sgd.sgd_setup("default", lrs=[0.1, 1.0])) == (0.1,)
