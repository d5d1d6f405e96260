"""The public names of DESIGN "Public names" resolve (users and tests rely on them)."""

import importlib

import gametheory


def test_every_top_level_name_resolves():
    for name in gametheory.__all__:
        assert getattr(gametheory, name) is not None, name


def test_design_public_names():
    from gametheory.models.brand import RegionalBrand  # noqa: F401
    from gametheory.models.commontech import CommonTechnology  # noqa: F401
    from gametheory.models.diffusion import TechnologyDiffusion  # noqa: F401
    from gametheory.models.market import Cournot  # noqa: F401
    from gametheory.models.rd import SpilloverRD

    for regime in ("noncooperative", "cartel", "rjv_cartel", "rjv_competition", "second_best", "first_best"):
        assert callable(getattr(SpilloverRD, regime))
    for module in ("diffusion", "brand", "commontech"):
        cls = {"diffusion": "TechnologyDiffusion", "brand": "RegionalBrand", "commontech": "CommonTechnology"}[module]
        model = getattr(importlib.import_module(f"gametheory.models.{module}"), cls)
        for method in ("equilibrium", "first_best", "coordinate"):
            assert callable(getattr(model, method)), (cls, method)
    for method in ("rest_points", "stability", "simulate"):
        assert callable(getattr(gametheory.Replicator, method))
    for method in ("pure_equilibria", "mixed_equilibria"):
        assert callable(getattr(gametheory.NormalFormGame, method))
