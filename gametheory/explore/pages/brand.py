r"""Regional brand and common technology: qualities / provision and welfare by instrument.

Calls :class:`gametheory.models.brand.RegionalBrand` (Nash and first-best quality, the
coordinator over a quality subsidy, a cost share, an enforced standard with fines and
inspection, traceability) and :class:`gametheory.models.commontech.CommonTechnology` (Nash
provision, the Samuelson optimum, the coordinator over direct provision and a matching subsidy).
"""

from __future__ import annotations

from typing import Any

from gametheory.explore._view import Control, Page, Table, Value, View, new_figure, show

__all__ = ["PAGE"]

FORMULAS = r"""
**Regional brand (区域品牌).** $n$ firms with equal shares choose quality $q_i$ at unit cost
$k q_i^2/2$; the brand's reputation is the average quality $\bar q$ and each unit earns the
premium $\theta \bar q$. A firm internalises only $1/n$ of its effect on the reputation:

$$
q^N = \frac{\theta}{k n}, \qquad q^* = \frac{\theta}{k}, \qquad \frac{q^N}{q^*} = \frac{1}{n} .
$$

The coordinator compares instruments, each with its budget effect valued at $1 + \lambda$: a
per-unit quality subsidy, a cost share on the quality cost, a minimum standard enforced by
inspections (cost per inspection) and fines capped by limited liability, traceability (a cost per
unit of the firm's own quality that counts toward its premium). Welfare $W = \Pi - \lambda\,
\text{(net public outlay)}$; the share of the gap closed is
$(W - W^{LF})/(W^{FB} - W^{LF})$.

**Common technology (产业共性技术).** Firms with valuations $v_i$ contribute $g_i \ge 0$ to
$G = \sum_i g_i$ and get $v_i \log G - g_i$. Only the highest valuation contributes (Bergstrom,
Blume & Varian 1986), while the Samuelson optimum sums the valuations:

$$
G^N = \max_i v_i, \qquad G^* = \sum_i v_i .
$$
"""

CONTROLS = (
    Control("n", "n (firms sharing the brand)", 4, 1, 50, 1, integer=True),
    Control("theta", "θ (premium per unit of reputation)", 1, 0.1, 10, 0.1),
    Control("k", "k (quality cost)", 1, 0.1, 10, 0.1),
    Control("lam", "λ (shadow cost of public funds)", 0.25, 0, 2, 0.05),
    Control("inspection", "inspection cost (standard + fines)", 0.5, 0, 10, 0.1),
    Control("max_fine", "maximum fine (limited liability)", 1, 0, 10, 0.1),
    Control("trace", "traceability cost", 0.25, 0, 10, 0.05),
    Control("v1", "v₁ (valuation of firm 1, common technology)", 3, 0.1, 20, 0.5),
    Control("v2", "v₂", 2, 0.1, 20, 0.5),
    Control("v3", "v₃", 1, 0.1, 20, 0.5),
)


def compute(n: Any, theta: Any, k: Any, lam: Any, inspection: Any, max_fine: Any, trace: Any,
            v1: Any, v2: Any, v3: Any) -> View:
    from gametheory.models.brand import RegionalBrand
    from gametheory.models.commontech import CommonTechnology

    brand = RegionalBrand(n, theta, k)
    nash, fb = brand.equilibrium(), brand.first_best()
    pol = brand.coordinate(shadow_cost=lam, inspection_cost=inspection, max_fine=max_fine, traceability_cost=trace)
    ct = CommonTechnology(valuations=(v1, v2, v3))
    ct_nash, ct_fb = ct.equilibrium(), ct.first_best()
    ct_pol = ct.coordinate(shadow_cost=lam)
    values = (
        Value("brand-nash-quality", "Brand: Nash quality", nash.quality),
        Value("brand-first-best-quality", "Brand: first-best quality", fb.quality),
        Value("brand-nash-welfare", "Brand: welfare, laissez-faire", nash.welfare),
        Value("brand-first-best-welfare", "Brand: first-best welfare", pol.first_best),
        Value("brand-best", "Brand: the coordinator's best instrument", pol.best),
        Value("brand-welfare", "Brand: welfare with the best instrument", pol.welfare),
        Value("ct-nash-level", "Common technology: Nash provision G", ct_nash.level),
        Value("ct-first-best-level", "Common technology: Samuelson provision G*", ct_fb.level),
        Value("ct-instrument", "Common technology: the coordinator's instrument", ct_pol.policy["instrument"]),
        Value("ct-welfare", "Common technology: welfare with it", ct_pol.welfare),
    )
    cand = pol.candidates
    tables = (
        Table("brand-instruments", "Brand: every instrument at its best level",
              ("instrument", "level", "quality", "welfare", "public outlay", "gap closed"),
              tuple((name, ", ".join(f"{key} = {show(v)}" for key, v in dict(c.level).items()) or "—",
                     getattr(c.outcome, "quality", "—"), c.welfare, c.public_outlay, c.gap_closed)
                    for name, c in cand.items())),
        Table("ct-instruments", "Common technology: welfare by instrument",
              ("instrument", "welfare"), tuple((str(name), w) for name, w in ct.instrument_welfare(shadow_cost=lam).items())),
    )
    fig, (ax1, ax2) = new_figure(2, 9.6, 3.8)
    names = list(cand)
    ax1.bar(range(len(names)), [float(c.welfare) for c in cand.values()],
            color=["#2b83ba" if name == pol.best else "#bbbbbb" for name in names])
    ax1.axhline(float(pol.first_best), color="black", linestyle="--", linewidth=1, label="first best")
    ax1.set_xticks(range(len(names)), names, rotation=25, ha="right")
    ax1.set_ylabel("welfare W")
    ax1.set_title(f"Brand, n = {n}, λ = {show(lam)}: best = {pol.best}")
    ax1.legend(loc="lower right")
    alt = ct.instrument_welfare(shadow_cost=lam)
    ax2.bar(range(len(alt)), [float(w) for w in alt.values()],
            color=["#2b83ba" if str(name) == ct_pol.policy["instrument"] else "#bbbbbb" for name in alt])
    ax2.axhline(float(ct_pol.first_best_welfare), color="black", linestyle="--", linewidth=1, label="first best")
    ax2.set_xticks(range(len(alt)), [str(k_) for k_ in alt], rotation=25, ha="right")
    ax2.set_title(f"Common technology: G^N = {show(ct_nash.level)}, G* = {show(ct_fb.level)}")
    ax2.legend(loc="lower right")
    fig.tight_layout()
    return View(values=values, tables=tables, figure=fig)


PAGE = Page("brand", "Regional brand and common technology",
            "n, θ, k, λ and the instruments' costs → qualities, provision and welfare by instrument.",
            FORMULAS, CONTROLS, compute)
