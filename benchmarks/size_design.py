"""Sizing the next computation: what brings the 95% half-width of each scaling slope (C8: B_opt on
ε; C9: on N at 10^4 updates; C10: on 1/(1 − m)) to 0.25 or less, and its cost in core-hours.

    BAYES_SGD_CACHE=.cache .venv/bin/python benchmarks/size_design.py   # after make book has imported results/

Nothing trains: the default profile's runs come from the cache (figures.results_of; a missing run
stops the script), each curve judged as on the pages (claims.budget: stability, noise, budget or
unresolved). A design (seeds n, ladder, added curves) is modelled so:

- Slope SE = ρ·sqrt(Σ w_i² σ_i²): σ_i a curve's jackknife SE of log10 B_opt, w_i = (log x_i − mean)/Sxx,
  ρ set so that the archived design gives its own SE. Half-width: t at n − 1 dof times the SE over
  the curves that count; none with fewer than three (MIN_CURVES).
- Seeds: every SE ∝ sqrt(3/n). A curve counts if set by the noise now, or if its unresolved ratio
  B_opt(2U)/B_opt(U), its value kept and its SE scaled, would be shown within ×1.5.
- Ladder: σ_i and the ratio's SE times r_i = SE(ladder)/SE(half-decade), simulated: the curve's top
  is a quadratic in log10 B (least squares through its stable batch sizes' mean accuracies at U),
  each seed adds independent Gaussian noise of its pooled per-point seed SD, and optimum.best_batch_size
  runs on REPS such 3-seed curves on the ladder's values within the archived range.
- Range: an added curve has the family's RMS σ, mean r, mean log ratio and RMS ratio SE. Its batch
  sizes run from a stability edge in the nearest curve's ratio to its optimum to one step above the
  larger of two predicted optima (the family's line; B_opt ∝ x from the nearest curve), B ≤ N.
- Cost, one process per core: a·(steps·B + 25·(N + n_test)/3) + c·steps seconds a run (25
  evaluations, a forward pass a third of a training example), fitted to Figure 6's N = 32,000 runs,
  the only ones timed one per core (the others ran about two to a core: their ratio to the model is
  printed, not used). At U and 2U, on the curves that count: the new seeds on the archived batch
  sizes; every seed on a finer ladder's new values from the stability edge to one step above the
  best grid point, and on added curves. The leaky-ReLU remedy repeats all those curves' runs once.
"""
from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd
from scipy.stats import t as student_t

from bayes_sgd import figures
from bayes_sgd.analysis.budget import MIN_CURVES, stability_edge
from bayes_sgd.analysis.frames import runs_frame
from bayes_sgd.analysis.intervals import jackknife_interval
from bayes_sgd.analysis.optimum import best_batch_size, scaling_slope
from bayes_sgd.claims.budget import STAYED, optima_over_budgets
from bayes_sgd.claims.verdict import Estimate
from bayes_sgd.execution import sweep
from bayes_sgd.setups.profiles import HALF_DECADES, PAPER_LADDER
from bayes_sgd.setups.scaling import VARIED

FAMILIES = {"C8": "fig5", "C9": "fig6", "C10": "fig7"}
ADDED = {"C8": (0.0125, 0.4), "C9": (60_000,), "C10": (0.975,)}  # as the setups take them (m for Figure 7)
BASE = {"C8": 0.1, "C9": 32_000, "C10": 0.9}  # a value of the family to build an added curve's setup beside
LADDERS = {"x3.16": HALF_DECADES, "x2": PAPER_LADDER,
           "x1.5": (1, 2, 3, 5, 7, 10, 15, 20, 30, 50, 70, 100, 150, 200, 300, 500, 700, 1000, 1500, 2000, 3000,
                    5000, 7000, 10_000)}
SEEDS = (3, 4, 5, 6, 8, 10, 12)
TARGET, BUDGET_HOURS, REPS = 0.25, 30.0, 300


def cached_only(configs, cache, **options):
    """run_sweep that refuses to train: every run must be in the cache already."""
    missing = sum(cache.load(sweep.run_key(c, options.get("dtype", "float32"))) is None for c in configs)
    if missing:
        raise LookupError(f"{missing} of {len(configs)} runs are not in the cache: import results/ first")
    return cached_only.run_sweep(configs, cache, progress=False, **options)


