"""No public callable of the package evaluates a string: found by introspection, probed with a canary.

``sympy.sympify(text)`` *runs* ``text`` (it goes through ``eval``), so a string that reaches it
from a public argument is code execution: ``SpilloverRD(25, 1, 10, 0.5, 3).deviation_profit(
'__import__("os").system("id")', 1)`` ran ``id`` before this test existed (issue 11).

How the probe works
-------------------
1. **Discovery, not a hand list.** Every module of :mod:`gametheory` whose dotted path has no
   ``_private`` part is imported; every public function and class defined in the package that it
   exposes is collected, and for classes every public method, classmethod and staticmethod.
   Result records and exceptions are constructed by the package, not by users; their
   constructors are left out (their methods are still probed through instances).
2. **A valid baseline call.** Required arguments come from :data:`SAMPLE` (by parameter name, with
   per-callable overrides in :data:`OVERRIDE`) and instances from :data:`INSTANCES`. A callable
   whose baseline call does not succeed cannot be probed meaningfully; it must be listed in
   :data:`NOT_PROBED` with the reason, so a new public callable without a working sample fails
   this test instead of escaping it.
3. **The canary.** Each parameter in turn (required or optional) receives the string
   ``__import__("gametheory.tests_canary_flag")...`` — Python code that, if evaluated, records
   the evaluation in a module-level flag. After every call the flag must be unset, and the call
   must raise :class:`DomainError` — except for parameters that *are* text by design (labels,
   names, file paths, headings: :data:`TEXT_PARAMETERS`), for which only "not evaluated" is
   asserted.
"""

from __future__ import annotations

import importlib
import inspect
import io
import os
import pkgutil
import sys
import tempfile
import types

import numpy as np
import pytest
import sympy as sp

import gametheory
from gametheory.core.params import DomainError
from gametheory.core.results import Result

# --------------------------------------------------------------------------------------------
# the canary: evaluating it sets CANARY.hit (no side effect outside this process)
# --------------------------------------------------------------------------------------------
CANARY = types.ModuleType("gametheory_canary_flag")
CANARY.hit = []
sys.modules["gametheory_canary_flag"] = CANARY
CODE = '__import__("gametheory_canary_flag").hit.append(1)'


# --------------------------------------------------------------------------------------------
# discovery
# --------------------------------------------------------------------------------------------
def _public_modules():
    for info in pkgutil.walk_packages(gametheory.__path__, "gametheory."):
        if any(part.startswith("_") for part in info.name.split(".")):
            continue
        yield importlib.import_module(info.name)


def _discover():
    """{qualified name: (owner class or None, callable)} for every public callable."""
    found: dict[str, tuple] = {}
    for mod in _public_modules():
        names = getattr(mod, "__all__", None) or [n for n in vars(mod) if not n.startswith("_")]
        for name in names:
            obj = getattr(mod, name, None)
            if not (inspect.isclass(obj) or inspect.isfunction(obj)):
                continue
            if not getattr(obj, "__module__", "").startswith("gametheory"):
                continue
            if obj.__module__ != mod.__name__ and name not in getattr(mod, "__all__", ()):
                continue                           # an imported helper, not this module's API
            if any(part.startswith("_") for part in obj.__module__.split(".")):
                key = f"{mod.__name__}.{name}"     # defined privately: named by its public exporter
            else:
                key = f"{obj.__module__}.{obj.__qualname__}"
            if any(entry[1] is obj for entry in found.values()) and key not in found:
                continue                           # the same object re-exported by a package
            if inspect.isclass(obj):
                record = issubclass(obj, (Result, BaseException))
                if not record:
                    found.setdefault(key, (None, obj))
                for mname, raw in vars(obj).items():
                    if mname.startswith("_"):
                        continue
                    if inspect.isfunction(raw) or isinstance(raw, (classmethod, staticmethod)):
                        found.setdefault(f"{key}.{mname}", (obj, mname))
            else:
                found.setdefault(key, (None, obj))
    return found


# --------------------------------------------------------------------------------------------
# samples for a valid baseline call
# --------------------------------------------------------------------------------------------
x, y, s_ = sp.symbols("x y s")


