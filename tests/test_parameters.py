"""Bad parameters stop before any computation, naming the parameter and what is allowed."""
import pytest

from bayes_sgd import experiments
from bayes_sgd.experiments import ParameterError


def test_unknown_profile_names_the_allowed_profiles():
    with pytest.raises(ParameterError, match="profile='nonsense'.*smoke, default, paper"):
        experiments.evidence_setup("nonsense")


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
        experiments.evidence_setup("default", **kwargs)


def test_default_grid_spans_ten_decades_with_30_values_down_to_1e_6():
    setup = experiments.evidence_setup("default")
    assert len(setup.lams) >= 30 and setup.lams[0] <= 1e-6 and setup.lams[-1] / setup.lams[0] >= 1e10


def test_sgd_parameters_are_checked_before_any_run():
    with pytest.raises(ParameterError, match="smoke, default, paper"):
        experiments.sgd_setup("fast")
    with pytest.raises(ParameterError, match="batch_sizes contains 2000"):
        experiments.sgd_setup("default", batch_sizes=[10, 2000])
    with pytest.raises(ParameterError, match="lrs"):
        experiments.sgd_setup("default", lrs=[1.0, -0.1])
    with pytest.raises(ParameterError, match="steps"):
        experiments.sgd_setup("default", steps=0)
    with pytest.raises(ParameterError, match="device='tpu'.*cpu, cuda"):
        experiments.sgd_results([], device="tpu")


def test_a_given_parameter_overrides_the_profile():
    setup = experiments.sgd_setup("default", steps=500, lrs=[0.5], n_seeds=2)
    assert (setup.steps, setup.lrs, setup.seeds) == (500, (0.5,), (0, 1))
    assert setup.batch_sizes == experiments.sgd_setup("default").batch_sizes
