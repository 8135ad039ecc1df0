"""Execute the book's notebooks with papermill, collect the claims, build the HTML.

The Jupytext sources book/*.py are converted next to themselves to .ipynb,
executed in place (working directory: the book's root), then Jupyter Book builds
from the executed notebooks without executing them again.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd

from . import answer, deviations, figures, provenance, tables
from .claims.catalogue import PAPER_CLAIMS, statement
from .claims.records import collect, compare_with_expected, is_record
from .execution import archive, prefix
from .execution.cache import ResultsCache
from .execution.results import results_cache
from .params import check_choice
from .setups.profiles import PROFILES

GENERATED = Path("book") / "_generated"
RESULTS = Path("results")  # the committed archives: runs one CI build cannot afford, computed once
VERIFY_PER_ARCHIVE = 3  # at most this many runs of one archive recomputed whole in a build
SCALING_ARCHIVES = ("fig5", "fig6", "fig7")  # archives (and parts) whose runs the scaling verdicts rest on
VERIFY_MAX_SECONDS = 70.0  # among the runs that took at most this long where computed (often on a busy machine)
VERIFY_BUDGET_SECONDS = 480.0  # and all of them together at most this long as archived: about 4 minutes on 2
# cores, however many archive parts results/ holds; with the decisive run's start (prefix.PREFIX_SECONDS), 5


def import_published(root: Path, cache: ResultsCache, log=print) -> None:
    """Import every archive in results/ into the cache (checked; idempotent), then recompute a
    sample of them here, all together over this machine's cores, drawn from a seed that changes
    with the commit and cut at a time budget (prefix.draw_rounds: archives it leaves out wait for
    another commit); a run that does not match stops the build and is named."""
    seed = archive.commit_seed(provenance.git_commit())
    paths = archive.published(Path(root) / RESULTS)
    clashes = archive.conflicts(paths)
    if clashes:
        raise SystemExit("archives in results/ repeat a run with other numbers; nothing was imported:\n  "
                         + "\n  ".join(clashes))
    for path in paths:
        imported, present = archive.import_archive(path, cache)
        log(f"{path.name}: imported {imported} runs ({present} were already there)")
    drawn = prefix.draw_rounds(paths, VERIFY_PER_ARCHIVE, seed, VERIFY_MAX_SECONDS)
    chosen = prefix.within_budget(drawn, VERIFY_BUDGET_SECONDS)
    reached, drawable = {p for p, _ in chosen}, {p for p, _ in drawn}
    waiting = [p.name for p in paths if p in drawable - reached]
    too_long = [p.name for p in paths if p not in drawable]
    log(f"recomputing {len(chosen)} runs of {len(reached)} archives, drawn by the commit's seed among "
        f"those that took at most {VERIFY_MAX_SECONDS:g} s, {sum(e['result']['seconds'] for _, e in chosen):.0f} s "
        f"as archived (budget {VERIFY_BUDGET_SECONDS:g} s)"
        + (f"; left for another commit: {', '.join(waiting)}" if waiting else "")
        + (f"; with no run that short: {', '.join(too_long)}" if too_long else "") + " ...")
    comparisons = archive.check([entry for _, entry in chosen], cache=cache)
    for (path, _), c in zip(chosen, comparisons):
        log(f"  {path.name}: {c.line()}")
    for path in paths:
        failed = [c.line() for (p, _), c in zip(chosen, comparisons) if p == path and not c.passed]
        if failed:
            raise SystemExit(f"{path.name}: recomputed runs do not match the archive:\n  " + "\n  ".join(failed))
    check_decisive(decisive_archives(paths), seed, cache, log)


def decisive_archives(paths: list[Path]) -> list[Path]:
    """The archives whose runs are checked by their first updates in every build (check_decisive)
    and whole in rotation (bayes-sgd verify-rotation): the scaling archives and their parts, whose
    runs the scaling verdicts rest on, and any other archive with no run short enough
    (VERIFY_MAX_SECONDS) for the whole-run sample, so that no archive goes unchecked."""
    return [p for p in paths if p.name.startswith(SCALING_ARCHIVES)
            or all(e["result"]["seconds"] > VERIFY_MAX_SECONDS for e in archive.read(p)["entries"])]


def check_decisive(paths: list[Path], seed: int, cache: ResultsCache, log=print) -> None:
    """One run of the decisive archives (decisive_archives), drawn with the build's seed among all
    their runs whatever its cost, checked by its first updates (execution.prefix); a mismatch stops
    the build and is named."""
    drawn = prefix.draw_decisive(paths, seed)
    if drawn is None:
        return
    path, entry = drawn
    comparison = prefix.check_prefix(entry, entries=archive.pooled_entries(paths))
    log(f"  {path.name}: {comparison.line()}")
    if not comparison.passed:
        raise SystemExit(f"{path.name}: the start of an archived run does not match:\n  {comparison.line()}")
    prefix.mark_checked(entry, comparison, cache)


def figure_notebooks(root: Path) -> list[Path]:
    """The figure notebooks of the book in order: book/fig*.py."""
    return sorted((Path(root) / "book").glob("fig*.py"))


def execute(root: Path, profile: str, notebooks: list[Path] | None = None, log=print) -> dict[str, float]:
    """Convert and execute each notebook with papermill; returns seconds per notebook."""
    import jupytext
    import papermill

    check_choice("profile", profile, PROFILES)
    root = Path(root).resolve()
    times = {}
    for source in notebooks or figure_notebooks(root):
        target = source.with_suffix(".ipynb")
        jupytext.write(jupytext.read(source), target)
        log(f"executing {source.name} (profile {profile}) ...")
        start = time.perf_counter()
        papermill.execute_notebook(
            str(target), str(target), parameters={"profile": profile}, cwd=str(root),
            kernel_name="python3", progress_bar=False, log_output=False,
        )
        tag_for_readers(target)
        times[source.name] = time.perf_counter() - start
        log(f"  {source.name}: {times[source.name]:.1f} s")
    return times


def tag_for_readers(notebook: Path) -> None:
    """Tag the cells readers should not see: the cell papermill injects ('# Parameters'; the
    page's own parameters cell already says what can be changed) is removed, and the code of
    a cell that is one statement (a call such as `page.best_table()`) is hidden, its output
    shown. The code stays in the notebook a reader downloads or launches."""
    import ast

    import nbformat

    nb = nbformat.read(notebook, as_version=4)
    for cell in nb.cells:
        tags = cell.get("metadata", {}).get("tags", [])
        if "injected-parameters" in tags and "remove-cell" not in tags:
            cell.metadata["tags"] = [*tags, "remove-cell"]
        elif (cell.cell_type == "code" and "parameters" not in tags and not any(t.startswith("remove") for t in tags)
              and len(ast.parse(cell.source).body) == 1):
            cell.metadata["tags"] = [*tags, "remove-input"]
    nbformat.write(nb, notebook)


def clear_claim_records(folder: Path) -> None:
    """Remove the claim records an earlier build wrote to folder, and nothing else: a folder
    that holds anything but claim records is refused before anything is deleted."""
    folder = Path(folder)
    if not folder.exists():
        return
    others = sorted(p.name for p in folder.iterdir() if not is_record(p))
    if others:
        raise SystemExit(f"BAYES_SGD_CLAIMS={folder} holds files that are not claim records ({', '.join(others[:5])}"
                         f"{', ...' if len(others) > 5 else ''}); nothing was deleted. Point BAYES_SGD_CLAIMS at an "
                         "empty or new folder.")
    for record in folder.iterdir():
        record.unlink()


def write_claims(root: Path, claims_folder: Path, out_json: Path) -> list[dict]:
    """Collect claim records into one JSON file and the front page's table."""
    records = collect(claims_folder)
    out_json.parent.mkdir(parents=True, exist_ok=True)
    out_json.write_text(json.dumps(records, indent=1))
    table = claims_table(records)
    generated = Path(root) / GENERATED
    generated.mkdir(parents=True, exist_ok=True)
    (generated / "claims_table.md").write_text(table)
    write_answer(generated, records)
    return records


def write_answer(generated: Path, records: list[dict]) -> None:
    """The front page's answer in words and its summary figure (answer.summary_figure), from the records."""
    (generated / "answer.md").write_text(answer.answer_in_words(records) + "\n")
    figure = answer.summary_figure(records)
    summary = generated / "summary.png"
    if figure is None:
        summary.unlink(missing_ok=True)
        (generated / "summary.md").write_text("*No slope or ratio claim was checked in this build.*\n")
        return
    figure.savefig(summary, dpi=110, bbox_inches="tight")
    (generated / "summary.md").write_text(
        "```{figure} _generated/summary.png\n:name: summary\n:alt: every slope and ratio claim against its band\n\n"
        "Every slope or ratio claim of this build: the estimate (dot), its 90% (thick) and 95% (thin) intervals, "
        "against the band fixed in advance (shaded). Reproduced: the 90% interval inside the band; not "
        "reproduced: the 95% interval outside it; inconclusive otherwise.\n```\n")


def write_deviations(root: Path, profile: str, records: list[dict]) -> None:
    """The deviations page's table: the figures' setup tables in this profile, changed rows only."""
    generated = Path(root) / GENERATED
    generated.mkdir(parents=True, exist_ok=True)
    (generated / "deviations.md").write_text(tables.markdown(deviations.deviations_frame(profile, records)))


def claims_table(records: list[dict]) -> str:
    """Markdown table of every claim of the paper, then the book's own additions.

    A paper claim with no record is shown as 'not run'.
    """
    by_id = {r["id"]: r for r in records}
    rows = []
    for claim_id, figure, key in PAPER_CLAIMS:
        r = by_id.pop(claim_id, None)
        rows.append((claim_id, figure, statement(claim_id), r["verdict"] if r else "not run",
                     r.get("key_number", "") if r else "", (r or {}).get("measured") or "—",
                     figures.FIGURES[key].notebook))
    for r in by_id.values():  # beyond the paper, or at a changed setting
        rows.append((r["id"], r["figure"], r["statement"], r["verdict"], r.get("key_number", ""),
                     r.get("measured") or "—", figures.figure_of_claim(r["id"]).notebook))
    table = pd.DataFrame([(claim_id, f"[{figure}]({page}.ipynb)", text, f"**{verdict}**", number, measured)
                          for claim_id, figure, text, verdict, number, measured, page in rows],
                         columns=["id", "figure", "claim", "verdict", "key number", "what was measured; what set the optimum"])
    return tables.markdown(table)


def build_html(root: Path, out: Path | None = None) -> Path:
    """Jupyter Book build of the executed notebooks, Sphinx warnings as errors."""
    root = Path(root).resolve()
    command = [str(Path(sys.executable).parent / "jupyter-book"), "build", str(root), "--warningiserror", "--keep-going"]
    if out is not None:
        command += ["--path-output", str(out)]
    subprocess.run(command, check=True, cwd=root)
    return Path(out or root) / "_build" / "html"


def build(root: Path, profile: str, out: Path | None = None, expected: Path | None = None, log=print) -> Path:
    """The whole book: execute, collect claims, build; fail on any verdict that differs from the expected ones."""
    root = Path(root).resolve()
    claims_folder = Path(os.environ.get("BAYES_SGD_CLAIMS", root / "_build" / "claims"))
    clear_claim_records(claims_folder)
    os.environ["BAYES_SGD_CLAIMS"] = str(claims_folder)
    import_published(root, results_cache(), log)
    times = execute(root, profile, log=log)
    records = write_claims(root, claims_folder, claims_folder.parent / "claims.json")
    write_deviations(root, profile, records)
    html = build_html(root, out)
    shutil.copy(claims_folder.parent / "claims.json", html / "claims.json")
    log("notebook times: " + ", ".join(f"{k} {v:.0f} s" for k, v in times.items()))
    for r in records:
        log(f"  {r['id']:4s} {r['verdict']:15s} {r.get('key_number', '')}")
    if expected is not None:
        wanted = json.loads(Path(expected).read_text()).get(profile, {})
        problems = compare_with_expected(records, wanted)
        if problems:
            raise SystemExit(f"verdicts that differ from {Path(expected).name}:\n  " + "\n  ".join(problems))
    log(f"book built in {html}")
    return html
