"""Shared code of the executable companion to Smith & Le, ICLR 2018."""
