"""What the setups share: the held-out images of a split, a profile's settings with the
parameters given, and the checks of a training-set size."""
from __future__ import annotations

from dataclasses import fields

from ..params import ParameterError

MIN_TEST_IMAGES = 1000  # the embedded data keeps at least this many images out of training to test on


def check_embedded_n_train(n_train: int, name: str = "n_train") -> None:
    """On the embedded data (5,000 images) training must leave MIN_TEST_IMAGES images to test on."""
    limit = 5000 - MIN_TEST_IMAGES
    if n_train > limit:
        raise ParameterError(f"{name}={n_train} is not allowed with data_source='embedded': at most {limit} "
                             f"(the embedded data has 5,000 images and keeps at least {MIN_TEST_IMAGES} for "
                             "testing); use data_source='full'")


def held_out_images(data_source: str, n_test: int, n_train: int) -> int:
    """Test images of a split: on the embedded data, at most the images left after training."""
    return min(n_test, 5000 - n_train) if data_source == "embedded" else n_test


def with_overrides(profile_settings, **given) -> dict:
    """A profile's settings (a settings dataclass of setups.profiles) as a dict, with every
    parameter given (not None) taking precedence."""
    return {f.name: getattr(profile_settings, f.name) if given.get(f.name) is None else given[f.name]
            for f in fields(profile_settings)}


def check_training_set_size(n: int, data_source: str, label: str) -> None:
    """N must leave test images on the embedded data and fit the 60,000 of the others."""
    if data_source == "embedded":
        check_embedded_n_train(n, label)
    elif n > 60_000:
        raise ParameterError(f"{label}={n} is not allowed with data_source={data_source!r}: at most 60000")
