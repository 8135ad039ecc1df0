"""Running what the setups describe, and keeping what finished: it knows no figure and no profile.

    cache    results keyed by the full configuration, written atomically
    sweep    many runs through the cache, on this machine's cores or on Dask (cluster)
    results  training runs and exact fits through the cache
    archive  finished runs exported, imported and verified between machines
"""
