"""One-hidden-layer ReLU network (or, as a labelled change, leaky ReLU) trained by SGD with
momentum (Figures 3-7).

Convention, as in torch.optim.SGD:   v <- m v + g;   w <- w - lr v,
with g the gradient of the *mean* cross-entropy over the mini-batch (plus
weight_decay * w when set). Mini-batches are consecutive chunks of a stream of
random permutations of the training set, so B = N is full-batch gradient descent.

The step is written by hand for an ensemble of K models in batched matrix
products (K = 1 on a CPU core; all seeds of a configuration on a GPU), with the
momentum update fused into the weight-gradient product. Input pixels that are
zero in every training image are skipped: their weights never receive a
gradient, so dropping them is exact (their fixed contribution is kept for
test images). Skipping is off when weight decay would move those weights.
"""
from __future__ import annotations

import math
import time
from dataclasses import asdict

import numpy as np
import torch

from .checkpoint import Checkpoint, TrainingState
from .noise_scale import simple_noise_scale
from .runs import INITS, INPUTS, LEAKY_SLOPE, RunConfig, final_status

# Bump when a change to this file changes any number a run returns: it is part of every
# run's cache key (with the data split's version, torch's version and the dtype).
VERSION = 4
BLOCK_STEPS = 256  # mini-batch indices are drawn this many steps at a time


def record_steps(steps: int, n_records: int) -> list[int]:
    """Log-spaced steps at which metrics are recorded, always with 0 and the last step."""
    points = np.unique(np.round(np.logspace(0, math.log10(max(steps, 1)), n_records)).astype(int))
    return sorted({0, steps, *points.tolist()})


TRUNCATED_STD, TRUNCATED_BIAS = 0.1, 0.1  # the 'truncnormal' initialisation (TensorFlow tutorials' choice)


def init_params(seed: int, n_in: int, hidden: int, n_out: int, dtype=torch.float32,
                init: str = "torch") -> dict[str, torch.Tensor]:
    """Initial weights, as (in, out): 'torch', nn.Linear's U(±1/sqrt(fan_in)) for weights and
    biases (the book's); 'glorot', U(±sqrt(6/(fan_in + fan_out))) weights and zero biases;
    'truncnormal', normal weights of std 0.1 redrawn beyond two std, biases 0.1."""
    if init not in INITS:
        raise ValueError(f"init={init!r} is not allowed; allowed: {', '.join(INITS)}")
    gen = torch.Generator().manual_seed(seed)

    def uniform(shape, bound):
        return (torch.rand(shape, generator=gen, dtype=torch.float64) * 2 - 1).mul_(bound)

    def weight(fan_in, fan_out):
        if init == "torch":
            return uniform((fan_in, fan_out), 1 / math.sqrt(fan_in))
        if init == "glorot":
            return uniform((fan_in, fan_out), math.sqrt(6 / (fan_in + fan_out)))
        w = torch.empty(fan_in, fan_out, dtype=torch.float64)
        return torch.nn.init.trunc_normal_(w, 0.0, TRUNCATED_STD, -2 * TRUNCATED_STD, 2 * TRUNCATED_STD, generator=gen)

    def bias(size, fan_in):
        if init == "torch":
            return uniform((size,), 1 / math.sqrt(fan_in))
        return torch.full((size,), 0.0 if init == "glorot" else TRUNCATED_BIAS, dtype=torch.float64)

    w1 = weight(n_in, hidden)
    b1 = bias(hidden, n_in)
    w2 = weight(hidden, n_out)
    b2 = bias(n_out, hidden)
    return {name: t.to(dtype) for name, t in (("w1", w1), ("b1", b1), ("w2", w2), ("b2", b2))}


def prepared_inputs(split, inputs: str):
    """Training and test images as the trainer sees them: pixels in [0, 1] ('unit'), or minus
    the training set's mean image ('centred'; a pixel zero in every training image stays zero)."""
    if inputs not in INPUTS:
        raise ValueError(f"inputs={inputs!r} is not allowed; allowed: {', '.join(INPUTS)}")
    x_train, x_test = np.asarray(split.x_train), np.asarray(split.x_test)
    if inputs == "centred":
        mean = x_train.mean(0, dtype=np.float64)
        return x_train - mean, x_test - mean
    return x_train, x_test


