"""Every notebook executes in the smoke profile and the book builds from them (warnings are errors)."""
import json
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bayes_sgd import book, figures
from bayes_sgd.claims import records

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.slow


def test_every_figure_page_has_its_figure_as_an_image(built_book):
    root, html = built_book
    notebooks = book.figure_notebooks(root)
    assert len(notebooks) >= 2
    for source in notebooks:
        page = html / "book" / f"{source.stem}.html"
        text = page.read_text()
        images = re.findall(r'<img[^>]+src="([^"]+\.png)"', text)
        assert images, f"{page.name} shows no figure"
        for src in images:
            assert (page.parent / src).resolve().exists(), f"{page.name}: {src} is missing"


def _front_page_rows(html: Path) -> dict[str, list[str]]:
    front = (html / "book" / "intro.html").read_text()
    rows = {}
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", front, flags=re.S):
        cells = [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, flags=re.S)]
        if cells and cells[0] != "id":
            rows[cells[0]] = cells
    return rows


def test_front_page_table_matches_the_claims_json_entry_for_entry(built_book):
    from bayes_sgd.claims.catalogue import PAPER_CLAIMS

    root, html = built_book
    found = json.loads((html / "claims.json").read_text())
    rows = _front_page_rows(html)
    for r in found:
        assert r["verdict"] in records.VERDICTS and r["profile"] == "smoke"
        assert rows[r["id"]][3] == r["verdict"], r["id"]
    assert len(rows) == len({r["id"] for r in found} | {c[0] for c in PAPER_CLAIMS})


def test_the_pages_record_exactly_the_claim_ids_the_registry_gives(built_book):
    root, html = built_book
    recorded = sorted(r["id"] for r in json.loads((html / "claims.json").read_text()))
    assert recorded == sorted(c for key in figures.FIGURES for c in figures.claim_ids(key, "smoke"))


def test_a_paper_claim_without_a_record_is_shown_as_not_run():
    table = book.claims_table([{"id": "C1", "figure": "Fig. 1a", "statement": "s", "verdict": "reproduced",
                                "key_number": "k"},
                               {"id": "C5-eps0.1", "figure": "Fig. 3a (changed ε)", "statement": "s",
                                "verdict": "not reproduced", "key_number": "k"}])
    lines = {line.split("|")[1].strip(): line for line in table.splitlines()[2:]}
    assert "**reproduced**" in lines["C1"] and "**not run**" in lines["C2"] and "**not run**" in lines["C11"]
    assert "(fig3_generalisation_gap.ipynb)" in lines["C5-eps0.1"] and "**not reproduced**" in lines["C5-eps0.1"]


def test_the_front_page_says_per_claim_whether_the_optimum_or_the_edge_was_measured():
    table = book.claims_table([{"id": "C8", "figure": "Fig. 5b", "statement": "s", "verdict": "undecided",
                                "key_number": "k", "measured": "edge"},
                               {"id": "C10", "figure": "Fig. 7b", "statement": "s", "verdict": "reproduced",
                                "key_number": "k", "measured": "optimum (3 of 5 curves above the edge)"}])
    assert "what set the optimum" in table.splitlines()[0]
    lines = {line.split("|")[1].strip(): line.split("|") for line in table.splitlines()[2:]}
    assert lines["C8"][4].strip() == "**undecided**" and lines["C8"][6].strip() == "edge"
    assert lines["C10"][6].strip() == "optimum (3 of 5 curves above the edge)" and lines["C1"][6].strip() == "—"


def test_readers_see_neither_the_injected_parameters_cell_nor_a_download_of_a_missing_notebook(built_book):
    """(Launch links are checked against what the workflow publishes in the test below.)"""
    root, html = built_book
    for source in book.figure_notebooks(root):
        page = (html / "book" / f"{source.stem}.html").read_text()
        assert 'profile = "smoke"' not in page  # papermill's injected cell
        downloads = re.findall(r'href="(?!https?:)([^"#]+\.(?:ipynb|py))"', page)
        assert any(d.endswith(".ipynb") for d in downloads), source.stem
        for target in downloads:
            assert (html / "book" / target).resolve().exists(), f"{source.stem}: {target} is not published"


def _png_width_inches(path: Path) -> float:
    data = path.read_bytes()
    width = int.from_bytes(data[16:20], "big")
    at = data.index(b"pHYs")
    per_metre = int.from_bytes(data[at + 4:at + 8], "big")
    return width / (per_metre * 0.0254)


