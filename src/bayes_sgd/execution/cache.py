"""A results cache keyed by the full configuration and the versions of what computes it.

Each entry is one JSON file written atomically (temporary file, fsync, rename), so
an interrupted run leaves either a whole entry or none. An entry whose checksum
or configuration does not match is reported as corrupt and recomputed.
"""
from __future__ import annotations

import hashlib
import json
import warnings
from pathlib import Path

from ..files import atomic_write


def canonical(obj) -> str:
    """Deterministic JSON text of a configuration or result."""
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), allow_nan=True)


PACKAGES = ("torch", "numpy", "scipy", "scikit-learn", "mlxtend", "matplotlib", "seaborn", "papermill")


def package_versions() -> str:
    """The versions of the packages that compute and draw the book, for provenance and archives."""
    from importlib.metadata import PackageNotFoundError, version

    found = []
    for name in PACKAGES:
        try:
            found.append(f"{name} {version(name)}")
        except PackageNotFoundError:
            pass
    return ", ".join(found)


def installed_version(package: str) -> str:
    """The installed version of a package (e.g. '2.13.0+cpu' for torch), read without importing it."""
    from importlib.metadata import version

    return version(package)


class ResultsCache:
    """Folder of finished results, one file per configuration."""

    def __init__(self, folder: Path | str):
        self.folder = Path(folder)

    def key(self, config: dict) -> str:
        return hashlib.sha256(canonical(config).encode()).hexdigest()[:32]

    def path(self, config: dict) -> Path:
        key = self.key(config)
        return self.folder / key[:2] / f"{key}.json"

    def load(self, config: dict):
        """The stored result of config, or None if absent or corrupt (then it is removed)."""
        path = self.path(config)
        if not path.exists():
            return None
        try:
            entry = json.loads(path.read_text())
            intact = (
                entry["config"] == json.loads(canonical(config))
                and entry["sha256"] == hashlib.sha256(canonical(entry["result"]).encode()).hexdigest()
            )
        except (OSError, ValueError, KeyError, TypeError):
            intact = False
        if not intact:
            warnings.warn(f"corrupt cache entry {path} removed; it will be recomputed", stacklevel=2)
            path.unlink(missing_ok=True)
            return None
        return entry["result"]

    def store(self, config: dict, result) -> None:
        path = self.path(config)
        path.parent.mkdir(parents=True, exist_ok=True)
        text = canonical(
            {
                "config": config,
                "result": result,
                "sha256": hashlib.sha256(canonical(result).encode()).hexdigest(),
            }
        )
        atomic_write(path, text.encode())

    def get_or_compute(self, config: dict, compute):
        """Stored result of config, else compute() stored then returned."""
        result = self.load(config)
        if result is None:
            result = compute()
            self.store(config, result)
        return result
