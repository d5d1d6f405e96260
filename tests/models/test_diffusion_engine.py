"""The diffusion coordinator routed through the core policy engine (issue 14).

Running example a = 10, b = 1, costs (1, 2, 3), beta = 1 (hand values in test_diffusion.py and
test_diffusion_policy.py): W_LF = 32 (no flow); everybody at L's cost c = (1, 1, 1) gives
Q = 27/4, CS = 729/32, profits 3 * (9/4)^2 = 243/16, W = 1215/32 (the first best).
"""

from __future__ import annotations

from fractions import Fraction as F

import pytest
import sympy as sp
from hypothesis import given, settings, strategies as st

from gametheory.core.params import DomainError
from gametheory.core.coordinator import Coordinator, Instrument, PolicyOutcome
from gametheory.models.diffusion import TechnologyDiffusion
from gametheory.models.diffusion.coordinator import candidates, declare

R = sp.Rational


@pytest.fixture(scope="module")
def base():
    return TechnologyDiffusion(10, 1, (1, 2, 3))


def test_outcome_is_the_core_type_and_names_the_engine(base):
    out = base.coordinate(inspection_cost=0, enforcement_cost=0, shadow_cost=R(1, 4))
    assert type(out) is PolicyOutcome
    assert "core policy engine" in out.method
    assert out.response["instruments_considered"] == ("purchase", "subsidy", "mandate", "fine")
    assert any("chosen: mandate" in n for n in out.notes)


def test_declarations_are_core_instruments_with_budget_and_neutral_level(base):
    cands = candidates(base)
    decl = declare(base, cands, 0)
    assert [d[0].name for d in decl] == ["purchase", "subsidy", "mandate", "fine"]
    for inst, response, parts, levels in decl:
        assert isinstance(inst, Instrument) and inst.kind == "discrete" and inst.neutral == 0
        # level 0 is laissez-faire: no flow, no outlay, W = 32
        r = response({inst.name: 0})["line"]
        assert r.flows == () and r.outlay == 0 and r.intercept == 32
    # purchase levels: the five patterns priced by hand in test_diffusion_policy (plus laissez-faire)
    inst, response, parts, levels = decl[0]
    assert len(levels) == 6
    gov = Coordinator([inst], response, parts, shadow_cost=2)
    out = gov.solve(method="numeric")
    # lambda = 2: buying L->M (A = 1127/32, T = 23/16) gives 1127/32 - 2 * 23/16 = 1035/32, by hand
    assert out.welfare == R(1035, 32)


def _brute_force(cands, lam):
    # independent selection: the value of a level is its worst member (ties against the coordinator),
    # the coordinator takes the best level
    groups = {}
    for c in cands:
        groups.setdefault(c.group, []).append(c.intercept - lam * (c.outlay + c.enforcement_cost))
    return max(min(v) for v in groups.values())


@settings(max_examples=8, deadline=30000)
@given(c2=st.integers(2, 5), c3=st.integers(0, 3), beta=st.fractions(F(1, 4), 1, max_denominator=8),
       lam=st.fractions(0, 5, max_denominator=8))
def test_engine_choice_equals_brute_force_over_levels(c2, c3, beta, lam):
    m = TechnologyDiffusion(12, 1, (1, c2, c2 + c3 + 1), beta=beta)
    lam = R(lam.numerator, lam.denominator)
    out = m.coordinate(inspection_cost=0, enforcement_cost=0, shadow_cost=lam)
    assert out.welfare == _brute_force(candidates(m), lam)
    assert out.laissez_faire_welfare <= out.welfare <= out.first_best_welfare


def test_fine_inspection_cost_is_a_real_cost(base):
    # fine-only menu at lambda = 0 (revenue neutral): the fine realises L->M and L->G, W = 1215/32
    free = base.coordinate(inspection_cost=0, enforcement_cost=0, shadow_cost=0, instruments=("fine",))
    assert free.welfare == R(1215, 32) and free.policy["instrument"] == "fine"
    assert any("inspection was taken as free" in n for n in free.notes)
    # two potential sources (L and M) inspected at 1/8 each: 1215/32 - 1/4 = 1207/32, still above 32
    out = base.coordinate(enforcement_cost=0, shadow_cost=0, instruments=("fine",), inspection_cost=R(1, 8))
    # the government pays the inspectors: public spending buying a resource (in the outlay, not again in R)
    assert out.welfare == R(1207, 32) and out.account.public_outlay == R(1, 4) and out.account.resource_costs == 0
    # at 3 each the fine costs 6 > 1215/32 - 32 = 191/32: laissez-faire
    out = base.coordinate(enforcement_cost=0, shadow_cost=0, instruments=("fine",), inspection_cost=3)
    assert out.welfare == 32 and out.policy["instrument"] == "none"


