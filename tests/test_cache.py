"""The results cache: keyed by the configuration and the versions of what computes it (not by
source text), atomic, corruption detected."""
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import bayes_sgd
from bayes_sgd import data, evidence, train
from bayes_sgd.execution import results, sweep
from bayes_sgd.execution.cache import ResultsCache
from bayes_sgd.setups.evidence import evidence_setup


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
    leftovers = [p for p in tmp_path.rglob("*") if p.is_file() and p.name.endswith(".part")]
    assert leftovers == []


# ---------------------------------------------------------------- what the key holds

KEY_SCRIPT = """
import json

from bayes_sgd import train
from bayes_sgd.execution import results, sweep
from bayes_sgd.setups.evidence import evidence_setup
config = train.RunConfig(batch_size=30, lr=0.1, steps=100)
print(json.dumps([sweep.run_key(config), results.fit_key(evidence_setup('smoke').fit('random'))]))
"""


def _keys_of(package_root: Path) -> list[dict]:
    run = subprocess.run([sys.executable, "-c", KEY_SCRIPT], capture_output=True, text=True, check=True,
                         env={**os.environ, "PYTHONPATH": str(package_root)})
    return json.loads(run.stdout)


def test_a_comment_only_change_leaves_every_key_unchanged(tmp_path):
    source = Path(bayes_sgd.__file__).parent
    copy = tmp_path / "src" / "bayes_sgd"
    shutil.copytree(source, copy, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("train.py", "data.py", "evidence.py", "runs.py", "setups/evidence.py", "execution/sweep.py",
                 "execution/results.py"):
        with open(copy / name, "a") as f:
            f.write("\n# a comment that changes no number\n")
    assert _keys_of(tmp_path / "src") == _keys_of(source.parent)


def test_the_split_and_trainer_versions_the_dtype_and_the_torch_version_are_in_the_key(monkeypatch):
    cache = ResultsCache("unused")
    config = train.RunConfig(batch_size=30, lr=0.1, steps=100)
    base = cache.key(sweep.run_key(config))
    assert cache.key(sweep.run_key(config, dtype="float64")) != base
    with monkeypatch.context() as m:
        m.setattr(data, "SPLIT_VERSION", data.SPLIT_VERSION + 1)
        assert cache.key(sweep.run_key(config)) != base
    with monkeypatch.context() as m:
        m.setattr(train, "VERSION", train.VERSION + 1)
        assert cache.key(sweep.run_key(config)) != base
    with monkeypatch.context() as m:
        m.setattr(sweep, "installed_version", lambda name: "9.9.9" if name == "torch" else "0")
        assert cache.key(sweep.run_key(config)) != base
    assert cache.key(sweep.run_key(config)) == base


def test_the_evidence_key_holds_the_evidence_and_split_versions(monkeypatch):
    cache = ResultsCache("unused")
    setup = evidence_setup("smoke")
    base = cache.key(results.fit_key(setup.fit("random")))
    monkeypatch.setattr(data, "SPLIT_VERSION", data.SPLIT_VERSION + 1)
    assert cache.key(results.fit_key(setup.fit("random"))) != base
    monkeypatch.undo()
    monkeypatch.setattr(evidence, "VERSION", evidence.VERSION + 1)
    assert cache.key(results.fit_key(setup.fit("random"))) != base
