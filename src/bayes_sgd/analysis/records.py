"""The records the analysis hands on: a curve's optimum, its trainability edge, a fitted slope and
a family's scaling fits, each a small frozen dataclass of one shape. Claims, plots and tables
read their fields. No torch, no profile."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Optimum:
    """A curve's best batch size (or, along ε, its best learning rate), two ways.

    grid_best: the best grid point (mean test accuracy over seeds), grid_low and grid_high its
    neighbours (the paper's error bar), grid_interior whether it has both. fit_best: the vertex of
    a quadratic in log B through it and its neighbours, with its 95% interval over seeds (fit_low,
    fit_high; jackknife, Student's t); leave_one_out_log10_best: log10 of the vertex without each
    seed of seed_ids in turn."""

    grid_best: float
    grid_low: float
    grid_high: float
    grid_interior: bool
    fit_best: float
    fit_low: float
    fit_high: float
    best_mean_accuracy: float
    seed_ids: tuple[int, ...]
    leave_one_out_log10_best: tuple[float, ...]

    @property
    def seeds(self) -> int:
        return len(self.seed_ids)


@dataclass(frozen=True)
class Edge:
    """A curve's trainability edge: the smallest B from which every run of every larger B trains
    (nan when the largest does not); edge_low and edge_high the range of each seed's own edge;
    below_edge why the runs below it did not train; leave_one_out_log10_edge log10 of the edge
    without each seed in turn."""

    edge: float
    edge_low: float
    edge_high: float
    below_edge: str
    leave_one_out_log10_edge: tuple[float, ...]


@dataclass(frozen=True)
class Slope:
    """A least-squares slope of log10 y on log10 x with its 95% interval over seeds (jackknife,
    Student's t; se its standard error) and the 95% interval of a rerun with other seeds
    (replication_low, replication_high); curves: the x fitted. For optima also the slope through
    the best grid points (grid_slope) and the curves whose best grid point is at a grid end."""

    slope: float
    se: float
    slope_low: float
    slope_high: float
    seeds: int
    replication_low: float = float("nan")
    replication_high: float = float("nan")
    curves: tuple[float, ...] = ()
    grid_slope: float = float("nan")
    grid_end_curves: tuple[float, ...] = ()


@dataclass(frozen=True)
class ScalingFits:
    """How a family's optimum and edge scale with the quantity it varies.

    optimum: the optimum's slope over the curves that count (None with too few); edge: the edge's
    slope over every curve (None where a curve has no edge); edge_bound: the curves not counted.
    tested: judged with the budget test (claims.budget), which fills set_by (what set each
    optimum: analysis.budget.MECHANISMS), judged_at (the budget, in multiples of U),
    doubled_optimum (B_opt at twice that budget, None where not trained), unresolved (the curves
    the test could not judge) and provisional (the slope over the noise-set and unresolved curves,
    where too few are noise-set). pooled: the shared-parabola slope beside it (analysis.pooled)."""

    curves: int
    edge_bound: tuple[float, ...]
    optimum: Slope | None
    edge: Slope | None
    tested: bool = False
    set_by: dict = field(default_factory=dict, hash=False)
    judged_at: dict = field(default_factory=dict, hash=False)
    doubled_optimum: dict = field(default_factory=dict, hash=False)
    unresolved: tuple[float, ...] = ()
    provisional: Slope | None = None
    pooled: Slope | None = None
