"""Setups of the scaling-rule figures (5, 6, 7): families of curves around a base setting.

Each of Figures 5-7 varies one quantity q (ε, N or m) around a base setting and trains,
for every value, a grid of batch sizes for the same SDE time t = ε·steps/(N(1-m)), so
that the curves differ only in q. Every curve gets the batch sizes of a fixed ladder whose
noise scale εN/(B(1-m)) lies in a profile's window: the grid follows the expected optimum,
and the cost of a curve hardly depends on q.

Figures 5 and 7 on their pages start from the common curve of setups.profiles (a large training
set at the paper's update count in 'default'), Figure X from the small base; Figure 6's families
of such curves are in setups.figure6.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from .. import data
from ..params import ParameterError, check_choice, check_list, check_positive_float, check_positive_int
from ..runs import ACTIVATIONS, RunConfig, sde_time, steps_for
from .common import check_training_set_size, held_out_images
from .profiles import FIG5, FIG7, FIGX, FINE_LADDER, PROFILES, BaseCurve, FamilySettings

# Which quantity each figure varies, its RunConfig field, and how it is written on the page.
# x_column: the runs_frame column the best batch size is plotted and fitted against (quantity); parameter: the
# page's name for its values (the notebooks' parameter; `values`, the old name, is still accepted).
VARIED = {
    "fig5": dict(field="lr", symbol="ε", name="learning rate", x_label="learning rate ε", x_column="lr",
                 quantity="ε", parameter="learning_rates"),
    "fig6": dict(field="n_train", symbol="N", name="training-set size", x_label="training-set size N",
                 x_column="n_train", quantity="N", parameter="training_set_sizes"),
    "fig7": dict(field="momentum", symbol="m", name="momentum", x_label="1/(1 − m)", x_column="momentum_factor",
                 quantity="1/(1 − m)", parameter="momenta"),
}


PROTOCOLS = ("sde_time", "fixed_budget")  # what is held fixed between the curves of a family


def batch_grid(lr: float, n_train: int, momentum: float, window: tuple[float, float], ladder,
               max_batch: int | None = None) -> tuple[int, ...]:
    """Ladder batch sizes B <= N (and <= max_batch) whose noise scale εN/(B(1-m)) lies in the window."""
    scale = lr * n_train / (1 - momentum)
    low, high = window[0] * (1 - 1e-9), window[1] * (1 + 1e-9)  # ends included despite rounding
    largest = min(n_train, max_batch or n_train)
    return tuple(b for b in ladder if b <= largest and low <= scale / b <= high)


@dataclass(frozen=True)
class Curve:
    """One curve of a scaling figure: everything but the batch size and the seed."""

    lr: float
    momentum: float
    n_train: int
    n_test: int
    steps: int
    batch_sizes: tuple[int, ...]

    def value(self, field: str) -> float:
        return getattr(self, field)


@dataclass(frozen=True)
class ScalingSetup:
    """Setup of one family of curves of Figures 5-7. protocol: what the curves share, the SDE
    time t ('sde_time') or the base setting's number of updates ('fixed_budget'; t is then the
    base curve's). max_batch: the grid's cap, if any."""

    figure: str
    profile: str
    data_source: str
    seeds: tuple[int, ...]
    curves: tuple[Curve, ...]
    t: float
    window: tuple[float, float]
    hidden: int = 800
    protocol: str = "sde_time"
    max_batch: int | None = None
    base: BaseCurve | None = None  # the curve the others are derived from, as overridden
    doublings: int = 0  # the budget test (analysis.budget): 1, every curve also at 2U; 2, then again at 4U where its optimum moved
    activation: str = "relu"  # 'leaky_relu' keeps the hidden units alive (a change from the paper; runs.LEAKY_SLOPE)
    fine_ladder: tuple[int, ...] | None = None  # where given, each curve is refined on it (analysis.search)
    alive: tuple = ()  # the values (of field) whose curves are also searched at U with the units kept alive (alive_setup)
    cliff: tuple = ()  # ((value, (B, ...)), ...): trained on those curves at every budget (cliff_runs)

    def fixed(self) -> str:
        """What the curves share, in words."""
        if self.protocol == "fixed_budget":
            return f"{self.curves[0].steps:,} updates for every curve"
        return f"SDE time t = {self.t:g}"

    def title(self) -> str:
        """The family, for a figure's title: data and protocol (the sizes say the numbers)."""
        protocol = "fixed update budget" if self.protocol == "fixed_budget" else "fixed SDE time"
        alive = ", leaky ReLU (units kept alive)" if self.activation != "relu" else ""
        return f"{data.source_name(self.data_source)}, {protocol}{alive}"

    @property
    def field(self) -> str:
        return VARIED[self.figure]["field"]

    def sizes(self, n_runs: int) -> str:
        """The sample sizes behind the figure, for its caption."""
        sizes = ", ".join(str(n) for n in dict.fromkeys(c.n_train for c in self.curves))
        return (f"{len(self.curves)} curves, {len(self.seeds)} seeds per point, {n_runs} runs, "
                f"{self.fixed()}, N = {sizes}")

    def data_description(self) -> str:
        """The data behind the figure, for its provenance footer: each distinct N and its test images."""
        splits = dict.fromkeys((c.n_train, c.n_test) for c in self.curves)
        return f"{data.source_name(self.data_source)}, " + "; ".join(f"N = {n}, {t} test images" for n, t in splits)

    def claim_context(self) -> str:
        """The setting a verdict was reached in, for the claims table: data, seeds, SDE time."""
        return f"{data.source_name(self.data_source)}, {len(self.seeds)} seeds, {self.fixed()}"

    def curve_runs(self, curve: Curve, batch_size: int) -> list[RunConfig]:
        """The runs of one point of a curve: one per seed."""
        return [RunConfig(batch_size=batch_size, lr=curve.lr, momentum=curve.momentum, steps=curve.steps,
                          n_train=curve.n_train, n_test=curve.n_test, hidden=self.hidden,
                          data_source=self.data_source, activation=self.activation, seed=s) for s in self.seeds]

    def predicted_batch_size(self, curve: Curve) -> float:
        """The batch size whose noise scale εN/(B(1-m)) is the window's geometric centre: where
        the window puts the expected optimum, and where the search along the curve starts."""
        return curve.lr * curve.n_train / ((self.window[0] * self.window[1]) ** 0.5 * (1 - curve.momentum))

    def fine_sizes(self, curve: Curve) -> tuple[int, ...]:
        """The fine-ladder batch sizes of a curve, in the same noise-scale window and cap (none without one)."""
        if self.fine_ladder is None:
            return ()
        return batch_grid(curve.lr, curve.n_train, curve.momentum, self.window, self.fine_ladder, self.max_batch)

    def runs(self) -> list[RunConfig]:
        """Every run of the grid (and of the fine grid, where refined), and of the cliff: the most
        the batch-size search along the curves can train."""
        return [r for c in self.curves for b in self.ladder(c) for r in self.curve_runs(c, b)] + self.cliff_runs()

    def cliff_sizes(self, curve: Curve) -> tuple[int, ...]:
        """The batch sizes a curve is trained at whatever its search finds (none unless asked)."""
        return dict(self.cliff).get(self.curve_x(curve), ())

    def cliff_runs(self, curves: tuple[Curve, ...] | None = None) -> list[RunConfig]:
        """The runs of the cliff points of the curves (by default all of them), one per seed."""
        return [r for c in (self.curves if curves is None else curves) for b in self.cliff_sizes(c)
                for r in self.curve_runs(c, b)]

    def doubled_budget(self) -> ScalingSetup:
        """The same curves with twice the updates (twice the SDE time), for the budget test."""
        return replace(self, curves=tuple(replace(c, steps=2 * c.steps) for c in self.curves), t=2 * self.t,
                       doublings=0, alive=())

    def ladder(self, curve: Curve) -> tuple[int, ...]:
        """The batch sizes a curve is searched on: its grid, with its fine grid where refined."""
        return tuple(sorted({*curve.batch_sizes, *self.fine_sizes(curve)}))

    @property
    def budget_test(self) -> bool:
        """Whether the family is searched again with a doubled budget."""
        return self.doublings > 0

    def budget_levels(self) -> list[ScalingSetup]:
        """The family at U and, where its budget is tested, at 2U, 4U, ... (doublings of them)."""
        levels = [self]
        for _ in range(self.doublings):
            levels.append(levels[-1].doubled_budget())
        return levels

    def curve_x(self, curve: Curve) -> float:
        """A curve's value of the quantity its figure plots (VARIED's x_column: ε, N or 1/(1 − m))."""
        return 1 / (1 - curve.momentum) if self.figure == "fig7" else float(curve.value(self.field))

    def only(self, xs) -> ScalingSetup:
        """The same family with only the curves whose x (curve_x) is among xs."""
        return replace(self, curves=tuple(c for c in self.curves if self.curve_x(c) in set(xs)))

    def alive_setup(self) -> ScalingSetup | None:
        """The curves of `alive` at the first budget with the hidden units kept alive (leaky ReLU),
        where the family asks for any and is not already leaky; else None."""
        curves = tuple(c for c in self.curves if c.value(self.field) in self.alive)
        if not curves or self.activation != "relu":
            return None
        return replace(self, curves=curves, activation="leaky_relu", doublings=0, alive=(), cliff=())

    def all_runs(self) -> list[RunConfig]:
        """Every run of the grid, of the grids at every budget tested, and with the units kept alive."""
        alive = self.alive_setup()
        return [r for level in self.budget_levels() for r in level.runs()] + (alive.runs() if alive else [])


