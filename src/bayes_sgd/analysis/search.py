"""Find each curve's optimum batch size by a search along a ladder of batch sizes in log B,
instead of training the whole grid, so that large training sets are affordable.

A curve starts from a few ladder values (around the noise scale's prediction, say). Each
round trains, on every seed, the untried ladder neighbours of the curve's best batch size
so far (highest mean test accuracy over seeds), and steps down the ladder from the smallest
batch size tried until one does not train, so that the trainability edge is bracketed too.
A curve is done when its best batch size has both neighbours tried (its interval is one
ladder step wide, the paper's error bar) and the edge is bracketed. All curves advance
together, one sweep per round, so the runs of a round train in parallel.

Where a family has a fine ladder (ScalingSetup.fine_ladder, at most a factor 2 between steps),
the search is followed by a refinement: every fine-ladder batch size from just below the
stability edge to one coarse step above the best batch size, so that the optimum can be told
from its edge (refined_results).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..runs import RunConfig
from .edge import trains
from .frames import runs_frame

MAX_ROUNDS = 12


@dataclass
class CurveSearch:
    """The search along one curve. configs(B) gives the runs (one per seed) of batch size B."""

    ladder: tuple[int, ...]
    start: tuple[int, ...]
    configs: Callable[[int], list[RunConfig]]
    results: list[dict] = field(default_factory=list)

    def tried(self) -> pd.DataFrame:
        return runs_frame(self.results) if self.results else pd.DataFrame(columns=["batch_size"])

    def next_batch_sizes(self) -> list[int]:
        """The ladder values to train next; [] when the search is done."""
        frame = self.tried()
        if frame.empty:
            return sorted(set(self.start))
        tried = set(frame["batch_size"].astype(int))
        means = frame.groupby("batch_size")["test_accuracy"].mean()
        best = self.ladder.index(int(means.idxmax()))
        wanted = {self.ladder[j] for j in (best - 1, best + 1) if 0 <= j < len(self.ladder)}
        smallest = self.ladder.index(min(tried))
        all_train = frame[frame["batch_size"] == min(tried)].pipe(trains).all()
        if all_train and smallest > 0:  # the edge lies further down: step down until a batch size does not train
            wanted.add(self.ladder[smallest - 1])
        return sorted(wanted - tried)


def search(curves: dict, train: Callable[[list[RunConfig]], list[dict]], max_rounds: int = MAX_ROUNDS) -> dict:
    """Run every curve's search to its end; returns each curve's results (the runs it trained).

    curves: CurveSearch per key. train: trains a list of runs and returns their results in
    order (sweep.run_sweep through the cache, so an interrupted search resumes for free)."""
    for _ in range(max_rounds):
        wanted = [(key, c) for key, curve in curves.items() for b in curve.next_batch_sizes() for c in curve.configs(b)]
        if not wanted:
            break
        for (key, _config), result in zip(wanted, train([c for _key, c in wanted])):
            curves[key].results.append(result)
    else:
        if any(curve.next_batch_sizes() for curve in curves.values()):
            raise RuntimeError(f"the batch-size search did not settle within {max_rounds} rounds")
    return {key: curve.results for key, curve in curves.items()}


def nearest_on_ladder(ladder: tuple[int, ...], value: float) -> int:
    """The ladder value nearest to value in log B."""
    return min(ladder, key=lambda b: abs(np.log(b) - np.log(value)))


def start_around(ladder: tuple[int, ...], predicted: float, spread: int = 1) -> tuple[int, ...]:
    """The ladder value nearest the prediction and `spread` ladder steps either side of it."""
    i = ladder.index(nearest_on_ladder(ladder, predicted))
    return tuple(ladder[j] for j in range(max(i - spread, 0), min(i + spread + 1, len(ladder))))


def scaling_results(setup, train: Callable[[list[RunConfig]], list[dict]]) -> list[dict]:
    """The results of a scaling figure (5, 6 or 7): each curve searched along its grid from the
    batch size the noise-scale window predicts (ScalingSetup.predicted_batch_size)."""
    return family_results([setup], train)[0]


def family_results(setups: list, train: Callable[[list[RunConfig]], list[dict]]) -> list[list[dict]]:
    """The results of several families of curves (ScalingSetup), searched together so that
    each round is one sweep over every family; one list of results per family."""
    curves = {(i, curve): CurveSearch(curve.batch_sizes,
                                      start_around(curve.batch_sizes, setup.predicted_batch_size(curve)),
                                      lambda b, setup=setup, curve=curve: setup.curve_runs(curve, b))
              for i, setup in enumerate(setups) for curve in setup.curves}
    found = search(curves, train)
    return [[r for curve in setup.curves for r in found[(i, curve)]] for i, setup in enumerate(setups)]


def curve_frame(frame: pd.DataFrame, curve) -> pd.DataFrame:
    """The runs of one curve (setups.scaling.Curve) in a family's runs_frame."""
    return frame[(frame["n_train"] == curve.n_train) & (frame["lr"] == curve.lr)
                 & (frame["momentum"] == curve.momentum) & (frame["steps"] == curve.steps)]


