"""Results carried between machines: a profile's finished runs exported to one compressed
file with a manifest, imported into another cache only after every hash and version checks
out, and verified by recomputing a sample here: bit for bit on the platform that computed it, within
the seeds' spread on another (compare).

The file is gzipped JSON: {"format", "manifest", "entries"}; each entry holds a run's cache
key (its configuration and the versions that computed it), its result (with the device,
torch build and dtype) and the SHA-256 of both. The manifest holds the package versions,
the date, and the SHA-256 of all entries' hashes in order.
"""
from __future__ import annotations

import gzip
import hashlib
import json
import tempfile
import time
import zlib
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from .. import data, train
from ..files import atomic_write
from ..runs import LATER_FIELDS, RunConfig
from . import sweep
from .cache import ResultsCache, canonical, package_versions

FORMAT = 1
TOLERANCE = 0.02  # least difference of final test accuracy accepted across platforms (see allowance)
LEVEL = 0.999  # prediction level of a seed's spread across platforms: at 95%, 1 run in 20 near an edge fails
UNTRAINED = ("seed", "measure_noise")  # key fields a run's training does not depend on, but its seed


class ArchiveError(ValueError):
    """An archive that is corrupt, altered, or computed by other code versions."""


def _compressed(text: bytes) -> bytes:
    """gzip with a fixed header (no name, time 0), so that read() can require that header exactly:
    gzip's own checks cover the compressed data and its trailer, not the header's bytes."""
    import io

    out = io.BytesIO()
    with gzip.GzipFile(fileobj=out, mode="wb", mtime=0) as z:
        z.write(text)
    return out.getvalue()


HEADER = _compressed(b"")[:10]


def _digest(obj) -> str:
    return hashlib.sha256(canonical(obj).encode()).hexdigest()


def config_of(key: dict) -> RunConfig:
    """The run configuration of a cache key (a key leaves LATER_FIELDS out at their defaults)."""
    fields = RunConfig.__dataclass_fields__
    return RunConfig(**{name: key.get(name, LATER_FIELDS[name]) if name in LATER_FIELDS else key[name]
                        for name in fields})


def finished_runs(configs: list[RunConfig], cache: ResultsCache) -> list[tuple[dict, dict]]:
    """(cache key, result) of every run among configs that the cache holds, each once."""
    found = []
    for config in dict.fromkeys(configs):
        key = sweep.run_key(config)
        result = cache.load(key)
        if result is not None:
            found.append((key, result))
    return found


def unpublished(runs: list[tuple[dict, dict]], archives: list[Path]) -> list[tuple[dict, dict]]:
    """The runs that none of the archives holds: what a new archive part adds to them."""
    held = {_digest(entry["key"]) for path in archives for entry in read(path)["entries"]}
    return [(key, result) for key, result in runs if _digest(key) not in held]


def export(runs: list[tuple[dict, dict]], path: Path, profile: str, computed_by: str = "") -> dict:
    """Write runs as one archive, atomically; returns its manifest. computed_by: the command that
    computed the runs, for the manifest (an archive part says what it belongs to)."""
    entries = [{"key": key, "result": result, "sha256": _digest({"key": key, "result": result})} for key, result in runs]
    manifest = {
        "created": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "profile": profile, "runs": len(entries),
        "computed_by": computed_by, "core_seconds": round(sum(r.get("seconds", 0.0) for _, r in runs), 1),
        "code": {"trainer": train.VERSION, "split": data.SPLIT_VERSION}, "packages": package_versions(),
        "devices": sorted({r.get("device_name", r.get("device", "?")) for _, r in runs}),
        "hosts": len({r["host"] for _, r in runs if "host" in r}),
        "sha256": _digest([e["sha256"] for e in entries]),
    }
    text = canonical({"format": FORMAT, "manifest": manifest, "entries": entries}).encode()
    atomic_write(Path(path), _compressed(text))
    return manifest


