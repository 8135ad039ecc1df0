"""The claims, checked on the numbers just computed (no torch, no profile).

    catalogue  every claim's statement, once, and the paper's claims with their pages
    records    a Claim, its verdict, and the JSON record `make book` collects
    evidence   C1-C4        sgd       C5-C7, C11
    scaling    C8-C10, G1   variants  Figure 4's ε = 1 observation
"""