def test_mandate_enforcement_in_the_account(base):
    # the mandate teaches M and G (two receivers) at 1/2 each: 1215/32 - 1 = 1183/32
    out = base.coordinate(inspection_cost=0, shadow_cost=0, instruments=("mandate",), enforcement_cost=R(1, 2))
    assert out.welfare == R(1183, 32)
    assert out.account.public_outlay == 1 and out.response["enforcement_cost"] == 1
    # enforcement is public spending, valued at 1 + lambda: at lambda = 1/2, 1215/32 - (3/2) * 1 = 1167/32
    out = base.coordinate(inspection_cost=0, shadow_cost=R(1, 2), instruments=("mandate",), enforcement_cost=R(1, 2))
    assert out.welfare == R(1167, 32)


def test_detection_probability_scales_the_expected_fine(base):
    from gametheory.models.diffusion.attitude import laissez_faire

    # section 11 of diffusion.md (by hand, certain detection): f = 1 realises only M->G, f = 3/2 every
    # flow. With detection 1/2 the expected fine halves: f = 2 acts as 1, f = 3 as 3/2
    half = R(1, 2)
    assert laissez_faire(base, fine=2, liability="profit", nash=False, detection=half).flows == ((1, 2),)
    assert laissez_faire(base, fine=3, liability="profit", nash=False, detection=half).flows == \
        ((0, 1), (0, 2), (1, 2))
    # fine-only menu at lambda = 0: every flow, W = 1215/32, less the inspection of the two potential
    # sources (L, M) at 1/8 each, scaled by the detection probability: 2 * 1/8 * 1/2 = 1/8 -> 1211/32
    out = base.coordinate(enforcement_cost=0, shadow_cost=0, instruments=("fine",), inspection_cost=R(1, 8), detection_probability=half)
    assert out.welfare == R(1211, 32) and out.account.public_outlay == R(1, 8)
    with pytest.raises(DomainError):
        base.coordinate(inspection_cost=0, enforcement_cost=0, shadow_cost=0, instruments=("fine",), detection_probability=2)


@settings(max_examples=6, deadline=None)
@given(c2=st.integers(2, 5), c3=st.integers(0, 3), beta=st.fractions(F(1, 4), 1, max_denominator=8),
       lam=st.fractions(0, 5, max_denominator=8), p=st.sampled_from([F(1, 4), F(1, 2), F(1)]),
       kappa=st.sampled_from([F(0), F(1, 8)]))
def test_costly_imperfect_fines_never_beat_the_first_best(c2, c3, beta, lam, p, kappa):
    m = TechnologyDiffusion(12, 1, (1, c2, c2 + c3 + 1), beta=beta)
    out = m.coordinate(enforcement_cost=0, shadow_cost=R(lam.numerator, lam.denominator), detection_probability=R(p.numerator, p.denominator),
                       inspection_cost=R(kappa.numerator, kappa.denominator))
    assert out.laissez_faire_welfare <= out.welfare <= out.first_best_welfare
    assert out.gap_degenerate or 0 <= out.gap_closed <= 1


def test_unpriced_enforcement_is_not_a_candidate():
    # issue 14: a fine needs inspection and a mandate enforcement; without their costs neither is offered
    m = TechnologyDiffusion(10, 1, (1, 2, 3), beta=1)
    out = m.coordinate(shadow_cost=5)
    assert out.response["instruments_considered"] == ("purchase", "subsidy")
    assert out.policy["instrument"] in ("none", "purchase", "subsidy")
    assert any(n.startswith("fine not a candidate") for n in out.notes)
    assert any(n.startswith("mandate not a candidate") for n in out.notes)
    assert out.welfare <= out.first_best_welfare
    # priced explicitly at zero, both come back and the notes say enforcement was taken as free
    free = m.coordinate(shadow_cost=5, inspection_cost=0, enforcement_cost=0)
    assert free.response["instruments_considered"] == ("purchase", "subsidy", "mandate", "fine")
    assert free.welfare >= out.welfare
