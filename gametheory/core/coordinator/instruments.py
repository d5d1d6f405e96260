r"""Policy instruments and the coordinator's result types.

An :class:`Instrument` is what a model family declares to the policy engine: a sympy symbol, its
kind (continuous in a box, binary, or one of a finite set of values), and its *net public
outlay* (``budget``: spending positive, fines and taxes negative) so that the shadow cost of
public funds is applied exactly once; enforcement and inspection costs go to the real resource
costs. The results are immutable: :class:`Candidate` (one evaluated corner, kink or interior
point), :class:`PolicyOutcome` (the optimum, every candidate, the welfare account, the fiscal
rule, the share of the first-best gap closed), :class:`PolicySweep` (the optimum over a grid of
:math:`\lambda`, with ``to_frame()`` and ``plot()``) and :class:`GridCheck` (a brute-force
verification used in tests).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Mapping

import numpy as np
import sympy as sp

from gametheory.core.params import DomainError, as_param, rejects_text, to_expr
from gametheory.core.results import Result
from gametheory.core.welfare import WelfareAccount
from gametheory.core.coordinator._common import _KINDS, _truth
from gametheory.core.plotting import PLOT_CHOICES, PLOT_TEXT


# --------------------------------------------------------------------------------------------
# Instruments and results
# --------------------------------------------------------------------------------------------
@rejects_text(text=('name',), choices=('kind',))
@dataclass(frozen=True)
class Instrument:
    r"""A policy instrument of the government.

    Parameters
    ----------
    name : str
        Its name (key of ``PolicyOutcome.policy``).
    symbol : sympy.Symbol, optional
        The symbol used in the response and welfare expressions (default ``Symbol(name, real=True)``).
    bounds : (lo, hi), default (0, oo)
        The admissible box for a continuous instrument (``hi`` may be ``sympy.oo`` on the symbolic
        path; the numeric path and grids need finite bounds). Binary: (0, 1).
    budget : sympy.Expr or callable, default 0
        Net public outlay caused by the instrument, as an expression in the instrument and response
        symbols, or ``budget(policy, response) -> number`` (dicts keyed by names). Spending is
        positive, revenue (fines, taxes) negative.
    kind : {"continuous", "binary", "discrete"}
    values : sequence of numbers
        The admissible values of a discrete instrument ((0, 1) for a binary one).
    neutral : number, optional
        The "no policy" value that defines laissez-faire (default 0 if admissible, else the lower
        bound / first value).
    kinks : sequence of numbers
        Known kink points of a *numeric* response (thresholds where followers switch regime);
        the symbolic path finds kinks itself.

    Examples
    --------
    >>> s = sp.Symbol("s", nonnegative=True); Q = sp.Symbol("Q")
    >>> Instrument("subsidy", s, bounds=(0, 10), budget=s * Q).bounds
    (0, 10)
    """

    name: str
    symbol: sp.Symbol = None             # None: Symbol(name, real=True), set in __post_init__
    bounds: tuple[Any, Any] = (0, sp.oo)
    budget: Any = 0
    kind: str = "continuous"
    values: tuple[Any, ...] = ()         # binary: (0, 1), continuous: (), set in __post_init__
    neutral: Any = None
    kinks: tuple[Any, ...] = ()

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name:
            raise DomainError(f"instrument name must be a non-empty string, got {self.name!r}")
        if self.kind not in _KINDS:
            raise DomainError(f"instrument {self.name}: kind must be one of {_KINDS}, got {self.kind!r}")
        sym = self.symbol if self.symbol is not None else sp.Symbol(self.name, real=True)
        if not isinstance(sym, sp.Symbol):
            raise DomainError(f"instrument {self.name}: symbol must be a sympy Symbol, got {sym!r}")
        object.__setattr__(self, "symbol", sym)
        if self.kind == "binary":
            values: tuple[Any, ...] = (sp.Integer(0), sp.Integer(1))
            object.__setattr__(self, "bounds", (sp.Integer(0), sp.Integer(1)))
        elif self.kind == "discrete":
            if self.values is None or len(tuple(self.values)) == 0:
                raise DomainError(f"discrete instrument {self.name} needs a non-empty `values`")
            values = tuple(as_param(v, f"{self.name} value") for v in self.values)
            object.__setattr__(self, "bounds", (min(values, key=_sort_key), max(values, key=_sort_key)))
        else:
            if len(tuple(self.bounds)) != 2:
                raise DomainError(f"instrument {self.name}: bounds must be (lo, hi)")
            lo, hi = (self._bound(b) for b in self.bounds)
            if lo == sp.oo or hi == -sp.oo:
                raise DomainError(f"instrument {self.name}: empty bounds {self.bounds}")
            if lo.is_number and hi.is_number and not lo < hi:
                raise DomainError(f"instrument {self.name}: need lo < hi, got {self.bounds}")
            object.__setattr__(self, "bounds", (lo, hi))
            values = ()
        object.__setattr__(self, "values", values)
        object.__setattr__(self, "kinks", tuple(as_param(k, f"{self.name} kink") for k in self.kinks))
        if self.neutral is None:
            lo, hi = self.bounds
            if self.kind == "continuous":
                zero_ok = _truth(sp.And(lo <= 0, hi >= 0)) if lo.is_finite is not False else _truth(hi >= 0)
                neutral = sp.Integer(0) if (lo == -sp.oo or zero_ok) else lo
            else:
                neutral = sp.Integer(0) if sp.Integer(0) in values else values[0]
        else:
            neutral = as_param(self.neutral, f"{self.name} neutral value")
        object.__setattr__(self, "neutral", neutral)
        if isinstance(self.budget, (str, bytes)):  # never sympify (eval) a string
            raise DomainError(f"instrument {self.name}: budget must be a sympy expression or callable, not a string")
        if not (callable(self.budget) and not isinstance(self.budget, sp.Basic)):
            object.__setattr__(self, "budget", to_expr(self.budget))

    def _bound(self, b: Any) -> sp.Expr:
        if isinstance(b, sp.Basic) and b in (sp.oo, -sp.oo):
            return b
        if isinstance(b, float) and math.isinf(b):
            return sp.oo if b > 0 else -sp.oo
        return as_param(b, f"{self.name} bound")

    @property
    def is_continuous(self) -> bool:
        return self.kind == "continuous"


def _sort_key(v: Any) -> float:
    try:
        return float(v)
    except TypeError:
        raise DomainError(f"discrete instrument values must be numbers, got {v!r}") from None


@rejects_text(init=False)
@dataclass(frozen=True, repr=False)
class Candidate(Result):
    """One evaluated candidate of the government's problem (corner, kink, boundary or interior).

    ``welfare`` is the true welfare at ``policy``; ``limit_welfare`` differs only at a jump of
    the response, where it is the limit approached from the cell that produced the candidate
    (``attained`` is then False: that supremum is not attained).
    """

    policy: Mapping[str, Any]
    welfare: Any
    location: str
    feasible: sp.Boolean = sp.true
    second_order: sp.Boolean = sp.true
    attained: bool = True
    limit_welfare: Any = None


@rejects_text(text=('notes',), choices=('method', 'fiscal_rule'), init=False)
@dataclass(frozen=True, repr=False)
class PolicyOutcome(Result):
    r"""The government's optimum over its instruments given the followers' response.

    Attributes
    ----------
    policy : dict
        Optimal value of every instrument (``Piecewise`` in the parameters when they are symbols).
    response : dict
        Followers' equilibrium at the optimal policy.
    account : WelfareAccount or None
        CS, PS (incl. transfers), resource costs, outlay, :math:`\lambda` and :math:`W`; None when
        no instrument was chosen (a ranking left open for symbols).
    welfare : number or sympy.Expr
        Coordinated welfare.
    transfers : dict
        Net public outlay of each instrument at the optimum.
    shadow_cost : number or sympy.Expr
    laissez_faire_welfare, first_best_welfare : number, sympy.Expr or None
    gap_closed : number, sympy.Expr or None
        :func:`gametheory.core.welfare.gap_closed`; ``gap_degenerate`` flags :math:`W_{fb} = W_{lf}`.
    conditions : sympy.Boolean
        Where this result is valid (e.g. concavity of the government's objective).
    regimes : tuple of (label, condition)
        Which candidate is optimal where (e.g. ``interior`` iff :math:`\lambda < 1/3`).
    candidates : tuple of Candidate
        Everything evaluated: corners, kinks, boundary and interior stationary points.
    method : str
        ``"kkt enumeration"``, ``"closed form (concave, clipped)"`` or ``"numeric"``.
    notes : tuple of str
    fiscal_rule : str
        How transfers are valued and what the first best may use (DESIGN, "the default fiscal
        rule"): ``"limited_liability"`` — outlays and revenues at :math:`1 + \lambda`, fines
        capped by limited liability, the first best optimises allocations and the same transfers;
        ``"no_fine_revenue"`` — fines deter but raise no public funds; ``"as declared"`` — the
        budget the family declared to the engine, first best without transfers.
    instrument : str or None
        The winning instrument when the family offers a menu of alternatives (one is used),
        ``"laissez-faire"`` when no intervention wins; ``None`` when a symbolic ranking is open
        (R&D then reports its first instrument with a note saying so) or there is no menu.
    alternatives : dict
        The menu: every instrument evaluated at its own optimum → its welfare, ranked by
        :func:`gametheory.core.coordinator.choose_instrument` (ties against the coordinator).
    enforcement_cost : number or sympy.Expr
        Real resources spent enforcing the chosen instrument — inspection, verification,
        collecting a compulsory levy, traceability — in money, before the :math:`1 + \lambda`
        weight of public spending (already inside ``welfare``). ``0`` when the instrument needs no
        enforcement (a subsidy only spends) or when enforcement was taken as free (the notes say
        which).
    flags : dict
        What a referee asks of a policy result, with the keys of :data:`POLICY_FLAGS`, each
        ``True``, ``False`` or ``None`` (not modelled here, or open for symbols):

        * ``attains_first_best`` — :math:`W = W^{fb}` exactly (filled from ``welfare`` and
          ``first_best_welfare`` when the family leaves it open);
        * ``benchmark_attainable`` — the first-best benchmark is itself feasible as stated (e.g.
          commontech's Samuelson level financed by Lindahl shares *without* public funds fails when
          a firm's participation fails; it stays the bound, but is not an attainable target);
        * ``participation`` — every firm is willing to take part at the coordinated outcome: its
          payoff, transfers and fines included, is at least its outside option (exit: 0);
        * ``limited_liability_binding`` — a firm's liability cap binds at the optimum (a fine
          capped at its profit, an R&D duty capped where its profit reaches 0).
    """

    policy: Mapping[str, Any]
    response: Mapping[str, Any]
    account: WelfareAccount | None          # None: no account (e.g. a ranking left open for symbols)
    welfare: Any
    transfers: Mapping[str, Any]
    shadow_cost: Any
    laissez_faire_welfare: Any = None
    first_best_welfare: Any = None
    gap_closed: Any = None
    gap_degenerate: bool = False
    conditions: sp.Boolean = sp.true
    regimes: tuple[tuple[str, sp.Boolean], ...] = ()
    candidates: tuple[Candidate, ...] = ()
    method: str = "kkt enumeration"
    notes: tuple[str, ...] = ()
    fiscal_rule: str = "as declared"
    instrument: Any = None
    alternatives: Mapping[str, Any] = field(default_factory=dict)
    enforcement_cost: Any = 0
    flags: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        super().__post_init__()
        unknown = set(self.flags) - set(POLICY_FLAGS)
        if unknown:
            raise DomainError(f"unknown policy flags {sorted(unknown)}; the flags are {POLICY_FLAGS}")
        flags = {key: self.flags.get(key) for key in POLICY_FLAGS}
        for key, value in flags.items():
            if value is not None and not isinstance(value, (bool, np.bool_)):
                raise DomainError(f"policy flag {key} must be True, False or None, got {value!r}")
            flags[key] = None if value is None else bool(value)
        if flags["attains_first_best"] is None:
            flags["attains_first_best"] = _attains(self.welfare, self.first_best_welfare)
        object.__setattr__(self, "flags", flags)


#: The keys of :attr:`PolicyOutcome.flags`, in display order.
POLICY_FLAGS = ("attains_first_best", "benchmark_attainable", "participation", "limited_liability_binding")


def _attains(welfare: Any, first_best: Any) -> bool | None:
    """``welfare == first_best`` decided exactly for numbers (floats to 1e-12 relative); None for symbols."""
    if welfare is None or first_best is None:
        return None
    if any(isinstance(x, sp.Basic) and x.free_symbols for x in (welfare, first_best)):
        return None
    try:
        if isinstance(welfare, float) or isinstance(first_best, float):
            a, b = float(welfare), float(first_best)
            return bool(abs(a - b) <= 1e-12 * max(1.0, abs(a), abs(b)))
        return bool(sp.simplify(to_expr(welfare) - to_expr(first_best)) == 0)
    except (TypeError, ValueError):
        return None


@rejects_text(text=PLOT_TEXT, choices=('method',) + PLOT_CHOICES, init=False)
@dataclass(frozen=True, repr=False)
class PolicySweep(Result):
    """Coordinated welfare and policy on an array of shadow costs (for "welfare against λ")."""

    shadow_costs: np.ndarray
    welfare: np.ndarray
    policy: Mapping[str, np.ndarray]
    laissez_faire_welfare: np.ndarray
    first_best_welfare: np.ndarray | None
    gap_closed: np.ndarray | None
    method: str = "lambdify"
    conditions: sp.Boolean = sp.true

    def plot(self, ax: Any = None, *, y: Any = None, preset: str = "paper", **kw: Any) -> Any:
        """Welfare against λ in the package style (coordinated, laissez-faire, first best), or one
        series: ``y="gap_closed"``, ``y="welfare"`` or an instrument's name. Returns the Axes."""
        from gametheory.core import plotting

        return plotting.policy_sweep(self, ax, y=y, preset=preset, **kw)


@rejects_text(choices=('method',), init=False)
@dataclass(frozen=True, repr=False)
class GridCheck(Result):
    """Brute-force verification of a coordinator optimum on a grid of instrument values."""

    solved_welfare: float
    grid_best_welfare: float
    grid_best_policy: Mapping[str, float]
    excess: float
    passed: bool
    n_points: int
    tolerance: float
    method: str = "grid"
    conditions: sp.Boolean = sp.true
