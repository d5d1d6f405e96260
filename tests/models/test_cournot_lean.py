"""cournot_unchecked, the lean path of cournot_batch, and the family wrappers that call it (issue 12)."""

import numpy as np
import pytest

from gametheory.models.diffusion import cournot_grid
from gametheory.models.market import cournot_batch, cournot_unchecked
from gametheory.models.rd.asymmetric import cournot_float


@pytest.mark.parametrize("n", [1, 2, 3, 7, 8, 31, 32, 33, 60])
def test_short_path_gives_the_same_numbers_as_the_batch(n):
    # one market of up to 32 firms is solved in Python floats, larger ones by the vectorised
    # code: both must give bit-identical quantities and prices to cournot_batch
    rng = np.random.default_rng(n)
    for _ in range(200):
        a, b = rng.uniform(1, 20), rng.uniform(0.2, 3)
        c = rng.uniform(0, 15, n) if rng.random() < 0.5 else np.round(rng.uniform(0, 15, n), 1)
        q, p = cournot_unchecked(a, b, c)
        out = cournot_batch(a, b, c)
        assert np.array_equal(q, out["quantities"]) and p == out["price"]
        # and the vectorised path on the same market as a row of a grid
        qg, pg = cournot_unchecked(a, b, c[None, :])
        assert np.array_equal(qg[0], q) and pg[0] == p


def test_hand_cases_and_conventions():
    q, p = cournot_unchecked(10.0, 1.0, [1.0, 7.0])        # firm 2 exits: monopoly P = 11/2
    assert q.tolist() == [4.5, 0.0] and p == 5.5
    q, p = cournot_unchecked(10.0, 2.0, [12.0, 11.0])      # nobody produces: P = a (as Cournot)
    assert q.tolist() == [0.0, 0.0] and p == 10.0
    q, p = cournot_unchecked(10.0, 1.0, [-2.0, 1.0])       # no validation: an optimiser may step below 0
    assert np.allclose(q, [5.0, 2.0]) and p == pytest.approx(3.0)              # P = (10 - 2 + 1)/3


def test_family_wrappers_are_the_market_block():
    rng = np.random.default_rng(0)
    C = rng.uniform(0, 12, (300, 4))
    q, p = cournot_grid(10.0, 1.0, C)
    out = cournot_batch(10.0, 1.0, C)
    assert np.array_equal(q, out["quantities"]) and np.array_equal(p, out["price"])
    for row in C[:50]:
        qf, pf = cournot_float(10.0, 1.0, row)
        assert np.array_equal(qf, cournot_batch(10.0, 1.0, row)["quantities"]) and pf == cournot_batch(10.0, 1.0, row)["price"]
