r"""Read and write Gambit's strategic-form file format (``.nfg``, version 1).

Format (Gambit documentation, "Game representation formats"; whitespace is not significant,
labels are double-quoted with ``\"`` escaping a quote)::

    NFG 1 R "title" { "Player 1" "Player 2" } { 3 2 }     <- payoff version: strategy counts
    "optional comment"
    1 1  0 2  0 2  1 1  0 3  2 0                          <- payoffs of every player per profile

    NFG 1 R "title" { "P1" "P2" }                          <- outcome version: strategy labels
    { { "C" "D" } { "C" "D" } }
    ""
    { { "" 3, 3 } { "" 5, 0 } { "" 0, 5 } { "" 1, 1 } }    <- outcomes (label, payoffs)
    1 2 3 4                                               <- outcome of each profile (0 = none)

Profiles are listed with **player 1's strategy changing fastest** (then player 2's, …). The second
block may also be a list of strategy-label lists in the payoff version. Numbers may be integers,
decimals, exponents or rationals ``p/q``; they are read exactly (decimals as the fractions they
denote), so an integer/rational file gives an ``"exact"`` game; a file marked ``D`` (double
precision) gives a ``"float"`` game.

The writer produces the outcome version with labels by default (what Gambit itself writes) or
the payoff version (``format="payoff"``, strategy labels are then written as a label list).
Float games are written with precision ``D`` and each float as the decimal of its shortest
representation (which reads back as the same float).

Examples
--------
>>> from gametheory.core.normal_form import NormalFormGame
>>> pd = NormalFormGame(([[3, 0], [5, 1]], [[3, 5], [0, 1]]), strategies=("C", "D"))
>>> text = write_nfg(pd, title="PD", format="payoff")
>>> print(text.splitlines()[0])
NFG 1 R "PD" { "P1" "P2" } { { "C" "D" } { "C" "D" } }
>>> read_nfg(text) == pd
True
"""

from __future__ import annotations

import itertools
import re
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np

from gametheory.core._validate import DomainError

__all__ = ["read_nfg", "write_nfg"]

_TOKEN = re.compile(r'\s*(?:(?P<str>"(?:[^"\\]|\\.)*")|(?P<brace>[{}])|(?P<comma>,)|(?P<word>[^\s{},"]+))', re.S)


def _tokens(text: str) -> list[tuple[str, str]]:
    out, pos = [], 0
    text = text.rstrip()
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m or m.end() == pos:
            if text[pos:].strip() == "":
                break
            raise DomainError(f"NFG: cannot read text at position {pos}: {text[pos:pos + 30]!r}")
        pos = m.end()
        if m.group("str") is not None:
            raw = m.group("str")[1:-1]
            out.append(("str", re.sub(r"\\(.)", r"\1", raw)))
        elif m.group("brace") is not None:
            out.append((m.group("brace"), m.group("brace")))
        elif m.group("comma") is not None:
            continue
        else:
            out.append(("word", m.group("word")))
    return out


_NUM = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?(/[+-]?\d+)?$")


def _number(word: str) -> Fraction:
    if not _NUM.match(word):
        raise DomainError(f"NFG: expected a number, got {word!r}")
    try:
        if "/" in word:
            p, q = word.split("/")
            return Fraction(Decimal(p)) / Fraction(Decimal(q))
        return Fraction(Decimal(word))
    except (ArithmeticError, ValueError) as exc:
        raise DomainError(f"NFG: bad number {word!r} ({exc})") from None


class _Stream:
    def __init__(self, toks: list[tuple[str, str]]) -> None:
        self.toks, self.i = toks, 0

    def peek(self) -> tuple[str, str] | None:
        return self.toks[self.i] if self.i < len(self.toks) else None

    def next(self, kind: str | None = None) -> str:
        if self.i >= len(self.toks):
            raise DomainError("NFG: unexpected end of file")
        k, v = self.toks[self.i]
        if kind is not None and k != kind:
            raise DomainError(f"NFG: expected {kind!r}, got {v!r}")
        self.i += 1
        return v

    def strings(self) -> list[str]:
        self.next("{")
        out = []
        while self.peek() and self.peek()[0] == "str":
            out.append(self.next("str"))
        self.next("}")
        return out


