"""sympy, imported on first use, so numeric paths never pay for it.

Importing sympy takes about 0.2 s, more than a whole numeric solve of a small game. Modules on
numeric paths (the bimatrix solvers, the replicator, the result types) write
``from gametheory.core.lazy_sympy import sp`` instead of ``import sympy as sp``: ``sp`` is a
stand-in module whose first attribute access imports sympy and copies its namespace, so later
accesses cost what a normal module attribute costs. :func:`is_sympy` tests whether a value is a
sympy object *without* importing sympy: if sympy was never imported, no value can be one.

Examples
--------
>>> from gametheory.core.lazy_sympy import is_sympy, sp
>>> is_sympy(1.5)
False
>>> is_sympy(sp.Rational(1, 2))
True
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING, Any

__all__ = ["sp", "is_sympy", "sympy_loaded"]


class _LazySympy(types.ModuleType):
    """A module object that becomes sympy on its first attribute access."""

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") and name.endswith("__"):
            raise AttributeError(name)
        module = importlib.import_module("sympy")
        self.__dict__.update({k: v for k, v in vars(module).items() if not k.startswith("__")})
        return getattr(module, name)


if TYPE_CHECKING:  # type checkers see the real module
    import sympy as sp
else:
    sp = sys.modules.get("sympy") or _LazySympy("sympy")


def sympy_loaded() -> bool:
    """True once sympy has been imported (by anything in the process)."""
    return "sympy" in sys.modules


def is_sympy(value: Any, kind: str = "Basic") -> bool:
    """``isinstance(value, sympy.<kind>)`` without importing sympy (False while it is not loaded).

    A type predicate over *any* object: a string is simply not a sympy object (False); nothing
    is parsed or evaluated. ``kind`` names a sympy class (``"Expr"``, ``"Symbol"``,
    ``"MatrixBase"``...); another name raises :class:`TypeError`.
    """
    module = sys.modules.get("sympy")
    if module is None:
        return False
    cls = getattr(module, kind, None) if isinstance(kind, str) and kind.isidentifier() else None
    if not isinstance(cls, type):
        raise TypeError(f"is_sympy: kind must name a sympy class such as 'Expr', got {kind!r}")
    return isinstance(value, cls)
