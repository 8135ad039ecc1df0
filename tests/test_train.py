"""The fast trainer equals a plain nn.Linear + torch.optim.SGD loop, to rounding, in float64."""
import numpy as np
import pytest
import torch

from bayes_sgd import data, train


@pytest.fixture(scope="module")
def split():
    return data.ten_class_task(data.load_pools("embedded"), 200, 300, seed=0)


def plain_sgd_curves(config: train.RunConfig, split) -> tuple[list, list]:
    """Reference: nn.Linear layers, autograd and torch.optim.SGD, same init and batch indices."""
    torch.manual_seed(0)
    p = train.init_params(config.seed, 784, config.hidden, 10, torch.float64, config.init)
    activation = {"relu": torch.nn.ReLU(), "leaky_relu": torch.nn.LeakyReLU(0.01)}[config.activation]
    model = torch.nn.Sequential(torch.nn.Linear(784, config.hidden), activation,
                                torch.nn.Linear(config.hidden, 10)).double()
    with torch.no_grad():
        model[0].weight.copy_(p["w1"].T), model[0].bias.copy_(p["b1"])
        model[2].weight.copy_(p["w2"].T), model[2].bias.copy_(p["b2"])
    opt = torch.optim.SGD(model.parameters(), lr=config.lr, momentum=config.momentum,
                          weight_decay=config.weight_decay)
    x_tr, y_tr = torch.tensor(split.x_train, dtype=torch.float64), torch.tensor(split.y_train)
    x_te, y_te = torch.tensor(split.x_test, dtype=torch.float64), torch.tensor(split.y_test)
    stream = train.BatchStream(config.seed, config.n_train, config.batch_size)
    schedule = set(train.record_steps(config.steps, config.n_records))
    train_loss, test_loss = [], []
    loss = torch.nn.functional.cross_entropy
    for step in range(config.steps + 1):
        if step in schedule:
            with torch.no_grad():
                train_loss.append(loss(model(x_tr), y_tr).item())
                test_loss.append(loss(model(x_te), y_te).item())
        if step == config.steps:
            break
        idx = stream.next()
        opt.zero_grad()
        loss(model(x_tr[idx]), y_tr[idx]).backward()
        opt.step()
    return train_loss, test_loss


@pytest.mark.parametrize("batch_size, lr, momentum, weight_decay", [
    (1, 0.1, 0.9, 0.0), (30, 1.0, 0.9, 0.0), (200, 0.5, 0.5, 0.0), (17, 0.3, 0.0, 0.0), (30, 0.3, 0.9, 1e-3),
])
def test_fast_trainer_equals_plain_sgd(split, batch_size, lr, momentum, weight_decay):
    config = train.RunConfig(batch_size=batch_size, lr=lr, momentum=momentum, weight_decay=weight_decay,
                             steps=25, n_train=200, n_test=300, hidden=64, seed=3, n_records=30)
    fast = train.train(config, split, dtype=torch.float64)
    ref_train, ref_test = plain_sgd_curves(config, split)
    assert fast["curves"]["step"] == train.record_steps(25, 30)
    assert np.allclose(fast["curves"]["train_loss"], ref_train, rtol=1e-9, atol=1e-12)
    assert np.allclose(fast["curves"]["test_loss"], ref_test, rtol=1e-9, atol=1e-12)
    assert min(fast["curves"]["train_loss"]) < fast["curves"]["train_loss"][0]  # it did train


@pytest.mark.parametrize("batch_size, lr, momentum", [(1, 0.1, 0.9), (30, 1.0, 0.9), (17, 0.3, 0.0)])
def test_leaky_relu_trainer_equals_plain_sgd_with_nn_leaky_relu(split, batch_size, lr, momentum):
    """The hand-written leaky-ReLU forward and backward (slope 0.01) against nn.LeakyReLU and autograd."""
    config = train.RunConfig(batch_size=batch_size, lr=lr, momentum=momentum, steps=25, n_train=200, n_test=300,
                             hidden=64, seed=3, n_records=30, activation="leaky_relu")
    fast = train.train(config, split, dtype=torch.float64)
    ref_train, ref_test = plain_sgd_curves(config, split)
    assert np.allclose(fast["curves"]["train_loss"], ref_train, rtol=1e-9, atol=1e-12)
    assert np.allclose(fast["curves"]["test_loss"], ref_test, rtol=1e-9, atol=1e-12)
    relu = train.train(train.RunConfig(**{**config.__dict__, "activation": "relu"}), split, dtype=torch.float64)
    assert relu["curves"]["train_loss"][1:] != fast["curves"]["train_loss"][1:]  # the activation changed the run


