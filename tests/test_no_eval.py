"""No public entry point evaluates a string as code (sympify would): each rejects it with DomainError."""

from __future__ import annotations

import importlib

import pytest
import sympy as sp

from gametheory.core.params import DomainError

x, y = sp.symbols("x y")


def _calls(code: str):
    g = importlib.import_module("gametheory")
    m = lambda name: importlib.import_module(f"gametheory.models.{name}")  # noqa: E731
    return {
        "Cournot": lambda: m("market").Cournot(code, 1, (1,)),
        "TechnologyDiffusion": lambda: m("diffusion").TechnologyDiffusion(10, 1, (1, code)),
        "RegionalBrand": lambda: m("brand").RegionalBrand(3, code, 1),
        "CommonTechnology": lambda: m("commontech").CommonTechnology(valuations=(code,)),
        "CommonTechnology benefit": lambda: m("commontech").CommonTechnology(valuations=(1,), benefit=code),
        "SpilloverRD": lambda: m("rd").SpilloverRD(code, 1, 1, 0.5, 1),
        "NormalFormGame": lambda: g.NormalFormGame(([[code]], [[1]])),
        "Replicator": lambda: g.Replicator(([[code]], [[1]])),
        "ContinuousGame": lambda: g.ContinuousGame([code], [x]),
        "maximize": lambda: g.maximize(code, [x]),
        "comparative_statics": lambda: g.comparative_statics(code, x),
        "critical_discount_factor": lambda: g.critical_discount_factor(code, 2, 1),
        "stackelberg": lambda: g.stackelberg(code, x, [code], [y]),
        "welfare_account": lambda: g.welfare_account(code, 1, 0, 0),
        "gap_closed": lambda: g.gap_closed(code, 0, 1),
        "BrandInspection": lambda: m("evolution").BrandInspection(n=3, theta=code, k=1, inspection_probability=0.5,
                                                                 fine=1, supervision_cost=1),
        "PathModel": lambda: m("empirical").PathModel([("a", "b", code)]),
    }


@pytest.mark.parametrize("name", sorted(_calls("0")))
def test_strings_are_rejected_not_evaluated(name, tmp_path):
    marker = tmp_path / "evaluated"
    code = f'__import__("pathlib").Path({str(marker)!r}).touch()'
    with pytest.raises(DomainError):
        _calls(code)[name]()
    assert not marker.exists(), f"{name} evaluated a string as code"
