"""The data module: embedded digits, balanced splits, IDX parsing and the verified download."""
import hashlib

import numpy as np
import pytest

from bayes_sgd import data


@pytest.fixture(scope="module")
def pools():
    return data.load_pools("embedded")


def test_embedded_mnist_is_5000_digits_in_unit_range(pools):
    assert pools.x_train.shape == (5000, 784) and pools.x_train.dtype == np.float32
    assert pools.x_train.min() == 0.0 and pools.x_train.max() == 1.0
    assert np.bincount(pools.y_train).tolist() == [500] * 10


def test_ten_class_task_never_tests_on_a_training_image(pools):
    for n_train in (250, 2000):  # Figure 6's smallest and largest N
        split = data.ten_class_task(pools, n_train, 5000 - n_train, seed=0)
        train_rows = {row.tobytes() for row in split.x_train}
        assert len(split.y_train) == n_train and len(split.y_test) == 5000 - n_train
        assert not any(row.tobytes() in train_rows for row in split.x_test)


def test_binary_task_is_balanced_disjoint_and_seeded(pools):
    split = data.binary_task(pools, (0, 1), 800, 200, seed=3)
    assert np.bincount(split.y_train).tolist() == [400, 400]
    assert np.bincount(split.y_test).tolist() == [100, 100]
    train_rows = {row.tobytes() for row in split.x_train}
    assert not any(row.tobytes() in train_rows for row in split.x_test)
    again = data.binary_task(pools, (0, 1), 800, 200, seed=3)
    other = data.binary_task(pools, (0, 1), 800, 200, seed=4)
    assert np.array_equal(split.x_train, again.x_train) and np.array_equal(split.y_test, again.y_test)
    assert not np.array_equal(split.x_train, other.x_train)


def test_random_labels_replace_both_train_and_test_labels(pools):
    informative = data.binary_task(pools, (0, 1), 800, 200, seed=0)
    random = data.binary_task(pools, (0, 1), 800, 200, seed=0, random_labels=True)
    assert np.array_equal(informative.x_train, random.x_train)
    agree_train = np.mean(informative.y_train == random.y_train)
    agree_test = np.mean(informative.y_test == random.y_test)
    assert 0.4 < agree_train < 0.6 and 0.35 < agree_test < 0.65


def test_binary_task_refuses_more_images_than_the_data_has(pools):
    with pytest.raises(ValueError, match="digit 0"):
        data.binary_task(pools, (0, 1), 900, 200, seed=0)


def test_unknown_source_names_the_allowed_ones():
    with pytest.raises(ValueError, match="embedded, full, fashion"):
        data.load_pools("imagenet")


def test_idx_round_trip(tmp_path):
    images = np.random.default_rng(0).integers(0, 256, size=(7, 28, 28), dtype=np.uint8)
    data.write_idx(tmp_path / "x.gz", images)
    assert np.array_equal(data.read_idx(tmp_path / "x.gz"), images)


def test_truncated_idx_is_detected(tmp_path):
    data.write_idx(tmp_path / "x.gz", np.zeros((5, 28, 28), dtype=np.uint8))
    import gzip

    raw = gzip.decompress((tmp_path / "x.gz").read_bytes())
    (tmp_path / "cut.gz").write_bytes(gzip.compress(raw[:-100]))
    with pytest.raises(data.DataError, match="header says"):
        data.read_idx(tmp_path / "cut.gz")
    (tmp_path / "junk.gz").write_bytes(b"not a gzip file at all")
    with pytest.raises(data.DataError):
        data.read_idx(tmp_path / "junk.gz")


def _fake_mnist(folder, monkeypatch, n_train=30, n_test=20, table="MNIST_FILES"):
    """Write four small IDX files and make them the 'published' ones (of MNIST, or of table)."""
    rng = np.random.default_rng(1)
    arrays = {
        "train-images-idx3-ubyte.gz": rng.integers(0, 256, (n_train, 28, 28), dtype=np.uint8),
        "train-labels-idx1-ubyte.gz": np.arange(n_train, dtype=np.uint8) % 10,
        "t10k-images-idx3-ubyte.gz": rng.integers(0, 256, (n_test, 28, 28), dtype=np.uint8),
        "t10k-labels-idx1-ubyte.gz": np.arange(n_test, dtype=np.uint8) % 10,
    }
    folder.mkdir(parents=True, exist_ok=True)
    hashes = {}
    for name, array in arrays.items():
        data.write_idx(folder / name, array)
        hashes[name] = hashlib.sha256((folder / name).read_bytes()).hexdigest()
    monkeypatch.setattr(data, table, hashes)
    return arrays


def test_full_mnist_is_parsed_from_verified_idx_files(tmp_path, monkeypatch):
    arrays = _fake_mnist(tmp_path / "mnist", monkeypatch)
    pools = data.load_pools("full", cache_dir=tmp_path)
    assert pools.x_train.shape == (30, 784) and pools.x_test.shape == (20, 784)
    assert np.allclose(pools.x_test[3] * 255, arrays["t10k-images-idx3-ubyte.gz"][3].reshape(-1))
    split = data.ten_class_task(pools, 10, 5, seed=0)
    assert split.x_train.shape == (10, 784) and split.x_test.shape == (5, 784)


