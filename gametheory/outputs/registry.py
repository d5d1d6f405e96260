"""The registry of generated outputs: derivations, figures and demos.

Each model family contributes one module in :mod:`gametheory.outputs.catalog` that defines any
of three lists:

``DERIVATIONS``
    :class:`Derivation` objects — ``name`` (the file ``derivations/{name}.md``) and ``build()``
    returning the Markdown text.
``FIGURES``
    :class:`FigureSpec` objects — ``data()`` returning the arrays the figure draws (a dict of
    numpy arrays / numbers; tests check these) and ``draw(data)`` returning a matplotlib figure.
``DEMOS``
    :class:`Demo` objects — ``run(narrator)``, a narrated step-by-step walk through a model.

Modules are discovered in alphabetical order, so adding a model adds a file and touches nothing
else; names must be unique across modules.
"""

from __future__ import annotations

import functools
import importlib
import pkgutil
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping
from gametheory.core.params import rejects_text

__all__ = ["Demo", "Derivation", "FigureSpec", "catalog"]


@rejects_text(text=('name', 'title'))
@dataclass(frozen=True)
class Derivation:
    """A generated document ``derivations/{name}.md``."""

    name: str
    title: str
    build: Callable[[], str]


@rejects_text(text=('name', 'title', 'caption'))
@dataclass(frozen=True)
class FigureSpec:
    """A generated figure ``figures/{name}.png|pdf`` = ``draw(data(**params))``.

    ``params`` are the figure's parameters (numbers, tuples of numbers, short strings), kept
    machine-readable beside the figure in ``figures/{name}.json`` together with the caption;
    ``caption`` is a :meth:`str.format` template filled from the same ``params``, so the text a
    reader sees and the numbers the figure was computed from cannot drift apart. A test rebuilds
    every figure's data from its JSON parameters and compares the data digest.
    """

    name: str
    title: str
    data: Callable[..., dict[str, Any]]
    draw: Callable[[dict[str, Any]], Any]
    size: tuple[float, float] = (6.4, 4.2)
    params: Mapping[str, Any] = field(default_factory=dict)
    caption: str = ""

    def compute(self, params: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """The figure's data for ``params`` (default: its own)."""
        params = self.params if params is None else params
        return self.data(**params) if params else self.data()

    def caption_text(self, params: Mapping[str, Any] | None = None) -> str:
        """The caption with the parameters filled in (the title when no caption is declared)."""
        params = self.params if params is None else params
        return self.caption.format(**{k: _readable(v) for k, v in params.items()}) if self.caption else self.title


class _Shown(tuple):
    """A sequence parameter as a caption shows it, ``(1/10, 1/5, 1)`` rather than ``Fraction(1, 10)``
    reprs; indexing (``{betas[0]:g}``) still gives the original values."""

    def __str__(self) -> str:
        return "(" + ", ".join(str(v) for v in self) + ")"

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)


def _readable(value: Any) -> Any:
    """A caption's view of a parameter (sequences, nested too, through :class:`_Shown`)."""
    if isinstance(value, (tuple, list)):
        return _Shown(_readable(v) for v in value)
    return value


@rejects_text(text=('name', 'title', 'figures'))
@dataclass(frozen=True)
class Demo:
    """A narrated terminal walk-through (``gametheory demo {name}``)."""

    name: str
    title: str
    run: Callable[[Any], None]
    figures: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class Catalog:
    derivations: dict[str, Derivation]
    figures: dict[str, FigureSpec]
    demos: dict[str, Demo]


@functools.lru_cache(maxsize=1)
def catalog() -> Catalog:
    """Import every module of :mod:`gametheory.outputs.catalog` and collect its entries."""
    from gametheory.outputs import catalog as package

    derivations: dict[str, Derivation] = {}
    figures: dict[str, FigureSpec] = {}
    demos: dict[str, Demo] = {}
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        for attr, target in (("DERIVATIONS", derivations), ("FIGURES", figures), ("DEMOS", demos)):
            for entry in getattr(module, attr, ()):
                if entry.name in target:
                    raise RuntimeError(f"duplicate output name {entry.name!r} in {module.__name__}")
                target[entry.name] = entry
    return Catalog(derivations, figures, demos)
