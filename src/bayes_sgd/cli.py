"""Command line: build the book, run a figure's sweep outside the notebooks (here, or on a
Dask cluster), and carry results between machines.

    python -m bayes_sgd book --profile default
    python -m bayes_sgd run fig4 --profile paper --device cuda
    python -m bayes_sgd run fig4 --profile paper --scheduler tcp://HOST:8786   # or --workers 8
    python -m bayes_sgd export all --profile paper -o paper.tar.gz
    python -m bayes_sgd import paper.tar.gz
    python -m bayes_sgd verify paper.tar.gz --sample 3
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from . import book, data, figures, publish
from .data import DataError
from .execution import archive, cluster, sweep
from .execution.results import fit_results, results_cache
from .params import DEVICES, ParameterError
from .setups.profiles import PROFILES


def run_figure(figure: str, profile: str, device: str, scheduler: str | None = None,
               data_source: str | None = None) -> None:
    """Compute (or find in the cache) every result a figure needs, printing what was done."""
    figures.check_device(figure, device)
    cluster.check_scheduler(scheduler)
    start = time.perf_counter()
    cache = results_cache()
    if figure in ("fig1", "fig2"):
        setup = figures.setup(figure, profile, data_source=data_source)
        tasks = figures.evidence_tasks(figure)
        for task in tasks:
            fit_results(setup.fit(task), cache)
        print(f"{figure}: {len(tasks) * len(setup.lams)} fits ready in {time.perf_counter() - start:.1f} s")
        return
    results = figures.results_of(figure, figures.setup(figure, profile, data_source=data_source), device, scheduler)
    print(f"{figure}: {len(results)} runs ready in {time.perf_counter() - start:.1f} s; cache: {cache.folder}")


def export_figures(figure: str, profile: str, out: Path, data_source: str | None = None,
                   computed_by: str = "") -> None:
    keys = [k for k, f in figures.FIGURES.items() if "cuda" in f.computes_on] if figure == "all" else [figure]
    configs = [c for key in keys for c in figures.runs(key, profile, data_source=data_source)]
    runs = archive.finished_runs(configs, results_cache())
    if not runs:
        raise ParameterError(f"no finished runs of {figure} in profile {profile!r} in {results_cache().folder}: "
                             "run them first (bayes-sgd run)")
    manifest = archive.export(runs, out, profile, computed_by)
    print(f"exported {manifest['runs']} runs of {figure} ({profile}) computed on {', '.join(manifest['devices'])} "
          f"to {out}")


def verify_archive(path: Path, sample: int, device: str, seed: int = 0, max_seconds: float | None = None) -> None:
    comparisons = archive.verify(path, sample, device, seed=seed, cache=results_cache(), max_seconds=max_seconds)
    for c in comparisons:
        print(c.line())
    failed = sum(not c.passed for c in comparisons)
    print(f"{len(comparisons) - failed} of {len(comparisons)} recomputed runs match")
    if failed:
        sys.exit(1)


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
    run.add_argument("--device", choices=DEVICES, default="cpu")
    run.add_argument("--data-source", choices=data.SOURCES, default=None, help="default: the profile's")
    where = run.add_mutually_exclusive_group()
    where.add_argument("--scheduler", help="address of a Dask scheduler to send the runs to, e.g. tcp://HOST:8786")
    where.add_argument("--workers", type=int, help="start a local Dask cluster of this many single-threaded workers")
    out = commands.add_parser("export", help="write a profile's finished runs to one checked archive")
    out.add_argument("figure", choices=("all", *[k for k, f in figures.FIGURES.items() if "cuda" in f.computes_on]))
    out.add_argument("--profile", choices=PROFILES, default="default")
    out.add_argument("--data-source", choices=data.SOURCES, default=None, help="default: the profile's")
    out.add_argument("-o", "--output", type=Path, required=True)
    out.add_argument("--computed-by", default="", help="the command that computed the runs, for the manifest")
    into = commands.add_parser("import", help="check an archive and load its runs into the results cache")
    into.add_argument("archive", type=Path)
    check = commands.add_parser("verify", help="recompute a random sample of an archive's runs here and compare")
    check.add_argument("archive", type=Path)
    check.add_argument("--sample", type=int, default=3)
    check.add_argument("--device", choices=DEVICES, default="cpu")
    check.add_argument("--seed", type=int, default=0, help="seed of the random sample")
    check.add_argument("--max-seconds", type=float, default=None,
                       help="draw only among runs that took at most this long where they were computed")
    notebooks = commands.add_parser("publish-notebooks", help="write the executed notebooks, each with a first "
                                    "cell installing the package, as the launch buttons' branch holds them")
    notebooks.add_argument("--root", type=Path, default=Path("."), help="the book's root (with _config.yml)")
    notebooks.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    try:
        if args.command == "book":
            book.build(args.root, args.profile, args.out, args.expected)
        elif args.command == "run":
            scheduler = args.scheduler or (f"local:{args.workers}" if args.workers is not None else None)
            run_figure(args.figure, args.profile, args.device, scheduler, args.data_source)
        elif args.command == "export":
            export_figures(args.figure, args.profile, args.output, args.data_source, args.computed_by)
        elif args.command == "import":
            imported, present = archive.import_archive(args.archive, results_cache())
            print(f"imported {imported} runs into {results_cache().folder} ({present} were already there)")
        elif args.command == "publish-notebooks":
            written = publish.publish_notebooks(args.root, args.out, publish.repository_url(args.root))
            print(f"wrote {len(written)} files to {args.out}")
        else:
            verify_archive(args.archive, args.sample, args.device, args.seed, args.max_seconds)
    except (ParameterError, DataError, archive.ArchiveError, sweep.SweepError, FileNotFoundError) as error:  # the user's to fix: one line, no traceback
        print(f"bayes-sgd {args.command}: error: {error}", file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":
    main()
