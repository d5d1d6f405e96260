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
    "NormalFormGame": "gametheory.core.normal_form",
    "ContinuousGame": "gametheory.core.continuous",
    "Replicator": "gametheory.core.replicator",
    "Coordinator": "gametheory.core.coordinator",
    "Instrument": "gametheory.core.coordinator",
    "SequentialGame": "gametheory.core.sequential",
    "critical_discount_factor": "gametheory.core.repeated",
    "comparative_statics": "gametheory.core.statics",
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
