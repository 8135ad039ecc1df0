"""The pooled slope (analysis.pooled): one shared parabola in log B over a family's curves."""
from dataclasses import asdict

import numpy as np
import pandas as pd
import pytest

from bayes_sgd.analysis import pooled
from bayes_sgd.pages.scaling import Family
from bayes_sgd.runs import RunConfig

LADDER = (10, 30, 100, 300, 1000, 3000, 10_000)


def _family(slope: float, noise: float = 0.002, seeds: int = 5, rng_seed: int = 0) -> dict[float, pd.DataFrame]:
    """Curves whose true optimum is 100·x^slope on a half-decade ladder, seeds with Gaussian noise."""
    rng = np.random.default_rng(rng_seed)
    curves = {}
    for i, x in enumerate((1.0, 2.0, 4.0, 8.0)):
        peak = 2 + slope * np.log10(x)
        rows = [{"batch_size": b, "seed": s, "test_accuracy": 0.85 + 0.01 * i - 0.03 * (np.log10(b) - peak) ** 2
                 + noise * rng.normal()} for b in LADDER for s in range(seeds)]
        curves[x] = pd.DataFrame(rows)
    return curves


@pytest.mark.parametrize("slope", [1.0, 0.5, 0.0])
def test_the_pooled_slope_recovers_the_vertex_motion_it_was_made_with(slope):
    """Fails if the shared parabola's vertex does not move as x^s, or its interval misses the truth."""
    fit = pooled.pooled_slope(_family(slope))
    assert fit.slope == pytest.approx(slope, abs=0.1)
    assert fit.slope_low < slope < fit.slope_high and fit.seeds == 5 and fit.se > 0


def test_without_noise_the_fit_is_exact_and_with_two_curves_there_is_none():
    exact = pooled.pooled_slope(_family(0.8, noise=0.0, seeds=3))
    assert exact.slope == pytest.approx(0.8, abs=1e-6)
    two = dict(list(_family(1.0).items())[:2])
    assert pooled.pooled_slope(two) is None


def test_points_far_from_a_curves_top_are_left_out():
    """Fails if a failed run two decades below the top (accuracy 0.1) pulls the shared parabola."""
    clean = _family(1.0, noise=0.0, seeds=3)
    spoiled = {x: pd.concat([f, pd.DataFrame([{"batch_size": 1, "seed": s, "test_accuracy": 0.1} for s in range(3)])])
               for x, f in clean.items()}
    assert pooled.pooled_slope(spoiled).slope == pytest.approx(1.0, abs=1e-6)


def test_a_scaling_pages_family_gives_its_pooled_slope_beside_the_vertex_slope():
    """Fails if the page's family never fits the pooled slope (it once sat after a return), or fits
    it on other curves than the vertex slope's."""
    def result(c: RunConfig, rng=np.random.default_rng(1)) -> dict:  # noqa: B008 (one generator for every call)
        peak = np.log10(1000 * c.lr)  # the optimum moves as ε^1
        accuracy = 0.9 - 0.03 * (np.log10(c.batch_size) - peak) ** 2 + 0.002 * rng.normal()
        return {"config": asdict(c), "status": "ok", "final_test_accuracy": accuracy, "final_train_accuracy": 1.0,
                "final_test_loss": 0.3, "final_dead_fraction": 0.0}
    results = [result(RunConfig(batch_size=b, lr=lr, seed=s))
               for lr in (0.025, 0.05, 0.1, 0.2) for b in LADDER[:-1] for s in range(3)]
    family = Family("fig5", "C8", None, results)
    fit = family.fits.optimum or family.fits.provisional
    assert family.fits.pooled is not None and family.fits.pooled.curves == fit.curves
    assert family.fits.pooled.slope == pytest.approx(1.0, abs=0.2)
