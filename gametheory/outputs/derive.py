"""Regenerate ``derivations/*.md`` from the models (``gametheory derive``).

Documents are deterministic: the same package and sympy version give the same bytes. The sympy
version that produced the committed documents is recorded in ``derivations/VERSIONS.json``
so that the staleness test compares like with like.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Callable, Iterable

import sympy as sp

from gametheory.outputs.registry import catalog
from gametheory.core.params import rejects_text

__all__ = ["DOCUMENTS", "render", "write", "write_all", "versions"]


def __getattr__(name: str):  # DOCUMENTS is computed lazily (catalog import is not free)
    if name == "DOCUMENTS":
        return sorted(catalog().derivations)
    raise AttributeError(name)


@rejects_text
def versions() -> dict[str, str]:
    """Library versions whose output formatting the documents depend on."""
    return {"sympy": sp.__version__}


@rejects_text(text=('name',))
def render(name: str) -> str:
    """The Markdown text of derivation ``name``."""
    entries = catalog().derivations
    if name not in entries:
        raise KeyError(f"unknown derivation {name!r}; valid choices: {', '.join(sorted(entries))}")
    return entries[name].build()


@rejects_text(text=('name', 'root'))
def write(name: str, root: Path | str = ".") -> Path:
    """Write ``derivations/{name}.md`` under ``root`` (only when its content changed)."""
    out = Path(root) / "derivations" / f"{name}.md"
    out.parent.mkdir(parents=True, exist_ok=True)
    text = render(name)
    if not out.exists() or out.read_text(encoding="utf-8") != text:
        out.write_text(text, encoding="utf-8")
    return out


@rejects_text(text=('names', 'root'))
def write_all(root: Path | str = ".", names: Iterable[str] | None = None,
              progress: Callable[[str], None] | None = None) -> list[Path]:
    """Write every derivation (alphabetical order) and ``VERSIONS.json``."""
    paths = []
    for name in names if names is not None else sorted(catalog().derivations):
        if progress:
            progress(name)
        paths.append(write(name, root))
    stamp = Path(root) / "derivations" / "VERSIONS.json"
    stamp.write_text(json.dumps(versions(), indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return paths
