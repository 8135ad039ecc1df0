"""Every figure's settings in one table per profile (setups.profiles), and the curve Figures 5, 6
and 7 share declared once: a change to one figure's settings that would change the runs of the
shared curve in another fails here."""
from dataclasses import replace

import pytest

from bayes_sgd import figures
from bayes_sgd.setups import figure6, profiles
from bayes_sgd.setups import scaling as scaling_setups


def common_curve_runs(profile: str) -> dict[str, set]:
    """The runs of the common curve (profiles.COMMON_CURVE) in each figure whose page trains it,
    at the first budget: Figure 5's base ε, Figure 7's base m, Figure 6's base N, on the coarse
    ladder (a figure the profile refines adds runs to it: test_scaling)."""
    base = profiles.COMMON_CURVE[profile]

    def on_curve(setup):
        return {r for r in setup.runs()
                if (r.lr, r.momentum, r.n_train, r.steps) == (base.lr, base.momentum, base.n_train, base.steps)}

    return {"fig5": on_curve(scaling_setups.scaling_setup("fig5", profile, refine=False)),
            "fig6": on_curve(figure6.figure6_setup(profile, refine=False).budget),
            "fig7": on_curve(scaling_setups.scaling_setup("fig7", profile, refine=False))}


def shares_the_common_curve(by_figure: dict[str, set]) -> bool:
    """Figures 5 and 7 train the common curve's same runs, and Figure 6 those of its first seeds
    (a family may keep fewer seeds than its base until the others are archived)."""
    fig6_seeds = {r.seed for r in by_figure["fig6"]}
    return (bool(by_figure["fig5"]) and bool(by_figure["fig6"]) and by_figure["fig5"] == by_figure["fig7"]
            and by_figure["fig6"] == {r for r in by_figure["fig5"] if r.seed in fig6_seeds}
            and fig6_seeds == set(range(len(fig6_seeds))))


@pytest.mark.parametrize("profile", ["smoke", "default"])
def test_figures_5_6_and_7_train_their_common_curve_as_one_set_of_runs(profile):
    assert shares_the_common_curve(common_curve_runs(profile))


def test_figure_6_trains_the_papers_five_seeds_and_figure_x_reads_the_first_three_of_its_small_part():
    """Every family of Figure 6 in 'default' has the paper's five seeds (as Figures 5 and 7), and
    Figure X's small-N panel, at its small base's three, is the first three of Figure 6's small-N
    part: the same cache entries, not a second grid."""
    by_figure = common_curve_runs("default")
    assert {r.seed for r in by_figure["fig5"]} == {r.seed for r in by_figure["fig6"]} == {0, 1, 2, 3, 4}
    fig6 = figure6.figure6_setup("default")
    assert all(part.seeds == (0, 1, 2, 3, 4) for part in fig6.parts().values())
    small_x = scaling_setups.scaling_setup("fig6", "default", page_base=False)
    assert small_x.seeds == (0, 1, 2) and set(small_x.runs()) == {r for r in fig6.small.runs() if r.seed < 3}
    assert len(figure6.figure6_setup("default", n_seeds=3).budget.seeds) == 3  # --n-seeds still overrides


@pytest.mark.parametrize("change", [
    lambda s: replace(s, budget=replace(s.budget, base=replace(s.budget.base, lr=0.05))),
    lambda s: replace(s, budget=replace(s.budget, base=replace(s.budget.base, max_batch=1000))),
    lambda s: replace(s, budget=replace(s.budget, base=replace(s.budget.base, n_test=4000))),
])
def test_changing_figure_6s_settings_alone_breaks_the_shared_curve_and_is_caught(monkeypatch, change):
    """The check above can fail: Figure 6 given its own ε, cap or test images (as a copy of
    the common curve, not a reference to it) no longer shares Figure 5's runs."""
    monkeypatch.setitem(profiles.FIG6, "default", change(profiles.FIG6["default"]))
    by_figure = common_curve_runs("default")
    assert not shares_the_common_curve(by_figure) and by_figure["fig5"] == by_figure["fig7"]


