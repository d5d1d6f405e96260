"""The package's architecture, checked on its source (AST): one kernel, public names, no cycles.

What a maintainer relies on (issue 12, issue 14):

* a private name (``_x``, or anything in a ``_module``) is shared only inside its own package —
  the core, one model family, the outputs, the dynamics, the explorer; everything else goes
  through public names (``gametheory.core.params``, ``gametheory.core.conditions``, …);
* one condition engine: every helper that decides a sympy condition delegates to
  :func:`gametheory.core.conditions.decide`;
* one ``gap_closed``, one ``PolicyOutcome``, one payoff-entry converter;
* layers point one way (outputs → models → core) and module-level imports have no cycles.

Where the package does not meet a rule yet, the offenders are listed in ``STILL`` — a list that
can only shrink: an entry that no longer offends fails the test until it is removed.
"""

from __future__ import annotations

import ast
import pathlib
from collections import defaultdict

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "gametheory"


def _modules() -> dict[str, tuple[pathlib.Path, ast.Module]]:
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        if name.endswith(".__init__"):
            name = name[: -len(".__init__")]
        out[name] = (path, ast.parse(path.read_text(encoding="utf-8")))
    return out


MODULES = _modules()


def _package_of(module: str) -> str:
    """The package a private name may be shared within: one model family, or a top-level subpackage."""
    parts = module.split(".")
    if len(parts) >= 3 and parts[1] == "models" and (PACKAGE / "models" / parts[2]).is_dir():
        return ".".join(parts[:3])
    return ".".join(parts[:2])


def _is_package(module: str) -> bool:
    return (PACKAGE.parent / pathlib.Path(*module.split("."))).is_dir()