def scaling_setup(figure: str, profile: str = "default", values: tuple | list | None = None,
                  n_seeds: int | None = None, data_source: str | None = None,
                  n_train: int | None = None, page_base: bool = True, activation: str = "relu",
                  refine: bool | None = None, alive: bool | None = None) -> ScalingSetup:
    """The setup of Figure 5, 6 or 7 in a profile (for Figure 6 its small-N part at a fixed SDE
    time as Figure X reads it, profiles.FIGX; Figure 6's page: figure6.figure6_setup), with any
    parameter given overriding it; checked first. n_train: the base setting's N
    (Figures 5 and 7). page_base: Figures 5 and 7 on their pages (profiles.FIG5, FIG7); False: at
    the small base where Figure X regroups them (profiles.FIGX). activation: the hidden layer's
    ('leaky_relu' keeps its units alive, a change from the paper). refine: each curve refined on
    profiles.FINE_LADDER from its stability edge to one step above its optimum (analysis.search);
    alive: also trained with the units kept alive (both profiles.FamilySettings'; None: the profile's)."""
    check_choice("figure", figure, tuple(VARIED))
    check_choice("profile", profile, PROFILES)
    values = check_list("values", values, "[0.03, 0.1, 0.3]")
    if n_train is not None and figure == "fig6":
        raise ParameterError("n_train is not allowed for fig6, which varies N: give values")
    paged = {"fig5": FIG5, "fig7": FIG7}
    settings = paged[figure][profile] if page_base and figure in paged else FIGX[profile].scaling[figure]
    return family(figure, profile, settings, values, n_seeds, data_source, n_train=n_train, activation=activation,
                  refine=refine, alive=alive)


