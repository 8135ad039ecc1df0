"""Adding a page is one registry line (with its page module, notebook and _toc.yml line): a small
extra figure registered here is taken by the command line, the cost benchmark and the front
page's claims table without any other edit."""
import sys
from dataclasses import dataclass
from pathlib import Path

from bayes_sgd import book, cli, figures
from bayes_sgd.runs import RunConfig

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
import bench_profiles  # noqa: E402


@dataclass(frozen=True)
class TinySetup:
    """Two very short runs: what an extra figure might train."""

    profile: str

    def runs(self) -> list[RunConfig]:
        return [RunConfig(batch_size=b, lr=0.1, steps=5, n_train=60, n_test=60, hidden=8, n_records=2) for b in (5, 20)]


class Tiny(figures.Kind):
    def setup(self, figure, profile, **overrides):
        return TinySetup(profile)


def test_an_extra_figure_is_taken_by_the_command_line_the_cost_benchmark_and_the_claims_table(
        monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("BAYES_SGD_CACHE", str(tmp_path))
    extra = figures.Figure("figZ", "figZ_tiny", "Fig. Z", ("Z1",), Tiny())
    monkeypatch.setitem(figures.FIGURES, "figZ", extra)

    cli.main(["run", "figZ", "--profile", "smoke"])
    assert "figZ: 2 results ready" in capsys.readouterr().out

    added = bench_profiles.new_runs_by_figure("smoke")["figZ"]
    assert added == TinySetup("smoke").runs()

    record = {"id": "Z1", "figure": "Fig. Z", "statement": "a tiny claim", "verdict": "reproduced",
              "key_number": "k", "measured": ""}
    table = book.claims_table([record])
    assert "figZ_tiny.ipynb" in table and "a tiny claim" in table
