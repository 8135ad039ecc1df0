"""The missing-run walk: every run the default scaling figures train (their search, refinement,
budget test, units kept alive and cliff, as the book's own code walks them) is in the archives of
results/, so that a fresh clone's `make book` trains none of them."""
from pathlib import Path

import pytest

from bayes_sgd import figures
from bayes_sgd.execution import archive
from bayes_sgd.execution.cache import ResultsCache
from bayes_sgd.execution.sweep import run_key

RESULTS = Path(__file__).resolve().parent.parent / "results"


def imported(tmp_path_factory, leave_out: str = "") -> ResultsCache:
    """A cache holding the archives of results/ (but those whose name starts with leave_out) and nothing else."""
    cache = ResultsCache(tmp_path_factory.mktemp("cache") / "results")
    for path in archive.published(RESULTS):
        if not (leave_out and path.name.startswith(leave_out)):
            archive.import_archive(path, cache)
    return cache


@pytest.fixture(scope="module")
def archived(tmp_path_factory) -> ResultsCache:
    """A cache holding every archive of results/ and nothing else."""
    return imported(tmp_path_factory)


def walk(key: str, cache: ResultsCache, monkeypatch, **overrides) -> list:
    """The runs Figure `key` in the default profile would train beyond the cache: the walk stops at the
    first round that needs one (its later rounds depend on those results) and returns that round's."""
    from bayes_sgd.figures import kinds

    class Missing(Exception):
        pass

    def train(figure, device, scheduler):
        def run(configs):
            found = [cache.load(run_key(c)) for c in configs]
            missing = [c for c, r in zip(configs, found) if r is None]
            if missing:
                raise Missing(missing)
            return found
        return run

    monkeypatch.setattr(kinds, "train", train)
    try:
        figures.results_of(key, figures.setup(key, "default", **overrides))
    except Missing as stop:
        return stop.args[0]
    return []


@pytest.mark.slow
@pytest.mark.parametrize("key", ["fig5", "fig6", "fig7"])
def test_the_archives_hold_every_run_a_default_scaling_figure_trains(key, archived, monkeypatch):
    """Fails if a setup asks for a run no archive holds (a cliff, a curve or a seed added without its
    archive), naming the first ones."""
    missing = walk(key, archived, monkeypatch)
    assert missing == [], f"{len(missing)} runs left to train, e.g. " + "; ".join(
        f"N = {c.n_train}, B = {c.batch_size}, {c.steps} updates, seed {c.seed}" for c in missing[:5])


@pytest.mark.slow
def test_the_walk_finds_the_runs_of_figure_6s_cliff_without_their_archive(tmp_path_factory, monkeypatch):
    """Fails if the walk cannot fail: without the cliff's archive (fig6-cliff-*), Figure 6's default
    profile asks for runs no archive holds, those of the cliff (setups.profiles.CLIFF: N = 32,000 or
    60,000, B <= 200), and only those."""
    missing = walk("fig6", imported(tmp_path_factory, leave_out="fig6-cliff-"), monkeypatch)
    assert missing and {(c.n_train, c.batch_size) for c in missing} <= {(n, b) for n in (32000, 60000)
                                                                          for b in (100, 150, 200)}
