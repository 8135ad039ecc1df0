"""Command line: build the book, run a figure's sweep outside the notebooks (here, or on a
Dask cluster), and carry results between machines.

    python -m bayes_sgd book --profile default
    python -m bayes_sgd run fig4 --profile paper --device cuda
    python -m bayes_sgd run fig4 --profile paper --scheduler tcp://HOST:8786   # or --workers 8
    python -m bayes_sgd run fig5 --n-seeds 5 --activation leaky_relu           # the scaling figures' options
    python -m bayes_sgd run fig6 --values 32000 60000                          # curves beyond the profile's
    python -m bayes_sgd export all --profile paper -o paper.tar.gz
    python -m bayes_sgd import paper.tar.gz
    python -m bayes_sgd verify paper.tar.gz --sample 3
    python -m bayes_sgd verify-rotation --budget-seconds 3600   # whole scaling runs, in turn
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from . import book, data, figures, publish
from .data import DataError
from .execution import archive, cluster, prefix, sweep
from .execution.results import results_cache
from .params import DEVICES, ParameterError
from .runs import ACTIVATIONS
from .setups.profiles import PROFILES


def given(data_source: str | None = None, **options) -> dict:
    """The setup overrides given on the command line (those left unset are the profile's)."""
    return {k: v for k, v in {"data_source": data_source, **options}.items() if v is not None}


def run_figure(figure: str, profile: str, device: str, scheduler: str | None = None,
               data_source: str | None = None, **options) -> None:
    """Compute (or find in the cache) every result a figure needs, printing what was done.
    options: n_seeds, activation, values, refine and alive, for the scaling figures (5, 6, 7)."""
    figures.check_device(figure, device)
    cluster.check_scheduler(scheduler)
    check_options(figure, options)
    start = time.perf_counter()
    results = figures.results_of(figure, figures.setup(figure, profile, **given(data_source, **options)), device,
                                 scheduler)
    print(f"{figure}: {len(results)} results ready in {time.perf_counter() - start:.1f} s; "
          f"cache: {results_cache().folder}")


def check_options(figure: str, options: dict) -> None:
    """Refuse a scaling option (--n-seeds, --activation, --values, --refine, --alive) for a figure whose setup
    does not take it, before any work."""
    unset = {k for k, v in options.items() if v is not None}
    if unset and figure == "all":
        raise ParameterError(f"{', '.join('--' + k.replace('_', '-') for k in sorted(unset))} is allowed for one "
                             "scaling figure at a time, not for all")
    if unset and not figures.FIGURES[figure].kind.takes_scaling_options:
        scaling = ", ".join(k for k, f in figures.FIGURES.items() if f.kind.takes_scaling_options)
        raise ParameterError(f"{', '.join('--' + k.replace('_', '-') for k in sorted(unset))} is allowed for the "
                             f"scaling figures only ({scaling}), not for {figure}")


def export_figures(figure: str, profile: str, out: Path, data_source: str | None = None,
                   computed_by: str = "", new_only: bool = False, **options) -> None:
    """Write a figure's finished runs to one archive; new_only: only those no archive of results/
    holds yet (an archive part, beside them)."""
    check_options(figure, options)
    keys = [k for k, f in figures.FIGURES.items() if "cuda" in f.computes_on] if figure == "all" else [figure]
    configs = [c for key in keys for c in figures.runs(key, profile, **given(data_source, **options))]
    runs = archive.finished_runs(configs, results_cache())
    if not runs:
        raise ParameterError(f"no finished runs of {figure} in profile {profile!r} in {results_cache().folder}: "
                             "run them first (bayes-sgd run)")
    if new_only:
        runs = archive.unpublished(runs, [p for p in archive.published(Path("results")) if p.resolve() != out.resolve()])
        if not runs:
            raise ParameterError(f"nothing new to export: every finished run of {figure} in profile {profile!r} "
                                 "is already in an archive of results/")
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


def varied_value(text: str) -> float | int:
    """A value of the varied quantity as typed: an N stays an integer (60000), an ε or m a float."""
    value = float(text)
    return int(value) if value.is_integer() and "." not in text else value


def add_scaling_options(command) -> None:
    """--n-seeds, --activation, --values, --refine and --alive: the scaling figures' seeds, hidden
    layer, curves, fine ladder and units-alive comparison, where not the profile's (what goes beyond the profile is computed and
    archived first)."""
    command.add_argument("--n-seeds", type=int, default=None, help="fig5-fig7: seeds per point (default: the profile's)")
    command.add_argument("--values", type=varied_value, nargs="+", default=None,
                         help="fig5-fig7: the curves, as values of the varied quantity: ε (fig5), N of the "
                              "paper-protocol family (fig6), m (fig7); default: the profile's")
    command.add_argument("--refine", action="store_const", const=True, default=None,
                         help="fig5-fig7: refine every curve on a ladder at most a factor 2 apart, from its "
                              "stability edge to one step above its optimum")
    command.add_argument("--alive", action="store_const", const=True, default=None,
                         help="fig5-fig7: also every curve at the first budget with the units kept alive "
                              "(leaky ReLU), to compare its optimum with ReLU's")
    command.add_argument("--activation", choices=ACTIVATIONS, default=None,
                         help="fig5-fig7: the hidden layer (leaky_relu keeps the units alive; default relu)")


def verify_rotation(paths: list[Path], budget_seconds: float, offset: int | None, device: str) -> None:
    """Recompute whole archived runs in rotation (execution.prefix.rotation_order) until their archived
    run times fill the budget; a run that does not match exits 1. offset: where the rotation starts
    (default: today's day number, so that a daily or weekly job goes round every run)."""
    paths = paths or book.decisive_archives(archive.published(Path("results")))
    if not paths:
        raise ParameterError("no archives to verify: give their paths, or run from the repository root (results/)")
    start = offset if offset is not None else int(time.time() // 86_400)
    chosen = prefix.within_budget(prefix.rotation_order(paths, start), budget_seconds)
    peers = archive.pooled_entries(paths)
    entries = [{**e, "allowance": archive.allowance(peers, e)} for _, e in chosen]
    print(f"recomputing {len(entries)} whole runs from rotation offset {start} "
          f"({sum(e['result']['seconds'] for e in entries) / 3600:.2f} hours as archived)")
    comparisons = archive.check(entries, device)
    for (path, _), c in zip(chosen, comparisons):
        print(f"{path.name}: {c.line()}")
    if not all(c.passed for c in comparisons):
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
    add_scaling_options(run)
    where = run.add_mutually_exclusive_group()
    where.add_argument("--scheduler", help="address of a Dask scheduler to send the runs to, e.g. tcp://HOST:8786")
    where.add_argument("--workers", type=int, help="start a local Dask cluster of this many single-threaded workers")
    out = commands.add_parser("export", help="write a profile's finished runs to one checked archive")
    out.add_argument("figure", choices=("all", *[k for k, f in figures.FIGURES.items() if "cuda" in f.computes_on]))
    out.add_argument("--profile", choices=PROFILES, default="default")
    out.add_argument("--data-source", choices=data.SOURCES, default=None, help="default: the profile's")
    add_scaling_options(out)
    out.add_argument("--new-only", action="store_true", help="only runs that no archive in results/ holds (a part)")
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
    rotation = commands.add_parser("verify-rotation", help="recompute whole archived runs in rotation, within a "
                                   "time budget (the archives given, else results/' scaling archives and those "
                                   "with no run short enough for a build's whole-run sample)")
    rotation.add_argument("archives", type=Path, nargs="*")
    rotation.add_argument("--budget-seconds", type=float, default=3600.0, help="archived run time to recompute")
    rotation.add_argument("--offset", type=int, default=None, help="where the rotation starts (default: the day)")
    rotation.add_argument("--device", choices=DEVICES, default="cpu")
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
            run_figure(args.figure, args.profile, args.device, scheduler, args.data_source, n_seeds=args.n_seeds,
                       activation=args.activation, values=args.values, refine=args.refine, alive=args.alive)
        elif args.command == "export":
            export_figures(args.figure, args.profile, args.output, args.data_source, args.computed_by,
                           args.new_only, n_seeds=args.n_seeds, activation=args.activation, values=args.values,
                           refine=args.refine, alive=args.alive)
        elif args.command == "import":
            imported, present = archive.import_archive(args.archive, results_cache())
            print(f"imported {imported} runs into {results_cache().folder} ({present} were already there)")
        elif args.command == "verify-rotation":
            verify_rotation(args.archives, args.budget_seconds, args.offset, args.device)
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
