"""Parameter checks: a bad value stops with a message naming the parameter, the value given
and what is allowed, before any heavy work. The bottom layer: it imports nothing of the package."""
from __future__ import annotations

import ast
import math

import numpy as np

DEVICES = ("cpu", "cuda")


class ParameterError(ValueError):
    """A notebook or command-line parameter outside its allowed values."""


def check_choice(name: str, value, allowed) -> None:
    if value not in allowed:
        raise ParameterError(f"{name}={value!r} is not allowed; choose one of: {', '.join(map(str, allowed))}")


def check_positive_int(name: str, value) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value <= 0:
        raise ParameterError(f"{name}={value!r} is not allowed; it must be a positive integer")


def check_non_negative_int(name: str, value) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 0:
        raise ParameterError(f"{name}={value!r} is not allowed; it must be an integer >= 0")


def check_positive_float(name: str, value) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or value <= 0:
        raise ParameterError(f"{name}={value!r} is not allowed; it must be a finite number > 0")


def check_list(name: str, value, example: str) -> tuple | None:
    """A list parameter as a tuple (None stays None). A string such as "[1.0, 0.1]", as
    `papermill -p` passes it, is parsed; an empty list or anything else is refused."""
    if value is None:
        return None
    how = f"give a list, e.g. papermill ... -y '{name}: {example}' (or -p {name} \"{example}\")"
    if isinstance(value, str):
        try:
            value = ast.literal_eval(value)
        except (ValueError, SyntaxError):
            raise ParameterError(f"{name}={value!r} is not allowed: it is not a list; {how}") from None
    if not isinstance(value, (list, tuple)):
        raise ParameterError(f"{name}={value!r} is not allowed: it is not a list; {how}")
    if not value:
        raise ParameterError(f"{name}={list(value)!r} is not allowed: the list is empty; {how}")
    return tuple(value)


def check_device(device: str) -> None:
    """device is 'cpu' or 'cuda', and 'cuda' only where torch sees a CUDA device."""
    check_choice("device", device, DEVICES)
    if device == "cuda":
        import torch

        if not torch.cuda.is_available():
            raise ParameterError("device='cuda' is not allowed here: torch sees no CUDA device "
                                 f"(torch {torch.__version__}); use device='cpu'")