def _models():
    g = gametheory
    from gametheory.core.coordinator import Coordinator, Instrument
    from gametheory.core.sequential import SequentialGame, Stage
    from gametheory.dynamics import random_cluster
    from gametheory.dynamics.simulate import Rules
    from gametheory.models.brand import CournotBrand, RegionalBrand
    from gametheory.models.commontech import CommonTechnology, CournotCommonTechnology
    from gametheory.models.commontech.bbv import WealthProvision
    from gametheory.models.diffusion import TechnologyDiffusion
    from gametheory.models.diffusion.attitude import AttitudeGame
    from gametheory.models.empirical import PathModel
    from gametheory.models.evolution import BrandInspection, CommonTechCofunding, DiffusionEvolution
    from gametheory.models.market import Cournot
    from gametheory.models.rd import SpilloverRD
    from gametheory.outputs.demos import Narrator
    from gametheory.outputs.document import Document
    from gametheory.core._prover import Prover
    from gametheory.models.commontech.sharing import CooperativeGame
    from gametheory.models.commontech.club import TechnologyClub
    from gametheory.models.brand.reputation import ReputationDynamics

    bos = g.NormalFormGame(([[2, 0], [0, 1]], [[1, 0], [0, 2]]))
    brand = RegionalBrand(3, 1, 1)
    Q = sp.Symbol("Q")
    diffusion = TechnologyDiffusion(10, 1, (1, 2, 3), beta=1)
    return {
        "NormalFormGame": bos,
        "Replicator": g.Replicator(bos),
        "EvolutionaryGame": g.EvolutionaryGame(bos),
        "ContinuousGame": g.ContinuousGame([x * (10 - x - y), y * (10 - x - y)], [x, y],
                                           bounds=[(0, 10), (0, 10)]),
        "Coordinator": Coordinator([Instrument("s", s_, bounds=(0, 10), budget=s_ * Q)],
                                   response={Q: 2 * (9 + s_) / 3},
                                   welfare_parts={"consumer_surplus": Q**2 / 2, "producer_surplus": Q**2 / 2}),
        "Instrument": Instrument("s", s_, bounds=(0, 10)),
        "SequentialGame": SequentialGame([Stage([x], [x * (10 - x)], bounds=[(0, 10)], name="market")]),
        "Stage": Stage([x], [x * (10 - x)], bounds=[(0, 10)]),
        "Cluster": random_cluster(30, seed=0),
        "Rules": Rules(),
        "CournotBrand": CournotBrand(3, 10, 1, 1, 1, 1),
        "RegionalBrand": brand,
        "BrandWithEntrants": brand.with_entrants(sp.Rational(1, 5)),
        "MaintenanceGame": brand.maintenance_game(),
        "WealthProvision": WealthProvision((3, 2, 1)),
        "CournotCommonTechnology": CournotCommonTechnology(10, 1, (1, 2, 3)),
        "CommonTechnology": CommonTechnology((3, 2, 1)),
        "TechnologyDiffusion": diffusion,
        "AttitudeGame": AttitudeGame(diffusion),
        "PathModel": PathModel.from_seed000(),
        "BrandInspection": BrandInspection(n=3, theta=1, k=1, inspection_probability=sp.Rational(1, 2),
                                           fine=1, supervision_cost=1),
        "CommonTechCofunding": CommonTechCofunding(3, 5, 4, sp.Rational(1, 2)),
        "DiffusionEvolution": DiffusionEvolution(10, 1, 1, 2),
        "Cournot": Cournot(10, 1, (1, 2, 3)),
        "SpilloverRD": SpilloverRD(25, 1, 10, sp.Rational(1, 2), 3),
        "AbsorptiveRD": importlib.import_module("gametheory.models.rd").AbsorptiveRD(
            25, 1, 10, sp.Rational(1, 2), 3, sp.Rational(1, 2)),
        "FormationOutcome": importlib.import_module("gametheory.models.rd").AbsorptiveRD(
            25, 1, 10, sp.Rational(1, 2), 3, sp.Rational(1, 2)).rjv_formation(),
        "Narrator": Narrator(stream=io.StringIO()),
        "Document": Document("probe"),
        "Prover": Prover(),
        "CooperativeGame": CooperativeGame.glove(2, 1),
        "TechnologyClub": TechnologyClub(CommonTechnology((3, 2, 1))),
        "ReputationDynamics": ReputationDynamics(3, 1, 1, delta=sp.Rational(9, 10), gain=sp.Rational(1, 2)),
    }


class Lazy:
    """A sample built from the sample instances (``models``) when the call is prepared."""

    def __init__(self, build):
        self.build = build


SAMPLE = {  # by parameter name; hand-picked values inside every model's domain
    "a": 10, "b": 1, "A": 25, "c": 1, "k": 1, "n": 3, "theta": 1, "beta": sp.Rational(1, 2),
    "gamma": 3, "costs": (1, 2, 3), "valuations": (3, 2, 1), "wealth": (3, 2, 1),
    "shadow_cost": sp.Rational(1, 5), "quality": 1, "share": sp.Rational(1, 3), "level": 1,
    "valuation": 3, "government": 1, "deviation": 1, "others": 1, "own": 1, "subsidy": 0,
    "contributions": (1, 0, 0), "private": 1, "delta": sp.Rational(9, 10), "tau": 1,
    "curvature": 4, "x": x, "y": y, "expression": x**2, "parameter": x, "objective": -(x - 1) ** 2,
    "variables": [x], "expr": x, "value": 1, "values": (1, 2), "d": x**2 + 1, "strict": True,
    "cooperate": 3, "deviate": 4, "punish": 1, "w_policy": 2, "w_laissez_faire": 1, "w_first_best": 3,
    "w_optimum": 3, "w_equilibrium": 2, "w": 2, "w_nash": 1, "w_first": 3, "outlay": 1,
    "inverse_demand": lambda q: 10 - q, "quantity": 2, "shadow_costs": (0, sp.Rational(1, 2)),
    "group_qualities": (1,), "g": 0, "i": 0, "j": 1, "profile": (0, 0), "states": [[0.5, 0.5, 0.5, 0.5]],
    "x0": [[0.5, 0.5], [0.5, 0.5]], "t": (0, 1), "entrant_share": sp.Rational(1, 5),
    "enforcement_cost": 1, "mapping": {x: 1}, "keep": [(0,), (0, 1)], "sym": x, "arg": 1,
    "condition": sp.true, "text": "text", "title": "title", "name": "brand", "headers": ["h"],
    "rows": [["r"]], "items": ["i"], "lhs": x, "rhs": 1, "flows": (), "theta_": None,
    "leader_cost": 1, "laggard_cost": 2, "steps": 2, "s": 0, "data": {"v": [1.0]},
    "game": Lazy(lambda m: m["NormalFormGame"]), "cluster": Lazy(lambda m: m["Cluster"]),
    "rules": Lazy(lambda m: m["Rules"]), "grid": {"subsidy": [0.0]}, "message": "message",
    "payoffs": ([[2, 0], [0, 1]], [[1, 0], [0, 2]]), "mixed_profile": ([0.5, 0.5], [0.5, 0.5]),
    "stages": Lazy(lambda m: [m["Stage"]]), "cooperative_profile": (0, 0), "seconds": 1,
    "trajectories": Lazy(lambda m: m["Replicator"].simulate([[0.3, 0.7], [0.6, 0.4]], (0, 1))),
    "cond": x > 0, "premise": x > 1, "conclusion": x > 0, "branches": [(x > 0, 1), (True, 0)],
    "conditions": [x > 0], "tex": "x^2",
}

