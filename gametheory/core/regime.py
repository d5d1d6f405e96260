r"""Regime maps: which pure Nash equilibria hold where on a plane of two parameters.

For a symbolic game and two parameters :math:`(x, y)` (the others fixed), a regime map records
for every grid point the set of pure equilibria. It is computed in one vectorised pass: every
payoff entry is compiled with :func:`sympy.lambdify` and evaluated on the whole grid at once,
then the best-response mask of :class:`~gametheory.core.normal_form.NormalFormGame` is applied
along the strategy axes — never point by point. The symbolic partition is kept as well: the
exact condition (sympy Boolean in :math:`x, y`) for each profile, from
:meth:`~gametheory.core.normal_form.NormalFormGame.pure_equilibrium_conditions`.

Ties (points on a regime boundary) are decided with a relative tolerance ``tol`` (default
:math:`10^{-12}`): a strategy counts as a best response when its payoff is within
``tol * max(1, |best|)`` of the best one, the floating-point counterpart of the weak inequality.

Examples
--------
A stag hunt with stag payoff ``a`` and hare payoff ``b`` (stag-hunting alone gives 0, hare
always ``b``): (Stag, Stag) is an equilibrium iff a >= b, (Hare, Hare) iff b >= 0.

>>> import sympy as sp
>>> from gametheory.core.normal_form import NormalFormGame
>>> a, b = sp.symbols("a b")
>>> g = NormalFormGame(([[a, 0], [b, b]], [[a, b], [0, b]]), strategies=("Stag", "Hare"))
>>> rm = g.regime_map(x=(a, -1, 3, 5), y=(b, -1, 3, 5))
>>> rm.condition((0, 0)), rm.condition((1, 1)), rm.condition((0, 1))
(a >= b, b >= 0, (b >= a) & (b <= 0))
>>> rm.mask((0, 0))[0].tolist()          # y = b = -1: a >= -1 on the whole row
[True, True, True, True, True]
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

import numpy as np
import sympy as sp

from gametheory.core._validate import DomainError, to_float
from gametheory.core.results import Result
from gametheory.core._validate import to_expr
from gametheory.core.params import rejects_text
from gametheory.core.plotting import PLOT_CHOICES, PLOT_TEXT

__all__ = ["RegimeMap", "regime_map"]


@rejects_text(text=('label', 'labels', 'strategies') + PLOT_TEXT, choices=('method',) + PLOT_CHOICES, init=False)
@dataclass(frozen=True, repr=False)
class RegimeMap(Result):
    """Pure equilibria over a grid of two parameters.

    Attributes
    ----------
    x_symbol, y_symbol : sympy.Symbol
    x, y : 1-d float arrays (grid values)
    profiles : tuple of pure profiles (index tuples), in lexicographic order
    masks : bool array (n_profiles, len(y), len(x)) — ``masks[k, j, i]``: profile k is an
        equilibrium at (x[i], y[j])
    labels : int array (len(y), len(x)) — index into ``label_sets``
    label_sets : tuple of tuples of profiles — the distinct equilibrium sets found on the grid
    profile_conditions : tuple of sympy Booleans — exact condition per profile (fixed values
        substituted), the symbolic partition
    fixed : tuple of (symbol, value) pairs
    conditions : sympy Boolean
    method : str
    """

    x_symbol: Any
    y_symbol: Any
    x: np.ndarray
    y: np.ndarray
    profiles: tuple
    masks: np.ndarray
    labels: np.ndarray
    label_sets: tuple
    profile_conditions: tuple
    fixed: tuple = ()
    conditions: Any = sp.true
    method: str = "vectorised best-response mask on a lambdified grid"

    def mask(self, profile: tuple) -> np.ndarray:
        """Boolean array (len(y), len(x)): where ``profile`` is a pure equilibrium."""
        return self.masks[self.profiles.index(tuple(profile))]

    def condition(self, profile: tuple) -> Any:
        """Exact condition for ``profile`` (``False`` if it is never an equilibrium)."""
        return self.profile_conditions[self.profiles.index(tuple(profile))]

    def region(self, label: int) -> Any:
        """Exact condition for the equilibrium set ``label_sets[label]`` (members hold, others fail)."""
        members = set(self.label_sets[label])
        parts = [c if p in members else sp.Not(c) for p, c in zip(self.profiles, self.profile_conditions)]
        return sp.And(*parts)

    # -- data and plots ------------------------------------------------------------------------
    def _profile_names(self) -> list[str]:
        return ["(" + ", ".join(str(i) for i in p) + ")" for p in self.profiles]

    def _rows(self, exact: bool = False) -> dict[str, Any]:
        """One row per grid point: the two parameters, the label, the equilibria, a flag per profile."""
        X, Y = np.meshgrid(self.x, self.y)
        names = [("; ".join(self._profile_names()[self.profiles.index(p)] for p in s) or "none")
                 for s in self.label_sets]
        cols: dict[str, Any] = {str(self.x_symbol): X.ravel(), str(self.y_symbol): Y.ravel(),
                                "label": self.labels.ravel(), "equilibria": np.asarray(names, dtype=object)[self.labels.ravel()]}
        for name, m in zip(self._profile_names(), self.masks):
            cols[name] = m.ravel()
        return cols

    def to_xarray(self) -> Any:
        """An :class:`xarray.Dataset` on the grid: ``label`` (y, x) and ``equilibrium`` (profile, y, x).

        Coordinates are named after the two parameters; ``attrs`` hold the equilibrium sets, the
        exact condition of each profile and the fixed values as text. Needs xarray
        (``pip install "cluster-gametheory[data]"``).
        """
        from gametheory.core.export import jsonable, require_module

        xr = require_module("xarray")
        xn, yn = str(self.x_symbol), str(self.y_symbol)
        if xn == yn or "profile" in (xn, yn):
            raise DomainError(f"cannot name the grid axes {xn!r} and {yn!r} (rename the symbols)")
        return xr.Dataset(
            {"label": ((yn, xn), np.asarray(self.labels)),
             "equilibrium": (("profile", yn, xn), np.asarray(self.masks))},
            coords={xn: np.asarray(self.x), yn: np.asarray(self.y), "profile": self._profile_names()},
            attrs={"label_sets": repr(jsonable(self.label_sets)),
                   "profile_conditions": repr(jsonable(self.profile_conditions)),
                   "fixed": repr(jsonable(dict(self.fixed))), "method": self.method})

    def plot(self, ax: Any = None, *, preset: str = "paper", strategies: Any = None, legend: bool = True,
             **kw: Any) -> Any:
        """Draw the regions of equilibrium sets in the package style; returns the matplotlib Axes.

        ``strategies``: labels per player to name the profiles (e.g. ``game.strategies``);
        ``preset``: ``"paper"`` or ``"slides"``; other keywords go to ``pcolormesh``.
        """
        from gametheory.core import plotting

        return plotting.regime_map(self, ax, preset=preset, strategies=strategies, legend=legend, **kw)


def _axis(spec: Any, name: str) -> tuple[sp.Symbol, np.ndarray]:
    if not isinstance(spec, (tuple, list)) or len(spec) != 4:
        raise DomainError(f"{name} must be (symbol, lo, hi, n), got {spec!r}")
    sym, lo, hi, num = spec
    if not isinstance(sym, sp.Symbol):
        raise DomainError(f"{name}[0] must be a sympy Symbol, got {sym!r}")
    lo_f, hi_f = to_float(lo), to_float(hi)
    if not isinstance(num, (int, np.integer)) or isinstance(num, bool) or num < 1:
        raise DomainError(f"{name}: the number of grid points must be a positive integer, got {num!r}")
    if not lo_f <= hi_f:
        raise DomainError(f"{name}: need lo <= hi, got {lo!r} > {hi!r}")
    return sym, np.linspace(lo_f, hi_f, int(num))


@rejects_text
def regime_map(game: Any, x: tuple, y: tuple, fixed: Mapping[Any, Any] | None = None, *, tol: float = 1e-12,
               symbolic: bool = True, assumptions: Any = None, chunk: int = 1 << 14) -> RegimeMap:
    """Pure equilibria of ``game`` on a grid of two parameters.

    Parameters
    ----------
    game : NormalFormGame
        A symbolic game whose free symbols are ``x[0]``, ``y[0]`` and the keys of ``fixed``.
    x, y : tuple (symbol, lo, hi, n)
        The two axes (``n`` evenly spaced points each, ends included).
    fixed : mapping, optional
        Values for the other parameters.
    tol : float
        Relative tolerance for ties (see module notes).
    symbolic : bool, default True
        Also compute the exact condition of each profile (set False for very large games).
    assumptions : sympy Boolean, optional
        Extra facts for deciding the symbolic conditions.
    chunk : int, default 2**14
        Grid points evaluated per vectorised block: bounds memory, and a block's temporaries stay
        in cache (2**14 points was fastest on a 10**6-point map; 2**18 took 1.3 times as long).

    Returns
    -------
    RegimeMap
    """
    if isinstance(chunk, (bool, np.bool_)) or not isinstance(chunk, (int, np.integer)) or chunk < 1:
        raise DomainError(f"chunk must be a positive integer (grid points per block), got {chunk!r}")
    xs, xgrid = _axis(x, "x")
    ys, ygrid = _axis(y, "y")
    xs, ys = game.resolve_symbol(xs), game.resolve_symbol(ys)
    if xs == ys:
        raise DomainError("x and y must be different parameters")
    fixed = dict(fixed or {})
    sub = game.subs(fixed) if fixed else game
    free = sub.free_symbols
    extra = free - {xs, ys}
    if extra:
        raise DomainError(f"give values for the parameters {sorted(map(str, extra))} in fixed={{...}}")
    profiles = tuple(game.profiles())
    shape = game.shape
    # compile every player's payoff tensor into one vectorised function of (x, y)
    funcs = []
    for arr in sub._payoffs:
        entries = [to_expr(v) if not isinstance(v, sp.Basic) else v for v in arr.ravel()]
        funcs.append(sp.lambdify((xs, ys), entries, modules="numpy"))
    X, Y = np.meshgrid(xgrid, ygrid)
    xf, yf = X.ravel(), Y.ravel()
    npts = xf.size
    K = len(profiles)
    masks = np.ones((K, npts), dtype=bool)
    code_dtype = np.uint8 if K <= 8 else np.uint16 if K <= 16 else np.uint32 if K <= 32 else np.uint64
    codes = np.empty(npts, dtype=code_dtype) if K <= 64 else None
    for start in range(0, npts, chunk):
        sl = slice(start, min(npts, start + chunk))
        xc, yc = xf[sl], yf[sl]
        m = xc.size
        block = masks[:, sl]                      # grid axis last: contiguous per profile
        mask = block.reshape(shape + (m,))        # a view: the AND below writes into masks
        for i, fn in enumerate(funcs):
            vals = fn(xc, yc)
            P = np.empty((len(vals), m))
            for k, v in enumerate(vals):
                P[k] = v  # broadcasts constants
            if not np.all(np.isfinite(P)):
                raise DomainError("payoffs are not finite somewhere on the grid")
            P = P.reshape(shape + (m,))
            best = P.max(axis=i, keepdims=True)
            mask &= P >= best - tol * np.maximum(1.0, np.abs(best))
        if codes is not None:
            # bit k of a point's code = profile k is an equilibrium there: packbits writes 8
            # profiles per byte (little-endian bit order), then the bytes are joined
            packed = np.packbits(block, axis=0, bitorder="little")
            code = packed[0].astype(code_dtype)
            for j in range(1, packed.shape[0]):
                code |= packed[j].astype(code_dtype) << code_dtype(8 * j)
            codes[sl] = code
    masks = masks.reshape(K, len(ygrid), len(xgrid))
    # label each grid point by its set of equilibria
    if codes is not None and K <= 20:
        # at most 2^20 codes: a table of the codes present replaces np.unique's sort, O(n)
        present = np.bincount(codes, minlength=1 << K) > 0
        uniq = np.flatnonzero(present)
        inverse = (np.cumsum(present) - 1)[codes]
        rows = [[bool((int(u) >> k) & 1) for k in range(K)] for u in uniq]
    elif codes is not None:
        uniq, inverse = np.unique(codes, return_inverse=True)
        rows = [[bool((int(u) >> k) & 1) for k in range(K)] for u in uniq]
    else:
        packed = np.packbits(masks.reshape(K, -1).T, axis=1)
        uniq_packed, inverse = np.unique(packed, axis=0, return_inverse=True)
        rows = [list(np.unpackbits(u)[:K].astype(bool)) for u in uniq_packed]
    label_sets = tuple(tuple(p for p, b in zip(profiles, row) if b) for row in rows)
    labels = np.asarray(inverse).reshape(len(ygrid), len(xgrid)).astype(np.int64, copy=False)
    if symbolic:
        conds = sub.pure_equilibrium_conditions(assumptions=assumptions) if sub.is_symbolic else \
            {p: sp.true for p in sub.pure_equilibria()}
        profile_conditions = tuple(conds.get(p, sp.false) for p in profiles)
    else:
        profile_conditions = tuple(sp.Symbol("?") for _ in profiles)
    return RegimeMap(x_symbol=xs, y_symbol=ys, x=xgrid, y=ygrid, profiles=profiles, masks=masks, labels=labels,
                     label_sets=label_sets, profile_conditions=profile_conditions,
                     fixed=tuple(sorted(((k, fixed[k]) for k in fixed), key=lambda kv: str(kv[0]))))
