"""A claim checked on freshly computed numbers, and its record: a JSON file that `make book`
collects. A check (claims.evidence, .sgd, .scaling, .variants) returns a Claim whose verdict
follows from the numbers it holds; it never reads an expected answer."""
from __future__ import annotations

import json
import os
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ..data import default_cache_dir
from ..files import atomic_write

# 'inconclusive': the intervals cannot decide the claim (claims.verdict); 'undecided': the claim's mechanism was
# never reached (a scaling claim whose optima all sit on an edge, so none measures the noise's optimum).
VERDICTS = ("reproduced", "not reproduced", "inconclusive", "undecided", "not run")
MARKS = {"reproduced": "✅", "not reproduced": "❌", "inconclusive": "❔", "undecided": "⚖️", "not run": "⏸"}


@dataclass
class Claim:
    id: str
    figure: str
    statement: str
    verdict: str
    numbers: dict
    profile: str = ""
    data: str = ""
    note: str = ""
    key_number: str = ""
    measured: str = ""  # for the optimum-batch-size claims: whether the optimum or the trainability edge was measured
    decision: dict = field(default_factory=dict)  # the headline estimate as claims.verdict decided it (Decision.numbers)

    def markdown(self) -> str:
        """The verdict and its numbers as a Markdown block for the page."""
        mark = MARKS[self.verdict]
        shown = {**self.numbers, **{f"decision: {k}": v for k, v in self.decision.items()}}
        numbers = pd.DataFrame([(str(k).replace("|", "\\|"), _fmt(v).replace("|", "\\|")) for k, v in shown.items()],
                               columns=["number", "value"])
        note = f"\n\n{self.note}" if self.note else ""
        return (f"**{self.id} ({self.figure}) — {mark} {self.verdict}.** {self.statement}{note}\n\n"
                f"{numbers.to_markdown(index=False, tablefmt='pipe')}\n")


def _fmt(v) -> str:
    if isinstance(v, float):
        return f"{v:.4g}"
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(_fmt(x) for x in v) + "]"
    return str(v)


def verdict(ok: bool) -> str:
    return "reproduced" if ok else "not reproduced"


def claims_dir() -> Path:
    """Where records go: $BAYES_SGD_CLAIMS, else a folder of the results cache."""
    return Path(os.environ.get("BAYES_SGD_CLAIMS", default_cache_dir() / "claims"))


def record(claim: Claim, folder: Path | None = None) -> Path:
    """Write the claim's record atomically as <folder>/<id>.json."""
    if claim.verdict not in VERDICTS:
        raise ValueError(f"verdict {claim.verdict!r} is not one of {VERDICTS}")
    folder = Path(folder or claims_dir())
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{claim.id}.json"
    atomic_write(path, json.dumps(asdict(claim), indent=1, default=_jsonable).encode())
    return path


def _jsonable(v):
    if isinstance(v, np.generic):
        return v.item()
    raise TypeError(f"cannot record {type(v)}")


def is_record(path: Path) -> bool:
    """Whether a file is a claim record that `record` wrote: <id>.json holding that id and a verdict."""
    if path.suffix != ".json" or not path.is_file():
        return False
    try:
        content = json.loads(path.read_text())
    except (OSError, ValueError):
        return False
    return isinstance(content, dict) and content.get("id") == path.stem and content.get("verdict") in VERDICTS


def collect(folder: Path) -> list[dict]:
    """All records in a folder, ordered by claim id (C1, C2, ..., C10)."""
    records = [json.loads(p.read_text()) for p in Path(folder).glob("*.json")]
    return sorted(records, key=lambda r: _id_order(r["id"]))


def _id_order(claim_id: str):
    """C1 < C4 < C4b < C5 < C5-eps0.1 < ... < C11 < ids of checks beyond the paper."""
    number = re.match(r"C(\d+)", claim_id)
    return (int(number.group(1)) if number else 1000, claim_id)


def compare_with_expected(records: list[dict], expected: dict) -> list[str]:
    """Problems: every claim whose verdict differs from the expected one (a missing record reads
    'missing'), each naming the claim and both verdicts, and every record the expectations do not
    list. Empty expectations (a profile without a list) check nothing. A new verdict is accepted by
    changing the list, with the reason in the commit."""
    if not expected:
        return []
    by_id = {r["id"]: r for r in records}
    problems = [f"{claim_id}: expected {wanted}, got {by_id.get(claim_id, {}).get('verdict', 'missing')}"
                for claim_id, wanted in expected.items()
                if by_id.get(claim_id, {}).get("verdict", "missing") != wanted]
    problems += [f"{claim_id}: not in the expected verdicts (got {r['verdict']}); add it with its reason"
                 for claim_id, r in by_id.items() if claim_id not in expected]
    return problems


def report(checks: list[Claim], profile: str, data: str):
    """Record each check (with profile and data) and return their verdicts as Markdown."""
    from IPython.display import Markdown

    for claim in checks:
        claim.profile, claim.data = profile, data
        record(claim)
    return Markdown("\n\n".join(claim.markdown() for claim in checks))
