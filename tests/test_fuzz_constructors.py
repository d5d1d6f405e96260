"""Fuzz every public constructor with hostile values (issue 11).

For each constructor a valid baseline call is fixed; Hypothesis replaces one parameter by a hostile
value — NaN, ±inf, huge integers, negatives, text (including a canary that sets a flag if it is
ever evaluated), ``None``, booleans, bytes, complex numbers, sympy ``nan``/``oo``/``I``/symbols,
nested lists, numpy arrays of the wrong shape or dtype, sets, dicts, bare objects. The only
allowed outcomes are

* success, or
* :class:`~gametheory.core._validate.DomainError` (or a documented subclass such as
  ``NonConcavePayoffError``);

anything else (``TypeError``, ``ValueError``, ``IndexError``, ``OverflowError`` …) is a failure, and
so is the canary flag being set. A second property: values that are never a valid number (NaN,
±inf, complex, text, bytes, bare objects) must not be *silently accepted* where a number is
expected.

Failures found in code owned by other engineers at the time of writing are listed in
:data:`KNOWN_RAISES` / :data:`KNOWN_ACCEPTS` (so that the fuzz tests still fail on any *new*
failure); both are empty now that every failure found has been fixed, and the exact reproducers
of those failures are kept below as regression tests.
"""

from __future__ import annotations

import builtins
import fnmatch
import math
import time
from fractions import Fraction
from typing import Any, Callable

import networkx as nx
import numpy as np
import pytest
import sympy as sp
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

import gametheory as g
from gametheory import dynamics
from gametheory.core.params import DomainError
from gametheory.models import brand, commontech, diffusion, evolution, market, rd

x, y = sp.symbols("x y")

FUZZ = settings(max_examples=60, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])

# Evaluated, this sets builtins._GT_CANARY: the test asserts it never is.
CANARY = '__import__("builtins").__setattr__("_GT_CANARY", 1)'

# -- hostile values ----------------------------------------------------------------------------
FIXED = [
    float("nan"), float("inf"), -float("inf"), -0.0, 1e308, -1e308, 5e-324,
    np.float64("nan"), np.float32("inf"), np.int64(2**63 - 1), np.int8(-1),
    10**400, -10**400, 2**63, -1, 0, -5, 10**6,
    Fraction(-1, 3), Fraction(10**300, 3),
    CANARY, "1", "", "nan", "1e999999999", "x",
    None, True, False, np.bool_(True), b"1", bytearray(b"1"),
    1 + 2j, np.complex128(1 + 1j),
    [[1, 2], [3, 4]], [[[]]], [], [1, "a"], [float("nan")], [None], [1, [2, [3]]],
    np.zeros((2, 2)), np.array([]), np.array([[np.nan]]), np.array(["a", "b"]), np.ones((2, 3, 4)),
    np.array([1 + 1j, 2]), np.array([1, 2], dtype=object),
    sp.nan, sp.oo, -sp.oo, sp.zoo, sp.I, 1 + sp.I, sp.Symbol("z"), sp.Symbol("w", negative=True),
    {}, {1, 2}, frozenset(), object(), (1, 2), (float("nan"), 1), (-1, 2), (1e308, 1e308), ((1, 2), (3, 4)),
    range(3),
]

scalars = st.one_of(
    st.sampled_from(FIXED),
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(-10, 10),
    st.text(max_size=6),
    st.complex_numbers(max_magnitude=1e6),
)
HOSTILE = st.one_of(
    scalars,
    st.lists(scalars, max_size=3),
    st.lists(st.lists(scalars, max_size=2), max_size=2),
    st.tuples(st.integers(0, 3), st.integers(0, 3)).map(np.zeros),
)


def _never_a_number(v: Any) -> bool:
    """Values that no numeric parameter may silently accept."""
    if isinstance(v, (str, bytes, bytearray, complex, np.complexfloating, set, frozenset, dict)):
        return True
    if isinstance(v, (float, np.floating)):
        return not math.isfinite(float(v))
    if isinstance(v, sp.Basic):
        return v.has(sp.nan, sp.oo, -sp.oo, sp.zoo) or (v.is_number and v.is_real is False)
    return type(v) is object


# -- the constructors and a valid baseline call of each ----------------------------------------
def _game() -> g.NormalFormGame:
    return g.NormalFormGame(([[1, 0], [0, 1]], [[1, 0], [0, 1]]))


