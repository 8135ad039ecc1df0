"""Results carried between machines: an archive imports only whole and unaltered, gives the
same numbers as the cache it came from, and `verify` recomputes runs and catches a forgery."""
import gzip
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from conftest import export_configs, forge

from bayes_sgd import figures, provenance, train
from bayes_sgd.analysis import frames
from bayes_sgd.execution import archive, prefix, sweep
from bayes_sgd.execution.cache import ResultsCache, canonical

CONFIGS = [train.RunConfig(batch_size=b, lr=0.3, steps=30, n_train=200, n_test=300, hidden=32, seed=s)
           for b in (5, 20) for s in (0, 1)]


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    return export_configs(CONFIGS, tmp_path_factory.mktemp("origin"), "runs.json.gz")




def _entries(folder: Path) -> list[Path]:
    return [p for p in Path(folder).rglob("*.json")] if Path(folder).exists() else []


def test_an_imported_archive_gives_the_numbers_of_the_cache_it_came_from(exported, tmp_path):
    origin, path = exported
    here = ResultsCache(tmp_path)
    assert archive.import_archive(path, here) == (len(CONFIGS), 0)
    assert archive.import_archive(path, here) == (0, len(CONFIGS))  # a second import changes nothing
    for c in CONFIGS:
        a, b = origin.load(sweep.run_key(c)), here.load(sweep.run_key(c))
        assert b["curves"] == a["curves"] and b["imported"]["archive"] == path.name
    footer = provenance.imported_from([here.load(sweep.run_key(c)) for c in CONFIGS])
    assert f"4 imported from `{path.name}`" in footer and "0 of them recomputed" in footer


@pytest.mark.parametrize("where", [0, 3, 4, 8, 9, 0.1, 0.3, 0.5, 0.7, 0.9, 1.0])
def test_a_flipped_byte_is_refused_and_nothing_is_written(exported, tmp_path, where):
    _, path = exported
    damaged = bytearray(path.read_bytes())
    at = where if isinstance(where, int) else min(int(where * len(damaged)), len(damaged) - 1)
    damaged[at] ^= 0x01  # the header (bytes 0-9), the compressed body, or the CRC trailer
    (tmp_path / "damaged.gz").write_bytes(bytes(damaged))
    with pytest.raises(archive.ArchiveError):
        archive.import_archive(tmp_path / "damaged.gz", ResultsCache(tmp_path / "cache"))
    assert _entries(tmp_path / "cache") == []


def test_a_changed_configuration_is_refused_with_or_without_its_hash_recomputed(exported, tmp_path):
    _, path = exported
    content = json.loads(gzip.decompress(path.read_bytes()))
    content["entries"][0]["key"]["lr"] = 0.5
    (tmp_path / "changed.gz").write_bytes(archive._compressed(canonical(content).encode()))
    with pytest.raises(archive.ArchiveError, match="entry 0 does not match its SHA-256"):
        archive.import_archive(tmp_path / "changed.gz", ResultsCache(tmp_path / "cache"))
    forged = forge(path, tmp_path / "forged.gz", lambda c: c["entries"][0]["key"].update(lr=0.5))
    with pytest.raises(archive.ArchiveError, match="another configuration"):
        archive.import_archive(forged, ResultsCache(tmp_path / "cache"))
    assert _entries(tmp_path / "cache") == []


def test_an_archive_missing_a_field_is_refused_with_a_message(exported, tmp_path):
    _, path = exported
    content = json.loads(gzip.decompress(path.read_bytes()))
    del content["entries"][0]["sha256"]
    (tmp_path / "short.gz").write_bytes(archive._compressed(canonical(content).encode()))
    with pytest.raises(archive.ArchiveError, match="lacks a field"):
        archive.import_archive(tmp_path / "short.gz", ResultsCache(tmp_path / "cache"))


def test_an_archive_of_another_trainer_version_is_refused(exported, tmp_path):
    _, path = exported
    other = forge(path, tmp_path / "other.gz",
                     lambda c: [e["key"].update(trainer=train.VERSION + 1) for e in c["entries"]])
    with pytest.raises(archive.ArchiveError, match="trainer/split versions.*Recompute.*or check out the commit"):
        archive.import_archive(other, ResultsCache(tmp_path / "cache"))