def levels_of(claim: str) -> list[pd.DataFrame]:
    """The family's runs at U, 2U and 4U, with the seconds each run timed."""
    chosen = figures.setup(FAMILIES[claim], "default")
    results = figures.results_of(FAMILIES[claim], chosen)
    levels = [figures.part_results(level, results)
              for level in figures.scaling_parts(FAMILIES[claim], chosen)[claim].budget_levels()]
    return [runs_frame(rs).assign(seconds=[r["seconds"] for r in rs]) for rs in levels if rs]


def added_curve(claim: str, value: float) -> tuple[float, int, int]:
    """x, N and updates at U of a curve added to the family, as the default setup would train it."""
    part = figures.scaling_parts(FAMILIES[claim], figures.setup(FAMILIES[claim], "default",
                                                                values=sorted({BASE[claim], value})))[claim]
    curve = next(c for c in part.curves if c.value(VARIED[FAMILIES[claim]]["field"]) == value)
    return part.curve_x(curve), curve.n_train, curve.steps


@dataclass(frozen=True)
class CostModel:
    """Core-seconds of one run, one process per core: a·(steps·B + 25·(N + n_test)/3) + c·steps."""

    a: float
    c: float

    def seconds(self, batch_size: float, steps: float, n_train: float) -> float:
        """Core-seconds of one run (5,000 test images, as every family here)."""
        return self.a * (steps * batch_size + 25 * (n_train + 5000) / 3) + self.c * steps

    @classmethod
    def fitted(cls, runs: pd.DataFrame) -> CostModel:
        """Least squares in relative error."""
        x = np.column_stack([runs.steps * runs.batch_size + 25 * (runs.n_train + 5000) / 3, runs.steps])
        return cls(*np.linalg.lstsq(x / runs.seconds.to_numpy()[:, None], np.ones(len(runs)), rcond=None)[0])


def timed_model(fig6_levels: list[pd.DataFrame]) -> CostModel:
    """The cost model fitted to Figure 6's N = 32,000 runs at U and 2U (levels_of('C9')), the only
    ones timed one process per core."""
    return CostModel.fitted(pd.concat([level[level.n_train == 32_000] for level in fig6_levels[:2]]))


def vertex_se(means: pd.Series, sd: float, ladder: tuple, rng: np.random.Generator) -> float:
    """SD of the fitted log10 B_opt over REPS simulated 3-seed curves on the ladder (the module's model)."""
    quad = np.polyfit(np.log10(means.index.to_numpy(float)), means.to_numpy(), 2)
    sizes = [b for b in ladder if means.index.min() <= b <= means.index.max()]
    fits = []
    for _ in range(REPS):
        acc = np.polyval(quad, np.log10(sizes)) + sd * rng.standard_normal((3, len(sizes)))
        frame = pd.DataFrame([(s, b, acc[s, j]) for s in range(3) for j, b in enumerate(sizes)],
                             columns=["seed", "batch_size", "test_accuracy"])
        fits.append(math.log10(best_batch_size(frame).fit_best))
    return float(np.std(fits, ddof=1))


def step_above(ladder: tuple, b: float) -> int:
    """The ladder value one step above b."""
    return next((v for v in ladder if v > b), ladder[-1])


def rms(values) -> float:
    """Root mean square."""
    return float(np.sqrt(np.mean(np.square(list(values)))))


