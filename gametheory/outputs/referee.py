r"""The referee's checklist, as code: what every derivation and figure must have.

A referee checks the presentation before the algebra. Every generated document and figure of the
package is held to the same list, and :func:`check_document` finds what it can mechanically:

1. **A notation table** at the top — a ``Notation`` section whose table lists one symbol per row
   (``| $q_i$ | output of firm i |``), one meaning per symbol.
2. **Every symbol defined** — each letter or Greek symbol used in the document's math
   (``$…$`` and ``$$…$$``) is the base of a symbol in the notation table (``q`` defines
   ``q_i``, ``q^*``, ``q_{L}``); indices inside sub- and superscripts, text (``\text{…}``,
   ``\mathrm{…}``) and function names (``\max``, ``\log``) are not symbols.
3. **Every figure cited** where it is discussed — each figure the document's catalog module owns
   appears in the text (``figures/{name}.png`` or its name).
4. **Parameters stated** — every figure declares its parameters and a caption generated from
   them (``figures/{name}.json``; see :class:`gametheory.outputs.registry.FigureSpec`).
5. What code cannot check and a reader must: each example's parameters stated where it is
   computed; conditions printed minimally (:func:`gametheory.core.conditions.simplify`);
   references complete and real; statements true under the conditions they state; legends
   at least 8 pt and never over data; line styles distinguishable in greyscale.

Examples
--------
>>> good = "## Notation\n\n| Symbol | Meaning |\n|---|---|\n| $q_i$ | output |\n\nWe find $q_1 = 2$."
>>> check_document(good)
[]
>>> check_document("We find $q_1 = 2 p$.")
['no notation table (a "Notation" section with | $symbol$ | meaning | rows)', 'symbols used but not in the notation table: p, q']
"""

from __future__ import annotations

import re
from typing import Iterable

from gametheory.core.params import rejects_text

__all__ = ["GREEK", "check_document", "defined_symbols", "math_symbols"]

#: Greek letters (LaTeX commands) that count as symbols.
GREEK = frozenset(
    "alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa lambda mu nu xi "
    "pi varpi rho varrho sigma varsigma tau upsilon phi varphi chi psi omega Gamma Delta Theta "
    "Lambda Xi Pi Sigma Upsilon Phi Psi Omega".split())

_MATH = re.compile(r"\$\$(.+?)\$\$|\$(.+?)\$", re.S)
_TEXTLIKE = re.compile(r"\\(?:text|mathrm|operatorname|textbf|textit|mathit|texttt|label|tag|mbox|begin|end)"
                       r"\s*\{[^{}]*\}")
_COMMAND = re.compile(r"\\([A-Za-z]+)")


def _strip_scripts(tex: str) -> str:
    """Remove sub- and superscripts (``_i``, ``^{*}``, ``_{L,1}``): indices are not symbols."""
    out, i = [], 0
    while i < len(tex):
        ch = tex[i]
        if ch in "_^":
            i += 1
            while i < len(tex) and tex[i] == " ":
                i += 1
            if i < len(tex) and tex[i] == "{":
                depth = 0
                while i < len(tex):
                    depth += {"{": 1, "}": -1}.get(tex[i], 0)
                    i += 1
                    if depth == 0:
                        break
            elif i < len(tex) and tex[i] == "\\":
                m = _COMMAND.match(tex, i)
                i = m.end() if m else i + 1
            else:
                i += 1
            continue
        out.append(ch)
        i += 1
    return "".join(out)


@rejects_text(text=("tex",))
def math_symbols(tex: str) -> set[str]:
    r"""The base symbols of one LaTeX math string: single Latin letters and Greek commands.

    Examples
    --------
    >>> sorted(math_symbols(r"\frac{a - c_{L}}{3 b} + \lambda \max(0, x^{*}) + \text{cost of } k"))
    ['a', 'b', 'c', 'k', 'lambda', 'x']
    """
    tex = _TEXTLIKE.sub(" ", tex)
    tex = _strip_scripts(tex)
    found: set[str] = set()
    pos = 0
    for m in _COMMAND.finditer(tex):
        chunk = tex[pos:m.start()]
        found.update(re.findall(r"[A-Za-z]", chunk))
        if m.group(1) in GREEK:
            found.add(m.group(1))
        pos = m.end()
    found.update(re.findall(r"[A-Za-z]", tex[pos:]))
    found.discard("d")  # the differential d in d/dx
    found.discard("e")  # Euler's number
    return found


def _notation_section(text: str) -> str | None:
    """The notation table: the first pipe table after a heading containing "Notation"."""
    m = re.search(r"^#{1,6}[^\n]*Notation[^\n]*\n(?:[ \t]*\n|(?!\|)[^\n#][^\n]*\n)*((?:\|[^\n]*(?:\n|\Z))+)",
                  text, re.M)
    return m.group(1) if m else None


@rejects_text(text=("text",))
def defined_symbols(text: str) -> set[str] | None:
    """The base symbols a document's notation table defines (``None`` without such a table).

    The table's first column holds the symbols (``$q_i$``, ``$W^{FB}$``, ``$\\lambda$``); every
    base symbol appearing there counts as defined.
    """
    section = _notation_section(text)
    if section is None:
        return None
    defined: set[str] = set()
    rows = [line for line in section.splitlines() if line.startswith("|")]
    for line in rows[2:]:
        first = line.strip("|").split("|")[0]
        for m in _MATH.finditer(first):
            defined |= math_symbols(m.group(1) or m.group(2))
    return defined if rows else None


@rejects_text(text=("text", "figures"))
def check_document(text: str, figures: Iterable[str] = ()) -> list[str]:
    """What a referee would reject in a generated Markdown document (empty list: nothing).

    Parameters
    ----------
    text : str
        The document.
    figures : iterable of str
        Names of the figures the document owns (each must be cited).
    """
    problems: list[str] = []
    defined = defined_symbols(text)
    if defined is None:
        problems.append('no notation table (a "Notation" section with | $symbol$ | meaning | rows)')
        defined = set()
    section = _notation_section(text) or ""
    body = text.replace(section, "") if section else text
    body = re.sub(r"```.*?```", " ", body, flags=re.S)   # code blocks are not math
    body = re.sub(r"`[^`\n]*`", " ", body)               # inline code neither
    used: set[str] = set()
    for m in _MATH.finditer(body):
        used |= math_symbols(m.group(1) or m.group(2))
    missing = sorted(used - defined)
    if missing:
        problems.append("symbols used but not in the notation table: " + ", ".join(missing))
    for name in figures:
        if name not in text:
            problems.append(f"figure {name} is not cited")
    return problems
