"""A small Markdown builder for generated derivations (math in LaTeX produced by sympy).

A derivation is code: it computes with the models and writes what it finds, so the document can
never disagree with the package. :class:`Document` collects blocks and renders deterministic
Markdown (``$$ … $$`` display math, ``$ … $`` inline math, pipe tables).

Examples
--------
>>> import sympy as sp
>>> a, c = sp.symbols("a c", positive=True)
>>> doc = Document("Cournot duopoly")
>>> doc.equation(sp.Symbol("q^*"), (a - c) / 3)
>>> print(doc.render())
# Cournot duopoly
<BLANKLINE>
$$q^{*} = \\frac{a}{3} - \\frac{c}{3}$$
<BLANKLINE>
"""

from __future__ import annotations

from typing import Any, Iterable, Sequence

import sympy as sp
from gametheory.core.params import rejects_text

__all__ = ["Document", "tex"]


@rejects_text(text=('value',))
def tex(value: Any) -> str:
    """LaTeX of a sympy object or number; strings are taken as LaTeX already."""
    if isinstance(value, str):
        return value
    from fractions import Fraction

    if isinstance(value, Fraction):
        value = sp.Rational(value.numerator, value.denominator)
    if isinstance(value, float):
        return f"{value:.6g}"
    from gametheory.core.results import canonical

    return sp.latex(canonical(value))


@rejects_text(text=('headers', 'items', 'lhs', 'rhs', 'rows', 'spec', 'subtitle', 'text', 'title', 'value'), choices=('relation',))
class Document:
    """Markdown document with headings, paragraphs, display equations and tables."""

    def __init__(self, title: str, *, subtitle: str | None = None) -> None:
        self.blocks: list[str] = [f"# {title}"]
        if subtitle:
            self.blocks.append(f"*{subtitle}*")

    # -- structure -----------------------------------------------------------------------------
    def heading(self, text: str, level: int = 2) -> None:
        """A section heading (level 2 by default)."""
        self.blocks.append("#" * level + " " + text)

    def para(self, text: str) -> None:
        """A paragraph of Markdown (inline math as ``$…$``)."""
        self.blocks.append(text.strip())

    def bullets(self, items: Iterable[str]) -> None:
        """A bulleted list."""
        self.blocks.append("\n".join(f"- {item}" for item in items))

    # -- math ----------------------------------------------------------------------------------
    def math(self, value: Any) -> None:
        """A display equation from a sympy object or a LaTeX string."""
        self.blocks.append(f"$$\n{tex(value)}\n$$" if "\n" in tex(value) else f"$${tex(value)}$$")

    def equation(self, lhs: Any, rhs: Any, relation: str = "=") -> None:
        """A display equation ``lhs relation rhs``."""
        self.blocks.append(f"$${tex(lhs)} {relation} {tex(rhs)}$$")

    def aligned(self, rows: Sequence[tuple[Any, Any]], relation: str = "=") -> None:
        """Several equations aligned at the relation sign."""
        body = r" \\ ".join(f"{tex(l)} &{relation} {tex(r)}" for l, r in rows)
        self.blocks.append(f"$$\\begin{{aligned}}{body}\\end{{aligned}}$$")

    def table(self, headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
        """A pipe table; sympy cells are rendered as inline LaTeX."""
        def cell(v: Any) -> str:
            if isinstance(v, str):
                return v
            return f"${tex(v)}$"

        lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
        for row in rows:
            lines.append("| " + " | ".join(cell(v) for v in row) + " |")
        self.blocks.append("\n".join(lines))

    def figure(self, spec: Any) -> None:
        """Show a registered figure where it is discussed: the image and its caption with parameters.

        ``spec`` is a :class:`gametheory.outputs.registry.FigureSpec`; the caption is generated from
        the figure's declared parameters (:meth:`FigureSpec.caption_text`), so the text cannot
        disagree with ``figures/{name}.json``.
        """
        self.blocks.append(f"![{spec.title}](../figures/{spec.name}.png)\n\n"
                           f"*Figure `{spec.name}`.* {spec.caption_text()}")

    def notation(self, rows: Iterable[tuple[Any, str]]) -> None:
        """The notation table: a ``## Notation`` section, one symbol and one meaning per row.

        Symbols are sympy objects or LaTeX strings (rendered as inline math); the referee test
        (``tests/outputs/test_referee.py``) checks that every symbol of the document's math is
        defined here.
        """
        self.heading("Notation")
        self.table(["Symbol", "Meaning"], [(v if not isinstance(v, str) else f"${v}$", m) for v, m in rows])

    def render(self) -> str:
        """The Markdown text (blocks separated by blank lines, one trailing newline)."""
        return "\n\n".join(self.blocks) + "\n"
