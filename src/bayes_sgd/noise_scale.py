"""The simple noise scale of McCandlish et al. (2018), B_simple = tr(Σ)/|G|², computed exactly
for the book's one-hidden-layer network from its per-example gradients.

G is the gradient of the mean cross-entropy over the training set and Σ the covariance of the
per-example gradients g_i about it, so tr(Σ) = mean_i |g_i|² − |G|². For this network each
|g_i|² has a closed form (no per-example backward pass): with δo_i = softmax − one-hot, the
hidden activations h_i, δh_i = (W2 δo_i) ⊙ σ'(pre_i) (σ' = [pre > 0] for ReLU; 1 or the negative
slope for leaky ReLU) and x̃_i the input with its bias 1,

    |g_i|² = |δo_i|² (|h_i|² + 1) + |x̃_i|² |δh_i|².

Computed in float64, in chunks of examples, for an ensemble of K models at once.
"""
from __future__ import annotations

import torch

CHUNK = 4096  # examples per chunk: bounds memory at large N


def simple_noise_scale(x: torch.Tensor, onehot: torch.Tensor, w1: torch.Tensor, w2t: torch.Tensor,
                       b2: torch.Tensor, negative_slope: float = 0.0) -> dict[str, torch.Tensor]:
    """tr(Σ), |G|² and B_simple = tr(Σ)/|G|² of each of K models, each a (K,) float64 tensor.

    x: (N, P + 1) inputs with a last column of ones (the first layer's bias); onehot: (N, 10);
    w1: (K, P + 1, H), its last row the bias; w2t: (K, 10, H); b2: (K, 1, 10); negative_slope:
    0 for ReLU, the slope below zero for leaky ReLU."""
    x, onehot = x.double(), onehot.double()
    w1, w2t, b2 = w1.double(), w2t.double(), b2.double()
    k, n = w1.shape[0], x.shape[0]
    squared_norms = torch.zeros(k, dtype=torch.float64, device=x.device)  # sum over examples of |g_i|²
    grad_w1, grad_w2, grad_b2 = torch.zeros_like(w1), torch.zeros_like(w2t), torch.zeros_like(b2)
    for start in range(0, n, CHUNK):
        xc, yc = x[start:start + CHUNK], onehot[start:start + CHUNK]
        pre = torch.matmul(xc, w1)  # (K, C, H)
        if not negative_slope:
            hid = pre.clamp(min=0)
            derivative = pre > 0  # the activation's derivative, σ'(pre)
        else:
            hid = torch.nn.functional.leaky_relu(pre, negative_slope)
            derivative = torch.full_like(pre, negative_slope).masked_fill_(pre > 0, 1.0)
        logits = torch.baddbmm(b2, hid, w2t.transpose(1, 2))  # (K, C, 10)
        d_out = torch.softmax(logits, dim=2) - yc
        d_hid = torch.bmm(d_out, w2t) * derivative  # (K, C, H)
        out_sq = (d_out ** 2).sum(2)
        squared_norms += (out_sq * ((hid ** 2).sum(2) + 1) + (xc ** 2).sum(1) * (d_hid ** 2).sum(2)).sum(1)
        grad_w1 += torch.matmul(xc.T, d_hid)
        grad_w2 += torch.bmm(d_out.transpose(1, 2), hid)
        grad_b2 += d_out.sum(1, keepdim=True)
    gradient_sq = sum((g / n).pow(2).flatten(1).sum(1) for g in (grad_w1, grad_w2, grad_b2))
    trace = squared_norms / n - gradient_sq
    return {"trace_sigma": trace, "gradient_norm_sq": gradient_sq, "noise_scale": trace / gradient_sq}
