"""The cache keys of every run and fit a profile's book can compute, as one digest per page.

Run:  .venv/bin/python benchmarks/cache_keys.py [--profile default] [--out keys.json]

A refactor must leave every key as it was (nothing recomputes, every archive still imports):
run this before and after and compare. Nothing trains; only setups are built. Figures 5-7
list their whole grids, of which the batch-size search trains a part.
"""
from __future__ import annotations

import argparse
import hashlib
import json

from bayes_sgd import figures
from bayes_sgd.execution.cache import canonical


def page_keys(key: str, profile: str) -> list[dict]:
    """The cache keys behind one page in a profile: its training runs (and those its page trains
    beside them, as Figure 4's variants) or its fits, as its figure's kind lists them."""
    return figures.cache_keys(key, profile)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--profile", default="default")
    parser.add_argument("--out", default=None, help="write every key, by page, to this JSON file")
    args = parser.parse_args()
    every = {}
    for key in figures.FIGURES:
        keys = sorted(canonical(k) for k in page_keys(key, args.profile))
        every[key] = keys
        print(f"{key:5s} {len(keys):5d} keys  sha256 {hashlib.sha256(canonical(keys).encode()).hexdigest()[:16]}")
    if args.out:
        with open(args.out, "w") as f:
            json.dump(every, f, indent=0)


if __name__ == "__main__":
    main()
