"""The results cache: keyed by the full configuration, atomic, corruption detected."""
import pytest

from bayes_sgd.cache import ResultsCache


def test_a_stored_result_is_returned_without_recomputing(tmp_path):
    cache, calls = ResultsCache(tmp_path), []
    compute = lambda: calls.append(1) or {"accuracy": 0.9}
    assert cache.get_or_compute({"b": 30, "seed": 1}, compute) == {"accuracy": 0.9}
    assert cache.get_or_compute({"seed": 1, "b": 30}, compute) == {"accuracy": 0.9}  # key order is irrelevant
    assert len(calls) == 1


def test_any_change_of_configuration_is_a_new_key(tmp_path):
    cache = ResultsCache(tmp_path)
    assert cache.key({"b": 30, "code": "a"}) != cache.key({"b": 30, "code": "b"})
    assert cache.key({"b": 30}) != cache.key({"b": 31})


@pytest.mark.parametrize("damage", ["truncate", "edit_result", "garbage"])
def test_a_corrupted_entry_is_detected_and_recomputed(tmp_path, damage):
    cache = ResultsCache(tmp_path)
    config = {"b": 30}
    cache.store(config, {"accuracy": 0.9, "curve": [1, 2, 3]})
    path = cache.path(config)
    text = path.read_text()
    if damage == "truncate":
        path.write_text(text[: len(text) // 2])
    elif damage == "edit_result":
        path.write_text(text.replace("0.9", "0.99"))
    else:
        path.write_bytes(b"\x00\xff garbage")
    with pytest.warns(UserWarning, match="corrupt"):
        assert cache.load(config) is None
    assert cache.get_or_compute(config, lambda: {"accuracy": 0.5}) == {"accuracy": 0.5}


def test_no_temporary_files_are_left_behind(tmp_path):
    cache = ResultsCache(tmp_path)
    for b in range(5):
        cache.store({"b": b}, [b])
    leftovers = [p for p in tmp_path.rglob("*") if p.is_file() and p.name.startswith(".tmp")]
    assert leftovers == []
