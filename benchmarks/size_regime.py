"""How much training would decide C9 in the paper's regime (N >= 16,000)? Candidate designs for
Figure 6's paper-protocol family, each scored by the simulation of analysis.simulation: the 95%
half-width of the primary's slope (collapse with the seed bootstrap, claims.robustness.PRIMARY)
over N >= 16,000, at the primary's measured slope and at α = 1, and the cost of its new runs at
U and at 2U (the budget test) from the run times archived in results/.

    cd benchmarks && BAYES_SGD_CACHE=../.cache ../.venv/bin/python size_regime.py   # after make book imported results/

A design adds batch sizes to curves, curves, or seeds to the measured curves. A new point's
per-seed residuals are those of the measured point of the family nearest in noise scale N/B (the
paper's variable; the cliff's residuals come from the cliff), a new curve's ladder is that of the
measured curve nearest in log N, and extra seeds are rows drawn again from the measured ones (so a
10-seed design is, if anything, optimistic). The truth is the simulation's, built from the curve of
the smallest N (16,000: the one sampled furthest down its cliff in noise scale), smoothed and shifted
by α·log10(N / 16,000), continuing below its smallest batch size with its end slope: a cliff steeper
than that would make the added points worth more than this predicts. (benchmarks/simulate_coverage.py
builds C9-regime from the curve with the most batch sizes instead, N = 32,000, which has no cliff to
continue: with it the collapse finds no exponent on most experiments once cliff points are added.)
A design's half-width counts only where its intervals cover as they say (claims.robustness.may_decide
at both α).

A run's cost is the median archived time of runs at the same batch size and budget (the time of a
run hardly depends on N: the updates are fixed), the nearest batch size in log B where none was
archived (in proportion to B above the largest). Seeded; nothing trains. Output: size_regime.txt
beside it (the table) and size_regime.json (read by Figure 6's page: what would reach the target).
"""
from __future__ import annotations

import gzip
import json
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
from simulate_coverage import measured_families

from bayes_sgd.analysis.definitions import Curve, definition
from bayes_sgd.analysis.resampling import resampling
from bayes_sgd.analysis.simulation import MIN_EXPERIMENTS, Score, Simulated, run_experiments
from bayes_sgd.claims.robustness import FAMILY_OPTIONS, PRIMARY, may_decide, primary_slope
from bayes_sgd.claims.scaling import TARGET_HALF_WIDTH
from bayes_sgd.setups.profiles import CLIFF as PROFILE_CLIFF

RESULTS = Path(__file__).resolve().parent.parent / "results"
SEED = 20261208
OUT = Path(__file__).with_suffix(".json")
TARGET = TARGET_HALF_WIDTH  # the 95% half-width the issue asks of C9 over N >= 16,000
BUDGET_CORE_HOURS = 15.0
U = 10_000  # Figure 6's base budget (updates) in the default profile
CLIFF = (100, 150, 200)


@dataclass(frozen=True)
class Design:
    """Batch sizes added to curves ({N: (B, ...)}), new curves (N), and the seeds of every point."""

    name: str
    points: tuple = ()  # ((N, (B, ...)), ...)
    curves: tuple = ()  # new N, each with the ladder of the nearest measured curve (and its added points)
    seeds: int = 5


def archived_seconds() -> dict[tuple[int, int], float]:
    """Median run time (s) of Figure 6's ReLU runs on Fashion-MNIST by (batch size, updates)."""
    times: dict[tuple[int, int], list[float]] = {}
    for path in sorted(RESULTS.glob("fig6*.json.gz")):
        for entry in json.loads(gzip.decompress(path.read_bytes()))["entries"]:
            result = entry["result"]
            config = result.get("config", {})
            if entry["key"].get("kind") == "train" and config.get("activation") == "relu" and "seconds" in result:
                times.setdefault((config["batch_size"], config["steps"]), []).append(result["seconds"])
    return {key: float(np.median(v)) for key, v in times.items()}


