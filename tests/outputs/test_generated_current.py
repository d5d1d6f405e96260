"""Committed derivations and figures must match what the code generates now."""

from __future__ import annotations

import json

import pytest
import sympy as sp

from gametheory.outputs import derive, figures
from gametheory.outputs.registry import catalog

CATALOG = catalog()


@pytest.mark.parametrize("name", sorted(CATALOG.derivations))
def test_committed_derivation_is_current(name, root):
    path = root / "derivations" / f"{name}.md"
    assert path.exists(), f"derivations/{name}.md missing: run `gametheory derive`"
    recorded = json.loads((root / "derivations" / "VERSIONS.json").read_text())
    if recorded.get("sympy") != sp.__version__:
        pytest.skip(f"documents were generated with sympy {recorded.get('sympy')}, this is {sp.__version__}")
    assert path.read_text(encoding="utf-8") == derive.render(name), f"derivations/{name}.md is stale: run `gametheory derive`"


@pytest.mark.parametrize("name", sorted(CATALOG.figures))
def test_committed_figure_data_is_current(name, root):
    digest = root / "figures" / f"{name}.sha256"
    assert digest.exists(), f"figures/{name}.sha256 missing: run `gametheory figures`"
    for ext in ("png", "pdf"):
        assert (root / "figures" / f"{name}.{ext}").exists()
    data = CATALOG.figures[name].data()
    assert digest.read_text().strip() == figures.data_digest(data), f"figures/{name} is stale: run `gametheory figures`"


def test_no_orphan_outputs(root):
    """Every committed output belongs to a registered derivation or figure."""
    docs = {p.stem for p in (root / "derivations").glob("*.md")}
    figs = {p.stem for p in (root / "figures").glob("*.sha256")}
    assert docs == set(CATALOG.derivations)
    assert figs == set(CATALOG.figures)
