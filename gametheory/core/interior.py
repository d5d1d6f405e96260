r"""The completely mixed equilibrium of a 2x2 game, in closed form, with the conditions for it to exist.

In a mixed equilibrium each player mixes only over best responses, so a player who mixes both
strategies must be *indifferent* between them — and it is the *opponent's* mixture that makes
them so. With row payoffs :math:`A`, column payoffs :math:`B`, row mixture :math:`(p, 1 - p)` and
column mixture :math:`(q, 1 - q)`, the two indifference conditions
:math:`A_{11} q + A_{12} (1 - q) = A_{21} q + A_{22} (1 - q)` and
:math:`B_{11} p + B_{21} (1 - p) = B_{12} p + B_{22} (1 - p)` give

.. math::

    p = \frac{B_{22} - B_{21}}{B_{11} - B_{12} - B_{21} + B_{22}}, \qquad
    q = \frac{A_{22} - A_{12}}{A_{11} - A_{12} - A_{21} + A_{22}} .

The candidate is an equilibrium iff both probabilities lie strictly inside :math:`(0, 1)`, i.e.
iff :math:`B_{22} - B_{21}` and :math:`B_{11} - B_{12}` have the same strict sign, and so do
:math:`A_{22} - A_{12}` and :math:`A_{11} - A_{21}`. With symbolic payoffs the formulas hold as
they stand and the sign conditions are returned as a sympy Boolean, each part decided by the
:class:`~gametheory.core.normal_form.Prover` when the assumptions allow. When a denominator
vanishes identically the player's opponent is indifferent everywhere or nowhere: there is no
isolated completely mixed equilibrium (:func:`interior_equilibrium` returns ``None``; the numeric
components come from :func:`gametheory.core.mixed.equilibria`).

References
----------
.. [1] Osborne, M. J. & Rubinstein, A. (1994). *A Course in Game Theory*. MIT Press, ch. 3.
.. [2] Gibbons, R. (1992). *Game Theory for Applied Economists*. Princeton University Press, §1.3.

Examples
--------
Matching pennies (by hand: both players mix 1/2-1/2, the value is 0):

>>> from gametheory.core.normal_form import NormalFormGame
>>> mp = NormalFormGame(([[1, -1], [-1, 1]], [[-1, 1], [1, -1]]))
>>> eq = interior_equilibrium(mp)
>>> eq.x, eq.y, eq.payoffs, eq.conditions
((1/2, 1/2), (1/2, 1/2), (0, 0), True)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from gametheory.core._prover import Prover, _readable_relation
from gametheory.core._validate import DomainError
from gametheory.core.game_input import entry_to_sympy
from gametheory.core.lazy_sympy import sp
from gametheory.core.params import rejects_text
from gametheory.core.results import Result

__all__ = ["interior_equilibrium", "InteriorEquilibrium"]


@rejects_text(choices=('method',), init=False)
@dataclass(frozen=True, repr=False)
class InteriorEquilibrium(Result):
    """The completely mixed equilibrium of a 2x2 game, possibly symbolic, with its conditions.

    Attributes
    ----------
    x, y : tuple — probabilities of the row and the column player's strategies
    payoffs : tuple — expected payoffs (u1, u2)
    conditions : sympy Boolean — where the candidate is a completely mixed equilibrium
        (both probabilities strictly inside (0, 1); ``False`` if never)
    method : str
    """

    x: tuple
    y: tuple
    payoffs: tuple
    conditions: Any = field(default_factory=lambda: sp.true)
    method: str = "indifference conditions (2x2)"


@rejects_text
def interior_equilibrium(game: Any, *, assumptions: Any = None) -> InteriorEquilibrium | None:
    """The completely mixed equilibrium of a 2x2 game (numeric or symbolic) and its conditions.

    Parameters
    ----------
    game : NormalFormGame
        A 2x2 game.
    assumptions : sympy Boolean, optional
        Assumed relations between the parameters, used to decide the sign conditions.

    Returns
    -------
    InteriorEquilibrium or None
        The mixtures from the indifference conditions (module docstring), the expected payoffs,
        and the conditions under which both mixtures are strictly inside (0, 1); ``None`` when a
        denominator vanishes identically.

    Raises
    ------
    DomainError
        The game is not 2x2.
    """
    if game.shape != (2, 2):
        raise DomainError(f"interior_equilibrium() is for 2x2 games; this game has shape {game.shape}")
    A = [[entry_to_sympy(v) for v in row] for row in game._payoffs[0].tolist()]
    B = [[entry_to_sympy(v) for v in row] for row in game._payoffs[1].tolist()]
    dB = sp.cancel(B[0][0] - B[0][1] - B[1][0] + B[1][1])
    dA = sp.cancel(A[0][0] - A[0][1] - A[1][0] + A[1][1])
    if dA == 0 or dB == 0:
        return None
    p = sp.factor(sp.cancel((B[1][1] - B[1][0]) / dB))
    q = sp.factor(sp.cancel((A[1][1] - A[0][1]) / dA))
    prover = game._prover(assumptions)

    def same_sign(u: sp.Expr, v: sp.Expr) -> sp.Basic:
        both_pos = _decided_and([(u, True), (v, True)], prover)
        both_neg = _decided_and([(-u, True), (-v, True)], prover)
        return sp.Or(both_pos, both_neg)

    cond = sp.And(same_sign(B[1][1] - B[1][0], B[0][0] - B[0][1]), same_sign(A[1][1] - A[0][1], A[0][0] - A[1][0]))
    x = (p, sp.factor(sp.cancel(1 - p)))
    y = (q, sp.factor(sp.cancel(1 - q)))
    u1 = sp.factor(sp.cancel(sum(A[r][c] * x[r] * y[c] for r in range(2) for c in range(2))))
    u2 = sp.factor(sp.cancel(sum(B[r][c] * x[r] * y[c] for r in range(2) for c in range(2))))
    return InteriorEquilibrium(x=x, y=y, payoffs=(u1, u2), conditions=cond)


def _decided_and(parts: list[tuple[sp.Expr, bool]], prover: Prover) -> sp.Basic:
    """And of ``d > 0`` (strict) / ``d >= 0`` with provable parts dropped (False if one fails)."""
    rels = []
    for d, strict in parts:
        dec = prover.decide(d, strict)
        if dec is False:
            return sp.false
        if dec is None:
            rels.append(_readable_relation(d, strict, prover))
    return sp.And(*rels) if rels else sp.true