class Family:
    """One scaling family: its curves above the stability edge, their SEs, and the design model."""

    def __init__(self, claim: str, levels: list[pd.DataFrame], model: CostModel, rng: np.random.Generator):
        self.claim, self.model, by = claim, model, VARIED[FAMILIES[claim]]["x_column"]
        optima = optima_over_budgets([level.drop(columns="seconds") for level in levels], by)
        self.set_by = {x: o.set_by for x, o in optima.items()}
        self.curves = {x: o.best for x, o in optima.items() if o.set_by in ("noise", "unresolved")}
        self.ratio_of = {x: optima[x].ratio.estimate for x in self.curves}
        noise = {x: b for x, b in self.curves.items() if self.set_by[x] == "noise"}
        self.slopes = {"counted (set by the noise)": scaling_slope(noise) if len(noise) >= 2 else None,
                       "above the stability edge (noise or unresolved)": scaling_slope(self.curves)}
        self.sigma = {x: jackknife_interval(math.log10(b.fit_best), b.leave_one_out_log10_best)["se"]
                      for x, b in self.curves.items()}
        self.r = {}
        for x, frame in ((x, f) for x, f in levels[0].groupby(by) if x in self.curves):
            stable = frame[frame.batch_size >= stability_edge(frame)].groupby("batch_size").test_accuracy
            ses = {name: vertex_se(stable.mean(), math.sqrt(stable.var().mean()), ladder, rng)
                   for name, ladder in LADDERS.items()}
            self.r[x] = {name: se / ses["x3.16"] for name, se in ses.items()}
        # (x, budget) -> steps, N, batch sizes tried, stability edge, best grid batch size; at U and 2U
        self.points = {(x, k): (int(f.steps.iloc[0]), int(f.n_train.iloc[0]), sorted(f.batch_size.unique()),
                                stability_edge(f), best_batch_size(f).grid_best)
                       for k, level in enumerate(levels[:2]) for x, f in level.groupby(by) if x in self.curves}
        self.added = {v: added_curve(claim, v) for v in ADDED[claim]}
        self.line = np.polyfit(np.log10(list(self.curves)), np.log10([b.fit_best for b in self.curves.values()]), 1)
        fit = self.slopes["above the stability edge (noise or unresolved)"]
        archived_se = (fit.slope_high - fit.slope_low) / (2 * student_t.ppf(0.975, fit.seeds - 1))
        self.rho = archived_se / self.se(3, "x3.16", list(self.curves), ())

    def counted(self, n: int, ladder: str, added: tuple) -> tuple[list, tuple]:
        """The archived and the added curves that count with n seeds on the ladder (the module's model)."""
        def counts(e: Estimate, r: float) -> bool:  # claims.budget's 'stayed' at n seeds
            e = replace(e, se=e.se * math.sqrt(3 / n) * r, dof=n - 1, seeds=n)
            return e.finite() and STAYED.holds(*e.interval(STAYED.reproduce_level))

        ratios = self.ratio_of.values()
        typical = Estimate(np.mean([e.value for e in ratios]), rms(e.se for e in ratios), 2, 3)
        curves = [x for x in self.curves if self.set_by[x] == "noise" or counts(self.ratio_of[x], self.r[x][ladder])]
        return curves, added if counts(typical, np.mean([r[ladder] for r in self.r.values()])) else ()

    def se(self, n: int, ladder: str, curves: list, added: tuple) -> float:
        """The slope's SE without ρ: independent curves, σ_i·r_i·sqrt(3/n) (added: RMS σ, mean r)."""
        mean_r = np.mean([r[ladder] for r in self.r.values()])
        points = [(x, self.sigma[x] * self.r[x][ladder]) for x in curves]
        points += [(self.added[v][0], rms(self.sigma.values()) * mean_r) for v in added]
        log_x = np.log10([x for x, _ in points])
        w = (log_x - log_x.mean()) / ((log_x - log_x.mean()) ** 2).sum()
        return float(np.sqrt(np.sum(w ** 2 * np.square([s for _, s in points]) * 3 / n)))

    def half_width(self, n: int, ladder: str, added: tuple = (), every: bool = False) -> float:
        """The slope's predicted 95% half-width over the curves that count (every: as if all did)."""
        curves, added = (list(self.curves), added) if every else self.counted(n, ladder, added)
        if len(curves) + len(added) < MIN_CURVES:
            return math.inf
        return float(student_t.ppf(0.975, n - 1) * self.rho * self.se(n, ladder, curves, added))

    def added_sizes(self, value: float, ladder: tuple) -> list[int]:
        """An added curve's batch sizes (the module's model)."""
        x, n_train, _ = self.added[value]
        near = min(self.curves, key=lambda c: abs(math.log10(c / x)))
        _, _, _, edge, best = self.points[(near, 0)]
        optima = (10 ** np.polyval(self.line, math.log10(x)), self.curves[near].fit_best * x / near)
        high = step_above(ladder, min(ladder, key=lambda b: abs(math.log(b / max(optima)))))
        sizes = [b for b in ladder if min(optima) * edge / best / 1.2 <= b <= min(high, n_train)]
        return sizes + ([n_train] if high > n_train and n_train not in sizes else [])

    def cost(self, n: int, ladder: str, added: tuple = (), every: bool = False) -> tuple[float, float]:
        """Core-hours of the new runs on the curves that count (every: on all), and of their leaky-ReLU repeat."""
        curves, added = (list(self.curves), added) if every else self.counted(n, ladder, added)
        new = repeat = 0.0
        for (x, _), (steps, n_train, tried, edge, best) in self.points.items():
            if x in curves:
                fresh = [b for b in LADDERS[ladder]
                         if edge <= b <= step_above(LADDERS[ladder], best) and b not in tried]
                old, extra = (sum(self.model.seconds(b, steps, n_train) for b in sizes) for sizes in (tried, fresh))
                new, repeat = new + (n - 3) * old + n * extra, repeat + n * (old + extra)
        for value in added:
            _, n_train, steps = self.added[value]
            extra = n * sum(self.model.seconds(b, s, n_train) for b in self.added_sizes(value, LADDERS[ladder])
                            for s in (steps, 2 * steps))
            new, repeat = new + extra, repeat + extra
        return new / 3600, repeat / 3600

    def designs(self) -> list[dict]:
        """Every design of the family: seeds, ladder, added curves; the curves that count, half-width, costs."""
        out = []
        for n, ladder, k in itertools.product(SEEDS, LADDERS, range(len(ADDED[self.claim]) + 1)):
            for added in itertools.combinations(ADDED[self.claim], k):
                (new, repeat), (curves, counted) = self.cost(n, ladder, added), self.counted(n, ladder, added)
                out.append(dict(seeds=n, ladder=ladder, added=added, half_width=self.half_width(n, ladder, added),
                                curves=curves + [self.added[v][0] for v in counted], new=new, whole=new + repeat))
        return out