def read_nfg(source: Any) -> Any:
    """Read a Gambit ``.nfg`` game from a path, a file object or the text itself.

    Returns
    -------
    NormalFormGame
        Exact payoffs (Fractions) — the format has no symbols.

    Raises
    ------
    DomainError
        Malformed file, wrong counts, non-numeric payoffs.
    """
    from gametheory.core.normal_form import NormalFormGame

    if hasattr(source, "read"):
        text = source.read()
        text = text.decode("utf-8") if isinstance(text, bytes) else text
    elif isinstance(source, Path) or (isinstance(source, str) and not source.lstrip().startswith("NFG")
                                      and len(source) < 4096 and (Path(source).is_file() or not source.split()[1:])):
        if not Path(source).is_file():
            raise DomainError(f"read_nfg: no such file {str(source)!r} (pass a path, a file object or NFG text)")
        text = Path(source).read_text(encoding="utf-8")
    elif isinstance(source, str):
        text = source
    else:
        raise DomainError(f"read_nfg needs a path, a file object or NFG text, got {type(source).__name__}")
    s = _Stream(_tokens(text))
    if s.next("word") != "NFG":
        raise DomainError("NFG: file must start with 'NFG' (or the path given does not exist)")
    version = s.next("word")
    if version != "1":
        raise DomainError(f"NFG: only version 1 is supported, got {version!r}")
    prec = s.next("word")
    if prec not in ("R", "D"):
        raise DomainError(f"NFG: precision must be R or D, got {prec!r}")
    title = s.next("str")
    players = s.strings()
    if not players:
        raise DomainError("NFG: no players")
    s.next("{")
    labels: list[list[str]] | None = None
    if s.peek() and s.peek()[0] == "{":
        labels = []
        while s.peek() and s.peek()[0] == "{":
            labels.append(s.strings())
        s.next("}")
        counts = [len(lab) for lab in labels]
    else:
        counts = []
        while s.peek() and s.peek()[0] == "word":
            counts.append(int(_number(s.next("word"))))
        s.next("}")
    if len(counts) != len(players):
        raise DomainError(f"NFG: {len(players)} players but strategy counts for {len(counts)}")
    if any(c < 1 for c in counts):
        raise DomainError(f"NFG: every player needs at least one strategy, got counts {counts}")
    if s.peek() and s.peek()[0] == "str":
        s.next("str")  # comment
    n = len(players)
    shape = tuple(counts)
    arrays = [np.empty(shape, dtype=object) for _ in range(n)]
    # player 1's strategy changes fastest
    order = [tuple(reversed(p)) for p in itertools.product(*(range(c) for c in reversed(counts)))]
    if s.peek() and s.peek()[0] == "{":  # outcome version
        s.next("{")
        outcomes: list[list[Fraction]] = []
        while s.peek() and s.peek()[0] == "{":
            s.next("{")
            if s.peek() and s.peek()[0] == "str":
                s.next("str")
            pays = []
            while s.peek() and s.peek()[0] == "word":
                pays.append(_number(s.next("word")))
            s.next("}")
            if len(pays) != n:
                raise DomainError(f"NFG: outcome {len(outcomes) + 1} has {len(pays)} payoffs for {n} players")
            outcomes.append(pays)
        s.next("}")
        for prof in order:
            k = int(_number(s.next("word")))
            if not 0 <= k <= len(outcomes):
                raise DomainError(f"NFG: outcome index {k} out of range 0..{len(outcomes)}")
            pays = outcomes[k - 1] if k > 0 else [Fraction(0)] * n
            for i in range(n):
                arrays[i][prof] = pays[i]
    else:
        for prof in order:
            for i in range(n):
                arrays[i][prof] = _number(s.next("word"))
    if s.peek() is not None:
        raise DomainError(f"NFG: unexpected trailing content {s.peek()[1]!r}")
    strategies = labels
    if strategies is not None and any(len(set(lab)) != len(lab) or any(x == "" for x in lab) for lab in strategies):
        strategies = None  # Gambit allows blank/duplicate labels; fall back to defaults
    if len(set(players)) != n or any(p == "" for p in players):
        players = None  # type: ignore[assignment]
    if prec == "D":  # a double-precision file: payoffs are floats
        arrays = [np.array([[float(v)] for v in a.ravel()], dtype=float).reshape(shape) for a in arrays]
    return NormalFormGame(arrays, players=players, strategies=strategies)


def _quote(label: str) -> str:
    return '"' + label.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _fmt(v: Any) -> str:
    if isinstance(v, Fraction):
        return str(v.numerator) if v.denominator == 1 else f"{v.numerator}/{v.denominator}"
    if isinstance(v, (float, np.floating)):
        d = Decimal(repr(float(v)))
        text = format(d, "f")
        return text[:-2] if text.endswith(".0") else text
    raise DomainError(f"NFG files hold numbers only, got {v!r}")


def write_nfg(game: Any, path: Any = None, *, title: str = "", format: str = "outcome") -> str:
    """Gambit ``.nfg`` text of ``game`` (also written to ``path`` when given).

    Parameters
    ----------
    game : NormalFormGame
        Numeric (exact or float) game; symbolic games must be ``subs``-tituted first.
    path : str or Path, optional
    title : str
    format : {"outcome", "payoff"}
    """
    if game.kind == "symbolic":
        raise DomainError("NFG files hold numbers: call game.subs({...}) before writing")
    if format not in ("outcome", "payoff"):
        raise DomainError(f"format must be 'outcome' or 'payoff', got {format!r}")
    n = game.n_players
    counts = game.shape
    players = " ".join(_quote(p) for p in game.players)
    labels = " ".join("{ " + " ".join(_quote(x) for x in labs) + " }" for labs in game.strategies)
    order = [tuple(reversed(p)) for p in itertools.product(*(range(c) for c in reversed(counts)))]
    arrays = game._payoffs
    prec = "D" if game.kind == "float" else "R"
    lines = []
    if format == "payoff":
        lines.append(f"NFG 1 {prec} {_quote(title)} {{ {players} }} {{ {labels} }}")
        lines.append('""')
        lines.append("")
        lines.append(" ".join(" ".join(_fmt(arrays[i][prof]) for i in range(n)) for prof in order))
    else:
        lines.append(f"NFG 1 {prec} {_quote(title)} {{ {players} }}")
        lines.append("")
        lines.append("{ " + "\n".join("{ " + " ".join(_quote(x) for x in labs) + " }" for labs in game.strategies))
        lines.append("}")
        lines.append('""')
        lines.append("")
        lines.append("{")
        for prof in order:
            lines.append('{ "" ' + ", ".join(_fmt(arrays[i][prof]) for i in range(n)) + " }")
        lines.append("}")
        lines.append(" ".join(str(k + 1) for k in range(len(order))) + " ")
    text = "\n".join(lines) + "\n"
    if path is not None:
        Path(path).write_text(text, encoding="utf-8")
    return text
