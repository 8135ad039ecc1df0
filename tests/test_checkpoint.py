"""A run killed part-way resumes from its last checkpoint and ends with the numbers of the same run
uninterrupted, bit for bit; a checkpoint that is unreadable or another run's is never resumed."""
import dataclasses

import pytest
import torch

from bayes_sgd import data, train
from bayes_sgd.checkpoint import Checkpoint
from bayes_sgd.execution import sweep
from bayes_sgd.execution.cache import ResultsCache

TAKE, VERSION = train.BatchStream.take, train.VERSION
BLOCK = 4  # steps per block of mini-batches here, so that a short run has many places to save at
STEPS = 40  # ten blocks
CONFIG = train.RunConfig(batch_size=30, lr=0.5, momentum=0.9, steps=STEPS, n_train=200, n_test=300, hidden=32,
                         seed=2, n_records=12)


@pytest.fixture(scope="module")
def split():
    return data.ten_class_task(data.load_pools("embedded"), 200, 300, seed=0)


@pytest.fixture(autouse=True)
def small_blocks(monkeypatch):
    monkeypatch.setattr(train, "BLOCK_STEPS", BLOCK)


class Killed(Exception):
    """Stands for the process being killed while it trains."""


def kill_at_block(monkeypatch, block: int) -> dict:
    """Make the runs die as they draw their `block`-th block of mini-batches (1-based); counts the draws."""
    drawn = {"blocks": 0}

    def dying_take(self, count):
        drawn["blocks"] += 1
        if drawn["blocks"] == block:
            raise Killed
        return TAKE(self, count)

    monkeypatch.setattr(train.BatchStream, "take", dying_take)
    return drawn


def saving(folder, configs=(CONFIG,), dtype="float32", processor="this CPU") -> Checkpoint:
    """A checkpoint saved at every block's start (every=0), keyed as a sweep keys it (the runs' cache keys)."""
    return Checkpoint(folder, [sweep.run_key(c, dtype) for c in configs], processor, every=0)


def interrupted(split, folder, monkeypatch, configs=(CONFIG,), dtype="float32", processor="this CPU",
                killed_at_block=4, device="cpu") -> Checkpoint:
    """The checkpoint the runs left when they were killed as they began a block (the 4th: step 12 is saved)."""
    checkpoint = saving(folder, configs, dtype, processor)
    kill_at_block(monkeypatch, len(configs) * (killed_at_block - 1) + 1)  # the draws are per run
    with pytest.raises(Killed):
        train.train_ensemble(list(configs), split, device, getattr(torch, dtype), checkpoint=checkpoint)
    monkeypatch.setattr(train.BatchStream, "take", TAKE)
    return checkpoint


def test_a_run_killed_part_way_resumes_from_its_checkpoint_with_the_uninterrupted_numbers(split, tmp_path,
                                                                                          monkeypatch, capsys):
    whole = train.train(CONFIG, split)
    checkpoint = interrupted(split, tmp_path, monkeypatch)
    assert checkpoint.path.exists()
    assert "seed 2 at update 12 of 40" in capsys.readouterr().err.splitlines()[-1]  # how far it got, said as saved
    drawn = kill_at_block(monkeypatch, 0)  # counts only
    resumed = train.train_ensemble([CONFIG], split, checkpoint=checkpoint)[0]
    assert drawn["blocks"] == STEPS // BLOCK - 3  # it went on from step 12, not from step 0
    assert "resumed: N = 200, B = 30, lr 0.5, seed 2 from update 12" in capsys.readouterr().err
    for key in ("curves", "status", "final_test_accuracy", "final_train_accuracy", "final_dead_fraction"):
        assert resumed[key] == whole[key], key  # bit for bit
    assert not checkpoint.path.exists()  # removed once the run finished


def test_an_ensemble_resumes_each_of_its_runs(split, tmp_path, monkeypatch):
    configs = [dataclasses.replace(CONFIG, seed=s) for s in (0, 1, 2)]
    whole = train.train_ensemble(configs, split, dtype=torch.float64)
    checkpoint = interrupted(split, tmp_path, monkeypatch, configs, "float64", killed_at_block=6)
    resumed = train.train_ensemble(configs, split, dtype=torch.float64, checkpoint=checkpoint)
    assert [r["curves"] for r in resumed] == [r["curves"] for r in whole]


def test_a_run_resumes_where_it_was_saved_even_if_the_block_length_has_changed_since(split, tmp_path, monkeypatch):
    """The block length changes no number (the stream is the same), so it is in no key: a checkpoint
    saved with one length (at step 12) is resumed with another (5, which 12 is no multiple of)."""
    whole = train.train(CONFIG, split)
    checkpoint = interrupted(split, tmp_path, monkeypatch)
    monkeypatch.setattr(train, "BLOCK_STEPS", 5)
    assert train.train_ensemble([CONFIG], split, checkpoint=checkpoint)[0]["curves"] == whole["curves"]


def test_no_checkpoint_is_saved_before_its_interval_has_passed(split, tmp_path, monkeypatch):
    checkpoint = saving(tmp_path)
    checkpoint.every = 3600.0
    kill_at_block(monkeypatch, 8)
    with pytest.raises(Killed):
        train.train_ensemble([CONFIG], split, checkpoint=checkpoint)
    assert not checkpoint.path.exists()


