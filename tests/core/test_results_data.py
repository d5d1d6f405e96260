"""Results as data (issue 13): JSON-safe to_dict, pandas frames, xarray grids, bounded displays."""

from __future__ import annotations

import json
import math
import time
from dataclasses import dataclass

import numpy as np
import pytest
import sympy as sp

from gametheory import NormalFormGame, Replicator
from gametheory.core.coordinator import Coordinator, Instrument
from gametheory.core.export import jsonable, records_frame
from gametheory.core.results import Result, format_value
from gametheory.models.market import Cournot

pd = pytest.importorskip("pandas")

a, b = sp.symbols("a b")
STAG = NormalFormGame(([[a, 0], [b, b]], [[a, b], [0, b]]))       # stag payoff a, hare payoff b
BOS = NormalFormGame(([[2, 0], [0, 1]], [[1, 0], [0, 2]]))       # battle of the sexes


@dataclass(frozen=True, repr=False)
class Toy(Result):
    x: object
    welfare: object
    method: str = "closed form"


def test_to_dict_is_json_safe_and_exact():
    # Cournot a=10, b=1, c=(1, 2): q1 = (10 - 2 + 2)/3 = 10/3, q2 = (10 - 4 + 1)/3 = 7/3, P = 13/3
    eq = Cournot(10, 1, (1, 2)).equilibrium()
    d = eq.to_dict()
    assert json.loads(json.dumps(d, allow_nan=False)) == d
    assert d["quantities"] == ["10/3", "7/3"] and d["price"] == "13/3"


def test_floats_in_floats_out_and_symbols_as_text():
    # Cournot a=10, b=1, c=(1.5, 1.5): q = (10 - 1.5)/3 = 2.8333...
    d = Cournot(10.0, 1.0, (1.5, 1.5)).equilibrium().to_dict()
    assert isinstance(d["quantities"][0], float) and math.isclose(d["quantities"][0], 8.5 / 3)
    frame = Cournot(10.0, 1.0, (1.5, 1.5)).equilibrium().to_frame()
    assert all(isinstance(v, float) for v in frame.iloc[0][["price", "welfare"]])
    A, c = sp.symbols("A c", positive=True)
    sym = Cournot(A, 1, (c, c)).equilibrium().to_dict()
    assert isinstance(sym["price"], str) and "A" in sym["price"]
    json.dumps(sym)


def test_jsonable_rules():
    x = sp.Symbol("x")
    assert jsonable(sp.Rational(-3, 4)) == "-3/4" and jsonable(sp.Integer(5)) == 5
    assert jsonable(sp.Float(0.1)) == 0.1 and jsonable(float("nan")) == "nan"
    assert jsonable(np.array([[1, 2], [3, 4]])) == [[1, 2], [3, 4]]
    assert jsonable({x: sp.true, (1, 1): sp.false}) == {"x": True, "(1, 1)": False}
    assert jsonable(x >= 1) == "x >= 1" and jsonable(sp.sqrt(2)) == "sqrt(2)"


def test_one_row_frame_spreads_tuples():
    # Cournot a=10, b=1, c=(1, 2): q = (10/3, 7/3) (see above)
    frame = Cournot(10, 1, (1, 2)).equilibrium().to_frame()
    assert len(frame) == 1 and frame.loc[0, "quantities[0]"] == pytest.approx(10 / 3)
    exact = Cournot(10, 1, (1, 2)).equilibrium().to_frame(exact=True)
    assert exact.loc[0, "quantities[1]"] == sp.Rational(7, 3)


def test_records_frame_of_results_and_of_pairs():
    # Cournot statics table: symmetric duopoly, q = (10 - c)/3 at c = 1, 4
    table = records_frame([Cournot(10, 1, (c, c)).equilibrium() for c in (1, 4)], index=[1, 4])
    assert table["quantities[0]"].tolist() == pytest.approx([3.0, 2.0])
    pairs = records_frame([(("subsidy", 0.0), ("seed", 1)), (("subsidy", 0.5), ("seed", 2))])
    assert pairs.columns.tolist() == ["subsidy", "seed"] and pairs["subsidy"].tolist() == [0.0, 0.5]


def test_regime_map_frame_and_xarray():
    # Stag hunt: (Stag, Stag) iff a >= b; (Hare, Hare) iff b >= 0. At (a, b) = (3, -1) only (0, 0).
    rm = STAG.regime_map(x=(a, -1, 3, 5), y=(b, -1, 3, 5))
    frame = rm.to_frame()
    assert len(frame) == 25 and list(frame.columns[:4]) == ["a", "b", "label", "equilibria"]
    row = frame[(frame.a == 3) & (frame.b == -1)].iloc[0]
    assert row["(0, 0)"] and not row["(1, 1)"] and row["equilibria"] == "(0, 0)"
    assert (frame["(0, 0)"] == (frame.a >= frame.b)).all()
    xr = pytest.importorskip("xarray")
    ds = rm.to_xarray()
    assert isinstance(ds, xr.Dataset) and ds["label"].dims == ("b", "a")
    assert bool(ds["equilibrium"].sel(profile="(1, 1)", a=-1.0, b=2.0)) is True      # b >= 0
    json.dumps(rm.to_dict())


