"""Verification that reaches long runs (execution.prefix): a run's first updates trained again
match its archived curves bit for bit; an altered start or configuration is caught, a late
alteration is not (what the README says a start cannot catch); every run can be drawn; the
rotation goes round every run."""
import json

import pytest
from conftest import export_configs, forge

from bayes_sgd import book, provenance, train
from bayes_sgd.execution import archive, prefix, sweep
from bayes_sgd.execution.cache import ResultsCache, canonical

CONFIGS = [train.RunConfig(batch_size=b, lr=0.3, steps=40, n_train=200, n_test=300, hidden=32, seed=s)
           for b in (5, 20) for s in (0, 1)]


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    return export_configs(CONFIGS, tmp_path_factory.mktemp("origin"), "fig6-part.json.gz")[1]


def test_the_first_updates_of_a_run_are_the_whole_runs_own_bit_for_bit(exported):
    entry = archive.read(exported)["entries"][0]
    here = sweep.train_group([archive.config_of(entry["key"])], "cpu", stop_after=12)[0]
    steps = entry["result"]["curves"]["step"]
    shared = [i for i, s in enumerate(steps) if s <= 12]
    assert len(shared) >= 5 and here["curves"]["step"][:len(shared)] == [steps[i] for i in shared]
    for name in prefix.CURVES:
        assert here["curves"][name][:len(shared)] == [entry["result"]["curves"][name][i] for i in shared]
    comparison = prefix.compare_prefix(entry, here, 12)
    assert comparison.passed and comparison.same_platform and comparison.largest_difference == 0


def _both(entry: dict, field: str, value) -> None:
    entry["key"][field] = value
    entry["result"]["config"][field] = value


@pytest.mark.parametrize("alteration, caught", [
    (lambda e: e["result"]["curves"]["test_accuracy"].__setitem__(3, e["result"]["curves"]["test_accuracy"][3] + 1e-6),
     True),  # an early point, by a millionth
    (lambda e: _both(e, "lr", 0.31), True),  # the configuration, in its key and its result alike
    (lambda e: _both(e, "steps", 400), True),  # the budget, ten times: the recorded steps move
    (lambda e: e["result"]["curves"]["test_accuracy"].__setitem__(-1, 0.99), False),  # after the start: not seen
])
def test_an_altered_start_or_configuration_is_caught_a_late_change_is_not(exported, tmp_path, alteration, caught):
    forged = forge(exported, tmp_path / "forged.json.gz", lambda c: alteration(c["entries"][0]))
    entry = archive.read(forged)["entries"][0]
    assert prefix.check_prefix(entry, updates=12).passed is not caught


def test_any_run_can_be_drawn_whatever_it_cost_and_its_start_fits_the_builds_time(exported, tmp_path):
    """Fails if the draw ignores expensive runs (as the whole-run spot check must), or the start's
    update count does not follow the run's own seconds per update."""
    def expensive(content):
        for e in content["entries"]:
            e["result"]["seconds"] = 3600.0  # an hour each
    costly = forge(exported, tmp_path / "fig5.json.gz", expensive)
    drawn = {prefix.draw_decisive([costly], seed)[1]["key"]["seed"] for seed in range(20)}
    assert drawn == {0, 1}
    entry = archive.read(costly)["entries"][0]
    assert prefix.prefix_updates(entry, seconds=450) == 5  # 90 s an update: 5 in 450 s
    assert prefix.prefix_updates(archive.read(exported)["entries"][0]) == 10  # a cheap run: its first quarter


def test_the_rotation_goes_round_every_run_and_keeps_to_its_budget(exported):
    seen = set()
    for offset in range(len(CONFIGS)):
        chosen = prefix.within_budget(prefix.rotation_order([exported], offset), budget_seconds=1e-9)
        assert len(chosen) == 1  # at least one, however small the budget
        seen.add(canonical(chosen[0][1]["key"]))
    assert len(seen) == len(CONFIGS)
    assert len(prefix.within_budget(prefix.rotation_order([exported], 0), budget_seconds=1e9)) == len(CONFIGS)


def test_a_build_checks_the_start_of_a_scaling_run_and_its_footer_says_how(exported, tmp_path):
    cache = ResultsCache(tmp_path / "cache")
    archive.import_archive(exported, cache)
    lines = []
    book.check_decisive([exported], seed=3, cache=cache, log=lines.append)
    assert len(lines) == 1 and "PASS" in lines[0] and "updates" in lines[0]
    results = [cache.load(sweep.run_key(c)) for c in CONFIGS]
    footer = provenance.imported_from(results)
    assert "1 of them recomputed and matched here" in footer and "its first 10 of 40 updates" in footer


def test_on_another_platform_the_start_may_differ_by_the_seeds_spread_at_that_point(exported):
    """Fails if a start recomputed on another processor is held to 0.02 where the archived seeds
    themselves spread wider at that point (a run near an edge), or let through beyond that spread."""
    entries = archive.read(exported)["entries"]
    entry = entries[0]
    here = json.loads(json.dumps(entry["result"]))
    here["cpu"] = "another/0000000000"
    i = max(j for j, s in enumerate(here["curves"]["step"]) if s <= 12)
    wide = prefix.allowance_at(entries, entry, i)
    here["curves"]["test_accuracy"][i] += min(wide, 0.5) * 0.9
    assert prefix.compare_prefix(entry, here, 12, entries).passed
    here["curves"]["test_accuracy"][i] += wide
    assert not prefix.compare_prefix(entry, here, 12, entries).passed
