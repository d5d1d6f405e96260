"""gametheory — symbolic and numeric game-theoretic models of industrial clusters.

Layers (dependencies point one way): :mod:`gametheory.outputs` → :mod:`gametheory.models` →
:mod:`gametheory.core`. The top level re-exports the public names of the core; the models live in
:mod:`gametheory.models` (``market``, ``diffusion``, ``brand``, ``commontech``, ``rd``) and the
network simulation in :mod:`gametheory.dynamics`.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_PUBLIC = {
    # finite games
    "NormalFormGame": "gametheory.core.normal_form",
    "enumerate_equilibria": "gametheory.core.bimatrix",
    # continuous games and optimisation
    "ContinuousGame": "gametheory.core.continuous",
    "maximize": "gametheory.core.continuous",
    "symmetric_equilibrium": "gametheory.core.continuous",
    "NonConcavePayoffError": "gametheory.core.continuous",
    # sequential games and the government coordinator
    "SequentialGame": "gametheory.core.sequential",
    "backward_induction": "gametheory.core.sequential",
    "stackelberg": "gametheory.core.sequential",
    "Coordinator": "gametheory.core.coordinator",
    "Instrument": "gametheory.core.coordinator",
    # welfare, statics, repeated games
    "welfare_account": "gametheory.core.welfare",
    "gap_closed": "gametheory.core.welfare",
    "price_of_anarchy": "gametheory.core.welfare",
    "comparative_statics": "gametheory.core.statics",
    "implicit_statics": "gametheory.core.statics",
    "critical_discount_factor": "gametheory.core.repeated",
    "critical_discount_factor_game": "gametheory.core.repeated",
    # evolutionary dynamics
    "Replicator": "gametheory.core.replicator",
    "EvolutionaryGame": "gametheory.core.evolutionary",
    # results and errors
    "compare": "gametheory.core.results",
    "DomainError": "gametheory.core._validate",
}

__all__ = sorted(_PUBLIC) + ["__version__"]


def __getattr__(name: str) -> Any:
    """Import public names lazily (``import gametheory`` stays fast)."""
    if name in _PUBLIC:
        value = getattr(importlib.import_module(_PUBLIC[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'gametheory' has no attribute {name!r}")


def __dir__() -> list[str]:
    return __all__
