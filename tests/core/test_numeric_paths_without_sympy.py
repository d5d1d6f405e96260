"""Numeric paths never import sympy (issues 12 and 20: its import alone is ~0.2 s).

Each check runs in a fresh interpreter, since the test session itself has long imported sympy.
Symbolic work still gets sympy on first use (the last test).
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest


def _run(code: str) -> str:
    out = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    return out.stdout.strip()


FLOAT_GAME = """
    import json, sys
    import numpy as np
    from gametheory.core.bimatrix import enumerate_equilibria
    from gametheory.core.normal_form import NormalFormGame
    from gametheory.core.replicator import Replicator
    A = np.array([[3.0, 0.0], [0.0, 2.0], [1.0, 1.0]]); B = np.array([[2.0, 0.0], [0.0, 3.0], [1.0, 1.5]])
    res = enumerate_equilibria(A, B)
    assert len(res) == 3, res                     # (1,0,0)x(1,0), (3/5,2/5,0)x(2/5,3/5), (0,1,0)x(0,1)
    text = repr(res) + res.summary() + res._repr_html_() + json.dumps(res.to_dict())
    # prisoner's dilemma (defection dominant): every interior trajectory tends to (D, D)
    game = NormalFormGame(np.array([[3.0, 0.0], [5.0, 1.0]]), np.array([[3.0, 5.0], [0.0, 1.0]]))
    traj = Replicator(game).simulate(np.array([[0.5, 0.5, 0.4, 0.6]]), np.linspace(0.0, 20.0, 5))
    assert traj.states[-1, 0, 0] < 1e-3 and traj.states[-1, 0, 2] < 1e-3
    # float Cournot, one market and a batch: a=10, b=1, c=(1, 7): firm 2's interior quantity
    # (10 - 14 + 1)/3 < 0, so firm 1 is a monopolist, q1 = 9/2 at P = 11/2; with c=(2, 3) both
    # produce: P = (12 + 5)/3 = 17/3.
    from gametheory.models.market import cournot_batch, cournot_unchecked
    q, p = cournot_unchecked(10.0, 1.0, [1.0, 7.0])
    assert q.tolist() == [4.5, 0.0] and float(p) == 5.5
    batch = cournot_batch(np.array([10.0, 12.0]), 1.0, np.array([[1.0, 7.0], [2.0, 3.0]]))
    assert np.allclose(batch["price"], [5.5, 17 / 3])
    print("sympy" in sys.modules)
"""


def test_float_equilibria_printing_replicator_and_cournot_never_import_sympy():
    assert _run(FLOAT_GAME) == "False"


def test_lazy_sympy_is_the_real_module_on_first_use():
    code = """
        import sys
        from gametheory.core.lazy_sympy import is_sympy, sp, sympy_loaded
        assert not sympy_loaded() and not is_sympy(0.5)
        half = sp.Rational(1, 2)                 # first use imports sympy
        import sympy
        assert sympy_loaded() and is_sympy(half) and half == sympy.Rational(1, 2)
        assert sp.Rational is sympy.Rational     # later accesses are plain attributes
        print("ok")
    """
    assert _run(code) == "ok"


@pytest.mark.parametrize("kind", ["Basic", "Rational", "MatrixBase"])
def test_is_sympy_matches_isinstance_once_loaded(kind):
    import sympy

    from gametheory.core.lazy_sympy import is_sympy

    for value in (sympy.Rational(1, 3), sympy.Matrix([[1]]), sympy.Symbol("x"), 1.5, 2, "x", None):
        assert is_sympy(value, kind) == isinstance(value, getattr(sympy, kind))


@pytest.mark.parametrize("kind", ["sqrt", "no_such_class", '__import__("os")', 3])
def test_is_sympy_refuses_a_kind_that_is_not_a_sympy_class(kind):
    import sympy  # noqa: F401 - loaded, so kind is looked up

    from gametheory.core.lazy_sympy import is_sympy

    with pytest.raises(TypeError, match="must name a sympy class"):
        is_sympy(1, kind)
