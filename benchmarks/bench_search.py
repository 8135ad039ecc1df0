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


class NotCached(LookupError):
    """Runs of a grid that are not in the cache (the search does not train whole grids)."""


def cached(cache: ResultsCache, configs) -> list[dict]:
    results = [cache.load(sweep.run_key(c)) for c in configs]
    if any(r is None for r in results):
        raise NotCached(f"{sum(r is None for r in results)} of {len(results)} runs")
    return results


def compare(cache: ResultsCache, key: str, setup, curve) -> list | None:
    """Runs and core-seconds of the curve's whole grid and of its search, and a table row;
    None when the grid is not in the cache."""
    spec = scaling.FIGURES[key]
    name = f"{key} ({setup.title()})"
    try:
        grid = cached(cache, [r for b in curve.batch_sizes for r in setup.curve_runs(curve, b)])
    except NotCached as missing:
        print(f"| {name} | {spec['symbol']} = {curve.value(spec['field']):g} | whole grid not in the cache ({missing}) "
              "| | | |")
        return None
    found = search.scaling_results(replace(setup, curves=(curve,)), lambda configs: cached(cache, configs))
    full, part = analysis.runs_frame(grid), analysis.runs_frame(found)
    row = [len(grid), sum(r["seconds"] for r in grid), len(found), sum(r["seconds"] for r in found)]
    print(f"| {name} | {spec['symbol']} = {curve.value(spec['field']):g} | {row[0]}, {row[1]:.0f} | "
          f"{row[2]}, {row[3]:.0f} | {analysis.best_batch_size(full)['grid_best']:g} / "
          f"{analysis.best_batch_size(part)['grid_best']:g} | {analysis.trainability_edge(full)['edge']:g} / "
          f"{analysis.trainability_edge(part)['edge']:g} |")
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--profile", default="default", choices=("smoke", "default"))
    args = parser.parse_args()
    cache = ResultsCache(Path(os.environ.get("BAYES_SGD_CACHE", default_cache_dir())) / "results")
    print("| figure | curve | grid: runs, core-s | search: runs, core-s | best B grid / search | B_edge grid / search |")
    print("|---|---|---|---|---|---|")
    totals = [0, 0.0, 0, 0.0]
    for key in scaling.FIGURES:
        for setup in figures.scaling_parts(key, figures.setup(key, args.profile)).values():
            for curve in setup.curves:
                row = compare(cache, key, setup, curve)
                if row is not None:
                    totals = [t + v for t, v in zip(totals, row)]
    if totals[0]:
        print(f"\nall curves with a whole grid: grid {totals[0]} runs, {totals[1]:.0f} core-s; search {totals[2]} "
              f"runs, {totals[3]:.0f} core-s ({totals[3] / totals[1]:.0%} of the grid's core-seconds)")


if __name__ == "__main__":
    main()
