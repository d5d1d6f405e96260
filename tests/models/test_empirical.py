"""Path-model effect decomposition (gametheory.models.empirical) against hand computation.

Seed 000 (Lin, Cao & Zeng) — structural paths of the modified model, standardised, as printed:
    F = firm attribute 企业属性, T = technology power 技术权力, N = innovation networking 创新结网,
    C = cooperation mode 创新合作方式, L = innovation location 创新区位
    F→T 0.209, T→N −0.183, T→C 0.234, N→C 0.121, N→L 0.523, L→C 0.532.
Every expected value below is a product of these numbers worked out by hand (written beside it).
"""

from __future__ import annotations

import json
import math
from fractions import Fraction as Fr
from pathlib import Path

import numpy as np
import pytest
import sympy as sp
from hypothesis import given
from hypothesis import strategies as st

from gametheory.core.params import DomainError
from gametheory.models.empirical import (
    Effect, PathModel, compare_with_table, published_table, seed000,
)

F, T, N, C, L = "firm_attribute", "technology_power", "innovation_networking", "cooperation_mode", "innovation_location"
R = sp.Rational


@pytest.fixture(scope="module")
def seed():
    return PathModel.from_seed000().effects()


# -- textbook examples ------------------------------------------------------------------------------
def test_mediation_textbook_indirect_is_a_times_b_total_c_plus_ab():
    a, b, c = sp.symbols("a b c")
    e = PathModel([("X", "M", a), ("M", "Y", b), ("X", "Y", c)]).effects()
    assert e.effect("X", "Y") == Effect(c, a * b, c + a * b)
    assert e.effect("X", "M") == Effect(a, 0, a)
    assert e.effect("M", "Y") == Effect(b, 0, b)
    assert e.effect("Y", "X") == Effect(0, 0, 0)          # no effect against the arrows


def test_mediation_with_numbers_exact():
    # a = 1/2, b = 1/3, c = 1/4: indirect 1/6, total 1/4 + 1/6 = 5/12 (exact, no float)
    e = PathModel({("X", "M"): Fr(1, 2), ("M", "Y"): Fr(1, 3), ("X", "Y"): Fr(1, 4)}).effects()
    assert e.effect("X", "Y") == (R(1, 4), R(1, 6), R(5, 12))
    assert e.exact


def test_two_parallel_mediators_sum_their_products():
    # X→M1→Y (a1 b1) and X→M2→Y (a2 b2), plus M1→M2 (d): routes X-M1-Y, X-M2-Y, X-M1-M2-Y
    a1, b1, a2, b2, d = sp.symbols("a1 b1 a2 b2 d")
    m = PathModel([("X", "M1", a1), ("X", "M2", a2), ("M1", "Y", b1), ("M2", "Y", b2), ("M1", "M2", d)])
    e = m.effects()
    assert sp.expand(e.effect("X", "Y").indirect - (a1 * b1 + a2 * b2 + a1 * d * b2)) == 0
    assert [r.nodes for r in e.routes_between("X", "Y")] == [("X", "M1", "Y"), ("X", "M2", "Y"), ("X", "M1", "M2", "Y")]


def test_float_coefficients_stay_float_and_flag_inexact():
    e = PathModel([("X", "M", 0.5), ("M", "Y", 0.25)]).effects()
    assert not e.exact
    assert math.isclose(float(e.effect("X", "Y").total), 0.125)


# -- the bundled diagram, by hand ---------------------------------------------------------------------
def test_seed000_direct_effects_are_the_diagram(seed):
    assert seed.effect(F, T).direct == R(209, 1000)
    assert seed.effect(T, N).direct == R(-183, 1000)
    assert seed.effect(T, C).direct == R(234, 1000)
    assert seed.effect(T, L).direct == 0                      # no arrow T→L (Table 4: 0.000)
    assert seed.effect(N, C).direct == R(121, 1000)
    assert seed.effect(N, L).direct == R(523, 1000)
    assert seed.effect(L, C).direct == R(532, 1000)


