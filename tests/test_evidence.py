"""The exact minimum and the Laplace evidence, against independent references."""
import numpy as np
import pytest
from scipy import integrate

from bayes_sgd import evidence


def _toy(n=200, d=5, seed=0, scale=1.0):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, d)) * scale
    w_true = rng.normal(size=d)
    y = (rng.random(n) < 1 / (1 + np.exp(-x @ w_true))).astype(float)
    return x, y


def test_gradient_vanishes_at_the_minimum():
    x, y = _toy(d=20)
    fit = evidence.minimise(x, y, lam=1e-3)
    assert np.max(np.abs(evidence.gradient(fit.w, x, y, 1e-3))) < 1e-8


def test_gradient_and_hessian_match_finite_differences():
    x, y = _toy(d=6)
    w = np.random.default_rng(1).normal(size=6)
    lam, h = 0.3, 1e-5
    unit = np.eye(6)
    fd_grad = [(evidence.cost(w + h * e, x, y, lam) - evidence.cost(w - h * e, x, y, lam)) / (2 * h) for e in unit]
    assert np.allclose(fd_grad, evidence.gradient(w, x, y, lam), rtol=1e-6, atol=1e-6)
    fd_hess = np.array(
        [(evidence.gradient(w + h * e, x, y, lam) - evidence.gradient(w - h * e, x, y, lam)) / (2 * h) for e in unit]
    )
    assert np.allclose(fd_hess, evidence.data_hessian(w, x) + lam * np.eye(6), rtol=1e-6, atol=1e-6)


def _log_evidence_by_quadrature(x, y, lam, w0):
    """ln of the integral of exp(-H(w)) times the N(0, 1/lam) prior density, done numerically."""
    d = x.shape[1]
    c0 = evidence.cost(w0, x, y, lam)
    log_norm = 0.5 * d * np.log(lam / (2 * np.pi))

    def integrand(*w):
        return np.exp(-(evidence.cost(np.array(w[::-1]), x, y, lam) - c0))

    width = 8 / np.sqrt(np.linalg.eigvalsh(evidence.data_hessian(w0, x) + lam * np.eye(d)).min())
    limits = [(w0[i] - width, w0[i] + width) for i in range(d)][::-1]
    if d == 1:
        value, _ = integrate.quad(lambda a: integrand(a), *limits[0], epsabs=0, epsrel=1e-10)
    else:
        value, _ = integrate.nquad(integrand, limits, opts={"epsabs": 0, "epsrel": 1e-8})
    return -c0 + log_norm + np.log(value)


@pytest.mark.parametrize("d", [1, 2])
def test_laplace_evidence_matches_quadrature(d):
    x, y = _toy(n=400, d=d, seed=2)
    lam = 0.5
    fit = evidence.minimise(x, y, lam)
    exact = _log_evidence_by_quadrature(x, y, lam, fit.w)
    # Laplace's error is O(1/N) of the log evidence; the posterior here is nearly Gaussian.
    assert abs(evidence.log_evidence(fit) - exact) < 0.02
    # and the two are not trivially equal: a wrong Occam factor would fail
    assert abs((evidence.log_evidence(fit) + 0.5 * d * np.log(2)) - exact) > 0.2


def test_minimum_matches_scikit_learn():
    from sklearn.linear_model import LogisticRegression

    x, y = _toy(n=300, d=10, seed=3)
    lam = 0.7
    xb = evidence.with_bias(x)
    fit = evidence.minimise(xb, y, lam)
    model = LogisticRegression(C=1 / lam, fit_intercept=False, tol=1e-12, max_iter=10_000).fit(xb, y)
    assert np.allclose(model.coef_[0], fit.w, atol=1e-6)


def test_null_model_ratio_counts_ln2_per_example():
    x, y = _toy(n=50, d=3)
    fit = evidence.minimise(x, y, 1.0)
    assert np.isclose(evidence.log_evidence_ratio(fit, 50) - evidence.log_evidence(fit), 50 * np.log(2))


def test_hessian_eigenvalues_are_at_least_lam():
    x, y = _toy(n=30, d=40)  # more parameters than examples: many eigenvalues equal lam
    fit = evidence.minimise(x, y, 1e-2)
    assert fit.hessian_eigenvalues.min() >= 1e-2 and np.sum(np.isclose(fit.hessian_eigenvalues, 1e-2)) >= 10


def test_lam_must_be_positive():
    x, y = _toy()
    with pytest.raises(ValueError, match="lam must be > 0"):
        evidence.minimise(x, y, 0.0)
