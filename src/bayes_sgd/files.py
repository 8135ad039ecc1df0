"""Files written whole or not at all: a temporary file beside the target, flushed to disk and
renamed over it, so that an interrupted write never leaves a half-written cache entry, archive,
download or claim record. The bottom layer: it imports nothing of the package."""
from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def atomic_file(path: Path):
    """Yields a binary file that becomes `path` when the block ends without an error (fsync, the
    umask's permissions, rename); on an error the temporary file is removed and `path` untouched."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes it private; these files are for sharing
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)


def atomic_write(path: Path, content: bytes) -> None:
    """Write content to path whole or not at all."""
    with atomic_file(path) as f:
        f.write(content)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