def run_seconds(seconds: dict, batch_size: int, steps: int) -> float:
    at = {b: s for (b, st), s in seconds.items() if st == steps}
    nearest = min(at, key=lambda b: abs(np.log(b / batch_size)))
    return at[nearest] * max(1.0, batch_size / nearest)  # above the largest archived B: in proportion to B


def column(curves: dict[float, Curve], n: float, b: float, rows: int, rng) -> np.ndarray:
    """Per-seed accuracies (rows) for a point: the measured point nearest in log(N/B), its seeds
    redrawn where more are asked."""
    best = min(((x, j) for x, c in curves.items() for j in range(len(c.log_b))),
                key=lambda xj: abs(np.log10(xj[0]) - curves[xj[0]].log_b[xj[1]] - np.log10(n / b)))
    values = curves[best[0]].values[:, best[1]]
    return values if rows == len(values) else values[rng.integers(0, len(values), size=rows)]


def designed(curves: dict[float, Curve], design: Design, rng) -> tuple[dict[float, Curve], list[tuple]]:
    """The design's curves (measured values, borrowed where new) and its new points (N, B, seeds)."""
    added = dict(design.points)
    out, new = {}, []
    for n in sorted({*curves, *design.curves}):
        like = curves[n] if n in curves else curves[min(curves, key=lambda x: abs(np.log(x / n)))]
        ladder = sorted({*np.round(10 ** like.log_b).astype(int), *added.get(n, ())})
        values = np.column_stack([column(curves, n, b, design.seeds, rng) for b in ladder])
        if n in curves:  # measured points keep their own seeds; the extra ones are new runs
            for j, b in enumerate(ladder):
                k = np.flatnonzero(np.isclose(10 ** curves[n].log_b, b))
                if len(k):
                    own = curves[n].values[:, k[0]]
                    values[:len(own), j] = own[:design.seeds]
        for b in ladder:
            measured = n in curves and np.isclose(10 ** curves[n].log_b, b).any()
            extra = design.seeds - (len(curves[n].seeds) if measured else 0)
            if extra > 0:
                new.append((n, b, extra))
        out[n] = Curve(np.log10(np.array(ladder, dtype=float)), values, tuple(range(design.seeds)))
    return out, new


DESIGNS = (
    Design("as archived"),
    Design("cliff at 32k, 60k (B = 100, 150, 200)", points=((32000.0, CLIFF), (60000.0, CLIFF))),
    Design("cap above 3,000 at 60k (B = 5,000)", points=((60000.0, (5000,)),)),
    Design("cliff + cap", points=((32000.0, CLIFF), (60000.0, (*CLIFF, 5000)))),
    Design("cliff + N = 24k, 45k", points=((32000.0, CLIFF), (60000.0, CLIFF), (24000.0, CLIFF), (45000.0, CLIFF)),
           curves=(24000.0, 45000.0)),
    Design("cliff, 8 seeds", points=((32000.0, CLIFF), (60000.0, CLIFF)), seeds=8),
    Design("cliff, 10 seeds", points=((32000.0, CLIFF), (60000.0, CLIFF)), seeds=10),
    Design("cliff + 24k, 45k, 8 seeds", points=((32000.0, CLIFF), (60000.0, CLIFF), (24000.0, CLIFF),
                                                 (45000.0, CLIFF)), curves=(24000.0, 45000.0), seeds=8),
)


def job(args) -> tuple[str, dict]:
    design, curves, alpha, experiments, seed = args
    start = time.time()
    rng = np.random.default_rng(seed)
    family, _ = designed(curves, design, rng)
    simulated = Simulated(min(curves), alpha, FAMILY_OPTIONS["C9"]["levels"], family)
    primary = (definition(PRIMARY["definition"], **FAMILY_OPTIONS["C9"]), resampling(PRIMARY["resampling"]))
    (s,) = run_experiments(simulated, [primary], experiments, seed)
    print(f"{design.name} at α = {alpha:g}: {time.time() - start:.0f} s", file=sys.stderr, flush=True)
    return design.name, asdict(s)


