"""What produced a page: profile, data, runs, device, wall time, versions, commit."""
from __future__ import annotations

import subprocess
import time
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

PACKAGES = ("torch", "numpy", "scipy", "scikit-learn", "mlxtend", "matplotlib", "seaborn", "papermill")


def start() -> float:
    """Wall-clock start of a page's computation (seconds since the epoch)."""
    return time.time()


def git_commit() -> str:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, timeout=10,
            cwd=Path(__file__).resolve().parent,
        )
        return out.stdout.strip() or "unknown"
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def package_versions() -> str:
    found = []
    for name in PACKAGES:
        try:
            found.append(f"{name} {version(name)}")
        except PackageNotFoundError:
            pass
    return ", ".join(found)


def footer(started: float, profile: str, data: str, runs: int, device: str = "cpu"):
    """The provenance footer of a figure page, as displayable Markdown."""
    from IPython.display import Markdown

    wall = time.time() - started
    return Markdown(
        f"**Provenance.** Profile `{profile}`; data: {data}; {runs} fits or training runs; "
        f"device `{device}`; wall time {wall:.1f} s (a warm results cache makes this seconds); "
        f"{package_versions()}; git commit `{git_commit()}`."
    )
