"""Sweeps: a killed sweep loses only runs in flight; a rerun recomputes nothing finished."""
import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from bayes_sgd import train
from bayes_sgd.execution import sweep
from bayes_sgd.execution.cache import ResultsCache

CONFIGS = [train.RunConfig(batch_size=b, lr=0.3, steps=60, n_train=200, n_test=300, hidden=64, seed=s)
           for b in (2, 5, 10, 20, 50, 100) for s in (0, 1)]

SCRIPT = textwrap.dedent("""
    import sys
    from bayes_sgd import train
    from bayes_sgd.execution import sweep
    from bayes_sgd.execution.cache import ResultsCache
    if __name__ == "__main__":
        configs = [train.RunConfig(batch_size=b, lr=0.3, steps=60, n_train=200, n_test=300, hidden=64, seed=s)
                   for b in (2, 5, 10, 20, 50, 100) for s in (0, 1)]
        sweep.run_sweep(configs, ResultsCache(sys.argv[1]), workers=1, progress=False)
        print("computed", sweep.run_sweep.last_computed)
""")


def _entries(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*.json") if not p.name.startswith(".tmp")]


@pytest.mark.slow
def test_a_killed_sweep_resumes_without_recomputing_finished_runs(tmp_path):
    script = tmp_path / "sweep.py"
    script.write_text(SCRIPT)
    cache_folder = tmp_path / "cache"
    process = subprocess.Popen([sys.executable, str(script), str(cache_folder)], start_new_session=True)
    deadline = time.time() + 120
    while len(_entries(cache_folder)) < 3 and time.time() < deadline and process.poll() is None:
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    finished = _entries(cache_folder)
    assert 3 <= len(finished) < len(CONFIGS), "the sweep should have been killed part-way"
    before = {p: p.read_bytes() for p in finished}

    rerun = subprocess.run([sys.executable, str(script), str(cache_folder)], capture_output=True, text=True)
    assert rerun.returncode == 0, rerun.stderr
    assert "corrupt" not in rerun.stderr
    assert f"computed {len(CONFIGS) - len(finished)}" in rerun.stdout
    for path, content in before.items():
        assert path.read_bytes() == content  # finished runs were not rewritten
    assert len(_entries(cache_folder)) == len(CONFIGS)
    for path in _entries(cache_folder):
        json.loads(path.read_text())


def test_a_repeated_sweep_costs_nothing_and_a_corrupt_entry_is_recomputed(tmp_path):
    cache = ResultsCache(tmp_path)
    first = sweep.run_sweep(CONFIGS[:3], cache, workers=1, progress=False)
    assert sweep.run_sweep.last_computed == 3
    again = sweep.run_sweep(CONFIGS[:3], cache, workers=1, progress=False)
    assert sweep.run_sweep.last_computed == 0 and again == first
    path = cache.path(sweep.run_key(CONFIGS[1]))
    path.write_text(path.read_text()[:-40])
    with pytest.warns(UserWarning, match="corrupt"):
        repaired = sweep.run_sweep(CONFIGS[:3], cache, workers=1, progress=False)
    assert sweep.run_sweep.last_computed == 1
    assert repaired[1]["curves"] == first[1]["curves"]  # deterministic: the same numbers again


def test_parallel_workers_give_the_same_numbers_as_one_process(tmp_path):
    serial = sweep.run_sweep(CONFIGS[:4], ResultsCache(tmp_path / "a"), workers=1, progress=False)
    parallel = sweep.run_sweep(CONFIGS[:4], ResultsCache(tmp_path / "b"), workers=2, progress=False)
    for s, p in zip(serial, parallel):
        assert s["curves"] == p["curves"]


def test_unknown_device_is_refused_before_any_work(tmp_path):
    with pytest.raises(ValueError, match="cpu, cuda"):
        sweep.run_sweep(CONFIGS[:1], ResultsCache(tmp_path), device="tpu")


@pytest.mark.slow
def test_workers_stop_when_the_sweep_process_is_killed(tmp_path):
    script = tmp_path / "sweep.py"
    script.write_text(SCRIPT.replace("workers=1", "workers=2"))
    process = subprocess.Popen([sys.executable, str(script), str(tmp_path / "cache")], start_new_session=True)
    workers = []
    deadline = time.time() + 60
    while not workers and time.time() < deadline:
        time.sleep(0.2)
        listed = subprocess.run(["pgrep", "-f", "-s", str(process.pid), "multiprocessing.spawn"],
                                capture_output=True, text=True).stdout.split()
        workers = [int(p) for p in listed]
    assert workers, "the sweep started no worker processes"
    os.kill(process.pid, signal.SIGKILL)  # the parent only, as an out-of-memory kill would
    process.wait()
    deadline = time.time() + 15
    while time.time() < deadline and any(_alive(p) for p in workers):
        time.sleep(0.2)
    survivors = [p for p in workers if _alive(p)]
    for pid in survivors:
        os.kill(pid, signal.SIGKILL)
    assert not survivors, "worker processes outlived the sweep"


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split()[2] != "Z"
    except FileNotFoundError:
        return False


def test_options_added_later_stay_out_of_the_cache_key_at_their_defaults():
    """Results cached before init and inputs existed keep their keys; a changed option or dtype is another run."""
    plain = train.RunConfig(batch_size=10)
    key = sweep.run_key(plain)
    assert "init" not in key and "inputs" not in key and key["dtype"] == "float32"
    glorot = sweep.run_key(train.RunConfig(batch_size=10, init="glorot"))
    assert glorot["init"] == "glorot" and glorot != key
    assert sweep.run_key(train.RunConfig(batch_size=10, inputs="centred"))["inputs"] == "centred"
    assert sweep.run_key(plain, "float64") != key


def test_a_float64_sweep_is_cached_apart_from_float32(tmp_path):
    cache = ResultsCache(tmp_path / "results")
    config = train.RunConfig(batch_size=20, lr=0.3, steps=10, n_train=200, n_test=300, hidden=16)
    single, = sweep.run_sweep([config], cache, workers=1, progress=False)
    double, = sweep.run_sweep([config], cache, workers=1, progress=False, dtype="float64")
    assert (single["dtype"], double["dtype"]) == ("float32", "float64")
    assert cache.load(sweep.run_key(config, "float64"))["dtype"] == "float64"
    with pytest.raises(ValueError, match="dtype='float16'"):
        sweep.run_sweep([config], cache, workers=1, progress=False, dtype="float16")


BAD = train.RunConfig(batch_size=10, lr=0.3, steps=5, n_train=4999, n_test=4000, hidden=16)  # raises in _split
GOOD = [train.RunConfig(batch_size=b, lr=0.3, steps=10, n_train=100, n_test=100, hidden=16, seed=s)
        for b in (5, 10, 20) for s in (0, 1)]


@pytest.mark.parametrize("workers", [1, 2])
def test_a_run_that_raises_in_its_worker_discards_no_other_runs_result(tmp_path, workers):
    """Fails if the local executor lets one failing run propagate before the others are stored
    (before the fix, a pool sweep stored 0 of 6), or if the error does not name the failing run."""
    cache = ResultsCache(tmp_path)
    with pytest.raises(sweep.SweepError, match=r"1 unit\(s\) of work failed") as raised:
        sweep.run_sweep([BAD, *GOOD], cache, workers=workers, progress=False)
    assert "'n_train': 4999" in str(raised.value) and "exceeds the 5000 images" in str(raised.value)
    assert all(cache.load(sweep.run_key(c)) is not None for c in GOOD)
    assert cache.load(sweep.run_key(BAD)) is None


@pytest.mark.parametrize("field, value", [("init", "bogus"), ("inputs", "raw"), ("data_source", "cifar")])
def test_a_run_configuration_refuses_an_unknown_name_when_it_is_made(field, value):
    """Fails if RunConfig accepts an unknown init, inputs or data_source (it was noticed only in a worker)."""
    from bayes_sgd.params import ParameterError

    with pytest.raises(ParameterError, match=f"{field}={value!r} is not allowed; choose one of"):
        train.RunConfig(batch_size=10, **{field: value})
