"""What a page tells its reader about where its numbers came from, and how its tables read."""
import time
from pathlib import Path

import pandas as pd
import yaml

from bayes_sgd import provenance, tables
from bayes_sgd.data import default_cache_dir

ROOT = Path(__file__).resolve().parents[1]


def test_the_footer_reports_the_device_stored_with_the_results_not_the_notebooks():
    gpu = {"device": "cuda", "device_name": "NVIDIA H100 80GB HBM3", "torch": "2.13.0+cu128", "dtype": "float32",
           "seconds": 60.0}
    cpu = {**gpu, "device": "cpu", "device_name": "CPU (x86_64)", "torch": "2.13.0+cpu"}
    text = provenance.footer(time.time(), "paper", "embedded MNIST", [gpu, gpu, cpu]).data
    assert "2 on NVIDIA H100 80GB HBM3, torch 2.13.0+cu128, float32; 1 on CPU (x86_64), torch 2.13.0+cpu" in text
    assert "3.0 min of compute" in text
    assert "per machine type" in text  # bitwise reproducibility is promised per machine type only


def test_the_rerun_box_shows_no_path_of_this_machine():
    text = provenance.rerun_box("fig4").data
    assert str(default_cache_dir()) not in text and str(Path.home()) not in text
    assert "$BAYES_SGD_CACHE/results" in text and "--device cuda" in text
    assert "--device cuda" not in provenance.rerun_box("fig1").data  # Figures 1 and 2 compute on the CPU only


def test_tables_show_no_index_and_whole_numbers_as_integers():
    frame = pd.DataFrame({"N": [250.0, 500.0, None], "best B": [30.0, 100.0, 300.0], "accuracy": [0.91, 0.5, 0.25]})
    shown = tables.as_displayed(frame)
    assert list(shown["N"]) == ["250", "500", "—"] and list(shown["best B"]) == ["30", "100", "300"]
    assert shown["accuracy"].tolist() == [0.91, 0.5, 0.25]
    html = tables.show(frame.set_index("N")).data
    assert "<th>N</th>" in html and "<tbody>\n    <tr>\n      <td>250</td>" in html and "250.0" not in html


def test_readme_and_the_pages_workflow_provide_what_make_needs():
    readme = (ROOT / "README.md").read_text()
    assert "npm" in readme and "sudo" in readme and "Python 3.11" in readme
    steps = yaml.safe_load((ROOT / ".github" / "workflows" / "book.yml").read_text())["jobs"]["build"]["steps"]
    commands = " ".join(step.get("run", "") for step in steps)
    assert "apt-get install" in commands and "npm" in commands and "bash .ci/run" in commands
