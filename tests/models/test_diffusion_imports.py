"""The diffusion family's modules import each other in one direction (issue 12).

``model`` is the bottom of the family (with the ``market`` helpers under it); the analyses
(attitude, planner, coordinator, levels, ...) take a model as an argument and never import
``model``. Its convenience methods (``equilibrium()``, ``first_best()``, ``coordinate()``, ...)
import their analysis when called: counted here too (function-level imports included), the
family's import graph has no cycle.
"""

from __future__ import annotations

import ast
import pathlib

import sympy as sp

import gametheory.models.diffusion as family

HOME = pathlib.Path(family.__file__).parent
PREFIX = "gametheory.models.diffusion."


def _graph() -> dict[str, set[str]]:
    """Module → sibling modules it imports, at any depth (module level or inside a function)."""
    graph: dict[str, set[str]] = {}
    for path in sorted(HOME.glob("*.py")):
        if path.stem == "__init__":
            continue
        targets = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(PREFIX):
                targets.add(node.module[len(PREFIX):].split(".")[0])
            elif isinstance(node, ast.Import):
                targets.update(a.name[len(PREFIX):].split(".")[0] for a in node.names if a.name.startswith(PREFIX))
        graph[path.stem] = targets - {path.stem}
    return graph


def test_no_sibling_imports_the_model_module():
    graph = _graph()
    assert [m for m, targets in graph.items() if "model" in targets] == []
    assert graph["market"] == set()                       # the helpers sit below everything
    assert {"attitude", "planner", "coordinator", "levels"} <= graph["model"]   # the lazy conveniences


def test_family_import_graph_is_acyclic_with_lazy_imports():
    graph = _graph()
    done: set[str] = set()

    def visit(m: str, path: tuple[str, ...]) -> None:
        assert m not in path, f"import cycle: {' -> '.join(path + (m,))}"
        if m in done:
            return
        for t in sorted(graph.get(m, ())):
            visit(t, path + (m,))
        done.add(m)

    for m in graph:
        visit(m, ())


def test_moved_helpers_keep_their_public_names_and_values():
    from gametheory.models.diffusion import cournot_grid
    from gametheory.models.diffusion.market import cournot_grid as grid, interior_cournot
    from gametheory.models.diffusion.model import cournot_grid as reexported

    assert cournot_grid is grid is reexported
    # a = 10, b = 1, c = (1, 2, 3): q_i = (10 - 4 c_i + 6)/4 = (3, 2, 1) (test_diffusion's running example)
    assert interior_cournot(sp.Integer(10), sp.Integer(1), [1, 2, 3]) == [3, 2, 1]
    c = sp.Symbol("c", positive=True)
    assert sp.simplify(interior_cournot(10, 1, [c, c])[0] - (10 - c) / 3) == 0   # duopoly (a - c)/3b