def _imports(module: str, tree: ast.Module, top_level_only: bool = False):
    """(target module, imported name or None) for every ``gametheory`` import of ``module``."""
    nodes = tree.body if top_level_only else list(ast.walk(tree))
    pkg = module if _is_package(module) else module.rsplit(".", 1)[0]
    for node in nodes:
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = pkg.split(".")[: len(pkg.split(".")) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.startswith("gametheory"):
                for alias in node.names:
                    yield target, alias.name
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("gametheory"):
                    yield alias.name, None


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def cross_package_private_imports() -> dict[str, set[str]]:
    found: dict[str, set[str]] = defaultdict(set)
    for module, (_, tree) in MODULES.items():
        for target, name in _imports(module, tree):
            if f"{target}.{name}" in MODULES:           # `from pkg import module`
                target, name = f"{target}.{name}", None
            private = any(_private(p) for p in target.split(".")) or (name is not None and _private(name))
            if private and _package_of(target) != _package_of(module):
                found[module].add(f"{target}.{name}" if name else target)
    return dict(found)


#: Modules that still import private names of another package (issue 12; shrink only).
STILL_PRIVATE: set[str] = set()


def test_private_names_stay_inside_their_package():
    found = cross_package_private_imports()
    new = {m: sorted(v) for m, v in found.items() if m not in STILL_PRIVATE}
    assert not new, f"private names imported across packages (use the public kernel): {new}"
    fixed = sorted(STILL_PRIVATE - set(found))
    assert not fixed, f"no longer offending — remove from STILL_PRIVATE: {fixed}"


def _defines(name: str) -> list[str]:
    out = []
    for module, (_, tree) in MODULES.items():
        for node in tree.body:
            if isinstance(node, (ast.FunctionDef, ast.ClassDef)) and node.name == name:
                out.append(module)
    return out


@pytest.mark.parametrize("name, home", [
    ("gap_closed", "gametheory.core.welfare"),
    ("PolicyOutcome", "gametheory.core.coordinator.instruments"),
    ("Coordinator", "gametheory.core.coordinator.solver"),
    ("Cournot", "gametheory.models.market"),
    ("decide", "gametheory.core.conditions"),
    ("classify_number", "gametheory.core._validate"),
])
def test_one_definition(name, home):
    assert _defines(name) == [home]


@pytest.mark.parametrize("module, function", [
    ("gametheory.core.game_input", "_convert_entry"),        # NormalFormGame's payoff entries
    ("gametheory.core.bimatrix._input", "_entry"),          # the bimatrix solvers' payoffs
    ("gametheory.core._validate", "_to_sympy"),             # model parameters (as_param, to_expr)
])
def test_every_number_converter_goes_through_classify_number(module, function):
    # issue 12: one converter of a user's number; the three entry points only adapt its answer
    _, tree = MODULES[module]
    fn = next(n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == function)
    assert "classify_number" in _calls(fn)
    assert not any(isinstance(n, ast.Call) and getattr(n.func, "id", "") == "isinstance"
                   and "float" in ast.unparse(n) for n in ast.walk(fn)), "re-implements the float check"


def _calls(fn: ast.AST) -> set[str]:
    names = set()
    for node in ast.walk(fn):
        if isinstance(node, ast.Call):
            f = node.func
            names.add(f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else "")
    return names


# -- one Cournot (issue 12) ---------------------------------------------------------------------

#: The market block's numeric solvers: every numeric Cournot market of the package goes through one
#: of them (``cournot_unchecked`` is the lean path of ``cournot_batch`` for inner loops).
COURNOT_SOLVERS = {"cournot_batch", "cournot_unchecked", "cournot_segments"}
COURNOT_HOME = "gametheory.models.market"

#: Functions that look like a Cournot solver to the checks below but search no active set (reason).
NOT_A_COURNOT_LOOP = {
    "gametheory.models.diffusion.market.interior_cournot":
        "the interior closed form on a given active set (symbolic, unsimplified); no active-set search",
    "gametheory.models.diffusion.vertical._monopoly_price":
        "enumerates every active set for candidate input prices; each candidate is priced by the exact solver",
}


#: Compiled copies of the market block's arithmetic (optional numba kernels), allowed only because a
#: test checks them against the market block's solver bit for bit: {function: that test (path::name)}.
COMPILED_MIRRORS = {
    "gametheory.dynamics._numba_kernels.markets":
        "tests/dynamics/test_kernels.py::test_markets_kernel_matches_cournot_unchecked",
}


def _looks_like_active_set_loop(fn: ast.AST) -> bool:
    """Sorts (costs), divides by ``m + 1`` (or an ``arange``) and loops or takes prefix sums: the
    shape of a hand-written Cournot active-set search."""
    calls = _calls(fn)
    divides = any(isinstance(n, ast.BinOp) and isinstance(n.op, ast.Div)
                  and any(k in ast.unparse(n.right) for k in ("+ 1", "+ 2", "arange"))
                  for n in ast.walk(fn))
    loops = "cumsum" in calls or any(isinstance(n, (ast.For, ast.While)) for n in ast.walk(fn))
    return bool(calls & {"sort", "argsort", "sorted"}) and divides and loops


def test_one_cournot_solver():
    # the numeric Cournot solvers of the families (cournot_grid, cournot_float; _cournot_numeric is
    # gone) are thin calls into the market block, and no other function searches an active set itself
    own, seen = [], set()
    for module, (_, tree) in MODULES.items():
        if module == COURNOT_HOME or not module.startswith("gametheory."):
            continue
        for fn in (n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)):
            name = f"{module}.{fn.name}"
            if _calls(fn) & (COURNOT_SOLVERS | {"Cournot"}):
                continue                      # a thin call into the market block
            if "cournot" in fn.name.lower() or _looks_like_active_set_loop(fn):
                seen.add(name)
                if name not in NOT_A_COURNOT_LOOP and name not in COMPILED_MIRRORS:
                    own.append(name)
    assert own == [], f"Cournot solved outside gametheory.models.market (call cournot_batch/cournot_unchecked): {own}"
    assert sorted(set(NOT_A_COURNOT_LOOP) - seen) == [], "no longer flagged — remove from NOT_A_COURNOT_LOOP"
    assert sorted(set(COMPILED_MIRRORS) - seen) == [], "no longer flagged — remove from COMPILED_MIRRORS"
    for mirror, test in COMPILED_MIRRORS.items():     # each mirror is held to the solver by a test
        path, name = test.split("::")
        assert f"def {name}(" in (ROOT / path).read_text(), (mirror, test)
    _, market = MODULES[COURNOT_HOME]
    defined = {n.name for n in market.body if isinstance(n, ast.FunctionDef)}
    assert COURNOT_SOLVERS <= defined
    for name in ("gametheory.models.diffusion.market", "gametheory.models.rd.asymmetric"):
        fns = {n.name: n for n in MODULES[name][1].body if isinstance(n, ast.FunctionDef)}
        wrapper = fns["cournot_grid" if "diffusion" in name else "cournot_float"]
        assert _calls(wrapper) & COURNOT_SOLVERS, name


