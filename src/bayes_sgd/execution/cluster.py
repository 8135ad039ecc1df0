"""Sweeps on a Dask cluster: an existing one (tcp://HOST:PORT) or a local one ('local:N').

A task is one unit of a sweep (one run on a CPU worker, the seeds of a setting on a GPU
worker) and returns its results; the sweep's own process alone writes the results cache,
so workers need no shared file system. A worker that is lost has its tasks rescheduled
elsewhere by Dask; a task that raises is retried once, then reported with its runs.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from contextlib import contextmanager

from ..params import ParameterError

CONNECT_SECONDS = 10


def check_scheduler(scheduler: str | None) -> None:
    """None, 'local:N' (N >= 1) or a scheduler address such as 'tcp://10.0.0.5:8786'."""
    if scheduler is None:
        return
    if isinstance(scheduler, str) and scheduler.startswith("local:"):
        count = scheduler.removeprefix("local:")
        if count.isdigit() and int(count) >= 1:
            return
    elif isinstance(scheduler, str) and "://" in scheduler:
        return
    raise ParameterError(f"scheduler={scheduler!r} is not allowed; give None (worker processes on this machine), "
                         "'local:N' (a local Dask cluster of N single-threaded workers) or a Dask scheduler's "
                         "address such as 'tcp://HOST:8786'")


# Dask's nannies set MALLOC_TRIM_THRESHOLD_ in their workers: that fixes glibc's mmap threshold,
# so that each of a run's tensors is mapped and unmapped anew, and runs trained about a third
# slower there than in the process pool. None unsets it (see the README for other clusters).
LOCAL_WORKER_CONFIG = {"distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None}


@contextmanager
def client_for(scheduler: str):
    """A Dask client of the scheduler: a local cluster started here for 'local:N' (stopped on
    exit), else a connection that fails within CONNECT_SECONDS, naming the address."""
    import dask
    from distributed import Client, LocalCluster

    check_scheduler(scheduler)
    if scheduler.startswith("local:"):
        workers = int(scheduler.removeprefix("local:"))
        with dask.config.set(LOCAL_WORKER_CONFIG), LocalCluster(
                n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                silence_logs=logging.ERROR) as cluster, Client(cluster) as client:
            yield client
        return
    try:
        client = Client(scheduler, timeout=f"{CONNECT_SECONDS}s")
    except (OSError, TimeoutError) as error:
        raise ParameterError(f"scheduler={scheduler!r}: no Dask scheduler answered at that address within "
                             f"{CONNECT_SECONDS} s ({type(error).__name__}); start one or check the address") from None
    with client:
        yield client


def dashboard(client) -> str | None:
    """The cluster's dashboard address, where it has one (bokeh installed on the scheduler)."""
    services = client.scheduler_info().get("services", {})
    return client.dashboard_link if "dashboard" in services else None


def run_groups(client, groups: list, work: Callable, finish: Callable) -> list[tuple[list, str]]:
    """Run work(group) for every group on the cluster, handing each result to finish as it
    completes (in this process). Returns the groups that failed twice, with their errors."""
    from distributed import as_completed

    futures = {client.submit(work, group, pure=False, retries=1): group for group in groups}
    failures = []
    for future in as_completed(futures):
        if future.status == "finished":
            finish(future.result())
        else:
            failures.append((futures[future], repr(future.exception())))
        future.release()
    return failures
