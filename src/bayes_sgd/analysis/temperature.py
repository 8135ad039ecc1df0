"""The temperature sweep analysed (the mechanism chapter, after Smith, Elsen & De 2020): per
training-set size N and batch size B, the best learning rate ε with its interval over seeds and
the largest stable ε; the epoch check; the ratio of the best ε between two batch sizes (T1) and
the slope of the best temperature T = ε/(B(1 − m)) against N (T2). No torch, no profile."""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .budget import stable
from .intervals import jackknife_interval
from .optimum import best_batch_size, slope_with_interval
from .records import Optimum, Slope

MIN_POINTS = 3  # training-set sizes a slope is fitted on


def largest_stable_lr(part: pd.DataFrame) -> float:
    """The largest ε up to which every run of every smaller ε is stable (finished, at most half its
    units dead): the stability edge in ε. nan when the smallest ε is not stable."""
    by_lr = part.assign(stable=stable(part)).groupby("lr")["stable"].all().sort_index()
    edge = float("nan")
    for lr, ok in by_lr.items():
        if not ok:
            break
        edge = float(lr)
    return edge


NO_STABLE_LR = "no stable ε"


@dataclass(frozen=True)
class BestLr:
    """The best ε of one (N, B): where it sits ('interior'; 'lower end' or 'upper end' of the grid,
    only a bound; 'edge-bound', at the largest stable ε; NO_STABLE_LR), the largest stable ε, and
    the optimum along ε (None where no ε is stable)."""

    state: str
    stable_edge: float
    optimum: Optimum | None


@dataclass(frozen=True)
class TemperatureSlope:
    """The slope of log10 of the best temperature on log10 N (fit), the N it is fitted on and the
    best temperature at each."""

    fit: Slope
    sizes: tuple[int, ...]
    best_temperature: dict = field(hash=False)


def best_lr(part: pd.DataFrame) -> BestLr:
    """The best ε of one (N, B) with its interval (optimum.best_batch_size along ε) and where it sits."""
    edge = largest_stable_lr(part)
    if np.isnan(edge):
        return BestLr(NO_STABLE_LR, edge, None)
    best = best_batch_size(part, column="lr")
    lrs = sorted(part["lr"].unique())
    if best.grid_best == lrs[0]:
        state = "lower end"
    elif best.grid_best == lrs[-1]:
        state = "upper end"
    elif best.grid_best >= edge:
        state = "edge-bound"
    else:
        state = "interior"
    return BestLr(state, edge, best)


def best_lrs(runs: pd.DataFrame) -> dict[tuple[int, int], BestLr]:
    """best_lr for every (N, B) of a family's runs."""
    return {(int(n), int(b)): best_lr(part) for (n, b), part in runs.groupby(["n_train", "batch_size"])}


def usable(best: BestLr | None) -> bool:
    """An optimum that measures the noise: interior, below the stability edge."""
    return best is not None and best.state == "interior"


def optimum_of(best: BestLr | None) -> Optimum | None:
    """The optimum along ε of a (N, B), None where it was not trained or no ε is stable."""
    return None if best is None else best.optimum


def epoch_check(at_e: dict[tuple[int, int], BestLr], at_2e: dict[tuple[int, int], BestLr]) -> dict[int, dict]:
    """Per batch size at the checked N: the best ε at E and at 2E epochs, and whether it stayed
    (the 2E optimum inside the 95% interval of the E one)."""
    out = {}
    for (n, b), twice in at_2e.items():
        once = at_e[(n, b)]
        stayed = (once.optimum is not None and twice.optimum is not None
                  and once.optimum.fit_low <= twice.optimum.fit_best <= once.optimum.fit_high)
        out[b] = {"n_train": n, "at_e": once, "at_2e": twice, "stayed": bool(stayed)}
    return out