OVERRIDE = {  # per callable, where the generic sample does not fit
    # figure data on one-point grids: the probe needs one baseline call, not the whole figure
    "gametheory.outputs.catalog.licensing.institutions_data": {"betas": (1,), "lambdas": (sp.Rational(1, 5),)},
    "gametheory.outputs.catalog.licensing.institutions_gaps_data": {"gaps": (1,), "betas": (1,)},
    "gametheory.outputs.catalog.diffusion.regime_map_data": {"nx": 3, "ny": 3},
    "gametheory.models.policy.instrument_row": {"family": "rd", "instrument": "per-unit subsidy"},
    "gametheory.outputs.document.Document.notation": {"rows": [("x", "a symbol")]},
    "gametheory.core.coordinator.box.condition_set": {"cond": x > 0, "x": x, "domain": sp.Interval(-1, 1)},
    "gametheory.models.commontech.sharing.CooperativeGame": {"n": 3, "worth": {(0, 2): 1, (1, 2): 1, (0, 1, 2): 1}},
    "gametheory.models.commontech.sharing.CooperativeGame.from_function": {"n": 2, "function": len},
    "gametheory.models.commontech.sharing.CooperativeGame.glove": {"left": 2, "right": 1},
    "gametheory.models.commontech.sharing.CooperativeGame.bankruptcy": {"estate": 200, "claims": (100, 200, 300)},
    "gametheory.models.commontech.sharing.CooperativeGame.from_technology": {
        "technology": Lazy(lambda m: m["CommonTechnology"])},
    "gametheory.models.commontech.sharing.CooperativeGame.value": {"coalition": (0, 2)},
    "gametheory.models.commontech.sharing.CooperativeGame.excess": {"coalition": (0, 2), "allocation": (0, 0, 1)},
    "gametheory.models.commontech.sharing.CooperativeGame.in_core": {"allocation": (0, 0, 1)},
    "gametheory.models.commontech.sharing.talmud_rule": {"estate": 200, "claims": (100, 200, 300)},
    "gametheory.models.commontech.club.TechnologyClub": {"technology": Lazy(lambda m: m["CommonTechnology"])},
    "gametheory.models.commontech.club.TechnologyClub.stand_alone": {"firm": 1},
    "gametheory.models.commontech.club.TechnologyClub.outcome": {"members": (0, 1, 2)},
    "gametheory.models.brand.reputation.ReputationDynamics": {"gain": sp.Rational(1, 2)},
    "gametheory.models.brand.reputation.ReputationDynamics.expected_path": {"initial": 0, "periods": 3},
    "gametheory.models.brand.reputation.ReputationDynamics.simulate": {"initial": 0, "periods": 3},
    "gametheory.models.brand.reputation.ReputationDynamics.with_monitoring": {"signal_noise": 1,
                                                                              "quality_volatility": 2},
    "gametheory.models.brand.reputation.kalman_gain": {"signal_noise": 1, "quality_volatility": 2},
    "gametheory.models.brand.reputation.green_porter_discount_factor": {"false_alarm": sp.Rational(1, 10),
                                                                        "detection": sp.Rational(3, 5)},
    "gametheory.models.brand.reputation.normal_signal_probabilities": {
        "cooperative_level": 1, "deviation_level": 0, "threshold": sp.Rational(1, 2), "noise_variance": 1},
    "gametheory.core.params.parse_number": {"text": "3/4"},
    "gametheory.core.params.to_float": {"x": 1},
    "gametheory.core.params.require": {"condition": True, "message": "m"},
    "gametheory.core.params.is_symbolic": {"x": 1},
    "gametheory.core.params.as_param": {"value": 1, "name": "a"},
    "gametheory.core.params.as_params": {"values": (1, 2), "name": "a"},
    "gametheory.core.params.to_expr": {"value": 1},
    "gametheory.core.statics.sign_word": {"s": frozenset({1})},
    "gametheory.core.statics.implicit_statics": {"equations": [x - 2 * y], "variables": [x], "parameter": y},
    "gametheory.core.continuous.game.ContinuousGame": {"payoffs": [x * (10 - x - y), y * (10 - x - y)],
                                                       "strategies": [x, y]},
    "gametheory.core.continuous.game.ContinuousGame.subs": {"mapping": {}},
    "gametheory.core.continuous.optimize.as_piecewise": {   # the docstring's example
        "optima": Lazy(lambda m: gametheory.core.continuous.optimize.kkt_points(y * x - x**2 / 2, x)),
        "variable": x},
    "gametheory.core.repeated.critical_discount_factor_game": {   # prisoner's dilemma
        "game": Lazy(lambda m: gametheory.NormalFormGame(([[3, 0], [4, 1]], [[3, 4], [0, 1]]))),
        "cooperative_profile": (0, 0), "punishment_profile": (1, 1)},
    "gametheory.core.regime.RegimeMap.region": {"label": 0},
    "gametheory.dynamics.sweep.sweep": {"executor": "serial"},
    "gametheory.core.continuous.symmetric.symmetric_equilibrium": {
        "payoff": x * (10 - x - y), "own": x, "rival": y},
    "gametheory.core.coordinator.box.maximize_over_box": {"objective": -(x - 1) ** 2, "continuous": [(x, 0, 2)]},
    "gametheory.core.coordinator.box.winner_regions": {"values": [x, 1 - x], "feasible": [sp.true, sp.true],
                                                       "x": x, "domain": sp.Interval(0, 1)},
    "gametheory.core.coordinator.solver.Coordinator": {
        "instruments": Lazy(lambda m: [m["Instrument"]]), "response": {y: 2 * (9 + s_) / 3},
        "welfare_parts": {"consumer_surplus": y**2 / 2}},
    "gametheory.core.nfg.read_nfg": {"source": 'NFG 1 R "g" { "1" "2" } { 1 1 }\n0 0\n'},
    "gametheory.core.normal_form.NormalFormGame": {"payoffs": ([[2, 0], [0, 1]], [[1, 0], [0, 2]])},
    "gametheory.core.normal_form.NormalFormGame.from_nfg": {"source": 'NFG 1 R "g" { "1" "2" } { 1 1 }\n0 0\n'},
    "gametheory.core.normal_form.NormalFormGame.from_nashpy": {
        "game": Lazy(lambda m: importlib.import_module("nashpy").Game([[1, 0], [0, 1]]))},
    "gametheory.core.normal_form.NormalFormGame.from_efg": {
        "source": 'EFG 2 R "g" { "1" "2" } ""\np "" 1 1 "" { "a" "b" } 0\n t "" 1 "o" { 1, 0 }\n'
                  ' t "" 2 "p" { 0, 1 }\n'},
    "gametheory.core.normal_form.NormalFormGame.from_quantecon": {
        "game": Lazy(lambda m: m["NormalFormGame"].to_quantecon())},
    "gametheory.core.normal_form.NormalFormGame.from_gambit": {
        "game": Lazy(lambda m: m["NormalFormGame"].to_gambit())},
    "gametheory.core.normal_form.NormalFormGame.regime_map": {"x": (x, 0, 2, 3), "y": (y, 0, 2, 3)},
    "gametheory.core.regime.regime_map": {"game": Lazy(lambda m: gametheory.NormalFormGame(
        ([[x, 0], [0, 1]], [[y, 0], [0, 1]]))), "x": (x, 0, 2, 3), "y": (y, 0, 2, 3)},
    "gametheory.core.sequential.stackelberg": {"leader_payoff": x * (10 - x - y), "leader_var": x,
                                                "follower_payoffs": [y * (10 - x - y)], "follower_vars": [y]},
    "gametheory.core.sequential.Stage": {"variables": [x], "payoffs": [x * (10 - x)]},
    "gametheory.core.results.compare": {"results": Lazy(lambda m: {"a": m["Cournot"].equilibrium()})},
    "gametheory.core.export.records_frame": {"records": Lazy(lambda m: [m["Cournot"].equilibrium()])},
    "gametheory.dynamics.cluster.Cluster": {"adjacency": Lazy(lambda m: importlib.import_module("networkx").path_graph(3)),
                                            "costs": [1.0, 2.0, 2.0]},
    "gametheory.dynamics.cluster.Cluster.from_networkx": {
        "graph": Lazy(lambda m: importlib.import_module("networkx").path_graph(3)), "costs": [1.0, 2.0, 2.0]},
    "gametheory.models.brand.instruments.fine": {"inspection_cost": 1, "max_fine": 1},
    "gametheory.models.brand.instruments.traceability": {"traceability_cost": 1},
    "gametheory.models.brand.instruments.levy_subsidy": {"enforcement_cost": 0},
    "gametheory.models.brand.linear.RegionalBrand.outcome": {"group_qualities": (1,), "method": "probe"},
    "gametheory.models.diffusion.attitude.AttitudeGame.index_of": {"attitudes": {}},
    "gametheory.models.diffusion.coordinator.value_function": {
        "cands": Lazy(lambda m: importlib.import_module("gametheory.models.diffusion.coordinator").candidates(
            m["TechnologyDiffusion"]))},
    "gametheory.models.diffusion.coordinator.declare": {
        "cands": Lazy(lambda m: importlib.import_module("gametheory.models.diffusion.coordinator").candidates(
            m["TechnologyDiffusion"])), "shadow_cost": 0},
    "gametheory.models.commontech.Benefit": {"benefit": sp.log},
    "gametheory.models.commontech.as_benefit": {"value": sp.sqrt},
    "gametheory.models.diffusion.coordinator.first_best_value": {
        "model": Lazy(lambda m: m["TechnologyDiffusion"]), "fb": Lazy(lambda m: m["TechnologyDiffusion"].first_best()),
        "cands": Lazy(lambda m: importlib.import_module("gametheory.models.diffusion.coordinator").candidates(
            m["TechnologyDiffusion"])), "lam": 0, "revenue": True, "liability": "profit"},
    "gametheory.models.diffusion.model.TechnologyDiffusion.post_diffusion_costs": {"theta": [[0] * 3] * 3},
    "gametheory.models.diffusion.model.TechnologyDiffusion.validate_theta": {"theta": [[0] * 3] * 3},
    "gametheory.models.empirical.PathModel": {"paths": [("u", "v", sp.Rational(1, 2))]},
    "gametheory.models.empirical.PathEffects.effect": {"source": "firm_attribute", "target": "technology_power"},
    "gametheory.models.empirical.PathEffects.routes_between": {"source": "firm_attribute",
                                                                "target": "technology_power"},
    "gametheory.models.empirical.PathModel.coefficient": {"source": "firm_attribute",
                                                           "target": "technology_power"},
    "gametheory.models.empirical.compare_with_table": {"model": Lazy(lambda m: m["PathModel"]),
                                                       "table": Lazy(lambda m: importlib.import_module(
                                                           "gametheory.models.empirical").published_table())},
    "gametheory.models.evolution.BrandInspection": {"n": 3, "theta": 1, "k": 1, "inspection_probability":
                                                    sp.Rational(1, 2), "fine": 1, "supervision_cost": 1},
    "gametheory.models.evolution.CommonTechCofunding": {"valuation": 3, "social_valuation": 5,
                                                        "project_cost": 4, "matching_rate": sp.Rational(1, 2)},
    "gametheory.models.rd.model.SpilloverRD": {"a": 25, "b": 1, "A": 10, "beta": sp.Rational(1, 2), "gamma": 3},
    "gametheory.models.rd.asymmetric.joint_optimum": {"model": Lazy(lambda m: m["SpilloverRD"])},
    "gametheory.models.rd.absorptive.AbsorptiveRD": {"a": 25, "b": 1, "A": 10, "beta": sp.Rational(1, 2),
                                                     "gamma": 3, "delta": sp.Rational(1, 2)},
    "gametheory.models.rd.absorptive.AbsorptiveRD.effective_spillover": {"own": 1, "rival": 1},
    "gametheory.models.rd.absorptive.AbsorptiveRD.profits": {"rd": (1, 1)},
    "gametheory.outputs.demos.Narrator.figure": {"name": "brand_quality_by_n"},
    "gametheory.outputs.document.Document.aligned": {"rows": [(x, 1)]},
    "gametheory.models.diffusion.licensing.license_flow": {"source": 0, "receiver": 1},
    "gametheory.models.diffusion.licensing.outsider_licensing": {"epsilon": 1},
    "gametheory.models.diffusion.vertical.vertical_diffusion": {"a": 12, "costs": (1, 2, 3), "supplier_cost": 2},
    "gametheory.core.bimatrix.enumerate_equilibria": {"A": [[1, 0], [0, 1]], "B": [[1, 0], [0, 1]]},
    "gametheory.models.diffusion.model.TechnologyDiffusion": {"costs": (1, 2, 3)},
    "gametheory.models.commontech.public_good.CommonTechnology.payoff": {"contributions": (1, 0, 0)},
    "gametheory.models.commontech.public_good.CommonTechnology.welfare_at": {"level": 3, "private": 3},
    "gametheory.models.commontech.bbv.WealthProvision.utility": {"x": 1, "level": 1},
    "gametheory.models.commontech.bbv.WealthProvision.redistribute": {"transfers": (1, -1, 0)},
    "gametheory.models.commontech.bbv.WealthProvision.tax_financed": {"taxes": (1, 0, 0)},
    "gametheory.models.commontech.bbv.WealthProvision.level_on": {"contributors": (0,)},
    "gametheory.models.commontech.bbv.WealthProvision.kkt_conditions": {"contributors": (0,)},
    "gametheory.models.rd.model.SpilloverRD.deviation_profit": {"deviation": 1, "others": 1},
    "gametheory.models.brand.cournot.CournotBrand.profit_of_deviation": {"own": 1, "others": 1},
    "gametheory.core.coordinator.menu.choose_instrument": {"welfare": {"subsidy": 1, "fine": 2}},
    "gametheory.models.diffusion.model.TechnologyDiffusion.market_at": {"costs": (1, 2, 3)},
    "gametheory.models.diffusion.model.TechnologyDiffusion.costs_after": {"flows": ()},
    "gametheory.models.diffusion.model.TechnologyDiffusion.theta_of": {"flows": ()},
    "gametheory.models.diffusion.attitude.AttitudeGame.flows": {"profile": (0, 0, 0)},
    "gametheory.models.diffusion.attitude.AttitudeGame.refusals": {"profile": (0, 0, 0)},
    "gametheory.models.diffusion.attitude.AttitudeGame.payoffs": {"profile": (0, 0, 0)},
    "gametheory.models.diffusion.attitude.AttitudeGame.public_outlay": {"profile": (0, 0, 0)},
    "gametheory.models.diffusion.attitude.AttitudeGame.attitude": {"profile": (0, 0, 0), "i": 0, "j": 1},
    "gametheory.models.diffusion.attitude.AttitudeGame.margins": {"i": 0, "j": 1},
    "gametheory.core.replicator.Replicator.strategy_payoffs": {"k": 0, "shares": [[0.5, 0.5], [0.5, 0.5]]},
    "gametheory.core.replicator.Replicator.velocity": {"states": [[0.5, 0.5, 0.5, 0.5]]},
    "gametheory.core.replicator.normalise_populations": {"x": np.array([[1.0, 3.0]]), "slices": (slice(0, 2),)},
    "gametheory.core.game_input.entries_to_sympy": {"arr": np.array([[1.0, 0.5], [2, 3]], dtype=object)},
    "gametheory.core.replicator.Replicator.subs": {"values": {}},
    "gametheory.core.evolutionary.EvolutionaryGame.payoff": {"k": 0, "s": 0, "vertex": (0, 0)},
    "gametheory.core.evolutionary.EvolutionaryGame.subs": {"values": {}},
    "gametheory.core.evolutionary.EvolutionaryGame.logit_equilibria": {"noise": 0.5, "n": 2, "t": 5.0},
    "gametheory.core.evolutionary.sensitivity_analysis": {
        "game": Lazy(lambda m: gametheory.EvolutionaryGame([[[x, x], [0, 0]], [[1, 0], [1, 0]]])),
        "values": {x: [-1, 1]}, "baseline": {x: 1}, "x0": [0.5, 0.5], "t": 2.0},
    "gametheory.core.evolutionary.EvolutionaryGame.velocity": {"states": [[0.5, 0.5, 0.5, 0.5]]},
    "gametheory.core.continuous.game.ContinuousGame.best_response": {"player": 0},
    "gametheory.core.continuous.optimize.maximize": {"objective": -(x - 1) ** 2, "variables": [x]},
    "gametheory.core.continuous.optimize.kkt_points": {"objective": -(x - 1) ** 2, "variables": [x]},
    "gametheory.core.statics.comparative_statics": {"expression": x**2, "parameter": x},
    "gametheory.core.welfare.gap_is_degenerate": {"w_laissez_faire": 1, "w_first_best": 3},
    "gametheory.models.brand.linear.RegionalBrand.deviation_gains": {"group_qualities": (1,)},
    "gametheory.models.brand.linear.RegionalBrand.payoff": {"g": 0, "own": 1, "group_qualities": (1,)},
    "gametheory.models.brand.linear.RegionalBrand.welfare": {"group_qualities": (1,)},
    "gametheory.models.brand.linear.RegionalBrand.reputation": {"group_qualities": (1,)},
    "gametheory.models.brand.linear.RegionalBrand.incentive_weight": {"share": sp.Rational(1, 3)},
    "gametheory.models.brand.linear.RegionalBrand.nash_quality": {"share": sp.Rational(1, 3)},
    "gametheory.models.brand.entrants.BrandWithEntrants.nash_quality": {"share": sp.Rational(1, 5)},
    "gametheory.models.brand.repeated.MaintenanceGame.payoff": {"i": 0, "profile": (0, 0, 0)},
    "gametheory.models.commontech.cournot_form.CournotCommonTechnology.reduction": {"arg": 1},
    "gametheory.models.diffusion.planner.welfare_at": {"costs": (1, 2, 3)},
    "gametheory.models.market.cournot_segments": {"costs": Lazy(lambda m: np.array([1.0, 2.0, 3.0])), "segments": (0, 0, 1),
                                                     "a": 10.0, "b": 1.0},
    "gametheory.models.rd.asymmetric.cournot_float": {"costs": Lazy(lambda m: np.array([1.0, 2.0])),
                                                      "a": 10.0, "b": 1.0},
    "gametheory.models.diffusion.market.cournot_grid": {"costs": [[1.0, 2.0]], "a": 10.0, "b": 1.0},
    "gametheory.core.repeated.critical_discount_factors": {"cooperate": (3,), "deviate": (4,), "punish": (1,)},
}