CONSTRUCTORS: dict[str, tuple[Callable[..., Any], dict[str, Any]]] = {
    "NormalFormGame": (g.NormalFormGame, dict(payoffs=([[1, 0], [0, 1]], [[1, 0], [0, 1]]), players=None,
                                              strategies=None)),
    "Replicator": (g.Replicator, dict(game=_game())),
    "ContinuousGame": (g.ContinuousGame, dict(payoffs=[-x**2 + x * y, -y**2 + x * y], strategies=[x, y], bounds=None,
                                              parameters=None, players=None, assumptions=None, constraints=None)),
    "Cournot": (market.Cournot, dict(a=10, b=1, costs=(1, 2))),
    "TechnologyDiffusion": (diffusion.TechnologyDiffusion, dict(a=10, b=1, costs=(1, 2, 3), beta=1, diffusion_cost=0,
                                                                licence_fee=0, intensity=1)),
    "RegionalBrand": (brand.RegionalBrand, dict(n=3, theta=1, k=1, shares=None, traceability=0)),
    "CommonTechnology": (commontech.CommonTechnology, dict(valuations=(1, 2), government=0)),
    "SpilloverRD": (rd.SpilloverRD, dict(a=25, b=1, A=10, beta=0.5, gamma=3, n=2)),
    "Cluster": (dynamics.Cluster, dict(adjacency=nx.path_graph(3), costs=[1.0, 2.0, 2.0], share=True, seek=True,
                                       absorptive_capacity=1.0, gatekeepers=False, innovators=None)),
    "random_cluster": (dynamics.random_cluster, dict(n=20, mean_degree=4.0, tiers=(0.05, 0.25, 0.7),
                                                     costs=(1.0, 1.5, 2.0), share=1.0, seek=1.0,
                                                     absorptive_capacity=(0.3, 0.9), gatekeepers=0.0, seed=0)),
    "BrandInspection": (evolution.BrandInspection, dict(n=3, theta=1, k=1, inspection_probability=0.5, fine=1,
                                                        supervision_cost=1, quality=None, traceability=0,
                                                        shadow_cost=0)),
    "CommonTechCofunding": (evolution.CommonTechCofunding, dict(valuation=2, social_valuation=3, project_cost=1,
                                                                matching_rate=0.5, benefit=None, admin_cost=0,
                                                                reward=0, shadow_cost=0)),
    "DiffusionEvolution": (evolution.DiffusionEvolution, dict(a=10, b=1, leader_cost=1, laggard_cost=2, beta=1, fee=0,
                                                              sharing_cost=0, absorbing_cost=0, subsidy=0, fine=0,
                                                              coordination_cost=0, reward=0, shadow_cost=0,
                                                              government=True)),
}

# Parameters that legitimately take something other than a number (labels, callables, options).
NOT_NUMERIC = {
    ("NormalFormGame", "players"), ("NormalFormGame", "strategies"), ("ContinuousGame", "players"),
    ("ContinuousGame", "assumptions"), ("ContinuousGame", "parameters"), ("ContinuousGame", "constraints"),
    ("ContinuousGame", "bounds"), ("random_cluster", "seed"), ("random_cluster", "share"),
}

# -- failures found, in code owned by others at the time of writing -----------------------------
NON_REAL = "as_param/require in core/_validate.py (shared file; not this change's part): a non-real sympy number " \
           "(sp.I, 1 + I) reaches require(x > 0), whose comparison raises TypeError 'Invalid comparison of non-real I'"


def _non_real_sympy(v: Any) -> bool:
    items = v if isinstance(v, (list, tuple)) else [v]
    return any(isinstance(i, sp.Basic) and i.is_number and i.is_real is False for i in items)


def _any(v: Any) -> bool:
    return True


# (constructor pattern, parameter pattern, value predicate, reason)
KNOWN_RAISES: list[tuple[str, str, Callable[[Any], bool], str]] = []
KNOWN_ACCEPTS: list[tuple[str, str, Callable[[Any], bool], str]] = []


def _known(table, ctor: str, param: str, value: Any) -> str | None:
    for c, p, pred, reason in table:
        if fnmatch.fnmatch(ctor, c) and fnmatch.fnmatch(param, p) and pred(value):
            return reason
    return None


def _check(ctor_name: str, param: str, value: Any, known: list[str] | None = None) -> None:
    """Call the constructor with ``param=value``: success or DomainError, canary unset, quick.

    Known failures are appended to ``known`` (or given to Hypothesis' ``note`` when ``None``).
    """
    ctor, base = CONSTRUCTORS[ctor_name]
    kwargs = dict(base, **{param: value})
    record = note if known is None else known.append
    start = time.perf_counter()
    try:
        ctor(**kwargs)
    except DomainError:
        pass
    except Exception as exc:  # noqa: BLE001 - the point: nothing else may escape
        reason = _known(KNOWN_RAISES, ctor_name, param, value)
        if reason is None:
            raise AssertionError(f"{ctor_name}({param}={value!r:.80}) raised {type(exc).__name__}: {exc}") from exc
        record(f"known failure {ctor_name}({param}={value!r:.60}) -> {type(exc).__name__}: {reason}")
    else:
        if (ctor_name, param) not in NOT_NUMERIC and _never_a_number(value):
            reason = _known(KNOWN_ACCEPTS, ctor_name, param, value)
            assert reason is not None, f"{ctor_name}({param}={value!r:.80}) silently accepted a value that is not a number"
            record(f"known acceptance {ctor_name}({param}={value!r:.60}): {reason}")
    finally:
        evaluated = getattr(builtins, "_GT_CANARY", None)
        if evaluated is not None:
            del builtins._GT_CANARY
    assert evaluated is None, f"{ctor_name}({param}=...) evaluated a string as code"
    assert time.perf_counter() - start < 10, f"{ctor_name}({param}={value!r:.80}) took more than 10 s"