class BatchStream:
    """Mini-batch indices of one run: consecutive chunks of fresh random permutations of range(n)."""

    def __init__(self, seed: int, n: int, batch_size: int):
        self.gen = torch.Generator().manual_seed(seed + 1_000_003)
        self.n, self.batch_size = n, batch_size
        self.buffer = torch.empty(0, dtype=torch.long)

    def take(self, count: int) -> torch.Tensor:
        """The next `count` mini-batches as a (count, batch_size) tensor (one call per many steps: cheaper)."""
        needed = count * self.batch_size
        perms = [self.buffer]
        have = len(self.buffer)
        while have < needed:
            perms.append(torch.randperm(self.n, generator=self.gen))
            have += self.n
        stream = torch.cat(perms)
        self.buffer = stream[needed:]
        return stream[:needed].view(count, self.batch_size)

    def next(self) -> torch.Tensor:
        return self.take(1)[0]

    def state(self) -> tuple[torch.Tensor, torch.Tensor]:
        """Where the stream stands (its generator's state, the indices left of its permutation), for a checkpoint."""
        return self.gen.get_state(), self.buffer.clone()

    def restore(self, state: tuple[torch.Tensor, torch.Tensor]) -> None:
        self.gen.set_state(state[0])
        self.buffer = state[1]