def test_verify_recomputes_bitwise_and_catches_an_altered_rehashed_result(exported, tmp_path):
    _, path = exported
    here = ResultsCache(tmp_path / "cache")
    archive.import_archive(path, here)
    honest = archive.verify(path, sample=2, cache=here)
    assert len(honest) == 2 and all(c.passed and c.same_platform and c.largest_curve_difference == 0 for c in honest)
    footer = provenance.imported_from([here.load(sweep.run_key(c)) for c in CONFIGS])
    assert "2 of them recomputed and matched here (B = " in footer and footer.count("seed") == 2

    def alter(content):
        result = content["entries"][1]["result"]
        result["curves"]["test_accuracy"][-1] += 0.05
        result["final_test_accuracy"] += 0.05

    forged = forge(path, tmp_path / "forged.gz", alter)
    verdicts = {c.config: c.passed for c in archive.verify(forged, sample=len(CONFIGS))}
    assert verdicts == {c: c != CONFIGS[1] for c in CONFIGS}


@pytest.mark.slow
def test_export_and_import_through_the_command_line_reproduce_a_pages_numbers(tmp_path):
    def cli(cache: Path, *args) -> str:
        run = subprocess.run([sys.executable, "-m", "bayes_sgd", *args], capture_output=True, text=True,
                             env={**os.environ, "BAYES_SGD_CACHE": str(cache)}, timeout=600)
        assert run.returncode == 0, run.stderr
        return run.stdout

    cli(tmp_path / "there", "run", "fig4", "--profile", "smoke", "--workers", "2")
    assert "exported 16 runs" in cli(tmp_path / "there", "export", "fig4", "--profile", "smoke", "-o",
                                     str(tmp_path / "fig4.json.gz"))
    assert "imported 16 runs" in cli(tmp_path / "here", "import", str(tmp_path / "fig4.json.gz"))
    out = cli(tmp_path / "here", "verify", str(tmp_path / "fig4.json.gz"), "--sample", "2")
    assert out.count("PASS") == 2 and "2 of 2 recomputed runs match" in out
    runs = figures.runs("fig4", "smoke")
    there, here = [frames.runs_frame([ResultsCache(tmp_path / side / "results").load(sweep.run_key(c)) for c in runs])
                   for side in ("there", "here")]
    assert there.equals(here)


def test_an_archive_written_before_init_and_inputs_existed_still_imports(exported, tmp_path):
    """Its keys and results lack the later fields: they are their defaults, and the runs keep their keys."""
    _, path = exported

    def drop_later_fields(content):
        for entry in content["entries"]:
            for name in ("init", "inputs"):
                entry["key"].pop(name, None)
                entry["result"]["config"].pop(name)

    old = forge(path, tmp_path / "old.json.gz", drop_later_fields)
    here = ResultsCache(tmp_path / "here")
    assert archive.import_archive(old, here) == (len(CONFIGS), 0)
    assert all(here.load(sweep.run_key(c)) is not None for c in CONFIGS)


def test_an_exported_archive_is_readable_as_the_umask_allows_not_private_to_its_writer(exported):
    _, path = exported
    mask = os.umask(0)
    os.umask(mask)
    assert path.stat().st_mode & 0o777 == 0o666 & ~mask


def test_a_build_imports_every_published_archive_and_stops_on_a_run_that_does_not_recompute(exported, tmp_path,
                                                                                           monkeypatch):
    """Fails if book.import_published skips an archive of results/, verifies fewer than its sample,
    ignores the cost limit, or lets a forged run (altered, rehashed) through without naming it."""
    from bayes_sgd import book

    _, path = exported
    results = tmp_path / "results"
    results.mkdir()
    (results / path.name).write_bytes(path.read_bytes())
    monkeypatch.setattr(book, "VERIFY_PER_ARCHIVE", 2)
    lines = []
    book.import_published(tmp_path, ResultsCache(tmp_path / "cache"), log=lines.append)
    assert lines[0].startswith(f"{path.name}: imported {len(CONFIGS)} runs") and sum("PASS" in x for x in lines) == 2
    monkeypatch.setattr(book, "VERIFY_MAX_SECONDS", 0.0)  # no run is that cheap: none is drawn whole,
    lines.clear()                                          # one is checked by its start instead
    book.import_published(tmp_path, ResultsCache(tmp_path / "cache"), log=lines.append)
    assert "imported 0 runs (4 were already there)" in lines[0]
    assert not any("final test accuracy" in x for x in lines)
    assert sum(x.startswith(f"  {path.name}: PASS") and "its first" in x for x in lines) == 1

    def alter(content):
        for entry in content["entries"]:
            entry["result"]["final_test_accuracy"] += 0.05
            entry["result"]["curves"]["test_accuracy"][-1] += 0.05

    monkeypatch.setattr(book, "VERIFY_MAX_SECONDS", 1e9)
    forged = tmp_path / "forged"
    (forged / "results").mkdir(parents=True)
    forge(path, forged / "results" / "forged.json.gz", alter)
    with pytest.raises(SystemExit, match=r"forged.json.gz: recomputed runs do not match the archive:\n  FAIL  B="):
        book.import_published(forged, ResultsCache(forged / "cache"), log=lambda _: None)


