"""A long run's state, saved every few minutes while it trains, so that a run killed part-way
(a sweep stopped, a machine handed back) resumes where it was saved, and finishes with the
numbers it would have had uninterrupted, bit for bit.

The state is saved at the start of a block of mini-batches (train.BLOCK_STEPS), where every
run's next indices are still to be drawn: the weights, the momentum buffers, each run's
mini-batch stream (its generator's state and the rest of its current permutation), the curves
recorded so far and the compute seconds spent. A file is written whole or not at all
(files.atomic_write); one that cannot be read, or that belongs to other runs or another
processor, is reported, removed and not resumed. Saving is best effort: where the folder cannot
be written, the run goes on without it.
"""
from __future__ import annotations

import hashlib
import io
import json
import sys
import warnings
from dataclasses import dataclass
from pathlib import Path

import torch

from .files import atomic_write

FORMAT = 1
SECONDS = 300.0  # a killed run loses at most this much compute, and one block of mini-batches


@dataclass
class TrainingState:
    """Where an ensemble of runs stands after `step` updates."""
    step: int
    params: list[torch.Tensor]
    velocity: list[torch.Tensor]
    streams: list[tuple[torch.Tensor, torch.Tensor]]  # per run: its generator's state, the indices left
    records: dict[str, list]
    status: list[str]
    predictions: torch.Tensor  # the test predictions at the last record
    seconds: float  # compute spent on the runs so far


class Checkpoint:
    """The checkpoint file of one unit of work: the runs with these cache keys (their
    configurations, the trainer's version, the dtype) on this processor (its fingerprint, so that
    a run is never finished by a processor that rounds otherwise than the one that began it).
    Both are written inside the file and checked on reading."""

    def __init__(self, folder: Path, keys: list[dict], processor: str, every: float | None = None):
        self.owner = json.dumps({"runs": keys, "processor": processor}, sort_keys=True, separators=(",", ":"))
        self.path = Path(folder) / f"{hashlib.sha256(self.owner.encode()).hexdigest()[:32]}.pt"
        self.every = SECONDS if every is None else every  # seconds between saves
        first = keys[0]
        self.label = (f"N = {first['n_train']:,}, B = {first['batch_size']:,}, lr {first['lr']:g}, "
                      f"seed {', '.join(str(key['seed']) for key in keys)}")
        self.failed = False

    def load(self) -> TrainingState | None:
        """The saved state of these runs, or None if there is none (or it cannot be used: then a
        warning says why and the file is removed)."""
        if not self.path.exists():
            return None
        try:
            saved = torch.load(io.BytesIO(self.path.read_bytes()), map_location="cpu", weights_only=True)
            if saved.get("format") != FORMAT or saved.get("owner") != self.owner:
                reason = "it belongs to other runs (configuration, trainer version or dtype) or another processor"
            else:
                state = TrainingState(**saved["state"])
                print(f"resumed: {self.label} from update {state.step:,} ({state.seconds / 60:.0f} min done before)",
                      file=sys.stderr, flush=True)
                return state
        except Exception as error:  # any unreadable file: torch raises several kinds
            reason = f"it cannot be read ({type(error).__name__})"
        warnings.warn(f"checkpoint {self.path} not resumed: {reason}; removed, the runs start from step 0",
                      stacklevel=3)
        self.remove()
        return None

    def save(self, state: TrainingState, of: int) -> None:
        """Write the state whole or not at all, and say how far the runs are (of: their updates in all);
        if the folder cannot be written, warn once and go on."""
        if self.failed:
            return
        on_cpu = {"step": state.step, "params": [p.cpu() for p in state.params],
                  "velocity": [v.cpu() for v in state.velocity], "streams": state.streams,
                  "records": state.records, "status": state.status, "predictions": state.predictions.cpu(),
                  "seconds": state.seconds}
        buffer = io.BytesIO()
        torch.save({"format": FORMAT, "owner": self.owner, "state": on_cpu}, buffer)
        try:
            atomic_write(self.path, buffer.getvalue())
            print(f"saved: {self.label} at update {state.step:,} of {of:,} ({state.seconds / 60:.0f} min so far)",
                  file=sys.stderr, flush=True)
        except OSError as error:
            self.failed = True
            warnings.warn(f"checkpoint {self.path} could not be written ({error}); the runs go on without one",
                          stacklevel=3)

    def remove(self) -> None:
        """Remove the file (the runs finished, or it could not be used), if it was ever written."""
        try:
            self.path.unlink(missing_ok=True)
        except OSError:  # its folder could not be made: nothing was saved
            pass
