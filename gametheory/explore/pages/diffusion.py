r"""Technology diffusion among leading (L), middle (M) and lagging (G) firms.

Calls :class:`gametheory.models.diffusion.TechnologyDiffusion` (attitudes by iterated
elimination of weakly dominated strategies, the Lahiri–Ono diagnostic) and
:func:`gametheory.models.diffusion.licensing.compare_institutions` (laissez-faire, licensing
market, planner, coordinator at the shadow cost λ, first best).
"""

from __future__ import annotations

from typing import Any

from gametheory.explore._view import Control, Page, Table, Value, View, new_figure, show

__all__ = ["PAGE"]

FORMULAS = r"""
Cournot market $P = a - bQ$ with unit costs $c_L < c_M < c_G$; interior outputs and profits

$$
q_i = \frac{a - (n+1)c_i + \sum_j c_j}{b(n+1)}, \qquad \pi_i = b\,q_i^2 .
$$

A flow $i \to j$ (from a lower- to a higher-cost firm, realised only if the source prefers to
share **and** the receiver to seek) cuts the receiver's cost with absorptive capacity $\beta$:

$$
c_j' = c_j - \beta\,(c_j - c_i) .
$$

Since $\partial \pi_i / \partial c_j = 2 q_i/(n+1) > 0$ and $\partial \pi_i/\partial c_i < 0$,
sharing always costs the source and seeking always helps the receiver: iterated elimination of
weakly dominated attitudes leaves L averse to all, M seeking from L and averse toward G, G
seeking from all — and no diffusion. Welfare $W = CS + \Pi$ with $CS = bQ^2/2$; the
coordinator's outlays cost $1 + \lambda$ per unit.

**Lahiri–Ono (1988):** lowering the cost of firm $j$ lowers welfare iff its market share is small,

$$
\frac{q_j}{Q} < \frac{1}{2(n+1)} .
$$
"""

CONTROLS = (
    Control("a", "a (demand intercept)", 10, 1, 100, 1),
    Control("b", "b (demand slope)", 1, 0.1, 10, 0.1),
    Control("cL", "c_L (leading firm's cost)", 1, 0, 100, 0.5),
    Control("cM", "c_M (middle firm's cost)", 2, 0, 100, 0.5),
    Control("cG", "c_G (lagging firm's cost)", 3, 0, 100, 0.5),
    Control("beta", "β (absorptive capacity)", 1, 0, 1, 0.05),
    Control("lam", "λ (shadow cost of public funds)", 0.2, 0, 2, 0.05),
)


def compute(a: Any, b: Any, cL: Any, cM: Any, cG: Any, beta: Any, lam: Any) -> View:
    from gametheory.models.diffusion import TechnologyDiffusion
    from gametheory.models.diffusion.licensing import compare_institutions

    model = TechnologyDiffusion(a, b, (cL, cM, cG), beta=beta)
    eq = model.equilibrium()
    lo = model.lahiri_ono()
    inst = compare_institutions(model, shadow_cost=lam, inspection_cost=0, enforcement_cost=0, verification_cost=0)
    labels = model.labels
    flows = lambda fs: ", ".join(f"{labels[i]}→{labels[j]}" for i, j in fs) or "none"  # noqa: E731
    values = (
        Value("laissez-faire", "Welfare, laissez-faire (attitudes by IEWDS)", inst.laissez_faire),
        Value("licensing", "Welfare, fixed-fee licensing market (worst stable set)", inst.licensing),
        Value("planner", "Welfare, planner (best diffusion matrix)", inst.planner),
        Value("coordinator", "Welfare, coordinator at λ (default fiscal rule; fine inspection, mandate "
              "enforcement and verification of paid flows taken as free)", inst.coordinator),
        Value("coordinator-no-fines", "Welfare, coordinator without fine revenue", inst.coordinator_without_fine_revenue),
        Value("first-best", "First best under the same fiscal rule", inst.first_best),
        Value("licensing-flows", "Flows licensed", flows(inst.licensing_flows)),
        Value("planner-flows", "Flows the planner realises", flows(inst.planner_flows)),
        Value("threshold", "Lahiri–Ono threshold 1/(2(n+1))", lo.threshold),
    )
    tables = (
        Table("attitudes", "Attitudes left by iterated elimination of weakly dominated strategies",
              ("firm", "toward", "attitude"),
              tuple((f, t, {"P": "preference (P)", "A": "aversion (A)"}.get(x, x)) for f, t, x in eq.attitudes)),
        Table("lahiri-ono", "Lahiri–Ono diagnostic at the laissez-faire costs",
              ("firm", "cost", "share q/Q", "dW/dc", "cost cut locally harmful"),
              tuple((labels[k], lo.costs[k], lo.shares[k], lo.dwelfare[k], lo.locally_harmful[k])
                    for k in range(len(labels)))),
    )
    fig, (ax1, ax2) = new_figure(2, 9.6, 3.8)
    names = ["laissez-faire", "licensing", "planner", "coordinator", "first best"]
    ws = [inst.laissez_faire, inst.licensing, inst.planner, inst.coordinator, inst.first_best]
    ax1.bar(range(len(names)), [float(w) for w in ws], color=["#bbbbbb", "#fdae61", "#2b83ba", "#abdda4", "#404040"])
    ax1.set_xticks(range(len(names)), names, rotation=25, ha="right")
    low = min(float(w) for w in ws)
    ax1.set_ylim(low - 0.15 * (max(float(w) for w in ws) - low + 1), None)
    ax1.set_ylabel("welfare W")
    ax1.set_title(f"Institutions at β = {show(beta)}, λ = {show(lam)}")
    ax2.bar(range(len(labels)), [float(s) for s in lo.shares],
            color=["#d7191c" if h else "#2b83ba" for h in lo.locally_harmful])
    ax2.axhline(float(lo.threshold), color="black", linestyle="--", linewidth=1)
    ax2.text(len(labels) - 0.5, float(lo.threshold), " 1/(2(n+1))", va="bottom", ha="right")
    ax2.set_xticks(range(len(labels)), labels)
    ax2.set_ylabel("market share q/Q")
    ax2.set_title("Lahiri–Ono: red = a cost cut lowers W")
    fig.tight_layout()
    notes = (f"Ranking of the diffusion institutions: {' > '.join(inst.ranking)}.",)
    return View(values=values, tables=tables, figure=fig, notes=notes)


PAGE = Page("diffusion", "Technology diffusion",
            "Costs, β, λ → attitudes (IEWDS), welfare of laissez-faire, licensing, planner and coordinator, "
            "the Lahiri–Ono diagnostic.", FORMULAS, CONTROLS, compute)