def test_seed000_indirect_effects_by_hand(seed):
    # N→C: route N→L→C = 0.523 × 0.532 = 0.278236
    assert seed.effect(N, C).indirect == R(278236, 10**6)
    assert seed.effect(N, C).total == R(399236, 10**6)        # 0.121 + 0.278236
    # T→L: route T→N→L = −0.183 × 0.523 = −0.095709
    assert seed.effect(T, L).indirect == R(-95709, 10**6)
    # T→C: T→N→C = −0.183 × 0.121 = −0.022143; T→N→L→C = −0.183 × 0.523 × 0.532 = −0.050917188
    #      sum −0.073060188; total 0.234 − 0.073060188 = 0.160939812
    assert seed.effect(T, C).indirect == R(-73060188, 10**9)
    assert seed.effect(T, C).total == R(160939812, 10**9)
    # F→N: 0.209 × −0.183 = −0.038247
    assert seed.effect(F, N).total == R(-38247, 10**6)
    # F→L: 0.209 × −0.095709 = −0.020003181
    assert seed.effect(F, L).total == R(-20003181, 10**9)
    # F→C: 0.209 × 0.160939812 = 0.033636420708  (all of it indirect)
    assert seed.effect(F, C) == (0, R(33636420708, 10**12), R(33636420708, 10**12))


def test_seed000_routes_listed_with_products(seed):
    routes = {r.nodes: r.product for r in seed.routes_between(T, C)}
    assert routes == {(T, N, C): R(-22143, 10**6), (T, N, L, C): R(-50917188, 10**9)}
    # 9 routes of two or more arrows in all (counted on the diagram by hand):
    # F-T-N, F-T-C, F-T-N-C, F-T-N-L-C, F-T-N-L, T-N-C, T-N-L-C, T-N-L, N-L-C
    assert len(seed.routes) == 9


def test_total_effects_equal_inverse_formula_and_route_sums(seed):
    B = sp.Matrix(seed.direct)
    n = B.shape[0]
    assert sp.Matrix(seed.total) == (sp.eye(n) - B).inv() - sp.eye(n)          # (I − B)^{-1} − I
    sums = sp.zeros(n, n)
    for r in seed.routes:
        sums[seed.variables.index(r.source), seed.variables.index(r.target)] += r.product
    assert sp.Matrix(seed.indirect) == sums


@given(st.integers(2, 6), st.data())
def test_random_dag_total_effects_match_inverse_and_numpy(n, data):
    # upper-triangular B (order = topological order) with small rational coefficients
    entries = {}
    for i in range(n):
        for j in range(i + 1, n):
            if data.draw(st.booleans()):
                entries[(f"v{i}", f"v{j}")] = Fr(data.draw(st.integers(-9, 9)), data.draw(st.integers(1, 9)))
    if not entries:
        entries[("v0", "v1")] = Fr(1, 2)
    m = PathModel(entries, variables=tuple(f"v{i}" for i in range(n)))
    e = m.effects()
    B = sp.Matrix(m.matrix())
    assert sp.Matrix(e.total) == (sp.eye(n) - B).inv() - sp.eye(n)
    sums = sp.zeros(n, n)                                                        # path tracing
    for r in e.routes:
        sums[e.variables.index(r.source), e.variables.index(r.target)] += r.product
    assert sp.Matrix(e.indirect) == sums
    Bf = np.array(B.tolist(), dtype=float)
    assert np.allclose(np.array(sp.Matrix(e.total).tolist(), dtype=float), np.linalg.inv(np.eye(n) - Bf) - np.eye(n))


# -- comparison with the published Table 4 --------------------------------------------------------------
def test_table4_rows_agree_within_rounding_except_the_documented_ones():
    rows = {(r.source, r.target): r for r in compare_with_table(PathModel.from_seed000(), published_table())}
    assert len(rows) == 7
    disagree = {k: r.agrees for k, r in rows.items() if not all(r.agrees)}
    # Documented in derivations/empirical.md: Table 4 gives T→C indirect +0.022 (computed −0.073)
    # and T→L indirect +0.096 (computed −0.096); totals follow.
    assert disagree == {(T, C): (True, False, False), (T, L): (True, False, False)}
    # the agreeing N→C row differs only by rounding: 0.278236 printed as 0.278
    assert rows[(N, C)].difference == (0, R(236, 10**6), R(236, 10**6))
    # bound for N→C indirect: (0.523 + h)(0.532 + h) − 0.523·0.532 + h, h = 0.0005
    h = R(1, 2000)
    assert rows[(N, C)].bound.indirect == (R(523, 1000) + h) * (R(532, 1000) + h) - R(523 * 532, 10**6) + h


