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


def test_a_pages_tables_have_headers_in_words_and_scroll_inside_the_text_column():
    """Fails if tables.show prints code names (dead_fraction) or drops the scrolling box."""
    import pandas as pd

    from bayes_sgd import tables

    html = tables.show(pd.DataFrame({"batch_size": [30], "dead_fraction": [0.1], "B_edge per seed": ["30"]})).data
    assert html.startswith('<div class="table-scroll" style="overflow-x: auto')
    assert "<th>batch size B</th>" in html and "<th>dead hidden units (share)</th>" in html
    assert "_" not in html.split("<tbody>")[0].split("<thead>")[1].replace("B_edge", "")


def test_the_build_hides_the_code_of_one_statement_cells_and_keeps_the_rest(tmp_path):
    """Fails if a one-line call such as page.best_table() is shown to readers, or if the
    parameters cell or a cell of several statements loses its code."""
    import nbformat

    from bayes_sgd import book

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell('profile = "default"', metadata={"tags": ["parameters"]}),
                nbformat.v4.new_code_cell("page.best_table()"),
                nbformat.v4.new_code_cell("page = pages.ScalingPage(\n    'fig6', profile=profile)"),
                nbformat.v4.new_code_cell("a = 1\nb = 2"),
                nbformat.v4.new_markdown_cell("prose")]
    path = tmp_path / "page.ipynb"
    nbformat.write(nb, path)
    book.tag_for_readers(path)
    tags = [c.metadata.get("tags", []) for c in nbformat.read(path, as_version=4).cells]
    assert tags == [["parameters"], ["remove-input"], ["remove-input"], [], []]