def test_figure_6_keeping_seeds_that_are_not_the_first_ones_is_caught():
    by_figure = common_curve_runs("default")
    shifted = {replace(r, seed=r.seed + 1) for r in by_figure["fig6"]}
    assert not shares_the_common_curve({**by_figure, "fig6": shifted})


def test_every_figure_has_one_settings_object_per_profile():
    assert set(profiles.SETTINGS) == set(figures.FIGURES)
    for key, by_profile in profiles.SETTINGS.items():
        assert set(by_profile) == set(profiles.PROFILES), key


def test_figures_sharing_a_setting_reference_one_declaration():
    """Figures 3, 4, A and X share Figure 3's runs; Figures 5 and 7 and Figure 6's budget family
    start from one curve; Figure X's N family is Figure 6's small-N part (in 'default' at the small
    base's three seeds, the rest of it the same declaration)."""
    for profile in profiles.PROFILES:
        sgd = profiles.SGD[profile]
        assert profiles.FIG4[profile].sgd is sgd and profiles.FIGA[profile].sgd is sgd
        assert profiles.FIGX[profile].sgd is sgd
        assert profiles.FIG5[profile].base is profiles.FIG7[profile].base is profiles.COMMON_CURVE[profile]
        small_x, small = profiles.FIGX[profile].scaling["fig6"], profiles.FIG6[profile].small
        assert small_x is small or small_x == replace(small, base=profiles.SMALL_BASE[profile])
        assert small_x.values is small.values and replace(small.base, n_seeds=0) == replace(small_x.base, n_seeds=0)
    for profile in ("smoke", "default"):
        assert profiles.FIG6[profile].budget.base is profiles.COMMON_CURVE[profile]


@pytest.mark.parametrize("figure, table", [("fig4", "FIG4"), ("figA", "FIGA"), ("figX", "FIGX")])
def test_a_figure_reading_figure_3s_runs_reads_them_from_its_own_settings(monkeypatch, figure, table):
    """Fails if Figure 4, A or X reads profiles.SGD directly: its own settings' `sgd`, changed
    alone, must change its runs and leave Figure 3's."""
    settings = getattr(profiles, table)
    changed = replace(settings["smoke"], sgd=replace(settings["smoke"].sgd, steps=7))
    monkeypatch.setitem(settings, "smoke", changed)
    chosen = figures.setup(figure, "smoke")
    sgd = chosen if figure == "fig4" else chosen.sgd
    assert sgd.steps == 7 and figures.setup("fig3", "smoke").steps != 7


def test_the_profile_names_the_curves_trained_with_the_units_kept_alive_and_a_page_can_widen_or_drop_them():
    """Fails if the profile's alive curves are not the ones trained leaky (all of them, or none),
    if values given on the page do not narrow them, or if alive=True/False on the page does not
    override the profile; and if the leaky copy changes anything but the activation."""
    fig5 = scaling_setups.scaling_setup("fig5", "default")
    assert fig5.alive == profiles.ALIVE["fig5"] and len(fig5.curves) > len(fig5.alive)
    alive = fig5.alive_setup()
    assert [c.lr for c in alive.curves] == list(profiles.ALIVE["fig5"])
    assert {replace(r, activation="relu") for r in alive.runs()} < set(fig5.runs())
    assert {r.activation for r in alive.runs()} == {"leaky_relu"} and alive.doublings == 0
    narrowed = scaling_setups.scaling_setup("fig5", "default", values=[0.05, 0.1])
    assert [c.lr for c in narrowed.alive_setup().curves] == [0.05]
    assert scaling_setups.scaling_setup("fig5", "default", values=[0.1, 0.2]).alive_setup() is None
    assert len(scaling_setups.scaling_setup("fig5", "default", alive=True).alive_setup().curves) == len(fig5.curves)
    assert scaling_setups.scaling_setup("fig5", "default", alive=False).alive_setup() is None
    fig7 = scaling_setups.scaling_setup("fig7", "default")
    assert [c.momentum for c in fig7.alive_setup().curves] == list(profiles.ALIVE["fig7"])
    assert scaling_setups.scaling_setup("fig5", "smoke").alive_setup() is None  # smoke and paper: none