def test_the_sample_changes_with_the_seed_and_draws_only_runs_under_the_cost_limit(exported, tmp_path):
    """Fails if draw ignores its seed (every build would recheck the same runs), draws a run that
    took longer than max_seconds, or draws more than asked."""
    _, path = exported

    def cost(content):
        for i, entry in enumerate(content["entries"]):
            entry["result"]["seconds"] = 10.0 * (i + 1)  # 10, 20, 30, 40 s

    costed = forge(path, tmp_path / "costed.json.gz", cost)
    samples = {seed: [e["key"]["seed"] * 100 + e["key"]["batch_size"] for e in archive.draw(costed, 2, seed)]
               for seed in range(8)}
    assert len({tuple(s) for s in samples.values()}) > 1 and all(len(s) == 2 for s in samples.values())
    for seed in range(8):
        cheap = archive.draw(costed, 3, seed, max_seconds=25.0)
        assert len(cheap) == 2 and all(e["result"]["seconds"] <= 25.0 for e in cheap)


def test_a_builds_draw_goes_round_the_archives_before_a_second_run_of_any(exported, tmp_path):
    """Fails if draw_rounds takes a second run of one archive before every archive has given its
    first (a time budget would then go to a few archives), keeps one archive order for every seed
    (the same archives would always wait), or changes or loses an archive's own draw."""
    _, path = exported
    paths = [tmp_path / f"part{i}.json.gz" for i in range(3)]
    for p in paths:
        p.write_bytes(path.read_bytes())
    for seed in range(8):
        order = prefix.draw_rounds(paths, 2, seed)
        assert len(order) == 6 and {p for p, _ in order[:3]} == {p for p, _ in order[3:]} == set(paths)
        assert [e["key"] for p, e in order if p == paths[1]] == [e["key"] for e in archive.draw(paths[1], 2, seed)]
    assert len({prefix.draw_rounds(paths, 2, seed)[0][0] for seed in range(8)}) > 1


def test_a_builds_whole_run_checks_stop_at_the_time_budget_and_name_the_archives_left_for_later(exported, tmp_path,
                                                                                                 monkeypatch):
    """Fails if import_published recomputes past VERIFY_BUDGET_SECONDS (the check would grow with
    every archive part), recomputes nothing when one run alone is over it, spends the budget on one
    archive while another waits, or does not say which archives wait for another commit and which
    have no run short enough to be recomputed whole."""
    from bayes_sgd import book

    _, path = exported

    def ten_seconds(content):
        for entry in content["entries"]:
            entry["result"]["seconds"] = 10.0

    def too_long(content):
        for entry in content["entries"]:
            entry["result"]["seconds"] = 2 * book.VERIFY_MAX_SECONDS

    results = tmp_path / "results"
    results.mkdir()
    for name in ("a.json.gz", "b.json.gz"):
        forge(path, results / name, ten_seconds)
    forge(path, results / "c.json.gz", too_long)  # reached only by the start of one of its runs
    monkeypatch.setattr(book, "VERIFY_PER_ARCHIVE", 2)
    for budget, runs, archives, waiting in [(5.0, 1, 1, True), (25.0, 2, 2, False), (1e9, 4, 2, False)]:
        monkeypatch.setattr(book, "VERIFY_BUDGET_SECONDS", budget)
        lines = []
        book.import_published(tmp_path, ResultsCache(tmp_path / f"cache{budget:g}"), log=lines.append)
        summary = [x for x in lines if x.startswith("recomputing")]
        assert sum("PASS" in x and "final test accuracy" in x for x in lines) == runs and len(summary) == 1, budget
        assert sum(x.startswith("  c.json.gz: PASS") and "its first" in x for x in lines) == 1, budget
        assert summary[0].startswith(f"recomputing {runs} runs of {archives} archives"), summary
        assert ("left for another commit: " in summary[0]) == waiting, summary
        assert summary[0].endswith("; with no run that short: c.json.gz ..."), summary


