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
# # Beyond the paper: the noise-scale collapse
#
# **The idea.** Figures 5, 6 and 7 each test one consequence of the paper's
# account: that the test accuracy SGD reaches depends on the learning rate ε, the
# training-set size N, the momentum m and the batch size B only through the noise
# scale $g = \epsilon (N/B - 1)/(1-m)$. The paper never draws the direct test: if g is
# the variable that matters, the final test accuracy of every run, plotted against g,
# falls on one curve, while against B it does not.
#
# **Setup.** Figure 4's runs, and the runs of Figures 5, 6 and 7 at Figure 4's setting (the
# small base: the embedded data, N = 1,000 at ε = 0.1; for Figure 6 its small-N part), as their
# batch-size searches trained them (from the results cache; a run shared by two figures counts
# once). Full-batch runs have g = 0 and are left out of
# both panels. The one-number measure: bin the runs by half-decades of the x-axis
# quantity and take the share of the variance of final test accuracy that is left
# within the bins ($1 - \eta^2$, the correlation ratio): 0 when the quantity alone
# fixes the accuracy, 1 when it tells nothing. The paper's account predicts a smaller
# share against g than against B, for runs trained for the same SDE time
# $t = \epsilon\,\text{steps}/(N(1-m))$.

# %% tags=["parameters"]
profile = "default"  # smoke | default | paper
device = "cpu"  # cpu | cuda
scheduler = None  # None: worker processes on this machine | 'local:N' (a local Dask cluster) | 'tcp://HOST:8786'
n_seeds = None  # None: from the profile
data_source = None  # None: from the profile | 'embedded' | 'full' | 'fashion' (Fashion-MNIST, a change from the paper)

# %%
from bayes_sgd.pages.collapse import CollapsePage

page = CollapsePage(profile=profile, device=device, scheduler=scheduler, data_source=data_source, n_seeds=n_seeds)

# %% tags=["remove-output"]
page.compute()

# %% [markdown]
# ```{glue:figure} figX
# :name: fig-collapse
#
# Final test accuracy of every run of Figures 4–7 against the batch size (a) and against the noise scale g (b), coloured by curve, marked by figure. Each panel's title gives the share of variance left within half-decade bins, over the runs at the common SDE time. {glue:text}`figX_sizes`.
# ```

# %% [markdown]
# The measure for every set of runs: all of them, and those at the common SDE time
# (Figure 4 at the paper's ε = 1 is trained for a longer SDE time than Figures 5–7).
# The last column asks the same of $\epsilon/(B(1-m))$, the noise scale without N: the
# size of a single step's noise, which decides whether training survives its first
# steps. Only Figure 6 varies N, so only its runs can tell the two apart: where the
# last column is the smaller, the runs follow the step size of the noise rather than g.

# %%
page.collapse_table()

# %% [markdown]
# ## The check
#
# G1 (beyond the paper) asks that, over the runs at the common SDE time, the share of
# variance left within bins be smaller against g than against B.

# %%
page.check()

# %% [markdown]
# **How to read them.** Where the runs collapse, the points of different curves
# overlap in (b) but not in (a). Where they do not, look at which curves stray: runs
# whose hidden units died (the failed runs of Figures 4–7, at 10% accuracy) fall where
# the stability of training, not the noise scale alone, decides.


# %% [markdown]
# ## Result
#
# In words, generated from the claim records this page wrote above.

# %%
page.result()

# %% tags=["remove-input"]
page.rerun_box()

# %% tags=["remove-input"]
page.footer()
