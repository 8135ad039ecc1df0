"""No hand-copied results: the README and the pages' prose state no verdict and no measured number
of a claim. Verdicts and numbers reach a reader only from the claim records (claims.json, the
front page's generated answer, each page's generated result), so they cannot drift from them."""
import re
from pathlib import Path

import pytest

from bayes_sgd.analysis.budget import MIN_CURVES
from bayes_sgd.sphinx_constants import constants

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


# ------------------------------------------------------- constants the prose states (sphinx_constants)

PAGES = [*sorted((ROOT / "book").glob("*.md")), *sorted((ROOT / "book").glob("fig*.py"))]


def hand_written(constants: dict[str, str]) -> dict[str, re.Pattern]:
    """Per constant, how a page would state it by hand: its text in the words pages use around it."""
    number = {k: re.escape(v).replace(r"\ ", r"\s+") for k, v in constants.items()}
    return {
        "budget_margin": re.compile(rf"(?:factor|×)\s*{number['budget_margin']}\b"),
        "min_curves": re.compile(rf"at least\s+(?:{number['min_curves']}|{MIN_CURVES})\b"),
        "regime_n": re.compile(rf"N\s*(?:≥|>=|=)\s*{number['regime_n']}\b"),
        "slope_band": re.compile(rf"{number['slope_band']}"),
        "t2_band": re.compile(rf"{number['t2_band']}"),
        "verify_seconds": re.compile(rf"at most\s+(?:{number['verify_max_seconds']}|{number['verify_budget_seconds']})\s+s\b"),
        "verify_per_archive": re.compile(rf"up to\s+{number['verify_per_archive']}\s+whole runs"),
    }


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_a_page_takes_every_constant_it_states_from_the_code(path):
    """Fails if a page writes the budget margin, the curve minimum, the regime, a band or the spot
    checks' budget by hand instead of as its substitution ({{ budget_margin }}: sphinx_constants),
    or names a substitution the code does not set (Sphinx would print it raw)."""
    text, known = prose(path), constants()
    found = [m.group(0) for pattern in hand_written(known).values() for m in pattern.finditer(text)]
    assert found == [], f"{path.name} states constants by hand; use their substitutions: {found}"
    unknown = set(re.findall(r"\{\{\s*(\w+)\s*\}\}", text)) - set(known)
    assert unknown == set(), f"{path.name} names substitutions the code does not set: {unknown}"


@pytest.mark.parametrize("sentence", [
    "shown to stay within a factor 1.5", "ratio ×1.5 either way", "at least three counted optima",
    "reaching N = 16,000", "the band is 0.8 to\n1.25 around 1", "against −1.25 to −0.8",
    "took at most 70 s", "together at most 480 s", "up to three whole runs",
])
def test_the_checker_catches_a_hand_written_constant(sentence):
    """Fails if a pattern above would let a hand-copied constant through (one sentence per pattern)."""
    assert any(p.search(sentence) for p in hand_written(constants()).values())


def test_a_substitution_follows_the_code(monkeypatch):
    """Fails if a substitution is a copy rather than read from the code when the book is built."""
    from bayes_sgd import sphinx_constants

    monkeypatch.setattr(sphinx_constants, "BUDGET_MARGIN", 2.0)
    monkeypatch.setattr(sphinx_constants, "REGIME_N", 20_000)
    assert constants()["budget_margin"] == "2" and sphinx_constants.constants()["regime_n"] == "20,000"


def test_the_extension_adds_the_constants_to_the_substitutions_a_config_already_has():
    """Fails if the Sphinx hook drops the book's own substitutions or leaves the code's out."""
    from types import SimpleNamespace

    from bayes_sgd import sphinx_constants

    config = SimpleNamespace(myst_substitutions={"own": "kept"})
    sphinx_constants._substitute(None, config)
    assert config.myst_substitutions == {"own": "kept", **constants()}