def test_the_sampling_seed_changes_with_the_commit():
    assert archive.commit_seed("b8c37b0") != archive.commit_seed("ece75f6") and archive.commit_seed("unknown") == 0


def test_reading_a_missing_file_names_it_in_one_line(tmp_path):
    """Fails if a missing archive ends in a FileNotFoundError traceback instead of an ArchiveError naming it."""
    with pytest.raises(archive.ArchiveError, match="missing.json.gz: no such file"):
        archive.read(tmp_path / "missing.json.gz")


def test_every_committed_archive_can_be_spot_checked_within_the_builds_limits():
    """Fails if an archive in results/ has fewer than VERIFY_PER_ARCHIVE runs cheap enough to be
    recomputed whole in a build, unless its runs are among those whose start every build draws
    from (book.decisive_archives), or if results/ outgrows 20 MB."""
    from bayes_sgd import book

    published = archive.published(Path(__file__).resolve().parents[1] / "results")
    assert sum(p.stat().st_size for p in published) <= 20e6
    decisive = book.decisive_archives(published)
    for path in published:
        cheap = [e for e in archive.read(path)["entries"] if e["result"]["seconds"] <= book.VERIFY_MAX_SECONDS]
        assert len(cheap) >= book.VERIFY_PER_ARCHIVE or path in decisive, path.name


def test_every_run_the_whole_run_sample_can_draw_has_seeds_to_judge_it_by_on_another_platform():
    """Fails if results/ holds a run cheap enough for a build's whole-run sample whose training has one
    seed in all the archives: on another processor it would be held to TOLERANCE alone, which a run
    near an edge can miss (a lone ReLU run at B = 30, N = 16,000 failed a CI build by 0.024)."""
    from collections import Counter

    from bayes_sgd import book

    def training(e: dict) -> str:
        return canonical({k: v for k, v in e["key"].items() if k not in archive.UNTRAINED})

    pooled = archive.pooled_entries(archive.published(Path(__file__).resolve().parents[1] / "results"))
    seeds = Counter(training(e) for e in {(training(e), e["key"]["seed"]): e for e in pooled}.values())
    lone = [archive.config_of(e["key"]) for e in pooled
            if e["result"]["seconds"] <= book.VERIFY_MAX_SECONDS and seeds[training(e)] < 2]
    assert not lone, lone


def test_the_starts_a_build_checks_reach_every_archive_the_whole_run_sample_cannot(exported, tmp_path):
    """Fails if a scaling archive with cheap runs leaves the decisive draw, if an archive whose runs
    are all too long for the whole-run sample is left out of it (nothing would ever check it), or if
    an archive that the sample reaches is drawn from as well."""
    from bayes_sgd import book

    def costing(seconds):
        def cost(content):
            for e in content["entries"]:
                e["result"]["seconds"] = seconds
        return cost

    _, path = exported
    cheap_scaling = forge(path, tmp_path / "fig6-part9.json.gz", costing(1.0))
    long_other = forge(path, tmp_path / "figM-extra.json.gz", costing(book.VERIFY_MAX_SECONDS + 1))
    cheap_other = forge(path, tmp_path / "figM.json.gz", costing(book.VERIFY_MAX_SECONDS))
    assert book.decisive_archives([cheap_scaling, long_other, cheap_other]) == [cheap_scaling, long_other]


