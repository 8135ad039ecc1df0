"""What each figure trains, per profile: setups describe runs and never run them.

    profiles   every profile's settings, in one place
    common     shared checks and the held-out images of a split
    evidence   Figures 1 and 2          sgd       Figures 3 and 4
    scaling    Figures 5-7's families   figure6   Figure 6's three families
    l2         Figure A                 collapse  Figure X
    variants   Figure 4's ε = 1 variants
    tables     the paper's setting beside the one used, per figure
"""
