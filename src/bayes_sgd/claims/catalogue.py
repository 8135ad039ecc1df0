"""The claims the book checks, each statement written once, here: every claim of the paper (its
section 4 as the book reads it) with the figure and page that check it, and the book's own.

A statement names the setting it was checked in by fields ({lr}, {small}, ...) that the check
fills in; the front page fills a claim without a record with the paper's setting."""
from __future__ import annotations

import math
import re

from .verdict import Band, BandError

STATEMENTS = {
    "C1": "A weakly regularised linear model memorises random labels.",
    "C2": "The same model generalises on informative labels.",
    "C3": "With random labels the evidence never favours the model.",
    "C4": "With informative labels ({pair}) the evidence predicts generalisation.",
    "C5": "Small batches (B={small}) generalise better than full batch (B={large}) at ε={lr}.",
    "C6": "Both B={small} and B={large} over-fit in test cross-entropy; the small batch ends lower (ε={lr}).",
    "C7": "An optimum batch size exists at fixed ε={lr}.",
    "C8": "The optimum batch size is proportional to {quantity}{setting}.",
    "C9": "The optimum batch size is proportional to {quantity}{setting}.",
    "C10": "The optimum batch size is proportional to {quantity}{setting}.",
    "C11": "L2 regularisation (weight decay {weight_decay}) shrinks the gap between B={small} and B={large} (ε={lr}).",
    "G1": "Final test accuracy is a function of the noise scale g, not of B (every run of Figs. 4–7 at the common "
          "SDE time).",
    "T1": "At small batch sizes the temperature ε/(B(1 − m)) sets performance: the best ε at B={large} is "
          "{factor} times the best ε at B={small} ({setting}; after Smith, Elsen & De 2020).",
    "T2": "The best temperature falls as 1/N, so that B_opt ∝ N at fixed ε: the paper's C9 by a temperature sweep "
          "({setting}).",
    "N1": "The best batch size tracks the simple noise scale B_simple = tr(Σ)/|G|² of McCandlish et al. (2018): "
          "log-log slope of B_opt on B_simple close to 1 ({setting}).",
}

# Every claim of the paper: id, the figure it is read from, the page (bayes_sgd.figures) that checks it.
PAPER_CLAIMS = [("C1", "Fig. 1a", "fig1"), ("C2", "Fig. 1b", "fig1"), ("C3", "Fig. 2a", "fig2"),
                ("C4", "Fig. 2b", "fig2"), ("C5", "Fig. 3a", "fig3"), ("C6", "Fig. 3b", "fig3"),
                ("C7", "Fig. 4b", "fig4"), ("C8", "Fig. 5b", "fig5"), ("C9", "Fig. 6b", "fig6"),
                ("C10", "Fig. 7b", "fig7"), ("C11", "Fig. A", "figA")]

# The paper's own setting of each claim, for a statement without a record of this book's.
PAPER_SETTING = {"pair": "0 against 1", "small": "30", "large": "N", "lr": "1", "setting": "",
                 "weight_decay": "0.1 on the summed cost"}
QUANTITIES = {"C8": "ε", "C9": "N", "C10": "1/(1 − m)"}


def base_id(claim_id: str) -> str:
    """The catalogue's id of a record's id: 'C5-eps0.1', 'C9-time' and 'C4b' (another digit pair)
    are checks of C5, C9 and C4."""
    return re.match(r"[A-Z]\d+", claim_id).group(0)


def statement(claim_id: str, **setting) -> str:
    """The claim's statement in the setting given (the paper's for every field not given)."""
    fields = {**PAPER_SETTING, "quantity": QUANTITIES.get(base_id(claim_id), ""), **setting}
    return STATEMENTS[base_id(claim_id)].format(**fields)


def load_bands(table: dict[str, tuple]) -> dict[str, Band]:
    """Bands from (low, high, paper's value[, reproduce level]) per claim id; a band that does not
    contain the paper's value is refused here, when the catalogue is loaded (BandError)."""
    bands = {}
    for claim_id, spec in table.items():
        try:
            bands[claim_id] = Band(*spec, name=claim_id)
        except BandError as error:
            raise BandError(f"claim {claim_id}: {error}") from None
    return bands


# The values each claim with an interval allows, fixed before any run is judged (claims.verdict): a
# slope close to 1 is 0.8 to 1.25 (within 25% of proportionality); a sign claim is above 0, decided at 95%.
SLOPE, SIGN = (0.8, 1.25, 1.0), (0.0, math.inf, math.inf, 0.95)
BANDS = load_bands({
    "C5": SIGN,  # final test accuracy of the small batch minus the large
    "C6": SIGN,  # each over-fitting rise, and the large batch's final test cross-entropy minus the small's
    "C7": SIGN,  # accuracy at the best batch size minus that at each end of the grid
    "C8": SLOPE, "C9": SLOPE, "C10": SLOPE,  # log-log slope of B_opt on ε, N, 1/(1 − m)
    "C11": SIGN,  # the gap without L2, and its shrinkage with L2
    "G1": SIGN,  # unexplained share against B minus against g
    "T1": SLOPE,  # log-log slope of the best ε on B (the ratio of best ε over the ratio of B, in log)
    "T2": (-1.25, -0.8, -1.0),  # log-log slope of the best temperature on N
    "N1": SLOPE,  # log-log slope of B_opt on B_simple
})


def band_of(claim_id: str) -> Band:
    """The band of a record's claim ('C9-time' and 'C5-eps0.1' take C9's and C5's)."""
    return BANDS[base_id(claim_id)]
