r"""Dominated strategies and their iterated elimination, numeric or symbolic.

Definitions (player :math:`i`, strategies :math:`a, b \in S_i`, opponents' profiles
:math:`s_{-i}` in the current — possibly reduced — game):

* :math:`a` **strictly dominates** :math:`b` if :math:`u_i(a, s_{-i}) > u_i(b, s_{-i})` for all
  :math:`s_{-i}`; a mixed strategy :math:`\sigma` strictly dominates :math:`b` if
  :math:`\sum_a \sigma_a u_i(a, s_{-i}) > u_i(b, s_{-i})` for all :math:`s_{-i}` (found by linear
  programming, numeric games only, and verified exactly for exact games);
* :math:`a` **weakly dominates** :math:`b` if :math:`u_i(a, s_{-i}) \ge u_i(b, s_{-i})` for all
  :math:`s_{-i}`, with strict inequality for at least one :math:`s_{-i}`.

Order of elimination
--------------------
Each round removes, *simultaneously*, every strategy of every player that is dominated (by a
strategy still present) in the game left by the previous rounds; rounds repeat until nothing is
dominated. For strict dominance the result does not depend on the order. For weak dominance it
can (e.g. Osborne & Rubinstein 1994, Ex. 63.2); the simultaneous "all players, all dominated
strategies" order used here is the standard one and is recorded in the result (``order``).

Symbolic payoffs
----------------
Each comparison :math:`u_i(a, s_{-i}) \gtrless u_i(b, s_{-i})` is decided, when possible, from the
symbols' assumptions and the ``assumptions`` argument (see
:class:`gametheory.core.normal_form.Prover`). A dominance claim whose comparisons stay open has a
*condition* (a sympy Boolean). By default only claims proved true are used
(``conditional=False``) and the open ones are reported in ``undecided``; with
``conditional=True`` open claims whose reverse is provably impossible are used too and the
result's ``conditions`` is the conjunction of the conditions used — the reduction is valid where
it holds. Give the parameter ordering (e.g. ``c_G > c_L``) as ``assumptions`` to decide claims
whose direction depends on it.

References
----------
.. [1] Osborne, M. J. & Rubinstein, A. (1994). *A Course in Game Theory*, §4.2. MIT Press.
.. [2] Fudenberg, D. & Tirole, J. (1991). *Game Theory*, §2.1. MIT Press.

Examples
--------
Prisoner's dilemma: defecting strictly dominates cooperating for both players (5 > 3, 1 > 0).

>>> from gametheory.core.normal_form import NormalFormGame
>>> pd = NormalFormGame(([[3, 0], [5, 1]], [[3, 5], [0, 1]]), strategies=("C", "D"))
>>> res = pd.iterated_elimination()
>>> res.remaining
(('D',), ('D',))
>>> [(e.player, e.strategy, e.dominated_by, e.round) for e in res.eliminations]
[('P1', 'C', 'D', 1), ('P2', 'C', 'D', 1)]
>>> res.steps()[0]
'round 1: P1 drops C (strictly dominated by D)'
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np
import sympy as sp

from gametheory.core._validate import DomainError
from gametheory.core.results import Result
from gametheory.core.params import rejects_text
from gametheory.core.pure import _comparison

__all__ = ["Elimination", "IteratedElimination", "dominated_strategies", "iterated_elimination", "ORDER"]

ORDER = ("simultaneous: each round removes every dominated strategy of every player "
         "(dominated in the game left by the previous rounds)")


@rejects_text(choices=('kind', 'method'), init=False)
@dataclass(frozen=True, repr=False)
class Elimination(Result):
    """One dominance claim: ``player``'s ``strategy`` is dominated by ``dominated_by``.

    Indices refer to the original game. ``weights`` is the dominating mixture (mixed dominance)
    or ``None``; ``conditions`` is ``True`` when the claim is proved, otherwise the open condition.
    """

    player: str
    strategy: str
    dominated_by: str
    kind: str
    round: int
    player_index: int
    strategy_index: int
    dominator_index: int | None = None
    weights: tuple | None = None
    conditions: Any = sp.true
    method: str = "pure-strategy dominance"


@rejects_text(choices=('method',), init=False)
@dataclass(frozen=True, repr=False)
class IteratedElimination(Result):
    """Result of iterated elimination of dominated strategies.

    Attributes
    ----------
    remaining : tuple of tuples of str — surviving strategy labels per player
    remaining_indices : tuple of tuples of int — their indices in the original game
    eliminations : tuple of :class:`Elimination` — in order (round, player, strategy)
    rounds : int — number of rounds that removed something
    undecided : tuple of :class:`Elimination` — open symbolic claims in the final game
    reduced : NormalFormGame — the game on the surviving strategies
    order : str — the elimination order (see module notes)
    conditions : sympy Boolean — conjunction of the conditions of the claims used
    method : str
    """

    remaining: tuple
    remaining_indices: tuple
    eliminations: tuple
    rounds: int
    undecided: tuple
    reduced: Any
    order: str = ORDER
    conditions: Any = sp.true
    method: str = "iterated elimination of strictly dominated strategies"

    def steps(self) -> list[str]:
        """The eliminations as sentences, e.g. ``"round 1: P1 drops C (strictly dominated by D)"``."""
        out = []
        for e in self.eliminations:
            cond = "" if e.conditions is sp.true else f" if {sp.sstr(e.conditions)}"
            out.append(f"round {e.round}: {e.player} drops {e.strategy} ({e.kind}ly dominated by {e.dominated_by}){cond}"
                       .replace("strict (mixed)ly", "strictly (mixed)"))
        return out


def _claims(game: Any, keep: list[tuple[int, ...]], weak: bool, mixed: bool, prover: Any) -> list[tuple[int, int, Any, Any, str]]:
    """Dominance claims in the subgame ``keep``: (player, b, dominator a | weights, condition, kind)."""
    out: list[tuple[int, int, Any, Any, str]] = []
    n = game.n_players
    if game.kind != "symbolic":
        arrays = game._fast_arrays()
        index = np.ix_(*keep)
        for i in range(n):
            M = np.moveaxis(arrays[i][index], i, 0).reshape(len(keep[i]), -1)
            gt = (M[:, None, :] > M[None, :, :])
            if weak:
                ge = (M[:, None, :] >= M[None, :, :])
                D = ge.all(-1) & gt.any(-1)
            else:
                D = gt.all(-1)
            dominated = set()
            for bi, b in enumerate(keep[i]):
                doms = np.flatnonzero(D[:, bi])
                if doms.size:
                    out.append((i, b, keep[i][int(doms[0])], sp.true, "weak" if weak else "strict"))
                    dominated.add(bi)
            if mixed and not weak and len(keep[i]) >= 3:
                for bi, b in enumerate(keep[i]):
                    if bi in dominated:
                        continue
                    w = _mixed_dominator(game, M, bi)
                    if w is not None:
                        weights = tuple((keep[i][k], v) for k, v in enumerate(w) if v != 0)
                        out.append((i, b, weights, sp.true, "strict (mixed)"))
        return out
    for i in range(n):
        rests = list(itertools.product(*(keep[j] for j in range(n) if j != i)))
        for b in keep[i]:
            best: tuple | None = None
            for a in keep[i]:
                if a == b:
                    continue
                cond = _symbolic_dominance(game, i, a, b, rests, weak, prover)
                if cond is sp.false:
                    continue
                if cond is sp.true:
                    best = (i, b, a, sp.true, "weak" if weak else "strict")
                    break
                if best is None:
                    best = (i, b, a, cond, "weak" if weak else "strict")
            if best is not None:
                out.append(best)
    return out


def _symbolic_dominance(game: Any, i: int, a: int, b: int, rests: list, weak: bool, prover: Any) -> Any:
    """Condition under which a dominates b (sp.true / sp.false when decided)."""
    if not weak:
        rels = []
        for rest in rests:
            dec, rel = _comparison(game, i, a, b, rest, True, prover)
            if dec is False:
                return sp.false
            if dec is None:
                rels.append(rel)
        return sp.And(*rels) if rels else sp.true
    ge_rels, gt_rels, some_strict = [], [], False
    for rest in rests:
        dec, rel = _comparison(game, i, a, b, rest, False, prover)
        if dec is False:
            return sp.false
        if dec is None:
            ge_rels.append(rel)
        if not some_strict:
            dec_s, rel_s = _comparison(game, i, a, b, rest, True, prover)
            if dec_s is True:
                some_strict = True
            elif dec_s is None:
                gt_rels.append(rel_s)
    if not some_strict and not gt_rels:
        return sp.false  # equal everywhere: no weak dominance
    strict_part = sp.true if some_strict else sp.Or(*gt_rels)
    return sp.And(*ge_rels, strict_part)


def _reverse_possible(game: Any, keep: list, i: int, a: int, b: int, weak: bool, prover: Any) -> bool:
    """Could b dominate a as well (the reverse claim is not provably false)?"""
    rests = list(itertools.product(*(keep[j] for j in range(game.n_players) if j != i)))
    return _symbolic_dominance(game, i, b, a, rests, weak, prover) is not sp.false


def _mixed_dominator(game: Any, M: np.ndarray, bi: int) -> tuple | None:
    """Weights of a mixture of the other rows strictly dominating row bi, verified; else None."""
    from scipy.optimize import linprog

    others = [k for k in range(M.shape[0]) if k != bi]
    X = np.asarray(M[others], dtype=float)
    target = np.asarray(M[bi], dtype=float)
    m = len(others)
    # variables: sigma (m), eps; maximise eps s.t. X^T sigma - target >= eps, sum sigma = 1
    c = np.zeros(m + 1)
    c[-1] = -1.0
    A_ub = np.hstack([-X.T, np.ones((X.shape[1], 1))])
    b_ub = -target
    A_eq = np.hstack([np.ones((1, m)), np.zeros((1, 1))])
    scale = max(1.0, float(np.abs(X).max()), float(np.abs(target).max()))
    res = linprog(c, A_ub=A_ub, b_ub=b_ub, A_eq=A_eq, b_eq=[1.0],
                  bounds=[(0, None)] * m + [(None, scale)], method="highs")
    if res.status != 0 or res.x[-1] <= 1e-9 * scale:
        return None
    sigma = res.x[:m]
    if game.kind == "exact":
        w = [Fraction(float(v)).limit_denominator(10**6) if v > 1e-12 else Fraction(0) for v in sigma]
        total = sum(w)
        if total == 0:
            return None
        w = [v / total for v in w]
        Mi = M.astype(object)
        mix = sum(wk * Mi[others[k]] for k, wk in enumerate(w) if wk)
        if not all(v > t for v, t in zip(mix, Mi[bi])):
            return None
        full = [Fraction(0)] * M.shape[0]
        for k, wk in zip(others, w):
            full[k] = wk
        return tuple(full)
    mix = sigma @ X
    if not np.all(mix > target):
        return None
    weights = [0.0] * M.shape[0]
    for k, wk in zip(others, sigma):
        weights[k] = float(wk)
    return tuple(weights)


def _label(game: Any, i: int, dom: Any) -> str:
    if isinstance(dom, tuple):
        return " + ".join(f"{w}*{game.strategies[i][k]}" for k, w in dom)
    return game.strategies[i][dom]


def _record(game: Any, claim: tuple, rnd: int) -> Elimination:
    i, b, dom, cond, kind = claim
    is_mix = isinstance(dom, tuple)
    return Elimination(
        player=game.players[i], strategy=game.strategies[i][b], dominated_by=_label(game, i, dom), kind=kind,
        round=rnd, player_index=i, strategy_index=b, dominator_index=None if is_mix else dom,
        weights=dom if is_mix else None, conditions=cond,
        method="mixed-strategy dominance (linear programming, verified)" if is_mix else "pure-strategy dominance")


@rejects_text
def dominated_strategies(game: Any, *, weak: bool = False, mixed: bool = False, assumptions: Any = None,
                         conditional: bool = False) -> list[Elimination]:
    """Dominated strategies of every player in ``game`` (one round, no elimination).

    Parameters
    ----------
    game : NormalFormGame
    weak : bool, default False
        Weak instead of strict dominance.
    mixed : bool, default False
        Also strict dominance by mixed strategies (numeric games; linear programming).
    assumptions : sympy Boolean, optional
        Extra facts for deciding symbolic comparisons.
    conditional : bool, default False
        Also return claims whose condition is open (``conditions`` is then that condition).

    Returns
    -------
    list of :class:`Elimination` (``round`` = 0), one per dominated strategy, ordered by player.

    Examples
    --------
    >>> from gametheory.core.normal_form import NormalFormGame
    >>> g = NormalFormGame(([[1, 1], [1, 0]], [[0, 0], [0, 0]]), strategies=(("T", "B"), ("L", "R")))
    >>> [(e.player, e.strategy, e.dominated_by) for e in dominated_strategies(g, weak=True)]   # 1 >= 1, 1 > 0
    [('P1', 'B', 'T')]
    >>> dominated_strategies(g)   # nothing is strictly dominated (tie against L)
    []
    """
    if mixed and (weak or game.kind == "symbolic"):
        raise DomainError("mixed-strategy dominance is implemented for strict dominance in numeric games")
    keep = [tuple(range(m)) for m in game.shape]
    prover = game._prover(assumptions) if game.kind == "symbolic" else None
    claims = _claims(game, keep, weak, mixed, prover)
    if not conditional:
        claims = [c for c in claims if c[3] is sp.true]
    return [_record(game, c, 0) for c in claims]


@rejects_text
def iterated_elimination(game: Any, *, weak: bool = False, mixed: bool = False, assumptions: Any = None,
                         conditional: bool = False, max_rounds: int | None = None) -> IteratedElimination:
    r"""Iterated elimination of strictly (default) or weakly dominated strategies.

    Parameters
    ----------
    game : NormalFormGame
    weak : bool, default False
        Weak dominance (IEWDS; order dependent — the simultaneous order of the module notes).
    mixed : bool, default False
        Strict dominance by mixed strategies as well (numeric games).
    assumptions : sympy Boolean, optional
        Extra facts for deciding symbolic comparisons (relations, Q-predicates).
    conditional : bool, default False
        Use open symbolic claims too; ``conditions`` then collects them. An open claim "a
        dominates b" is used only when the reverse claim "b dominates a" is provably false
        (otherwise which strategy goes depends on the parameter region: the claim stays in
        ``undecided``), and a player never loses all strategies.
    max_rounds : int, optional
        Stop after this many rounds.

    Returns
    -------
    IteratedElimination

    Examples
    --------
    A game solved by IESDS in two rounds (by hand):

    >>> from gametheory.core.normal_form import NormalFormGame
    >>> A = [[4, 3], [2, 1], [3, 0]]      # rows T, M, B; T > M and T > B entrywise
    >>> B = [[1, 2], [3, 0], [0, 1]]      # columns L, R
    >>> g = NormalFormGame((A, B), strategies=(("T", "M", "B"), ("L", "R")))
    >>> res = g.iterated_elimination()
    >>> res.remaining, res.rounds          # round 1: M, B go; round 2: R beats L against T (2 > 1)
    ((('T',), ('R',)), 2)
    """
    if mixed and (weak or game.kind == "symbolic"):
        raise DomainError("mixed-strategy dominance is implemented for strict dominance in numeric games")
    keep = [tuple(range(m)) for m in game.shape]
    prover = game._prover(assumptions) if game.kind == "symbolic" else None
    eliminations: list[Elimination] = []
    used_conditions: list[Any] = []
    rounds = 0
    last_open: list[tuple] = []
    while max_rounds is None or rounds < max_rounds:
        claims = _claims(game, keep, weak, mixed, prover)
        proved = [c for c in claims if c[3] is sp.true]
        open_claims = [c for c in claims if c[3] is not sp.true]
        chosen: list[tuple] = []
        for i in range(game.n_players):
            mine = [c for c in proved if c[0] == i]
            if conditional:
                usable = [c for c in open_claims if c[0] == i and not isinstance(c[2], tuple)
                          and not _reverse_possible(game, keep, i, c[2], c[1], weak, prover)]
                cand = mine + usable
                if len({c[1] for c in cand}) < len(keep[i]):
                    mine = cand
            chosen.extend(mine)
        last_open = [c for c in open_claims if c not in chosen]
        if not chosen:
            break
        rounds += 1
        for c in sorted(chosen, key=lambda c: (c[0], c[1])):
            eliminations.append(_record(game, c, rounds))
            if c[3] is not sp.true:
                used_conditions.append(c[3])
        removed = {(c[0], c[1]) for c in chosen}
        keep = [tuple(k for k in ks if (i, k) not in removed) for i, ks in enumerate(keep)]
    reduced = game.restrict(keep)
    method = "iterated elimination of {} dominated strategies{}".format(
        "weakly" if weak else "strictly", " (pure and mixed dominators)" if mixed else "")
    return IteratedElimination(
        remaining=tuple(tuple(game.strategies[i][k] for k in ks) for i, ks in enumerate(keep)),
        remaining_indices=tuple(keep), eliminations=tuple(eliminations), rounds=rounds,
        undecided=tuple(_record(game, c, rounds + 1) for c in last_open), reduced=reduced,
        conditions=sp.And(*used_conditions) if used_conditions else sp.true, method=method)
