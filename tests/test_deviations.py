"""The deviations page is the changed rows of the figures' own setup tables, with the
measured effect of the learning-rate change read from the claim records."""

from bayes_sgd import deviations, figures, tables


def test_the_rows_are_the_changed_rows_of_each_figures_setup_table():
    frame = deviations.deviations_frame("default", [])
    fig4 = frame[frame["figure"] == "Fig. 4"]
    table = figures.setup_table("fig4", figures.setup("fig4", "default"))
    changed = table[~table["why"].isin(["same", "—"])]
    assert fig4["setting"].tolist() == changed["setting"].tolist()
    assert fig4["used here"].tolist() == changed["used here"].tolist()
    assert "optimiser" in table["setting"].tolist() and "optimiser" not in fig4["setting"].tolist()


def test_a_setting_the_profile_keeps_as_the_paper_has_it_is_not_listed():
    default = deviations.changed_settings("fig4", "default")["setting"].tolist()
    paper = deviations.changed_settings("fig4", "paper")["setting"].tolist()
    assert "updates" in default and "updates" not in paper  # 3,000 updates by default, the paper's 10,000 in paper


def test_the_learning_rate_change_shows_both_verdicts_from_the_records():
    records = {"C7": {"id": "C7", "verdict": "not reproduced", "key_number": "best B = 300"},
               "C7-eps0.1": {"id": "C7-eps0.1", "verdict": "reproduced", "key_number": "best B = 30"},
               "C5": {"id": "C5", "verdict": "reproduced", "key_number": "gap"}}
    effect = deviations.measured_effect("fig4", "learning rate ε", records)
    assert effect == "C7: not reproduced (best B = 300); C7-eps0.1: reproduced (best B = 30)"
    assert deviations.measured_effect("fig4", "updates", records) == "not measured"
    assert deviations.measured_effect("fig4", "learning rate ε", {}) == "not run"


def test_markdown_keeps_one_row_per_setting_even_with_pipes_in_a_cell():
    frame = deviations.deviations_frame("default", [])
    frame.loc[0, "why"] = "a | b"
    lines = tables.markdown(frame).splitlines()
    assert len(lines) == len(frame) + 2 and "a \\| b" in lines[2]


def test_every_setup_table_says_that_fashion_mnist_is_a_change_from_the_paper():
    for key in ("fig1", "fig3", "fig4", "fig5", "fig6", "fig7", "figA"):
        table = figures.setup_table(key, figures.setup(key, "default", data_source="fashion"))
        row = table[table["setting"] == "data"].iloc[0]
        assert "Fashion-MNIST" in row["used here"] and row["why"].startswith("a change from the paper"), key
        assert figures.setup_table(key, figures.setup(key, "default", data_source="full")).loc[0, "why"] == "same", key