@pytest.mark.parametrize("spoil, reason", [
    (lambda path: path.write_bytes(path.read_bytes()[:-200]), "it cannot be read"),  # cut short
    (lambda path: path.write_bytes(b"not a checkpoint"), "it cannot be read"),
])
def test_an_unreadable_checkpoint_is_reported_removed_and_the_run_starts_again(split, tmp_path, monkeypatch,
                                                                                spoil, reason):
    checkpoint = interrupted(split, tmp_path, monkeypatch)
    spoil(checkpoint.path)
    with pytest.warns(UserWarning, match=f"not resumed: {reason}"):
        again = train.train_ensemble([CONFIG], split, checkpoint=checkpoint)[0]
    assert again["curves"] == train.train(CONFIG, split)["curves"]
    assert not checkpoint.path.exists()


@pytest.mark.parametrize("config, dtype, version, processor", [
    (dataclasses.replace(CONFIG, lr=0.4), "float32", train.VERSION, "this CPU"),  # another configuration
    (dataclasses.replace(CONFIG, seed=3), "float32", train.VERSION, "this CPU"),  # another seed
    (CONFIG, "float64", train.VERSION, "this CPU"),  # another dtype
    (CONFIG, "float32", train.VERSION - 1, "this CPU"),  # an older trainer
    (CONFIG, "float32", train.VERSION, "another CPU"),  # begun where products round otherwise
])
def test_the_checkpoint_of_other_runs_is_not_resumed_even_at_this_runs_path(split, tmp_path, monkeypatch,
                                                                            config, dtype, version, processor):
    """Each part of the owner, changed alone, refuses the file by what it holds, not only by its name."""
    monkeypatch.setattr(train, "VERSION", version)  # run_key reads it
    theirs = interrupted(split, tmp_path / "theirs", monkeypatch, [config], dtype, processor)
    monkeypatch.setattr(train, "VERSION", VERSION)
    mine = saving(tmp_path / "mine")
    mine.path.parent.mkdir()
    theirs.path.rename(mine.path)
    with pytest.warns(UserWarning, match="not resumed: it belongs to other runs .* or another processor"):
        again = train.train_ensemble([CONFIG], split, checkpoint=mine)[0]
    assert again["curves"] == train.train(CONFIG, split)["curves"]  # from step 0, its own numbers
    assert not mine.path.exists()


def test_checking_a_runs_start_neither_reads_nor_writes_its_checkpoint(split, tmp_path, monkeypatch):
    checkpoint = interrupted(split, tmp_path, monkeypatch)
    before = checkpoint.path.read_bytes()
    start = train.train_ensemble([CONFIG], split, stop_after=20, checkpoint=checkpoint)[0]
    assert start["curves"] == train.train(CONFIG, split, stop_after=20)["curves"]  # not resumed from step 12
    assert checkpoint.path.read_bytes() == before


def test_a_folder_that_cannot_be_written_costs_the_run_nothing(split, tmp_path):
    blocked = tmp_path / "a file"
    blocked.write_text("")
    checkpoint = saving(blocked / "checkpoints")  # its folder cannot be made
    with pytest.warns(UserWarning, match="could not be written"):
        result = train.train_ensemble([CONFIG], split, checkpoint=checkpoint)[0]
    assert result["curves"] == train.train(CONFIG, split)["curves"]


def test_a_sweep_stopped_part_way_resumes_its_runs_from_their_checkpoints(split, tmp_path, monkeypatch):
    """Through the sweep, as `bayes-sgd run` trains: the unit of work's checkpoint is found again by its cache key."""
    cache, folder = ResultsCache(tmp_path / "results"), tmp_path / "checkpoints"
    monkeypatch.setattr("bayes_sgd.checkpoint.SECONDS", 0.0)  # a save at every block's start
    kill_at_block(monkeypatch, 6)
    with pytest.raises(sweep.SweepError, match="Killed"):
        sweep.run_sweep([CONFIG], cache, workers=1, progress=False, checkpoints=folder)
    [saved] = folder.glob("*.pt")
    assert cache.load(sweep.run_key(CONFIG)) is None
    assert Checkpoint(folder, [sweep.run_key(CONFIG)], sweep.cpu_fingerprint()).path == saved  # this processor's
    drawn = kill_at_block(monkeypatch, 0)
    resumed = sweep.run_sweep([CONFIG], cache, workers=1, progress=False, checkpoints=folder)[0]
    assert drawn["blocks"] == STEPS // BLOCK - 5
    assert resumed["curves"] == sweep.train_group([CONFIG], "cpu")[0]["curves"]  # one thread, as the sweep trains
    assert list(folder.glob("*.pt")) == []


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA device")
def test_a_cuda_ensemble_resumes_with_the_uninterrupted_numbers(split, tmp_path, monkeypatch):
    configs = [dataclasses.replace(CONFIG, seed=s) for s in (0, 1, 2)]
    whole = train.train_ensemble(configs, split, device="cuda", dtype=torch.float64)
    checkpoint = interrupted(split, tmp_path, monkeypatch, configs, "float64", "a GPU", killed_at_block=6,
                             device="cuda")
    resumed = train.train_ensemble(configs, split, device="cuda", dtype=torch.float64, checkpoint=checkpoint)
    for r, w in zip(resumed, whole):
        assert torch.allclose(torch.tensor(r["curves"]["test_loss"]), torch.tensor(w["curves"]["test_loss"]),
                              rtol=1e-12, atol=0)