def test_fast_trainer_equals_plain_sgd_across_index_blocks(split, monkeypatch):
    """Mini-batch indices are drawn BLOCK_STEPS steps at a time; crossing block ends changes nothing."""
    monkeypatch.setattr(train, "BLOCK_STEPS", 4)
    config = train.RunConfig(batch_size=30, lr=0.5, steps=25, n_train=200, n_test=300, hidden=64, seed=1,
                             n_records=30)
    fast = train.train(config, split, dtype=torch.float64)
    ref_train, _ = plain_sgd_curves(config, split)
    assert np.allclose(fast["curves"]["train_loss"], ref_train, rtol=1e-9, atol=1e-12)


def test_batch_stream_is_consecutive_chunks_of_permutations():
    n, b, seed = 12, 4, 5
    stream = train.BatchStream(seed, n, b)
    steps = torch.stack([stream.next() for _ in range(9)])  # 36 indices: three passes over the data
    blocks = train.BatchStream(seed, n, b)
    assert torch.equal(torch.cat([blocks.take(2), blocks.take(7)]), steps)  # take() and next() agree
    for epoch in steps.view(3, n):  # each pass is a permutation of range(n)
        assert sorted(epoch.tolist()) == list(range(n))
    assert not torch.equal(steps.view(3, n)[0], steps.view(3, n)[1])  # a fresh permutation each pass
    assert not torch.equal(train.BatchStream(seed + 1, n, b).take(3), steps[:3])  # the seed matters


def test_zero_pixel_skip_is_exact(split):
    config = train.RunConfig(batch_size=20, lr=0.5, steps=20, n_train=200, n_test=300, hidden=32, n_records=5)
    skipped = train.train_ensemble([config], split, dtype=torch.float64, skip_zero_pixels=True)[0]
    full = train.train_ensemble([config], split, dtype=torch.float64, skip_zero_pixels=False)[0]
    assert skipped["active_pixels"] < 784 and full["active_pixels"] == 784
    for key in ("train_loss", "test_loss", "test_accuracy"):
        assert np.allclose(skipped["curves"][key], full["curves"][key], rtol=1e-10)


def test_ensemble_equals_separate_runs(split):
    configs = [train.RunConfig(batch_size=10, lr=0.3, steps=15, n_train=200, n_test=300, hidden=32,
                               seed=s, n_records=5) for s in (0, 1, 2)]
    together = train.train_ensemble(configs, split, dtype=torch.float64)
    for config, joint in zip(configs, together):
        alone = train.train(config, split, dtype=torch.float64)
        assert np.allclose(joint["curves"]["test_loss"], alone["curves"]["test_loss"], rtol=1e-10)
    assert together[0]["curves"]["test_loss"] != together[1]["curves"]["test_loss"]


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA device")
def test_cuda_ensemble_equals_plain_sgd(split):
    """The GPU path (all seeds as one ensemble on the device) against plain SGD on the CPU, in float64."""
    configs = [train.RunConfig(batch_size=30, lr=0.5, steps=25, n_train=200, n_test=300, hidden=64, seed=s,
                               n_records=30) for s in (0, 1, 2)]
    on_gpu = train.train_ensemble(configs, split, device="cuda", dtype=torch.float64)
    for config, result in zip(configs, on_gpu):
        ref_train, ref_test = plain_sgd_curves(config, split)
        assert np.allclose(result["curves"]["train_loss"], ref_train, rtol=1e-9, atol=1e-12)
        assert np.allclose(result["curves"]["test_loss"], ref_test, rtol=1e-9, atol=1e-12)


def test_same_seed_same_numbers_on_cpu(split):
    config = train.RunConfig(batch_size=10, lr=0.3, steps=30, n_train=200, n_test=300, hidden=32, n_records=5)
    assert train.train(config, split)["curves"] == train.train(config, split)["curves"]