def test_figures_are_drawn_at_the_pages_text_width(built_book):
    from bayes_sgd.plots import PAGE_WIDTH

    root, html = built_book
    images = list((html / "_images").glob("*.png"))
    assert len(images) >= len(book.figure_notebooks(root))
    for image in images:
        assert _png_width_inches(image) <= PAGE_WIDTH + 0.3, image.name


def test_the_repository_address_is_set_in_one_place_that_the_readme_names(built_book):
    import yaml

    root, html = built_book
    url = yaml.safe_load((ROOT / "_config.yml").read_text())["repository"]["url"]
    assert "repository.url" in (ROOT / "README.md").read_text() and "_config.yml" in (ROOT / "README.md").read_text()
    page = (html / "book" / "intro.html").read_text()
    assert f'href="{url}"' in page


def test_a_nonsense_profile_fails_within_seconds_naming_the_allowed_ones(tmp_path):
    import jupytext

    notebook = tmp_path / "fig1.ipynb"
    jupytext.write(jupytext.read(ROOT / "book" / "fig1_memorisation.py"), notebook)
    start = time.perf_counter()
    run = subprocess.run(
        [str(Path(sys.executable).parent / "papermill"), str(notebook), str(tmp_path / "out.ipynb"),
         "-p", "profile", "nonsense", "--cwd", str(tmp_path)],
        capture_output=True, text=True,
    )
    assert run.returncode != 0
    assert "smoke, default, paper" in run.stdout + run.stderr
    assert time.perf_counter() - start < 60


def test_the_deviations_page_lists_the_changed_settings_with_the_measured_effect(built_book):
    root, html = built_book
    page = re.sub(r"<[^>]+>", " ", (html / "book" / "deviations.html").read_text())
    assert "learning rate ε" in page and "C7-eps0.1:" in page and "C5-eps0.1:" in page
    assert "not measured" in page


def test_figure_6_shows_its_three_families_and_figure_4_the_epsilon_1_variants(built_book):
    _, html = built_book
    raw6 = (html / "book" / "fig6_training_set_size.html").read_text()
    fig6 = re.sub(r"<[^>]+>", " ", raw6)
    assert "Fashion-MNIST" in fig6 and "a change from the paper" in fig6
    for claim_id in ("C9 (Fig. 6b)", "C9-time (Fig. 6b)", "C9-small (Fig. 6b)"):
        assert claim_id in fig6, claim_id
    assert raw6.count("<img") >= 3  # one figure per family
    fig4 = re.sub(r"<[^>]+>", " ", (html / "book" / "fig4_optimum_batch_size.html").read_text())
    assert "Glorot-uniform weights, zero biases" in fig4 and "float64 instead of float32" in fig4
    assert "Observation" in fig4


def test_every_launch_link_opens_a_notebook_the_workflow_publishes(built_book, tmp_path):
    """Fails if a page's Binder or Colab button points at another branch than the one the Pages
    workflow pushes to, or at a file that publish-notebooks does not write (e.g. the .py source,
    or a notebook without the cell that installs the package)."""
    import nbformat
    import yaml

    from bayes_sgd import publish

    root, html = built_book
    config = yaml.safe_load((root / "_config.yml").read_text())
    repo, branch = config["repository"]["url"].removeprefix("https://github.com/"), config["repository"]["branch"]
    assert branch in (ROOT / ".github" / "workflows" / "book.yml").read_text().split("git push --force")[1]
    written = {p.as_posix() for p in publish.publish_notebooks(root, tmp_path, config["repository"]["url"])}
    links = []
    for source in book.figure_notebooks(root):
        page = (html / "book" / f"{source.stem}.html").read_text()
        found = re.findall(r'href="(https://(?:mybinder\.org|colab\.research\.google\.com)/[^"]+)"', page)
        assert len(found) == 2, f"{source.stem}: launch links {found}"
        links += found
    for link in links:
        if "mybinder" in link:
            match = re.fullmatch(rf"https://mybinder\.org/v2/gh/{repo}/{branch}\?urlpath=tree/(.+)", link)
        else:
            match = re.fullmatch(rf"https://colab\.research\.google\.com/github/{repo}/blob/{branch}/(.+)", link)
        assert match and match.group(1) in written, link
        first = nbformat.read(tmp_path / match.group(1), as_version=4).cells[0]
        assert "pip install" in first.source and f"git+{config['repository']['url']}" in first.source
