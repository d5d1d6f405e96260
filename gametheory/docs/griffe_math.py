"""A griffe extension for the API pages: the docstrings' reST roles as Markdown and MathJax.

The docstrings are numpydoc with reST inline roles (``:math:`x```, ``:class:`~a.B```) and
``.. math::`` blocks; mkdocstrings renders Markdown, so the roles are rewritten when griffe loads
each docstring: math becomes ``$…$`` / ``$$…$$`` (rendered by MathJax through
``pymdownx.arithmatex``), cross-reference roles become code spans. The source is untouched.
"""

from __future__ import annotations

import re

import griffe

_INLINE_MATH = re.compile(r":math:`([^`]+)`")
_ROLE = re.compile(r":(?:py:)?(?:class|func|meth|mod|attr|data|obj|exc|const|ref|doc|term):`~?([^`<]+?)(?:\s*<[^>]+>)?`")
_MATH_BLOCK = re.compile(r"^(?P<indent>[ \t]*)\.\. math::[ \t]*\n((?:(?P=indent)[ \t]+.*\n|[ \t]*\n)+)", re.M)


def _block(match: re.Match) -> str:
    indent = match.group("indent")
    body = "\n".join(line.strip() for line in match.group(2).splitlines() if line.strip())
    return f"{indent}$$\n{indent}{body}\n{indent}$$\n\n"


def convert(text: str) -> str:
    """reST math and cross-reference roles → Markdown with ``$…$`` math."""
    text = _MATH_BLOCK.sub(_block, text if text.endswith("\n") else text + "\n")
    text = _INLINE_MATH.sub(lambda m: f"${m.group(1)}$", text)
    text = _ROLE.sub(lambda m: f"`{m.group(1).split('.')[-1] if m.group(0).count('~') else m.group(1)}`", text)
    return text.replace("``", "`")


class MathExtension(griffe.Extension):
    """Rewrite each loaded docstring (modules, classes, functions, attributes)."""

    def on_instance(self, *, obj: griffe.Object, **kwargs) -> None:
        if obj.docstring is not None:
            obj.docstring.value = convert(obj.docstring.value)
