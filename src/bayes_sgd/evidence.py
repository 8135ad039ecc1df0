"""Exact L2-regularised logistic regression and its Laplace evidence (Figures 1, 2).

Cost, summed over the N training examples (the paper's convention):
    C(w) = H(w) + (lam/2)|w|^2,   H(w) = -sum_i ln P(y_i | x_i, w)
All 785 parameters (784 weights and the bias) sit under the prior. In float64.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.linalg import cho_factor, cho_solve
from scipy.special import expit, log_expit

# Bump when a change to this file changes any number a fit returns (it is in the cache key).
VERSION = 1


@dataclass(frozen=True)
class Fit:
    """The exact minimum w0 of C at one lam, with the Hessian's spectrum.

    w: (D,) weights, bias last; hessian_eigenvalues: (D,) of grad^2 C(w0), each >= lam.
    """

    lam: float
    w: np.ndarray
    cost: float
    hessian_eigenvalues: np.ndarray
    gradient_norm: float
    newton_steps: int


def with_bias(x: np.ndarray) -> np.ndarray:
    """(n, 784) -> (n, 785) float64, a column of ones appended for the bias."""
    x = np.asarray(x, dtype=np.float64)
    return np.hstack([x, np.ones((len(x), 1))])


def cost(w: np.ndarray, x: np.ndarray, y: np.ndarray, lam: float) -> float:
    """C(w): summed cross-entropy plus (lam/2)|w|^2. x: (n, D) with bias column, y in {0, 1}."""
    z = x @ w
    return float(-np.sum(y * log_expit(z) + (1 - y) * log_expit(-z)) + 0.5 * lam * w @ w)


def gradient(w: np.ndarray, x: np.ndarray, y: np.ndarray, lam: float) -> np.ndarray:
    return x.T @ (expit(x @ w) - y) + lam * w


def data_hessian(w: np.ndarray, x: np.ndarray) -> np.ndarray:
    """grad^2 H(w) = X^T diag(p(1-p)) X, without the prior's lam I."""
    p = expit(x @ w)
    return (x * (p * (1 - p))[:, None]).T @ x


def minimise(
    x: np.ndarray, y: np.ndarray, lam: float, w_start: np.ndarray | None = None, tol: float = 1e-9, max_steps: int = 500
) -> Fit:
    """Newton's method with backtracking to |grad C|_inf <= tol * max(1, lam |w|_inf).

    C is strongly convex (modulus lam), so the minimum is unique and a warm start
    from a neighbouring lam changes only the number of steps.
    """
    if lam <= 0:
        raise ValueError(f"lam must be > 0, got {lam}")
    w = np.zeros(x.shape[1]) if w_start is None else np.array(w_start, dtype=np.float64)
    c = cost(w, x, y, lam)
    for step in range(max_steps + 1):
        g = gradient(w, x, y, lam)
        if np.max(np.abs(g)) <= tol * max(1.0, lam * np.max(np.abs(w))):
            break
        if step == max_steps:
            raise RuntimeError(f"Newton did not converge at lam={lam}: |grad|_inf = {np.max(np.abs(g)):.3g}")
        h = data_hessian(w, x) + lam * np.eye(len(w))
        direction = -cho_solve(cho_factor(h), g)
        t = 1.0
        while True:
            w_new = w + t * direction
            c_new = cost(w_new, x, y, lam)
            if c_new <= c + 1e-4 * t * (g @ direction) or t < 1e-12:
                break
            t *= 0.5
        w, c = w_new, c_new
    mu = np.clip(np.linalg.eigvalsh(data_hessian(w, x)), 0.0, None)
    return Fit(lam, w, c, mu + lam, float(np.max(np.abs(g))), step)


def log_evidence(fit: Fit) -> float:
    """Laplace log evidence  -C(w0) - 1/2 sum_j ln(h_j / lam), computed stably as log1p."""
    mu = fit.hessian_eigenvalues - fit.lam
    return -fit.cost - 0.5 * float(np.sum(np.log1p(mu / fit.lam)))


def log_evidence_ratio(fit: Fit, n_examples: int, n_classes: int = 2) -> float:
    """ln P(y|x;M) - ln P(y|x;NULL), where the null model gives each class 1/n_classes."""
    return log_evidence(fit) + n_examples * np.log(n_classes)


def accuracy(w: np.ndarray, x: np.ndarray, y: np.ndarray) -> float:
    """Fraction in [0, 1] of examples whose predicted class (p > 1/2) is y."""
    return float(np.mean(((x @ w) > 0) == (y == 1)))


def cross_entropy(w: np.ndarray, x: np.ndarray, y: np.ndarray) -> float:
    """Mean cross-entropy in nats per example."""
    return cost(w, x, y, 0.0) / len(y)


def evidence_sweep(x_train, y_train, x_test, y_test, lams) -> list[dict]:
    """One exact fit per lam (largest first, warm-started); per-example metrics for each.

    Returns one dict per lam with train/test accuracy and cross-entropy, and the log
    evidence ratio divided by N, in the order of lams given.
    """
    xtr, xte = with_bias(x_train), with_bias(x_test)
    ytr, yte = np.asarray(y_train, dtype=np.float64), np.asarray(y_test, dtype=np.float64)
    n = len(ytr)
    rows, w = {}, None
    for lam in sorted(lams, reverse=True):
        fit = minimise(xtr, ytr, lam, w_start=w)
        w = fit.w
        rows[lam] = {
            "lam": float(lam),
            "train_accuracy": accuracy(w, xtr, ytr),
            "test_accuracy": accuracy(w, xte, yte),
            "train_cross_entropy": cross_entropy(w, xtr, ytr),
            "test_cross_entropy": cross_entropy(w, xte, yte),
            "log_evidence_ratio": log_evidence_ratio(fit, n) / n,
            "occam_factor": (log_evidence(fit) + fit.cost) / n,
            "gradient_norm": fit.gradient_norm,
            "newton_steps": fit.newton_steps,
        }
    return [rows[lam] for lam in lams]
