"""The family × instrument table: complete, one row per cell, reasons where an instrument is absent."""

import pytest

from gametheory.models.policy import FAMILIES, INSTRUMENTS, MENU, InstrumentRow, instrument_row, menu_frame
from gametheory.core.params import DomainError


def test_every_family_and_instrument_once():
    cells = [(r.family, r.instrument) for r in MENU]
    assert len(cells) == len(set(cells)) == len(FAMILIES) * len(INSTRUMENTS)


def test_absent_instruments_say_why_and_evaluated_ones_name_their_option():
    for r in MENU:
        assert r.why.strip(), r
        if r.status == "evaluated":
            assert r.option, r
        else:
            assert not r.option, r


def test_enforced_instruments_are_never_free():
    # DESIGN: an instrument that needs enforcement is never assumed free
    for r in MENU:
        if r.status == "evaluated" and r.instrument in ("fine with inspection", "minimum standard", "mandate"):
            assert r.enforcement and not r.enforcement.startswith("none"), r


def test_lookup_and_frame_and_validation():
    assert instrument_row("rd", "cost share (tax credit)").status == "evaluated"
    with pytest.raises(DomainError, match="no row"):
        instrument_row("rd", "bribe")
    with pytest.raises(DomainError, match="unknown instrument"):
        InstrumentRow("bribe", "rd", "evaluated", "x", "none", "why")
    frame = menu_frame()
    assert frame.shape == (40, 6)


def test_rd_options_are_the_coordinators_instruments():
    # every R&D instrument the table says is evaluated is one SpilloverRD.coordinate accepts, and
    # the priced ones (dues, mandate) name their enforcement
    from gametheory.models.rd import SpilloverRD
    rows = [r for r in MENU if r.family == "rd" and r.status == "evaluated"]
    assert {r.option for r in rows} == set(SpilloverRD.INSTRUMENTS)
    for r in rows:
        if r.option in ("dues", "mandate"):
            assert "enforcement_cost" in r.enforcement, r
