"""Run many training runs through the results cache: resumable, parallel, with progress.

On a CPU, runs are spread over worker processes (one per core, one thread each),
largest first, or over a Dask cluster (bayes_sgd.execution.cluster). On a GPU, the seeds of one
configuration train together as an ensemble. Each finished run is stored at once, so an interrupted sweep loses
only the runs in flight, and those only back to their last checkpoint (where the sweep is given a
folder for them), and a repeated sweep computes nothing.
"""
from __future__ import annotations

import hashlib
import os
import platform
import sys
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import asdict
from functools import lru_cache, partial
from multiprocessing import get_context
from pathlib import Path

from tqdm import tqdm

from .. import data, train
from ..checkpoint import Checkpoint
from ..params import check_choice, check_device
from . import cluster
from .cache import ResultsCache, installed_version

DTYPES = ("float32", "float64")


def run_key(config: train.RunConfig, dtype: str = "float32") -> dict:
    """Cache key of a run: its configuration and what computes its numbers (the trainer's and
    the data split's deliberately bumped versions, torch's version, the dtype), not source text."""
    return {"kind": "train", "trainer": train.VERSION, "split": data.SPLIT_VERSION,
            "torch": installed_version("torch"), "dtype": dtype, **config.key_fields()}


@lru_cache(maxsize=1)
def cpu_fingerprint() -> str:
    """The processor's vector instruction sets as the libraries see them (torch's kernel level and
    a digest of the CPU's AVX/AMX/FMA flags): two machines with the same fingerprint round a
    run's products alike, so its numbers can be compared bit for bit."""
    import torch

    flags = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("flags"):
                flags = " ".join(sorted(f for f in line.split(":", 1)[1].split() if f.startswith(("avx", "amx", "fma"))))
                break
    except OSError:
        flags = platform.processor()
    return f"{torch.backends.cpu.get_cpu_capability()}/{hashlib.sha256(flags.encode()).hexdigest()[:10]}"


@lru_cache(maxsize=4)
def _split(source: str, n_train: int, n_test: int, data_seed: int):
    return data.ten_class_task(data.load_pools(source), n_train, n_test, data_seed)


def train_group(configs: list[train.RunConfig], device: str, dtype: str = "float32",
                stop_after: int | None = None, checkpoints: Path | None = None) -> list[dict]:
    """Train one unit of work. On a CPU with one thread, so that the numbers of a run never
    depend on how the sweep was scheduled (thread count changes rounding). stop_after: only the
    first updates (train.train_ensemble), never cached. checkpoints: a folder where the unit's
    state is saved while it trains, and resumed from if it was killed (bayes_sgd.checkpoint)."""
    import torch

    threads = torch.get_num_threads()
    if device == "cpu":
        torch.set_num_threads(1)
    try:
        c = configs[0]
        split = _split(c.data_source, c.n_train, c.n_test, c.data_seed)
        cpu = cpu_fingerprint() if device == "cpu" else ""
        processor = cpu or train.device_name(torch.device(device))
        saved = Checkpoint(checkpoints, [run_key(c, dtype) for c in configs], processor) if checkpoints else None
        results = train.train_ensemble(configs, split, device, getattr(torch, dtype), stop_after=stop_after,
                                       checkpoint=saved)
        host = platform.node()  # counted (never shown) in the provenance of archived results
        return [{**r, "host": host, "cpu": cpu} for r in results]
    finally:
        torch.set_num_threads(threads)


def _exit_with_parent(parent: int) -> None:
    """Worker initialiser: stop when the sweep's process is gone (killed), not train on for nobody."""
    import threading
    import time

    def watch():
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


def _groups(configs: list[train.RunConfig], device: str) -> list[list[train.RunConfig]]:
    """Units of work: single runs on a CPU, all seeds of a configuration on a GPU; largest first."""
    if device == "cpu":
        groups = [[c] for c in configs]
    else:
        by_setting: dict = {}
        for c in configs:
            by_setting.setdefault(c.without_seed(), []).append(c)
        groups = list(by_setting.values())
    return sorted(groups, key=lambda g: -g[0].batch_size * g[0].steps * len(g))


class SweepError(RuntimeError):
    """Runs that failed twice; every other run of the sweep finished and is in the cache."""


def run_sweep(configs: list[train.RunConfig], cache: ResultsCache, device: str = "cpu",
              workers: int | None = None, progress: bool = True, label: str = "runs",
              scheduler: str | None = None, dtype: str = "float32", checkpoints: Path | None = None) -> list[dict]:
    """Results of every config, in order: from the cache, else trained and stored.

    scheduler: None (worker processes here), 'local:N' or a Dask scheduler's address.
    dtype: 'float32' (the book's) or 'float64'. checkpoints: a folder where long runs save their
    state every few minutes, so that a killed sweep resumes them part-way (train_group)."""
    check_device(device)
    cluster.check_scheduler(scheduler)
    check_choice("dtype", dtype, DTYPES)
    results = {i: cache.load(run_key(c, dtype)) for i, c in enumerate(configs)}
    todo = [configs[i] for i, r in results.items() if r is None]
    index = {}
    for i, c in enumerate(configs):
        index.setdefault(c, []).append(i)
    bar = tqdm(total=len(configs), initial=len(configs) - len(todo), desc=label, unit="run",
               disable=not progress, file=sys.stderr, mininterval=2.0)
    run_sweep.last_computed = len(set(todo))

    def finish(group_results):
        for r in group_results:
            config = train.RunConfig(**r["config"])
            cache.store(run_key(config, dtype), r)
            for i in index[config]:
                results[i] = r
            bar.update(len(index[config]))

    groups = _groups(list(dict.fromkeys(todo)), device)
    workers = workers or (os.cpu_count() or 1)
    failures: list[tuple[list, str]] = []
    if scheduler is not None and groups:
        with cluster.client_for(scheduler) as client:
            if cluster.dashboard(client):
                print(f"Dask dashboard: {cluster.dashboard(client)}", file=sys.stderr)
            failures = cluster.run_groups(client, groups, partial(train_group, device=device, dtype=dtype,
                                                                  checkpoints=checkpoints), finish)
    elif device == "cuda" or workers == 1 or len(groups) <= 1:
        for group in groups:
            try:
                finish(train_group(group, device, dtype, checkpoints=checkpoints))
            except Exception as error:  # the other runs go on and are stored; this one is reported below
                failures.append((group, repr(error)))
    else:
        with ProcessPoolExecutor(workers, mp_context=get_context("spawn"), initializer=_exit_with_parent,
                                 initargs=(os.getpid(),)) as pool:
            futures = {pool.submit(train_group, g, device, dtype, checkpoints=checkpoints): g for g in groups}
            for future in as_completed(futures):
                if future.exception() is None:
                    finish(future.result())
                else:
                    failures.append((futures[future], repr(future.exception())))
    bar.close()
    if failures:
        raise SweepError(f"{len(failures)} unit(s) of work failed; every other run finished and is in the cache:\n" +
                         "\n".join(f"  {[asdict(c) for c in group]}: {error}" for group, error in failures))
    return [results[i] for i in range(len(configs))]


run_sweep.last_computed = 0