def _text_parameters(fn) -> frozenset:
    """Parameters declared text by design with ``@rejects_text(text=...)`` (labels, titles, paths)."""
    fn = getattr(fn, "__func__", fn)
    if inspect.isclass(fn):
        fn = fn.__init__
    return getattr(fn, "__text_parameters__", frozenset())


def _instances_for(models, owner):
    if owner.__name__ in models:
        return models[owner.__name__]
    return next((v for v in models.values() if isinstance(v, owner)), None)


def _args_for(key, fn, owner_bound, models):
    sig = inspect.signature(fn)
    override = OVERRIDE.get(key, {})
    kwargs, params = {}, []
    for p in sig.parameters.values():
        if p.kind is p.VAR_KEYWORD:      # keyword options passed through (from_networkx(**kwargs))
            kwargs.update({k: v for k, v in override.items() if k not in sig.parameters})
        if p.name in ("self", "cls") or p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD):
            continue
        params.append(p.name)
        if p.name in override:
            kwargs[p.name] = override[p.name]
        elif p.default is inspect.Parameter.empty:
            if p.name in SAMPLE:
                kwargs[p.name] = SAMPLE[p.name]
            elif p.name in ("model", "brand") and owner_bound is not None:
                kwargs[p.name] = owner_bound
            else:
                return None, params
    try:
        kwargs = {k: (v.build(models) if isinstance(v, Lazy) else v) for k, v in kwargs.items()}
    except Exception as exc:  # noqa: BLE001
        return f"sample failed: {type(exc).__name__}: {exc}", params
    return kwargs, params


