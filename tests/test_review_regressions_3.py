"""Regression tests for the third review: float Cournot ties one ulp above cost, non-real symbolic
parameters, pickling and deep-copying results. Expected values are derived by hand in comments."""

from fractions import Fraction

import numpy as np
import pytest
import sympy as sp

from gametheory.models.market import Cournot, cournot_batch, cournot_segments, cournot_unchecked

# -- 1. Cournot with the intercept one ulp above tied costs ----------------------------------------
#
# By hand: a = 3.3000000000000003 is the float after 3.3; both lie in [2, 4), where the spacing of
# doubles is 2**-51, so a - c = 2**-51 exactly (Sterbenz: the subtraction of close floats is exact).
# With n identical costs every firm is active and q = (a - c)/(b(n + 1)); for n = 3, b = 1:
# q = 2**-51 / 4 = 2**-53 > 0 (a division by a power of two, exact in floats). The exact price
# P = c + (a - c)/(n + 1) = 3.3 + 2**-53 is within half a spacing (2**-52) of 3.3, so it rounds to 3.3.
# Profits b q^2 = 2**-106, CS = b (3q)^2 / 2 = 9 * 2**-107, and each firm's best reply to the others'
# 2q is r = (a - c - 2bq)/(2b) = (4q - 2q)/2 = q: no gain from deviating.
A_ULP = 3.3000000000000003
Q_ULP = 2.0**-53


def test_one_ulp_intercept_is_the_next_float():
    assert A_ULP == np.nextafter(3.3, 4.0) and A_ULP - 3.3 == 2.0**-51


def test_cournot_float_tie_one_ulp_above_cost_produces():
    eq = Cournot(A_ULP, 1, (3.3,) * 3).equilibrium()
    assert eq.active == (True, True, True)
    assert [float(q) for q in eq.quantities] == [Q_ULP] * 3
    assert float(eq.price) == 3.3
    assert [float(p) for p in eq.profits] == [2.0**-106] * 3
    assert float(eq.consumer_surplus) == 9 * 2.0**-107
    assert float(eq.max_deviation_gain) == 0.0


def test_vectorised_paths_agree_on_the_one_ulp_tie():
    out = cournot_batch(A_ULP, 1.0, [3.3] * 3)
    # all three tied firms enter together (the old prefix-sum test let exactly two of them in)
    assert out["firms_active"] == 3 and out["quantities"].tolist() == [Q_ULP] * 3 and out["price"] == 3.3
    for costs in ([3.3] * 3, np.array([[3.3] * 3, [3.3] * 3])):          # short path, vectorised path
        q, p = cournot_unchecked(A_ULP, 1.0, costs)
        assert np.all(q == Q_ULP) and np.all(p == 3.3)                     # not P = a with q > 0
    # segment 0: the tie; segment 1 by hand (a = 4, costs 1, 1.5, 2): P = (4 + 4.5)/4 = 2.125
    seg = cournot_segments([3.3, 3.3, 3.3, 1.0, 1.5, 2.0], [0, 0, 0, 1, 1, 1], [A_ULP, 4.0])
    assert seg["firms_active"].tolist() == [3, 3] and seg["price"].tolist() == [3.3, 2.125]
    assert seg["quantities"].tolist() == [Q_ULP] * 3 + [1.125, 0.625, 0.125]


@pytest.mark.parametrize("c", [0.1, 1 / 3, 3.3, 7.0, 1e8 + 0.1])
@pytest.mark.parametrize("n", [1, 2, 3, 5, 8])
def test_any_one_ulp_margin_lets_the_tied_cheapest_firms_produce(c, n):
    # by hand: a = next float after c, so a > c and each of the n tied firms produces
    # q = (a - c)/(n + 1) > 0; a dearer firm (cost 2c + 1 > a) stays out
    a = float(np.nextafter(c, np.inf))
    costs = (c,) * n + (2 * c + 1,)
    eq = Cournot(a, 1, costs).equilibrium()
    assert eq.active == (True,) * n + (False,)
    assert all(q > 0 for q in eq.quantities[:n]) and len(set(eq.quantities[:n])) == 1
    out = cournot_batch(a, 1.0, costs)
    assert out["firms_active"] == n and np.all(out["quantities"][:n] > 0) and out["quantities"][n] == 0
    q, p = cournot_unchecked(a, 1.0, costs)
    assert np.array_equal(q, out["quantities"]) and p == out["price"]


