"""The page "What sets the optimum batch size" (beyond the paper): the temperature sweep of Smith,
Elsen & De (2020), the simple noise scale of McCandlish et al. (2018) at every scaling curve's
optimum, and the map of stability edge, budget edge, optimum and noise scale of Figures 5-7."""
from __future__ import annotations

from .. import data, figures, mechanism_plots, plots, provenance, tables
from ..analysis import temperature as temp
from ..analysis.budget import budget_tests
from ..analysis.frames import runs_frame
from ..analysis.mechanism import curve_map, map_table, mechanism_table, paper_line
from ..analysis.records import Optimum
from ..analysis.simple_noise import noise_scale_of, noise_scale_slope, noise_scale_table
from ..claims.mechanism import check_noise_scale_slope, check_temperature_ratio, check_temperature_slope
from ..claims.records import report
from ..runs import RunConfig
from ..setups.scaling import VARIED
from .page import Page
from .scaling import Family

MAPPED = {"C8": "fig5", "C9": "fig6", "C10": "fig7"}  # one panel of the map per paper claim


def _optimum(family: Family, x: float) -> Optimum:
    """A curve's optimum as its figure judges it: at the budget the budget test settled on where
    the test ran (analysis.budget), else at the first budget."""
    return family.optima[x].best if family.optima else family.best[x]


def _set_by(family: Family) -> dict[float, str]:
    """What set each curve's optimum: with the units kept alive taken into account where they were
    trained (Family.set_by_alive: 'dying units' where the optimum moved down), else the budget
    test's answer, or without it 'stability' for an edge-bound optimum and 'untested'."""
    alive = family.set_by_alive() or {}
    return {x: alive.get(x, family.set_by(x)) for x in family.best}


