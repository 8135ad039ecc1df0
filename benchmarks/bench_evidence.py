"""Time the default Figure 1+2 sweep (three tasks, 45 exact fits each) with a cold cache.

Run:  .venv/bin/python benchmarks/bench_evidence.py     (target: under 2 minutes on 2 cores)
"""
import tempfile
import time
from pathlib import Path

from bayes_sgd.execution import results
from bayes_sgd.execution.cache import ResultsCache
from bayes_sgd.setups import evidence


def main() -> None:
    setup = evidence.evidence_setup("default")
    with tempfile.TemporaryDirectory() as folder:
        cache = ResultsCache(Path(folder))
        total = 0.0
        print(f"{'task':12s} {'fits':>5s} {'seconds':>8s}")
        for task in ("random", "informative", "hard"):
            start = time.perf_counter()
            rows = results.fit_results(setup.fit(task), cache)
            elapsed = time.perf_counter() - start
            total += elapsed
            print(f"{task:12s} {len(rows):5d} {elapsed:8.1f}")
        start = time.perf_counter()
        for task in ("random", "informative", "hard"):
            results.fit_results(setup.fit(task), cache)
        print(f"{'total':12s} {3 * len(setup.lams):5d} {total:8.1f}   (target < 120 s; warm cache: "
              f"{time.perf_counter() - start:.2f} s)")


if __name__ == "__main__":
    main()
