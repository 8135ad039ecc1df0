"""The batch-size search finds the grid's optimum and brackets the trainability edge with
fewer runs than the grid, training each run once, all curves of a round in one sweep."""
from dataclasses import asdict, replace

import numpy as np
import pytest

from bayes_sgd.analysis import edge as edge_analysis
from bayes_sgd.analysis import frames, optimum, search
from bayes_sgd.runs import RunConfig

LADDER = (1, 3, 10, 30, 100, 300, 1000, 3000)
SEEDS = (0, 1, 2)


def _world(peak: float, edge: float):
    """A curve's fake trainer: accuracy peaks at B = peak in log B; runs below edge fail."""
    def result(c: RunConfig) -> dict:
        fails = c.batch_size < edge
        accuracy = 0.1 if fails else 0.9 - 0.05 * (np.log10(c.batch_size) - np.log10(peak)) ** 2 + 0.001 * c.seed
        return {"config": asdict(c), "status": "failed" if fails else "ok", "final_test_accuracy": accuracy,
                "final_train_accuracy": 0.1 if fails else 1.0, "final_test_loss": 1.0, "final_dead_fraction": 0.0}
    return result


def _configs(lr):
    return lambda b: [RunConfig(batch_size=b, lr=lr, seed=s) for s in SEEDS]


def _trainer(worlds, calls):
    def train(configs):
        calls.append(list(configs))
        return [worlds[c.lr](c) for c in configs]
    return train


def test_the_search_finds_the_grids_optimum_and_brackets_the_edge_with_fewer_runs():
    worlds, calls = {0.1: _world(peak=100, edge=5)}, []
    curves = {0.1: search.CurveSearch(LADDER, (30, 100, 300), _configs(0.1))}
    results = search.search(curves, _trainer(worlds, calls))[0.1]
    frame = frames.runs_frame(results)
    assert optimum.best_batch_size(frame).grid_best == 100
    assert sorted(frame["batch_size"].unique()) == [3, 10, 30, 100, 300]  # 1000 and 3000 never trained
    assert edge_analysis.trainability_edge(frame).edge == 10
    configs = [c for call in calls for c in call]
    assert len(configs) == len(set(configs)) == 15  # every run once


def test_a_far_start_climbs_to_the_optimum():
    worlds = {0.1: _world(peak=30, edge=2)}
    curves = {0.1: search.CurveSearch(LADDER, (1000, 3000), _configs(0.1))}
    frame = frames.runs_frame(search.search(curves, _trainer(worlds, []))[0.1])
    best = optimum.best_batch_size(frame)
    assert best.grid_best == 30 and {10, 100} <= set(frame["batch_size"])


def test_an_optimum_on_the_edge_is_found_edge_bound():
    worlds = {0.1: _world(peak=3, edge=30)}  # accuracy rises towards small B, but below 30 nothing trains
    curves = {0.1: search.CurveSearch(LADDER, (100, 300), _configs(0.1))}
    frame = frames.runs_frame(search.search(curves, _trainer(worlds, []))[0.1])
    best, edge = optimum.best_batch_size(frame), edge_analysis.trainability_edge(frame)
    assert best.grid_best == 30 and edge.edge == 30 and edge_analysis.edge_bound(best, edge)


@pytest.mark.parametrize("peak", [1, 3, 10, 30, 100, 300, 1000, 3000])
def test_on_a_unimodal_curve_the_search_agrees_with_the_full_grid(peak):
    world = _world(peak=peak * 1.2, edge=0)
    full = optimum.best_batch_size(frames.runs_frame([world(c) for b in LADDER for c in _configs(0.1)(b)]))
    curves = {0.1: search.CurveSearch(LADDER, search.start_around(LADDER, 100), _configs(0.1))}
    found = optimum.best_batch_size(frames.runs_frame(search.search(curves, _trainer({0.1: world}, []))[0.1]))
    assert found.grid_best == full.grid_best == peak