def test_a_runs_allowance_counts_its_seeds_in_every_archive_each_run_once(exported, tmp_path):
    """Fails if a drawn run's allowance on another platform counts only its own archive's seeds (a
    part holding one seed would fall back to TOLERANCE), or counts a run twice where two archives
    hold it (the curve Figures 5-7 share), which narrows the seeds' spread."""
    _, path = exported

    def seed_part(seed, accuracy):
        def keep(content):
            content["entries"] = [e for e in content["entries"] if e["key"]["seed"] == seed]
            for e in content["entries"]:
                e["result"]["final_test_accuracy"] = accuracy
        return keep

    part_a = forge(path, tmp_path / "fig5-part1.json.gz", seed_part(0, 0.70))
    part_b = forge(path, tmp_path / "fig5-part2.json.gz", seed_part(1, 0.80))
    copy_b = forge(path, tmp_path / "fig7-part1.json.gz", seed_part(1, 0.80))  # the same runs again
    both = archive.read(part_a)["entries"] + archive.read(part_b)["entries"]
    for paths in ([part_a, part_b], [part_a, part_b, copy_b]):
        drawn = [e for p, e in prefix.draw_rounds(paths, per_archive=2) if p == part_a]
        assert len(drawn) == 2
        for entry in drawn:
            assert entry["allowance"] == pytest.approx(archive.allowance(both, entry))
            assert entry["allowance"] > archive.TOLERANCE  # two seeds 0.10 apart: wider than the floor


def _pair(cpu_there: str | None, cpu_here: str | None, accuracy_here: float, allowance: float | None = None):
    """An archived entry and a run recomputed here that differ only in the final test accuracy and
    the processor they ran on."""
    config = CONFIGS[0]

    def result(cpu, accuracy):
        r = {"device": "cpu", "torch": "2.13.0+cpu", "dtype": "float32", "final_test_accuracy": accuracy,
             "curves": {"train_loss": [1.0, 0.5], "test_loss": [1.0, 0.6], "test_accuracy": [0.5, accuracy]}}
        return r if cpu is None else {**r, "cpu": cpu}

    entry = {"key": sweep.run_key(config), "result": result(cpu_there, 0.80)}
    if allowance is not None:
        entry["allowance"] = allowance
    return entry, result(cpu_here, accuracy_here)


def test_compare_on_the_same_platform_asks_for_every_bit():
    """Fails if a run recomputed on the same platform passes with a small difference (a tampered
    run within the tolerance would go unseen), or fails when equal."""
    assert not archive.compare(*_pair("AVX512/a", "AVX512/a", 0.805)).passed
    assert archive.compare(*_pair("AVX512/a", "AVX512/a", 0.80)).passed


def test_compare_on_another_or_unrecorded_processor_allows_the_seeds_spread():
    """Fails if a run from another processor (or one that did not record it) is held to bitwise
    equality, or passes beyond its allowance."""
    for there in ("AVX2/b", None):
        assert archive.compare(*_pair(there, "AVX512/a", 0.815)).passed  # within TOLERANCE
        assert not archive.compare(*_pair(there, "AVX512/a", 0.83)).passed
        assert archive.compare(*_pair(there, "AVX512/a", 0.83, allowance=0.05)).passed
        assert not archive.compare(*_pair(there, "AVX512/a", 0.86, allowance=0.05)).passed


def test_the_allowance_is_the_prediction_interval_of_one_more_seed_and_at_least_the_tolerance():
    """Fails if the allowance ignores the archived seeds of the same configuration (or counts
    other configurations), or falls below TOLERANCE."""
    from scipy.stats import t

    def entry(seed, batch, accuracy):
        return {"key": {"batch_size": batch, "seed": seed}, "result": {"final_test_accuracy": accuracy}}

    noisy = [entry(0, 30, 0.70), entry(1, 30, 0.75), entry(2, 30, 0.80), entry(0, 100, 0.10)]
    expected = t.ppf(0.9995, 2) * 0.05 * (1 + 1 / 3) ** 0.5
    assert archive.allowance(noisy, noisy[0]) == pytest.approx(expected)
    assert archive.allowance(noisy, noisy[3]) == archive.TOLERANCE  # one seed: nothing to go by
    calm = [entry(s, 30, 0.80 + 0.0001 * s) for s in range(3)]
    assert archive.allowance(calm, calm[0]) == archive.TOLERANCE