# --------------------------------------------------------------------------------------------
# the probe (one module-level run; the tests read its report)
# --------------------------------------------------------------------------------------------
_REPORT: dict | None = None


def _probe():
    global _REPORT
    if _REPORT is None:
        here = os.getcwd()
        os.chdir(tempfile.mkdtemp())       # a text parameter that is a path writes here, not in the tree
        try:
            _REPORT = _run_probe()
        finally:
            os.chdir(here)
    return _REPORT


def _run_probe():
    models = _models()
    from gametheory.models.brand import RegionalBrand
    from gametheory.models.diffusion import TechnologyDiffusion
    defaults_for_model_param = {
        "gametheory.models.brand": RegionalBrand(3, 1, 1),
        "gametheory.models.diffusion": TechnologyDiffusion(10, 1, (1, 2, 3), beta=1),
    }
    report = {"probed": {}, "unprobed": {}, "executed": [], "not_rejected": [], "calls": 0}
    found = _discover()
    owners = {owner for owner, _ in found.values() if owner is not None}
    # pass 1: functions, constructors and methods of sample instances; pass 2: methods of the
    # results that pass 1 returned (result records are made by the package, not by users)
    for key, (owner, target) in sorted(found.items()) + sorted(found.items()):
        if key in report["probed"]:
            continue
        if key in NOT_PROBED:
            continue
        if owner is not None:
            inst = _instances_for(models, owner)
            raw = vars(owner)[target]
            if isinstance(raw, (classmethod, staticmethod)):
                fn = getattr(owner, target)
            elif inst is None:
                report["unprobed"][key] = "no sample instance (nor a result of that type from pass 1)"
                continue
            else:
                fn = getattr(inst, target)
        else:
            fn = target
        model_default = next((v for k, v in defaults_for_model_param.items() if key.startswith(k)), None)
        kwargs, params = _args_for(key, fn, model_default, models)
        if kwargs is None or isinstance(kwargs, str):
            report["unprobed"][key] = kwargs or "no sample for a required argument"
            continue
        if not params:
            report["probed"][key] = []     # nothing a caller could pass
            report["unprobed"].pop(key, None)
            continue
        try:
            result = fn(**kwargs)
        except BaseException as exc:  # noqa: BLE001 - a failing baseline is reported, not hidden
            report["unprobed"][key] = f"baseline call failed: {type(exc).__name__}: {exc}"[:200]
            continue
        report["unprobed"].pop(key, None)
        values = [result] + (list(result.values()) if isinstance(result, dict) else
                             list(result)[:4] if isinstance(result, (list, tuple)) else [])
        for value in values[:5]:
            if any(isinstance(value, o) for o in owners) and type(value).__name__ not in models:
                models[type(value).__name__] = value
        tried = []
        for p in params:
            CANARY.hit.clear()
            call = dict(kwargs, **{p: CODE})
            report["calls"] += 1
            try:
                fn(**call)
                outcome = "accepted"
            except DomainError:
                outcome = "DomainError"
            except BaseException as exc:  # noqa: BLE001 - SystemExit included
                outcome = type(exc).__name__
            if CANARY.hit:
                report["executed"].append(f"{key}({p}=...)")
            if outcome != "DomainError" and p not in _text_parameters(fn):
                report["not_rejected"].append(f"{key}({p}=...) -> {outcome}")
            tried.append(p)
        report["probed"][key] = tried
    return report


