"""Verification that reaches the runs the scaling verdicts rest on, however long they are.

The build's spot check recomputes whole runs, so it can only afford cheap ones. Here a run of any
cost is checked by its start: its first updates are trained again (the mini-batches drawn as the
whole run draws them) and every point its archived curves recorded so far must match, bit for bit
on the platform that computed it. What this cannot catch: a change after those updates (a late
curve point or the final numbers altered). Whole long runs are recomputed in rotation, within a
time budget, by `bayes-sgd verify-rotation` (rotation_order says which come next), and a build's
whole-run checks go round the archives within its own budget (draw_rounds, within_budget).
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..runs import RunConfig
from . import archive, sweep
from .cache import ResultsCache, canonical

PREFIX_SECONDS = 60.0  # what the start of one run may cost in a build, as its archived run time prices it
PREFIX_SHARE = 0.25  # and at most this share of its updates: a start, not most of the run (where the rounding
# of another processor has grown, and archived times taken two runs to a core price updates high)
CURVES = ("train_loss", "train_accuracy", "test_loss", "test_accuracy", "dead_fraction")


def prefix_updates(entry: dict, seconds: float = PREFIX_SECONDS) -> int:
    """How many of a run's updates fit in `seconds`, priced by its own archived seconds per update,
    and at most PREFIX_SHARE of them."""
    steps = entry["key"]["steps"]
    per_update = entry["result"]["seconds"] / steps
    affordable = seconds // per_update if per_update > 0 else steps
    return int(max(1, min(affordable, PREFIX_SHARE * steps)))


def draw_decisive(paths: list[Path], seed: int) -> tuple[Path, dict] | None:
    """One run, drawn with `seed` among every run of the archives given (whatever it cost)."""
    entries = [(path, entry) for path in paths for entry in archive.read(path)["entries"]]
    if not entries:
        return None
    return entries[int(np.random.default_rng(seed).integers(len(entries)))]


@dataclass
class PrefixComparison:
    """The start of one archived run, trained again here."""

    config: RunConfig
    updates: int
    points: int  # recorded curve points compared
    same_platform: bool
    passed: bool
    largest_difference: float

    def line(self) -> str:
        c = self.config
        rule = "bitwise" if self.same_platform else "within the seeds' prediction interval there (another platform)"
        return (f"{'PASS' if self.passed else 'FAIL'}  B={c.batch_size} ε={c.lr:g} m={c.momentum:g} N={c.n_train} "
                f"seed={c.seed}: its first {self.updates:,} of {c.steps:,} updates, {self.points} recorded points "
                f"compared ({rule}); largest difference {self.largest_difference:.2e}")


def allowance_at(entries: list[dict], entry: dict, index: int) -> float:
    """How far the run's test accuracy at its recorded point `index` may land on another platform:
    archive.allowance there (a run near an edge amplifies rounding early too)."""
    return archive.allowance(entries, entry, index)


def compare_prefix(entry: dict, here: dict, updates: int, entries: list[dict] | None = None) -> PrefixComparison:
    """An archived run's curves up to `updates` against the same start trained here: the recorded
    steps must be the same, and every value equal bit for bit on the platform that computed it; on
    another or an unrecorded one, the test accuracy at the last point compared within the seeds'
    prediction interval there (allowance_at over `entries`, the runs of every archive its seeds may
    lie in: archive.pooled_entries; else TOLERANCE)."""
    archived = entry["result"]["curves"]
    mine = [i for i, step in enumerate(archived["step"]) if step <= updates]
    theirs = {step: i for i, step in enumerate(here["curves"]["step"])}
    platform = archive.platform_of(entry["result"])
    same = platform == archive.platform_of(here) and platform[3] is not None
    config = archive.config_of(entry["key"])
    if any(archived["step"][i] not in theirs for i in mine):
        return PrefixComparison(config, updates, len(mine), same, False, float("inf"))
    pairs = {name: ([archived[name][i] for i in mine], [here["curves"][name][theirs[archived["step"][i]]] for i in mine])
             for name in CURVES}
    largest = max(float(np.nanmax(np.abs(np.subtract(a, b)))) if a else 0.0 for a, b in pairs.values())
    bitwise = all(canonical(a) == canonical(b) for a, b in pairs.values())
    if mine:
        archived_last, here_last = pairs["test_accuracy"][0][-1], pairs["test_accuracy"][1][-1]
        within = allowance_at(entries or [entry], entry, mine[-1])
        close = bool(abs(archived_last - here_last) <= within)
    else:
        close = True
    return PrefixComparison(config, updates, len(mine), same, bitwise if same else bitwise or close, largest)


def check_prefix(entry: dict, updates: int | None = None, device: str = "cpu",
                 entries: list[dict] | None = None) -> PrefixComparison:
    """Train the first updates of an archived run here (prefix_updates unless given) and compare
    (entries: archive.pooled_entries of the archives its seeds may lie in, for the allowance on
    another platform)."""
    updates = updates or prefix_updates(entry)
    here = sweep.train_group([archive.config_of(entry["key"])], device, entry["key"]["dtype"], stop_after=updates)[0]
    return compare_prefix(entry, here, updates, entries)


def mark_checked(entry: dict, comparison: PrefixComparison, cache: ResultsCache) -> None:
    """Note in the cache's copy of an imported run that its start matched here, for the page's footer
    (a run already recomputed whole keeps that)."""
    key = sweep.run_key(comparison.config, dtype=entry["key"]["dtype"])
    stored = cache.load(key)
    if comparison.passed and stored is not None and stored.get("imported", {}).get("verified_here") is False:
        how = f"its first {comparison.updates:,} of {comparison.config.steps:,} updates"
        cache.store(key, {**stored, "imported": {**stored["imported"], "verified_here": how}})


def rotation_order(paths: list[Path], offset: int) -> list[tuple[Path, dict]]:
    """Every run of the archives in a fixed order (by the hash of its key), started at `offset`
    (mod their number), so that successive offsets recompute every run in turn."""
    entries = sorted(((path, e) for path in paths for e in archive.read(path)["entries"]),
                     key=lambda pe: hashlib.sha256(canonical(pe[1]["key"]).encode()).hexdigest())
    if not entries:
        return []
    start = offset % len(entries)
    return entries[start:] + entries[:start]


def draw_rounds(paths: list[Path], per_archive: int, seed: int = 0,
                max_seconds: float | None = None) -> list[tuple[Path, dict]]:
    """Every archive's draw (archive.draw), interleaved round by round: each archive's first run, the
    archives in an order shuffled by the seed, then each one's second, and so on. A build that cuts
    this at its time budget checks as many archives as it can afford, and the archives it leaves
    for later are the last of a shuffle that the next commit's seed deals again. A run's allowance on
    another platform counts its configuration's seeds in all of the archives (archive.pooled_entries)."""
    peers = archive.pooled_entries(paths)
    drawn = {path: archive.draw(path, per_archive, seed, max_seconds, peers) for path in paths}
    order = [paths[i] for i in np.random.default_rng(seed).permutation(len(paths))]
    return [(path, drawn[path][rank]) for rank in range(per_archive) for path in order if rank < len(drawn[path])]


def within_budget(order: list[tuple[Path, dict]], budget_seconds: float) -> list[tuple[Path, dict]]:
    """The runs from the start of `order` whose archived run times add up to at most the budget (at least one)."""
    chosen, spent = [], 0.0
    for path, entry in order:
        if chosen and spent + entry["result"]["seconds"] > budget_seconds:
            break
        chosen.append((path, entry))
        spent += entry["result"]["seconds"]
    return chosen
