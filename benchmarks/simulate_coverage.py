"""Do the intervals of a scaling slope cover as they say? Simulated experiments whose exponent is
known (analysis.simulation), per family (C8, C9 and C9 over N >= 16,000, C10), at α = 1 and at the
measured slope of the primary definition, scored for every definition of the optimum and both
resamplings: bias, median 95% half-width, 90% and 95% coverage.

    BAYES_SGD_CACHE=.cache .venv/bin/python benchmarks/simulate_coverage.py   # after make book imported results/

Nothing trains: the families are read from the cache (the archives in results/). Seeded, so its
output is reproducible; written to benchmarks/simulate_coverage.json (read by the scaling pages:
claims.robustness decides which definitions may decide) and printed as a table (the .txt beside it).
"""
from __future__ import annotations

import json
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict
from pathlib import Path

from bayes_sgd import figures
from bayes_sgd.analysis.definitions import curve_of
from bayes_sgd.analysis.simulation import MIN_EXPERIMENTS, Score, Simulated, run_experiments
from bayes_sgd.claims.robustness import FAMILY_OPTIONS, PRIMARY, may_decide, methods_for, primary_slope
from bayes_sgd.pages.scaling import Family
from bayes_sgd.setups.scaling import VARIED

OUT = Path(__file__).with_suffix(".json")
FIGURE = {"C8": "fig5", "C9": "fig6", "C10": "fig7"}
REGIME = {"C9-regime": ("C9", 16_000)}  # C9 over the paper's regime only
SEED = 20261207


def measured_families() -> dict[str, dict]:
    """Per family: its curves ({x: Curve}) over the curves its verdict fits on."""
    out = {}
    for claim_id, key in FIGURE.items():
        setup = figures.setup(key, "default")
        part = figures.scaling_parts(key, setup)[claim_id]
        family = Family.of_part(key, claim_id, part, figures.results_of(key, setup))
        fit = family.fits.optimum or family.fits.provisional
        by = VARIED[key]["x_column"]
        out[claim_id] = {float(x): curve_of(p) for x, p in family.runs.groupby(by) if float(x) in fit.curves}
    for name, (claim_id, low) in REGIME.items():
        out[name] = {x: c for x, c in out[claim_id].items() if x >= low}
    return out


def reference(curves: dict) -> float:
    """The curve with the most batch sizes (the middle one of a tie): the shape every x is built from."""
    most = max(len(c.log_b) for c in curves.values())
    widest = [x for x, c in sorted(curves.items()) if len(c.log_b) == most]
    return widest[len(widest) // 2]


def job(args) -> tuple[str, list]:
    name, curves, alpha, experiments, seed = args
    options = FAMILY_OPTIONS.get(name.split("-")[0], {})
    simulated = Simulated(reference(curves), alpha, options.get("levels", "none"), curves)
    start = time.time()
    scores = run_experiments(simulated, methods_for(name.split("-")[0]), experiments, seed)
    print(f"{name} at α = {alpha:.3f}: {experiments} experiments in {time.time() - start:.0f} s", flush=True)
    return name, [asdict(s) for s in scores]


def main(experiments: int = MIN_EXPERIMENTS, workers: int = 2) -> None:
    families = measured_families()
    jobs = []
    for i, (name, curves) in enumerate(families.items()):
        measured = primary_slope(name.split("-")[0], curves).fit
        for j, alpha in enumerate(dict.fromkeys([1.0] + ([round(measured.slope, 3)] if measured else []))):
            jobs.append((name, curves, alpha, experiments, SEED + 10 * i + j))
    with ProcessPoolExecutor(workers) as pool:
        done = list(pool.map(job, jobs))
    table = {}
    for name, scores in done:
        table.setdefault(name, []).extend(scores)
    OUT.write_text(json.dumps({"experiments": experiments, "seed": SEED, "primary": PRIMARY, "families": table},
                              indent=1) + "\n")
    for name, scores in table.items():
        print(f"\n{name} ({len(families[name])} curves; reference shape x = {reference(families[name]):g})")
        print(f"  {'definition':16s} {'resampling':15s} {'α':>6s} {'bias':>7s} {'95% hw':>7s} {'cov90':>6s} "
              f"{'cov95':>6s} {'intervals':>9s}  may decide")
        for s in scores:
            ok, why = may_decide(Score(**s))
            print(f"  {s['definition']:16s} {s['resampling']:15s} {s['alpha']:6.3f} {s['bias']:+7.3f} "
                  f"{s['half_width']:7.3f} {s['coverage_90']:6.3f} {s['coverage_95']:6.3f} "
                  f"{s['covered']:4d}/{s['experiments']:<4d}  {'yes' if ok else 'no: ' + why}")


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:]))