# the eleven methods of issue 11 that passed a string argument to sympify
ISSUE_11 = {
    "gametheory.models.commontech.public_good.CommonTechnology.payoff": "government",
    "gametheory.models.commontech.public_good.CommonTechnology.welfare_at": "shadow_cost",
    "gametheory.models.commontech.public_good.CommonTechnology.deviation_gains": "contributions",
    "gametheory.models.commontech.public_good.CommonTechnology.stand_alone_level": "valuation",
    "gametheory.models.rd.model.SpilloverRD.deviation_profit": "deviation",
    "gametheory.models.brand.cournot.CournotBrand.stage2": "quality",
    "gametheory.models.brand.cournot.CournotBrand.first_derivative": "quality",
    "gametheory.models.brand.cournot.CournotBrand.deviation_gain": "quality",
    "gametheory.models.diffusion.attitude.AttitudeGame.prover": "assumptions",
}

# callables that cannot be probed with a generic baseline, and why (a new public callable that
# is neither probed nor listed here fails test_every_public_callable_is_probed_or_explained)
_RECORD = "a record built by the package (not an input surface); its methods are probed"
_WRITES = "regenerates committed outputs by registry name (text by design); tested in tests/outputs"
NOT_PROBED = {
    **{f"gametheory.{k}": _RECORD for k in (
        "core.bimatrix.EquilibriumComponent", "core.coordinator.box.BoxPoint", "core.coordinator.menu.MenuChoice", "models.empirical.Effect", "models.empirical.Route",
        "models.empirical.TableRow", "outputs.registry.Demo", "outputs.registry.Derivation",
        "outputs.registry.FigureSpec", "outputs.registry.FigureSpec.compute",
        "outputs.registry.FigureSpec.caption_text")},
    "gametheory.outputs.document.Document.figure": "takes a registered FigureSpec (package-built, not user "
        "input); tests/outputs/test_referee.py",
    "gametheory.outputs.figures.caption_json": "takes a registered FigureSpec (package-built, not user input); "
        "its text comes from the catalog (tests/outputs/test_referee.py)",
    "gametheory.core.continuous.shared.shared_equilibria": "the back end of ContinuousGame.equilibria for "
        "shared constraints; takes an internal Facts object; probed through ContinuousGame",
    "gametheory.core.lazy_sympy.is_sympy": "a type predicate over any object (isinstance only: a string "
        "answers False, nothing is parsed); its kind names a sympy class, another name raises TypeError "
        "(tests/core/test_numeric_paths_without_sympy.py)",
    "gametheory.core.params.rejects_text": "the decorator itself: its arguments are parameter names (text)",
    "gametheory.core.evolutionary.EvolutionaryGame.sensitivity": "needs a game with parameters (the sample "
        "instance is numeric); a one-line wrapper of sensitivity_analysis, which is probed",
    **{f"gametheory.explore.Server{m}": "starts a local web server (binds a port, serves in a thread or "
       "forever): network side effects, not a computation; text arguments other than host are refused by "
       "rejects_text; tests/explore drives it in Chromium" for m in ("", ".start", ".warm_up", ".serve_forever",
                                                                   ".shutdown")},
    "gametheory.outputs.cli.main": "the command line: text by design, numbers through parse_number "
                                   "(tests/outputs/test_cli.py)",
    **{f"gametheory.outputs.notebooks.{m}": "takes a notebook (an nbformat dict built by build_notebook, "
       "not user input; run_in_kernel starts a Jupyter kernel); tests/outputs/test_notebooks.py"
       for m in ("run_in_kernel", "sources", "oversized_outputs")},
    **{f"gametheory.outputs.{m}": _WRITES for m in (
        "derive.render", "derive.write", "derive.write_all", "figures.render", "figures.save",
        "figures.save_all", "figures.save_captions", "notebooks.build_notebook", "notebooks.execute", "notebooks.render",
        "notebooks.write", "notebooks.write_all", "demos.run_demo",
        "exercises.build_notebook", "exercises.render", "exercises.write", "exercises.write_all")},
}


