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
# # Figure 3: small batches generalise better than the full batch
#
# **The paper's claim.** A network of one hidden layer (784-800-10, ReLU, no
# regularisation) trained on 1,000 MNIST images with SGD (momentum 0.9, constant
# learning rate ε = 1.0) reaches a higher test accuracy with mini-batches of 30
# than with the full batch, although the small batch is slower at first (a).
# Both over-fit in test cross-entropy, which passes a minimum and rises again,
# and the small batch ends lower (b). In the paper's reading, the noise of small
# batches steers SGD towards broad minima, which the evidence favours.
#
# **Setup.** Each curve is the mean over seeds of runs that differ in their
# initialisation and batch order; bands are 95% Student's t intervals over seeds. The paper's setting,
# ε = 1.0, is always shown. Where it fails here, a changed setting (a smaller ε) is
# shown beside it and labelled as a change; Figure 4's page measures why.

# %% tags=["parameters"]
profile = "default"  # smoke | default | paper
device = "cpu"  # cpu | cuda
scheduler = None  # None: worker processes on this machine | 'local:N' (a local Dask cluster) | 'tcp://HOST:8786'
data_source = None  # None: from the profile | 'embedded' | 'full' | 'fashion' (Fashion-MNIST, a change from the paper)
steps = None  # None: from the profile
n_seeds = None  # None: from the profile
lrs = None  # None: from the profile; paper rate 1.0 first, e.g. [1.0, 0.1]

# %%
from bayes_sgd.pages.sgd import GapPage

page = GapPage(profile=profile, device=device, scheduler=scheduler, data_source=data_source, steps=steps, n_seeds=n_seeds, lrs=lrs)

# %% [markdown]
# ## The paper's setting and the one used here

# %%
page.setup_table()

# %% [markdown]
# ## Figure 3
#
# These runs are a subset of Figure 4's: the results cache trains them once.

# %% tags=["remove-output"]
page.compute()

# %% [markdown]
# ```{glue:figure} fig3
# :name: fig-generalisation-gap
#
# Test accuracy (a) and test cross-entropy (b) against gradient updates for B = 30 and the full batch; lines are means over seeds, bands their 95% Student's t intervals. {glue:text}`fig3_sizes`.
# ```

# %% [markdown]
# ## The claims, checked on these numbers
#
# C5 asks that the final test accuracy of B = 30 exceed that of B = N (the difference above 0
# by its 95% interval over seeds, Student's t with Welch's degrees of freedom), and that B = 30
# be behind early on (at the recorded update nearest 1/30 of the run). C6 asks that the test
# cross-entropy of both rise from the mean curve's interior minimum to the end, and that B = 30
# end lower (each difference above 0 by its 95% interval over seeds). A part whose interval
# reaches across 0 leaves the claim inconclusive; one wholly on the wrong side refutes it. Both are checked at the paper's ε = 1.0; the
# changed setting is checked too, under its own ids (C5-eps…, C6-eps…).

# %%
page.check()

# %% [markdown]
# **How to read them.** The verdicts above are computed from these runs. Where
# the paper's setting is not reproduced, the table of Figure 4 shows whether the
# small-batch runs trained at all (their dead-unit fraction and training accuracy).


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
