"""The built book, opened page by page in headless Chromium: images load, links lead somewhere,
no console errors. Uses the book in $BOOK_HTML, else the smoke book the end-to-end test builds."""
import json
import os
from pathlib import Path

import pytest

from bayes_sgd import answer, browser

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def html(request):
    if os.environ.get("BOOK_HTML"):
        return Path(os.environ["BOOK_HTML"])
    root, html = request.getfixturevalue("built_book")
    return html


def test_every_page_loads_its_images_and_links_without_console_errors(html, tmp_path_factory):
    shots = Path(os.environ.get("BOOK_SCREENSHOTS", tmp_path_factory.mktemp("screenshots")))
    problems, pages = browser.check_book(html, shots)
    assert len(pages) >= 5
    assert problems == []
    assert (shots / "intro.png").stat().st_size > 10_000
    records = json.loads((html / "claims.json").read_text())
    front = next(html.rglob("intro.html")).read_text()
    assert "Does the paper hold?" in front and f"Of the {len(records)} checks this build made" in front
    if any(answer.plotted(r) for r in records):  # the summary figure is there (and loaded: checked above)
        assert "summary.png" in front


def test_the_checker_catches_a_missing_image_and_a_dead_link(tmp_path):
    (tmp_path / "index.html").write_text(
        '<html><body><img src="missing.png"><a href="nowhere.html">x</a><a href="index.html#nope">y</a></body></html>')
    problems, _ = browser.check_book(tmp_path, tmp_path / "shots")
    assert any("image did not load" in p for p in problems)
    assert any("leads nowhere (404)" in p for p in problems)
    assert any("anchor #nope" in p for p in problems)


def test_the_checker_catches_a_machine_path_a_cut_cell_and_an_index_column(tmp_path):
    made_up_path = "/".join(["", "home", "alice", ".cache", "bayes_sgd", "results"])  # of no real machine
    (tmp_path / "index.html").write_text(
        f"<html><body><p>cached in {made_up_path}</p>"
        "<table><thead><tr><th></th><th>setting</th></tr></thead>"
        "<tbody><tr><th>0</th><td>MNIST training set, N drawn at ...</td></tr></tbody></table>"
        "<table><thead><tr><th>setting</th></tr></thead><tbody><tr><td>fine</td></tr></tbody></table>"
        "</body></html>")
    problems, _ = browser.check_book(tmp_path, tmp_path / "shots")
    assert any(f"path of the build machine: {made_up_path}" in p for p in problems)
    assert any("table cell cut short" in p for p in problems)
    assert sum("index column" in p for p in problems) == 1


def test_the_checker_catches_a_table_cut_at_the_column_and_code_names_as_headers(tmp_path):
    """Fails if a table wider than the text column passes without a scrolling box, if a header
    such as dead_fraction passes, or if a wide table inside a scrolling box is flagged."""
    wide = "".join(f"<th>column {i}</th>" for i in range(40))
    (tmp_path / "index.html").write_text(
        '<html><body><article style="width: 600px">'
        f"<table><thead><tr>{wide}</tr></thead><tbody><tr>{'<td>0.1234</td>' * 40}</tr></tbody></table>"
        "<table><thead><tr><th>dead_fraction</th><th>test accuracy</th></tr></thead>"
        "<tbody><tr><td>0.1</td><td>0.9</td></tr></tbody></table>"
        f'<div style="overflow-x: auto"><table><thead><tr>{wide.replace("column", "scrolled")}</tr></thead>'
        f"<tbody><tr>{'<td>0.1234</td>' * 40}</tr></tbody></table></div>"
        "</article></body></html>")
    problems, _ = browser.check_book(tmp_path, tmp_path / "shots")
    cut = [p for p in problems if "cut at the text column" in p]
    assert len(cut) == 1 and "column 0" in cut[0]
    assert sum("headers are code names: dead_fraction" in p for p in problems) == 1


def test_the_front_pages_first_screen_answers_the_papers_questions(html):
    """Fails if a reader must scroll to see the answer to any of the paper's questions whose record
    the build made (answer.QUESTIONS), in a laptop's window."""
    records = {r["id"] for r in json.loads((html / "claims.json").read_text())}
    asked = [question for question, ids in answer.QUESTIONS if ids[0] in records]
    page = next(html.rglob("intro.html")).relative_to(html).as_posix()
    assert asked and browser.check_first_screen(html, page, asked) == []


def test_the_first_screen_check_catches_an_answer_below_the_fold_and_a_missing_one(tmp_path):
    """Fails if a question pushed below the first screen, or absent, passes, or a visible one is flagged."""
    (tmp_path / "index.html").write_text(
        "<html><body><main><p><strong>Seen at once?</strong> yes</p><div style='height: 3000px'></div>"
        "<p><strong>Far down?</strong> no</p></main></body></html>")
    problems = browser.check_first_screen(tmp_path, "index.html", ["Seen at once?", "Far down?", "Not there?"])
    assert len(problems) == 2
    assert problems[0].startswith("below the first screen") and problems[0].endswith("Far down?")
    assert problems[1] == "not on the page: Not there?"
