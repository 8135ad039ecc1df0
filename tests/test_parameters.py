"""Bad parameters stop before any computation, naming the parameter and what is allowed."""
import subprocess
import sys
from pathlib import Path

import pytest

from bayes_sgd import book, cli
from bayes_sgd.claims import records
from bayes_sgd.execution import results
from bayes_sgd.params import ParameterError
from bayes_sgd.setups import evidence, scaling, sgd


def torch_cuda_available() -> bool:
    import torch

    return torch.cuda.is_available()


def test_unknown_profile_names_the_allowed_profiles():
    with pytest.raises(ParameterError, match="profile='nonsense'.*smoke, default, paper"):
        evidence.evidence_setup("nonsense")


@pytest.mark.parametrize(
    "kwargs, name",
    [
        (dict(lam_min=0.0), "lam_min"),
        (dict(lam_min=-1e-3), "lam_min"),
        (dict(lam_max=1e-9), "lam_max"),
        (dict(n_lams=0), "n_lams"),
        (dict(n_train=-5), "n_train"),
        (dict(seed=-1), "seed"),
        (dict(data_source="cifar"), "data_source"),
        (dict(n_train=900, n_test=200), "n_train"),
    ],
)
def test_bad_parameter_is_named(kwargs, name):
    with pytest.raises(ParameterError, match=name):
        evidence.evidence_setup("default", **kwargs)


def test_default_grid_spans_ten_decades_with_30_values_down_to_1e_6():
    setup = evidence.evidence_setup("default")
    assert len(setup.lams) >= 30 and setup.lams[0] <= 1e-6 and setup.lams[-1] / setup.lams[0] >= 1e10


def test_sgd_parameters_are_checked_before_any_run():
    with pytest.raises(ParameterError, match="smoke, default, paper"):
        sgd.sgd_setup("fast")
    with pytest.raises(ParameterError, match="batch_sizes contains 2000"):
        sgd.sgd_setup("default", batch_sizes=[10, 2000])
    with pytest.raises(ParameterError, match="lrs"):
        sgd.sgd_setup("default", lrs=[1.0, -0.1])
    with pytest.raises(ParameterError, match="steps"):
        sgd.sgd_setup("default", steps=0)
    with pytest.raises(ParameterError, match="device='tpu'.*cpu, cuda"):
        results.sgd_results([], device="tpu")


def test_a_given_parameter_overrides_the_profile():
    setup = sgd.sgd_setup("default", steps=500, lrs=[0.5], n_seeds=2)
    assert (setup.steps, setup.lrs, setup.seeds) == (500, (0.5,), (0, 1))
    assert setup.batch_sizes == sgd.sgd_setup("default").batch_sizes


@pytest.mark.parametrize("given, parsed", [("[1.0, 0.1]", (1.0, 0.1)), ("(0.5,)", (0.5,)), ([0.3], (0.3,))])
def test_list_parameters_given_as_strings_are_parsed(given, parsed):
    assert sgd.sgd_setup("default", lrs=given).lrs == parsed
    assert scaling.scaling_setup("fig5", "default", values="[0.03, 0.1, 0.3]").curves[0].lr == 0.03


@pytest.mark.parametrize("given, message", [
    ("[", "lrs='\\[' is not allowed: it is not a list; give a list, e.g. papermill ... -y 'lrs: \\[1.0, 0.1\\]'"),
    ("0.1", "lrs=0.1 is not allowed: it is not a list"),
    ([], "lrs=\\[\\] is not allowed: the list is empty"),
    ("[]", "lrs=\\[\\] is not allowed: the list is empty"),
])
def test_a_list_parameter_that_is_not_a_list_or_is_empty_is_refused_showing_the_y_form(given, message):
    with pytest.raises(ParameterError, match=message):
        sgd.sgd_setup("default", lrs=given)
    with pytest.raises(ParameterError, match="batch_sizes"):
        sgd.sgd_setup("default", batch_sizes=[])


def test_a_training_set_that_leaves_too_few_test_images_is_refused_with_the_limit():
    with pytest.raises(ParameterError, match="n_train=4999 is not allowed with data_source='embedded': at most 4000"):
        sgd.sgd_setup("default", n_train=4999)
    assert sgd.sgd_setup("default", n_train=4000).n_test == 1000


@pytest.mark.skipif(torch_cuda_available(), reason="checks the message where no GPU is present")
def test_cuda_without_a_gpu_is_one_line_naming_the_device():
    run = subprocess.run([sys.executable, "-m", "bayes_sgd", "run", "fig4", "--profile", "smoke", "--device", "cuda"],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 2 and run.stdout == ""
    assert run.stderr.strip().count("\n") == 0, run.stderr
    assert "device='cuda' is not allowed here: torch sees no CUDA device" in run.stderr


def test_a_cpu_only_figure_refuses_cuda_instead_of_ignoring_it():
    with pytest.raises(ParameterError, match="device='cuda' is not allowed for fig1: it is computed on cpu only"):
        cli.run_figure("fig1", "smoke", "cuda")


def test_the_book_clears_only_its_own_claim_records(tmp_path):
    folder = tmp_path / "claims"
    records.record(records.Claim("C1", "Fig. 1a", "s", "reproduced", {}), folder)
    book.clear_claim_records(folder)
    assert folder.exists() and list(folder.iterdir()) == []
    records.record(records.Claim("C1", "Fig. 1a", "s", "reproduced", {}), folder)
    (folder / "thesis.tex").write_text("years of work")
    with pytest.raises(SystemExit, match="thesis.tex.*nothing was deleted"):
        book.clear_claim_records(folder)
    assert sorted(p.name for p in folder.iterdir()) == ["C1.json", "thesis.tex"]


@pytest.mark.parametrize("notebook", sorted((Path(__file__).resolve().parents[1] / "book").glob("fig*.py")),
                         ids=lambda p: p.stem)
def test_papermill_reads_every_parameter_of_every_page(notebook, caplog):
    """Fails if a parameter's comment keeps papermill from parsing its line (an unbalanced quote
    did), which drops that parameter from `papermill --help-notebook` and logs a warning per build."""
    from papermill.translators import PythonTranslator

    source = notebook.read_text()
    start = source.index('# %% tags=["parameters"]')
    cell = source[start:source.index("# %%", start + 5)].split("\n", 1)[1]
    names = [line.split("=")[0].strip() for line in cell.splitlines() if "=" in line and not line.startswith("#")]
    with caplog.at_level("WARNING"):
        parsed = PythonTranslator.inspect({"source": cell})
    assert [p.name for p in parsed] == names and "Unable to parse" not in caplog.text