def test_all_curves_advance_together_one_sweep_per_round():
    worlds, calls = {0.1: _world(100, 5), 0.3: _world(300, 10)}, []
    curves = {lr: search.CurveSearch(LADDER, (30, 100, 300), _configs(lr)) for lr in worlds}
    search.search(curves, _trainer(worlds, calls))
    assert {c.lr for c in calls[0]} == {0.1, 0.3}
    assert len(calls) == 3  # each curve alone takes three rounds: together, three sweeps, not six


def test_a_search_that_does_not_settle_says_so():
    worlds = {0.1: _world(peak=100, edge=0)}
    curves = {0.1: search.CurveSearch(LADDER, (3000,), _configs(0.1))}
    with pytest.raises(RuntimeError, match="did not settle within 2 rounds"):
        search.search(curves, _trainer(worlds, []), max_rounds=2)


def test_the_start_is_the_ladder_value_nearest_the_prediction_and_its_neighbours():
    assert search.start_around(LADDER, 45) == (10, 30, 100)
    assert search.start_around(LADDER, 0.5) == (1, 3)
    assert search.start_around(LADDER, 2500, spread=2) == (300, 1000, 3000)


def test_a_scaling_figure_searches_each_curve_of_its_grid_from_the_window_centre():
    from bayes_sgd import figures

    setup = figures.setup("fig5", "default")
    peak_g, calls = 30.0, []

    def train(configs):
        calls.append(configs)
        return [_world(peak=c.lr * c.n_train / (peak_g * (1 - c.momentum)), edge=0)(c) for c in configs]

    results = search.scaling_results(setup, train)
    trained = [RunConfig(**r["config"]) for r in results]
    assert set(trained) <= set(setup.runs()) and len(trained) < len(setup.runs()) and len(set(trained)) == len(trained)
    for curve in setup.curves:
        start = search.start_around(curve.batch_sizes, setup.predicted_batch_size(curve))
        assert {c.batch_size for c in calls[0] if c.lr == curve.lr} == set(start)
        frame = frames.runs_frame([r for r, c in zip(results, trained) if c.lr == curve.lr])
        grid = [_world(peak=curve.lr * curve.n_train / (peak_g * (1 - curve.momentum)), edge=0)(c)
                for b in curve.batch_sizes for c in setup.curve_runs(curve, b)]
        assert optimum.best_batch_size(frame).grid_best == optimum.best_batch_size(frames.runs_frame(grid)).grid_best


def test_families_are_searched_together_and_each_gets_its_own_curves_results():
    from bayes_sgd import figures

    setup = figures.setup("fig6", "smoke")
    calls = []

    def train(configs):
        calls.append(configs)
        return [_world(peak=c.n_train / 30, edge=0)(c) for c in configs]

    parts = list(setup.parts().values())
    found = search.family_results(parts, train)
    alone = [search.scaling_results(part, lambda cs: [_world(peak=c.n_train / 30, edge=0)(c) for c in cs]) for part in parts]
    assert [[r["config"] for r in f] for f in found] == [[r["config"] for r in a] for a in alone]
    rounds = max(len(_rounds(part)) for part in parts)
    assert len(calls) == rounds  # one sweep per round over every family
    for part, results in zip(parts, found):
        assert {RunConfig(**r["config"]) for r in results} <= set(part.runs())


def _rounds(part):
    calls = []
    search.scaling_results(part, lambda cs: calls.append(cs) or [_world(peak=c.n_train / 30, edge=0)(c) for c in cs])
    return calls


FINE = (1, 2, 3, 5, 10, 20, 30, 50, 100, 200, 300, 500, 1000, 2000, 3000)


def test_refinement_fills_the_fine_ladder_from_the_stability_edge_to_one_step_above_the_optimum():
    """Fails if the refinement trains fine batch sizes below the last unstable coarse one or above
    one coarse step over the best, misses one in between, or trains a batch size twice."""
    world = _world(peak=100, edge=5)  # B = 3 fails, B = 10 trains: the stability edge is 10
    results = [world(c) for b in (3, 10, 30, 100, 300) for c in _configs(0.1)(b)]
    frame = frames.runs_frame(results)
    assert search.refine_sizes(frame, LADDER, FINE) == [5, 20, 50, 200]  # above 3, up to 300 (one step over 100)
    stable = frames.runs_frame([world(c) for b in (10, 30, 100, 300) for c in _configs(0.1)(b)])
    assert search.refine_sizes(stable, LADDER, FINE) == [20, 50, 200]  # every tried B stable: from the smallest
    twice = frames.runs_frame([world(c) for b in (1, 3, 10, 30, 100, 300) for c in _configs(0.1)(b)])
    assert search.refine_sizes(twice, LADDER, FINE) == [5, 20, 50, 200]  # B = 1 and 3 fail: nothing below 3


