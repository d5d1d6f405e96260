r"""Which policy instrument applies to which model family, and why not where it does not.

Every family's ``coordinate()`` hands its instruments to the one policy engine
(:class:`gametheory.core.coordinator.Coordinator`). This module is the *menu*: the table a public
economist reads first — for each family and each standard instrument, whether the package
evaluates it, under which ``coordinate()`` option, with which enforcement technology, and, where
it does not apply, the economic reason. The derivation ``policy.md`` prints it; a test checks that
every instrument marked as evaluated is accepted by the family's ``coordinate()``.

The common accounting (DESIGN, "the one policy engine"): public outlays and revenues are valued at
:math:`1 + \lambda`; fines are bounded by limited liability (by default a firm's market-stage
profit); the first best optimises real allocations *and* the same transfers without incentive
constraints, so :math:`W^{coord} \le W^{FB}` and the share of the gap closed,

.. math::

    \text{gap closed} = \frac{W^{coord} - W^{LF}}{W^{FB} - W^{LF}} \in [0, 1],

is never clipped. An instrument that needs enforcement (a standard, a fine, a mandate) carries
its inspection cost and detection probability; an unenforced standard is never a candidate.

Examples
--------
>>> row = instrument_row("brand", "minimum standard")
>>> row.status, row.enforcement
('evaluated', 'inspection cost and detection probability; fines capped by limited liability')
>>> [r.instrument for r in MENU if r.family == "rd" and r.status == "evaluated"]
['per-unit subsidy', 'cost share (tax credit)', 'levy-financed subsidy (dues)', 'mandate']

References
----------
.. [1] Laffont, J.-J. & Tirole, J. (1993). *A Theory of Incentives in Procurement and
   Regulation*. MIT Press.
.. [2] Becker, G. S. (1968). Crime and punishment: an economic approach. *Journal of Political
   Economy* 76(2), 169–217 (fines, detection probability, limited liability).
.. [3] Bergstrom, T., Blume, L. & Varian, H. (1986). On the private provision of public goods.
   *Journal of Public Economics* 29(1), 25–49 (crowding out of direct provision).
.. [4] Buchanan, J. M. (1965). An economic theory of clubs. *Economica* 32(125), 1–14.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from gametheory.core.params import DomainError, rejects_text
from gametheory.core.results import Result

__all__ = ["FAMILIES", "INSTRUMENTS", "MENU", "InstrumentRow", "instrument_row", "menu_frame"]

#: The model families whose coordinators the menu covers, with the class that owns ``coordinate``.
FAMILIES = {
    "diffusion": "gametheory.models.diffusion.TechnologyDiffusion",
    "brand": "gametheory.models.brand.RegionalBrand",
    "commontech": "gametheory.models.commontech.CommonTechnology",
    "rd": "gametheory.models.rd.SpilloverRD",
}

#: The standard instruments, in the order of the table.
INSTRUMENTS = (
    "per-unit subsidy",
    "cost share (tax credit)",
    "levy-financed subsidy (dues)",
    "fine with inspection",
    "minimum standard",
    "certification / traceability",
    "purchase of diffusion",
    "mandate",
    "direct provision",
    "matching grant",
)


@rejects_text(text=("instrument", "family", "status", "option", "enforcement", "why"))
@dataclass(frozen=True)
class InstrumentRow(Result):
    """One cell of the family × instrument table.

    Attributes
    ----------
    instrument, family : str
        Names from :data:`INSTRUMENTS` and :data:`FAMILIES`.
    status : {"evaluated", "not applicable", "not modelled"}
        ``"evaluated"``: the family's coordinator evaluates it; ``"not applicable"``: the
        instrument has no object in the model (the reason says why); ``"not modelled"``: it
        would need a different model — a new technology, source or choice variable that the
        first-best benchmark would have to be given too (the reason says which).
    option : str
        The name the family's ``coordinate()`` uses for it (its ``instruments=`` entry or
        keyword), empty unless evaluated.
    enforcement : str
        The enforcement technology it needs ("none" for pure transfers).
    why : str
        The economics: what the instrument does in this family, or why it does not apply.
    """

    instrument: str
    family: str
    status: str
    option: str
    enforcement: str
    why: str

    def __post_init__(self) -> None:
        if self.instrument not in INSTRUMENTS:
            raise DomainError(f"unknown instrument {self.instrument!r}; valid: {', '.join(INSTRUMENTS)}")
        if self.family not in FAMILIES:
            raise DomainError(f"unknown family {self.family!r}; valid: {', '.join(FAMILIES)}")
        if self.status not in ("evaluated", "not applicable", "not modelled"):
            raise DomainError(f"status must be evaluated / not applicable / not modelled, got {self.status!r}")


_NONE = "none (a transfer)"
_INSPECT = "inspection cost and detection probability; fines capped by limited liability"

_ROWS: tuple[tuple[str, str, str, str, str, str], ...] = (
    # ---------------------------------------------------------------- technology diffusion
    ("per-unit subsidy", "diffusion", "evaluated", "subsidy",
     "verification per subsidised flow (verification_cost; free unless given, said in the notes)",
     "a payment per realised flow to its source; it also pays for flows that would occur anyway"),
    ("cost share (tax credit)", "diffusion", "not applicable", "", _NONE,
     "the attitude game has no convex diffusion cost to share (flows are all-or-nothing); the "
     "continuous preference levels carry one, where the level subsidy plays this role"),
    ("levy-financed subsidy (dues)", "diffusion", "not applicable", "", _NONE,
     "a levy on receivers paid to sources is a price for knowledge: the licensing market "
     "(licensing.md), compared there as an institution"),
    ("fine with inspection", "diffusion", "evaluated", "fine", _INSPECT,
     "a fine on stated aversion; capped by limited liability (the firm's market profit), so it "
     "cannot act as a lump-sum tax"),
    ("minimum standard", "diffusion", "not applicable", "", "",
     "no quality dimension: the mandate is the diffusion model's standard"),
    ("certification / traceability", "diffusion", "not applicable", "", "",
     "attitudes are observed in the model; there is nothing hidden to certify"),
    ("purchase of diffusion", "diffusion", "evaluated", "purchase",
     "verification per purchased flow (verification_cost; free unless given, said in the notes)",
     "the government pays a source at least its deviation loss for sharing (a kink the engine "
     "evaluates at the threshold)"),
    ("mandate", "diffusion", "evaluated", "mandate", "enforcement cost per mandated flow",
     "mandated flows; costly to enforce, never assumed free"),
    ("direct provision", "diffusion", "not modelled", "", "",
     "a public research institute diffusing its own knowledge is a new source, not a flow "
     "between the model's firms; it is outside this model"),
    ("matching grant", "diffusion", "not applicable", "", "",
     "firms make no contributions to match"),
    # ---------------------------------------------------------------- regional brand
    ("per-unit subsidy", "brand", "evaluated", "subsidy", _NONE,
     "a Pigouvian subsidy per unit of quality; pays inframarginal quality too; in the Cournot-brand "
     "form (CournotBrand.coordinate) it implements the second best, not the first (output stays Cournot)"),
    ("cost share (tax credit)", "brand", "evaluated", "cost share", _NONE,
     "the government bears a share of the convex quality cost: the same effort at a lower "
     "outlay than the per-unit subsidy"),
    ("levy-financed subsidy (dues)", "brand", "evaluated", "dues", _NONE,
     "members' dues finance the subsidy: zero net public outlay, so it reaches the first best "
     "at every shadow cost when membership is compulsory"),
    ("fine with inspection", "brand", "evaluated", "fine", _INSPECT,
     "fines on detected low quality; deterrence needs probability × fine ≥ the gain from "
     "shirking, within limited liability"),
    ("minimum standard", "brand", "evaluated", "standard", _INSPECT,
     "evaluated only as an enforced standard (inspections and fines); without inspection Nash "
     "quality is dominant and a standard is not self-enforcing"),
    ("certification / traceability", "brand", "evaluated", "traceability", "a fixed traceability cost",
     "makes a firm's own quality count more in its reputation, raising private incentives"),
    ("purchase of diffusion", "brand", "not applicable", "", "", "no knowledge flows in the brand model"),
    ("mandate", "brand", "not applicable", "", "", "the enforced minimum standard is the mandate"),
    ("direct provision", "brand", "not modelled", "", "",
     "public promotion of the regional name would shift the premium θ, a parameter here, "
     "not a choice; it is outside this model"),
    ("matching grant", "brand", "not applicable", "", "", "quality is not a monetary contribution"),
    # ---------------------------------------------------------------- common technology
    ("per-unit subsidy", "commontech", "evaluated", "matching subsidy", _NONE,
     "a subsidy per unit contributed is the matching rate (contributions cost one for one)"),
    ("cost share (tax credit)", "commontech", "evaluated", "matching subsidy", _NONE,
     "with a linear contribution cost a cost share equals the matching rate"),
    ("levy-financed subsidy (dues)", "commontech", "evaluated", "dues", _NONE,
     "members' dues finance provision: zero net public outlay; participation decides whether "
     "the consortium or club forms"),
    ("fine with inspection", "commontech", "not applicable", "", "",
     "a contribution is voluntary: a fine for not contributing is a tax (lump-sum rule)"),
    ("minimum standard", "commontech", "not applicable", "", "", "no quality dimension"),
    ("certification / traceability", "commontech", "not applicable", "", "", "contributions are observed"),
    ("purchase of diffusion", "commontech", "not applicable", "", "",
     "the common technology is non-rival once provided"),
    ("mandate", "commontech", "not applicable", "", "",
     "a mandated contribution is a tax; the lump-sum rule covers it"),
    ("direct provision", "commontech", "evaluated", "direct provision", _NONE,
     "crowded out one for one below the Nash level (Bergstrom–Blume–Varian); with λ > 0 "
     "all-or-nothing"),
    ("matching grant", "commontech", "evaluated", "matching subsidy", _NONE,
     "raises every contributor's marginal return; the outlay pays for the Nash contributions too"),
    # ---------------------------------------------------------------- R&D with spillovers
    ("per-unit subsidy", "rd", "evaluated", "subsidy", _NONE,
     "a subsidy per unit of R&D; for large λ the optimum is a tax (revenue valued at 1 + λ)"),
    ("cost share (tax credit)", "rd", "evaluated", "cost share", _NONE,
     "a share of the convex R&D cost γx²/2: the same R&D at half the outlay of the per-unit "
     "subsidy at the margin"),
    ("levy-financed subsidy (dues)", "rd", "evaluated", "dues", "collection of the compulsory levy (levy_enforcement_cost)",
     "a compulsory industry levy finances the per-unit subsidy (as in national R&D levy schemes): "
     "no net transfer, so it implements the second best at every λ, bounded by the firms' "
     "limited liability (dues at most profit)"),
    ("fine with inspection", "rd", "not applicable", "", "", "nothing illegal to deter"),
    ("minimum standard", "rd", "not applicable", "", "", "R&D is observed; a floor would be a mandate"),
    ("certification / traceability", "rd", "not applicable", "", "", "R&D is observed"),
    ("purchase of diffusion", "rd", "not applicable", "", "",
     "spillovers are involuntary in d'Aspremont–Jacquemin; the RJV shares them by contract"),
    ("mandate", "rd", "evaluated", "mandate", "verification per firm (enforcement_cost)",
     "an R&D floor above the Nash level binds (reaction slope below one); it reaches the second "
     "best less its verification, within limited liability; a floor cannot lower R&D"),
    ("direct provision", "rd", "not modelled", "", "",
     "a public laboratory whose results spill over fully is a different R&D technology "
     "(spillover 1); the benchmark would need it too, so it is outside this model"),
    ("matching grant", "rd", "not applicable", "", "",
     "R&D cost is convex, not a monetary contribution: the cost share is the analogue"),
)

#: The family × instrument table (every family × every instrument, once).
MENU: tuple[InstrumentRow, ...] = tuple(InstrumentRow(*row) for row in _ROWS)


@rejects_text(text=("family", "instrument"))
def instrument_row(family: str, instrument: str) -> InstrumentRow:
    """The menu's row for one family and one instrument."""
    for row in MENU:
        if row.family == family and row.instrument == instrument:
            return row
    raise DomainError(f"no row for family {family!r} and instrument {instrument!r}; "
                      f"families: {', '.join(FAMILIES)}; instruments: {', '.join(INSTRUMENTS)}")


@rejects_text
def menu_frame() -> Any:
    """The table as a pandas DataFrame (one row per family × instrument; needs pandas)."""
    from gametheory.core.export import records_frame

    return records_frame([{"family": r.family, "instrument": r.instrument, "status": r.status,
                           "option": r.option, "enforcement": r.enforcement, "why": r.why} for r in MENU])
