"""Sphinx extension: the numbers the book's prose states, taken from the code.

Every constant a page names (the budget test's margin, the fewest curves a slope is fitted on, the
paper's regime for C9, the band of a slope claim, the spot checks' budget) is a MyST substitution,
`{{ budget_margin }}` in the text, set here when Sphinx reads its configuration: change one in the
code and every page says the new value. tests/test_prose.py fails on one written by hand.
"""

from .analysis.budget import MIN_CURVES
from .analysis.temperature import MIN_POINTS
from .book import VERIFY_BUDGET_SECONDS, VERIFY_MAX_SECONDS, VERIFY_PER_ARCHIVE
from .claims.budget import BUDGET_MARGIN
from .claims.catalogue import band_of
from .claims.scaling import REGIME_N

WORDS = {2: "two", 3: "three", 4: "four", 5: "five", 6: "six"}


def constants() -> dict[str, str]:
    """Each substitution's name and its text, read from the code when called."""
    band, mechanism, simple = band_of("C8"), band_of("T2"), band_of("N1")
    return {
        "budget_margin": f"{BUDGET_MARGIN:g}",
        "min_curves": WORDS.get(MIN_CURVES, str(MIN_CURVES)),
        "regime_n": f"{REGIME_N:,}",
        "slope_band": f"{band.low:g} to {band.high:g}",
        "n1_band": f"{simple.low:g} to {simple.high:g}",
        "t2_min_points": WORDS.get(MIN_POINTS, str(MIN_POINTS)),
        "t2_band": f"{mechanism.low:g} to {mechanism.high:g}".replace("-", "−"),
        "verify_per_archive": WORDS.get(VERIFY_PER_ARCHIVE, str(VERIFY_PER_ARCHIVE)),
        "verify_max_seconds": f"{VERIFY_MAX_SECONDS:g}",
        "verify_budget_seconds": f"{VERIFY_BUDGET_SECONDS:g}",
    }


def _substitute(app, config) -> None:
    config.myst_substitutions = {**(config.myst_substitutions or {}), **constants()}


def setup(app):
    app.connect("config-inited", _substitute)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
