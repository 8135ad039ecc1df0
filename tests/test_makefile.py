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