def before_cliff(curves: dict[float, Curve]) -> dict[float, Curve]:
    """The curves as they were sized: without the cliff points this sizing chose (setups.profiles.CLIFF),
    which the archives hold once computed, so that a rerun sizes the same design."""
    cliff = dict(PROFILE_CLIFF["fig6"])
    out = {}
    for x, c in curves.items():
        keep = ~np.isin(np.round(10 ** c.log_b).astype(int), cliff.get(int(x), ()))
        out[x] = Curve(c.log_b[keep], c.values[:, keep], c.seeds)
    return out


def main(experiments: int = MIN_EXPERIMENTS, workers: int = 2) -> None:
    curves = before_cliff(measured_families()["C9-regime"])
    measured = primary_slope("C9", curves).fit
    alphas = (round(measured.slope, 3), 1.0)
    seconds = archived_seconds()
    jobs = [(d, curves, a, experiments, SEED + i) for i, d in enumerate(DESIGNS) for a in alphas]
    with ProcessPoolExecutor(workers) as pool:
        scored = {(name, s["alpha"]): Score(**s) for name, s in pool.map(job, jobs)}
    print(f"C9 over N >= 16,000 under the primary ({PRIMARY['definition']}, {PRIMARY['resampling']}); measured slope "
          f"{measured.slope:.3f}, 95% half-width {measured.slope_high - measured.slope:.3f}; {experiments} simulated "
          f"experiments per design and α (seed {SEED}); target half-width {TARGET}, budget {BUDGET_CORE_HOURS:g} "
          "core-hours (U and 2U)\n")
    print(f"{'design':38s} {'new runs':>8s} {'core-h':>7s}   " + "   ".join(f"hw95 cov95 @α={a:g}" for a in alphas)
          + "   intervals cover as they say (claims.robustness.may_decide)")
    rows = []
    for design in DESIGNS:
        _, new = designed(curves, design, np.random.default_rng(0))
        runs = 2 * sum(k for _, _, k in new)  # at U and at 2U
        hours = sum(k * (run_seconds(seconds, b, U) + run_seconds(seconds, b, 2 * U)) for _, b, k in new) / 3600
        cells = [scored[(design.name, a)] for a in alphas]
        trusted = all(may_decide(c)[0] for c in cells)
        rows.append((design, hours, max(c.half_width for c in cells), trusted))
        print(f"{design.name:38s} {runs:8d} {hours:7.1f}   "
              + "   ".join(f"{c.half_width:5.3f} {c.coverage_95:5.3f}      " for c in cells)
              + ("yes" if trusted else "no: " + "; ".join(may_decide(c)[1] for c in cells if not may_decide(c)[0])))
    table, rows = rows, [r for r in rows if r[3]]  # a half-width counts only from intervals that cover as they say
    reaching = [r for r in rows if r[2] <= TARGET]
    if reaching:
        design, hours, hw, _ = min(reaching, key=lambda r: r[1])
        verdict = (f"cheapest design reaching a 95% half-width of {TARGET} at every α: {design.name} "
                   f"({hours:.1f} core-hours, half-width {hw:.3f})")
    else:
        affordable = [r for r in rows if r[1] <= BUDGET_CORE_HOURS]
        design, hours, hw, _ = min(affordable, key=lambda r: r[2])
        verdict = (f"no design sized reaches {TARGET}; the best within {BUDGET_CORE_HOURS:g} core-hours: {design.name} "
                   f"({hours:.1f} core-hours, predicted half-width {hw:.3f} at the worse α)")
    print("\n" + verdict)
    OUT.write_text(json.dumps({"experiments": experiments, "seed": SEED, "target": TARGET, "alphas": alphas,
                               "chosen": design.name, "reaches": bool(reaching), "answer": verdict,
                               "designs": [{"name": d.name, "core_hours": round(h, 2), "half_width": round(w, 3),
                                            "trusted": ok} for d, h, w, ok in table],
                               "scores": [{"design": name} | asdict(v) for (name, _), v in scored.items()]},
                              indent=1) + "\n")


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:]))