def test_download_is_verified_and_atomic(tmp_path, monkeypatch):
    _fake_mnist(tmp_path / "server", monkeypatch)
    url = (tmp_path / "server").as_uri() + "/"
    name = "train-labels-idx1-ubyte.gz"
    path = data.ensure_mnist_file(tmp_path / "cache", name, url=url)
    assert path.read_bytes() == (tmp_path / "server" / name).read_bytes()
    with pytest.raises(data.DataError, match="does not match"):
        data.ensure_file(tmp_path / "cache2", name, "0" * 64, url)
    assert list((tmp_path / "cache2").iterdir()) == []  # nothing half-written left behind


def test_corrupt_cached_file_is_reported(tmp_path, monkeypatch):
    _fake_mnist(tmp_path / "mnist", monkeypatch)
    (tmp_path / "mnist" / "t10k-labels-idx1-ubyte.gz").write_bytes(b"corrupt")
    with pytest.raises(data.DataError, match="corrupt"):
        data.load_pools("full", cache_dir=tmp_path)


def test_without_network_the_error_says_where_to_put_the_files(tmp_path):
    url = (tmp_path / "nowhere").as_uri() + "/"
    with pytest.raises(data.DataError, match="copy the four files"):
        data.ensure_mnist_file(tmp_path / "cache", "train-images-idx3-ubyte.gz", url=url)
    assert list((tmp_path / "cache").iterdir()) == []


def test_fashion_mnist_is_read_from_debians_installed_files_first(tmp_path, monkeypatch):
    arrays = _fake_mnist(tmp_path / "system", monkeypatch, table="FASHION_FILES")
    monkeypatch.setattr(data, "FASHION_SYSTEM_DIR", tmp_path / "system")
    pools = data.load_pools("fashion", cache_dir=tmp_path / "cache")
    assert pools.source == "fashion" and pools.describe() == "Fashion-MNIST (30 + 20 images)"
    assert np.array_equal(pools.y_train, arrays["train-labels-idx1-ubyte.gz"])
    assert not (tmp_path / "cache").exists()  # nothing copied or downloaded


def test_fashion_mnist_without_the_package_comes_from_the_cache_or_a_verified_download(tmp_path, monkeypatch):
    arrays = _fake_mnist(tmp_path / "server", monkeypatch, table="FASHION_FILES")
    monkeypatch.setattr(data, "FASHION_SYSTEM_DIR", tmp_path / "not-installed")
    monkeypatch.setattr(data, "FASHION_URL", (tmp_path / "server").as_uri() + "/")
    pools = data.load_pools("fashion", cache_dir=tmp_path / "cache")
    assert np.allclose(pools.x_test[2] * 255, arrays["t10k-images-idx3-ubyte.gz"][2].reshape(-1))
    assert sorted(p.name for p in (tmp_path / "cache" / "fashion-mnist").iterdir()) == sorted(data.FASHION_FILES)


def test_a_corrupt_installed_fashion_file_names_the_package(tmp_path, monkeypatch):
    _fake_mnist(tmp_path / "system", monkeypatch, table="FASHION_FILES")
    monkeypatch.setattr(data, "FASHION_SYSTEM_DIR", tmp_path / "system")
    (tmp_path / "system" / "train-labels-idx1-ubyte.gz").write_bytes(b"corrupt")
    with pytest.raises(data.DataError, match="reinstall the package dataset-fashion-mnist"):
        data.load_pools("fashion", cache_dir=tmp_path / "cache")


def test_without_network_or_package_the_fashion_error_says_what_to_install(tmp_path, monkeypatch):
    monkeypatch.setattr(data, "FASHION_SYSTEM_DIR", tmp_path / "not-installed")
    monkeypatch.setattr(data, "FASHION_URL", (tmp_path / "nowhere").as_uri() + "/")
    with pytest.raises(data.DataError, match="install Debian's package dataset-fashion-mnist"):
        data.load_pools("fashion", cache_dir=tmp_path / "cache")
    assert list((tmp_path / "cache" / "fashion-mnist").iterdir()) == []


@pytest.mark.skipif(not data.FASHION_SYSTEM_DIR.exists(), reason="Debian's dataset-fashion-mnist is not installed")
def test_the_installed_fashion_mnist_is_the_published_one():
    pools = data.load_pools("fashion")
    assert pools.x_train.shape == (60000, 784) and pools.x_test.shape == (10000, 784)
    assert np.bincount(pools.y_train).tolist() == [6000] * 10 and np.bincount(pools.y_test).tolist() == [1000] * 10
    assert pools.x_train.dtype == np.float32 and pools.x_train.min() == 0.0 and pools.x_train.max() == 1.0
    split = data.ten_class_task(pools, 16000, 10000, seed=0)
    assert len(split.y_train) == 16000 and len(split.y_test) == 10000