def test_trajectories_frame_and_xarray():
    tr = Replicator(BOS).simulate([[0.3, 0.7, 0.6, 0.4], [0.5, 0.5, 0.5, 0.5]], np.linspace(0, 1, 11))
    frame = tr.to_frame()
    assert len(frame) == 2 * 11 and frame.columns.tolist() == ["trajectory", "t", "pop1_s1", "pop1_s2",
                                                               "pop2_s1", "pop2_s2"]
    first = frame[(frame.trajectory == 0) & (frame.t == 0)].iloc[0]
    assert first["pop1_s1"] == 0.3 and first["pop2_s1"] == 0.6
    assert np.allclose(frame.pop1_s1 + frame.pop1_s2, 1)
    pytest.importorskip("xarray")
    da = tr.to_xarray()
    assert da.dims == ("t", "trajectory", "strategy") and da.sel(strategy="pop2_s1")[0, 0] == 0.6


def test_stability_table():
    # BoS: (S1, S1) and (S2, S2) strict Nash -> asymptotically stable; interior (2/3, 1/3) saddle
    table = records_frame(Replicator(BOS).stability())
    interior = table[table["kind"] == "interior"].iloc[0]
    assert interior["pop1_s1"] == pytest.approx(2 / 3) and interior["classification"] == "saddle"
    assert (table["strict_nash"] == (table["classification"] == "asymptotically stable")).all()


def crowding_out():
    """Public provision g0 of a common technology (valuations 3, 2; f = log), as in
    tests/core/test_coordinator.py: provide 5/(1 + λ) iff λ < 5 e^{-2/5}/3 - 1 = 0.1172, else 0;
    W(λ=0) = 5 log 5 - 5 (g0 = 5), W = 5 log 3 - 3 when g0 = 0 (= laissez-faire)."""
    g = sp.Symbol("g", nonnegative=True)
    G, g1 = sp.Symbol("G", positive=True), sp.Symbol("g1")
    return Coordinator([Instrument("g0", g, bounds=(0, 20), budget=g)],
                       response={G: sp.Max(3, g), g1: sp.Max(3 - g, 0)},
                       welfare_parts={"producer_surplus": 5 * sp.log(G) - g1})


def test_policy_sweep_frame_and_xarray():
    sw = crowding_out().sweep(np.array([0.0, 0.5]))
    frame = sw.to_frame()
    assert frame["shadow_costs"].tolist() == [0.0, 0.5]
    assert frame["welfare"].tolist() == pytest.approx([5 * math.log(5) - 5, 5 * math.log(3) - 3])
    assert frame["policy.g0"].tolist() == pytest.approx([5.0, 0.0])
    assert frame["laissez_faire_welfare"].tolist() == pytest.approx([5 * math.log(3) - 3] * 2)
    pytest.importorskip("xarray")
    ds = sw.to_xarray()
    assert ds["welfare"].dims == ("shadow_costs",) and float(ds["policy.g0"].sel(shadow_costs=0.0)) == 5.0
    json.dumps(sw.to_dict(), allow_nan=False)


def test_results_without_grid_refuse_to_xarray():
    from gametheory.core.params import DomainError

    with pytest.raises(DomainError, match="no grid"):
        Cournot(10, 1, (1, 2)).equilibrium().to_xarray()


# --------------------------------------------------------------------------------------------
# bounded displays (issue 13: 2.35 MB / 4.5 s for a 201x201 regime map, 1.6 MB for trajectories)
# --------------------------------------------------------------------------------------------
def _displays(result):
    for render in (repr, lambda r: r.summary(), lambda r: r._repr_latex_(), lambda r: r._repr_html_()):
        start = time.perf_counter()
        text = render(result)
        yield len(text), time.perf_counter() - start


def test_display_of_a_201x201_regime_map_is_bounded():
    rm = STAG.regime_map(x=(a, -1, 3, 201), y=(b, -1, 3, 201))
    for size, seconds in _displays(rm):
        assert size < 20_000 and seconds < 0.5


def test_display_of_200_trajectories_is_bounded():
    rng = np.random.default_rng(0)
    p = rng.uniform(0.05, 0.95, (200, 2))
    tr = Replicator(BOS).simulate(np.column_stack([p[:, 0], 1 - p[:, 0], p[:, 1], 1 - p[:, 1]]), 10)
    assert tr.states.shape == (201, 200, 4)
    for size, seconds in _displays(tr):
        assert size < 20_000 and seconds < 0.5


def test_small_values_display_as_before_and_large_ones_are_summarised():
    r = Toy(np.array([1.0, 2.0]), sp.Rational(1, 2))
    assert repr(r) == "Toy(x=[1., 2.], welfare=1/2, method='closed form')"
    big = Toy(np.arange(100).reshape(10, 10), tuple(range(60)))
    assert format_value(big.x) == "<array (10, 10) int64, 0 .. 99; first: 0, 1, 2, 3, …>"
    assert format_value(big.welfare) == "<tuple of 60 items; first: 0, 1, 2, 3, …>"
    assert "array (10, 10) int64" in big._repr_latex_() and "<table>" in big._repr_html_()
    assert "&lt;array" in big._repr_html_()                        # escaped in HTML