class MechanismPage(Page):
    """Figure M. Parameters are checked on creation, before any run; `compute` trains (or reads
    from the cache) and draws the three figures."""

    def __init__(self, *, profile: str = "default", device: str = "cpu", scheduler: str | None = None, **overrides):
        super().__init__("figM", profile, device, scheduler, **overrides)
        self.sweep = self.setup.temperature

    def compute(self) -> None:
        found = figures.mechanism_results(self.setup, self.device, self.scheduler)
        self.results = figures.trained_here(found)
        m = self.sweep.main.momentum
        frames = {f.data_source: runs_frame(figures.part_results(f, found["temperature"])) for f in self.sweep.families}
        self.bests = {source: temp.best_lrs(frame) for source, frame in frames.items()}
        checked = self.sweep.checked()
        self.check_e = temp.epoch_check(self.bests[checked.data_source],
                                        temp.best_lrs(runs_frame(figures.part_results(checked, found["temperature"]))))
        main = frames[self.sweep.main.data_source]
        sizes = (f"{len(found['temperature'])} runs, {len(self.sweep.main.seeds)} seeds per point, "
                 f"{self.sweep.main.epochs} epochs")
        plots.glue_figure("figM_temperature", mechanism_plots.temperature_sweep(main, {
            data.source_name(s): b for s, b in self.bests.items()}, m, sizes), sizes)
        self._noise_and_map(found)

    def _noise_and_map(self, found: dict) -> None:
        self.families, self.points, self.set_by = {}, {}, {}
        for key, setup in self.setup.scaling.items():
            for claim, part in figures.scaling_parts(key, setup).items():
                family = Family.of_part(key, claim, part, found["scaling"][key])
                self.families[claim] = family
                seen = {RunConfig(**r["config"]) for _, (_, _, r) in self.points.items()}
                for x, result in found["measured"][claim].items():
                    if RunConfig(**result["config"]) in seen:
                        continue  # a curve two figures share (ε = 0.1, N = 8,000, m = 0.9) counts once
                    name = f"{claim}: {VARIED[key]['quantity']} = {x:g}"
                    self.points[name] = (noise_scale_of(result), _optimum(family, x), result)
                    self.set_by[name] = _set_by(family)[x]
        self.maps = {}  # per mapped claim: its curves' edges, optimum and B_simple, and the quantity they vary
        for claim, key in MAPPED.items():
            family = self.families[claim]
            if family.optima is None:
                continue
            by = VARIED[key]["x_column"]
            noise = {x: noise_scale_of(r) for x, r in found["measured"][claim].items()}
            self.maps[claim] = (curve_map(family.optima, budget_tests(family.levels, by), noise, by, _set_by(family)),
                                VARIED[key]["quantity"])
        maps = {f"{claim}: {VARIED[MAPPED[claim]]['name']}": (frame, paper_line(frame), VARIED[MAPPED[claim]]["x_label"])
                for claim, (frame, _) in self.maps.items()}
        points = {k: (x, best) for k, (x, best, _) in self.points.items()}
        self.noise_fit = noise_scale_slope(points)
        self.noise_fit_noise_set = noise_scale_slope({k: p for k, p in points.items() if self.set_by[k] == "noise"})
        sizes = f"{len(points)} curves of Figures 5-7, B_simple on one seed at each curve's best grid batch size"
        plots.glue_figure("figM_noise", mechanism_plots.optimum_against_noise_scale(
            noise_scale_table(points, self.set_by), points, self.noise_fit, sizes), sizes)
        if maps:
            plots.glue_figure("figM_map", mechanism_plots.mechanism_map(maps, "Figures 5, 6 and 7"), "Figures 5-7")

    def temperature_table(self, source: str | None = None):
        source = source or self.sweep.main.data_source
        return tables.show(temp.best_lr_table(self.bests[source], self.sweep.main.momentum))

    def epoch_check_table(self):
        return tables.show(temp.epoch_check_table(self.check_e, self.sweep.main.epochs))

    def noise_table(self):
        return tables.show(noise_scale_table({k: (x, b) for k, (x, b, _) in self.points.items()}, self.set_by))

    def map_table(self):
        """The numbers behind the map, per claim and curve."""
        return tables.show(map_table(self.maps))

    def mechanism_table(self):
        return tables.show(mechanism_table({claim: _set_by(f) for claim, f in self.families.items()}))

    def check_temperature(self):
        """T1 and T2 on every family of the sweep (the main one's ids plain, the others '-small')."""
        claims = []
        stayed = all(c["stayed"] for c in self.check_e.values())
        small, large = self.sweep.main.batch_sizes[0], self.sweep.main.batch_sizes[-1]
        for i, family in enumerate(self.sweep.families):
            suffix = "" if i == 0 else "-small"
            bests = self.bests[family.data_source]
            setting = f"{data.source_name(family.data_source)}, N = {', '.join(f'{n:,}' for n in family.n_trains)}"
            excluded = {f"N = {n}, B = {b}": best.state for (n, b), best in bests.items() if not temp.usable(best)}
            claims.append(check_temperature_ratio(temp.lr_ratio(bests, small, large), small, large, excluded, setting,
                                                  claim_id=f"T1{suffix}"))
            slope = temp.temperature_slope(bests, family.momentum)
            reading = temp.reading_of_slope(slope.fit.slope_low, slope.fit.slope_high) if slope else ""
            claims.append(check_temperature_slope(slope, reading, stayed, excluded, setting, claim_id=f"T2{suffix}"))
        return report(claims, self.profile, f"{len(self.sweep.main.seeds)} seeds, {self.sweep.main.epochs} epochs")

    def check_noise_scale(self):
        claim = check_noise_scale_slope(self.noise_fit, self.noise_fit_noise_set, "every curve of Figures 5-7")
        return report([claim], self.profile, "Figures 5-7, B_simple on one seed")

    def footer(self):
        sources = ", ".join(data.source_name(f.data_source) for f in self.sweep.families)
        return provenance.footer(self.started, self.profile, f"{sources}; the runs of Figures 5-7", self.results)
