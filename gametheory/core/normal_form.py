r"""Finite n-player games in normal (strategic) form: numeric, exact or symbolic payoffs.

A game with players :math:`i = 1, \dots, n` and finite strategy sets :math:`S_i` is given by one
payoff array per player, ``payoffs[i][s_1, ..., s_n]`` :math:`= u_i(s_1, \dots, s_n)`; axis
:math:`i` of every array is player :math:`i`'s strategy (QuantEcon's and Gambit's convention; for
two players ``payoffs = (A, B)`` with rows for player 1 and columns for player 2).

Kinds of payoffs (detected automatically)
----------------------------------------
``"exact"``
    every entry is an ``int``, a :class:`fractions.Fraction` or a sympy ``Rational``. Entries are
    stored as :class:`~fractions.Fraction` (which compare equal to sympy ``Rational``) and all
    answers are exact rationals. For speed, each player's payoffs are also kept as integers scaled
    by a common denominator (a positive scaling changes no best response).
``"float"``
    some entry is a float (and none is symbolic); stored as ``float64``.
``"symbolic"``
    some entry is a sympy expression that is not a rational number (a free symbol, ``sqrt(2)``…).
    Equilibria become *conditions* on the parameters: :meth:`NormalFormGame.equilibrium_conditions`
    and :meth:`NormalFormGame.pure_equilibrium_conditions`; :meth:`NormalFormGame.subs` gives a
    numeric game.

What a game can do (and where each algorithm lives)
---------------------------------------------------
The class holds the payoffs and the labels; every algorithm is a module of its own that takes
the game as its first argument, and the methods delegate to it.

* input — the constructor reads and classifies the payoffs (:mod:`gametheory.core.game_input`);
  :meth:`~NormalFormGame.subs` gives the parameters values (this module);
* profiles — :meth:`~NormalFormGame.payoff`, :meth:`~NormalFormGame.expected_payoffs`,
  :meth:`~NormalFormGame.deviation_gain`, :meth:`~NormalFormGame.profile_labels`,
  :meth:`~NormalFormGame.profiles` (:mod:`gametheory.core.profiles`);
* pure equilibria and their symbolic conditions — :meth:`~NormalFormGame.pure_equilibria`
  (vectorised best-response mask), :meth:`~NormalFormGame.equilibrium_conditions`,
  :meth:`~NormalFormGame.pure_equilibrium_conditions` (:mod:`gametheory.core.pure`);
* the completely mixed equilibrium of a 2x2 game with its conditions —
  :meth:`~NormalFormGame.interior_equilibrium` (:mod:`gametheory.core.interior`);
* all mixed equilibria — :meth:`~NormalFormGame.equilibria` / :meth:`~NormalFormGame.mixed_equilibria`
  (:mod:`gametheory.core.mixed`; two players: :mod:`gametheory.core.bimatrix`, complete and
  exact; more players: pygambit);
* dominance — :meth:`~NormalFormGame.dominated_strategies`, :meth:`~NormalFormGame.iterated_elimination`
  (:mod:`gametheory.core.dominance`);
* regime maps — :meth:`~NormalFormGame.regime_map` (:mod:`gametheory.core.regime`);
* interop — :meth:`~NormalFormGame.to_nashpy` / :meth:`~NormalFormGame.from_nashpy`,
  :meth:`~NormalFormGame.to_quantecon` / :meth:`~NormalFormGame.from_quantecon`,
  :meth:`~NormalFormGame.to_gambit` / :meth:`~NormalFormGame.from_gambit`,
  :meth:`~NormalFormGame.from_efg` (:mod:`gametheory.core.interop`),
  :meth:`~NormalFormGame.to_nfg` / :meth:`~NormalFormGame.from_nfg` (Gambit files,
  :mod:`gametheory.core.nfg`).

Deciding symbolic inequalities
------------------------------
A relation :math:`u_i(s) \ge u_i(s_i', s_{-i})` is decided, when possible, from the symbols'
assumptions (``Symbol("a", positive=True)``) and from an optional ``assumptions`` argument
(a sympy Boolean: a conjunction of relations such as ``(T > R) & (R > P)`` or ``Q.positive(x - y)``
predicates). The difference is cancelled and factored; the sign of each factor is decided by sympy's
assumption system or, for polynomial factors, by a *Farkas certificate*: the factor is written as a
non-negative combination of the assumed inequalities (and of monomials of known sign) plus a
non-negative constant, found by linear programming and then **verified exactly** in rational
arithmetic. A relation that neither method decides stays open and is returned as a condition —
"provably true" always means proved, never sampled.

References
----------
.. [1] Osborne, M. J. & Rubinstein, A. (1994). *A Course in Game Theory*. MIT Press, ch. 2, 4.
.. [2] McKelvey, R. D., McLennan, A. M. & Turocy, T. L. Gambit: Software Tools for Game Theory.

Examples
--------
The prisoner's dilemma (C = cooperate, D = defect; by hand, D strictly dominates C for both
players, so (D, D) is the unique equilibrium):

>>> pd = NormalFormGame(([[3, 0], [5, 1]], [[3, 5], [0, 1]]), strategies=("C", "D"))
>>> pd.kind, pd.pure_equilibria()
('exact', [(1, 1)])
>>> import sympy as sp
>>> T, R, P, S = sp.symbols("T R P S")
>>> spd = NormalFormGame(([[R, S], [T, P]], [[R, T], [S, P]]))
>>> spd.equilibrium_conditions((0, 0))
R >= T
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any, Mapping, Sequence

import numpy as np
from gametheory.core.lazy_sympy import is_sympy, sp

from gametheory.core import interior, interop, mixed as mixed_nash, profiles as profile_math, pure
from gametheory.core._validate import DomainError
from gametheory.core.game_input import EXACT, FLOAT, SYMBOLIC, _convert_entry, _scaled_integers, entry_to_sympy, read_payoffs
from gametheory.core.interop import CROSSCHECK_HINT
from gametheory.core.interior import InteriorEquilibrium
from gametheory.core.mixed import NPlayerEquilibria
from gametheory.core.nfg import read_nfg, write_nfg
from gametheory.core.results import format_value
from gametheory.core._prover import Prover
from gametheory.core.params import rejects_text

__all__ = ["NormalFormGame", "NPlayerEquilibria", "InteriorEquilibrium", "Prover", "CROSSCHECK_HINT"]


@rejects_text(text=('encoding', 'keep', 'labels', 'path', 'players', 'profile', 'source', 'strategies', 'title'),
              choices=('format', 'method'))  # profiles and kept strategies may be given by label
class NormalFormGame:
    r"""A finite n-player game in normal form.

    Parameters
    ----------
    payoffs : sequence of array-like
        One array per player, each of shape :math:`(|S_1|, \dots, |S_n|)` (nested lists, numpy
        arrays, sympy Matrices/Arrays). A single numpy array of shape :math:`(n, |S_1|, \dots, |S_n|)`
        is split along its first axis. Entries: ints, Fractions, floats or sympy expressions —
        never strings.
    players : sequence of str, optional
        Player labels, default ``("P1", ..., "Pn")``.
    strategies : sequence of sequences of str, or one sequence of str, optional
        Strategy labels per player (one sequence of labels is used for every player when all have
        that many strategies); default ``("s0", "s1", ...)``.

    Raises
    ------
    DomainError
        Fewer than one player, wrong number of arrays or dimensions, mismatched shapes, empty
        strategy sets, NaN/inf, non-numeric entries, bad labels.

    Notes
    -----
    A pure profile :math:`s` is a Nash equilibrium iff for every player :math:`i`,
    :math:`u_i(s) = \max_{t_i} u_i(t_i, s_{-i})` — a *best-response mask*
    ``payoffs[i] == payoffs[i].max(axis=i, keepdims=True)`` AND-ed over players, evaluated on the
    whole payoff tensor at once.

    Examples
    --------
    Battle of the sexes (by hand: both coordination profiles are equilibria, and the mixed one
    has x = (2/3, 1/3), y = (1/3, 2/3)):

    >>> bos = NormalFormGame(([[2, 0], [0, 1]], [[1, 0], [0, 2]]), strategies=("Opera", "Football"))
    >>> bos.pure_equilibria()
    [(0, 0), (1, 1)]
    >>> [bos.profile_labels(p) for p in bos.pure_equilibria()]
    [('Opera', 'Opera'), ('Football', 'Football')]
    >>> bos.deviation_gain((0, 1))      # either player gains 1 by switching to the other's choice
    Fraction(1, 1)
    """

    __slots__ = ("_data", "_kind", "_players", "_strategies", "_shape", "_fast", "_scales", "_prover_cache")

    def __init__(self, payoffs: Any, players: Sequence[str] | None = None,
                 strategies: Sequence[Sequence[str]] | Sequence[str] | None = None) -> None:
        data = read_payoffs(payoffs, players, strategies)       # checks and converts (game_input)
        self._kind, self._data, self._shape = data.kind, data.data, data.shape
        self._fast, self._scales = data.fast, data.scales
        self._players, self._strategies = data.players, data.strategies
        self._prover_cache: dict[Any, Prover] = {}
    def _replace(self, payoffs: Sequence[np.ndarray], strategies: Any = None) -> "NormalFormGame":
        return NormalFormGame(list(payoffs), players=self._players,
                              strategies=self._strategies if strategies is None else strategies)

    # -- properties --------------------------------------------------------------------------
    @property
    def _payoffs(self) -> tuple[np.ndarray, ...]:
        """Stored payoffs (Fraction / float64 / sympy object arrays), built lazily from int64 input."""
        if self._data is None:
            to_fraction = np.frompyfunc(lambda v: Fraction(int(v)), 1, 1)
            self._data = tuple(np.asarray(to_fraction(a), dtype=object) for a in self._fast)  # type: ignore[union-attr]
        return self._data

    @property
    def n_players(self) -> int:
        """Number of players."""
        return len(self._shape)

    @property
    def shape(self) -> tuple[int, ...]:
        """Numbers of strategies, :math:`(|S_1|, \\dots, |S_n|)`."""
        return self._shape

    @property
    def players(self) -> tuple[str, ...]:
        """Player labels."""
        return self._players

    @property
    def strategies(self) -> tuple[tuple[str, ...], ...]:
        """Strategy labels per player."""
        return self._strategies

    @property
    def payoffs(self) -> tuple[np.ndarray, ...]:
        """The payoff arrays (read-only views): Fraction, float64 or sympy objects by kind."""
        out = []
        for a in self._payoffs:
            v = a.view()
            v.flags.writeable = False
            out.append(v)
        return tuple(out)

    @property
    def kind(self) -> str:
        """``"exact"``, ``"float"`` or ``"symbolic"``."""
        return self._kind

    @property
    def is_symbolic(self) -> bool:
        """True when payoffs contain sympy expressions that are not rational numbers."""
        return self._kind == SYMBOLIC

    @property
    def free_symbols(self) -> set:
        """The parameters (sympy symbols) in the payoffs."""
        if self._kind != SYMBOLIC:
            return set()
        return set().union(*(v.free_symbols for a in self._payoffs for v in a.flat))

    def __repr__(self) -> str:
        return (f"NormalFormGame(players={self._players!r}, strategies={self._strategies!r}, "
                f"kind={self._kind!r})")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, NormalFormGame):
            return NotImplemented
        if (self._shape, self._players, self._strategies) != (other._shape, other._players, other._strategies):
            return False
        for a, b in zip(self._payoffs, other._payoffs):
            for x, y in zip(a.flat, b.flat):
                if is_sympy(x) or is_sympy(y):
                    if sp.simplify(entry_to_sympy(x) - entry_to_sympy(y)) != 0:
                        return False
                elif x != y:
                    return False
        return True

    __hash__ = None  # type: ignore[assignment]

    # -- profiles (gametheory.core.profiles) ------------------------------------------------
    def profile_labels(self, profile: Sequence[Any]) -> tuple[str, ...]:
        """Strategy labels of a pure profile (:func:`gametheory.core.profiles.profile_labels`).

        Examples
        --------
        >>> NormalFormGame(([[3, 0], [5, 1]], [[3, 5], [0, 1]]), strategies=("C", "D")).profile_labels((1, 0))
        ('D', 'C')
        """
        return profile_math.profile_labels(self, profile)

    def profiles(self) -> list[tuple[int, ...]]:
        """All pure profiles in lexicographic order (:func:`gametheory.core.profiles.pure_profiles`)."""
        return profile_math.pure_profiles(self)

    # -- exact fast representation -----------------------------------------------------------
    def _fast_arrays(self) -> tuple[np.ndarray, ...]:
        """float64 (float games) or scaled integer arrays (exact games) with the same best responses."""
        if self._fast is None:
            if self._kind == FLOAT:
                self._fast, self._scales = self._payoffs, tuple(1 for _ in self._payoffs)
            elif self._kind == EXACT:
                pairs = [_scaled_integers(a) for a in self._payoffs]
                self._fast = tuple(p[0] for p in pairs)
                self._scales = tuple(p[1] for p in pairs)
            else:
                raise DomainError("this game has symbolic payoffs: use pure_equilibrium_conditions() or subs({...}) first")
        return self._fast

    def _require_numeric(self, what: str) -> None:
        if self._kind == SYMBOLIC:
            names = ", ".join(sorted(map(str, self.free_symbols))) or "irrational constants"
            raise DomainError(f"{what} needs numeric payoffs; this game is symbolic in {names}: "
                              f"call game.subs({{...}}) to give the parameters values first")

    def resolve_symbol(self, sym: Any) -> Any:
        """The game's own symbol with the same name as ``sym`` (``Symbol("a")`` finds
        ``Symbol("a", positive=True)``); ``sym`` itself when it occurs or nothing matches."""
        if not is_sympy(sym, "Symbol"):
            return sym
        free = self.free_symbols
        if sym in free:
            return sym
        same = [f for f in free if is_sympy(f, "Symbol") and f.name == sym.name]
        return same[0] if len(same) == 1 else sym

    def _prover(self, assumptions: Any) -> Prover:
        key = sp.srepr(assumptions) if is_sympy(assumptions) else repr(assumptions)
        if key not in self._prover_cache:
            self._prover_cache[key] = Prover(assumptions)
        return self._prover_cache[key]

    # -- payoffs -----------------------------------------------------------------------------
    def subs(self, mapping: Mapping[Any, Any] | None = None, **kwargs: Any) -> "NormalFormGame":
        """A new game with parameters replaced (ints/Fractions stay exact).

        Keys are sympy symbols (matched by name to the game's symbols, whatever their
        assumptions) or keyword names; keys the game does not contain are ignored.

        Examples
        --------
        >>> a = sp.Symbol("a")
        >>> g = NormalFormGame(([[a, 0], [0, 1]], [[1, 0], [0, 1]]))
        >>> g.subs({a: 2}).kind, g.subs({a: 2}).pure_equilibria(), g.subs(a=-1).pure_equilibria()
        ('exact', [(0, 0), (1, 1)], [(1, 1)])
        """
        mapping = dict(mapping or {})
        for k, v in kwargs.items():
            mapping[sp.Symbol(k)] = v
        clean = {}
        for k, v in mapping.items():
            if isinstance(k, str):
                raise DomainError(f"subs keys must be sympy symbols, got the string {k!r} (use subs(name=value))")
            _, val = _convert_entry(v, f"value for {k}")
            clean[self.resolve_symbol(k)] = entry_to_sympy(val)
        if self._kind != SYMBOLIC:
            return self
        new = []
        for a in self._payoffs:
            out = np.empty(a.shape, dtype=object)
            for idx, v in np.ndenumerate(a):
                out[idx] = v.xreplace(clean) if clean else v
            new.append(out)
        return self._replace(new)

    def payoff(self, profile: Sequence[Any]) -> tuple:
        """Payoffs :math:`(u_1(s), \\dots, u_n(s))` at a pure profile (indices or labels);
        :func:`gametheory.core.profiles.payoff`.

        Examples
        --------
        >>> NormalFormGame(([[3, 0], [5, 1]], [[3, 5], [0, 1]])).payoff((1, 0))
        (Fraction(5, 1), Fraction(0, 1))
        """
        return profile_math.payoff(self, profile)

    def expected_payoffs(self, mixed_profile: Sequence[Any]) -> tuple:
        r"""Expected payoffs :math:`u_i(\sigma) = \sum_s \prod_j \sigma_j(s_j) u_i(s)` of a mixed profile;
        :func:`gametheory.core.profiles.expected_payoffs`.

        Examples
        --------
        >>> mp = NormalFormGame(([[1, -1], [-1, 1]], [[-1, 1], [1, -1]]))
        >>> from fractions import Fraction as F
        >>> mp.expected_payoffs(([F(1, 2), F(1, 2)], [F(1, 2), F(1, 2)]))   # value 0 by symmetry
        (Fraction(0, 1), Fraction(0, 1))
        """
        return profile_math.expected_payoffs(self, mixed_profile)

    def deviation_gain(self, profile: Sequence[Any], *, per_player: bool = False) -> Any:
        r"""Largest gain from a unilateral deviation, :math:`\max_i \max_{s_i} u_i(s_i, \sigma_{-i}) - u_i(\sigma)`.

        ``profile`` is pure (indices/labels) or mixed (one probability vector per player); ``0``
        exactly at a Nash equilibrium. :func:`gametheory.core.profiles.deviation_gain`.

        Examples
        --------
        >>> bos = NormalFormGame(([[2, 0], [0, 1]], [[1, 0], [0, 2]]))     # battle of the sexes
        >>> bos.deviation_gain((0, 1), per_player=True)      # either gains 1 by switching
        (Fraction(1, 1), Fraction(1, 1))
        """
        return profile_math.deviation_gain(self, profile, per_player=per_player)

    # -- pure equilibria (gametheory.core.pure) ---------------------------------------------
    def best_response_mask(self, *, tol: float = 0.0) -> np.ndarray:
        """Boolean array of the game's shape: True where the profile is a pure Nash equilibrium
        (:func:`gametheory.core.pure.best_response_mask`)."""
        return pure.best_response_mask(self, tol=tol)

    def pure_equilibria(self, *, tol: float = 0.0, assumptions: Any = None) -> list[tuple[int, ...]]:
        """All pure-strategy Nash equilibria, as strategy-index tuples in lexicographic order.

        Numeric games: a vectorised best-response mask (``tol``: float games only). **Symbolic
        games**: the profiles whose equilibrium condition is *provably true* under the symbols'
        assumptions and ``assumptions``; profiles whose condition is open are not included — see
        :meth:`pure_equilibrium_conditions` for them. Computed by
        :func:`gametheory.core.pure.pure_equilibria`.
        """
        return pure.pure_equilibria(self, tol=tol, assumptions=assumptions)

    def equilibrium_conditions(self, profile: Sequence[Any], *, strict: bool = False, assumptions: Any = None) -> sp.Boolean:
        r"""Condition on the parameters under which ``profile`` is a (strict) pure Nash equilibrium.

        :math:`\bigwedge_i \bigwedge_{t_i \ne s_i} u_i(s) \ge u_i(t_i, s_{-i})` (``>`` when
        ``strict``). Relations decided by the assumptions are dropped (or make the whole condition
        ``False``). Numeric games give ``True``/``False``. Computed by
        :func:`gametheory.core.pure.equilibrium_conditions`.

        Examples
        --------
        >>> T, R, P, S = sp.symbols("T R P S")
        >>> pd = NormalFormGame(([[R, S], [T, P]], [[R, T], [S, P]]))
        >>> pd.equilibrium_conditions((1, 1), strict=True)
        P > S
        >>> pd.equilibrium_conditions((0, 0), assumptions=(T > R) & (R > P) & (P > S))
        False
        """
        return pure.equilibrium_conditions(self, profile, strict=strict, assumptions=assumptions)

    def pure_equilibrium_conditions(self, *, strict: bool = False, assumptions: Any = None) -> dict[tuple[int, ...], sp.Boolean]:
        """For every pure profile whose condition is not provably False: the condition (sympy Boolean).

        Works for numeric games too (every value is then ``True``). See :meth:`equilibrium_conditions`
        and :func:`gametheory.core.pure.pure_equilibrium_conditions`.

        Examples
        --------
        >>> T, R, P, S = sp.symbols("T R P S")
        >>> pd = NormalFormGame(([[R, S], [T, P]], [[R, T], [S, P]]))
        >>> pd.pure_equilibrium_conditions(assumptions=(T > R) & (R > P) & (P > S))
        {(1, 1): True}
        """
        return pure.pure_equilibrium_conditions(self, strict=strict, assumptions=assumptions)

    # -- mixed equilibria (gametheory.core.mixed, gametheory.core.interior) -------------------
    def equilibria(self, *, tol: float = 1e-9, method: str | None = None, budget: Any = None,
                   time_limit: float | None = None) -> Any:
        """All Nash equilibria as a result object: :func:`gametheory.core.mixed.equilibria`.

        Two players: :func:`gametheory.core.bimatrix.enumerate_equilibria` (complete, exact for
        exact payoffs, components for degenerate games, under a work ``budget`` / ``time_limit``;
        default 30 s). Three or more: pygambit (``method`` = ``"enumpoly"``, ``"logit"``,
        ``"simpdiv"`` or ``"liap"``), every profile checked within ``tol``. One player: the
        maximisers. Parameters and guarantees: :func:`gametheory.core.mixed.equilibria`.
        """
        return mixed_nash.equilibria(self, tol=tol, method=method, budget=budget, time_limit=time_limit)

    def mixed_equilibria(self, *, tol: float = 1e-9, method: str | None = None, budget: Any = None,
                         time_limit: float | None = None) -> list[tuple[np.ndarray, ...]]:
        """Mixed Nash equilibria as tuples of probability arrays (see :meth:`equilibria`).

        ``budget`` / ``time_limit``: as in :meth:`equilibria` (default 30 s). This list form
        cannot carry ``complete``: when the budget runs out a
        :class:`~gametheory.core.budget.BudgetExceeded` is raised with the message (use
        :meth:`equilibria` to get the partial result instead). Computed by
        :func:`gametheory.core.mixed.mixed_equilibria`.

        Examples
        --------
        >>> mp = NormalFormGame(([[1, -1], [-1, 1]], [[-1, 1], [1, -1]]))   # matching pennies
        >>> [(list(x), list(y)) for x, y in mp.mixed_equilibria()]          # by hand: (1/2, 1/2) each
        [([Fraction(1, 2), Fraction(1, 2)], [Fraction(1, 2), Fraction(1, 2)])]
        """
        return mixed_nash.mixed_equilibria(self, tol=tol, method=method, budget=budget, time_limit=time_limit)
    def interior_equilibrium(self, *, assumptions: Any = None) -> InteriorEquilibrium | None:
        r"""The completely mixed equilibrium of a 2x2 game (numeric or symbolic) and its conditions.

        The column player's mixture makes the row player indifferent and vice versa; the
        candidate is an equilibrium iff both mixtures are strictly inside (0, 1) (the
        ``conditions``, decided from assumptions when possible). ``None`` when a denominator
        vanishes identically. Formulas and conditions:
        :func:`gametheory.core.interior.interior_equilibrium`.

        Examples
        --------
        Battle of the sexes with the row player's Opera payoff ``a`` (by hand: q = 1/(1 + a),
        p = 2/3, valid iff a > 0):

        >>> a = sp.Symbol("a")
        >>> g = NormalFormGame(([[a, 0], [0, 1]], [[1, 0], [0, 2]]))
        >>> eq = g.interior_equilibrium()
        >>> eq.x, eq.y, eq.conditions
        ((2/3, 1/3), (1/(a + 1), a/(a + 1)), a > 0)
        """
        return interior.interior_equilibrium(self, assumptions=assumptions)

    # -- dominance (delegates to gametheory.core.dominance) -----------------------------------
    def dominated_strategies(self, *, weak: bool = False, mixed: bool = False, assumptions: Any = None,
                             conditional: bool = False) -> list:
        """Strategies dominated by another strategy (see :func:`gametheory.core.dominance.dominated_strategies`)."""
        from gametheory.core.dominance import dominated_strategies  # on use: dominance imports sympy eagerly

        return dominated_strategies(self, weak=weak, mixed=mixed, assumptions=assumptions, conditional=conditional)

    def iterated_elimination(self, *, weak: bool = False, mixed: bool = False, assumptions: Any = None,
                             conditional: bool = False) -> Any:
        """Iterated elimination of dominated strategies (see :func:`gametheory.core.dominance.iterated_elimination`)."""
        from gametheory.core.dominance import iterated_elimination  # on use: dominance imports sympy eagerly

        return iterated_elimination(self, weak=weak, mixed=mixed, assumptions=assumptions, conditional=conditional)

    def restrict(self, keep: Sequence[Sequence[int]]) -> "NormalFormGame":
        """The subgame on the given strategy indices per player (labels kept)."""
        keep = [tuple(int(k) for k in ks) for ks in keep]
        if len(keep) != self.n_players or any(len(k) == 0 for k in keep):
            raise DomainError("restrict() needs a non-empty index list per player")
        index = np.ix_(*keep)
        arrays = [a[index] for a in self._payoffs]
        labels = [tuple(self._strategies[i][k] for k in ks) for i, ks in enumerate(keep)]
        return NormalFormGame(arrays, players=self._players, strategies=labels)

    # -- regime maps -------------------------------------------------------------------------
    def regime_map(self, x: tuple, y: tuple, fixed: Mapping[Any, Any] | None = None, **kwargs: Any) -> Any:
        """Which pure equilibria hold where on a parameter plane (see :func:`gametheory.core.regime.regime_map`)."""
        from gametheory.core.regime import regime_map  # on use: regime imports sympy and plotting eagerly

        return regime_map(self, x=x, y=y, fixed=fixed, **kwargs)

    # -- interop (gametheory.core.interop, gametheory.core.nfg) --------------------------------
    def to_nashpy(self) -> Any:
        """A :class:`nashpy.Game` (2 players; integer arrays for integer games, floats otherwise)."""
        return interop.to_nashpy(self)

    @classmethod
    def from_nashpy(cls, game: Any, **labels: Any) -> "NormalFormGame":
        """Build from a :class:`nashpy.Game` (integer arrays stay exact)."""
        return interop._from_nashpy(cls, game, **labels)

    def to_quantecon(self) -> Any:
        """A :class:`quantecon.game_theory.NormalFormGame` (numeric games; integer payoffs stay int).

        QuantEcon stores player :math:`i`'s payoffs with its own action first and the others in
        cyclic order :math:`(i, i+1, \\dots, n-1, 0, \\dots, i-1)`; this package indexes every
        player's array by :math:`(s_1, \\dots, s_n)`. The converters transpose accordingly
        (:mod:`gametheory.core.interop`). Exact non-integer payoffs become floats (QuantEcon
        computes in floating point).

        Examples
        --------
        >>> pd = NormalFormGame(([[3, 0], [4, 1]], [[3, 4], [0, 1]]))     # prisoner's dilemma
        >>> qe_game = pd.to_quantecon()
        >>> qe_game.players[1].payoff_array.tolist()     # own action first: [own, other]
        [[3, 0], [4, 1]]
        >>> NormalFormGame.from_quantecon(qe_game) == pd
        True
        """
        return interop.to_quantecon(self)

    @classmethod
    def from_quantecon(cls, game: Any, **labels: Any) -> "NormalFormGame":
        """Build from a :class:`quantecon.game_theory.NormalFormGame` (see :meth:`to_quantecon`);
        integer payoffs stay exact, ``labels`` (``players=``, ``strategies=``) as in the constructor."""
        return interop._from_quantecon(cls, game, **labels)

    def to_nfg(self, path: Any = None, *, title: str = "", format: str = "outcome") -> str:
        """Gambit ``.nfg`` text (written to ``path`` when given). See :mod:`gametheory.core.nfg`."""
        return write_nfg(self, path, title=title, format=format)

    @classmethod
    def from_nfg(cls, source: Any, **options: Any) -> "NormalFormGame":
        """Read a Gambit ``.nfg`` file (path, text or file object); ``options`` go to
        :func:`~gametheory.core.nfg.read_nfg` (``encoding=``, ``max_profiles=``)."""
        return read_nfg(source, **options)

    def to_gambit(self, title: str = "") -> Any:
        """A :class:`pygambit.Game` (needs the crosscheck extra)."""
        return interop.to_gambit(self, title)

    @classmethod
    def from_gambit(cls, game: Any) -> "NormalFormGame":
        """Build from a strategic :class:`pygambit.Game` (exact rationals stay exact)."""
        return cls.from_nfg(game.to_nfg())

    @classmethod
    def from_efg(cls, source: Any, *, max_profiles: int = 10**6) -> "NormalFormGame":
        """Read a Gambit extensive-form ``.efg`` game (path or text) as its reduced normal form.

        Needs pygambit (the crosscheck extra), which parses the file — no text is evaluated. A
        strategy is labelled by the actions it takes at its player's information sets
        (``"In/Fight"``; ``*`` where the reduced strategy leaves an unreached set open). The
        reduced normal form can be exponentially larger than the tree: more than
        ``max_profiles`` pure profiles raise :class:`DomainError`.

        Examples
        --------
        >>> text = ('EFG 2 R "entry" { "1" "2" } ""\\n'
        ...         'p "" 1 1 "" { "Out" "In" } 0\\n t "" 1 "o" { 0, 2 }\\n'
        ...         'p "" 2 1 "" { "Fight" "Accommodate" } 0\\n t "" 2 "f" { -1, -1 }\\n t "" 3 "a" { 1, 1 }\\n')
        >>> entry = NormalFormGame.from_efg(text)        # doctest: +SKIP
        >>> [entry.profile_labels(p) for p in entry.pure_equilibria()]      # doctest: +SKIP
        [('Out', 'Fight'), ('In', 'Accommodate')]
        """
        return interop._from_efg(cls, source, max_profiles)
    # -- display -----------------------------------------------------------------------------
    def table(self) -> list[list[str]]:
        """Rows of a 2-player payoff table: header row, then ``label, "u1, u2", ...`` cells."""
        if self.n_players != 2:
            raise DomainError("table() shows 2-player games")
        A, B = self._payoffs
        rows = [[""] + list(self._strategies[1])]
        for r, lab in enumerate(self._strategies[0]):
            rows.append([lab] + [f"{format_value(A[r, c])}, {format_value(B[r, c])}" for c in range(self._shape[1])])
        return rows