def test_divergence_and_collapse_are_recorded(split):
    # lr * weight_decay = 100: every weight grows 99-fold a step until it overflows
    diverging = train.RunConfig(batch_size=200, lr=1.0, momentum=0.0, weight_decay=100.0, steps=300,
                                n_train=200, n_test=300, hidden=32)
    assert train.train(diverging, split)["status"] == "diverged"
    collapsing = train.RunConfig(batch_size=1, lr=1.0, momentum=0.9, steps=200, n_train=200, n_test=300)
    result = train.train(collapsing, split)
    assert result["status"] == "failed" and result["final_dead_fraction"] > 0.5


def test_batch_size_outside_the_training_set_is_refused(split):
    with pytest.raises(ValueError, match="batch_size=500"):
        train.train(train.RunConfig(batch_size=500, n_train=200, n_test=300, steps=1), split)


def test_results_store_what_computed_them(split):
    config = train.RunConfig(batch_size=10, lr=0.3, steps=5, n_train=200, n_test=300, hidden=16, n_records=2)
    result = train.train(config, split, dtype=torch.float64)
    assert (result["device"], result["dtype"], result["torch"]) == ("cpu", "float64", torch.__version__)
    assert result["device_name"].startswith("CPU")


def test_a_run_has_failed_when_nine_tenths_of_its_predictions_are_one_class():
    from bayes_sgd.runs import final_status

    assert final_status(True, 0.89) == "ok"
    assert final_status(True, 0.9) == "failed"
    assert final_status(True, 0.6) == "ok"
    assert final_status(False, 0.1) == "diverged"


def test_noise_scale_follows_the_paper():
    assert train.RunConfig(batch_size=100, lr=0.5, momentum=0.9, n_train=1000).noise_scale() == pytest.approx(45.0)


def test_the_initialisations_draw_what_they_say():
    """Each init against its definition: nn.Linear's bounds, Glorot's bound and zero biases, a
    normal of std 0.1 cut at two std (std 0.1 x 0.8796 after the cut) with biases 0.1."""
    torch_init = train.init_params(0, 784, 800, 10, torch.float64, "torch")
    assert torch_init["w1"].abs().max() <= 1 / 28 and torch_init["w2"].abs().max() <= 1 / np.sqrt(800)
    assert float(torch_init["w1"].std()) == pytest.approx(1 / 28 / np.sqrt(3), rel=0.01)
    glorot = train.init_params(0, 784, 800, 10, torch.float64, "glorot")
    bound = np.sqrt(6 / (784 + 800))
    assert glorot["w1"].abs().max() <= bound and float(glorot["w1"].std()) == pytest.approx(bound / np.sqrt(3), rel=0.01)
    assert not glorot["b1"].any() and not glorot["b2"].any()
    truncated = train.init_params(0, 784, 800, 10, torch.float64, "truncnormal")
    assert truncated["w1"].abs().max() <= 0.2 and float(truncated["w1"].std()) == pytest.approx(0.1 * 0.8796, rel=0.01)
    assert torch.all(truncated["b1"] == 0.1) and torch.all(truncated["b2"] == 0.1)
    with pytest.raises(ValueError, match="init='he'"):
        train.init_params(0, 784, 800, 10, init="he")


@pytest.mark.parametrize("init", ["glorot", "truncnormal"])
def test_other_initialisations_and_centred_inputs_train_as_plain_sgd_does(split, init):
    """The trainer with centred inputs against plain SGD on inputs centred here, from the same init."""
    config = train.RunConfig(batch_size=30, lr=0.3, steps=25, n_train=200, n_test=300, hidden=64, seed=2,
                             n_records=30, init=init, inputs="centred")
    mean = split.x_train.mean(0, dtype=np.float64)
    centred = data.Split(split.x_train - mean, split.y_train, split.x_test - mean, split.y_test)
    fast = train.train(config, split, dtype=torch.float64)
    ref_train, ref_test = plain_sgd_curves(config, centred)
    assert np.allclose(fast["curves"]["train_loss"], ref_train, rtol=1e-9, atol=1e-12)
    assert np.allclose(fast["curves"]["test_loss"], ref_test, rtol=1e-9, atol=1e-12)
    unit = train.train(train.RunConfig(**{**config.__dict__, "inputs": "unit"}), split, dtype=torch.float64)
    assert unit["curves"]["train_loss"][1:] != fast["curves"]["train_loss"][1:]  # centring changed the run
