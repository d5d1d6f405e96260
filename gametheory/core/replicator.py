r"""Multi-population replicator dynamics of an n-player normal-form game.

One population per player role (leading firms, lagging firms, the government …); population
:math:`k` plays a mixed strategy :math:`x_k \in \Delta(S_k)`, and shares grow with their payoff
advantage (Taylor 1979):

.. math::

    \dot x_{k,s} = x_{k,s}\,\bigl(u_k(s, x_{-k}) - \bar u_k(x)\bigr), \qquad
    \bar u_k(x) = \sum_{s'} x_{k,s'}\, u_k(s', x_{-k}).

What the theory says, and what this module reports (Hofbauer & Sigmund 1998; Weibull 1995):

* **Rest points** are, on every face of the product of simplices, the points where all strategies
  in each population's support earn the same payoff. They are found face by face (support
  enumeration), exactly with sympy; non-isolated rest points (continua) are reported as such.
* **Stability** is read from the eigenvalues of the Jacobian in reduced coordinates
  (:math:`x_{k,\text{last}} = 1 - \sum_{s<\text{last}} x_{k,s}`): all real parts negative —
  asymptotically stable; some positive — unstable (a *saddle* when others are negative); a zero
  real part — **non-hyperbolic: linearisation decides nothing** (reported as undetermined, never
  as stable). At a pure vertex the eigenvalues are the payoff differences
  :math:`u_k(s', s_{-k}) - u_k(s)`, so a vertex is asymptotically stable iff it is a strict Nash
  equilibrium.
* **ESS**: in multi-population (asymmetric) games the evolutionarily stable strategies are exactly
  the strict Nash equilibria, hence pure (Selten 1980); they are the asymptotically stable faces
  of the dynamics (Ritzberger & Weibull 1995). Interior rest points of a two-population game are
  never asymptotically stable (the dynamics preserve volume up to a factor; Hofbauer & Sigmund
  1998, §10.5): in 2×2 bimatrix games they are saddles or centres, and a centre is a genuine centre
  (closed orbits, a constant of motion), reported as ``"centre"``.
* **Simulation** integrates many initial conditions at once, vectorised across trajectories (no
  Python loop over them): fixed-step fourth-order Runge–Kutta, or the adaptive 8th-order
  Dormand–Prince pair with dense output (``method="dop853"``) controlling every trajectory's
  error; the field runs on a strategy-major layout in reduced coordinates. Cycles are detected by
  recurrence.

References
----------
.. [1] Taylor, P. D. (1979). Evolutionarily stable strategies with two types of player. J. Appl. Prob. 16, 76-83.
.. [2] Selten, R. (1980). A note on evolutionarily stable strategies in asymmetric animal conflicts. J. Theor. Biol. 84, 93-101.
.. [3] Ritzberger, K. & Weibull, J. (1995). Evolutionary selection in normal-form games. Econometrica 63, 1371-1399.
.. [4] Hofbauer, J. & Sigmund, K. (1998). Evolutionary Games and Population Dynamics. Cambridge UP.
.. [5] Weibull, J. (1995). Evolutionary Game Theory. MIT Press.
"""

from __future__ import annotations

import dataclasses
import itertools
from dataclasses import dataclass
from typing import Any, Sequence

import numpy as np
from gametheory.core.lazy_sympy import is_sympy, sp

from gametheory.core._validate import DomainError, _decide, positive_decided
from gametheory.core.game_input import entries_to_sympy
from gametheory.core.normal_form import NormalFormGame
from gametheory.core.results import Result
from gametheory.core._validate import to_expr
from gametheory.core.params import rejects_text
from gametheory.core.plotting import PLOT_CHOICES, PLOT_TEXT

__all__ = ["Replicator", "RestPoint", "RestSet", "Stability", "Trajectories", "normalise_populations"]

STABLE = "asymptotically stable"
UNSTABLE = "unstable"
SADDLE = "saddle"
CENTRE = "centre"
UNDETERMINED = "non-hyperbolic (undetermined)"
LYAPUNOV = "Lyapunov stable, not asymptotically stable (on an attracting set of rest points)"
SET_ATTRACTING = "attracting set: every point Lyapunov stable, none asymptotically stable"
SET_UNSTABLE = "contains unstable points: a strategy off the face earns more at a corner"
SET_UNDETERMINED = "undetermined: a strategy off the face earns as much at a corner (linearisation decides nothing)"
SET_DEPENDS = "depends on parameters"


# ---------------------------------------------------------------------------------------------
# results
# ---------------------------------------------------------------------------------------------
@rejects_text(choices=('kind',), init=False)
@dataclass(frozen=True, repr=False)
class RestPoint(Result):
    """A rest point of the replicator dynamics.

    Attributes
    ----------
    shares : tuple of tuple
        One mixed strategy per population (sympy numbers or expressions in the parameters).
    support : tuple of tuple of int
        The strategies with positive share, per population.
    kind : str
        ``"vertex"``, ``"edge"``, ``"face"`` or ``"interior"``.
    isolated : bool
        False when the rest point lies on a continuum (free coordinates remain).
    conditions : sympy.Boolean
        Where the point exists in the relative interior of its face (shares in (0, 1)).
    """

    shares: tuple
    support: tuple
    kind: str
    isolated: bool = True
    conditions: sp.Basic = dataclasses.field(default_factory=lambda: sp.true)


@rejects_text(init=False)
@dataclass(frozen=True, repr=False)
class RestSet(Result):
    r"""A continuum of rest points: a whole face :math:`F = \prod_k \Delta(S_k)` of the state space.

    Every strategy of each support earns the same payoff at every vertex of :math:`F`; payoffs
    are multilinear (one population: linear), so they are equal everywhere on :math:`F` and every
    point of it is at rest. With :math:`V(x) = \sum_k \sum_{t \notin S_k} x_{k,t}`,
    :math:`\dot V = \sum x_{k,t}(u_k(t) - \bar u_k)`; when every outside strategy earns strictly
    less at every vertex of :math:`F` (hence on :math:`F`), :math:`\dot V \le -\delta V` near
    :math:`F`: the face attracts, every point of it is Lyapunov stable (the drift along :math:`F`
    is :math:`O(V)`), none is asymptotically stable (Thomas 1985; Balkenborg & Schlag 2007).

    Attributes
    ----------
    supports : tuple of tuple of int
        Each population's strategies on the face.
    vertices : tuple of tuple of int
        The pure profiles at its corners.
    dimension : int
        :math:`\sum_k (|S_k| - 1)`.
    exists : bool or sympy.Boolean
        Where the face consists of rest points (equalities in the parameters; ``True`` when it
        does identically).
    attracting : bool or sympy.Boolean
        Where every outside strategy earns strictly less at every corner (the face attracts).
    classification : str
        ``"attracting set: every point Lyapunov stable, none asymptotically stable"``,
        ``"contains unstable points: …"``, ``"undetermined: …"`` or ``"depends on parameters"``.
    repelling : bool
        Some outside strategy earns strictly more at every corner, hence on the whole face: every
        point of the face has a positive eigenvalue and is unstable.
    """

    supports: tuple
    vertices: tuple
    dimension: int
    exists: Any
    attracting: Any
    classification: str
    repelling: bool = False