def train_ensemble(configs: list[RunConfig], split, device: str = "cpu", dtype=torch.float32,
                   skip_zero_pixels: bool = True, stop_after: int | None = None,
                   checkpoint: Checkpoint | None = None) -> list[dict]:
    """Train K runs that differ only in seed, in one batched computation; one result per run.
    stop_after: train only the first updates of the runs (their records up to there are the whole
    runs' own, bit for bit: the mini-batches are drawn as the whole run draws them), to check a
    long run by its start. checkpoint: where the runs' state is saved every checkpoint.every
    seconds and resumed from, with the same numbers as an uninterrupted run (removed when the runs
    finish; never used with stop_after).

    split: arrays x_train (N, 784), y_train (N,), x_test, y_test with N = n_train.
    'dead_fraction' is the share of hidden units whose pre-activation is <= 0 on every training
    example; with ReLU such a unit never learns again, with leaky ReLU it still passes LEAKY_SLOPE (1%) of its gradient.
    """
    base = configs[0].without_seed()
    if any(c.without_seed() != base for c in configs):
        raise ValueError("an ensemble's runs may differ only in their seed")
    start = time.perf_counter()
    dev = torch.device(device)
    k, n, b, h = len(configs), base.n_train, base.batch_size, base.hidden
    if not 1 <= b <= n:
        raise ValueError(f"batch_size={b} is not allowed; it must be between 1 and n_train={n}")
    x_train, x_test = prepared_inputs(split, base.inputs)
    x_tr = torch.as_tensor(x_train, dtype=dtype, device=dev)
    y_tr = torch.as_tensor(np.asarray(split.y_train), dtype=torch.long, device=dev)
    x_te = torch.as_tensor(x_test, dtype=dtype, device=dev)
    y_te = torch.as_tensor(np.asarray(split.y_test), dtype=torch.long, device=dev)
    n_out = 10
    skip = skip_zero_pixels and base.weight_decay == 0
    active = (x_tr != 0).any(0) if skip else torch.ones(x_tr.shape[1], dtype=torch.bool, device=dev)

    inits = [init_params(c.seed, x_tr.shape[1], h, n_out, dtype, base.init) for c in configs]
    def stack(name: str) -> torch.Tensor:
        return torch.stack([p[name] for p in inits]).to(dev)
    w1_full, b1, b2 = stack("w1"), stack("b1")[:, None, :], stack("b2")[:, None, :]
    # The first layer's bias is the last row of w1, fed by a column of ones: one product does both.
    w1 = torch.cat([w1_full[:, active, :], b1], dim=1).contiguous()  # (K, active pixels + 1, H)
    # The second layer is kept as (K, 10, H): its small products run several times faster that way round.
    w2t = stack("w2").transpose(1, 2).contiguous()
    def ones(x: torch.Tensor) -> torch.Tensor:
        return torch.ones(len(x), 1, dtype=dtype, device=dev)
    x_tr_a = torch.cat([x_tr[:, active], ones(x_tr)], dim=1)
    x_te_a = torch.cat([x_te[:, active], ones(x_te)], dim=1)
    onehot_tr = torch.eye(n_out, dtype=dtype, device=dev)[y_tr]
    fixed_test = torch.einsum("tp,kph->kth", x_te[:, ~active], w1_full[:, ~active, :])  # frozen weights' share
    params = [w1, w2t, b2]
    velocity = [torch.zeros_like(p) for p in params]
    streams = [BatchStream(c.seed, n, b) for c in configs]
    lr, m, wd = base.lr, base.momentum, base.weight_decay
    slope = LEAKY_SLOPE if base.activation == "leaky_relu" else 0.0

    def activate(pre: torch.Tensor) -> torch.Tensor:
        return pre.clamp(min=0) if not slope else torch.nn.functional.leaky_relu(pre, slope)

    measured = ("noise_scale", "trace_sigma", "gradient_norm_sq") if base.measure_noise else ()
    records = {key: [] for key in ("step", "train_loss", "train_accuracy", "test_loss", "test_accuracy",
                                   "dead_fraction", *measured)}
    status = ["ok"] * k
    schedule = set(record_steps(base.steps, base.n_records))

    def evaluate(step: int):
        with torch.no_grad():
            pre_tr = torch.bmm(x_tr_a.expand(k, -1, -1), w1)
            out_tr = torch.baddbmm(b2, activate(pre_tr), w2t.transpose(1, 2))
            pre_te = torch.bmm(x_te_a.expand(k, -1, -1), w1) + fixed_test
            out_te = torch.baddbmm(b2, activate(pre_te), w2t.transpose(1, 2))
            records["step"].append(step)
            for name, out, y in (("train", out_tr, y_tr), ("test", out_te, y_te)):
                loss = torch.nn.functional.cross_entropy(out.transpose(1, 2), y.expand(k, -1), reduction="none")
                records[f"{name}_loss"].append(loss.mean(1).tolist())
                records[f"{name}_accuracy"].append((out.argmax(2) == y).to(dtype).mean(1).tolist())
            records["dead_fraction"].append((pre_tr <= 0).all(1).to(dtype).mean(1).tolist())
            if measured:  # read only: the run trains the same with or without it
                for name, value in simple_noise_scale(x_tr_a, onehot_tr, w1, w2t, b2, slope).items():
                    records[name].append(value.tolist())
            return out_te.argmax(2)

    checkpoint = checkpoint if stop_after is None else None
    resumed = checkpoint.load() if checkpoint else None
    if resumed:
        for p, v, saved_p, saved_v in zip(params, velocity, resumed.params, resumed.velocity):
            p.copy_(saved_p), v.copy_(saved_v)
        for stream, saved in zip(streams, resumed.streams):
            stream.restore(saved)
        records.update(resumed.records)
        status[:] = resumed.status
        predictions, done, spent = resumed.predictions.to(dev), resumed.step, resumed.seconds
    else:
        predictions, done, spent = evaluate(0), 0, 0.0
    saved_at = time.perf_counter()

    def save(step: int):  # at a block's start, before its mini-batches are drawn
        now = time.perf_counter()
        checkpoint.save(TrainingState(step, params, velocity, [s.state() for s in streams], records, status,
                                      predictions, spent + now - start), of=base.steps)
        return now

    step, block = done, torch.empty(0, k, b, dtype=torch.long)
    for step in range(done + 1, min(base.steps, stop_after or base.steps) + 1):
        into = (step - 1 - done) % BLOCK_STEPS  # blocks count from where this call began: the stream is the same
        if into == 0:  # the next mini-batches of every run, drawn in one go
            if checkpoint and step > done + 1 and time.perf_counter() - saved_at >= checkpoint.every:
                saved_at = save(step - 1)
            count = min(BLOCK_STEPS, base.steps - step + 1)
            block = torch.stack([s.take(count) for s in streams], dim=1).to(dev)  # (count, K, B)
        idx = block[into].flatten()
        xb = x_tr_a.index_select(0, idx).view(k, b, -1)  # (K, B, P)
        pre = torch.bmm(xb, w1)
        hid = activate(pre)
        logits = torch.baddbmm(b2, hid, w2t.transpose(1, 2))
        # b * d(mean CE)/d(logits); the 1/b is applied inside the products below (alpha)
        g_logits = torch.softmax(logits, dim=2).sub_(onehot_tr.index_select(0, idx).view(k, b, -1))
        g_hid = torch.bmm(g_logits, w2t)
        if not slope:  # gradient through the ReLU: PyTorch's fused kernel for grad * (hid > 0)
            g_hid = torch.ops.aten.threshold_backward(g_hid, hid, 0)
        else:  # through the leaky ReLU: fused grad * where(pre > 0, 1, slope)
            g_hid = torch.ops.aten.leaky_relu_backward(g_hid, pre, slope, False)
        # fused: v <- m v + grad, the gradient product written straight into the velocity
        velocity[1].baddbmm_(g_logits.transpose(1, 2), hid, beta=m, alpha=1 / b)
        velocity[2].mul_(m).add_(g_logits.sum(1, keepdim=True), alpha=1 / b)
        velocity[0].baddbmm_(xb.transpose(1, 2), g_hid, beta=m, alpha=1 / b)  # weights and bias of layer 1
        for p, v in zip(params, velocity):
            if wd:
                v.add_(p, alpha=wd)
            p.sub_(v, alpha=lr)
        if step in schedule or step % 250 == 0:
            finite = torch.stack([torch.isfinite(p).flatten(1).all(1) for p in params]).all(0)
            if not bool(finite.all()):
                for i in torch.nonzero(~finite).flatten().tolist():
                    status[i] = "diverged"
                if not bool(finite.any()):
                    break
            if step in schedule:
                predictions = evaluate(step)
    if records["step"][-1] != step:  # stopped early: record where it stopped
        predictions = evaluate(step)

    seconds = spent + time.perf_counter() - start
    if checkpoint:
        checkpoint.remove()
    results = []
    for i, config in enumerate(configs):
        share = torch.bincount(predictions[i], minlength=n_out).max().item() / len(y_te)
        status[i] = final_status(status[i] != "diverged", share)
        curves = {key: [row[i] if isinstance(row, list) else row for row in values] for key, values in records.items()}
        curves["step"] = records["step"]
        results.append({
            "config": asdict(config),
            "status": status[i],
            "curves": curves,
            "final_test_accuracy": curves["test_accuracy"][-1],
            "final_train_accuracy": curves["train_accuracy"][-1],
            "final_test_loss": curves["test_loss"][-1],
            "final_dead_fraction": curves["dead_fraction"][-1],
            "active_pixels": int(active.sum()),
            "seconds": seconds / k,
            "device": device,
            "device_name": device_name(dev),
            "torch": torch.__version__,
            "dtype": dtype_name(dtype),
        })
    return results


def dtype_name(dtype: torch.dtype) -> str:
    """'float32' for torch.float32: how a dtype is written in cache keys and results."""
    return str(dtype).removeprefix("torch.")


def device_name(dev: torch.device) -> str:
    """The processor a run was computed on, for provenance: the GPU's name, or the CPU's architecture."""
    if dev.type == "cuda":
        return torch.cuda.get_device_name(dev)
    import platform

    return f"CPU ({platform.machine()})"


def train(config: RunConfig, split, device: str = "cpu", dtype=torch.float32, stop_after: int | None = None) -> dict:
    """One run (an ensemble of one); with stop_after, its first updates only (train_ensemble)."""
    return train_ensemble([config], split, device, dtype, stop_after=stop_after)[0]
