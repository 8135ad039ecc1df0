# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Figure 5: the optimum batch size grows with the learning rate
#
# **The paper's claim.** If the noise scale $g \approx \epsilon N/(B(1-m))$ is what sets generalisation, one value of g is best, and the optimum batch size is proportional to the learning rate: $B_\text{opt} \propto \epsilon$. Figure 5 trains at several learning rates, each for a step budget of $10^4/\epsilon$ (the same SDE time), and finds the best B of each.
#
# **Setup.** As Figure 4 (784-800-10 ReLU network, SGD with momentum 0.9, N training images), at several learning rates ε spanning at least 1.5 decades. Every curve is trained for the same SDE time
# $t = \epsilon\,\text{steps}/(N(1-m))$, so the curves differ only in ε. Each
# curve's batch sizes are the values of a ladder (1, 3, 10, 30, ...) whose noise scale
# $\epsilon N/(B(1-m))$ lies in a fixed window: the grid moves with the expected
# optimum. The page does not train the whole grid: it searches each curve from the
# batch size at the window's centre, adding the untried neighbours of the best batch
# size so far until both are trained, and stepping down until a batch size no longer
# trains, so that each curve's optimum and its trainability edge are found to one grid
# step (on the default book, a third of the grid's core-seconds). (a) shows the final test accuracy against B; (b) the best batch size
# against the learning rate ε on log-log axes, with the fitted slope and its interval.

# %% tags=["parameters"]
profile = "default"  # smoke | default | paper
device = "cpu"  # cpu | cuda
scheduler = None  # None: worker processes on this machine | 'local:N' (a local Dask cluster) | 'tcp://HOST:8786'
values = None  # None: from the profile; the values of the learning rate, e.g. [0.03, 0.1, 0.3, 1.0]
n_seeds = None  # None: from the profile
data_source = None  # None: from the profile | 'embedded' | 'full' | 'fashion' (Fashion-MNIST, a change from the paper)
n_train = None  # None: from the profile (N = 1000); the base setting's N, e.g. 8000 with data_source 'fashion'

# %%
from bayes_sgd.pages.scaling import ScalingPage

page = ScalingPage("fig5", profile, device, values, n_seeds, data_source, scheduler, n_train=n_train)

# %% [markdown]
# ## The paper's setting and the one used here

# %%
page.setup_table()

# %% [markdown]
# ## Figure 5

# %% tags=["remove-output"]
page.compute()

# %% [markdown]
# ```{glue:figure} fig5
# :name: fig-learning-rate
#
# (a) Final test accuracy against batch size for each learning rate ε (mean and 95% Student's t interval over seeds; hollow markers are runs that failed or diverged). (b) The best batch size against the learning rate ε: the vertex of a quadratic in log B through each curve's peak and its neighbours (95% interval over seeds: jackknife, Student's t; hollow where edge-bound), the trainability edge B_edge (bars: the seeds' own edges), their fitted lines and the line of slope 1. {glue:text}`fig5_sizes`.
# ```

# %% [markdown]
# The best batch size of each curve, two ways (as on Figure 4's page):

# %%
page.best_table()

# %% [markdown]
# For each curve and batch size: mean final test and training accuracy, the fraction
# of hidden units that never fire on a training image, and the runs that failed or diverged.

# %%
page.state_table()

# %% [markdown]
# Each curve's optimum beside its trainability edge B_edge: the smallest batch size
# from which every run of every larger batch size fits the training set (≥ 99% training
# accuracy) within its updates with at most half its hidden units dead; the range of each
# seed's own edge; and why the runs below it did not train (instability: failed, diverged
# or hidden units dead; or too few updates). An optimum at or below its edge is
# *edge-bound*: it marks where training starts to work and moves with that edge, so it is
# no evidence for the paper's optimum.

# %%
page.edge_table()

# %% [markdown]
# ## The claim, checked on these numbers
#
# C8 asks for a log-log slope of the best batch size on the learning rate ε close to 1. It is
# judged on the curves whose optimum lies above their edge only: the 95% interval of their
# slope (jackknife over seeds with Student's t, through the fitted optima) meets the band
# 0.8 to 1.25 and excludes 0, and none has its best grid point at an end of its grid (there
# the optimum is only a bound). With fewer than two such curves the data cannot decide the
# claim, and the verdict says so ("undecided"); the slope of the edge is shown beside.

# %%
page.check()

# %% [markdown]
# **What the numbers say.** Panel (b) reads the rule directly: a slope of 1 means that multiplying ε by ten multiplies the best batch size by ten. Read it beside the state table: where the small-batch side of a curve fails to train (dead hidden units), that side of its optimum is a stability edge, which also moves with ε.

# %% tags=["remove-input"]
page.rerun_box()

# %% tags=["remove-input"]
page.footer()
