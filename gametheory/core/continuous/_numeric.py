"""Numeric solution and verification of boxed continuous games with scipy.

A numeric problem is built from lambdified payoffs at a parameter point. It provides

* :meth:`NumericProblem.best_response` — a *global* best response of one player (a grid plus a
  bounded scalar search in one dimension, multi-start L-BFGS-B otherwise), used to verify any
  equilibrium by its largest unilateral deviation gain;
* :meth:`NumericProblem.solve` — an equilibrium: the KKT system written as the projection
  fixed point ``x = clip(x + g(x), lo, hi)`` (``g`` the pseudo-gradient, each player's gradient in
  its own variables) solved by ``scipy.optimize.least_squares`` from several starts, with
  Gauss–Seidel best-response iteration as a fallback.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np
import sympy as sp
from scipy import optimize
from gametheory.core.params import to_expr

__all__ = ["Lambdified", "NumericProblem", "NumericSolution"]


class Lambdified:
    """Payoffs, pseudo-gradient and own Hessians as numpy functions of (variables, parameters)."""

    def __init__(self, objectives: Sequence[sp.Expr], groups: Sequence[tuple], params: Sequence[sp.Symbol]) -> None:
        self.variables = tuple(v for g in groups for v in g)
        self.params = tuple(params)
        self.groups = [tuple(g) for g in groups]
        index = {v: k for k, v in enumerate(self.variables)}
        self.index = [np.array([index[v] for v in g], dtype=int) for g in groups]
        owner = {v: i for i, g in enumerate(groups) for v in g}
        args = [*self.variables, *self.params]
        self.payoffs = [sp.lambdify(args, u, modules="numpy") for u in objectives]
        grad = [sp.diff(objectives[owner[v]], v) for v in self.variables]
        self._grad = sp.lambdify(args, grad, modules="numpy")
        self._hess = [sp.lambdify(args, sp.hessian(objectives[i], g), modules="numpy")
                      for i, g in enumerate(groups)]

    def at(self, values: dict | None, lo: np.ndarray, hi: np.ndarray) -> "NumericProblem":
        p: list[float] = []
        if self.params:
            assert values is not None, "the problem has parameters: pass their values"
            p = [float(to_expr(values[s])) for s in self.params]
        return NumericProblem(self, p, lo, hi)


@dataclass
class NumericSolution:
    x: np.ndarray
    success: bool
    message: str
    residuals: np.ndarray
    gains: np.ndarray


class NumericProblem:
    """A game at a numeric parameter point (see module docstring)."""

    def __init__(self, lam: Lambdified, params: list[float], lo: np.ndarray, hi: np.ndarray) -> None:
        self.lam, self.p = lam, params
        self.lo, self.hi = np.asarray(lo, float), np.asarray(hi, float)
        self.n = len(lam.variables)

    # -- evaluations ------------------------------------------------------------------------------
    def payoff(self, i: int, x: np.ndarray) -> float:
        with np.errstate(all="ignore"):
            try:
                val = complex(self.lam.payoffs[i](*x, *self.p))
            except (ZeroDivisionError, ValueError, OverflowError):
                return -np.inf
        if not np.isfinite(val.real) or abs(val.imag) > 1e-12 * max(1.0, abs(val.real)):
            return -np.inf
        return val.real

    def gradient(self, x: np.ndarray) -> np.ndarray:
        with np.errstate(all="ignore"):
            g = np.array(self.lam._grad(*x, *self.p), dtype=complex).real.astype(float).ravel()
        return g

    def own_hessian(self, i: int, x: np.ndarray) -> np.ndarray:
        with np.errstate(all="ignore"):
            return np.array(self.lam._hess[i](*x, *self.p), dtype=float)

    def residual(self, x: np.ndarray) -> np.ndarray:
        """Projection residual ``x - clip(x + g(x))``: zero exactly at KKT points."""
        g = self.gradient(x)
        g = np.where(np.isfinite(g), g, 1e6)
        return x - np.clip(x + g, self.lo, self.hi)

    # -- best responses ---------------------------------------------------------------------------
    def best_response(self, i: int, x: np.ndarray) -> tuple[np.ndarray, float]:
        """A global best response of player ``i`` to ``x`` (own block replaced) and its payoff."""
        idx = self.lam.index[i]
        lo, hi = self.lo[idx], self.hi[idx]

        def f(y: np.ndarray) -> float:
            z = x.copy()
            z[idx] = y
            v = self.payoff(i, z)
            return -v if np.isfinite(v) else 1e300

        best_y, best_v = x[idx].copy(), f(x[idx])
        scale = min(1e12, max(1.0, float(np.max(np.abs(x))) if x.size else 1.0))
        if len(idx) == 1:
            l0, h0 = float(lo[0]), float(hi[0])
            if np.isfinite(l0) and np.isfinite(h0):
                grid = np.linspace(l0, h0, 65)
            else:
                base = l0 if np.isfinite(l0) else (h0 if np.isfinite(h0) else float(x[idx][0]))
                sgn = 1.0 if np.isfinite(l0) else -1.0
                steps = scale * np.array([0, 1e-3, 1e-2, 0.1, 0.25, 0.5, 1, 2, 4, 10, 100, 1e4])
                grid = base + sgn * steps if (np.isfinite(l0) or np.isfinite(h0)) else np.concatenate(
                    [base - steps[::-1], base + steps])
            vals = np.array([f(np.array([g])) for g in grid])
            k = int(np.argmin(vals))
            if vals[k] < best_v:
                best_y, best_v = np.array([grid[k]]), vals[k]
            a = grid[max(k - 1, 0)]
            b = grid[min(k + 1, len(grid) - 1)]
            for (p, q) in ((a, b), (min(best_y[0], x[idx][0]) - 1e-9, max(best_y[0], x[idx][0]) + 1e-9)):
                p, q = max(p, l0), min(q, h0)
                if q > p and np.isfinite(p) and np.isfinite(q):
                    r = optimize.minimize_scalar(lambda t: f(np.array([t])), bounds=(p, q), method="bounded",
                                                 options={"xatol": 1e-12})
                    if r.fun < best_v:
                        best_y, best_v = np.array([r.x]), float(r.fun)
        starts = [x[idx].copy(), best_y.copy()]
        rng = np.random.default_rng(0)
        for _ in range(4 if len(idx) > 1 else 0):
            lo_s = np.where(np.isfinite(lo), lo, -scale)
            hi_s = np.where(np.isfinite(hi), hi, lo_s + 2 * scale)
            starts.append(rng.uniform(lo_s, hi_s))
        bnds = [(None if not np.isfinite(a) else a, None if not np.isfinite(b) else b) for a, b in zip(lo, hi)]
        def jac(y: np.ndarray) -> np.ndarray:
            z = x.copy()
            z[idx] = y
            g = -self.gradient(z)[idx]
            return np.where(np.isfinite(g), g, 0.0)

        for s in starts:
            r = optimize.minimize(f, np.clip(s, lo, hi), jac=jac, method="L-BFGS-B", bounds=bnds,
                                  options={"ftol": 1e-15, "gtol": 1e-12, "maxiter": 200, "maxfun": 1000})
            if r.fun < best_v:
                best_y, best_v = np.asarray(r.x, float), float(r.fun)
        return best_y, -best_v

    def gains(self, x: np.ndarray) -> np.ndarray:
        """Each player's gain from its best unilateral deviation.

        Gains below ``1e-12 * max(1, |payoff|)`` are round-off and reported as exactly 0, so that
        results print the same on every platform.
        """
        out = []
        for i in range(len(self.lam.index)):
            _, v = self.best_response(i, x)
            own = self.payoff(i, x)
            gain = max(0.0, v - own)
            out.append(0.0 if gain <= 1e-12 * max(1.0, abs(own) if np.isfinite(own) else 1.0) else gain)
        return np.array(out)

    # -- equilibrium ------------------------------------------------------------------------------
    def _starts(self, x0: np.ndarray | None) -> list[np.ndarray]:
        lo, hi = self.lo, self.hi
        mid = np.where(np.isfinite(lo) & np.isfinite(hi), (lo + hi) / 2,
                       np.where(np.isfinite(lo), lo + 1, np.where(np.isfinite(hi), hi - 1, 0.0)))
        starts = [] if x0 is None else [np.asarray(x0, float)]
        starts.append(mid)
        rng = np.random.default_rng(1)
        for _ in range(3):
            width = np.where(np.isfinite(hi - lo), hi - lo, 4.0)
            base = np.where(np.isfinite(lo), lo, np.where(np.isfinite(hi), hi - width, -2.0))
            starts.append(base + rng.uniform(0.05, 0.95, self.n) * width)
        return starts

    def _interior(self, x: np.ndarray) -> np.ndarray:
        span = np.where(np.isfinite(self.hi - self.lo), self.hi - self.lo, 1.0)
        return np.clip(x, self.lo + 1e-9 * span, self.hi - 1e-9 * span)

    def polish(self, x: np.ndarray, snap: float = 1e-6) -> np.ndarray:
        """Snap near-binding variables to their bound and solve the interior FOCs with ``root``."""
        g = self.gradient(x)
        span = 1.0 + np.abs(x)
        at_lo = np.isfinite(self.lo) & (x - self.lo <= snap * span) & (g <= snap * span)
        at_hi = np.isfinite(self.hi) & (self.hi - x <= snap * span) & (g >= -snap * span)
        z = x.copy()
        z[at_lo] = self.lo[at_lo]
        z[at_hi] = self.hi[at_hi]
        free = ~(at_lo | at_hi)
        if free.any():
            def F(y: np.ndarray) -> np.ndarray:
                w = z.copy()
                w[free] = y
                return self.gradient(w)[free]
            try:
                r = optimize.root(F, z[free], method="hybr", options={"xtol": 1e-15})
                if np.all(np.isfinite(r.x)):
                    w = z.copy()
                    w[free] = r.x
                    z = w
            except (ValueError, FloatingPointError):  # pragma: no cover
                pass
        z = np.clip(z, self.lo, self.hi)
        if np.max(np.abs(self.residual(z)), initial=0) <= np.max(np.abs(self.residual(x)), initial=0):
            return z
        return x

    def solve(self, x0: np.ndarray | None = None, tol: float = 1e-9) -> NumericSolution:
        best: NumericSolution | None = None
        for start in self._starts(x0):
            sol = self._solve_from(self._interior(start), tol)
            if sol.success:
                return sol
            if best is None or np.max(np.abs(sol.residuals)) < np.max(np.abs(best.residuals)):
                best = sol
        assert best is not None
        return best

    def _check(self, x: np.ndarray, tol: float, how: str) -> NumericSolution:
        res = self.residual(x)
        gains = self.gains(x)
        scale = max(1.0, max((abs(self.payoff(i, x)) for i in range(len(self.lam.index))), default=1.0))
        big = bool(np.max(np.abs(x), initial=0) > 1e9)
        ok = bool(np.all(np.isfinite(res)) and np.max(np.abs(res), initial=0) < 1e-7 * max(1.0, np.max(np.abs(x), initial=0))
                  and np.max(gains, initial=0) < 1e-7 * scale and not big)
        msg = f"{how}: |residual| = {np.max(np.abs(res), initial=0):.3g}, max deviation gain = {np.max(gains, initial=0):.3g}"
        if big:
            msg += "; strategies beyond 1e9: best responses appear unbounded"
        return NumericSolution(x=x, success=ok, message=msg, residuals=res, gains=gains)

    def _solve_from(self, x0: np.ndarray, tol: float) -> NumericSolution:
        lo_ls = np.where(np.isfinite(self.lo), self.lo, -np.inf)
        hi_ls = np.where(np.isfinite(self.hi), self.hi, np.inf)
        try:
            r = optimize.least_squares(self.residual, x0, bounds=(lo_ls, hi_ls), xtol=1e-15, ftol=1e-15, gtol=1e-15,
                                       max_nfev=2000)
            x = self.polish(np.clip(r.x, self.lo, self.hi))
            sol = self._check(x, tol, "least squares on the KKT projection residual, polished by root")
            if sol.success:
                return sol
        except (ValueError, FloatingPointError):  # pragma: no cover - scipy rejects the start
            x = x0
        # Gauss-Seidel best-response iteration
        x = x0.copy()
        for it in range(300):
            old = x.copy()
            for i in range(len(self.lam.index)):
                y, _ = self.best_response(i, x)
                x[self.lam.index[i]] = y
            if np.max(np.abs(x - old)) < 1e-13 * max(1.0, np.max(np.abs(x))):
                break
            if not np.all(np.isfinite(x)) or np.max(np.abs(x)) > 1e12:
                break  # diverging best responses (unbounded problem)
        x = np.where(np.isfinite(x), x, np.clip(x0, self.lo, self.hi))
        try:
            r = optimize.least_squares(self.residual, self._interior(x), bounds=(lo_ls, hi_ls), xtol=1e-15,
                                       ftol=1e-15, gtol=1e-15, max_nfev=500)
            if np.max(np.abs(self.residual(np.clip(r.x, self.lo, self.hi)))) < np.max(np.abs(self.residual(x))):
                x = np.clip(r.x, self.lo, self.hi)
        except ValueError:  # pragma: no cover
            pass
        x = self.polish(x)
        return self._check(x, tol, f"best-response iteration ({it + 1} rounds) + least squares, polished by root")
