"""The batch-size search against the full grid on the default book's curves (issue 10).

Run after a book built with the whole grids is in the cache (`bayes-sgd run fig5` etc. train
only the searches' runs; nothing trains here):

    .venv/bin/python benchmarks/bench_search.py [--profile default]

For every curve of Figures 5-7, the search the pages run (search.scaling_results) walks the
curve's own grid (the same ladder, so the same one-step interval) from the batch size whose
noise scale is the centre of the profile's window. The grid's runs are replayed from the
cache. It prints the runs and core-seconds (the training seconds the cache stored) of the
search beside the whole grid's, and whether the search found the grid's best batch size and
trainability edge.
"""
from __future__ import annotations

import argparse
import os
from dataclasses import replace
from pathlib import Path

from bayes_sgd import analysis, figures, scaling, search, sweep
from bayes_sgd.cache import ResultsCache
from bayes_sgd.data import default_cache_dir


def cached(cache: ResultsCache, configs) -> list[dict]:
    results = [cache.load(sweep.run_key(c)) for c in configs]
    if any(r is None for r in results):
        raise SystemExit(f"{sum(r is None for r in results)} runs are not in {cache.folder}: run `make book` first")
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--profile", default="default", choices=("smoke", "default"))
    args = parser.parse_args()
    cache = ResultsCache(Path(os.environ.get("BAYES_SGD_CACHE", default_cache_dir())) / "results")
    print("| figure | curve | grid: runs, core-s | search: runs, core-s | best B grid / search | B_edge grid / search |")
    print("|---|---|---|---|---|---|")
    totals = [0, 0.0, 0, 0.0]
    for key in scaling.FIGURES:
        setup = figures.setup(key, args.profile)
        spec = scaling.FIGURES[key]
        for curve in setup.curves:
            grid = cached(cache, [r for b in curve.batch_sizes for r in setup.curve_runs(curve, b)])
            one = replace(setup, curves=(curve,))
            found = search.scaling_results(one, lambda configs: cached(cache, configs))
            full, part = analysis.runs_frame(grid), analysis.runs_frame(found)
            row = [len(grid), sum(r["seconds"] for r in grid), len(found), sum(r["seconds"] for r in found)]
            totals = [t + v for t, v in zip(totals, row)]
            print(f"| {key} | {spec['symbol']} = {curve.value(spec['field']):g} | {row[0]}, {row[1]:.0f} | "
                  f"{row[2]}, {row[3]:.0f} | {analysis.best_batch_size(full)['grid_best']:g} / "
                  f"{analysis.best_batch_size(part)['grid_best']:g} | {analysis.trainability_edge(full)['edge']:g} / "
                  f"{analysis.trainability_edge(part)['edge']:g} |")
    print(f"\nall curves: grid {totals[0]} runs, {totals[1]:.0f} core-s; search {totals[2]} runs, {totals[3]:.0f} core-s "
          f"({totals[3] / totals[1]:.0%} of the grid's core-seconds)")


if __name__ == "__main__":
    main()