def test_the_refinement_trains_round_after_round_until_it_settles_and_no_further():
    """Fails if a refinement that settles in its last allowed round is called unsettled, or one
    that needs more rounds than allowed is not stopped loudly."""
    from bayes_sgd import figures

    fine = figures.setup("fig5", "smoke", refine=True)
    world = _world(peak=70, edge=0)  # the first round's best, B = 50, leaves B = 100 to try in a second
    coarse = [world(c) for curve in fine.curves for b in curve.batch_sizes[:3] for c in fine.curve_runs(curve, b)]
    calls = []
    refined, = search.refined_results([(fine, coarse)], lambda cs: calls.append(cs) or [world(c) for c in cs],
                                      max_rounds=2)
    assert len(calls) == 2 and {c.batch_size for c in calls[1]} == {50, 100}
    with pytest.raises(RuntimeError, match="did not settle within 1 rounds"):
        search.refined_results([(fine, coarse)], lambda cs: [world(c) for c in cs], max_rounds=1)


def test_a_refined_family_trains_only_its_fine_points_and_follows_a_best_that_moved_up():
    """Fails if a setup without a fine ladder trains anything more, if the refined runs are not
    the setup's own, or if a best that moved to the top of the refined range is not refined again."""
    from bayes_sgd import figures

    coarse = figures.setup("fig5", "smoke")
    fine = figures.setup("fig5", "smoke", refine=True)
    assert set(coarse.runs()) < set(fine.runs()) and fine.fine_ladder is not None

    def train(configs):
        return [_world(peak=c.lr * 2000, edge=0)(c) for c in configs]  # optima near B = 200 and 600

    searched = search.scaling_results(fine, train)
    kept, = search.refined_results([(coarse, searched)], train)
    assert kept == searched
    refined, = search.refined_results([(fine, searched)], train)
    new = [RunConfig(**r["config"]) for r in refined[len(searched):]]
    assert new and set(new) <= set(fine.runs()) and len(set(new)) == len(new)
    assert not {c.batch_size for c in new} - set(FINE)
    for curve in fine.curves:
        frame = frames.runs_frame([r for r in refined if r["config"]["lr"] == curve.lr])
        assert not search.refine_sizes(frame, curve.batch_sizes, fine.fine_sizes(curve))


def test_a_family_that_asks_is_searched_again_with_the_units_kept_alive(monkeypatch):
    """Fails if the leaky-ReLU copy of a family is not trained beside it (same curves, seeds and
    budget, only the activation changed), or is trained where the family does not ask for it."""
    from bayes_sgd import figures
    from bayes_sgd.figures import kinds

    def fake(figure, device, scheduler):
        return lambda configs: [_world(peak=c.lr * 2000 / (2 if c.activation == "leaky_relu" else 1), edge=0)(c)
                                for c in configs]

    monkeypatch.setattr(kinds, "train", fake)
    plain, asked = figures.setup("fig5", "smoke"), figures.setup("fig5", "smoke", alive=True)
    assert plain.alive_setup() is None
    alive = asked.alive_setup()
    assert [replace(c, activation="relu") for c in alive.runs()] == plain.runs() and alive.doublings == 0
    assert not any(r["config"]["activation"] == "leaky_relu" for r in figures.results_of("fig5", plain))
    results = figures.results_of("fig5", asked)
    leaky = [r for r in results if r["config"]["activation"] == "leaky_relu"]
    assert leaky and {RunConfig(**r["config"]) for r in leaky} <= set(alive.runs())
    assert {r["config"]["steps"] for r in leaky} == {c.steps for c in plain.curves}  # the first budget only


