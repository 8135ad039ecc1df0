"""The hidden layer's activation, a labelled change from the paper: leaky ReLU enters a run's cache
key only when chosen, a bad name is refused up front, and the noise scale follows the activation."""
import pytest
import torch

from bayes_sgd import train
from bayes_sgd.execution import archive, sweep
from bayes_sgd.noise_scale import simple_noise_scale
from bayes_sgd.params import ParameterError
from bayes_sgd.runs import LEAKY_SLOPE, RunConfig


def test_the_default_activation_leaves_every_cached_key_as_it_was():
    """Fails if adding the field changed the key of a run cached before it existed: a default run's
    key holds exactly the fields it held before, and a leaky run's key differs by the field alone."""
    config = RunConfig(batch_size=30, lr=0.1, n_train=16000, data_source="fashion")
    assert config.key_fields() == {"batch_size": 30, "lr": 0.1, "momentum": 0.9, "steps": 10_000, "n_train": 16000,
                                   "n_test": 4000, "hidden": 800, "weight_decay": 0.0, "data_source": "fashion",
                                   "data_seed": 0, "seed": 0, "n_records": 25}
    key = sweep.run_key(config)
    leaky = sweep.run_key(RunConfig(**{**config.__dict__, "activation": "leaky_relu"}))
    assert leaky != key and leaky["activation"] == "leaky_relu"
    assert {k: v for k, v in leaky.items() if k != "activation"} == key
    assert archive.config_of(key) == config and archive.config_of(leaky).activation == "leaky_relu"


def test_an_unknown_activation_is_refused_naming_the_allowed_ones():
    with pytest.raises(ParameterError, match=r"activation='tanh' is not allowed; choose one of: relu, leaky_relu"):
        RunConfig(batch_size=30, activation="tanh")


def test_the_leaky_slope_is_one_hundredth():
    assert LEAKY_SLOPE == 0.01


def test_the_noise_scale_of_a_leaky_network_matches_per_example_autograd_gradients():
    """Fails if the closed form keeps ReLU's mask (zero gradient below zero) for a leaky network."""
    gen = torch.Generator().manual_seed(0)
    x = torch.rand(30, 12, generator=gen, dtype=torch.float64) - 0.5  # centred: many units below zero
    y = torch.randint(0, 10, (30,), generator=gen)
    p = train.init_params(0, 12, 9, 10, torch.float64)
    w1, b1, w2, b2 = (p[k].clone().requires_grad_() for k in ("w1", "b1", "w2", "b2"))
    grads = []
    for i in range(len(y)):
        logits = torch.nn.functional.leaky_relu(x[i:i + 1] @ w1 + b1, 0.01) @ w2 + b2
        loss = torch.nn.functional.cross_entropy(logits, y[i:i + 1])
        grads.append(torch.cat([g.flatten() for g in torch.autograd.grad(loss, (w1, b1, w2, b2))]))
    g = torch.stack(grads)
    trace, gradient_sq = float(((g - g.mean(0)) ** 2).sum(1).mean()), float((g.mean(0) ** 2).sum())
    xa = torch.cat([x, torch.ones(len(x), 1, dtype=x.dtype)], dim=1)
    layout = (torch.cat([p["w1"], p["b1"][None]], 0)[None], p["w2"].T[None], p["b2"][None, None])
    onehot = torch.eye(10, dtype=torch.float64)[y]
    leaky = simple_noise_scale(xa, onehot, *layout, negative_slope=LEAKY_SLOPE)
    assert leaky["trace_sigma"].item() == pytest.approx(trace, rel=1e-10)
    assert leaky["gradient_norm_sq"].item() == pytest.approx(gradient_sq, rel=1e-10)
    assert simple_noise_scale(xa, onehot, *layout)["trace_sigma"].item() != pytest.approx(trace, rel=1e-6)
