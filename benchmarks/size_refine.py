"""Sizing the finer ladder (`bayes-sgd run FIGURE --refine`) before computing it: the runs it adds
to the default profile of Figures 5, 6 and 7, per curve and budget, and their core-hours.

    BAYES_SGD_CACHE=.cache .venv/bin/python benchmarks/size_refine.py   # after make book has imported results/

Nothing trains. The search and its refinement (analysis.search.refined_results) walk the default
setup with refine=True on the cache; a run the cache lacks is counted and stood in for by the
cached run of the same curve and seed at the nearest batch size, so that the refinement's later
rounds (which depend on the new points) can be walked too: those rounds are an estimate.

Core-hours, two ways: the cost model of size_design.py (fitted to Figure 6's N = 32,000 runs, the
only ones timed one process per core), and the seconds the curve's archived runs recorded,
interpolated in log B (most of them ran about two processes to a core, so an upper bound).
"""
from __future__ import annotations

import collections
import math
import sys
from dataclasses import asdict, replace

import pandas as pd
from size_design import FAMILIES, cached_only, levels_of, timed_model

from bayes_sgd import figures
from bayes_sgd.execution import sweep
from bayes_sgd.execution.results import results_cache
from bayes_sgd.figures import kinds

CURVE = ("n_train", "lr", "momentum", "steps")


def nearest_cached(cache, config, ladder: tuple[int, ...]) -> tuple[dict, float]:
    """The cached result of the same curve and seed at the batch size nearest in log B, and the
    seconds interpolated in log B between the two nearest cached ones."""
    found = sorted(((b, r) for b in ladder if (r := cache.load(sweep.run_key(replace(config, batch_size=b))))),
                   key=lambda t: abs(math.log(t[0] / config.batch_size)))
    if not found:
        raise LookupError(f"no cached run of this curve and seed: {config}; import results/ first")
    (b1, r1), *rest = found
    if not rest:
        return r1, r1["seconds"] * config.batch_size / b1
    b2, r2 = rest[0]
    slope = math.log(r2["seconds"] / r1["seconds"]) / math.log(b2 / b1)
    return r1, r1["seconds"] * (config.batch_size / b1) ** slope


class Walk:
    """A trainer for figures.results_of that trains nothing: cached runs are returned, the others
    recorded (with their interpolated seconds) and stood in for."""

    def __init__(self, cache, ladder: tuple[int, ...]):
        self.cache, self.ladder, self.added = cache, ladder, []

    def trainer(self, figure, device, scheduler):
        def run(configs):
            out = []
            for c in configs:
                result = self.cache.load(sweep.run_key(c))
                if result is None:
                    near, seconds = nearest_cached(self.cache, c, self.ladder)
                    self.added.append({**asdict(c), "as_timed": seconds})
                    result = {**near, "config": asdict(c), "seconds": seconds}
                out.append(result)
            return out
        return run


def added_runs(figure: str, cache, ladder: tuple[int, ...]) -> pd.DataFrame:
    walk = Walk(cache, ladder)
    kinds.train, saved = walk.trainer, kinds.train
    try:
        figures.results_of(figure, figures.setup(figure, "default", refine=True))
    finally:
        kinds.train = saved
    return pd.DataFrame(walk.added)


def families(figure: str) -> dict[tuple, str]:
    """Each curve of the refined default setup, (N, lr, m, updates, hidden layer), named by its
    family's claim and budget ('C8 at U', 'C8 at 2U', 'C8 alive at U'); the first name of a shared curve."""
    names = {}
    for claim, part in figures.scaling_parts(figure, figures.setup(figure, "default", refine=True)).items():
        alive = part.alive_setup()
        named = [(f"{claim} at {2 ** k}U".replace(" 1U", " U"), level) for k, level in enumerate(part.budget_levels())]
        for name, level in named + ([(f"{claim} alive at U", alive)] if alive else []):
            for c in level.curves:
                names.setdefault((c.n_train, c.lr, c.momentum, c.steps, level.activation), name)
    return names


def main() -> None:
    cache = results_cache()
    cached_only.run_sweep, sweep.run_sweep = sweep.run_sweep, cached_only
    model = timed_model(levels_of("C9"))
    sweep.run_sweep = cached_only.run_sweep
    ladder = tuple(sorted({c.batch_size for key in FAMILIES.values() for c in figures.runs(key, "default", refine=True)}))
    total = collections.Counter()
    for figure in (sys.argv[1:] or FAMILIES.values()):
        runs = added_runs(figure, cache, ladder)
        if runs.empty:
            print(f"{figure}: nothing to add")
            continue
        runs["model"] = [model.seconds(r.batch_size, r.steps, r.n_train) for r in runs.itertuples()]
        named = families(figure)
        runs["family"] = [named.get((r.n_train, r.lr, r.momentum, r.steps, r.activation), "?")
                          for r in runs.itertuples()]
        print(f"\n{figure} --refine: {len(runs)} runs, {runs.model.sum() / 3600:.1f} core-hours by the model "
              f"({runs.as_timed.sum() / 3600:.1f} at the archived runs' timed rate)")
        table = runs.groupby(["family", *CURVE]).agg(runs=("seed", "size"),
                                                      batch_sizes=("batch_size", lambda b: sorted(set(b))),
                                                      model_h=("model", lambda s: round(s.sum() / 3600, 2)),
                                                      as_timed_h=("as_timed", lambda s: round(s.sum() / 3600, 2)))
        print(table.to_string())
        at_u = runs[runs.family.str.endswith(" at U")]
        print(f"  at U only: {len(at_u)} runs, {at_u.model.sum() / 3600:.1f} core-hours by the model; "
              f"ReLU at U only: {at_u[at_u.activation == 'relu'].model.sum() / 3600:.1f}")
        total.update({"runs": len(runs), "model": runs.model.sum(), "U": at_u.model.sum(),
                      "U relu": at_u[at_u.activation == "relu"].model.sum()})
    print(f"\nall: {total['runs']} runs, {total['model'] / 3600:.1f} core-hours by the model; at U only "
          f"{total['U'] / 3600:.1f}, ReLU at U only {total['U relu'] / 3600:.1f}")


if __name__ == "__main__":
    main()