@rejects_text(text=PLOT_TEXT, choices=PLOT_CHOICES, init=False)
@dataclass(frozen=True, repr=False)
class Stability(Result):
    """Linear stability of one rest point.

    Attributes
    ----------
    rest_point : RestPoint
    eigenvalues : tuple
        Of the Jacobian in reduced coordinates (with multiplicity).
    classification : str
        One of ``"asymptotically stable"``, ``"unstable"``, ``"saddle"``, ``"centre"``,
        ``"non-hyperbolic (undetermined)"``, or ``"depends on parameters"``.
    regions : dict
        For symbolic games: classification → sympy condition on the parameters.
    strict_nash : bool or sympy.Boolean
        Whether the point is a strict Nash equilibrium (= an ESS of the asymmetric game).
    rest_set : RestSet or None
        The largest face of rest points containing this point (a continuum), if any. A point on
        a continuum has a zero eigenvalue along it: it is never asymptotically stable; it is
        ``"Lyapunov stable, not asymptotically stable (…)"`` when the set attracts, unstable when
        an eigenvalue is positive, and undetermined otherwise.
    """

    rest_point: RestPoint
    eigenvalues: tuple
    classification: str
    regions: dict
    strict_nash: Any = False
    rest_set: Any = None

    def _record(self, exact: bool = False) -> dict[str, Any]:
        """One row of a stability table: shares per population and strategy, kind, eigenvalues,
        classification (``gametheory.core.export.records_frame(replicator.stability())``)."""
        from gametheory.core.export import flat_record, scalar

        row: dict[str, Any] = {}
        for k, pop in enumerate(self.rest_point.shares):
            for j, v in enumerate(pop):
                row[f"pop{k + 1}_s{j + 1}"] = scalar(v, exact)
        row["kind"] = self.rest_point.kind
        row["isolated"] = self.rest_point.isolated
        row.update(flat_record({"eigenvalues": tuple(self.eigenvalues)}, exact))
        row["classification"] = self.classification
        row["strict_nash"] = scalar(self.strict_nash, exact)
        return row

    def plot(self, ax: Any = None, *, preset: str = "paper", annotate: bool = True, **kw: Any) -> Any:
        """Mark this rest point on a phase portrait (square, cube or simplex) by its stability:
        filled circle asymptotically stable, hollow circle unstable, square saddle, diamond centre,
        × undetermined. Returns the matplotlib Axes (numeric rest points only)."""
        from gametheory.core import plotting

        return plotting.stability_point(self, ax, preset=preset, annotate=annotate, **kw)


@rejects_text(text=PLOT_TEXT, choices=('method',) + PLOT_CHOICES, init=False)
@dataclass(frozen=True, repr=False)
class Trajectories(Result):
    """Simulated trajectories: ``states[t, i, :]`` is trajectory ``i`` at time ``t[t]``.

    States are the concatenated shares of all populations (population ``k`` occupies
    ``slices[k]``).
    """

    t: np.ndarray
    states: np.ndarray
    slices: tuple
    method: str = "rk4 (fixed step, vectorised)"
    step: float = 0.0

    def population(self, k: int) -> np.ndarray:
        """Shares of population ``k``: array (len(t), n_trajectories, n_strategies_k)."""
        return self.states[:, :, self.slices[k]]

    @property
    def final(self) -> np.ndarray:
        """States at the last time: (n_trajectories, dim)."""
        return self.states[-1]

    # -- data and plots ------------------------------------------------------------------------
    def _strategy_names(self) -> list[str]:
        return [f"pop{k + 1}_s{j + 1}" for k, sl in enumerate(self.slices) for j in range(sl.stop - sl.start)]

    def _rows(self, exact: bool = False) -> dict[str, Any]:
        """One row per (trajectory, time): ``trajectory``, ``t`` and a share column per strategy
        (``pop1_s1`` is population 1's share of its first strategy)."""
        T, N, _ = self.states.shape
        cols: dict[str, Any] = {"trajectory": np.repeat(np.arange(N), T), "t": np.tile(np.asarray(self.t), N)}
        flat = np.transpose(self.states, (1, 0, 2)).reshape(N * T, -1)
        for j, name in enumerate(self._strategy_names()):
            cols[name] = flat[:, j]
        return cols

    def to_xarray(self) -> Any:
        """An :class:`xarray.DataArray` ``shares`` with dims (t, trajectory, strategy); the
        ``population`` coordinate on ``strategy`` says whose share it is. Needs xarray."""
        from gametheory.core.export import require_module

        xr = require_module("xarray")
        pops = [k + 1 for k, sl in enumerate(self.slices) for _ in range(sl.stop - sl.start)]
        return xr.DataArray(np.asarray(self.states), dims=("t", "trajectory", "strategy"), name="shares",
                            coords={"t": np.asarray(self.t), "trajectory": np.arange(self.states.shape[1]),
                                    "strategy": self._strategy_names(), "population": ("strategy", pops)},
                            attrs={"method": self.method, "step": self.step})

    def plot(self, ax: Any = None, *, kind: str | None = None, preset: str = "paper", population: int = 0,
             strategy: int = 0, rest_points: Any = None, **kw: Any) -> Any:
        """Phase portrait or shares against time, in the package style; returns the Axes.

        ``kind``: ``"square"`` (two populations of two strategies: first-strategy shares),
        ``"cube"`` (three such populations, 3-d axes), ``"simplex"`` (one population of three)
        — chosen automatically — or ``"time"`` (``population``'s share of ``strategy``).
        ``rest_points``: results of :meth:`Replicator.stability` to mark on the portrait.
        Other keywords go to the ``LineCollection`` of trajectories.
        """
        from gametheory.core import plotting

        return plotting.trajectories(self, ax, kind=kind, preset=preset, population=population,
                                     strategy=strategy, rest_points=rest_points, **kw)


