"""The simple noise scale B_simple = tr(Σ)/|G|², exact from the closed form, against per-example
gradients taken one by one with autograd, and recorded by the trainer without changing a run."""
import numpy as np
import pytest
import torch

from bayes_sgd import data, train
from bayes_sgd.noise_scale import simple_noise_scale


def brute_force(x: torch.Tensor, y: torch.Tensor, params: dict) -> tuple[float, float]:
    """tr(Σ) and |G|² from every example's gradient, computed by autograd one example at a time."""
    w1, b1, w2, b2 = (params[k].clone().double().requires_grad_() for k in ("w1", "b1", "w2", "b2"))
    grads = []
    for i in range(len(y)):
        logits = torch.relu(x[i:i + 1] @ w1 + b1) @ w2 + b2
        loss = torch.nn.functional.cross_entropy(logits, y[i:i + 1])
        grads.append(torch.cat([g.flatten() for g in torch.autograd.grad(loss, (w1, b1, w2, b2))]))
    g = torch.stack(grads)
    mean = g.mean(0)
    return float(((g - mean) ** 2).sum(1).mean()), float((mean ** 2).sum())


def trainer_layout(x: torch.Tensor, params: list[dict]):
    """Inputs and weights of K models as the trainer holds them (bias rows and columns appended)."""
    xa = torch.cat([x, torch.ones(len(x), 1, dtype=x.dtype)], dim=1)
    w1 = torch.stack([torch.cat([p["w1"], p["b1"][None]], 0) for p in params])
    w2t = torch.stack([p["w2"].T for p in params])
    b2 = torch.stack([p["b2"][None] for p in params])
    return xa, w1, w2t, b2


@pytest.mark.parametrize("chunk", [1000, 7])
def test_the_closed_form_matches_per_example_autograd_gradients(monkeypatch, chunk):
    """Fails if a term of |g_i|² is dropped (the biases, the ReLU mask), if Σ is taken about zero
    instead of G, or if the chunks over examples are summed wrongly."""
    import bayes_sgd.noise_scale as module

    monkeypatch.setattr(module, "CHUNK", chunk)
    gen = torch.Generator().manual_seed(0)
    x = torch.rand(40, 12, generator=gen, dtype=torch.float64)
    y = torch.randint(0, 10, (40,), generator=gen)
    params = [train.init_params(seed, 12, 9, 10, torch.float64) for seed in (0, 1)]
    measured = simple_noise_scale(*trainer_layout(x, params)[:1], torch.eye(10, dtype=torch.float64)[y],
                                  *trainer_layout(x, params)[1:])
    for k, p in enumerate(params):
        trace, gradient_sq = brute_force(x, y, p)
        assert measured["trace_sigma"][k].item() == pytest.approx(trace, rel=1e-10)
        assert measured["gradient_norm_sq"][k].item() == pytest.approx(gradient_sq, rel=1e-10)
        assert measured["noise_scale"][k].item() == pytest.approx(trace / gradient_sq, rel=1e-9)


def test_a_measured_run_trains_exactly_as_the_plain_run_and_records_the_noise_scale():
    """Fails if measuring touches the weights or the random stream (the curves would differ), if the
    zero-pixel skip changes B_simple (step 0 is the closed form at the initial weights on every
    pixel), or if the three recorded quantities disagree."""
    split = data.ten_class_task(data.load_pools("embedded"), 200, 300, seed=0)
    plain = train.RunConfig(batch_size=20, lr=0.1, steps=60, n_train=200, n_test=300, hidden=32, seed=1)
    measured = train.RunConfig(**{**plain.__dict__, "measure_noise": True})
    a, b = train.train(plain, split), train.train(measured, split)
    for name in ("train_loss", "test_loss", "test_accuracy", "dead_fraction"):
        assert a["curves"][name] == b["curves"][name]
    scale = np.array(b["curves"]["noise_scale"])
    assert len(scale) == len(b["curves"]["step"]) and np.all(scale > 0) and "noise_scale" not in a["curves"]
    ratio = np.array(b["curves"]["trace_sigma"]) / np.array(b["curves"]["gradient_norm_sq"])
    assert np.allclose(scale, ratio)
    x = torch.as_tensor(split.x_train, dtype=torch.float32)
    xa, w1, w2t, b2 = trainer_layout(x, [train.init_params(1, 784, 32, 10, torch.float32)])
    at_init = simple_noise_scale(xa, torch.eye(10)[torch.as_tensor(split.y_train)], w1, w2t, b2)
    assert scale[0] == pytest.approx(at_init["noise_scale"].item(), rel=1e-9)


def test_measuring_enters_the_cache_key_only_when_asked():
    """Fails if the new field changes the key of every run cached before it existed."""
    plain = train.RunConfig(batch_size=20)
    assert "measure_noise" not in plain.key_fields()
    assert train.RunConfig(batch_size=20, measure_noise=True).key_fields()["measure_noise"] is True


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA device")
def test_the_noise_scale_recorded_on_a_gpu_matches_the_cpu():
    """Fails if measuring on the device drops a term, mixes devices or loses precision: a run
    measured on CUDA in float64 records the B_simple (and its two parts) the CPU records."""
    split = data.ten_class_task(data.load_pools("embedded"), 200, 300, seed=0)
    config = train.RunConfig(batch_size=20, lr=0.1, steps=60, n_train=200, n_test=300, hidden=32, seed=1,
                             measure_noise=True)
    on_cpu = train.train_ensemble([config], split, dtype=torch.float64)[0]
    on_gpu = train.train_ensemble([config], split, device="cuda", dtype=torch.float64)[0]
    for name in ("noise_scale", "trace_sigma", "gradient_norm_sq"):
        assert np.allclose(on_gpu["curves"][name], on_cpu["curves"][name], rtol=1e-8), name