def read(path: Path) -> dict:
    """The archive's content after every check: readable, each entry's hash, the manifest's hash
    over all entries, and the trainer's and split's versions equal to this code's."""
    if not Path(path).is_file():
        raise ArchiveError(f"{path}: no such file")
    raw = Path(path).read_bytes()
    if raw[:10] != HEADER:
        raise ArchiveError(f"{path} does not start as a results archive does (its gzip header differs)")
    try:
        content = json.loads(gzip.decompress(raw))
        manifest, entries = content["manifest"], content["entries"]
    except (OSError, EOFError, zlib.error, ValueError, KeyError, TypeError) as error:
        raise ArchiveError(f"{path} is not a readable results archive ({type(error).__name__}: {error})") from None
    if content.get("format") != FORMAT:
        raise ArchiveError(f"{path} has format {content.get('format')!r}; this code reads format {FORMAT}")
    try:
        for i, entry in enumerate(entries):
            if _digest({"key": entry["key"], "result": entry["result"]}) != entry["sha256"]:
                raise ArchiveError(f"{path}: entry {i} does not match its SHA-256 (altered or corrupt)")
            if asdict(config_of(entry["key"])) != {**LATER_FIELDS, **entry["result"]["config"]}:
                raise ArchiveError(f"{path}: entry {i}'s result belongs to another configuration")
        if _digest([e["sha256"] for e in entries]) != manifest["sha256"]:
            raise ArchiveError(f"{path}: the entries do not match the manifest's SHA-256 (added, removed or reordered)")
        versions = [{"trainer": e["key"]["trainer"], "split": e["key"]["split"]} for e in entries]
    except (KeyError, TypeError) as error:
        raise ArchiveError(f"{path} lacks a field of the archive format ({error!r})") from None
    ours = {"trainer": train.VERSION, "split": data.SPLIT_VERSION}
    for theirs in versions:
        if theirs != ours:
            raise ArchiveError(f"{path} was computed by trainer/split versions {theirs}; this code is {ours}: "
                               "its numbers would not be this code's. Recompute its runs here (bayes-sgd run, with "
                               "the archive moved away), or check out the commit that computed it")
    return content


def import_archive(path: Path, cache: ResultsCache) -> tuple[int, int]:
    """Load every run of a checked archive into the cache under this machine's key (the result
    keeps its own device, torch build and dtype, and says where it came from). Nothing is
    written unless the whole archive checks out. Returns (imported, already present)."""
    content = read(path)
    manifest = content["manifest"]
    origin = {"archive": Path(path).name, "created": manifest["created"], "hosts": manifest["hosts"],
              "verified_here": False}
    imported = present = 0
    for entry in content["entries"]:
        key = sweep.run_key(config_of(entry["key"]), dtype=entry["key"]["dtype"])
        if cache.load(key) is not None:
            present += 1
            continue
        cache.store(key, {**entry["result"], "imported": origin})
        imported += 1
    return imported, present


@dataclass
class Comparison:
    """One run of an archive recomputed here."""

    config: RunConfig
    same_platform: bool  # device, torch build, dtype and processor fingerprint all the archived run's
    bitwise: bool
    archived_accuracy: float
    recomputed_accuracy: float
    largest_curve_difference: float
    allowance: float
    passed: bool

    def line(self) -> str:
        rule = ("bitwise" if self.same_platform or self.bitwise else
                f"another or unrecorded platform: final test accuracy within {self.allowance:.3f}")
        c = self.config
        return (f"{'PASS' if self.passed else 'FAIL'}  B={c.batch_size} ε={c.lr:g} m={c.momentum:g} N={c.n_train} "
                f"seed={c.seed}: final test accuracy {self.archived_accuracy:.4f} archived, "
                f"{self.recomputed_accuracy:.4f} here; largest curve difference {self.largest_curve_difference:.2e} "
                f"({rule})")


def allowance(entries: list[dict], entry: dict, index: int | None = None) -> float:
    """How far a run recomputed on another platform may land from its archived accuracy: TOLERANCE or, if
    wider, the LEVEL prediction interval (Student's t) of one more seed from the seeds of its training (key
    less UNTRAINED: a run measuring the noise trains as its plain twin), as rounding that differs by processor
    is amplified near an edge into one more draw of that spread. index: at that point of the test curve."""
    from scipy.stats import t

    setting = {k: v for k, v in entry["key"].items() if k not in UNTRAINED}
    def accuracy(e: dict) -> float:
        return e["result"]["final_test_accuracy"] if index is None else e["result"]["curves"]["test_accuracy"][index]
    accuracies = list({e["key"]["seed"]: accuracy(e) for e in entries  # each seed once: a twin is no new draw
                       if {k: v for k, v in e["key"].items() if k not in UNTRAINED} == setting
                       and (index is None or len(e["result"]["curves"]["test_accuracy"]) > index)}.values())
    n = len(accuracies)
    if n < 2 or not np.all(np.isfinite(accuracies)):
        return TOLERANCE
    spread = float(t.ppf((1 + LEVEL) / 2, n - 1) * np.std(accuracies, ddof=1) * np.sqrt(1 + 1 / n))
    return max(TOLERANCE, spread)


def pooled_entries(paths: list[Path]) -> list[dict]:
    """Every run of the archives, once (a run that several archives hold, as the curve Figures 5-7
    share, counts once): the seeds of a configuration wherever its parts put them, for allowance."""
    return list({canonical(e["key"]): e for path in paths for e in read(path)["entries"]}.values())


