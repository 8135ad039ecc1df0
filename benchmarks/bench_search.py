"""The batch-size search against the full grid on the default book's curves (issue 10).

Run after `make book` (it replays the runs the book stored in the results cache; nothing trains):

    .venv/bin/python benchmarks/bench_search.py [--profile default]

For every curve of Figures 5-7, the search walks the curve's own grid (the same ladder, so
the same one-step interval) from the noise scale's prediction: the ladder value whose g =
εN/(B(1-m)) is that of Figure 4's optimum at ε = 0.1, and its neighbours. It prints the runs
and core-seconds (the training seconds the cache stored) of the search beside the grid's,
and whether the search found the grid's best batch size and trainability edge.
"""
from __future__ import annotations

import argparse
import os
from pathlib import Path

from bayes_sgd import analysis, figures, scaling, search, sweep
from bayes_sgd.cache import ResultsCache
from bayes_sgd.data import default_cache_dir


def cached(cache: ResultsCache, configs) -> list[dict]:
    results = [cache.load(sweep.run_key(c)) for c in configs]
    if any(r is None for r in results):
        raise SystemExit(f"{sum(r is None for r in results)} runs are not in {cache.folder}: run `make book` first")
    return results


def best_noise_scale(cache: ResultsCache, profile: str) -> float:
    """g at Figure 4's best batch size at ε = 0.1 (the prediction every curve starts from)."""
    setup = figures.setup("fig4", profile)
    runs = [c for c in figures.runs_of("fig4", setup) if c.lr == 0.1]
    best = analysis.best_batch_size(analysis.runs_frame(cached(cache, runs)))["grid_best"]
    return 0.1 * setup.n_train / (best * (1 - setup.momentum))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--profile", default="default", choices=("smoke", "default"))
    args = parser.parse_args()
    cache = ResultsCache(Path(os.environ.get("BAYES_SGD_CACHE", default_cache_dir())) / "results")
    g_best = best_noise_scale(cache, args.profile)
    print(f"start: the ladder value where g = {g_best:.3g} (Figure 4's optimum at ε = 0.1) and its neighbours\n")
    print("| figure | curve | grid: runs, core-s | search: runs, core-s | best B grid / search | B_edge grid / search |")
    print("|---|---|---|---|---|---|")
    totals = [0, 0.0, 0, 0.0]
    for key in scaling.FIGURES:
        setup = figures.setup(key, args.profile)
        spec = scaling.FIGURES[key]
        for curve in setup.curves:
            grid = [c for c in setup.runs() if (c.lr, c.momentum, c.n_train, c.steps)
                    == (curve.lr, curve.momentum, curve.n_train, curve.steps)]
            grid_results = cached(cache, grid)
            by_size = {b: [c for c in grid if c.batch_size == b] for b in curve.batch_sizes}
            predicted = curve.lr * curve.n_train / (g_best * (1 - curve.momentum))
            walk = search.CurveSearch(curve.batch_sizes, search.start_around(curve.batch_sizes, predicted),
                                      by_size.__getitem__)
            found = search.search({0: walk}, lambda configs: cached(cache, configs))[0]
            full, part = analysis.runs_frame(grid_results), analysis.runs_frame(found)
            row = [len(grid_results), sum(r["seconds"] for r in grid_results), len(found), sum(r["seconds"] for r in found)]
            totals = [t + v for t, v in zip(totals, row)]
            print(f"| {key} | {spec['symbol']} = {curve.value(spec['field']):g} | {row[0]}, {row[1]:.0f} | "
                  f"{row[2]}, {row[3]:.0f} | {analysis.best_batch_size(full)['grid_best']:g} / "
                  f"{analysis.best_batch_size(part)['grid_best']:g} | {analysis.trainability_edge(full)['edge']:g} / "
                  f"{analysis.trainability_edge(part)['edge']:g} |")
    print(f"\nall curves: grid {totals[0]} runs, {totals[1]:.0f} core-s; search {totals[2]} runs, {totals[3]:.0f} core-s "
          f"({totals[3] / totals[1]:.0%} of the grid's core-seconds)")


if __name__ == "__main__":
    main()
