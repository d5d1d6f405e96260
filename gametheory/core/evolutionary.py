r"""The evolutionary-game workbench: from a payoff table to a publishable stability analysis.

The applied literature on cluster policy (tripartite games of government × leading firms ×
lagging firms) follows one workflow: a payoff table with symbolic parameters → replicator
equations → Jacobian → the eigenvalues at every pure vertex with their sign conditions
(Lyapunov's first method) → which vertex is stable under which parameters → simulations.
:class:`EvolutionaryGame` does that workflow, with the theory stated correctly:

* **Vertex eigenvalues.** At a pure vertex :math:`s` the Jacobian of the replicator dynamics (in
  reduced coordinates) has the eigenvalues :math:`u_k(t, s_{-k}) - u_k(s)`, one per population
  :math:`k` and alternative strategy :math:`t \ne s_k` — the gain of a mutant :math:`t`
  (Hofbauer & Sigmund 1998). One population playing a symmetric game :math:`A` against itself:
  :math:`A_{ts} - A_{ss}`.
* **ESS.** In multi-population (asymmetric) games an evolutionarily stable strategy is a strict
  Nash equilibrium, hence a pure vertex (Selten 1980), and the asymptotically stable vertices are
  exactly these (Ritzberger & Weibull 1995): all eigenvalues negative. With one population a
  vertex :math:`s` is an ESS iff for every :math:`t`, :math:`A_{ss} > A_{ts}`, or
  :math:`A_{ss} = A_{ts}` and :math:`A_{st} > A_{tt}` (Maynard Smith & Price 1973); an ESS is
  asymptotically stable (Taylor & Jonker 1978) even where an eigenvalue is zero.
* **Zero eigenvalues.** Linearisation then decides nothing: such a point is reported
  *non-hyperbolic*, never "stable". In multi-population games a zero eigenvalue at a vertex means
  more: the mutant earns exactly what the incumbent earns while the other populations stay pure,
  so the whole **edge toward the mutant is a continuum of rest points**. Such a point cannot be
  asymptotically stable, but it can be Lyapunov stable inside an attracting continuum.
* **Evolutionarily stable sets** (:meth:`EvolutionaryGame.stable_sets`). A face
  :math:`F = \prod_k \Delta(S_k)` on which every strategy of each support earns the same payoff
  against every vertex of the face consists of rest points; if moreover every strategy outside
  the supports earns strictly less at every vertex of the face (payoffs are multilinear, so then
  everywhere on :math:`F`), :math:`V(x) = \sum_k \sum_{t \notin S_k} x_{k,t}` satisfies
  :math:`\dot V \le -\delta V` near :math:`F`: the face attracts exponentially, every point of it
  is Lyapunov stable (the drift along :math:`F` is :math:`O(V)`), none asymptotically stable.
  This is the set-valued counterpart of a strict equilibrium (Thomas 1985; Balkenborg &
  Schlag 2007).
* **Other dynamics** (Sandholm 2010): Brown–von Neumann–Nash, Smith, logit and best response
  (:meth:`EvolutionaryGame.velocity`, :meth:`~EvolutionaryGame.simulate` with ``dynamics=``). The
  rest points of BNN, Smith and best response are exactly the Nash equilibria
  (:meth:`~EvolutionaryGame.nash_rest_points`); those of the logit dynamics are the logit
  equilibria (:meth:`~EvolutionaryGame.logit_equilibria`), which approach Nash equilibria as the
  noise vanishes.
* **Interior rest points** of bimatrix (two-population) replicator dynamics are never
  asymptotically stable (saddles or centres). With one population the interior point
  :math:`x^*` is decided by the quadratic form :math:`Q(y) = y^\top A y` on
  :math:`\{y : \sum y = 0\}`: :math:`V = \sum x^*_i \log x_i` has :math:`\dot V = -Q(x - x^*)`,
  so :math:`Q < 0` — ESS, asymptotically stable; :math:`Q \equiv 0` — a constant of motion,
  closed orbits around a **centre** (rock–paper–scissors with zero sum); :math:`Q > 0` — a
  repeller.

References
----------
.. [1] Maynard Smith, J. & Price, G. R. (1973). The logic of animal conflict. Nature 246, 15-18.
.. [2] Taylor, P. D. & Jonker, L. B. (1978). Evolutionarily stable strategies and game dynamics. Math. Biosci. 40, 145-156.
.. [3] Selten, R. (1980). A note on evolutionarily stable strategies in asymmetric animal conflicts. J. Theor. Biol. 84, 93-101.
.. [4] Thomas, B. (1985). On evolutionarily stable sets. J. Math. Biol. 22, 105-115.
.. [5] Ritzberger, K. & Weibull, J. (1995). Evolutionary selection in normal-form games. Econometrica 63, 1371-1399.
.. [6] Hofbauer, J. & Sigmund, K. (1998). Evolutionary Games and Population Dynamics. Cambridge UP.
.. [7] Balkenborg, D. & Schlag, K. (2007). On the evolutionary selection of sets of Nash equilibria. JET 133, 295-315.
.. [8] Sandholm, W. H. (2010). Population Games and Evolutionary Dynamics. MIT Press.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any, Sequence

import numpy as np
import sympy as sp

from gametheory.core._prover import Prover
from gametheory.core._validate import DomainError, to_expr
from gametheory.core.conditions import decide
from gametheory.core.params import rejects_text
from gametheory.core.plotting import PLOT_CHOICES, PLOT_TEXT
from gametheory.core.replicator import Replicator, Stability, Trajectories, normalise_populations
from gametheory.core.results import Result, latex_value

__all__ = ["EvolutionaryGame", "Sensitivity", "sensitivity_analysis", "VertexStability", "StabilityTable", "StableSet"]

ESS = "ESS (asymptotically stable)"
SADDLE = "saddle"
SOURCE = "unstable (source)"
UNSTABLE = "unstable"
NONHYPERBOLIC = "non-hyperbolic (linearisation undecided)"
DEPENDS = "depends on parameters"
MAX_PROFILES = 4096
DYNAMICS = ("replicator", "bnn", "smith", "logit", "best_response")


# ---------------------------------------------------------------------------------------------
# results
# ---------------------------------------------------------------------------------------------
@rejects_text(init=False)
@dataclass(frozen=True, repr=False)
class VertexStability(Result):
    """One row of the stability table: a pure vertex, its eigenvalues and sign conditions.

    Attributes
    ----------
    profile : tuple of int
        The pure strategy of each population.
    labels : tuple of str
        Their names.
    eigenvalues : tuple
        :math:`u_k(t, s_{-k}) - u_k(s)`, one per population and alternative strategy, in the order
        of :attr:`mutants`.
    mutants : tuple of str
        ``"population: s → t"`` for each eigenvalue (whose gain it is).
    classification : str
        ``"ESS (asymptotically stable)"``, ``"saddle"``, ``"unstable (source)"``, ``"unstable"``
        (a positive and a zero eigenvalue), ``"non-hyperbolic (linearisation undecided)"`` or
        ``"depends on parameters"``.
    ess : bool or sympy.Boolean
        Where the vertex is an ESS: the minimal set of sign conditions (implied ones removed by
        the prover).
    unstable : bool or sympy.Boolean
        Where some eigenvalue is positive (unstable by Lyapunov's first method).
    continuum : tuple of str
        Mutants with a zero eigenvalue (numeric games): in multi-population games the edge toward
        each is a continuum of rest points.
    note : str
        What the classification means (e.g. why a zero eigenvalue decides nothing).
    """

    profile: tuple
    labels: tuple
    eigenvalues: tuple
    mutants: tuple
    classification: str
    ess: Any
    unstable: Any
    continuum: tuple = ()
    note: str = ""


@rejects_text(init=False)
@dataclass(frozen=True, repr=False)
class StableSet(Result):
    """An evolutionarily stable set: a face of rest points that attracts its neighbourhood.

    Every point is Lyapunov stable, none asymptotically stable; the set is asymptotically stable.
    ``supports`` gives each population's strategies on the face, ``labels`` their names,
    ``conditions`` where in the parameters the face consists of rest points and attracts
    (``True`` for numeric games).
    """

    supports: tuple
    labels: tuple
    vertices: tuple
    conditions: Any = True
    note: str = ("a face of rest points: every point Lyapunov stable, none asymptotically stable; "
                 "the set attracts nearby states")


@rejects_text(choices=("preset",) + PLOT_CHOICES, text=PLOT_TEXT, init=False)
@dataclass(frozen=True, repr=False)
class StabilityTable(Result):
    """The stability table of every pure vertex (rows: :class:`VertexStability`).

    ``to_frame()`` gives one row per vertex (eigenvalue columns per population, in the order of
    each row's ``mutants``); :meth:`to_markdown` and :meth:`to_latex` (booktabs)
    the table for a paper.
    """

    rows: tuple
    populations: tuple
    shape: tuple
    assumptions: Any = sp.true

    def _rows(self, exact: bool = False) -> list[dict[str, Any]]:
        from gametheory.core.export import scalar

        out = []
        for r in self.rows:
            row: dict[str, Any] = {p: lab for p, lab in zip(self.populations, r.labels)}
            j = 0
            for k, (p, m) in enumerate(zip(self.populations, self.shape)):
                for i in range(m - 1):
                    name = f"eigenvalue[{p}]" if m == 2 else f"eigenvalue[{p} {i + 1}]"
                    row[name] = scalar(r.eigenvalues[j], exact)
                    j += 1
            row["mutants"] = "; ".join(r.mutants)
            row["classification"] = r.classification
            row["ess"] = scalar(r.ess, exact)
            row["continuum"] = "; ".join(r.continuum)
            out.append(row)
        return out

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self):
        return iter(self.rows)

    def __getitem__(self, i: int) -> VertexStability:
        return self.rows[i]

    def ess(self) -> dict[tuple[str, ...], Any]:
        """Vertex labels → the condition under which it is an ESS (rows where it can be)."""
        return {r.labels: r.ess for r in self.rows if r.ess is not False}

    def to_markdown(self) -> str:
        """The table in Markdown, math in ``$…$`` (LaTeX by sympy)."""
        lines = ["| vertex | eigenvalues | ESS iff | classification |", "|---|---|---|---|"]
        for r in self.rows:
            eig = ", ".join(f"${latex_value(v)}$" for v in r.eigenvalues)
            cond = _cond_text(r.ess)
            lines.append(f"| ({', '.join(r.labels)}) | {eig} | {cond} | {r.classification} |")
        return "\n".join(lines)

    def to_latex(self) -> str:
        """The table as a LaTeX ``tabular`` with booktabs rules."""
        body = []
        for r in self.rows:
            eig = ", ".join(f"${latex_value(v)}$" for v in r.eigenvalues)
            lab = ", ".join(_tex_text(x) for x in r.labels)
            body.append(f"({lab}) & {eig} & {_cond_text(r.ess)} & {_tex_text(r.classification)} \\\\")
        return "\n".join([r"\begin{tabular}{llll}", r"\toprule",
                          r"vertex & eigenvalues & ESS iff & classification \\", r"\midrule", *body,
                          r"\bottomrule", r"\end{tabular}"])


def _tex_text(text: str) -> str:
    return text.replace("\\", r"\textbackslash{}").replace("&", r"\&").replace("%", r"\%").replace(
        "_", r"\_").replace("#", r"\#").replace("→", r"$\to$")


def _cond_text(cond: Any) -> str:
    if cond is True or cond is sp.true:
        return "always"
    if cond is False or cond is sp.false:
        return "never"
    return f"${latex_value(cond)}$"


@rejects_text(choices=("preset",) + PLOT_CHOICES, text=PLOT_TEXT, init=False)
@dataclass(frozen=True, repr=False)
class Sensitivity(Result):
    """Paths for several values of each parameter, the others at the baseline
    (:meth:`EvolutionaryGame.sensitivity`): ``paths[name]`` is an array (values, times, dim)."""

    parameters: tuple
    values: dict
    baseline: dict
    t: np.ndarray
    paths: dict
    slices: tuple
    populations: tuple
    strategies: tuple = ()

    def plot(self, fig: Any = None, *, population: int = 0, strategy: int = 0, preset: str = "paper") -> Any:
        """The sensitivity figure of the applied literature: one panel per parameter, the share of
        ``population``'s ``strategy`` over time for each value. Returns the matplotlib Figure."""
        from gametheory.core import plotting

        if not isinstance(population, (int, np.integer)) or not 0 <= population < len(self.slices):
            raise DomainError(f"population must be in 0..{len(self.slices) - 1}, got {population!r}")
        sl = self.slices[population]
        if not isinstance(strategy, (int, np.integer)) or not 0 <= strategy < sl.stop - sl.start:
            raise DomainError(f"strategy must be in 0..{sl.stop - sl.start - 1}, got {strategy!r}")
        with plotting._drawing(preset):
            if fig is None:
                from matplotlib.figure import Figure

                fig = Figure(figsize=(3.0 * len(self.parameters), 3.0))
            axes = fig.subplots(1, len(self.parameters), sharey=True, squeeze=False)[0]
            for ax, name in zip(axes, self.parameters):
                vals = self.values[name]
                from matplotlib import colormaps

                cmap = colormaps["viridis"]
                for i, v in enumerate(vals):
                    ax.plot(self.t, self.paths[name][i, :, sl.start + strategy],
                            color=cmap(0.85 * i / max(1, len(vals) - 1)), label=f"{name} = {v:g}")
                ax.set_xlabel("time")
                ax.set_title(f"varying {name}", fontsize="small")
                ax.set_ylim(-0.02, 1.02)
                ax.legend(fontsize=8)
            axes[0].set_ylabel(f"{self.populations[population]}: share playing {self.strategies[population][strategy]}")
            fig.tight_layout()
        return fig


# ---------------------------------------------------------------------------------------------
# minimal sign conditions
# ---------------------------------------------------------------------------------------------
def _fact(rel: sp.Basic) -> tuple[sp.Expr, bool]:
    """``lhs > rhs`` → (lhs − rhs, strict)."""
    op = rel.rel_op
    d = sp.expand(rel.lhs - rel.rhs) if op in (">", ">=") else sp.expand(rel.rhs - rel.lhs)
    return d, op in (">", "<")


def minimal_conditions(relations: Sequence[sp.Basic], assumptions: Any = None) -> Any:
    """The conjunction of ``relations`` with every relation implied by the others (and by the
    assumptions) removed by the prover; ``True``/``False`` when decided."""
    kept: list[sp.Basic] = []
    if assumptions is not None:
        decide(True, assumptions)   # DomainError now if the assumptions are False or not relations
    for rel in relations:
        if rel is sp.true or rel is True:
            continue
        if rel is sp.false or rel is False:
            return False
        d, strict = _fact(rel)
        dec = _decide(assumptions, d, strict)
        if dec is True:
            continue
        if dec is False:
            return False
        if rel not in kept:
            kept.append(rel)
    i = 0
    while i < len(kept):
        others = kept[:i] + kept[i + 1:]
        facts = [assumptions] if assumptions is not None else []
        d, strict = _fact(kept[i])
        try:
            implied = _decide(sp.And(*(facts + others)), d, strict) is True
        except DomainError:        # the others contradict the assumptions: the region is empty
            return False
        if implied:
            kept.pop(i)
        else:
            i += 1
    if not kept:
        return True
    return sp.And(*kept) if len(kept) > 1 else kept[0]


def _decide(assumptions: Any, d: sp.Expr, strict: bool) -> bool | None:
    """``d > 0`` (``strict``) or ``d >= 0`` decided by :func:`gametheory.core.conditions.decide`
    under ``assumptions``; None (relation kept: never wrong, at worst not minimal) if a back end
    fails on an exotic certificate (sympy's linsolve can choke on some nonlinear fact products).
    False assumptions raise :class:`DomainError`."""
    try:
        return decide(sp.Gt(d, 0) if strict else sp.Ge(d, 0), assumptions)
    except DomainError:
        raise
    except (AttributeError, TypeError, ValueError, ZeroDivisionError):
        return None


def _relation(d: sp.Expr, op: str) -> sp.Basic:
    """A readable relation ``d op 0`` (terms moved so both sides read positively)."""
    from gametheory.core._prover import _readable_relation

    if d.is_number:
        return sp.true if (d > 0 if op == ">" else d < 0) else sp.false
    g = d if op == ">" else -d
    try:
        return _readable_relation(g, True)
    except (AttributeError, TypeError, ValueError, ZeroDivisionError):
        # the prover's exact certificate check can fail on an equation sympy evaluates to True;
        # fall back to sides split by the sign of each term's coefficient (same relation)
        g = sp.expand(g)
        lhs = sp.Add(*[t for t in sp.Add.make_args(g) if t.as_coeff_Mul()[0] > 0])
        rhs = -sp.Add(*[t for t in sp.Add.make_args(g) if t.as_coeff_Mul()[0] < 0])
        return sp.Lt(rhs, lhs) if lhs.is_number and not rhs.is_number else sp.Gt(lhs, rhs)


# ---------------------------------------------------------------------------------------------
# the workbench
# ---------------------------------------------------------------------------------------------
@rejects_text(text=("populations", "strategies") + PLOT_TEXT, choices=("preset", "dynamics", "method") + PLOT_CHOICES)
class EvolutionaryGame:
    r"""Evolutionary dynamics of a payoff table: replicator equations, rest points, stability table.

    Parameters
    ----------
    payoffs : NormalFormGame, sequence of arrays, or square matrix
        Several populations: one payoff array per population, each of shape
        :math:`(s_1, \dots, s_n)` (entry ``[i, j, …]``: that population's payoff when population 1
        plays ``i``, population 2 plays ``j`` …). One population (``symmetric=True``): the square
        matrix :math:`A`, ``A[s, t]`` the payoff of ``s`` against ``t``. Numbers or sympy
        expressions in parameters.
    populations : sequence of str, optional
        Names of the populations (any language).
    strategies : sequence of sequence of str, optional
        Names of each population's strategies.
    symmetric : bool, default False
        One population playing ``payoffs`` against itself.
    assumptions : sympy.Boolean, optional
        Facts about the parameters (e.g. ``(f > 0) & (s < 4)``) used to simplify conditions.

    Examples
    --------
    A 2×2×2 game: population 1 gains 1 by playing 0, population 2 copies population 1 (gain 2),
    population 3 gets ``c`` from strategy 0 (``c`` a parameter). At the vertex (0, 0, 0) the
    eigenvalues are the mutants' gains :math:`-1, -2, -c`:

    >>> c = sp.Symbol("c")
    >>> U1 = np.zeros((2, 2, 2), dtype=object); U1[0] = 1
    >>> U2 = np.zeros((2, 2, 2), dtype=object); U2[0, 0] = 2; U2[1, 1] = 2
    >>> U3 = np.zeros((2, 2, 2), dtype=object); U3[:, :, 0] = c
    >>> g = EvolutionaryGame([U1, U2, U3])
    >>> row = g.vertex_table()[0]
    >>> row.labels, row.eigenvalues, row.ess
    (('s1', 's1', 's1'), (-1, -2, -c), c > 0)

    Hawk–Dove (one population; :math:`V = 2, C = 4`): no pure ESS, the mixed point is:

    >>> hd = EvolutionaryGame([[-1, 2], [0, 1]], symmetric=True, strategies=[["hawk", "dove"]])
    >>> [(r.labels, r.classification) for r in hd.vertex_table()]
    [(('hawk',), 'unstable (source)'), (('dove',), 'unstable (source)')]
    >>> [(s.rest_point.shares, s.classification) for s in hd.stability()]   # doctest: +NORMALIZE_WHITESPACE
    [(((1, 0),), 'unstable'), (((0, 1),), 'unstable'), (((1/2, 1/2),), 'asymptotically stable')]
    """

    def __init__(self, payoffs: Any, *, populations: Sequence[str] | None = None,
                 strategies: Sequence[Sequence[str]] | None = None, symmetric: bool = False,
                 assumptions: Any = None) -> None:
        if not isinstance(symmetric, (bool, np.bool_)):
            raise DomainError(f"symmetric must be True or False, got {symmetric!r}")
        self.symmetric = bool(symmetric)
        self.replicator = Replicator(payoffs, symmetric=self.symmetric)
        shape = self.replicator.shape
        if int(np.prod(shape)) > MAX_PROFILES:
            raise DomainError(f"{int(np.prod(shape))} pure profiles exceed the workbench's limit of {MAX_PROFILES}; "
                              "use Replicator directly for simulation")
        n = len(shape)
        if populations is None:
            populations = ("population",) if self.symmetric else tuple(f"population {k + 1}" for k in range(n))
        populations = tuple(str(p) for p in populations) if not isinstance(populations, str) else None
        if populations is None or len(populations) != n:
            raise DomainError(f"populations must name the {n} population(s)")
        if strategies is None:
            strategies = tuple(tuple(f"s{j + 1}" for j in range(m)) for m in shape)
        if isinstance(strategies, str) or len(strategies) != n or any(
                isinstance(row, str) or len(row) != m for row, m in zip(strategies, shape)):
            raise DomainError(f"strategies must name each population's strategies: sizes {shape}")
        self.populations = populations
        self.strategies = tuple(tuple(str(x) for x in row) for row in strategies)
        self.shape = shape
        self.assumptions = None if assumptions is None else to_expr(assumptions)
        if self.assumptions is not None and not isinstance(self.assumptions, sp.logic.boolalg.Boolean):
            raise DomainError(f"assumptions must be a sympy boolean (e.g. c > 0), got {assumptions!r}")
        self.parameters = self.replicator.parameters

    # -- the equations -------------------------------------------------------------------------
    def field(self) -> tuple[sp.Expr, ...]:
        r"""The replicator equations :math:`\dot x_{k,s}` in full coordinates (see :class:`Replicator`)."""
        return self.replicator.field()

    def jacobian(self) -> sp.Matrix:
        """The Jacobian in reduced coordinates (each population's last share eliminated)."""
        return self.replicator.jacobian()

    def payoff(self, k: int, s: int, vertex: Sequence[int]) -> sp.Expr:
        """Payoff of population ``k``'s strategy ``s`` when the others play the pure ``vertex``."""
        U = self.replicator.payoffs
        if self.symmetric:
            return U[0][s, vertex[0]]
        profile = tuple(vertex[:k]) + (s,) + tuple(vertex[k + 1:])
        return U[k][profile]

    def vertices(self) -> list[tuple[int, ...]]:
        return list(itertools.product(*[range(m) for m in self.shape]))

    # -- rest points and stability -------------------------------------------------------------
    def rest_points(self, *, vertices_only: bool = False):
        """All rest points, face by face, continua flagged (:meth:`Replicator.rest_points`)."""
        return self.replicator.rest_points(vertices_only=vertices_only)

    def stability(self, *, vertices_only: bool = False) -> tuple[Stability, ...]:
        """Eigenvalues and classification of every rest point (:meth:`Replicator.stability`); with
        one population, interior points with a zero real part are decided by the constant-of-motion
        argument (module docstring): ``"centre"``, ``"asymptotically stable"`` (an interior ESS)
        or ``"unstable"``."""
        table = self.replicator.stability(vertices_only=vertices_only)
        if not self.symmetric:
            return table
        out = []
        for st in table:
            if st.rest_point.kind == "interior" and st.classification.startswith("non-hyperbolic") \
                    and not self.parameters:
                verdict = self._interior_form()
                if verdict is not None:
                    st = Stability(st.rest_point, st.eigenvalues, verdict, {verdict: sp.true}, st.strict_nash)
            out.append(st)
        return tuple(out)

    def _interior_form(self) -> str | None:
        """Sign of Q(y) = yᵀAy on the tangent space {Σy = 0} (one population, numeric A)."""
        A = sp.Matrix(self.replicator.payoffs[0].tolist())
        m = A.shape[0]
        B = sp.zeros(m, m - 1)                       # basis e_i − e_m of the tangent space
        for i in range(m - 1):
            B[i, i], B[m - 1, i] = 1, -1
        Q = B.T * (A + A.T) / 2 * B
        if Q.is_zero_matrix:      # V is a constant of motion with a strict maximum at x*
            return "centre" if m == 3 else "Lyapunov stable (constant of motion), not asymptotically stable"
        eig = [sp.nsimplify(v) if v.is_number else v for v in Q.eigenvals(multiple=True)]
        if all(sp.re(v) < 0 for v in eig):
            return "asymptotically stable"
        if all(sp.re(v) > 0 for v in eig):
            return "unstable"
        return None

    def vertex_table(self, *, assumptions: Any = None) -> StabilityTable:
        """The stability table of every pure vertex: eigenvalues and minimal sign conditions.

        ``assumptions`` (a sympy boolean) adds to the game's own; conditions implied by them or
        by the other conditions are removed.
        """
        facts = self._facts(assumptions)
        rows = []
        for v in self.vertices():
            eig, mutants = [], []
            for k in range(len(self.shape)):
                base = self.payoff(k, v[k], v)
                for t in range(self.shape[k]):
                    if t != v[k]:
                        eig.append(sp.simplify(self.payoff(k, t, v) - base))
                        mutants.append(f"{self.populations[k]}: {self.strategies[k][v[k]]} → {self.strategies[k][t]}")
            rows.append(self._row(v, eig, mutants, facts))
        return StabilityTable(rows=tuple(rows), populations=self.populations, shape=self.shape,
                              assumptions=sp.true if facts is None else facts)

    def _facts(self, assumptions: Any) -> Any:
        extra = None if assumptions is None else to_expr(assumptions)
        parts = [a for a in (self.assumptions, extra) if a is not None]
        return sp.And(*parts) if parts else None

    def _row(self, v: tuple[int, ...], eig: list, mutants: list, facts: Any) -> VertexStability:
        labels = tuple(self.strategies[k][v[k]] for k in range(len(v)))
        prover = Prover(facts)
        signs: list[int | None] = []
        for e in eig:
            if e.is_number:
                signs.append(int(sp.sign(e)))
            else:
                try:
                    sg = prover.sign(e)
                except (AttributeError, TypeError, ValueError, ZeroDivisionError):
                    sg = None
                signs.append(None if sg is None else {"pos": 1, "neg": -1, "zero": 0}.get(sg))
        neg = [_relation(e, "<") for e in eig]
        ess = minimal_conditions(neg, facts)
        pos = [_decide(facts, e, True) for e in eig]
        if any(p is True for p in pos):
            unstable: Any = True
        elif all(p is False for p in pos):
            unstable = False
        else:
            unstable = sp.Or(*[_relation(e, ">") for e, p in zip(eig, pos) if p is None])
        zero = tuple(m for m, s in zip(mutants, signs) if s == 0)
        note = ""
        if any(s == 1 for s in signs):          # one positive eigenvalue: unstable (Lyapunov)
            classification = (SADDLE if any(s == -1 for s in signs) else
                              SOURCE if all(s == 1 for s in signs) else UNSTABLE)
        elif None in signs:
            classification = DEPENDS
        elif all(s == -1 for s in signs):         # signs are -1, 0, 1 here (None and 1 handled above)
            classification = ESS
        else:
            classification = NONHYPERBOLIC
            note = "a zero eigenvalue: linearisation decides nothing"
        if self.symmetric and classification in (NONHYPERBOLIC, DEPENDS):
            ess = self._second_order_ess(v[0], facts, ess)
            if ess is True:
                classification = ESS
                note = ("a zero eigenvalue, but the vertex is an ESS by Maynard Smith's second condition, "
                        "hence asymptotically stable (Taylor & Jonker 1978)")
        if zero and not self.symmetric:
            note += ("; the edge toward " + ", ".join(zero) + " is a continuum of rest points "
                     "(not asymptotically stable; see stable_sets())")
        return VertexStability(profile=v, labels=labels, eigenvalues=tuple(eig), mutants=tuple(mutants),
                               classification=classification, ess=ess, unstable=unstable, continuum=zero,
                               note=note.lstrip("; "))

    def _second_order_ess(self, s: int, facts: Any, first_order: Any) -> Any:
        """Pure ESS of a symmetric game (numeric): A_ss > A_ts, or = and A_st > A_tt, for all t."""
        if self.parameters:
            return first_order
        A = self.replicator.payoffs[0]
        for t in range(self.shape[0]):
            if t == s:
                continue
            if A[s, s] > A[t, s] or (A[s, s] == A[t, s] and A[s, t] > A[t, t]):
                continue
            return False
        return True

    def ess(self, *, assumptions: Any = None) -> dict[tuple[str, ...], Any]:
        """Pure ESS (labels) → the minimal condition on the parameters (``True`` when numeric).

        In multi-population games these are all the ESS (Selten 1980): strict Nash equilibria."""
        return self.vertex_table(assumptions=assumptions).ess()

    def stable_sets(self, *, assumptions: Any = None) -> tuple[StableSet, ...]:
        """Evolutionarily stable sets: faces of rest points that attract nearby states (module
        docstring), maximal ones only.

        Numeric payoffs: the faces that attract. Symbolic payoffs: every face that can, with
        ``conditions`` — the equalities under which the face consists of rest points and the
        minimal strict inequalities (implied ones removed by the prover, given ``assumptions`` and
        the game's own) under which every strategy off the face earns less at each of its corners.
        A point of such a set is Lyapunov stable, never asymptotically stable.
        """
        facts = self._facts(assumptions)
        out = []
        for F in self.replicator.rest_sets():
            if F.exists is False or F.attracting is False:
                continue
            if F.exists is True and F.attracting is True:
                cond: Any = True
            else:
                rels = list(sp.And(F.attracting).args) if isinstance(F.attracting, sp.And) else \
                    ([] if F.attracting is True else [F.attracting])
                ineq = minimal_conditions([_relation(sp.expand(r.lhs - r.rhs), "<") for r in rels], facts)
                if ineq is False:
                    continue
                parts = [c for c in (F.exists, ineq) if c is not True]
                cond = sp.And(*parts) if len(parts) > 1 else parts[0]
            out.append(StableSet(supports=F.supports,
                                 labels=tuple(tuple(self.strategies[k][s] for s in S) for k, S in enumerate(F.supports)),
                                 vertices=F.vertices, conditions=cond))
        return tuple(out)

    # -- other dynamics (Sandholm 2010) ----------------------------------------------------------
    def _payoff_vectors(self, flat: np.ndarray) -> list[np.ndarray]:
        rep = self.replicator
        U = rep._numeric_payoffs()
        return [rep._strategy_values(k, flat, U) for k in range(rep.n_populations)]

    def _field(self, states: np.ndarray, dynamics: str, noise: float) -> np.ndarray:
        rep = self.replicator
        if dynamics == "replicator":
            return rep._velocity(states)
        flat = states.reshape(-1, rep.dim)
        out = np.empty_like(flat)
        for k, (sl, pi) in enumerate(zip(rep.slices, self._payoff_vectors(flat))):
            x = flat[:, sl]
            if dynamics == "bnn":            # excess payoffs: ẋ_i = [π_i − x·π]_+ − x_i Σ_j [π_j − x·π]_+
                excess = np.maximum(pi - np.sum(x * pi, axis=1, keepdims=True), 0.0)
                out[:, sl] = excess - x * excess.sum(axis=1, keepdims=True)
            elif dynamics == "smith":        # pairwise comparisons: inflow Σ_j x_j[π_i − π_j]_+, outflow
                diff = np.maximum(pi[:, :, None] - pi[:, None, :], 0.0)      # [i, j] = [π_i − π_j]_+
                out[:, sl] = np.einsum("bij,bj->bi", diff, x) - x * diff.sum(axis=1)
            elif dynamics == "logit":        # ẋ = softmax(π/η) − x
                z = pi / noise
                z = np.exp(z - z.max(axis=1, keepdims=True))
                out[:, sl] = z / z.sum(axis=1, keepdims=True) - x
            else:                            # best response (ties split equally): ẋ = BR(x) − x
                best = np.isclose(pi, pi.max(axis=1, keepdims=True), rtol=0, atol=1e-12)
                out[:, sl] = best / best.sum(axis=1, keepdims=True) - x
        return out.reshape(states.shape)

    def velocity(self, states: Any, *, dynamics: str = "replicator", noise: float = 0.1) -> np.ndarray:
        """The vector field at many states: ``dynamics`` one of ``"replicator"``, ``"bnn"``
        (Brown–von Neumann–Nash), ``"smith"``, ``"logit"`` (noise level ``noise`` > 0) or
        ``"best_response"`` (ties split equally). Numeric payoffs only."""
        self._check_dynamics(dynamics, noise)
        return self._field(self.replicator._checked_states(states), dynamics, float(noise))

    @staticmethod
    def _check_dynamics(dynamics: Any, noise: Any) -> None:
        if dynamics not in DYNAMICS:
            raise DomainError(f"dynamics must be one of {DYNAMICS}, got {dynamics!r}")
        if dynamics == "logit" and (isinstance(noise, (bool, str)) or not isinstance(noise, (int, float))
                                    or not np.isfinite(noise) or noise <= 0):
            raise DomainError(f"noise must be a finite number > 0, got {noise!r}")

    def nash_rest_points(self) -> tuple:
        """The rest points that are Nash equilibria — exactly the rest points of the BNN, Smith
        and best-response dynamics (Sandholm 2010, ch. 5), and those of the replicator dynamics
        where no unused strategy earns more. Numeric payoffs only."""
        if self.parameters:
            raise DomainError(f"payoffs depend on parameters {[str(p) for p in self.parameters]}: "
                              "use .subs({...}) first")
        rep = self.replicator
        out = []
        for p in rep.rest_points():
            if not p.isolated:
                continue
            ok = True
            for k in range(rep.n_populations):
                u = rep.strategy_payoffs(k, p.shares)
                used = [u[s] for s in range(len(u)) if p.shares[k][s] != 0]
                if any(sp.simplify(u[t] - used[0]) > 0 for t in range(len(u)) if p.shares[k][t] == 0):
                    ok = False
                    break
            if ok:
                out.append(p)
        return tuple(out)

    def logit_equilibria(self, noise: float, *, n: int = 5, t: float = 200.0) -> np.ndarray:
        """Rest points of the logit dynamics (logit quantal-response equilibria) at noise level
        ``noise``, found from a grid of starts and polished by fixed-point iteration; as
        ``noise`` → 0 they approach Nash equilibria. Rows: states (populations concatenated)."""
        self._check_dynamics("logit", noise)
        tr = self.simulate(self.portrait_starts(n), t, dynamics="logit", noise=noise, max_step=0.05)
        found: list[np.ndarray] = []
        for x in tr.final:
            if np.abs(self._field(x[None, :], "logit", float(noise))).max() > 1e-8:
                continue                           # not settled (a cycle): not a rest point
            if not any(np.abs(x - y).max() < 1e-6 for y in found):
                found.append(x)
        return np.array(found)

    def sensitivity(self, values: dict, *, baseline: dict, x0: Any, t: Any = 50.0,
                    max_step: float = 0.02) -> "Sensitivity":
        """Paths from ``x0`` for several values of each parameter, the others held at ``baseline``
        (a dict symbol → number covering every parameter): the sensitivity analysis of the applied
        tripartite-game literature. ``values``: symbol → sequence of numbers. See
        :func:`sensitivity_analysis`."""
        return sensitivity_analysis(self, values, baseline=baseline, x0=x0, t=t, max_step=max_step)

    # -- numerics ------------------------------------------------------------------------------
    def subs(self, values: dict) -> "EvolutionaryGame":
        """The game with parameters replaced by numbers."""
        new = EvolutionaryGame.__new__(EvolutionaryGame)
        new.__dict__.update(self.__dict__)
        new.replicator = self.replicator.subs(values)
        new.parameters = new.replicator.parameters
        return new

    def simulate(self, x0: Any, t: Any, *, max_step: float | None = None, dynamics: str = "replicator",
                 noise: float = 0.1, method: str = "rk4", rtol: float = 1e-8, atol: float = 1e-10) -> Trajectories:
        """Trajectories from many initial states at once (vectorised RK4; replicator:
        :meth:`Replicator.simulate`, which also offers the adaptive ``method="dop853"`` with
        tolerances ``rtol``, ``atol``). ``dynamics`` and ``noise`` as in :meth:`velocity`; the
        other dynamics use fixed-step RK4."""
        self._check_dynamics(dynamics, noise)
        if dynamics == "replicator":
            return self.replicator.simulate(x0, t, max_step=max_step, method=method, rtol=rtol, atol=atol)
        if method != "rk4":
            raise DomainError(f"method={method!r} is offered for the replicator dynamics; {dynamics} uses 'rk4'")
        max_step = 0.01 if max_step is None else max_step
        rep = self.replicator
        states = rep._as_states(x0)
        times = np.linspace(0.0, float(t), 201) if np.ndim(t) == 0 else np.asarray(t, dtype=float)
        if times.ndim != 1 or times.size < 2 or np.any(np.diff(times) <= 0) or not np.all(np.isfinite(times)):
            raise DomainError("t must be a positive horizon or an increasing array of at least two finite times")
        if not (isinstance(max_step, (int, float)) and max_step > 0):
            raise DomainError("max_step must be > 0")
        f = lambda y: self._field(y, dynamics, float(noise))  # noqa: E731
        out = np.empty((times.size,) + states.shape)
        out[0] = x = states.copy()
        used = 0.0
        for i in range(1, times.size):
            steps = max(1, int(np.ceil((times[i] - times[i - 1]) / max_step - 1e-12)))
            h = (times[i] - times[i - 1]) / steps
            used = max(used, h)
            for _ in range(steps):
                k1 = f(x)
                k2 = f(np.clip(x + 0.5 * h * k1, 0, 1))
                k3 = f(np.clip(x + 0.5 * h * k2, 0, 1))
                k4 = f(np.clip(x + h * k3, 0, 1))
                x = normalise_populations(np.clip(x + (h / 6.0) * (k1 + 2 * k2 + 2 * k3 + k4), 0.0, 1.0), rep.slices)
            out[i] = x
        return Trajectories(t=times, states=out, slices=rep.slices, method=f"rk4 (fixed step, vectorised), {dynamics}",
                            step=float(used))

    def portrait_starts(self, n: int = 5) -> np.ndarray:
        """A regular grid of interior initial states for a phase portrait (``n`` per axis)."""
        if not isinstance(n, (int, np.integer)) or isinstance(n, bool) or not 2 <= n <= 50:
            raise DomainError(f"n must be an integer in [2, 50], got {n!r}")
        if self.symmetric and self.shape == (3,):
            pts = [(i, j, n + 1 - i - j) for i in range(1, n + 1) for j in range(1, n + 1) if i + j <= n]
            return np.array(pts, dtype=float) / (n + 1)
        if all(m == 2 for m in self.shape):
            grid = (np.arange(n) + 0.5) / n
            return np.array(list(itertools.product(grid, repeat=len(self.shape))))
        raise DomainError("portraits are drawn for 2×2, 2×2×2 and one population of 3 strategies")

    # -- phase portraits ------------------------------------------------------------------------
    def _portrait_kind(self) -> str:
        if self.symmetric and self.shape == (3,):
            return "simplex"
        if not self.symmetric and self.shape == (2, 2):
            return "square"
        if not self.symmetric and self.shape == (2, 2, 2):
            return "cube"
        raise DomainError("portraits are drawn for 2×2, 2×2×2 and one population of 3 strategies")

    def _numeric_stability(self) -> list:
        """Stability records of the rest points with numeric shares (isolated or not)."""
        out = []
        for st in self.stability():
            try:
                x = np.array([float(v) for row in st.rest_point.shares for v in row])
            except TypeError:
                continue                           # a parametrised continuum: drawn as its face
            out.append((st, x))
        return out

    def _numeric_jacobian(self, x: np.ndarray, h: float = 1e-7) -> np.ndarray:
        """Central finite-difference Jacobian of the replicator field in reduced coordinates (each
        population's last share eliminated); the field is a polynomial, so evaluating it just
        outside the simplex is harmless."""
        rep = self.replicator
        idx = [i for sl in rep.slices for i in range(sl.start, sl.stop - 1)]
        last = {i: sl.stop - 1 for sl in rep.slices for i in range(sl.start, sl.stop)}
        J = np.empty((len(idx), len(idx)))
        for j, i in enumerate(idx):
            e = np.zeros(rep.dim)
            e[i], e[last[i]] = h, -h
            J[:, j] = (rep._velocity((x + e)[None]) - rep._velocity((x - e)[None]))[0, idx] / (2 * h)
        return J

    def _reduced_to_full(self, d: np.ndarray) -> np.ndarray:
        rep = self.replicator
        out = np.zeros(rep.dim)
        r = 0
        for sl in rep.slices:
            m = sl.stop - sl.start
            out[sl.start:sl.stop - 1] = d[r:r + m - 1]
            out[sl.stop - 1] = -d[r:r + m - 1].sum()
            r += m - 1
        return out

    def _flow(self, x0: np.ndarray, t: float, h: float, backward: bool = False) -> np.ndarray:
        """Fixed-step RK4 of the replicator field (or its reverse) from the rows of ``x0``,
        renormalised onto the simplex each step; returns (steps + 1, n, dim)."""
        rep = self.replicator
        sign = -1.0 if backward else 1.0
        f = lambda y: sign * rep._velocity(y)  # noqa: E731
        steps = max(1, int(np.ceil(t / h)))
        out = np.empty((steps + 1,) + x0.shape)
        out[0] = x = x0.copy()
        for i in range(steps):
            k1 = f(x)
            k2 = f(x + 0.5 * h * k1)
            k3 = f(x + 0.5 * h * k2)
            k4 = f(x + h * k3)
            x = normalise_populations(np.clip(x + (h / 6.0) * (k1 + 2 * k2 + 2 * k3 + k4), 0.0, 1.0), rep.slices)
            out[i + 1] = x
        return out

    def separatrices(self, *, t: float = 40.0, eps: float = 1e-4) -> tuple[np.ndarray, ...]:
        r"""Stable manifolds of the saddles: the boundaries between basins of attraction.

        At every saddle :math:`x^*` (a rest point with eigenvalues of both signs) the Jacobian's
        stable eigenvectors :math:`v` (finite differences, reduced coordinates) give starts
        :math:`x^* \pm \varepsilon v` (a ring of 12 starts when the stable space is a plane);
        integrating the field *backward* from them traces the stable manifold (Hirsch–Smale).
        Directions that stay on the boundary of the state space (an invariant face) are skipped.
        Numeric payoffs; replicator dynamics.

        Returns
        -------
        tuple of ndarray
            One curve per start, each of shape (points, dim): full states, populations
            concatenated, from the saddle outward.
        """
        if not (isinstance(t, (int, float)) and not isinstance(t, bool) and 0 < t <= 1000):
            raise DomainError(f"t must be a number in (0, 1000], got {t!r}")
        if not (isinstance(eps, (int, float)) and not isinstance(eps, bool) and 0 < eps < 0.1):
            raise DomainError(f"eps must be a number in (0, 0.1), got {eps!r}")
        self._portrait_kind()
        starts, horizons = [], []
        for st, x in self._numeric_stability():
            if st.classification not in ("saddle", SADDLE):
                continue
            w, V = np.linalg.eig(self._numeric_jacobian(x))
            stable = [i for i in range(len(w)) if w[i].real < -1e-9]
            basis = []
            for i in stable:
                for part in (V[:, i].real, V[:, i].imag):
                    if np.linalg.norm(part) > 1e-9:
                        basis.append(part)
            if not basis:
                continue
            Q, _ = np.linalg.qr(np.array(basis).T)
            Q = Q[:, :min(len(stable), Q.shape[1])]
            dirs = [Q[:, 0], -Q[:, 0]] if Q.shape[1] == 1 else \
                [np.cos(a) * Q[:, 0] + np.sin(a) * Q[:, 1] for a in np.linspace(0, 2 * np.pi, 12, endpoint=False)]
            for d in dirs:
                full = self._reduced_to_full(d)
                full /= np.abs(full).max()
                y = x + eps * full
                if np.any(y < 1e-12):
                    continue                        # leaves the state space or runs along its boundary
                starts.append(y)
                # a weakly contracting saddle needs longer to leave its eps-neighbourhood backward:
                # at least 25 of its time constants 1/|λ| (log(1/eps) ≈ 9 of them to leave)
                horizons.append(min(1000.0, max(float(t), 25.0 / float(np.min(np.abs(w[stable].real))))))
        if not starts:
            return ()
        out: list[tuple[int, np.ndarray]] = []
        for T in sorted(set(horizons)):
            group = [i for i, H in enumerate(horizons) if H == T]
            paths = self._flow(np.array([starts[i] for i in group]), T, max(0.02, T / 2000), backward=True)
            out.extend((i, paths[:, j]) for j, i in enumerate(group))
        return tuple(c for _, c in sorted(out, key=lambda item: item[0]))

    def closed_orbits(self, n: int = 5, *, t_max: float = 200.0) -> tuple[np.ndarray, ...]:
        r"""Closed orbits around each centre (2×2 games and one population of 3 strategies).

        From ``n`` starts on a ray from the centre, each orbit is followed (RK4, step 0.01)
        until its angle around the centre has turned once (:math:`2\pi`), then closed. Around a
        centre of a 2×2 bimatrix game, and around the interior rest point of a one-population game
        whose quadratic form :math:`y^\top A y` vanishes on the tangent space, the replicator
        dynamics have a constant of motion (weighted sums of :math:`x^*_{k,s}\log x_{k,s}`;
        Hofbauer & Sigmund 1998, §§7.5, 10.5), so the orbits are closed, not spirals; the
        returned curve ends at its first point. Orbits that have not turned once by ``t_max``
        are left out. Numeric payoffs.
        """
        if not isinstance(n, (int, np.integer)) or isinstance(n, bool) or not 1 <= n <= 20:
            raise DomainError(f"n must be an integer in [1, 20], got {n!r}")
        if not (isinstance(t_max, (int, float)) and not isinstance(t_max, bool) and 0 < t_max <= 2000):
            raise DomainError(f"t_max must be a number in (0, 2000], got {t_max!r}")
        kind = self._portrait_kind()
        if kind == "cube":
            return ()
        out = []
        for st, c in self._numeric_stability():
            if st.classification != "centre":
                continue
            # a ray from the centre toward the first vertex, stopping short of the boundary
            target = np.zeros_like(c)
            for sl in self.replicator.slices:
                target[sl.start] = 1.0
            starts = np.array([c + f * (target - c) for f in np.linspace(0.15, 0.85, n)])
            h = 0.01
            cxy = _plane(c[None, None, :], kind)[0, 0]
            chunks, x, total, done = [starts[None]], starts, 0.0, np.zeros(len(starts), bool)
            while total < t_max and not done.all():           # follow until every orbit turned once
                part = self._flow(x, 5.0, h)[1:]
                chunks.append(part)
                x, total = part[-1], total + 5.0
                paths = np.concatenate(chunks)
                xy = _plane(paths, kind)
                ang = np.unwrap(np.arctan2(xy[..., 1] - cxy[1], xy[..., 0] - cxy[0]), axis=0)
                turned = np.abs(ang - ang[0]) >= 2 * np.pi
                done = turned.any(axis=0)
            for i in range(starts.shape[0]):
                if not turned[:, i].any():
                    continue                       # not once round within t_max: not drawn
                j = int(np.argmax(turned[:, i]))
                out.append(np.concatenate([paths[:j, i], paths[:1, i]]))
        return tuple(out)

    def plot(self, ax: Any = None, *, n: int = 5, t: float = 30.0, preset: str = "paper",
             rest_points: bool = True, dynamics: str = "replicator", noise: float = 0.1,
             speed: bool = True, separatrices: bool = True, closed_orbits: bool = True,
             legend: bool = True, **kw: Any) -> Any:
        r"""Phase portrait in one call (Dynamo-style): square (2×2), cube (2×2×2) or simplex (one
        population of 3 strategies). Numeric payoffs only.

        * Trajectories from a grid of starts (:meth:`portrait_starts`), coloured by the speed
          :math:`\lVert\dot x\rVert` (colour bar), with an arrow for the direction of motion
          (``speed=False``: one colour).
        * Rest points of the replicator dynamics marked by stability (:meth:`stability`):
          filled circle asymptotically stable, open circle unstable, half-filled circle saddle,
          open diamond centre, filled square Lyapunov stable on an attracting set of rest points,
          open square undetermined (a zero eigenvalue).
        * Continua of rest points (edges, :meth:`Replicator.rest_sets`) drawn as thick lines: solid
          when they attract, dotted otherwise.
        * Separatrices (:meth:`separatrices`, dashed black) and closed orbits around centres
          (:meth:`closed_orbits`, drawn closed).

        Returns the matplotlib Axes.
        """
        from gametheory.core import plotting

        kind = self._portrait_kind()
        self._check_dynamics(dynamics, noise)
        replicator = dynamics == "replicator"
        orbits = self.closed_orbits(n) if (replicator and closed_orbits and kind != "cube") else ()
        if orbits:
            paths = list(orbits)
        else:
            tr = self.simulate(self.portrait_starts(n), t, dynamics=dynamics, noise=noise, max_step=0.02)
            paths = [tr.states[:, i, :] for i in range(tr.states.shape[1])]
        ax = plotting._axes(ax, preset, projection="3d" if kind == "cube" else None)
        handles = []
        with plotting._drawing(preset):
            from matplotlib.colors import Normalize
            from matplotlib.lines import Line2D

            fieldf = (lambda y: self._field(y, dynamics, float(noise)))  # noqa: E731
            speeds = [np.linalg.norm(fieldf(p), axis=1) for p in paths]
            top = max(float(np.max(v)) for v in speeds) or 1.0
            norm = Normalize(0.0, top)
            segs = [_plane(p[:, None, :], kind)[:, 0, :] for p in paths]
            pieces = np.concatenate([np.stack([q[:-1], q[1:]], axis=1) for q in segs])
            colour = np.concatenate([0.5 * (v[:-1] + v[1:]) for v in speeds])
            lw = kw.pop("linewidth", 0.9)
            if kind == "cube":
                from mpl_toolkits.mplot3d.art3d import Line3DCollection as Collection
            else:
                from matplotlib.collections import LineCollection as Collection
            if speed:
                coll = Collection(pieces, cmap=kw.pop("cmap", "viridis"), norm=norm, linewidth=lw, **kw)
                coll.set_array(colour)
            else:
                coll = Collection(pieces, color=kw.pop("color", "C0"), linewidth=lw, **kw)
            ax.add_collection(coll)
            if kind != "cube":
                for q in segs:                                  # direction of motion, 40 % along the arc
                    arc = np.concatenate([[0.0], np.cumsum(np.linalg.norm(np.diff(q, axis=0), axis=1))])
                    j = int(min(len(q) - 1, max(1, np.searchsorted(arc, 0.4 * arc[-1]))))
                    if np.linalg.norm(q[j] - q[j - 1]) > 1e-9:
                        ax.annotate("", q[j], q[j - 1], arrowprops=dict(arrowstyle="-|>", color="0.25", lw=0.6,
                                                                       mutation_scale=8))
            _frame(ax, kind, self)
            if replicator and separatrices:
                for c in self.separatrices():
                    q = _plane(c[:, None, :], kind)[:, 0, :]
                    ax.plot(*q.T, color="black", linestyle="--", linewidth=1.3)
                if any(True for _ in self.separatrices()):
                    handles.append(Line2D([], [], color="black", linestyle="--", linewidth=1.3, label="separatrix"))
            if orbits:
                handles.append(Line2D([], [], color="0.3", linewidth=1.0, label="closed orbit"))
            if replicator and rest_points:
                handles += _mark_rest_points(self, ax, kind)
            if speed:
                cb = ax.figure.colorbar(coll, ax=ax, shrink=0.7, pad=0.16 if kind == "cube" else 0.04)
                cb.set_label(r"speed $|\dot{x}|$")
            if legend and handles:
                ax.legend(handles=handles, fontsize=8, loc="upper center", ncol=2, handlelength=1.6,
                          bbox_to_anchor=(0.5, {"square": -0.14, "cube": -0.1}.get(kind, -0.02)))
        return ax


_MARKS = {  # classification -> (marker, fill, label)
    "asymptotically stable": ("o", "full", "asymptotically stable"),
    ESS: ("o", "full", "asymptotically stable"),
    "unstable": ("o", "none", "unstable"),
    SOURCE: ("o", "none", "unstable"),
    "saddle": ("o", "left", "saddle"),
    "centre": ("D", "none", "centre"),
}


def _plane(states: np.ndarray, kind: str) -> np.ndarray:
    """(T, N, dim) states → plot coordinates (T, N, 2 or 3)."""
    from gametheory.core.plotting import simplex_xy

    if kind == "simplex":
        return simplex_xy(states)
    return states[..., 0::2]


def _frame(ax: Any, kind: str, game: "EvolutionaryGame") -> None:
    """Axes of the state space: the unit square, cube or simplex, with strategy names."""
    from gametheory.core.plotting import _SIMPLEX

    pops, strat = game.populations, game.strategies
    if kind == "simplex":
        tri = np.vstack([_SIMPLEX, _SIMPLEX[:1]])
        ax.plot(tri[:, 0], tri[:, 1], color="0.2", linewidth=0.8)
        for k, (vx, vy) in enumerate(_SIMPLEX):
            ax.annotate(strat[0][k], (vx, vy), textcoords="offset points", xytext=(0, 6 if k == 2 else -12),
                        ha="center", fontsize=9)
        ax.set_aspect("equal"), ax.axis("off")
        ax.set_xlim(-0.05, 1.05), ax.set_ylim(-0.1, 0.95)
    elif kind == "square":
        ax.set_xlim(0, 1), ax.set_ylim(0, 1), ax.set_aspect("equal")
        ax.set_xlabel(f"{pops[0]}: share playing {strat[0][0]}")
        ax.set_ylabel(f"{pops[1]}: share playing {strat[1][0]}")
    else:
        for a, b in itertools.combinations(itertools.product((0, 1), repeat=3), 2):
            if sum(x != y for x, y in zip(a, b)) == 1:
                ax.plot(*zip(a, b), color="0.75", linewidth=0.5)
        ax.set_xlim(0, 1), ax.set_ylim(0, 1), ax.set_zlim(0, 1)
        ax.set_xlabel(f"{pops[0]}: {strat[0][0]}", fontsize=8)
        ax.set_ylabel(f"{pops[1]}: {strat[1][0]}", fontsize=8)
        ax.set_zlabel(f"{pops[2]}: {strat[2][0]}", fontsize=8)


def _mark_rest_points(game: "EvolutionaryGame", ax: Any, kind: str) -> list:
    """Continua as thick lines, rest points by stability; returns legend handles."""
    from matplotlib.lines import Line2D

    from gametheory.core.replicator import LYAPUNOV

    seen: dict[str, Any] = {}
    for F in game.replicator.rest_sets():
        if F.exists is not True or F.dimension != 1:
            continue                                # whole faces of higher dimension: left unmarked
        ends = []
        for v in F.vertices:
            x = np.zeros(game.replicator.dim)
            for k, s in enumerate(v):
                x[game.replicator.slices[k].start + s] = 1.0
            ends.append(_plane(x[None, None, :], kind)[0, 0])
        good = F.attracting is True
        style: dict[str, Any] = dict(color="0.15" if good else "0.45", linestyle="-" if good else ":", linewidth=3.0,
                     solid_capstyle="butt")
        ax.plot(*np.array(ends).T, clip_on=False, **style)
        label = "continuum of rest points (attracting)" if good else "continuum of rest points"
        seen.setdefault(label, Line2D([], [], label=label, **style))
    for st, x in game._numeric_stability():
        if not st.rest_point.isolated and st.rest_point.kind != "vertex":
            continue                                # inside a continuum: the line says it
        cls = st.classification
        if cls in _MARKS:
            marker, fill, label = _MARKS[cls]
        elif cls == LYAPUNOV:
            marker, fill, label = "s", "full", "Lyapunov stable (not asymptotically)"
        else:
            marker, fill, label = "s", "none", "undetermined (zero eigenvalue)"
        opts: dict[str, Any] = dict(marker=marker, fillstyle=fill, markersize=7, color="black", markerfacecoloralt="white",
                    markeredgewidth=1.0, linestyle="none", zorder=5, clip_on=False)
        if fill == "none":
            opts.update(fillstyle="full", markerfacecolor="white")
        xy = _plane(x[None, None, :], kind)[0, 0]
        ax.plot(*[[v] for v in xy], **opts)
        seen.setdefault(label, Line2D([], [], label=label, **opts))
    return list(seen.values())


@rejects_text
def sensitivity_analysis(game: EvolutionaryGame, values: dict, *, baseline: dict, x0: Any, t: Any = 50.0,
                         max_step: float = 0.02) -> Sensitivity:
    """Paths from ``x0`` for several values of each parameter, the others held at ``baseline``
    (a dict symbol → number covering every parameter): the sensitivity analysis of the applied
    tripartite-game literature. ``values``: symbol → sequence of numbers."""
    if not isinstance(game, EvolutionaryGame):
        raise DomainError(f"game must be an EvolutionaryGame, got {type(game).__name__}")
    if not isinstance(values, dict) or not values or not isinstance(baseline, dict):
        raise DomainError("values and baseline must be dicts {symbol: numbers}")
    names = {str(p): p for p in game.parameters}
    base = {}
    for k, v in baseline.items():
        if str(k) not in names:
            raise DomainError(f"{k} is not a parameter of the game ({sorted(names)})")
        base[names[str(k)]] = to_expr(v)
    missing = [n for n, p in names.items() if p not in base]
    if missing:
        raise DomainError(f"baseline must give every parameter a value; missing {missing}")
    paths: dict[str, np.ndarray] = {}
    vals: dict[str, tuple[float, ...]] = {}
    times: np.ndarray | None = None
    for k, seq in values.items():
        if str(k) not in names:
            raise DomainError(f"{k} is not a parameter of the game ({sorted(names)})")
        seq = [to_expr(v) for v in (seq if isinstance(seq, (list, tuple, np.ndarray)) else [seq])]
        if not seq or len(seq) > 12:
            raise DomainError("give 1 to 12 values per parameter")
        runs = []
        for v in seq:
            tr = game.subs({**base, names[str(k)]: v}).simulate(x0, t, max_step=max_step)
            if tr.states.shape[1] != 1:
                raise DomainError("x0 must be one initial state")
            runs.append(tr.states[:, 0, :])
            times = tr.t
        paths[str(k)] = np.array(runs)
        vals[str(k)] = tuple(float(v) for v in seq)
    assert times is not None                        # values is a non-empty dict of 1 to 12 values each
    return Sensitivity(parameters=tuple(paths), values=vals, baseline={str(k): v for k, v in base.items()},
                       t=times, paths=paths, slices=game.replicator.slices, populations=game.populations,
                       strategies=game.strategies)
