"""Command line: build the book, or run a figure's sweep outside the notebooks.

    python -m bayes_sgd book --profile default
    python -m bayes_sgd run fig4 --profile paper --device cuda
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from . import book, experiments, figures, sweep
from .cache import ResultsCache
from .data import DataError
from .experiments import PROFILES, ParameterError


def run_figure(figure: str, profile: str, device: str) -> None:
    """Compute (or find in the cache) every result a figure needs, printing what was done."""
    figures.check_device(figure, device)
    start = time.perf_counter()
    cache = ResultsCache(experiments.cache_dir() / "results")
    if figure in ("fig1", "fig2"):
        setup = figures.setup(figure, profile)
        tasks = ("random", "informative") if figure == "fig1" else ("random", "informative", "hard")
        for task in tasks:
            experiments.evidence_results(setup, task, cache)
        print(f"{figure}: {len(tasks) * len(setup.lams)} fits ready in {time.perf_counter() - start:.1f} s")
        return
    runs = figures.runs(figure, profile)
    experiments.sgd_results(runs, device, cache, label=f"{figure} runs")
    print(f"{figure}: {len(runs)} runs ready ({sweep.run_sweep.last_computed} computed, "
          f"{len(runs) - sweep.run_sweep.last_computed} from the cache) in {time.perf_counter() - start:.1f} s; "
          f"cache: {cache.folder}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bayes_sgd", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser("book", help="execute every figure notebook and build the HTML book")
    build.add_argument("--profile", choices=PROFILES, default="default")
    build.add_argument("--root", type=Path, default=Path("."), help="the book's root (with _config.yml)")
    build.add_argument("--out", type=Path, default=None, help="build folder (default: ROOT/_build)")
    build.add_argument("--expected", type=Path, default=None, help="JSON of claims each profile must reproduce")
    run = commands.add_parser("run", help="compute a figure's results into the cache, without the notebook")
    run.add_argument("figure", choices=tuple(figures.FIGURES))
    run.add_argument("--profile", choices=PROFILES, default="default")
    run.add_argument("--device", choices=experiments.DEVICES, default="cpu")
    args = parser.parse_args(argv)
    try:
        if args.command == "book":
            book.build(args.root, args.profile, args.out, args.expected)
        else:
            run_figure(args.figure, args.profile, args.device)
    except (ParameterError, DataError) as error:  # the user's to fix: one line, no traceback
        print(f"bayes-sgd {args.command}: error: {error}", file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":
    main()
