"""From results to numbers, with no torch and no profile: results in, frames and fits out.

    records    the records handed on: Optimum, Edge, Slope, ScalingFits (frozen dataclasses)
    frames     one row per run, the recorded curves, means over seeds
    intervals  Student's t and the jackknife over seeds
    optimum    the best batch size of a curve, and slopes of optima
    edge       the trainability edge, edge-bound optima, the scaling fits
    budget     the update budget tested with twice the updates
    search     the batch-size search along a curve's ladder
    collapse   Figure X's measure of how well a variable explains the accuracy
"""