def lr_ratio(bests: dict[tuple[int, int], BestLr], small: int, large: int) -> dict | None:
    """The best ε at B = large over the best ε at B = small, geometric mean over the N where both
    optima are usable, with a 95% jackknife interval over seeds; None where no N has both."""
    sizes = sorted(n for n, b in bests if b == small and usable(bests[(n, small)]) and usable(bests.get((n, large))))
    if not sizes:
        return None
    at_large, at_small = ([bests[(n, b)].optimum for n in sizes] for b in (large, small))
    logs = [np.log10(a.fit_best) - np.log10(b.fit_best) for a, b in zip(at_large, at_small)]
    leave_out = np.mean([np.subtract(a.leave_one_out_log10_best, b.leave_one_out_log10_best)
                         for a, b in zip(at_large, at_small)], axis=0)
    estimate = float(np.mean(logs))
    interval = jackknife_interval(estimate, leave_out)
    return {"ratio": 10 ** estimate, "low": 10 ** interval["low"], "high": 10 ** interval["high"],
            "log10_ratio": estimate, "leave_one_out_log10_ratio": leave_out.tolist(),
            "sizes": sizes, "per_size": {n: 10 ** v for n, v in zip(sizes, logs)}}


def temperature_slope(bests: dict[tuple[int, int], BestLr], momentum: float) -> TemperatureSlope | None:
    """Log-log slope of the best temperature T = ε/(B(1 − m)) on N: at each N the mean of log10 T
    over the batch sizes (all usable there), through the fitted optima, with a jackknife interval
    over seeds; None with fewer than MIN_POINTS such N."""
    batch_sizes = sorted({b for _, b in bests})
    sizes = sorted(n for n in {n for n, _ in bests} if all(usable(bests.get((n, b))) for b in batch_sizes))
    if len(sizes) < MIN_POINTS:
        return None

    def log_t(n, values):
        return np.mean([np.asarray(values(bests[(n, b)].optimum)) - np.log10(b * (1 - momentum))
                        for b in batch_sizes], axis=0)

    fit = slope_with_interval(sizes, [log_t(n, lambda x: np.log10(x.fit_best)) for n in sizes],
                              np.array([log_t(n, lambda x: x.leave_one_out_log10_best) for n in sizes]))
    return TemperatureSlope(fit, tuple(sizes),
                            {n: float(10 ** log_t(n, lambda x: np.log10(x.fit_best))) for n in sizes})


def reading_of_slope(low: float, high: float) -> str:
    """What an interval of the best temperature's slope on N says, in words."""
    if low <= -1 <= high and low <= 0 <= high:
        return "too wide to tell −1 (B_opt ∝ N) from 0 (a best noise that does not depend on N)"
    if low <= -1 <= high:
        return "consistent with −1: the best temperature falls as 1/N, so B_opt ∝ N at fixed ε (the paper's rule)"
    if low <= 0 <= high:
        return "consistent with 0: the best temperature does not depend on N"
    if -1 < low and high < 0:
        return "between −1 and 0: a power law, B_opt ∝ N^α with α < 1"
    return "outside [−1, 0]"


def best_lr_table(bests: dict[tuple[int, int], BestLr], momentum: float) -> pd.DataFrame:
    """Per N and B: the best ε (grid, fit with interval), its temperature, the largest stable ε and
    where the best sits; 'no stable ε' where none trains."""
    rows = []
    for (n, b), best in sorted(bests.items()):
        row = {"N": n, "B": b, "largest stable ε": "none" if np.isnan(best.stable_edge) else f"{best.stable_edge:g}"}
        o = best.optimum
        if o is None:
            rows.append({**row, "best ε (grid)": NO_STABLE_LR, "best ε (fit, 95% interval)": "—",
                         "best T = ε/(B(1 − m))": "—", "where": best.state})
            continue
        rows.append({**row, "best ε (grid)": f"{o.grid_best:g}",
                     "best ε (fit, 95% interval)": f"{o.fit_best:.3g} ({o.fit_low:.3g} to {o.fit_high:.3g})",
                     "best T = ε/(B(1 − m))": f"{o.fit_best / (b * (1 - momentum)):.3g}",
                     "where": best.state,
                     "test accuracy there": round(o.best_mean_accuracy, 4)})
    return pd.DataFrame(rows)


def epoch_check_table(check: dict[int, dict], epochs: int) -> pd.DataFrame:
    """The epoch check per batch size: best ε at E and 2E epochs and whether it stayed."""
    def best(b: BestLr) -> str:
        o = b.optimum
        return NO_STABLE_LR if o is None else f"{o.fit_best:.3g} ({o.fit_low:.3g} to {o.fit_high:.3g})"

    return pd.DataFrame([{"N": c["n_train"], "B": b, f"best ε at {epochs} epochs (95% interval)": best(c["at_e"]),
                          f"at {2 * epochs} epochs": best(c["at_2e"]), "stayed": c["stayed"]}
                         for b, c in sorted(check.items())])
