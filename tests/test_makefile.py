"""The README's first command works first: `make book` installs the data it trains on."""
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
@pytest.mark.parametrize("target", ["book", "test"])
def test_either_command_installs_fashion_mnist_where_it_is_missing(target, tmp_path):
    """Fails if `make book` (or `make test`) stops depending on the Fashion-MNIST target: on a bare
    machine Figure 6 would then try to download the data (offline, an error after minutes)."""
    missing = tmp_path / "fashion-mnist" / "train-images-idx3-ubyte.gz"
    plan = subprocess.run(["make", "-n", target, f"FASHION={missing}"], cwd=ROOT, capture_output=True, text=True,
                          timeout=60)
    assert plan.returncode == 0, plan.stderr
    assert "apt-get install -y -qq dataset-fashion-mnist" in plan.stdout
    python = next(i for i, line in enumerate(plan.stdout.splitlines()) if "-m bayes_sgd book" in line or "pytest" in line)
    install = next(i for i, line in enumerate(plan.stdout.splitlines()) if "dataset-fashion-mnist" in line)
    assert install < python  # the data first, then what trains on it


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_make_test_lints_first_and_leaves_the_slow_tests_to_ci():
    """Fails if `make test` stops running ruff before pytest, runs the slow tests (its time is what a
    developer waits for), or if CI stops running them (`make test-slow` in .ci/run)."""
    plan = subprocess.run(["make", "-n", "test"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert plan.returncode == 0, plan.stderr
    lines = plan.stdout.splitlines()
    lint = next(i for i, line in enumerate(lines) if "ruff check src tests benchmarks book" in line)
    tests = next(i for i, line in enumerate(lines) if "-m pytest" in line)
    assert lint < tests and '-m "not slow"' in lines[tests]
    ci = (ROOT / ".ci" / "run").read_text().splitlines()
    assert ci.index("make test") < ci.index("make test-slow")
