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

Where a curve's whole grid was never trained (Figure 6's Fashion-MNIST families: training it
is what the search saves), the grid's missing runs are priced, not run: a line in B fitted to
the seconds of the search's own runs of that curve (same N, updates and evaluations; a run's
cost is a fixed part plus a part per example of a batch). Those rows say "estimated", and
have no best B or edge of the grid to compare.
"""
from __future__ import annotations

import argparse
import os
from dataclasses import replace
from pathlib import Path

import numpy as np

from bayes_sgd import figures
from bayes_sgd.analysis import edge as edge_analysis
from bayes_sgd.analysis import frames, optimum, search
from bayes_sgd.data import default_cache_dir
from bayes_sgd.execution import sweep
from bayes_sgd.execution.cache import ResultsCache
from bayes_sgd.runs import RunConfig
from bayes_sgd.setups import scaling


class NotCached(LookupError):
    """Runs the search needs that are not in the cache (nothing trains here)."""


def cached(stored: dict, configs) -> list[dict]:
    """The stored results of configs (stored: result or None by configuration)."""
    results = [stored[c] for c in configs]
    if any(r is None for r in results):
        raise NotCached(f"{sum(r is None for r in results)} of {len(results)} runs")
    return results


def seconds_by_batch_size(found: list[dict]) -> np.ndarray:
    """Coefficients of a line, seconds per run against B, fitted to a curve's searched runs
    (only runs that ran their whole budget: a diverged run stops early)."""
    done = [r for r in found if r["status"] == "ok"] or found
    sizes = np.array([r["config"]["batch_size"] for r in done], dtype=float)
    seconds = np.array([r["seconds"] for r in done])
    if len(set(sizes)) < 2:
        return np.array([0.0, seconds.mean()])
    return np.polyfit(sizes, seconds, 1)


def compare(cache: ResultsCache, key: str, setup, curve) -> tuple[dict, dict, set]:
    """The curve's whole grid and its search, printed as a table row; returns the core-seconds
    of each run of the grid (its untrained runs estimated) and of the search, by configuration,
    and the grid's runs that were estimated."""
    spec = scaling.VARIED[key]
    configs = [r for b in curve.batch_sizes for r in setup.curve_runs(curve, b)]
    stored = {c: cache.load(sweep.run_key(c)) for c in configs}  # each run read once, for grid and search
    found = search.scaling_results(replace(setup, curves=(curve,)), lambda runs: cached(stored, runs))
    line = seconds_by_batch_size(found)
    grid = {c: r["seconds"] if r is not None else max(float(np.polyval(line, c.batch_size)), 0.0)
            for c, r in stored.items()}
    searched = {RunConfig(**r["config"]): r["seconds"] for r in found}
    missing = {c for c, r in stored.items() if r is None}
    part = frames.runs_frame(found)
    if missing:
        best = f"not trained / {optimum.best_batch_size(part).grid_best:g}"
        edge = f"not trained / {edge_analysis.trainability_edge(part).edge:g}"
    else:
        full = frames.runs_frame(list(stored.values()))
        best = f"{optimum.best_batch_size(full).grid_best:g} / {optimum.best_batch_size(part).grid_best:g}"
        edge = f"{edge_analysis.trainability_edge(full).edge:g} / {edge_analysis.trainability_edge(part).edge:g}"
    estimated = f" ({len(missing)} runs estimated)" if missing else ""
    print(f"| {key} ({setup.title()}) | {spec['symbol']} = {curve.value(spec['field']):g} | {len(grid)}, "
          f"{sum(grid.values()):.0f}{estimated} | {len(searched)}, {sum(searched.values()):.0f} | {best} | {edge} |")
    return grid, searched, missing


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--profile", default="default", choices=("smoke", "default"))
    args = parser.parse_args()
    cache = ResultsCache(Path(os.environ.get("BAYES_SGD_CACHE", default_cache_dir())) / "results")
    print("| figure | curve | grid: runs, core-s | search: runs, core-s | best B grid / search | B_edge grid / search |")
    print("|---|---|---|---|---|---|")
    grids, searches, estimated = {}, {}, set()
    for key in scaling.VARIED:
        for setup in figures.scaling_parts(key, figures.setup(key, args.profile)).values():
            for curve in setup.curves:
                try:
                    grid, searched, missing = compare(cache, key, setup, curve)
                except NotCached as absent:
                    spec = scaling.VARIED[key]
                    print(f"| {key} ({setup.title()}) | {spec['symbol']} = {curve.value(spec['field']):g} | | search "
                          f"not in the cache ({absent}): build the book first | | |")
                    continue
                grids.update(grid)
                searches.update(searched)
                estimated.update(missing)
    if grids:
        grid_s, search_s = sum(grids.values()), sum(searches.values())
        print(f"\nevery distinct run (curves shared between figures counted once): grid {len(grids)} runs, "
              f"{grid_s:.0f} core-s ({len(estimated)} of its runs estimated); search {len(searches)} runs, "
              f"{search_s:.0f} core-s ({search_s / grid_s:.0%} of the grid's core-seconds)")


if __name__ == "__main__":
    main()