def test_exact_path_stays_exact_at_a_tiny_margin():
    # by hand: a = 33/10 + 10**-30, three costs 33/10: q = 10**-30 / 4, P = 33/10 + 10**-30 / 4
    eps = sp.Rational(1, 10**30)
    eq = Cournot(sp.Rational(33, 10) + eps, 1, (Fraction(33, 10),) * 3).equilibrium()
    assert eq.quantities == (eps / 4,) * 3 and eq.price == sp.Rational(33, 10) + eps / 4
    assert eq.profits == (eps**2 / 16,) * 3 and eq.max_deviation_gain == 0


def test_symbolic_route_with_floats_keeps_the_one_ulp_margin():
    # an irrational cost (pi + 10 > a, it stays out) sends the market to the symbolic solver; with
    # sympy Floats the tied firms' a - c is 2**-51 as above, so q = 2**-53 (it used to raise)
    eq = Cournot(A_ULP, 1, (3.3, 3.3, 3.3, sp.pi + 10)).equilibrium()
    assert eq.active == (True, True, True, False)
    assert [float(q) for q in eq.quantities] == [Q_ULP] * 3 + [0.0]


# -- 2. Non-real symbolic parameters ----------------------------------------------------------------
#
# By hand: for a plain symbol x (no assumptions) x + I has is_real None, yet its imaginary part is 1
# whenever x is real, so it is never a real parameter; I*x and exp(I*x) likewise. I*I*x is -x and
# 0*I is 0 (sympy evaluates them when built), and (1 + I)*(1 - I) = 1 - I**2 = 2 is a real number.
x = sp.Symbol("x")


@pytest.mark.parametrize("value", [x + sp.I, sp.I * x, sp.exp(sp.I * x), (x + sp.I) * (x - sp.I), x - sp.sqrt(-1)])
def test_classify_number_refuses_the_imaginary_unit(value):
    from gametheory.core.params import DomainError, classify_number

    with pytest.raises(DomainError, match=r"^cost must be real, got .*imaginary unit"):
        classify_number(value, "cost")


def test_non_real_parameters_are_refused_with_their_name():
    from gametheory.core.params import DomainError, as_param, as_params, classify_number

    with pytest.raises(DomainError, match=r"^a must be real"):
        Cournot(10 + sp.I * x, 1, (1, 2))
    with pytest.raises(DomainError, match=r"^costs\[1\] must be real"):
        as_params([1, x + sp.I], "costs")
    with pytest.raises(DomainError, match=r"^b must be real, got z \(provably not real\)"):
        as_param(sp.Symbol("z", imaginary=True), "b")
    # still accepted: what sympy reduces to a real expression, and a real number written with I
    assert classify_number(sp.I * sp.I * x, "a") == ("symbolic", -x)
    assert classify_number(x + 0 * sp.I, "a") == ("symbolic", x)
    assert classify_number((1 + sp.I) * (1 - sp.I), "a")[0] == "symbolic"


# -- 3. Results pickle and deep-copy, and stay immutable ------------------------------------------
#
# The R&D results kept `checks` (and `diagnostics`) in a types.MappingProxyType, which pickle and
# deepcopy refuse; continuous-game results hold their strategies and multipliers the same way. One
# instance of each result type easily reachable from the families and the core solvers.
R = sp.Rational