def family(figure: str, profile: str, settings: FamilySettings, values: tuple | list | None = None,
           n_seeds: int | None = None, data_source: str | None = None, n_train: int | None = None,
           name: str = "values", activation: str = "relu", refine: bool | None = None,
           alive: bool | None = None) -> ScalingSetup:
    """One family of curves (profiles.FamilySettings): its base curve, with any of n_seeds,
    data_source and n_train given replacing the base's, and the figure's quantity set to each
    value, every curve at the base's SDE time ('sde_time') or its updates ('fixed_budget')."""
    check_choice("activation", activation, ACTIVATIONS)
    check_choice("protocol", settings.protocol, PROTOCOLS)
    if alive and activation != "relu":
        raise ParameterError(f"alive=True is not allowed with activation={activation!r}: the units-alive comparison "
                             "trains a ReLU family again with leaky ReLU; give one of them")
    given = dict(n_seeds=n_seeds, data_source=data_source, n_train=n_train)
    base = replace(settings.base, **{key: value for key, value in given.items() if value is not None})
    values = tuple(settings.values if values is None else values)
    check_choice("data_source", base.data_source, data.SOURCES)
    check_positive_int("n_seeds", base.n_seeds)
    field = VARIED[figure]["field"]
    if field != "n_train":  # Figure 6's curves replace the base's N by their own
        check_positive_int("n_train", base.n_train)
        check_training_set_size(base.n_train, base.data_source, "n_train")
    if len(values) < 2 or len(set(values)) != len(values):
        raise ParameterError(f"{name}={list(values)!r} is not allowed; give at least two different values of "
                             f"{VARIED[figure]['symbol']}")
    for v in values:
        _check_value(field, v, base.data_source, name)
    t = sde_time(base.lr, base.steps, base.n_train, base.momentum)
    curves = []
    for v in sorted(values):
        knobs = {"lr": base.lr, "n_train": base.n_train, "momentum": base.momentum, field: v}
        lr, n, m = float(knobs["lr"]), int(knobs["n_train"]), float(knobs["momentum"])
        grid = batch_grid(lr, n, m, base.window, base.ladder, base.max_batch)
        if len(grid) < 3:
            raise ParameterError(f"{name} contains {field}={v!r}, which is not allowed here: it leaves {len(grid)} "
                                 f"batch sizes in the noise-scale window {base.window} (at least 3 are needed)")
        updates = base.steps if settings.protocol == "fixed_budget" else steps_for(t, lr, n, m)
        curves.append(Curve(lr, m, n, held_out_images(base.data_source, base.n_test, n), updates, grid))
    return ScalingSetup(figure, profile, base.data_source, tuple(range(base.n_seeds)), tuple(curves), t, base.window,
                        protocol=settings.protocol, max_batch=base.max_batch, base=base,
                        doublings=settings.doublings, activation=activation,
                        fine_ladder=FINE_LADDER if (settings.refine if refine is None else refine) else None,
                        alive=_alive(settings.alive, values, alive),
                        cliff=tuple((v, sizes) for v, sizes in settings.cliff if v in values))


def _alive(profiled: tuple, values: tuple, asked: bool | None) -> tuple:
    """The values whose curves are trained again with the units kept alive: every one (asked
    True), none (False), or the profile's among them (None)."""
    if asked is None:
        return tuple(v for v in values if v in profiled)
    return tuple(values) if asked else ()


def _check_value(field: str, v, data_source: str, name: str = "values") -> None:
    if field == "lr":
        check_positive_float(f"{name} (learning rates)", v)
    elif field == "n_train":
        check_positive_int(f"{name} (training-set sizes)", v)
        check_training_set_size(v, data_source, f"{name} contains N")
    elif not isinstance(v, (int, float)) or isinstance(v, bool) or not 0 <= v < 1:
        raise ParameterError(f"{name} contains m={v!r}, which is not allowed: momentum must be in [0, 1)")
