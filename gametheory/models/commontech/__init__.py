"""Provision of an industrial common technology (产业共性技术), a quasi-public good (准公共物品).

Three forms, one module each:

* :mod:`.public_good` — :class:`CommonTechnology`: valuations :math:`v_i`, benefit :math:`f(G)`;
  Nash (only the top valuation contributes), Samuelson optimum, crowding out, the government
  coordinator (direct provision, matching subsidy), Lindahl shares, a cost-sharing consortium.
* :mod:`.bbv` — :class:`WealthProvision`: Bergstrom–Blume–Varian (1986) with wealth and
  Cobb–Douglas utility: Warr neutrality, partial crowding out, redistribution.
* :mod:`.cournot_form` — :class:`CournotCommonTechnology`: the technology lowers every firm's
  unit cost before Cournot competition; valuations are endogenous (Olson: the largest firm pays).
* :mod:`.club` — :class:`TechnologyClub`: an association that excludes non-members and sets
  fees (Buchanan 1965): stable memberships against the public good, the consortium, first best.
* :mod:`.sharing` — :class:`CooperativeGame`: the consortium's characteristic function, core,
  Shapley value, nucleolus (exact), and :func:`talmud_rule`.
"""

from ._benefit import G, Benefit, as_benefit
from .bbv import WealthOutcome, WealthProvision
from .club import ClubComparison, ClubOutcome, TechnologyClub
from .cournot_form import CournotCommonTechnology, CournotProvision
from .public_good import CommonTechnology, ConsortiumOutcome, ProvisionOutcome, ProvisionPolicy, top_set
from .sharing import Allocation, CooperativeGame, CoreMembership, CoreSolution, talmud_rule

__all__ = [
    "Allocation",
    "Benefit",
    "G",
    "as_benefit",
    "ClubComparison",
    "ClubOutcome",
    "CommonTechnology",
    "CooperativeGame",
    "CoreMembership",
    "CoreSolution",
    "ConsortiumOutcome",
    "CournotCommonTechnology",
    "CournotProvision",
    "ProvisionOutcome",
    "ProvisionPolicy",
    "TechnologyClub",
    "WealthOutcome",
    "WealthProvision",
    "talmud_rule",
    "top_set",
]