def _results():
    from gametheory.core.continuous import ContinuousGame, maximize
    from gametheory.core.normal_form import NormalFormGame
    from gametheory.core.repeated import critical_discount_factor
    from gametheory.core.replicator import Replicator
    from gametheory.models.brand import RegionalBrand
    from gametheory.models.commontech import CommonTechnology
    from gametheory.models.rd import SpilloverRD

    rd = SpilloverRD(100, 1, 60, R(1, 2), 10, n=2)
    q1, q2 = sp.symbols("q1 q2", nonnegative=True)
    duopoly = ContinuousGame([(10 - q1 - q2) * q1 - q1, (10 - q1 - q2) * q2 - 2 * q2], [q1, q2])
    dilemma = NormalFormGame([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    brand = RegionalBrand(3, 2, 1)
    tech = CommonTechnology(valuations=(3, 2, 1))
    return {
        "MarketOutcome": lambda: Cournot(10, 1, (1, 7)).equilibrium(),
        "MarginalEffects": lambda: Cournot(10, 1, (1, 2)).marginal_effects(),
        "RDOutcome": rd.noncooperative,
        "AsymmetricOptimum": lambda: rd.first_best(symmetric=False),
        "JointOptimum": lambda: rd.cartel(symmetric=False),
        "SubsidyOutcome": lambda: rd.subsidy_policy(R(1, 5)),
        "CostShareOutcome": lambda: rd.cost_share_policy(R(1, 5)),
        "RDPolicyOutcome": lambda: rd.coordinate(R(1, 5)),
        "ContinuousEquilibrium": duopoly.equilibrium,
        "Optimum": lambda: maximize((10 - q1) * q1, [q1]),
        "IteratedElimination": dilemma.iterated_elimination,
        "BimatrixEquilibria": dilemma.equilibria,
        "RestPoint": lambda: Replicator(dilemma).rest_points()[0],
        "DiscountThreshold": lambda: critical_discount_factor(3, 5, 1),
        "BrandOutcome": brand.equilibrium,
        "BrandPolicy": lambda: brand.coordinate(shadow_cost=R(1, 5), inspection_cost=R(1, 2), max_fine=2),
        "ProvisionOutcome": tech.equilibrium,
        "PolicyOutcome": lambda: tech.coordinate(shadow_cost=R(1, 5)),
    }


RESULTS = _results()


@pytest.mark.parametrize("kind", sorted(RESULTS))
def test_results_pickle_and_deepcopy_unchanged(kind):
    import copy
    import dataclasses
    import pickle
    from types import MappingProxyType

    result = RESULTS[kind]()
    assert type(result).__name__ == kind
    for twin in (pickle.loads(pickle.dumps(result)), copy.deepcopy(result)):
        assert type(twin) is type(result) and repr(twin) == repr(result)
        with pytest.raises(dataclasses.FrozenInstanceError):
            twin.method = "changed"
        for f in dataclasses.fields(result):          # read-only mappings stay read-only
            if isinstance(getattr(result, f.name), MappingProxyType):
                assert isinstance(getattr(twin, f.name), MappingProxyType)
            if isinstance(getattr(result, f.name), np.ndarray):   # and arrays (pickle restores them writeable)
                assert not getattr(twin, f.name).flags.writeable


def test_unpickled_result_arrays_stay_read_only():
    import pickle

    from gametheory.core.bimatrix import enumerate_equilibria

    # battle of the sexes: three equilibria, each a pair of read-only float arrays
    res = enumerate_equilibria(np.array([[3.0, 0.0], [0.0, 2.0]]), np.array([[2.0, 0.0], [0.0, 3.0]]))
    twin = pickle.loads(pickle.dumps(res))
    assert len(twin) == 3
    for x, y in twin.equilibria:
        assert not x.flags.writeable and not y.flags.writeable
        with pytest.raises(ValueError):
            x[0] = 0.5


def test_rd_checks_stay_read_only_after_a_round_trip():
    import copy
    import pickle

    out = RESULTS["RDOutcome"]()
    for twin in (pickle.loads(pickle.dumps(out)), copy.deepcopy(out)):
        assert dict(twin.checks) == dict(out.checks) and twin.valid == out.valid
        with pytest.raises(TypeError):
            twin.checks["second_order"] = sp.false
