"""Narrated teaching demos (``gametheory demo NAME``).

A demo is a function of a :class:`Narrator`, which numbers the steps, prints tables and
equations in plain text, and writes the demo's figures to an output folder.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, Sequence, TextIO

import sympy as sp

from gametheory.outputs.registry import catalog
from gametheory.core.params import rejects_text

__all__ = ["Narrator", "run_demo", "list_demos"]


@rejects_text(text=('headers', 'lhs', 'name', 'outdir', 'rhs', 'rows', 'stream', 'text'), choices=('relation',))
class Narrator:
    """Prints a numbered, step-by-step explanation to a stream."""

    def __init__(self, stream: TextIO | None = None, outdir: Path | str = "gametheory-demo") -> None:
        self.stream = stream or sys.stdout
        self.outdir = Path(outdir)
        self._step = 0

    def title(self, text: str) -> None:
        self.say(text)
        self.say("=" * len(text))

    def step(self, text: str) -> None:
        self._step += 1
        self.say("")
        self.say(f"Step {self._step}. {text}")
        self.say("-" * (len(text) + 6 + len(str(self._step))))

    def say(self, text: str = "") -> None:
        print(text, file=self.stream)

    def math(self, lhs: Any, rhs: Any = None, relation: str = "=") -> None:
        """Pretty-print an expression or equation (sympy's unicode printer)."""
        from gametheory.core.results import canonical

        lhs, rhs = canonical(lhs), canonical(rhs)
        if rhs is None:
            self.say(sp.pretty(lhs, use_unicode=True))
        else:
            self.say(sp.pretty(sp.Symbol(str(lhs)) if isinstance(lhs, str) else lhs, use_unicode=True)
                     + f" {relation} " + sp.pretty(rhs, use_unicode=True))

    def table(self, headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
        from gametheory.core.results import format_value

        cells = [[str(h) for h in headers]] + [[v if isinstance(v, str) else format_value(v) for v in r] for r in rows]
        widths = [max(len(r[c]) for r in cells) for c in range(len(headers))]
        for i, row in enumerate(cells):
            self.say("  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip())
            if i == 0:
                self.say("  ".join("-" * w for w in widths))

    def figure(self, name: str) -> Path:
        """Save registered figure ``name`` into the output folder and say where."""
        from gametheory.outputs import figures

        paths = figures.save(name, self.outdir)
        self.say(f"[figure written: {paths[0]}]")
        return paths[0]


@rejects_text
def list_demos() -> dict[str, str]:
    """Demo names and titles."""
    return {name: demo.title for name, demo in sorted(catalog().demos.items())}


@rejects_text(text=('name', 'outdir', 'stream'))
def run_demo(name: str, stream: TextIO | None = None, outdir: Path | str = "gametheory-demo") -> None:
    demos = catalog().demos
    if name not in demos:
        raise KeyError(f"unknown demo {name!r}; valid choices: {', '.join(sorted(demos)) or '(none)'}")
    demos[name].run(Narrator(stream, outdir))
