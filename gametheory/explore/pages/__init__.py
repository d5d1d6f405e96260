"""The explorer's pages, one per model family, in menu order."""

from gametheory.explore.pages.brand import PAGE as BRAND
from gametheory.explore.pages.classic import PAGE as CLASSIC
from gametheory.explore.pages.diffusion import PAGE as DIFFUSION
from gametheory.explore.pages.evolution import PAGE as EVOLUTION
from gametheory.explore.pages.network import PAGE as NETWORK
from gametheory.explore.pages.rd import PAGE as RD

__all__ = ["PAGES"]

PAGES = (CLASSIC, DIFFUSION, BRAND, RD, EVOLUTION, NETWORK)
