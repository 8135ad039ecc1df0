"""Sweeps on a Dask cluster give the serial numbers, survive a lost worker, and fail fast on a
scheduler that is not there. Local clusters only: nothing outside this machine."""
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from bayes_sgd import train
from bayes_sgd.execution import cluster, sweep
from bayes_sgd.execution.cache import ResultsCache
from bayes_sgd.params import ParameterError

pytest.importorskip("distributed")
pytestmark = pytest.mark.slow

CONFIGS = [train.RunConfig(batch_size=b, lr=0.3, steps=60, n_train=200, n_test=300, hidden=64, seed=s)
           for b in (2, 5, 10, 20, 50, 100) for s in (0, 1)]


def _entries(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in Path(folder).rglob("*.json") if not p.name.startswith(".tmp")}


def test_a_local_dask_cluster_gives_the_serial_numbers_and_fills_the_cache_the_same_way(tmp_path):
    serial = sweep.run_sweep(CONFIGS[:6], ResultsCache(tmp_path / "serial"), workers=1, progress=False)
    on_dask = sweep.run_sweep(CONFIGS[:6], ResultsCache(tmp_path / "dask"), progress=False, scheduler="local:2")
    assert sweep.run_sweep.last_computed == 6
    for s, d in zip(serial, on_dask):
        assert s["config"] == d["config"] and s["curves"] == d["curves"] and s["status"] == d["status"]
    assert _entries(tmp_path / "serial").keys() == _entries(tmp_path / "dask").keys()


def test_local_workers_keep_glibcs_own_malloc_thresholds_but_one_thread_each():
    """Dask sets MALLOC_TRIM_THRESHOLD_ in its workers, which made runs a third slower there."""
    def environment():
        return os.environ.get("MALLOC_TRIM_THRESHOLD_"), os.environ.get("OMP_NUM_THREADS")

    with cluster.client_for("local:1") as client:
        assert list(client.run(environment).values()) == [(None, "1")]


def test_an_unreachable_scheduler_fails_within_seconds_naming_the_address_and_writes_nothing(tmp_path):
    start = time.perf_counter()
    with pytest.raises(ParameterError, match="tcp://127.0.0.1:9"):
        sweep.run_sweep(CONFIGS[:2], ResultsCache(tmp_path), progress=False, scheduler="tcp://127.0.0.1:9")
    assert time.perf_counter() - start < 30
    assert _entries(tmp_path) == {}


@pytest.mark.parametrize("scheduler", ["local:0", "local:two", "cluster", 8786])
def test_a_malformed_scheduler_is_refused_before_any_work(tmp_path, scheduler):
    with pytest.raises(ParameterError, match="scheduler="):
        sweep.run_sweep(CONFIGS[:1], ResultsCache(tmp_path), progress=False, scheduler=scheduler)


SCRIPT = textwrap.dedent("""
    import sys
    from bayes_sgd import train
    from bayes_sgd.execution import cluster, sweep
    from bayes_sgd.execution.cache import ResultsCache
    if __name__ == "__main__":
        configs = [train.RunConfig(batch_size=b, lr=0.3, steps=400, n_train=200, n_test=300, hidden=64, seed=s)
                   for b in (2, 5, 10, 20, 50, 100) for s in (0, 1)]
        cache = ResultsCache(sys.argv[1])
        stored = []
        store = cache.store
        cache.store = lambda config, result: stored.append(1) or store(config, result)
        sweep.run_sweep(configs, cache, progress=False, scheduler="local:2")
        print("stored", len(stored))
""")


def test_killing_a_worker_mid_sweep_loses_nothing_and_recomputes_no_finished_run(tmp_path):
    script = tmp_path / "sweep.py"
    script.write_text(SCRIPT)
    folder = tmp_path / "cache"
    process = subprocess.Popen([sys.executable, str(script), str(folder)], stdout=subprocess.PIPE, text=True,
                               start_new_session=True)
    deadline = time.time() + 120
    while len(_entries(folder)) < 2 and time.time() < deadline and process.poll() is None:
        time.sleep(0.05)
    before = _entries(folder)
    workers = subprocess.run(["pgrep", "-f", "-s", str(process.pid), "multiprocessing.spawn"], capture_output=True,
                             text=True).stdout.split()  # the Dask workers, not multiprocessing's resource tracker
    assert len(workers) == 2, "expected the two Dask worker processes"
    assert 2 <= len(before) < 12, "the worker should be killed part-way through the sweep"
    os.kill(int(workers[0]), signal.SIGKILL)
    out, _ = process.communicate(timeout=300)
    assert process.returncode == 0
    assert "stored 12" in out  # each run stored once: none computed again after it finished
    after = _entries(folder)
    assert len(after) == 12 and all(after[name] == content for name, content in before.items())
    assert not [p for p in folder.rglob(".tmp*")]
