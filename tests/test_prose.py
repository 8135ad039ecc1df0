"""No hand-copied results: the README and the pages' prose state no verdict and no measured number
of a claim. Verdicts and numbers reach a reader only from the claim records (claims.json, the
front page's generated answer, each page's generated result), so they cannot drift from them."""
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
IDS = r"\b(?:C\d{1,2}b?(?:-[\w.]+)?|T[12](?:-small)?|N1|G1)\b"
VERDICT = r"\b(?:not reproduced|reproduced|inconclusive|undecided)\b"
# A claim id and a verdict in one sentence, either order, or a measured estimate written out.
STATED_VERDICT = re.compile(rf"{IDS}[^.\n]{{0,120}}?{VERDICT}|{VERDICT}[^.\n]{{0,40}}?{IDS}")
STATED_NUMBER = re.compile(r"\b(?:slope|ratio|gap|exponent)\s+[−-]?\d+\.\d+|\d(?:\.\d+)?%\s*\[[−-]?\d")


def prose(path: Path) -> str:
    """The text a reader sees: a Markdown file whole, a notebook's markdown cells only."""
    text = path.read_text()
    if path.suffix != ".py":
        return text
    cells = re.split(r"^# %%", text, flags=re.M)
    return "\n".join(cell for cell in cells if cell.startswith(" [markdown]"))


TEXTS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md")), *sorted((ROOT / "book").glob("*.md")),
           *sorted((ROOT / "book").glob("fig*.py"))]


@pytest.mark.parametrize("path", TEXTS, ids=lambda p: p.name)
def test_prose_states_no_verdict_or_measured_number_by_hand(path):
    text = prose(path)
    found = [m.group(0) for pattern in (STATED_VERDICT, STATED_NUMBER) for m in pattern.finditer(text)]
    assert found == [], f"{path.name} states results by hand; generate them from the records instead"


@pytest.mark.parametrize("sentence", [
    "C9 is not reproduced here.", "reproduced: C10 at last", "with a slope 1.61 it fails", "95% [1.29, 1.93]",
    "T1 reads undecided",
])
def test_the_checker_catches_a_hand_written_result(sentence):
    """Fails if the patterns above would let a hand-copied verdict or number through."""
    assert STATED_VERDICT.search(sentence) or STATED_NUMBER.search(sentence)