def test_no_public_callable_evaluates_a_string():
    report = _probe()
    assert report["executed"] == [], f"evaluated a string: {report['executed']}"


def test_the_eleven_methods_of_issue_11_are_probed():
    report = _probe()
    for key, param in ISSUE_11.items():
        assert key in report["probed"], (key, report["unprobed"].get(key))
        assert param in report["probed"][key], (key, param)
    SpilloverRD = importlib.import_module("gametheory.models.rd").SpilloverRD
    SAMPLE_RD = SpilloverRD(25, 1, 10, 0.5, 3)
    CANARY.hit.clear()
    with pytest.raises(DomainError):
        SAMPLE_RD.deviation_profit(CODE, 1)
    with pytest.raises(DomainError):
        SAMPLE_RD.deviation_profit(1, 1, subsidy=CODE)
    assert not CANARY.hit


def test_every_string_is_rejected_with_a_domain_error():
    report = _probe()
    assert report["not_rejected"] == [], "\n".join(report["not_rejected"])


def test_every_public_callable_is_probed_or_explained():
    report = _probe()
    unexplained = {k: v for k, v in report["unprobed"].items() if k not in NOT_PROBED}
    assert unexplained == {}, "\n".join(f"{k}: {v}" for k, v in sorted(unexplained.items()))
    print(f"probed {len(report['probed'])} public callables with {report['calls']} canary calls")