@pytest.mark.parametrize("ctor_name", sorted(CONSTRUCTORS))
def test_baseline_call_is_valid(ctor_name):
    # the fuzz tests change one parameter of this call: it must itself succeed
    ctor, base = CONSTRUCTORS[ctor_name]
    ctor(**base)


@pytest.mark.parametrize("ctor_name", sorted(CONSTRUCTORS))
def test_fixed_hostile_values(ctor_name):
    # every parameter x every fixed hostile value: deterministic, the same in every run
    known: list[str] = []
    for param in CONSTRUCTORS[ctor_name][1]:
        for value in FIXED:
            _check(ctor_name, param, value, known)
    print(f"{ctor_name}: {len(known)} known failures")


@pytest.mark.parametrize("ctor_name", sorted(CONSTRUCTORS))
@FUZZ
@given(data=st.data())
def test_hypothesis_hostile_values(ctor_name, data):
    # one parameter replaced by a value drawn by Hypothesis (random floats, text, nested lists, arrays)
    param = data.draw(st.sampled_from(sorted(CONSTRUCTORS[ctor_name][1])), label="param")
    value = data.draw(HOSTILE, label="value")
    _check(ctor_name, param, value)


# -- exact reproducers of the failures this fuzzing found (fixed; kept as regression tests) ----
REPRODUCERS = [
    pytest.param(lambda: market.Cournot(sp.I, 1, (1, 2)), id="Cournot(a=I)"),
    pytest.param(lambda: rd.SpilloverRD(25, 1, 10, sp.I, 3), id="SpilloverRD(beta=I)"),
    pytest.param(lambda: g.NormalFormGame(([1, 0],), players=3), id="NormalFormGame(players=3)"),
    pytest.param(lambda: g.NormalFormGame(([1, 0],), strategies=3.0), id="NormalFormGame(strategies=3.0)"),
    pytest.param(lambda: g.ContinuousGame([-x**2], [x], bounds=float("nan")), id="ContinuousGame(bounds=nan)"),
    pytest.param(lambda: g.ContinuousGame([-x**2], [x], players=1), id="ContinuousGame(players=1)"),
    pytest.param(lambda: dynamics.Cluster(nx.path_graph(2), costs=[1.0, 10**400]), id="Cluster(costs=[1, 10**400])"),
    pytest.param(lambda: dynamics.Cluster(float("nan"), costs=[1.0]), id="Cluster(adjacency=nan)"),
    pytest.param(lambda: dynamics.random_cluster(20, costs=float("nan")), id="random_cluster(costs=nan)"),
    pytest.param(lambda: dynamics.random_cluster(20, seed=1.5), id="random_cluster(seed=1.5)"),
    pytest.param(lambda: dynamics.random_cluster(20, tiers=None), id="random_cluster(tiers=None)"),
    pytest.param(lambda: dynamics.random_cluster(20, mean_degree=1e308), id="random_cluster(mean_degree=1e308)"),
    pytest.param(lambda: dynamics.Cluster(nx.path_graph(2), costs=[1.0, 2.0], share=float("nan")),
                 id="Cluster(share=nan) accepted"),
    pytest.param(lambda: dynamics.Cluster(nx.path_graph(2), costs=["1", "2"]), id="Cluster(costs=['1','2']) accepted"),
    pytest.param(lambda: dynamics.random_cluster(20, share=True), id="random_cluster(share=True) accepted"),
    pytest.param(lambda: evolution.DiffusionEvolution(float("nan"), 1, 1, 2), id="DiffusionEvolution(a=nan) accepted"),
    pytest.param(lambda: evolution.DiffusionEvolution(10, CANARY, 1, 2), id="DiffusionEvolution(b=text) accepted"),
    pytest.param(lambda: evolution.DiffusionEvolution(10, 1, 1, 2, government="yes"),
                 id="DiffusionEvolution(government='yes') accepted"),
    pytest.param(lambda: market.Cournot(10, 1, {1, 2}), id="Cournot(costs={1, 2}) accepted"),
    pytest.param(lambda: commontech.CommonTechnology(valuations={1, 2}), id="CommonTechnology(valuations={1, 2}) accepted"),
]


@pytest.mark.parametrize("call", REPRODUCERS)
def test_found_failure_is_now_a_domain_error(call):
    # each was a leak (TypeError, IndexError, OverflowError) or a silent acceptance: now a DomainError
    with pytest.raises(DomainError):
        call()
    assert getattr(builtins, "_GT_CANARY", None) is None
