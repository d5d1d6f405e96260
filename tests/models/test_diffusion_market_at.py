"""TechnologyDiffusion.market_at returns a named result that still unpacks as the old 5-tuple (issue 12)."""

import sympy as sp

from gametheory.models.diffusion import TechnologyDiffusion


def test_market_at_is_named_and_unpacks():
    m = TechnologyDiffusion(10, 1, (1, 2, 3))
    res = m.market_at((1, 2, 3))
    q, price, profits, active, cond = res                 # the callers' unpacking still works
    assert (res.quantities, res.price, res.profits, res.active, res.conditions) == (q, price, profits, active, cond)
    assert q == [3, 2, 1] and price == 4 and profits == [9, 4, 1] and active == (True,) * 3 and res[4] == sp.true
    a = sp.Symbol("a", positive=True)
    sym = TechnologyDiffusion(a, 1, (1, 2, 3)).market_at((1, 2, 3))
    assert sym.conditions == sp.And(a - 6 > 0, a - 2 > 0) and sym.active == (True,) * 3
