"""Issue 12: sympy numbers compared with Python literals (``Float(0.0) != 0`` is True, ``Float(1.0) == 1``
is False in sympy >= 1.13). Float parameters at the special values 0, 1/2 and 1 must give the same
numbers as the exact parameters, and a float never goes through ``nsimplify`` (which invented
radicals such as ``2**(64/143)`` in the R&D coordinator's benchmark)."""

from __future__ import annotations

from fractions import Fraction as F

import pytest
import sympy as sp

from gametheory.models.rd import SpilloverRD

REGIMES = ("noncooperative", "cartel", "rjv_competition", "rjv_cartel", "second_best", "first_best")


@pytest.mark.parametrize("beta", [0, F(1, 2), 1])
def test_float_special_spillovers_match_exact(beta):
    exact = SpilloverRD(a=100, b=1, A=60, beta=beta, gamma=3)
    floaty = SpilloverRD(a=100.0, b=1.0, A=60.0, beta=float(beta), gamma=3.0)
    for name in REGIMES:
        e, f = getattr(exact, name)(), getattr(floaty, name)()
        assert float(f.rd) == pytest.approx(float(e.rd), rel=1e-12)
        assert float(f.welfare) == pytest.approx(float(e.welfare), rel=1e-12)
        assert f.valid == e.valid, name


def test_float_coordinator_benchmark_is_a_float_not_a_radical():
    # Hand (n = 2, beta = 0, so u = 2, v = 1, B = 9, D = 9 gamma, Delta = D - 2uv = 9 gamma - 4):
    # s* = d[gamma((n+2)v - 2u) - 2 lam u Delta/B]/(D - (n+2)v^2 + 2 lam Delta)
    #    = -4 lam d Delta/(9 Delta (1 + 2 lam)) = -4 lam d/(9(1 + 2 lam)); d = 40, lam = 1/5:
    #    s* = -32/12.6 = -2.5396825...
    m = SpilloverRD(a=100.0, b=1.0, A=60.0, beta=0.0, gamma=3.0)
    p = m.coordinate(0.2)
    assert float(p.subsidy) == pytest.approx(-32 / 12.6, rel=1e-12)
    for value in (p.benchmark_welfare, p.gap_closed):
        assert not sp.sympify(value).has(sp.Pow), value   # no nsimplified radicals
    exact = SpilloverRD(a=100, b=1, A=60, beta=0, gamma=3).coordinate(F(1, 5))
    assert float(p.benchmark_welfare) == pytest.approx(float(exact.benchmark_welfare), rel=1e-9)
    assert float(p.gap_closed) == pytest.approx(float(exact.gap_closed), rel=1e-9)
    assert 0 <= float(p.gap_closed) <= 1


@pytest.mark.parametrize("beta,delta", [(0, 0), (F(1, 2), 0), (F(1, 2), F(1, 2)), (1, F(1, 4)), (0, F(1, 2))])
def test_absorptive_float_inputs_match_exact(beta, delta):
    from gametheory.models.rd import AbsorptiveRD

    exact = AbsorptiveRD(a=25, b=1, A=10, beta=beta, gamma=3, delta=delta)
    floaty = AbsorptiveRD(a=25.0, b=1.0, A=10.0, beta=float(beta), gamma=3.0, delta=float(delta))
    for name in ("noncooperative", "cartel", "rjv_competition", "rjv_cartel"):
        e, f = getattr(exact, name)(), getattr(floaty, name)()
        assert float(f.rd) == pytest.approx(float(e.rd), rel=1e-12) and f.valid == e.valid, name