def test_published_indirect_effects_are_two_link_routes_with_the_sign_of_T_to_N_dropped():
    # Hypothesis stated in the derivation: Table 4's indirect effects of T are |−0.183| times the
    # next coefficient (two-link routes only): 0.183 × 0.121 = 0.022143 → 0.022 and
    # 0.183 × 0.523 = 0.095709 → 0.096; total T→C 0.234 + 0.022 = 0.256.
    pub = {(s, t): e for s, t, e in published_table()}
    assert round(0.183 * 0.121, 3) == float(pub[(T, C)].indirect) == 0.022
    assert round(0.183 * 0.523, 3) == float(pub[(T, L)].indirect) == 0.096
    assert pub[(T, C)].total == pub[(T, C)].direct + pub[(T, C)].indirect
    # No single sign flip of T→N reproduces both: with +0.183 the T→C indirect effect is
    # 0.183 × (0.121 + 0.523 × 0.532) = 0.073060188, not 0.022.
    flipped = PathModel([(s, t, -c if (s, t) == (T, N) else c) for s, t, c in PathModel.from_seed000().paths]).effects()
    assert flipped.effect(T, C).indirect == R(73060188, 10**9)


def test_comparison_needs_numbers():
    with pytest.raises(DomainError, match="free symbols: a"):
        compare_with_table(PathModel([("X", "Y", sp.Symbol("a"))]), [("X", "Y", Effect(1, 0, 1))])


def test_published_table_is_internally_consistent():
    for _, _, e in published_table():     # direct + indirect = total in every printed row
        assert e.direct + e.indirect == e.total


# -- bundled data ------------------------------------------------------------------------------------
def test_bundled_json_has_names_in_both_languages_and_every_table4_path():
    data = seed000()
    ids = [v["id"] for v in data["variables"]]
    assert all(v["en"] and v["zh"] for v in data["variables"])
    assert {"技术权力", "创新结网", "创新合作方式", "创新区位", "企业属性"} == {v["zh"] for v in data["variables"]}
    for row in data["table_4"]:
        assert row["source"] in ids and row["target"] in ids
        if row["direct"] != "0.000":                     # every non-zero direct effect is an arrow
            assert {"source": row["source"], "target": row["target"], "coefficient": row["direct"]}.items() <= \
                next(p for p in data["paths"] if (p["source"], p["target"]) == (row["source"], row["target"])).items()
    assert len(data["loadings"]) == 18


def test_seed000_returns_a_fresh_copy():
    seed000()["paths"].clear()
    assert len(seed000()["paths"]) == 6


def test_package_data_file_exists():
    import gametheory
    assert (Path(gametheory.__file__).parent / "data" / "seed000_paths.json").exists()
    json.loads((Path(gametheory.__file__).parent / "data" / "seed000_paths.json").read_text(encoding="utf-8"))


# -- validation --------------------------------------------------------------------------------------
@pytest.mark.parametrize("paths, message", [
    ([("X", "Y", 1), ("Y", "X", 1)], "cycle X → Y → X"),
    ([("X", "Y", 1), ("Y", "Z", 1), ("Z", "X", 1)], "cycle X → Y → Z → X"),
    ([("X", "X", 1)], "cycle X → X"),
    ([("X", "Y", float("nan"))], "finite"),
    ([("X", "Y", float("inf"))], "finite"),
    ([("X", "Y", "abc")], "not a number"),
    ([("X", "Y", "__import__('os')")], "not a number"),
    ([("X", "Y", True)], "must be a number"),
    ([("X", "Y", 1), ("X", "Y", 2)], "duplicate path"),
    ([("X", "", 1)], "non-empty"),
    ([("X", "Y")], "(source, target, coefficient)"),
    ([], "at least one path"),
    ("X->Y", "triples"),
])
def test_bad_models_are_rejected(paths, message):
    with pytest.raises(DomainError, match=message.replace("(", r"\(").replace(")", r"\)")):
        PathModel(paths)


def test_unknown_variables_are_named():
    with pytest.raises(DomainError, match="unknown variable 'Z' in path X → Z"):
        PathModel([("X", "Z", 1)], variables=("X", "Y"))
    e = PathModel([("X", "Y", 1)]).effects()
    with pytest.raises(DomainError, match="unknown variable 'Q'"):
        e.effect("X", "Q")
    with pytest.raises(DomainError, match="unknown variable"):
        PathModel([("X", "Y", 1)]).coefficient("X", "Q")


@pytest.mark.parametrize("kwargs, message", [
    (dict(paths=[{"source": "X", "target": "Y"}]), "lacks coefficient"),
    (dict(paths=[("X", "Y", 1)], variables="XY"), "variables must be a sequence of names"),
    (dict(paths=[("X", "Y", 1)], variables=("X", "")), "variables must be non-empty strings"),
    (dict(paths=[("X", "Y", 1)], variables=("X", "Y", "X")), "duplicate variable names"),
    (dict(paths=[("X", "Y", 1)], labels={"Q": "q"}), "label for unknown variable 'Q'"),
])
def test_bad_variables_and_labels_are_rejected(kwargs, message):
    with pytest.raises(DomainError, match=message):
        PathModel(**kwargs)


