"""The pages of the book, one Page class per kind of figure: a notebook makes one and shows
its parts in order, between its own paragraphs, so that it holds prose and one-line calls only.

    evidence   Figures 1 and 2 (exact fits of the logistic model)
    sgd        Figures 3 and 4 (small against full batch; the optimum batch size)
    scaling    Figures 5, 6 and 7 (the scaling rules)
    l2         Figure A (the L2 appendix)
    collapse   Figure X (the runs of Figures 4-7 against the noise scale)
"""
