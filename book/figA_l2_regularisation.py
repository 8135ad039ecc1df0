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
# # Appendix figure: L2 regularisation and the generalisation gap
#
# **The paper's claim.** In its appendix, the paper repeats Figure 3 with an L2 term
# on the weights: the full-batch run generalises better with it, and the gap between
# small batch (B = 30) and full batch (B = N) shrinks. Noise and explicit
# regularisation are two ways to the same broad minima.
#
# **Setup.** Figure 3's runs at every learning rate, each once without and once with
# an L2 term (weight decay λ: the gradient gains λw). The runs without L2 are Figure 3's
# own, taken from the results cache.

# %% tags=["parameters"]
profile = "default"  # smoke | default | paper
device = "cpu"  # cpu | cuda
scheduler = None  # None: worker processes on this machine | 'local:N' (a local Dask cluster) | 'tcp://HOST:8786'
weight_decay = None  # None: from the profile; the L2 coefficient, e.g. 0.003
steps = None  # None: from the profile
n_seeds = None  # None: from the profile
lrs = None  # None: from the profile; paper rate 1.0 first, e.g. [1.0, 0.1]

# %%
from bayes_sgd.pages.l2 import L2Page

page = L2Page(profile=profile, device=device, scheduler=scheduler, weight_decay=weight_decay, steps=steps, n_seeds=n_seeds, lrs=lrs)

# %% [markdown]
# ## The paper's setting and the one used here

# %%
page.setup_table()

# %% [markdown]
# ## The appendix figure

# %% tags=["remove-output"]
page.compute()

# %% [markdown]
# ```{glue:figure} figA
# :name: fig-l2-regularisation
#
# Test accuracy against gradient updates for B = 30 and the full batch, without (solid) and with (dashed) the L2 term; lines are means over seeds, bands their 95% Student's t intervals. {glue:text}`figA_sizes`.
# ```

# %% [markdown]
# Final test and training accuracy, and dead hidden units, of every curve:

# %%
page.state_table()

# %% [markdown]
# ## The claim, checked on these numbers
#
# C11 asks that, without L2, B = 30 beat the full batch (the gap of Figure 3 exists), and that
# with L2 the gap be smaller: both above 0 by their 95% intervals over seeds (Student's t,
# Welch); a part whose interval reaches across 0 leaves the claim inconclusive. Checked at the paper's ε = 1.0 and, under
# its own id, at the changed ε.

# %%
page.check()

# %% [markdown]
# ## The paper's coefficient, read both ways
#
# The paper's appendix reports its L2 coefficient as 0.1 on the summed cost (reported, not
# quoted). With the mean loss and the update's 1/N that is a weight decay of 0.1/N; read as
# the mean loss's own coefficient it is 0.1. Both readings are trained on Figure 3's two batch
# sizes at the changed ε (at ε = 1 B = 30 does not train here, so there is no gap to shrink),
# beside the coefficient chosen for the figure above. Each row applies C11's test.

# %%
page.readings_table()

# %% [markdown]
# **How to read them.** At ε = 1.0 there is no gap to shrink on this data: B = 30
# does not train (Figure 4's page shows why), with or without L2. At the changed ε the
# full-batch run is the one L2 helps; read the shrinkage beside its 95% interval.


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