def test_isolated_variables_and_order():
    m = PathModel([("B", "C", 2)], variables=("A", "B", "C"))
    e = m.effects()
    assert e.variables == ("A", "B", "C") and e.effect("A", "C") == (0, 0, 0)
    assert m.topological_order() == ("A", "B", "C")
    assert PathModel([("Y", "Z", 1), ("X", "Y", 1)]).topological_order() == ("X", "Y", "Z")


def test_result_is_immutable_and_printable(seed):
    with pytest.raises(Exception):
        seed.total[0, 1] = 5
    assert seed._repr_latex_().startswith("$$\\begin{aligned}")
    assert "\\frac{209}{1000}" in seed._repr_latex_()
    assert seed.table()[0] == (F, T, R(209, 1000), 0, R(209, 1000))


# -- outputs: figure data, derivation, demo ---------------------------------------------------------------
def test_figure_data_are_the_hand_effects_of_technology_power():
    from gametheory.outputs.catalog.empirical import path_effects_data

    d = path_effects_data()
    assert list(d["targets"]) == [N, C, L]
    assert np.allclose(d["direct"], [-0.183, 0.234, 0.0])
    assert np.allclose(d["indirect"], [0.0, -0.183 * 0.121 - 0.183 * 0.523 * 0.532, -0.183 * 0.523])
    assert np.allclose(d["total"], d["direct"] + d["indirect"])
    assert np.allclose(d["published_indirect"], [0.0, 0.022, 0.096])      # Table 4 as printed
    assert np.allclose(d["published_total"], [-0.183, 0.256, 0.096])


def test_derivation_states_the_disagreements_and_chinese_terms():
    from gametheory.outputs import derive

    text = derive.render("empirical")
    for needle in ("-0.073060188", "0.160939812", "-0.095709", "**disagrees**", "技术权力", "创新结网",
                   "创新合作方式", "创新区位", "主动避免技术溢出", "协调者"):
        assert needle in text
    assert text.count("**disagrees**") == 4                    # T→C and T→L, indirect and total


def test_decimal_rendering_is_exact():
    from gametheory.outputs.catalog.empirical import decimal

    assert decimal(R(-73060188, 10**9)) == "-0.073060188"
    assert decimal(R(1, 8)) == "0.125" and decimal(R(-3, 1)) == "-3" and decimal(0) == "0"
    assert decimal(R(-1, 20)) == "-0.05"


def test_demo_runs_and_writes_its_figure(tmp_path):
    import io

    from gametheory.outputs.demos import run_demo

    out = io.StringIO()
    run_demo("empirical", stream=out, outdir=tmp_path)
    assert "0.160939812" in out.getvalue()
    assert (tmp_path / "figures" / "empirical_path_effects.png").exists()


def test_diffusion_incentive_by_hand():
    from gametheory.outputs.catalog.empirical import diffusion_incentive

    inc = diffusion_incentive()
    a, b, cL, cG = inc["symbols"]
    # pi_L = (a + c_G - 2 c_L)^2 / (9 b)  =>  d pi_L / d c_G = 2 (a + c_G - 2 c_L) / (9 b)
    assert sp.simplify(inc["dprofit"] - 2 * (a + cG - 2 * cL) / (9 * b)) == 0
    # a = 10, b = 1, c = (1, 4): q = (12/3, 3/3) = (4, 1), profits (16, 1); after diffusion with beta = 1/2
    # c_G' = 4 - (4 - 1)/2 = 5/2: q = ((10 + 5/2 - 2)/3, (10 - 5 + 1)/3) = (7/2, 2), profits (49/4, 4)
    assert inc["c_after"] == R(5, 2)
    assert tuple(inc["before"].profits) == (16, 1) and tuple(inc["after"].profits) == (R(49, 4), 4)
    # the attitude game: the leader averts; W = CS + PS = 25/2 + 17 = 59/2 without the flow,
    # 1/2 (11/2)^2 + 49/4 + 4 = 121/8 + 130/8 = 251/8 with it
    assert ("L", "G", "A") in inc["attitudes"].attitudes
    assert inc["attitudes"].welfare == R(59, 2) and inc["first_best"].welfare == R(251, 8)
