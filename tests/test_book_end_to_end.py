"""Every notebook executes in the smoke profile and the book builds from them (warnings are errors)."""
import json
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bayes_sgd import book

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


def test_front_page_table_matches_the_claims_json_entry_for_entry(built_book):
    from bayes_sgd.claims import PAPER_CLAIMS

    root, html = built_book
    records = json.loads((html / "claims.json").read_text())
    assert {"C1", "C2", "C3", "C4", "C5", "C6", "C7", "C8", "C9", "C10", "C11", "G1"} <= {r["id"] for r in records}
    front = (html / "book" / "intro.html").read_text()
    rows = {}
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", front, flags=re.S):
        cells = [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, flags=re.S)]
        if cells and cells[0] != "id":
            rows[cells[0]] = cells
    for r in records:
        assert r["verdict"] in ("reproduced", "not reproduced", "not run") and r["profile"] == "smoke"
        assert rows[r["id"]][3] == r["verdict"], r["id"]
    recorded = {r["id"] for r in records}
    for claim_id, *_ in PAPER_CLAIMS:
        if claim_id not in recorded:
            assert rows[claim_id][3] == "not run"
    assert len(rows) == len(recorded | {c[0] for c in PAPER_CLAIMS})


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