def best_within(designs: dict[str, list[dict]], hours: float) -> dict[str, dict] | None:
    """Within `hours` (leaky-ReLU repeat included): the most families with a slope, then the most at
    TARGET, then the smallest largest half-width above it, then the fewest hours."""
    front = {c: [d for d in ds if not any(o["whole"] <= d["whole"] and o["half_width"] < d["half_width"] for o in ds)]
             for c, ds in designs.items()}
    combos = [dict(zip(front, ds)) for ds in itertools.product(*front.values())
              if sum(d["whole"] for d in ds) <= hours]

    def score(c: dict) -> tuple:
        widths = [d["half_width"] for d in c.values()]
        above = [w for w in widths if TARGET < w < math.inf]
        return sum(map(math.isinf, widths)), len(above), max(above, default=0), sum(d["whole"] for d in c.values())

    return min(combos, default=None, key=score)


def describe(chosen: dict[str, dict]) -> str:
    """A design, one line per family and a total."""
    rows = [f"  {c}: {d['seeds']} seeds, ladder {d['ladder']}, added {list(d['added']) or 'none'}; curves counting "
            f"{[round(x, 4) for x in d['curves']]}; half-width {d['half_width']:.2f}; {d['new']:.1f} core-h new, "
            f"{d['whole']:.1f} with the leaky-ReLU repeat" for c, d in chosen.items()]
    new, whole = (sum(d[k] for d in chosen.values()) for k in ("new", "whole"))
    return "\n".join(rows + [f"  total: {new:.1f} core-hours new, {whole:.1f} with the leaky-ReLU repeat"])