def test_a_run_measuring_the_noise_is_allowed_its_plain_twins_spread_each_seed_once():
    """Fails if a run that measures the noise (training unchanged) is held to TOLERANCE for want of
    seeds of its own (lone B_simple runs failed a build on another processor), if its twin of the same
    seed counts as one more draw, or if a field the training depends on is dropped from the match."""
    from scipy.stats import t

    def entry(seed, accuracy, **key):
        return {"key": {"batch_size": 30, "seed": seed, **key}, "result": {"final_test_accuracy": accuracy}}

    plain = [entry(0, 0.70), entry(1, 0.75), entry(2, 0.80)]
    measuring = entry(0, 0.90, measure_noise=True)  # another processor's seed 0: the same draw as plain seed 0
    other = entry(3, 0.10, lr=0.2)  # another training: never in the spread
    expected = t.ppf(0.9995, 2) * 0.05 * (1 + 1 / 3) ** 0.5  # seeds 0-2 once, seed 0's accuracy the twin's
    assert archive.allowance([*plain, other, measuring], measuring) == pytest.approx(
        t.ppf(0.9995, 2) * np.std([0.90, 0.75, 0.80], ddof=1) * (1 + 1 / 3) ** 0.5)
    assert archive.allowance([measuring, *plain, other], plain[1]) == pytest.approx(expected)
    assert archive.allowance([measuring, other], measuring) == archive.TOLERANCE  # one seed of its training


def test_parts_that_repeat_a_run_with_other_numbers_stop_the_import_and_name_both(exported, tmp_path):
    """Fails if two archive parts holding one run with different numbers import silently (the
    first to import would hide the other), or if parts that repeat a run honestly are refused."""
    from bayes_sgd import book

    _, path = exported
    results = tmp_path / "results"
    results.mkdir()
    (results / "fig5-part1.json.gz").write_bytes(path.read_bytes())
    (results / "fig5-part2.json.gz").write_bytes(path.read_bytes())  # the same runs, the same numbers
    assert archive.conflicts(archive.published(results)) == []

    def alter(content):
        content["entries"][0]["result"]["final_test_accuracy"] += 0.01

    forge(path, results / "fig5-part2.json.gz", alter)
    clashes = archive.conflicts(archive.published(results))
    assert len(clashes) == 1 and "fig5-part1.json.gz and fig5-part2.json.gz" in clashes[0]
    cache = ResultsCache(tmp_path / "cache")
    with pytest.raises(SystemExit, match="repeat a run with other numbers; nothing was imported"):
        book.import_published(tmp_path, cache, log=lambda _: None)
    assert _entries(cache.folder) == []


def test_a_part_holds_only_the_runs_no_archive_holds_yet(exported, tmp_path):
    """Fails if export --new-only repeats runs an archive of results/ already publishes, or drops new ones."""
    cache, path = exported
    runs = [(sweep.run_key(c), cache.load(sweep.run_key(c))) for c in CONFIGS]
    half = tmp_path / "half.json.gz"
    archive.export(runs[:2], half, "smoke")
    assert archive.unpublished(runs, [half]) == runs[2:]
    assert archive.unpublished(runs, [path]) == [] and archive.unpublished(runs, []) == runs


def test_export_new_only_tells_nothing_finished_from_everything_already_published(exported, tmp_path, monkeypatch):
    """Fails if a part with nothing new says to run what has run, or if an empty cache passes for published."""
    from bayes_sgd import cli
    cache, path = exported
    (tmp_path / "results").mkdir()
    (tmp_path / "results" / path.name).write_bytes(path.read_bytes())
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(cli.figures, "runs", lambda *args, **kwargs: CONFIGS)
    monkeypatch.setattr(cli, "results_cache", lambda: cache)
    with pytest.raises(cli.ParameterError, match="nothing new to export: every finished run of fig4 .* results/"):
        cli.export_figures("fig4", "smoke", tmp_path / "part.json.gz", new_only=True)
    cli.export_figures("fig4", "smoke", tmp_path / "whole.json.gz")
    assert archive.unpublished(archive.finished_runs(CONFIGS, cache), [tmp_path / "whole.json.gz"]) == []
    monkeypatch.setattr(cli, "results_cache", lambda: ResultsCache(tmp_path / "empty"))
    with pytest.raises(cli.ParameterError, match="no finished runs of fig4 .* run them first"):
        cli.export_figures("fig4", "smoke", tmp_path / "part.json.gz", new_only=True)
