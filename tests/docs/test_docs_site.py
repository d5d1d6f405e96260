"""The documentation site's sources: configuration, the reST-to-Markdown docstring rewrite, and
the pages every derivation gets (the site itself is built by .ci/run with `mkdocs build --strict`)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "gametheory" / "docs"


def _load(name: str):
    spec = importlib.util.spec_from_file_location(f"_docs_{name}", DOCS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_math_and_cross_reference_roles_become_markdown():
    pytest.importorskip("griffe")
    convert = _load("griffe_math").convert
    assert convert(r"valid while :math:`q_i > 0`.") == "valid while $q_i > 0$.\n"
    assert convert("see :class:`~gametheory.core.results.Result` and :func:`gametheory.compare`") == \
        "see `Result` and `gametheory.compare`\n"
    block = "Welfare\n\n.. math::\n\n    W = CS + \\Pi\n\nafter\n"
    assert convert(block) == "Welfare\n\n$$\nW = CS + \\Pi\n$$\n\nafter\n"
    assert convert("``x``") == "`x`\n"


def test_every_derivation_is_a_page_of_the_site():
    hooks = _load("hooks")

    class Config(dict):
        pass

    config = Config(nav=[{"Home": "index.md"}, {"Derivations": "derivations/classic_games.md"}])
    nav = hooks.on_config(config)["nav"]
    pages = nav[1]["Derivations"]
    assert pages == sorted(f"derivations/{p.name}" for p in (ROOT / "derivations").glob("*.md"))
    assert "derivations/diffusion.md" in pages


def test_site_configuration_builds_strictly_from_sources_inside_the_package():
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "docs_dir: gametheory/docs/pages" in text and "strict: true" in text
    assert "docstring_style: numpy" in text
    for page in ("index.md", "workflows.md", "architecture.md"):
        assert (DOCS / "pages" / page).exists()
    arch = (DOCS / "pages" / "architecture.md").read_text(encoding="utf-8")
    for piece in ("gametheory.core.params", "gametheory.core.conditions", "gametheory.models.market",
                  "gametheory.core.coordinator", "gametheory.core.results"):
        assert piece in arch