def refine_sizes(frame: pd.DataFrame, coarse: tuple[int, ...], fine: tuple[int, ...]) -> list[int]:
    """The fine-ladder batch sizes one curve still lacks: those above the largest tried batch size
    below the stability edge (or the smallest tried, where every one is stable) up to one coarse
    step above the best (highest mean test accuracy over seeds)."""
    from .budget import stability_edge

    tried = sorted(int(b) for b in frame["batch_size"].unique())
    best = int(frame.groupby("batch_size")["test_accuracy"].mean().idxmax())
    above = [b for b in coarse if b > best]
    high = above[0] if above else best
    edge = stability_edge(frame)
    unstable = [b for b in tried if np.isnan(edge) or b < edge]
    low = unstable[-1] if unstable else tried[0]
    return [b for b in fine if low < b <= high and b not in tried]


def refined_results(families: list[tuple], train: Callable[[list[RunConfig]], list[dict]],
                    max_rounds: int = 3) -> list[list[dict]]:
    """For each (setup, its results) whose setup has a fine ladder: the results with every curve
    refined (refine_sizes), all curves in one sweep, and again while the new points leave a curve
    lacking one (the stability edge can move with them). Setups without a fine ladder keep their
    results."""
    out = [list(results) for _, results in families]
    for done in range(max_rounds + 1):
        wanted = _refinements(families, out)
        if not wanted:
            return out
        if done == max_rounds:
            break
        for (i, _config), result in zip(wanted, train([c for _, c in wanted])):
            out[i].append(result)
    raise RuntimeError(f"the refinement did not settle within {max_rounds} rounds")


def _refinements(families: list[tuple], out: list[list[dict]]) -> list[tuple[int, RunConfig]]:
    """The runs each family's curves still lack on their fine ladder (refine_sizes), with the
    index of their family."""
    wanted = []
    for i, (setup, _) in enumerate(families):
        if setup.fine_ladder is None:
            continue
        frame = runs_frame(out[i])
        for curve in setup.curves:
            mine = curve_frame(frame, curve)
            if not mine.empty:
                wanted += [(i, c) for b in refine_sizes(mine, curve.batch_sizes, setup.fine_sizes(curve))
                           for c in setup.curve_runs(curve, b)]
    return wanted


def doubled_results(families: list[tuple], train: Callable[[list[RunConfig]], list[dict]]) -> list[list[dict]]:
    """The results of the budget test of several families, searched together: for each (setup,
    its results), every curve of setup.doubled_budget() searched from the batch sizes that
    analysis.budget.doubled_start picks on the curve's results at the base budget, so that the
    optimum at twice the updates is bracketed as the base one is. One list per family."""
    from .budget import doubled_start

    curves = {}
    for i, (base, base_results) in enumerate(families):
        frame, doubled = runs_frame(base_results), base.doubled_budget()
        for curve, twice in zip(base.curves, doubled.curves):
            mine = curve_frame(frame, curve)
            curves[(i, twice)] = CurveSearch(base.ladder(curve), doubled_start(mine, base.ladder(curve)),
                                             lambda b, doubled=doubled, twice=twice: doubled.curve_runs(twice, b))
    found = search(curves, train)
    return [[r for twice in base.doubled_budget().curves for r in found[(i, twice)]]
            for i, (base, _results) in enumerate(families)]


def cliff_results(families: list[tuple], train: Callable[[list[RunConfig]], list[dict]]) -> list[list[dict]]:
    """For each (setup, its results): the results with every curve that has any also trained at its
    cliff batch sizes (ScalingSetup.cliff_sizes) on every seed, whatever its search found; the runs
    of all families in one sweep, none trained twice."""
    out, wanted = [list(results) for _, results in families], []
    for i, (setup, results) in enumerate(families):
        if not results:
            continue  # no curve of this family reached this budget
        frame = runs_frame(results)
        have = set(zip(frame["batch_size"], frame["seed"], frame["n_train"], frame["steps"]))
        curves = tuple(c for c in setup.curves if not curve_frame(frame, c).empty)
        wanted += [(i, c) for c in setup.cliff_runs(curves) if (c.batch_size, c.seed, c.n_train, c.steps) not in have]
    for (i, _config), result in zip(wanted, train([c for _, c in wanted]) if wanted else []):
        out[i].append(result)
    return out
