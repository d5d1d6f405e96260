"""Institution map over the cost-gap plane (figure diffusion_institutions_gaps), checked by hand."""

from __future__ import annotations

import sympy as sp

from gametheory.models.diffusion import TechnologyDiffusion
from gametheory.models.diffusion.licensing import license_flow
from gametheory.outputs.catalog import licensing as cat

R = sp.Rational


def test_duopoly_joint_gain_closed_form():
    # laggard out of the market: costs (1, 1 + g1, 1 + g1 + g2) with 2 g1 + 3 g2 >= 9. Duopoly L-M,
    # A = a - c_L, M's gap g before and g' = (1 - beta) g after: pi_L = (A + g)^2/(9b), pi_M = (A - 2g)^2/(9b),
    # J = (g - g')(2A - 5(g + g'))/(9b) = beta g (2A - 5(2 - beta) g)/(9b).
    for g1, g2, beta in ((3, 1, R(1, 2)), (R(8, 3), 2, R(1, 4)), (3, 3, R(1, 4))):
        m = TechnologyDiffusion(10, 1, (1, 1 + g1, 1 + g1 + g2), beta=beta)
        assert m.outcome().quantities[2] == 0
        hand = beta * g1 * (2 * 9 - 5 * (2 - beta) * g1) / 9
        assert license_flow(m, 0, 1).joint_gain == hand


def test_cell_where_the_coordinator_is_ahead_by_hand():
    # g1 = g2 = 3, beta = 1/2, lambda = 1/5. Laissez-faire costs (1, 4, 7): G out, q = (4, 1),
    # W = 25/2 + 17 = 59/2; no pair's J is positive (J_LM = -3/4 by the duopoly formula above, M->G adds
    # nothing), so licensing = 59/2. The planner teaches M only: costs (1, 5/2, 7), q = (7/2, 2),
    # W = 121/8 + 65/4 = 251/8. Coordinator: buying L->M costs T = 16 - 49/4 = 15/4, W = 251/8 - 3/4 =
    # 245/8; the mandate teaches M and G (c_G = 7 - 3 = 4): q = (27/8, 15/8, 3/8), Q = 45/8,
    # W = 2025/128 + 963/64 = 3951/128 > 245/8. Neither reaches the planner, the coordinator is ahead.
    d = cat.institutions_gaps_data(gaps=(3,), betas=(R(1, 2),), instruments=("purchase", "subsidy", "mandate"))
    assert list(d["names"])[int(d["region 0"][0, 0])] == "neither; coordinator ahead"
    assert abs(d["licensing minus coordinator 0"][0, 0] - float(R(59, 2) - R(3951, 128))) < 1e-12
    m = TechnologyDiffusion(10, 1, (1, 4, 7), beta=R(1, 2))
    assert m.first_best().welfare == R(251, 8)
    assert m.coordinate(inspection_cost=0, enforcement_cost=0, shadow_cost=R(1, 5), instruments=("purchase", "subsidy", "mandate")).welfare == R(3951, 128)