def show(fam: Family, runs: pd.DataFrame, model: CostModel) -> None:
    """What the archives say of one family, and how its half-width shrinks with seeds, ladder and range."""
    timed = runs.seconds.sum() / sum(model.seconds(r.batch_size, r.steps, r.n_train) for r in runs.itertuples())
    print(f"\n{fam.claim} ({FAMILIES[fam.claim]}): optimum set by " + ", ".join(
        f"{x:g} {s}" for x, s in fam.set_by.items()) + f"; archived runs timed at {timed:.2f}x the model's seconds")
    for name, s in fam.slopes.items():
        print(f"  slope over the curves {name}: " + ("fewer than two curves" if s is None else
              f"{s.slope:.2f}, 95% [{s.slope_low:.2f}, {s.slope_high:.2f}], half-width "
              f"{(s.slope_high - s.slope_low) / 2:.2f} ({len(s.curves)} curves)"))
    for x, e in fam.ratio_of.items():
        seeds = next((n for n in SEEDS if x in fam.counted(n, "x3.16", ())[0]), f"more than {SEEDS[-1]}")
        low, high = e.interval(0.90)
        print(f"  x = {x:g}: SE of log10 B_opt {fam.sigma[x]:.3f}, times {fam.r[x]['x2']:.2f} on ladder x2 and "
              f"{fam.r[x]['x1.5']:.2f} on x1.5; B_opt(2U)/B_opt(U) {10 ** e.value:.2f}, 90% [{10 ** low:.2f}, "
              f"{10 ** high:.2f}]: counts from {seeds} seeds")

    def row(n: int, ladder: str, added: tuple = ()) -> str:
        new, repeat = fam.cost(n, ladder, added, every=True)
        return (f"{fam.half_width(n, ladder, added, every=True):.2f} ({fam.half_width(n, ladder, added):.2f}), "
                f"{new:.1f}/{repeat:.1f}")

    print(f"  rho {fam.rho:.2f}. Half-width if every curve above counted (if only those predicted to), "
          "core-h new/leaky-ReLU repeat:")
    print("    by seeds, ladder x3.16: " + "; ".join(f"{n}: {row(n, 'x3.16')}" for n in SEEDS[:5]))
    print("    by ladder, 3 seeds: " + "; ".join(f"{name}: {row(3, name)}" for name in LADDERS))
    for value in ADDED[fam.claim]:
        (x, n_train, steps) = fam.added[value]
        own = fam.cost(5, "x3.16", (value,), every=True)[0] - fam.cost(5, "x3.16", every=True)[0]
        print(f"    adding x = {x:g} (N = {n_train}, {steps} updates at U, B = {fam.added_sizes(value, HALF_DECADES)}"
              f" at U and 2U), 5 seeds, ladder x3.16: {row(5, 'x3.16', (value,))}; its own runs {own:.1f} core-h")


def main() -> None:
    """Read the archived runs, show each family, then the cheapest design and the best within the budget."""
    cached_only.run_sweep, sweep.run_sweep = sweep.run_sweep, cached_only
    levels = {claim: levels_of(claim) for claim in FAMILIES}
    model = timed_model(levels["C9"])
    print(f"cost model (Figure 6's N = 32,000 runs, one per core): {model.a * 1e6:.1f} µs per example of a batch, "
          f"{model.c * 1e3:.2f} ms per update; 10^4 updates at N = 8,000 and B = 100, 1000, 3000: "
          + ", ".join(f"{model.seconds(b, 10_000, 8000):.0f}" for b in (100, 1000, 3000)) + " s")
    rng = np.random.default_rng(20261201)
    families = {claim: Family(claim, levels[claim], model, rng) for claim in FAMILIES}
    for claim, fam in families.items():
        show(fam, pd.concat(levels[claim]), model)
    designs = {claim: fam.designs() for claim, fam in families.items()}
    target = {c: min((d for d in ds if d["half_width"] <= TARGET), default=None, key=lambda d: d["new"])
              for c, ds in designs.items()}
    print(f"\ncheapest design with every half-width <= {TARGET} (seeds 3 to {SEEDS[-1]}):")
    print(describe(target) if all(target.values()) else "  none in this design space")
    if not all(target.values()) or sum(d["whole"] for d in target.values()) > BUDGET_HOURS:
        best = best_within(designs, BUDGET_HOURS)
        print(f"\nbest design within {BUDGET_HOURS:g} core-hours, leaky-ReLU repeat included:")
        print(describe(best) if best else "  none")


if __name__ == "__main__":
    main()