#: The condition helpers a family may keep as thin conveniences (issue 12 names them): each must
#: delegate to the engine, i.e. call a function imported from gametheory.core.conditions.
WRAPPERS = {
    "gametheory.core.coordinator._common": ("_truth",),
    "gametheory.core.sequential": ("_truth",),
    "gametheory.core.repeated": ("_truth",),
    "gametheory.models.brand._common": ("relation", "larger", "conj"),
    "gametheory.models.commontech._util": ("_decide_ge", "_decide_bool", "_max", "_all"),
    "gametheory.models.commontech.bbv": ("_decide",),
    "gametheory.models.commontech.cournot_form": ("_decide",),
    "gametheory.models.rd.model": ("_positive", "_nonnegative", "_decide", "_and"),
    "gametheory.models.rd.results": ("truth",),
    "gametheory.models.diffusion.model": ("_check",),
}
_DECIDER_NAMES = ("_decide", "_truth", "truth", "_decide_ge", "_decide_bool")

#: Wrappers that still decide by themselves (issue 12; shrink only — now empty: keep it so).
STILL_OWN_DECIDER: set[str] = set()


def _engine_names(tree: ast.Module) -> set[str]:
    """Names a module imports from gametheory.core.conditions (or the module itself)."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "gametheory.core.conditions":
            names.update(a.asname or a.name for a in node.names)
        if isinstance(node, ast.ImportFrom) and node.module == "gametheory.core" and any(
                a.name == "conditions" for a in node.names):
            names.add("conditions")
    return names


def _calls_engine(fn: ast.AST, engine: set[str]) -> bool:
    return bool(_calls(fn) & engine) or any(
        isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name) and n.value.id == "conditions"
        for n in ast.walk(fn))


def _delegating(tree: ast.Module, engine: set[str]) -> set[str]:
    """Module-level functions that reach the engine: they call it, or call (transitively) a
    module-level function of the same module that does (``_positive`` → ``_decide`` → ``decide``)."""
    functions = {n.name: n for n in tree.body if isinstance(n, ast.FunctionDef)}
    reach = {name for name, fn in functions.items() if _calls_engine(fn, engine)}
    while True:
        more = {name for name, fn in functions.items() if name not in reach and _calls(fn) & reach}
        if not more:
            return reach
        reach |= more


def test_condition_helpers_delegate_to_the_one_engine():
    own = set()
    for module, (_, tree) in MODULES.items():
        if module == "gametheory.core.conditions" or not module.startswith("gametheory."):
            continue
        engine = _engine_names(tree)
        delegating = _delegating(tree, engine)
        wanted = set(WRAPPERS.get(module, ())) | set(_DECIDER_NAMES)
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef) and node.name in wanted:
                if module in ("gametheory.core._validate",):
                    continue  # back end 1 of the engine itself
                if not (_calls_engine(node, engine) or _calls(node) & delegating):
                    own.add(f"{module}.{node.name}")
    new = sorted(own - STILL_OWN_DECIDER)
    assert not new, f"condition helpers that do not delegate to gametheory.core.conditions: {new}"
    fixed = sorted(STILL_OWN_DECIDER - own)
    assert not fixed, f"now delegating — remove from STILL_OWN_DECIDER: {fixed}"


def test_layers_point_one_way():
    rank = {"core": 0, "models": 1, "dynamics": 1, "outputs": 2, "explore": 2}  # the explorer is an output
    bad = []
    for module, (_, tree) in MODULES.items():
        layer = module.split(".")[1] if "." in module else None
        if layer not in rank:
            continue
        for target, _ in _imports(module, tree):
            tl = target.split(".")[1] if "." in target else None
            if tl in rank and rank[tl] > rank[layer]:
                bad.append(f"{module} -> {target}")
    assert not bad, bad


def test_no_import_cycles_at_module_level():
    graph: dict[str, set[str]] = defaultdict(set)
    for module, (_, tree) in MODULES.items():
        for target, name in _imports(module, tree, top_level_only=True):
            dest = f"{target}.{name}" if name and f"{target}.{name}" in MODULES else target
            if dest in MODULES and dest != module and not module.startswith(dest + "."):
                graph[module].add(dest)
    # Tarjan's strongly connected components
    index, low, stack, on, comps, counter = {}, {}, [], set(), [], [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                comps.append(sorted(comp))

    import sys
    sys.setrecursionlimit(10_000)
    for v in list(MODULES):
        if v not in index:
            visit(v)
    assert not comps, f"module-level import cycles: {comps}"


# -- one policy engine (issue 14) ---------------------------------------------------------------

#: What a family's ``coordinate()`` must reach (through its own module's helpers): the core engine
#: (:class:`~gametheory.core.coordinator.Coordinator`) or its menu step
#: (:func:`~gametheory.core.coordinator.choose_instrument`). A family that ranks its candidates in
#: its own loop reaches neither.
ENGINE = {"Coordinator", "choose_instrument"}


def _functions() -> dict[str, list[ast.AST]]:
    """Every function and method under gametheory.models, by bare name."""
    out: dict[str, list[ast.AST]] = defaultdict(list)
    for module, (_path, tree) in MODULES.items():
        if module.startswith("gametheory.models"):
            for node in ast.walk(tree):
                if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    out[node.name].append(node)
    return out


def _reaches_engine(fn: ast.AST, functions: dict[str, list[ast.AST]], seen: set[int]) -> bool:
    if id(fn) in seen:
        return False
    seen.add(id(fn))
    calls = _calls(fn)
    if calls & ENGINE:
        return True
    return any(_reaches_engine(g, functions, seen) for name in calls for g in functions.get(name, ()))


def test_every_family_coordinate_goes_through_the_core_engine():
    functions = _functions()
    coordinates = functions["coordinate"]
    assert len(coordinates) >= 6        # diffusion (function + method), brand (both), commontech x3, rd
    offenders = [f"line {fn.lineno}" for fn in coordinates if not _reaches_engine(fn, functions, set())]
    assert offenders == []


#: Loops in a ``coordinate`` that compare welfare but are not a policy menu (with the reason).
NOT_A_MENU = {
    "gametheory.models.commontech.club.coordinate":
        "selects the laissez-faire club among stable clubs (optimistic equilibrium selection), not an instrument",
}


def _menu_loops(module: str, tree: ast.Module) -> list[str]:
    """Welfare comparisons inside loops of a ``coordinate`` (or its chooser helpers): an own menu."""
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.FunctionDef)
                and node.name in ("coordinate", "_engine_best", "_closed_form_coordinate")):
            continue
        if f"{module}.{node.name}" in NOT_A_MENU:
            continue
        for loop in (n for n in ast.walk(node) if isinstance(n, ast.For)):
            # names bound to something computed from a welfare inside the loop (w = c.welfare, d = w - ...)
            tainted = {"welfare"}
            for _ in range(3):
                for a in (n for n in ast.walk(loop) if isinstance(n, ast.Assign)):
                    if any(t in ast.unparse(a.value) for t in tainted):
                        tainted.update(t.id for t in a.targets if isinstance(t, ast.Name))
            for cmp_ in (n for n in ast.walk(loop) if isinstance(n, ast.Compare)):
                text = ast.unparse(cmp_)
                if any(isinstance(op, (ast.Gt, ast.GtE, ast.Lt, ast.LtE)) for op in cmp_.ops) and any(
                        t in text for t in tainted):
                    found.append(f"{module}.{node.name}: {text}")
    return found


def test_no_family_ranks_a_menu_in_its_own_loop():
    # the old pattern: ``best = ...`` then a ``for`` over candidates comparing welfare inside a
    # family's coordinate(); the ranking belongs to the core's choose_instrument
    found = [hit for module, (_p, tree) in MODULES.items() if module.startswith("gametheory.models")
             for hit in _menu_loops(module, tree)]
    assert found == []


def test_every_family_coordinate_returns_the_core_policy_outcome():
    import sympy as sp

    from gametheory.core.coordinator import PolicyOutcome
    from gametheory.models.brand import CournotBrand, RegionalBrand
    from gametheory.models.commontech import CommonTechnology
    from gametheory.models.commontech.club import TechnologyClub
    from gametheory.models.commontech.cournot_form import CournotCommonTechnology
    from gametheory.models.diffusion import TechnologyDiffusion
    from gametheory.models.rd import SpilloverRD

    quarter = sp.Rational(1, 4)
    results = {
        "diffusion": TechnologyDiffusion(10, 1, (1, 2, 3)).coordinate(shadow_cost=quarter),
        "brand": RegionalBrand(4, 1, 1).coordinate(shadow_cost=quarter),
        "commontech": CommonTechnology((3, 2, 1)).coordinate(shadow_cost=quarter),
        "club": TechnologyClub(CommonTechnology((10, 1)), fees="equal").coordinate(shadow_cost=quarter),
        "cournot commontech": CournotCommonTechnology(20, 1, (6, 8), efficiency=sp.Rational(1, 2)).coordinate(
            shadow_cost=0.3),
        "rd": SpilloverRD(a=100, b=1, A=60, beta=0, gamma=3).coordinate(sp.Rational(1, 5)),
        "cournot brand": CournotBrand(3, a=10, b=1, c=2, theta=1, k=1).coordinate(shadow_cost=quarter),
    }
    for family, out in results.items():
        assert isinstance(out, PolicyOutcome), family
        # the fiscal rule is stated and the gap is unclamped: coordinated welfare never beats the first best
        assert out.fiscal_rule != "as declared", family
        assert float(out.welfare) <= float(out.first_best_welfare) + 1e-9, family