# ---------------------------------------------------------------------------------------------
# the dynamics
# ---------------------------------------------------------------------------------------------
@rejects_text(choices=("method",))
class Replicator:
    r"""Multi-population replicator dynamics of an n-player normal-form game.

    Parameters
    ----------
    game : NormalFormGame or sequence of arrays
        One payoff array per player, each of shape :math:`(s_1, \dots, s_n)`; numbers (exact or
        float) or sympy expressions. With ``symmetric=True``: the square matrix :math:`A`
        (``A[s, t]`` the payoff of ``s`` against ``t``) or a symmetric two-player game.
    symmetric : bool, default False
        One population playing the game against itself: :math:`\dot x_s = x_s((Ax)_s - x^\top Ax)`
        (Taylor & Jonker 1978). For stability tables with Maynard Smith's conditions and the
        other dynamics use :class:`gametheory.EvolutionaryGame`.

    Examples
    --------
    Matching pennies (row wants to match, column to mismatch). By hand, with :math:`x, y` the
    shares of the first strategies, :math:`\dot x = x(1-x)(4y-2)` and
    :math:`\dot y = y(1-y)(2-4x)`; the four vertices are saddles (eigenvalues :math:`\pm 2`) and
    the Jacobian at :math:`(1/2, 1/2)` is :math:`[[0, 1], [-1, 0]]`, eigenvalues :math:`\pm i`: a
    centre.

    >>> A = [[1, -1], [-1, 1]]
    >>> rep = Replicator([A, [[-1, 1], [1, -1]]])
    >>> [(s.rest_point.kind, s.classification) for s in rep.stability()]    # doctest: +NORMALIZE_WHITESPACE
    [('vertex', 'saddle'), ('vertex', 'saddle'), ('vertex', 'saddle'), ('vertex', 'saddle'),
     ('interior', 'centre')]
    >>> rep.stability()[-1].eigenvalues
    (-I, I)
    """

    def __init__(self, game: Any, *, symmetric: bool = False) -> None:
        if not isinstance(symmetric, (bool, np.bool_)):
            raise DomainError(f"symmetric must be True or False, got {symmetric!r}")
        self.symmetric = bool(symmetric)
        if self.symmetric:
            # One population playing a symmetric two-player game against itself: ``game`` is the
            # square matrix A (A[s, t]: payoff of s against t), or a symmetric NormalFormGame.
            if isinstance(game, NormalFormGame):
                if game.n_players != 2 or game.shape[0] != game.shape[1]:
                    raise DomainError("a one-population (symmetric) replicator needs a square two-player game")
                A = np.array(game.payoffs[0], dtype=object)
            else:
                A = np.array(game, dtype=object)
                if A.ndim != 2 or A.shape[0] != A.shape[1] or A.shape[0] < 2:
                    raise DomainError(f"a one-population (symmetric) game needs one square payoff matrix "
                                      f"A[s, t] (payoff of s against t) with at least 2 strategies; got shape {A.shape}")
                game = NormalFormGame([A, A.T])
            # the two-player game validates entries; the population plays its row player's payoffs
            raw = [np.array(game.payoffs[0], dtype=object)]
            shape = (game.shape[0],)
            n = 1
        else:
            # NormalFormGame validates shapes, NaN/inf and junk entries once for the whole package.
            game = game if isinstance(game, NormalFormGame) else NormalFormGame(game)
            raw = [np.array(p, dtype=object) for p in game.payoffs]
            shape = game.shape
            n = game.n_players
            if n == 1:
                raise DomainError(
                    "a one-player game has no population interaction; for one population playing a "
                    "symmetric game against itself pass its square matrix with symmetric=True")
        self.game = game
        # payoffs as given (numbers stay numbers); the sympy forms, the parameters and the symbolic
        # shares are built on first use, so a numeric simulation never imports sympy (issue 20)
        self._raw_payoffs = tuple(raw)
        self._symbolic_payoffs: tuple[np.ndarray, ...] | None = None
        self._share_symbols: tuple[tuple[Any, ...], ...] | None = None
        self.shape = shape
        self.n_populations = n
        offsets = np.cumsum((0,) + shape)
        self.slices = tuple(slice(int(offsets[k]), int(offsets[k + 1])) for k in range(n))
        self.dim = int(offsets[-1])
        self.labels = game.strategies[:n]
        self._float_payoffs: tuple[np.ndarray, ...] | None = None
        self._matrices: tuple[np.ndarray, ...] | None = None
        self._rest_points: tuple[RestPoint, ...] | None = None
        self._rest_sets: tuple[RestSet, ...] | None = None
        self._stability: tuple[Stability, ...] | None = None

    @property
    def payoffs(self) -> tuple[np.ndarray, ...]:
        """Payoff arrays with sympy entries (one per population), built on first use."""
        if self._symbolic_payoffs is None:
            self._symbolic_payoffs = tuple(entries_to_sympy(a) for a in self._raw_payoffs)
        return self._symbolic_payoffs

    @property
    def parameters(self) -> list:
        """Symbols the payoffs depend on, sorted by name (none for a numeric game)."""
        if not any(is_sympy(v) for a in self._raw_payoffs for v in a.flat):
            return []
        return sorted(set().union(*[v.free_symbols for a in self.payoffs for v in a.flat]), key=str)

    @property
    def shares(self) -> tuple[tuple[Any, ...], ...]:
        """Symbolic shares ``x[k][s]`` (``x_k_s``, nonnegative), built on first use."""
        if self._share_symbols is None:
            self._share_symbols = tuple(tuple(sp.Symbol(f"x_{k}_{s}", nonnegative=True) for s in range(self.shape[k]))
                                        for k in range(self.n_populations))
        return self._share_symbols

    # -- payoffs -------------------------------------------------------------------------------
    def strategy_payoffs(self, k: int, shares: Sequence[Sequence[Any]]) -> list[sp.Expr]:
        """Symbolic :math:`u_k(s, x_{-k})` for each strategy ``s`` of population ``k``
        (one population: :math:`(Ax)_s`)."""
        if self.symmetric:
            A = self.payoffs[0]
            return [sp.expand(sum(A[s, t] * shares[0][t] for t in range(self.shape[0])))
                    for s in range(self.shape[0])]
        out = []
        for s in range(self.shape[k]):
            total = sp.Integer(0)
            for profile in itertools.product(*[range(m) for m in self.shape]):
                if profile[k] != s:
                    continue
                weight = sp.Integer(1)
                for j, sj in enumerate(profile):
                    if j != k:
                        weight *= shares[j][sj]
                total += weight * self.payoffs[k][profile]
            out.append(sp.expand(total))
        return out

    def field(self) -> tuple[sp.Expr, ...]:
        """The symbolic vector field in full coordinates (one entry per share)."""
        exprs: list[sp.Expr] = []
        for k in range(self.n_populations):
            u = self.strategy_payoffs(k, self.shares)
            mean = sum(x * v for x, v in zip(self.shares[k], u))
            exprs.extend(sp.expand(x * (v - mean)) for x, v in zip(self.shares[k], u))
        return tuple(exprs)

    def _reduced(self) -> tuple[list[sp.Symbol], list[sp.Expr], dict]:
        """Reduced coordinates: drop each population's last share."""
        subs = {self.shares[k][-1]: 1 - sum(self.shares[k][:-1]) for k in range(self.n_populations)}
        variables = [x for k in range(self.n_populations) for x in self.shares[k][:-1]]
        full = self.field()
        exprs: list[sp.Expr] = []
        for k in range(self.n_populations):
            sl = self.slices[k]
            exprs.extend(sp.expand(e.subs(subs)) for e in full[sl][:-1])
        return variables, exprs, subs

    def jacobian(self) -> sp.Matrix:
        """Symbolic Jacobian of the reduced field (variables: all shares but each last one)."""
        variables, exprs, _ = self._reduced()
        return sp.Matrix(exprs).jacobian(variables) if variables else sp.zeros(0, 0)

    # -- rest points ---------------------------------------------------------------------------
    def rest_points(self, *, vertices_only: bool = False) -> tuple[RestPoint, ...]:
        """All rest points, face by face (exact; conditions for symbolic payoffs).

        ``vertices_only=True`` skips the faces (useful for large symbolic games, where solving
        the interior polynomial systems can be slow); the vertices are always rest points.

        On the face with supports :math:`S_1 \\times \\dots \\times S_n`, a rest point solves
        :math:`u_k(s, x_{-k}) = u_k(s', x_{-k})` for :math:`s, s' \\in S_k` with shares summing
        to one, and lies in the face's relative interior (all support shares positive).
        """
        if vertices_only:
            if self._rest_points is not None:
                return tuple(p for p in self._rest_points if p.kind == "vertex")
            return tuple(self._enumerate_rest_points(max_support=1))
        if self._rest_points is None:
            self._rest_points = tuple(self._enumerate_rest_points())
        return self._rest_points

    def _enumerate_rest_points(self, max_support: int | None = None):
        supports_per_pop = [
            [c for r in range(1, (m if max_support is None else min(m, max_support)) + 1)
             for c in itertools.combinations(range(m), r)] for m in self.shape
        ]
        found = []
        for supports in itertools.product(*supports_per_pop):
            shares = [[sp.Integer(0)] * m for m in self.shape]
            unknowns, equations = [], []
            for k, support in enumerate(supports):
                if len(support) == 1:
                    shares[k][support[0]] = sp.Integer(1)
                else:
                    for s in support:
                        shares[k][s] = self.shares[k][s]
                        unknowns.append(self.shares[k][s])
                    equations.append(sum(self.shares[k][s] for s in support) - 1)
            if unknowns:
                for k, support in enumerate(supports):
                    if len(support) > 1:
                        u = self.strategy_payoffs(k, shares)
                        equations.extend(sp.expand(u[s] - u[support[0]]) for s in support[1:])
                equations = [e for e in equations if e != 0]
                solutions = sp.solve(equations, unknowns, dict=True)
                if not solutions:
                    continue
            else:
                solutions = [{}]
            for sol in solutions:
                point = [[sp.simplify(to_expr(v).subs(sol)) for v in row] for row in shares]
                free = set().union(*[v.free_symbols for row in point for v in row]) & set(unknowns)
                positive = [point[k][s] for k, support in enumerate(supports) if len(support) > 1
                            for s in support]
                conds = [positive_decided(v) for v in positive]
                if any(c is False for c in conds):
                    continue
                open_conds = [v > 0 for v, c in zip(positive, conds) if c is None and not (v.free_symbols & free)]
                condition = sp.And(*open_conds) if open_conds else sp.true
                if condition is sp.false:
                    continue
                sizes = [len(s) for s in supports]
                kind = ("vertex" if all(z == 1 for z in sizes) else
                        "interior" if all(z == m for z, m in zip(sizes, self.shape)) else
                        "edge" if sum(z - 1 for z in sizes) == 1 else "face")
                found.append(RestPoint(
                    shares=tuple(tuple(row) for row in point),
                    support=tuple(supports),
                    kind=kind,
                    isolated=not free,
                    conditions=condition,
                ))
        return found

    # -- stability -----------------------------------------------------------------------------
    def stability(self, *, vertices_only: bool = False) -> tuple[Stability, ...]:
        """Eigenvalues and classification of every isolated rest point (see module docstring)."""
        if self._stability is not None:
            return tuple(s for s in self._stability if s.rest_point.kind == "vertex") if vertices_only \
                else self._stability
        variables, _, _ = self._reduced()
        J = self.jacobian()
        sets = [r for r in self.rest_sets() if r.exists is True]
        table = []
        for point in self.rest_points(vertices_only=vertices_only):
            at = {}
            for k in range(self.n_populations):
                for s, x in enumerate(self.shares[k][:-1]):
                    at[x] = point.shares[k][s]
            rest_set = _containing_set(point, sets)
            if rest_set is not None and point.isolated:
                # a vertex (or lower face point) in the closure of a face of rest points: not isolated
                point = dataclasses.replace(point, isolated=False)
            if rest_set is None and not point.isolated:
                table.append(Stability(point, (), UNDETERMINED, {UNDETERMINED: sp.true},
                                       self._strict_nash(point)))
                continue
            if any(v.free_symbols & set(self.shares[k][j] for k in range(self.n_populations)
                                           for j in range(self.shape[k])) for row in point.shares for v in row):
                eigen: list = []                  # a parametrised continuum: no single Jacobian
                classification, regions = UNDETERMINED, {UNDETERMINED: sp.true}
                if rest_set is not None and rest_set.repelling and rest_set.supports == point.support:
                    classification, regions = UNSTABLE, {UNSTABLE: sp.true}
            else:
                Jp = J.subs(at).applyfunc(sp.simplify) if variables else J
                eigen = _eigenvalues(Jp)
                classification, regions = _classify(eigen, self._two_by_two_interior(point))
            if rest_set is not None and classification not in (UNSTABLE, SADDLE):
                # a zero eigenvalue along the continuum: never asymptotically stable
                if rest_set.attracting is True:
                    classification, regions = LYAPUNOV, {LYAPUNOV: sp.true}
                elif classification != "depends on parameters":
                    classification, regions = UNDETERMINED, {UNDETERMINED: sp.true}
            table.append(Stability(point, tuple(eigen), classification, regions, self._strict_nash(point),
                                   rest_set))
        if vertices_only:
            return tuple(table)
        self._stability = tuple(table)
        return self._stability

    def _two_by_two_interior(self, point: RestPoint) -> bool:
        return (self.n_populations == 2 and self.shape == (2, 2) and point.kind == "interior")

    def _strict_nash(self, point: RestPoint) -> Any:
        """Strict-equilibrium condition of a vertex (the game's own, decided by its prover)."""
        if point.kind != "vertex":
            return False
        profile = tuple(s[0] for s in point.support)
        if self.symmetric:
            profile = profile * 2              # the symmetric profile (s, s) of the two-player game
        cond = self.game.equilibrium_conditions(profile, strict=True)
        return True if cond is sp.true else False if cond is sp.false else cond

    def rest_sets(self) -> tuple[RestSet, ...]:
        """Faces of the state space made of rest points (continua), maximal ones, with where they
        exist and where they attract (see :class:`RestSet`). Exact; conditions in the parameters
        for symbolic payoffs. Faces that exist only where the parameters satisfy equalities are
        reported with those equalities in ``exists``."""
        cached: tuple[RestSet, ...] | None = getattr(self, "_rest_sets", None)
        if cached is not None:
            return cached
        subsets = [[c for r in range(1, m + 1) for c in itertools.combinations(range(m), r)] for m in self.shape]
        found = []
        for supports in itertools.product(*subsets):
            if all(len(S) == 1 for S in supports):
                continue                           # a single vertex: isolated or on a larger face
            corners = list(itertools.product(*supports))
            equal, below, above, ties = [], [], [], False
            gains: dict = {}
            ok = True
            for k, S in enumerate(supports):
                for v in corners:
                    inside = [self._vertex_payoff(k, s, v) for s in S]
                    for x in inside[1:]:
                        d = sp.simplify(x - inside[0])
                        if d == 0:
                            continue
                        if d.is_number:
                            ok = False
                            break
                        equal.append(sp.Eq(d, 0))
                    if not ok:
                        break
                    for t in range(self.shape[k]):
                        if t in S:
                            continue
                        d = sp.simplify(self._vertex_payoff(k, t, v) - inside[0])
                        below.append(d < 0)
                        gains.setdefault((k, t), []).append(d)
                        if d.is_number:
                            above.append(bool(d > 0))
                            ties = ties or d == 0
                if not ok:
                    break
            if not ok:
                continue
            exists = sp.And(*equal) if equal else True
            exists = True if exists is sp.true else exists
            if exists is sp.false:
                continue
            attracting = _decide(sp.And(*below)) if below else True
            attracting = sp.And(*below) if attracting is None else attracting
            if exists is not True:
                classification = SET_DEPENDS
            elif attracting is True:
                classification = SET_ATTRACTING
            elif any(above):
                classification = SET_UNSTABLE
            elif attracting is False or ties:
                classification = SET_UNDETERMINED
            else:
                classification = SET_DEPENDS
            # an outside strategy earning strictly more at every corner earns more on the whole face
            # (payoffs multilinear there): a positive eigenvalue at every point of it
            repelling = any(all(d.is_number and d > 0 for d in ds) for ds in gains.values())
            found.append(RestSet(supports=tuple(supports), vertices=tuple(corners),
                                 dimension=sum(len(S) - 1 for S in supports), exists=exists,
                                 attracting=attracting, classification=classification,
                                 repelling=bool(repelling)))
        # maximal faces among those that exist identically; conditional ones all kept
        def within(F, G):
            return F is not G and all(set(a) <= set(b) for a, b in zip(F.supports, G.supports))
        self._rest_sets = tuple(F for F in found if not any(within(F, G) and (G.exists is True or G.exists == F.exists)
                                                          for G in found))
        return self._rest_sets

    def _vertex_payoff(self, k: int, s: int, vertex: Sequence[int]) -> sp.Expr:
        """u_k(s, v_{-k}) at a pure profile v (one population: A[s, v])."""
        if self.symmetric:
            return self.payoffs[0][s, vertex[0]]
        return self.payoffs[k][tuple(vertex[:k]) + (s,) + tuple(vertex[k + 1:])]

    def ess(self, *, vertices_only: bool = True) -> list[tuple[tuple[int, ...], Any]]:
        """Evolutionarily stable strategies = strict Nash equilibria (pure), with conditions.

        Returns a list of ``(profile, condition)``; the condition is ``True`` for numeric games.
        With one population (``symmetric=True``) a strict symmetric equilibrium is an ESS but not
        every ESS is strict or pure (Hawk–Dove); :meth:`gametheory.EvolutionaryGame.vertex_table`
        applies Maynard Smith's second condition and :meth:`~gametheory.EvolutionaryGame.stability`
        decides interior points.
        """
        out = []
        for s in self.stability(vertices_only=vertices_only):
            if s.rest_point.kind == "vertex" and s.strict_nash is not False:
                out.append((tuple(x[0] for x in s.rest_point.support), s.strict_nash))
        return out

    def subs(self, values: dict) -> "Replicator":
        """The dynamics with parameters replaced by numbers."""
        return Replicator(self.game.subs(values), symmetric=self.symmetric)

    # -- numerics ------------------------------------------------------------------------------
    def _numeric_payoffs(self) -> tuple[np.ndarray, ...]:
        if self._float_payoffs is None:
            if self.parameters:
                raise DomainError(
                    f"payoffs depend on parameters {[str(p) for p in self.parameters]}: "
                    "use .subs({...}) before simulating")
            self._float_payoffs = tuple(np.array(p, dtype=float) for p in self._raw_payoffs)
        return self._float_payoffs

    def velocity(self, states: np.ndarray) -> np.ndarray:
        """The vector field at many states at once: ``states`` (..., dim) → (..., dim).

        Parameters
        ----------
        states : array_like of float, shape (..., dim)
            Points of the product of simplices: per population, shares in [0, 1] summing to 1
            (tolerance 1e-9 on each share, 1e-6 on each sum).

        Raises
        ------
        DomainError
            Text, booleans or complex numbers, a last axis other than ``dim``, a NaN or infinite
            share (the field there would be NaN, never an answer), or a state off the simplex.
            The checks are a few vectorised passes over ``states``, negligible next to the field.
        """
        states = self._checked_states(states)
        return self._velocity(states)

    def _checked_states(self, states: Any) -> np.ndarray:
        arr = np.asarray(states) if not isinstance(states, np.ndarray) else states
        if arr.dtype.kind in "USVbc" or (arr.dtype == object and any(
                isinstance(v, (str, bytes, bool, np.bool_, complex)) for v in arr.flat)):
            raise DomainError(f"states must be real numbers (shares), got an array of dtype {arr.dtype}"
                              + (" holding text or booleans" if arr.dtype == object else ""))
        try:
            arr = arr.astype(float, copy=False)
        except (TypeError, ValueError) as exc:
            raise DomainError(f"states must be real numbers (shares): {exc}") from None
        if arr.ndim == 0 or arr.shape[-1] != self.dim:
            raise DomainError(f"states must have shape (..., {self.dim}) (shares of populations of sizes "
                              f"{self.shape}); got shape {arr.shape}")
        if not np.isfinite(arr).all():
            raise DomainError("states must be finite: a NaN or infinite share has no velocity")
        if arr.size and (arr.min() < -1e-9 or arr.max() > 1 + 1e-9):
            raise DomainError("states must lie on the simplex: a share is outside [0, 1]")
        for k, sl in enumerate(self.slices):
            if arr.size and np.abs(arr[..., sl].sum(axis=-1) - 1.0).max() > 1e-6:
                raise DomainError(f"states must lie on the simplex: the shares of population {k} do not sum to 1")
        return arr

    def _velocity(self, states: np.ndarray) -> np.ndarray:
        """:meth:`velocity` without the input checks (states already valid floats)."""
        flat = states.reshape(-1, self.dim)
        if self.symmetric or (self.n_populations in (2, 3) and all(m == 2 for m in self.shape)):
            f, to_layout, _ = self._kernel()      # the fast field on the strategy-major layout
            d = f(to_layout(flat)).T
            if self.symmetric:                       # reduced: the last share moves against the rest
                out = np.empty_like(flat)
                out[:, :-1], out[:, -1] = d, -d.sum(axis=1)
                return out.reshape(states.shape)
            out = np.empty_like(flat)
            out[:, 0::2], out[:, 1::2] = d, -d
            return out.reshape(states.shape)
        return self._general_velocity(flat).reshape(states.shape)

    def _general_velocity(self, flat: np.ndarray) -> np.ndarray:
        """The field by one payoff contraction per population, rows of ``flat`` the states."""
        out = np.empty_like(flat)
        U = self._numeric_payoffs()
        for k in range(self.n_populations):
            u = self._strategy_values(k, flat, U)
            x = flat[:, self.slices[k]]
            # Average payoff over the population's *normalised* shares: then the sum of shares is
            # an exact linear invariant (RK4 preserves it), instead of a direction in which
            # rounding errors grow like exp(-mean payoff * t) when payoffs are negative.
            total = np.sum(x, axis=1, keepdims=True)
            mean = np.sum(x * u, axis=1, keepdims=True) / np.where(total > 0, total, 1.0)
            out[:, self.slices[k]] = x * (u - mean)
        return out

    def _strategy_values(self, k: int, flat: np.ndarray, U: tuple[np.ndarray, ...]) -> np.ndarray:
        """u_k(s, x_{-k}) for every state (rows of ``flat``) and strategy s: (batch, s_k).

        The others' shares are multiplied into one weight per pure profile of the others
        (batch, prod s_j) and contracted with the payoff tensor reshaped to (prod s_j, s_k): one
        matrix product per population, whatever the number of populations.
        """
        n = self.n_populations
        if self.symmetric:
            return flat @ U[0].T                    # (A x)_s for every state
        if self._matrices is None:
            self._matrices = tuple(np.ascontiguousarray(np.moveaxis(U[j], j, -1).reshape(-1, self.shape[j]))
                                   for j in range(n))
        weights = None
        for j in range(n):
            if j == k:
                continue
            x = flat[:, self.slices[j]]
            weights = x if weights is None else (weights[:, :, None] * x[:, None, :]).reshape(flat.shape[0], -1)
        return weights @ self._matrices[k]

    def _as_states(self, x0: Any) -> np.ndarray:
        x = np.asarray(x0, dtype=float)
        if x.ndim == 1:
            x = x[None, :]
        if x.ndim != 2:
            raise DomainError(f"initial states must be an array (n_trajectories, dim); got shape {np.shape(x0)}")
        if x.shape[1] == self.n_populations and all(m == 2 for m in self.shape) and self.dim != x.shape[1]:
            # one number per population: the share of its first strategy
            full = np.empty((x.shape[0], self.dim))
            full[:, 0::2] = x
            full[:, 1::2] = 1 - x
            x = full
        if x.shape[1] != self.dim:
            raise DomainError(
                f"initial states need {self.dim} shares per trajectory (populations of sizes {self.shape})"
                + (f" or {self.n_populations} first-strategy shares" if all(m == 2 for m in self.shape) else "")
                + f"; got {x.shape[1]}")
        if not np.all(np.isfinite(x)):
            raise DomainError("initial states must be finite")
        if np.any(x < -1e-12) or np.any(x > 1 + 1e-12):
            raise DomainError("shares must lie in [0, 1]: initial states outside the simplex")
        for k, sl in enumerate(self.slices):
            if not np.allclose(x[:, sl].sum(axis=1), 1.0, atol=1e-9):
                raise DomainError(f"shares of population {k} must sum to 1: initial states outside the simplex")
        return np.clip(x, 0.0, 1.0)

    def simulate(self, x0: Any, t: Any, *, max_step: float | None = None, method: str = "rk4",
                 rtol: float = 1e-8, atol: float = 1e-10) -> Trajectories:
        r"""Integrate many trajectories at once, vectorised across trajectories.

        Parameters
        ----------
        x0 : array_like, shape (dim,) or (n_trajectories, dim)
            Initial shares, populations concatenated in player order; for games where every
            population has two strategies also (n_trajectories, n_populations) giving each
            population's share of its *first* strategy.
        t : array_like or float
            Increasing output times starting at 0 (or a horizon T: 201 equally spaced times).
        max_step : float, optional
            ``method="rk4"``: the integration step (default 0.01; each output interval is split
            into equal steps no longer than this; global error O(step⁴)). ``method="dop853"``: the
            largest step (default: unbounded).
        method : {"rk4", "dop853"}
            ``"rk4"``: classical fixed-step Runge–Kutta. ``"dop853"``: the adaptive 8th-order
            Dormand–Prince pair (Hairer, Nørsett & Wanner 1993; scipy's coefficients) with one
            step for the whole batch, chosen so that the error estimate of *every* trajectory
            (RMS over its coordinates, scaled by ``atol + rtol·|x|``) stays below one.
        rtol, atol : float
            Tolerances of ``"dop853"``.

        Returns
        -------
        Trajectories

        Notes
        -----
        The field is evaluated on a strategy-major layout (one row per coordinate, one column per
        trajectory): when every population has two strategies, in reduced coordinates
        :math:`p_k` (share of the first strategy), :math:`\dot p_k = p_k(1 - p_k)\Delta_k(p_{-k})`
        with :math:`\Delta_k` the multilinear payoff advantage; with one population,
        :math:`\dot x = x \circ (Ax - x^\top A x)`; otherwise the general contraction.
        """
        states = self._as_states(x0)
        times = np.linspace(0.0, float(t), 201) if np.ndim(t) == 0 else np.asarray(t, dtype=float)
        if times.ndim != 1 or times.size < 2 or np.any(np.diff(times) <= 0) or not np.all(np.isfinite(times)):
            raise DomainError("t must be a positive horizon or an increasing array of at least two finite times")
        if max_step is None:
            max_step = 0.01 if method == "rk4" else np.inf
        if isinstance(max_step, bool) or not isinstance(max_step, (int, float, np.floating)) or not max_step > 0 \
                or (method == "rk4" and not np.isfinite(max_step)):
            raise DomainError("max_step must be > 0 (and finite for rk4)")
        if method not in ("rk4", "dop853"):
            raise DomainError(f"method must be 'rk4' or 'dop853', got {method!r}")
        for name, tol in (("rtol", rtol), ("atol", atol)):
            if isinstance(tol, bool) or not isinstance(tol, (int, float, np.floating)) or not 1e-15 <= tol < 1:
                raise DomainError(f"{name} must be a number in [1e-15, 1), got {tol!r}")
        self._numeric_payoffs()
        f, to_layout, from_layout = self._kernel()
        y = to_layout(states)
        out = np.empty((times.size,) + states.shape)
        out[0] = states
        if method == "rk4":
            used = 0.0
            for i in range(1, times.size):
                span = times[i] - times[i - 1]
                steps = max(1, int(np.ceil(span / max_step - 1e-12)))
                h = span / steps
                used = max(used, h)
                for _ in range(steps):
                    k1 = f(y)
                    k2 = f(y + (0.5 * h) * k1)
                    k3 = f(y + (0.5 * h) * k2)
                    k4 = f(y + h * k3)
                    y = y + (h / 6.0) * (k1 + 2.0 * (k2 + k3) + k4)
                out[i] = x = self._renormalised(from_layout(y))
                y = to_layout(x)
            return Trajectories(t=times, states=out, slices=self.slices, step=float(used))
        y, steps = _dop853(f, y, times, float(max_step), float(rtol), float(atol), to_layout, from_layout,
                           self._renormalised, out)
        return Trajectories(t=times, states=out, slices=self.slices,
                            method=f"dop853 (adaptive, vectorised, rtol {rtol:g}, atol {atol:g}, {steps} steps)",
                            step=float(times[-1] - times[0]) / max(steps, 1))

    def _renormalised(self, x: np.ndarray) -> np.ndarray:
        np.clip(x, 0.0, 1.0, out=x)
        return normalise_populations(x, self.slices)

    def _kernel(self):
        """(field, to_layout, from_layout) on the strategy-major layout (rows coordinates)."""
        if getattr(self, "_kernel_cache", None) is None:
            self._kernel_cache = self._make_kernel()
        return self._kernel_cache

    def _make_kernel(self):
        U = self._numeric_payoffs()
        n = self.n_populations
        if self.symmetric:
            A = np.ascontiguousarray(U[0])

            # reduced coordinates p = (x_1 … x_{m-1}), x_m = 1 − Σp (an exact invariant then):
            # u = Ad p + a_m with Ad[i, j] = A[i, j] − A[i, m], a_m = A[:, m];
            # ū = Σ_{i<m} p_i (u_i − u_m) + u_m; ṗ_i = p_i (u_i − ū)
            m = A.shape[0]
            Ad = np.ascontiguousarray(A[:, :-1] - A[:, -1:])
            am = np.ascontiguousarray(A[:, -1:])

            def field(P):
                u = Ad @ P
                u += am
                last = u[-1]
                head = u[:-1]
                head -= last                                    # u_i − u_m
                mean = np.einsum("ij,ij->j", P, head)           # ū − u_m
                head -= mean                                    # u_i − ū
                head *= P
                return head

            def from_layout(P):
                x = np.empty((P.shape[1], m))
                x[:, :-1] = P.T
                x[:, -1] = 1.0 - P.sum(axis=0)
                return x
            return field, lambda x: np.ascontiguousarray(x[:, :-1].T), from_layout
        if all(m == 2 for m in self.shape) and n in (2, 3):
            # Δ_k(p_{-k}) = u_k(0, ·) − u_k(1, ·): multilinear in the others' first-strategy shares
            D = [np.moveaxis(U[k], k, 0)[0] - np.moveaxis(U[k], k, 0)[1] for k in range(n)]
            if n == 2:
                c = [(d[1], d[0] - d[1]) for d in D]          # Δ = c0 + c1 q (q: the other's share)

                def field(P):
                    p, q = P[0], P[1]
                    out = np.empty_like(P)
                    out[0] = p * (1.0 - p) * (c[0][0] + c[0][1] * q)
                    out[1] = q * (1.0 - q) * (c[1][0] + c[1][1] * p)
                    return out
            else:
                # d[j, l] with j, l the other two populations' strategies (0 first): bilinear in (a, b)
                c = [(d[1, 1], d[0, 1] - d[1, 1], d[1, 0] - d[1, 1], d[0, 0] - d[0, 1] - d[1, 0] + d[1, 1])
                     for d in D]
                others = [(1, 2), (0, 2), (0, 1)]

                def field(P):
                    out = np.empty_like(P)
                    for k in range(3):
                        a, b = P[others[k][0]], P[others[k][1]]
                        c0, c1, c2, c3 = c[k]
                        out[k] = P[k] * (1.0 - P[k]) * (c0 + c1 * a + (c2 + c3 * a) * b)
                    return out
            first = [sl.start for sl in self.slices]

            def from_layout(P):
                x = np.empty((P.shape[1], self.dim))
                x[:, 0::2] = P.T
                x[:, 1::2] = 1.0 - P.T
                return x
            return field, lambda x: np.ascontiguousarray(x[:, first].T), from_layout

        def field(X):
            return np.ascontiguousarray(self._general_velocity(np.ascontiguousarray(X.T)).T)
        return field, lambda x: np.ascontiguousarray(x.T), lambda X: np.ascontiguousarray(X.T)

    def classify_trajectories(self, trajectories: Trajectories, *, tol: float = 1e-3) -> Result:
        """Label each trajectory ``"converged"``, ``"cycle"`` or ``"undetermined"`` (recurrence).

        Converged: the speed at the end is below ``tol`` and the last eighth of the run stayed
        within ``tol`` of the final state. Cycle: not converged, and in the second
        half of the run the trajectory returns within ``tol`` of its final state after having moved
        away by more than ``10·tol``; the period is the time since the closest approach of the
        last such return (resolution: the spacing of the output times).
        """
        t, X = trajectories.t, trajectories.states
        speed = np.linalg.norm(self._velocity(np.asarray(X[-1], dtype=float)), axis=1)
        tail = X[t >= t[-1] / 2]
        tt = t[t >= t[-1] / 2]
        d = np.linalg.norm(tail - X[-1][None], axis=2)          # (T_tail, K)
        far = np.maximum.accumulate(d[::-1] > 10 * tol, axis=0)[::-1]  # moved away at or after t
        near = (d < tol) & far
        near[-1] = False
        has_return = near.any(axis=0)
        idx = np.where(has_return, near.shape[0] - 1 - np.argmax(near[::-1], axis=0), 0)
        cols = np.arange(d.shape[1])
        # walk back from the latest return to the closest approach (a local minimum of d)
        for _ in range(d.shape[0]):
            step = (idx > 0) & (d[np.maximum(idx - 1, 0), cols] < d[idx, cols]) & has_return
            if not step.any():
                break
            idx = idx - step
        period = np.where(has_return, tt[-1] - tt[idx], np.nan)
        settled = np.max(d[-max(2, d.shape[0] // 4):], axis=0) < tol     # still over the last eighth
        labels = np.where(settled & (speed < tol), "converged",
                          np.where(has_return, "cycle", "undetermined"))
        return _Recurrence(labels=labels, period=np.where(labels == "cycle", period, np.nan), speed=speed)


@dataclass(frozen=True, repr=False)
class _Recurrence(Result):
    labels: np.ndarray
    period: np.ndarray
    speed: np.ndarray


# ---------------------------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------------------------
def _dop853(f, y, times, max_step, rtol, atol, to_layout, from_layout, renormalise, out):
    """Adaptive DOP853 with one step for the batch (columns of ``y``); the error norm of each
    trajectory is scipy's (RMS over its coordinates, combining the 5th- and 3rd-order
    estimates) and the batch's is their maximum. Output times inside a step are filled by the
    method's 7th-order dense output (three extra stages, as in Hairer, Nørsett & Wanner 1993 and
    scipy), so outputs do not shorten the steps; outputs are put back on the simplex.
    Returns (y, accepted steps)."""
    from scipy.integrate._ivp import dop853_coefficients as dc

    n_st = dc.N_STAGES
    A, B, C, E3, E5 = dc.A[:n_st, :n_st], dc.B, dc.C[:n_st], dc.E3, dc.E5
    A_x, C_x, D = dc.A[n_st + 1:], dc.C[n_st + 1:], dc.D
    d, shape = y.shape[0], y.shape
    # flat stage vectors: the stage combinations are then matrix-vector products (BLAS)
    f2 = f
    f = lambda v: f2(v.reshape(shape)).reshape(-1)  # noqa: E731
    y = y.reshape(-1)
    K = np.empty((dc.N_STAGES_EXTENDED, y.size))
    buf, buf2 = np.empty(y.size), np.empty(y.size)
    fy = f(y)
    t, t_end = float(times[0]), float(times[-1])
    scale = atol + rtol * np.abs(y)         # then reused as a buffer
    h = min(_initial_step(f, y, fy, scale, t_end - t), max_step)
    steps, tries, nxt = 0, 0, 1
    while nxt < times.size:
        tries += 1
        if tries > 10 ** 6:
            raise DomainError("dop853: too many steps (the tolerances are too tight for the horizon)")
        h_try = min(h, t_end - t)
        K[0] = fy
        for s_ in range(1, n_st):          # preallocated buffers: no large temporaries per stage
            np.dot(A[s_, :s_], K[:s_], out=buf)
            buf *= h_try
            buf += y
            K[s_] = f(buf)
        y_new = np.dot(B, K[:n_st])
        y_new *= h_try
        y_new += y
        f_new = f(y_new)
        K[n_st] = f_new
        np.abs(y, out=scale)
        np.abs(y_new, out=buf)
        np.maximum(scale, buf, out=scale)
        scale *= rtol
        scale += atol
        np.dot(E5, K[:n_st + 1], out=buf)
        buf /= scale
        buf *= buf
        np.dot(E3, K[:n_st + 1], out=buf2)
        buf2 /= scale
        buf2 *= buf2
        e5, e3 = buf.reshape(shape).sum(axis=0), buf2.reshape(shape).sum(axis=0)
        denom = np.where(e5 + e3 > 0, e5 + 0.01 * e3, 1.0)
        err = float(np.max(h_try * e5 / np.sqrt(denom * d)))
        if err >= 1.0:
            h = h_try * max(0.2, 0.9 * err ** (-1 / 8))
            continue
        t_new = t_end if h_try == t_end - t else t + h_try
        if nxt < times.size and times[nxt] <= t_new:
            # dense output on [t, t_new]
            for s_, (a, c) in enumerate(zip(A_x, C_x), start=n_st + 1):
                np.dot(a[:s_], K[:s_], out=buf)
                buf *= h_try
                buf += y
                K[s_] = f(buf)
            dy = y_new - y
            F = [dy, h_try * fy - dy, 2 * dy - h_try * (f_new + fy)] + list(h_try * (D @ K))
            while nxt < times.size and times[nxt] <= t_new:
                if times[nxt] == t_new:
                    z = y_new.copy()
                else:
                    x = (times[nxt] - t) / h_try
                    z = np.zeros_like(y)
                    for i, term in enumerate(reversed(F)):
                        z += term
                        z *= x if i % 2 == 0 else 1 - x
                    z += y
                out[nxt] = renormalise(from_layout(z.reshape(shape)))
                nxt += 1
        t, y, fy = t_new, y_new, f_new
        steps += 1
        h = min(max_step, h_try * (10.0 if err == 0 else min(10.0, 0.9 * err ** (-1 / 8))))
    return y.reshape(shape), steps


@rejects_text
def normalise_populations(x: np.ndarray, slices: Sequence[slice]) -> np.ndarray:
    """Divide each population's shares (columns ``sl`` of the rows of ``x``) by their sum, in place.

    The same numbers as ``x[:, sl] /= x[:, sl].sum(axis=1, keepdims=True)``. For fewer than 8
    strategies numpy sums a row's entries one after another, as the column additions below do,
    and the divisions are the same; column by column is then 2.5 to 5 times faster on a batch
    of trajectories (a reduction over a short, strided axis and a broadcast division over a
    strided block are numpy's slowest cases), and the integrators call it at every output time.
    From 8 strategies on numpy sums in eight interleaved partial sums, so such populations keep
    numpy's own expression. ``slices`` are the populations' column ranges (start and stop
    given, step 1), as :attr:`Replicator.slices`.
    """
    if not (isinstance(x, np.ndarray) and x.ndim == 2 and x.dtype.kind == "f"):
        raise DomainError("normalise_populations: x must be a 2-d float array (rows: states)")
    for sl in slices:
        if not (isinstance(sl, slice) and isinstance(sl.start, int) and isinstance(sl.stop, int)
                and sl.step in (None, 1) and 0 <= sl.start < sl.stop <= x.shape[1]):
            raise DomainError(f"normalise_populations: each population must be a slice(start, stop) of x's "
                              f"{x.shape[1]} columns with start < stop, got {sl!r}")
        first, stop = sl.start, sl.stop
        if stop - first >= 8:
            x[:, sl] /= x[:, sl].sum(axis=1, keepdims=True)
            continue
        total = x[:, first].copy()
        for j in range(first + 1, stop):
            total += x[:, j]
        for j in range(first, stop):
            x[:, j] /= total
    return x


def _initial_step(f, y: np.ndarray, fy: np.ndarray, scale: np.ndarray, span: float) -> float:
    r"""The first step of an order-8 pair (error estimator of order 7), by Hairer, Nørsett & Wanner's rule.

    With :math:`d_0 = \|y_0\|`, :math:`d_1 = \|f(y_0)\|` (RMS norms weighted by ``scale``), a
    trial :math:`h_0 = 0.01\, d_0 / d_1` (or :math:`10^{-6}` when either is below
    :math:`10^{-5}`), one explicit Euler step to :math:`y_1 = y_0 + h_0 f(y_0)` and
    :math:`d_2 = \|f(y_1) - f(y_0)\| / h_0` (a second-derivative estimate), the step is
    :math:`\min(100 h_0,\ (0.01 / \max(d_1, d_2))^{1/8},\ \text{span})` (with :math:`h_0` at most
    the span, and :math:`\max(10^{-6}, 10^{-3} h_0)` in place of the middle term when
    :math:`d_1` and :math:`d_2` are both below :math:`10^{-15}`, at a rest point). It costs one field
    evaluation and saves the ramp from a tiny first step (Hairer, Nørsett & Wanner 1993, §II.4;
    scipy's ``select_initial_step``).
    """
    with np.errstate(over="ignore", invalid="ignore"):   # an overflow is reported below
        d0, d1 = np.sqrt(np.mean((y / scale) ** 2)), np.sqrt(np.mean((fy / scale) ** 2))
        h0 = 1e-6 if d0 < 1e-5 or d1 < 1e-5 else 0.01 * d0 / d1
        h0 = min(h0, span)
        d2 = np.sqrt(np.mean(((f(y + h0 * fy) - fy) / scale) ** 2)) / h0
    if d1 <= 1e-15 and d2 <= 1e-15:
        h1 = max(1e-6, h0 * 1e-3)
    else:
        h1 = (0.01 / max(d1, d2)) ** (1 / 8)
    h = float(min(100 * h0, h1, span))
    if not (h > 0 and np.isfinite(h)):   # the field's norm overflows (payoffs near 1e150)
        raise DomainError("dop853: the field overflows at the initial states; rescale the payoffs")
    return h


def _containing_set(point: RestPoint, sets: Sequence[RestSet]) -> RestSet | None:
    """The largest face of rest points whose supports contain the point's."""
    best = None
    for F in sets:
        if all(set(a) <= set(b) for a, b in zip(point.support, F.supports)):
            if best is None or F.dimension > best.dimension:
                best = F
    return best


def _eigenvalues(J: sp.Matrix) -> list[sp.Expr]:
    if J.shape == (0, 0):
        return []
    vals = []
    for value, mult in J.eigenvals().items():
        vals.extend([sp.simplify(value)] * mult)
    return sorted(vals, key=sp.default_sort_key)


def _classify(eigen: Sequence[sp.Expr], two_by_two_interior: bool) -> tuple[str, dict]:
    """Classification of a rest point from its eigenvalues; regions for symbolic ones."""
    if not eigen:
        return STABLE, {STABLE: sp.true}
    re = [sp.simplify(sp.re(v)) for v in eigen]
    im = [sp.simplify(sp.im(v)) for v in eigen]
    all_neg = sp.And(*[r < 0 for r in re])
    some_pos = sp.Or(*[r > 0 for r in re])
    some_neg = sp.Or(*[r < 0 for r in re])
    all_zero = sp.And(*[sp.Eq(r, 0) for r in re])
    zero = sp.Or(*[sp.Eq(r, 0) for r in re])
    centre = sp.And(all_zero, *[sp.Ne(i, 0) for i in im]) if two_by_two_interior else sp.false
    # A positive real part means instability whatever the others are (Lyapunov); a zero real
    # part with none positive leaves the linearisation undecided.
    regions = {
        STABLE: all_neg,
        SADDLE: sp.And(some_pos, some_neg),
        UNSTABLE: sp.And(some_pos, sp.Not(some_neg)),
        CENTRE: centre,
        UNDETERMINED: sp.And(zero, sp.Not(some_pos), sp.Not(centre)),
    }
    regions = {k: sp.simplify(v) for k, v in regions.items()}
    decided = {k: _decide(v) for k, v in regions.items()}
    for name in (CENTRE, STABLE, UNSTABLE, SADDLE, UNDETERMINED):
        if decided[name] is True:
            return name, {name: sp.true}
    return "depends on parameters", {k: v for k, v in regions.items() if decided[k] is not False}