def test_a_refined_family_goes_through_the_budget_test_when_its_best_is_a_fine_batch_size(monkeypatch):
    """Fails if the budget test cannot start from a refined curve (its best on the fine ladder, not
    the coarse one), or if the doubled budget does not search the fine ladder (B = 20 at 2U)."""
    from bayes_sgd import figures
    from bayes_sgd.figures import kinds

    monkeypatch.setattr(kinds, "train", lambda figure, device, scheduler: lambda configs: [
        _world(peak=50 if c.steps <= 60 else 20, edge=2)(c) for c in configs])
    refined = figures.setup("fig5", "smoke", refine=True)
    results = figures.results_of("fig5", refined)
    frame = frames.runs_frame(results).query("lr == 0.1")  # its curve trains 40 updates at U
    at_u, at_2u = frame[frame["steps"] == 40], frame[frame["steps"] == 80]
    assert optimum.best_batch_size(at_u).grid_best == 50  # a fine batch size
    assert 20 in set(at_2u["batch_size"])  # the doubled budget refined around its own best
    assert {RunConfig(**r["config"]) for r in results} <= set(refined.all_runs())


def test_a_scaling_page_records_what_the_units_alive_comparison_read_per_curve(monkeypatch, tmp_path):
    """Fails if the page's claim loses the comparison's reading per curve (the page not passing
    Family.alive_shifts to the claim), or the family reads another shift than the comparison's."""
    import json

    from bayes_sgd.claims import records
    from bayes_sgd.figures import kinds
    from bayes_sgd.pages.scaling import ScalingPage

    def fake(figure, device, scheduler):  # the leaky optimum at a third of ReLU's: it moved down
        return lambda configs: [_world(peak=c.lr * 3000 / (3 if c.activation == "leaky_relu" else 1), edge=0)(c)
                                for c in configs]

    monkeypatch.setattr(kinds, "train", fake)
    monkeypatch.setattr(records, "claims_dir", lambda: tmp_path)
    page = ScalingPage("fig5", profile="smoke", alive=True)
    page.compute()
    family = page.family("C8")
    assert family.alive_shifts() == {x: s.shift for x, s in family.alive.items()} and family.alive_shifts()
    page.check("C8")
    numbers = json.loads((tmp_path / "C8.json").read_text())["numbers"]
    shifts = numbers["optimum with the units kept alive (ratio to ReLU's within ×1.5: stayed)"]
    assert shifts == {f"{x:g}": s for x, s in family.alive_shifts().items()}


def test_a_familys_cliff_is_trained_at_every_budget_its_curves_reached_whatever_the_search_found(monkeypatch):
    """Fails if the cliff's batch sizes are left to the search (here every run below the peak is
    reported as not fitting its training set, so the search never steps down to them), if they are
    trained on a curve that did not ask (lr = 0.3), at a budget the curve did not reach, twice, or
    if a setup without a cliff trains them."""
    from bayes_sgd import figures
    from bayes_sgd.figures import kinds

    def world(c):  # optimum at B = 30; nothing below B = 10 fits the training set within the budget
        result = _world(peak=30, edge=0)(c)
        return {**result, "final_train_accuracy": 1.0 if c.batch_size >= 10 else 0.5}

    monkeypatch.setattr(kinds, "train", lambda figure, device, scheduler: lambda configs: [world(c) for c in configs])
    plain = figures.setup("fig5", "smoke")
    cliffed = replace(plain, cliff=((0.1, (1, 2)),))
    assert set(plain.runs()) < set(cliffed.runs()) and not plain.cliff_runs()
    before = frames.runs_frame(figures.results_of("fig5", plain))
    assert not set(before["batch_size"]) & {1, 2}
    results = figures.results_of("fig5", cliffed)
    frame = frames.runs_frame(results)
    cliff = frame[frame["batch_size"].isin([1, 2])]
    assert set(cliff["lr"]) == {0.1}
    reached = set(frame.query("lr == 0.1")["steps"])
    assert len(reached) > 1 and set(cliff["steps"]) == reached  # U, 2U and any 4U the curve reached
    assert len(cliff) == 2 * len(reached) * len(plain.seeds)
    assert len({(r["config"]["batch_size"], r["config"]["steps"], r["config"]["seed"], r["config"]["lr"])
                for r in results}) == len(results)
