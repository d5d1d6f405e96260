r"""Choosing among alternative instruments: the menu step of the policy engine.

A family's ``coordinate()`` declares each instrument to the engine
(:class:`~gametheory.core.coordinator.Coordinator`, or a closed form for that instrument's own
optimum); the instruments are *alternatives* — the government uses one — so the menu's
optimum is the best of the per-instrument optima:

.. math::

    W^{\text{menu}} = \max_{j \in \mathcal{I}} \; \max_{x_j \in X_j} W_j(x_j).

This module owns the outer maximum, so every family ranks its menu the same way:

* a candidate wins when its welfare weakly exceeds every other candidate's, decided exactly
  (numbers compared as numbers; a symbolic difference decided by
  :func:`gametheory.core.conditions.decide` under the symbols' assumptions);
* **ties go against the coordinator**: among equal welfares the candidate listed *first* wins,
  and callers list the cheaper instrument (smaller outlay, laissez-faire before intervention)
  first, so an instrument is never chosen because a tie was broken in its favour;
* a candidate that attains the first best wins outright (nothing can beat it under the
  default fiscal rule, where :math:`W \le W^{fb}` holds by construction);
* when a symbolic ranking cannot be decided the winner is ``None`` and ``open`` is True — the
  caller reports the ranking as open instead of guessing.

References
----------
.. [1] Laffont, J.-J. & Tirole, J. (1993). *A Theory of Incentives in Procurement and
   Regulation*. MIT Press (instrument choice with a shadow cost of public funds).
"""

from __future__ import annotations

import math
import numbers
from typing import Any, Mapping, NamedTuple

import numpy as np
import sympy as sp

from gametheory.core.conditions import decide
from gametheory.core.params import DomainError

__all__ = ["MenuChoice", "choose_instrument"]


class MenuChoice(NamedTuple):
    """The menu's winner.

    Attributes
    ----------
    best : hashable or None
        Key of the winning candidate (``None`` when a symbolic ranking is open).
    open : bool
        True when some symbolic comparison could not be decided.
    attains_first_best : bool
        True when the winner's welfare equals the first best.
    """

    best: Any
    open: bool
    attains_first_best: bool


def _is_symbolic(x: Any) -> bool:
    return isinstance(x, sp.Basic) and bool(getattr(x, "free_symbols", ()))


def _compare(a: Any, b: Any, rel_tol: float = 0.0) -> bool | None:
    """``a >= b`` decided exactly (floats up to ``rel_tol``): True, False or None (undecided)."""
    if not (_is_symbolic(a) or _is_symbolic(b)):
        if rel_tol and (isinstance(a, float) or isinstance(b, float)):
            return bool(float(a) >= float(b) - rel_tol * max(1.0, abs(float(a)), abs(float(b))))
        return bool(a >= b)
    return decide(sp.simplify(sp.sympify(a) - sp.sympify(b)) >= 0)


def _equal(a: Any, b: Any) -> bool:
    if not (_is_symbolic(a) or _is_symbolic(b)):
        return bool(a == b)
    return sp.simplify(sp.sympify(a) - sp.sympify(b)) == 0


def _check_value(what: str, w: Any) -> None:
    if isinstance(w, (str, bytes, bool, np.bool_, np.complexfloating)) or \
            not isinstance(w, (numbers.Real, np.number, sp.Expr)):
        raise DomainError(f"{what} must be a number or a sympy expression, got "
                          f"{type(w).__name__} {w!r} (text is never parsed)")
    if isinstance(w, sp.Expr) and w.free_symbols:
        return
    try:
        finite = math.isfinite(float(w))
    except (TypeError, ValueError, OverflowError):
        finite = False
    if not finite:
        raise DomainError(f"{what} is {w}: not a finite real number")


def choose_instrument(welfare: Mapping[Any, Any], *, first_best: Any = None, rel_tol: float = 0.0) -> MenuChoice:
    r"""The best of alternative instruments, each at its own optimum; ties against the coordinator.

    Parameters
    ----------
    welfare : mapping, ordered
        Candidate key → welfare at that instrument's optimum. **Order matters**: among equal
        welfares the earliest key wins, so list the cheaper candidate (laissez-faire, smaller
        outlay) first.
    first_best : number or sympy.Expr, optional
        When given, the earliest candidate attaining it wins at once.
    rel_tol : float, default 0
        For float welfares from numeric searches: differences below ``rel_tol`` (relative, at
        least absolute for values under 1) count as ties, so the earlier candidate keeps them.
        Exact numbers and expressions are always compared exactly.

    Notes
    -----
    With symbols a candidate wins when it is proved :math:`\ge` every other on the whole
    parameter domain, even if it ties an earlier candidate somewhere (e.g. the cost share
    :math:`1 - \lambda/2` against the subsidy :math:`1 - \lambda`, equal at :math:`\lambda = 0`): the
    ranking is per domain, not per point; use numbers for a pointwise answer.

    Returns
    -------
    MenuChoice
        ``(best, open, attains_first_best)``.

    Examples
    --------
    Equal welfare: the cheaper candidate listed first wins (the tie goes against intervening).

    >>> choose_instrument({"laissez-faire": 3, "subsidy": 3, "fine": 2})
    MenuChoice(best='laissez-faire', open=False, attains_first_best=False)
    >>> lam = sp.Symbol("lambda", nonnegative=True)
    >>> choose_instrument({"subsidy": 1 - lam, "cost_share": 1 - lam / 2})
    MenuChoice(best='cost_share', open=False, attains_first_best=False)
    >>> choose_instrument({"subsidy": 1 - lam, "traceability": sp.Rational(1, 2)}).open
    True

    Text is refused, never compared (``"10" < "2"`` as strings):

    >>> choose_instrument({"a": "2", "b": "10"})
    Traceback (most recent call last):
    ...
    gametheory.core._validate.DomainError: welfare of candidate 'a' must be a number or a sympy expression, got str '2' (text is never parsed)
    """
    if isinstance(rel_tol, bool) or not isinstance(rel_tol, (int, float)) or not 0 <= rel_tol < 1:
        raise DomainError(f"rel_tol must be a number in [0, 1), got {rel_tol!r}")
    if not isinstance(welfare, Mapping):
        raise DomainError(f"welfare must be a mapping candidate -> welfare, got {type(welfare).__name__}")
    keys = list(welfare)
    if not keys:
        raise DomainError("choose_instrument needs at least one candidate")
    for k in keys:
        _check_value(f"welfare of candidate {k!r}", welfare[k])
    if first_best is not None:
        _check_value("first_best", first_best)
    if first_best is not None:
        for k in keys:
            if _equal(welfare[k], first_best):
                return MenuChoice(k, False, True)
    is_open = False
    for k in keys:
        wins = True
        for other in keys:
            if other == k:
                continue
            verdict = _compare(welfare[k], welfare[other], rel_tol)
            if verdict is None:
                is_open, wins = True, False
                break
            if not verdict:
                wins = False
                break
        if wins:        # decided against every other candidate, whatever stayed open among the rest
            return MenuChoice(k, False, False)
    return MenuChoice(None, True, False)