def draw(path: Path, sample: int, seed: int = 0, max_seconds: float | None = None,
         peers: list[dict] | None = None) -> list[dict]:
    """`sample` entries of an archive drawn at random (seeded); with max_seconds, only among the
    runs that took at most that long where they were computed (fewer where fewer are that cheap).
    Each carries its allowance on another platform (allowance over peers: pooled_entries, or its own)."""
    entries = read(path)["entries"]
    candidates = [i for i, e in enumerate(entries) if max_seconds is None or e["result"]["seconds"] <= max_seconds]
    rng = np.random.default_rng(seed)
    chosen = rng.choice(candidates, size=min(sample, len(candidates)), replace=False) if candidates else []
    return [{**entries[i], "allowance": allowance(peers or entries, entries[i])} for i in sorted(int(i) for i in chosen)]


def recompute(entries: list[dict], device: str = "cpu") -> list[dict]:
    """Train the entries' runs again here, in parallel over this machine's cores as a sweep does
    (one thread each), through a throwaway cache: never the real one, which holds the archived
    results. Results in the entries' order."""
    with tempfile.TemporaryDirectory() as folder:
        scratch = ResultsCache(Path(folder))
        here = {}
        for dtype in dict.fromkeys(e["key"]["dtype"] for e in entries):
            mine = [i for i, e in enumerate(entries) if e["key"]["dtype"] == dtype]
            results = sweep.run_sweep([config_of(entries[i]["key"]) for i in mine], scratch, device,
                                      progress=False, dtype=dtype)
            here |= dict(zip(mine, results))
    return [here[i] for i in range(len(entries))]


def platform_of(result: dict) -> tuple:
    """What decides a run's rounding: device, torch build, dtype and, on a CPU, the processor's
    fingerprint (None where the run did not record it)."""
    return result["device"], result["torch"], result["dtype"], result.get("cpu") or None


def compare(entry: dict, here: dict) -> Comparison:
    """An archived run against the same run recomputed here. On the same platform its curves must
    be equal bit for bit; on another or an unrecorded one, bitwise equality or a final test
    accuracy within the entry's allowance (TOLERANCE where the entry carries none)."""
    archived = entry["result"]
    same = platform_of(archived) == platform_of(here) and platform_of(archived)[3] is not None
    difference = max(float(np.nanmax(np.abs(np.subtract(archived["curves"][name], here["curves"][name]))))
                     for name in ("train_loss", "test_loss", "test_accuracy"))
    bitwise = canonical(archived["curves"]) == canonical(here["curves"])
    within = entry.get("allowance", TOLERANCE)
    gap = abs(archived["final_test_accuracy"] - here["final_test_accuracy"])
    passed = bitwise if same else bitwise or gap <= within
    return Comparison(config_of(entry["key"]), same, bitwise, archived["final_test_accuracy"],
                      here["final_test_accuracy"], difference, within, passed)


def check(entries: list[dict], device: str = "cpu", cache: ResultsCache | None = None) -> list[Comparison]:
    """Recompute the entries here and compare each; a passing run that was imported into the
    cache is marked there as re-verified, for the page's footer."""
    comparisons = [compare(e, here) for e, here in zip(entries, recompute(entries, device))]
    for entry, c in zip(entries, comparisons):
        if c.passed and cache is not None:
            local = sweep.run_key(c.config, dtype=entry["key"]["dtype"])
            stored = cache.load(local)
            if stored is not None and "imported" in stored:
                cache.store(local, {**stored, "imported": {**stored["imported"], "verified_here": True}})
    return comparisons


def verify(path: Path, sample: int, device: str = "cpu", seed: int = 0,
           cache: ResultsCache | None = None, max_seconds: float | None = None) -> list[Comparison]:
    """Recompute `sample` runs of the archive (draw) here and compare them (check)."""
    return check(draw(path, sample, seed, max_seconds), device, cache)


def published(folder: Path) -> list[Path]:
    """The committed archives of a results folder (results/*.json.gz), in name order."""
    return sorted(Path(folder).glob("*.json.gz"))


NUMBERS = ("final_test_accuracy", "final_train_accuracy", "final_test_loss", "curves")  # what two copies must share


def conflicts(paths: list[Path]) -> list[str]:
    """Runs that two archives (or archive parts) both hold with other numbers, each naming both
    archives: importing either would hide the other's numbers, so the import stops on any."""
    seen, found = {}, []
    for path in paths:
        for entry in read(path)["entries"]:
            key = _digest(entry["key"])
            numbers = {k: entry["result"].get(k) for k in NUMBERS}
            if key in seen and seen[key][1] != numbers:
                c = config_of(entry["key"])
                found.append(f"B={c.batch_size} ε={c.lr:g} m={c.momentum:g} N={c.n_train} seed={c.seed} "
                             f"({c.steps} updates): {seen[key][0]} and {Path(path).name} hold other numbers")
            seen.setdefault(key, (Path(path).name, numbers))
    return found


def commit_seed(commit: str) -> int:
    """A sampling seed that changes with the commit (its hex digits), so that over many builds
    every archived run gets recomputed; 0 for an unknown commit."""
    try:
        return int(commit[:12], 16)
    except ValueError:
        return 0
