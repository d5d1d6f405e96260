"""The explorer's pages, one per model family, in menu order.

Each page module defines ``PAGE``: its controls (bounded, JSON numbers turned into exact
fractions), and a callback that calls the package's public models and returns the formulas, the
numbers and a figure; nothing is re-derived in a page.
"""

from gametheory.explore.pages.brand import PAGE as BRAND
from gametheory.explore.pages.classic import PAGE as CLASSIC
from gametheory.explore.pages.diffusion import PAGE as DIFFUSION
from gametheory.explore.pages.evolution import PAGE as EVOLUTION
from gametheory.explore.pages.network import PAGE as NETWORK
from gametheory.explore.pages.rd import PAGE as RD

__all__ = ["PAGES"]

PAGES = (CLASSIC, DIFFUSION, BRAND, RD, EVOLUTION, NETWORK)
