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

Hostile files are refused with :class:`DomainError` naming the file, line and column: numbers go
through :func:`~gametheory.core._validate.parse_number` (|exponent| <= 400, at most 4300 digits),
strategy counts must be whole numbers >= 1 (never rounded), a header declaring more than
:data:`MAX_PROFILES` profiles is refused before anything is allocated (``max_profiles=`` raises
the guard), and bytes are decoded as UTF-8 — the format fixes no encoding, so a file in another
one is refused rather than guessed (``encoding="latin-1"`` reads it).

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

import codecs
import itertools
import math
import os
import re
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np

from gametheory.core._validate import MAX_DIGITS, DomainError, parse_number
from gametheory.core.params import rejects_text

__all__ = ["MAX_PROFILES", "read_nfg", "write_nfg"]

MAX_PROFILES = 10**6
"""Default size guard of :func:`read_nfg`: the most strategy profiles (product of the strategy
counts) a file may declare; ``read_nfg(..., max_profiles=N)`` reads larger games."""

_MAX_PLAYERS = 32  # numpy arrays have at most 64 axes; 32 players with 2 strategies is 4e9 profiles

_TOKEN = re.compile(r'\s*(?:(?P<str>"(?:[^"\\]|\\.)*")|(?P<brace>[{}])|(?P<comma>,)|(?P<word>[^\s{},"]+))', re.S)


class _Stream:
    """Tokens of an ``.nfg`` text, read lazily (the header is checked before the body is read).

    Each token is ``(kind, value, offset)``; ``kind`` is ``"str"``, ``"word"``, ``"{"`` or ``"}"``.
    Error messages give the line and column of the offending token.
    """

    def __init__(self, text: str, name: str) -> None:
        self.text, self.name, self.pos = text, name, 0
        self.ahead: tuple[str, str, int] | None = None
        self.last = 0  # offset of the last token taken

    def where(self, offset: int) -> str:
        line = self.text.count("\n", 0, offset) + 1
        col = offset - (self.text.rfind("\n", 0, offset) + 1) + 1
        return f"{self.name}, line {line}, column {col}"

    def error(self, message: str, offset: int | None = None) -> DomainError:
        return DomainError(f"NFG ({self.where(self.last if offset is None else offset)}): {message}")

    def _scan(self) -> tuple[str, str, int] | None:
        text = self.text
        while True:
            m = _TOKEN.match(text, self.pos)
            if m is None:
                start = self.pos
                while start < len(text) and text[start].isspace():
                    start += 1
                if start >= len(text):
                    self.pos = len(text)
                    return None
                if text[start] == '"':
                    raise self.error("unterminated string (a label's closing quote is missing)", start)
                raise self.error(f"cannot read text {text[start:start + 30]!r}", start)  # pragma: no cover
            self.pos = m.end()
            kind = m.lastgroup
            assert kind is not None  # every alternative of the pattern is a named group
            value = m.group(kind)
            offset = m.start(kind)
            if kind == "comma":
                continue
            if kind == "str":
                return "str", re.sub(r"\\(.)", r"\1", value[1:-1], flags=re.S), offset
            if kind == "brace":
                return value, value, offset
            return "word", value, offset

    def peek(self) -> str | None:
        """Kind of the next token (None at the end of the text)."""
        if self.ahead is None:
            self.ahead = self._scan()
        return None if self.ahead is None else self.ahead[0]

    def next(self, kind: str | None = None, what: str | None = None) -> str:
        self.peek()
        if self.ahead is None:
            expected = f" (expected {what or repr(kind)})" if (what or kind) else ""
            raise self.error(f"unexpected end of file{expected}: the file is truncated or a count is wrong",
                             len(self.text.rstrip()))
        k, v, offset = self.ahead
        if kind is not None and k != kind:
            shown = v if len(v) <= 30 else v[:27] + "..."
            raise self.error(f"expected {what or repr(kind)}, got {shown!r}", offset)
        self.ahead, self.last = None, offset
        return v

    def _parse(self, word: str, what: str) -> Fraction:
        try:
            return parse_number(word)
        except DomainError as exc:
            shown = word if len(word) <= 30 else word[:27] + "..."
            detail = str(exc).split(" (", 1)[-1].rstrip(")") if str(exc).startswith("not a number") else str(exc)
            raise self.error(f"{what}: expected a number, got {shown!r} ({detail})") from None

    def number(self, what: str, double: bool = False) -> Fraction:
        """The next token as an exact number; with ``double``, also checked to fit a float."""
        word = self.next("word", what)
        value = self._parse(word, what)
        if double:
            try:
                x = float(value)
            except OverflowError:
                x = math.inf
            if math.isinf(x) or (x == 0.0 and value != 0):
                shown = word if len(word) <= 30 else word[:27] + "..."
                raise self.error(f"{what} {shown} is outside the range of double precision "
                                 "(the file is marked D; mark it R to read it exactly)")
        return value

    def integer(self, what: str, low: int) -> int:
        word = self.next("word", what)
        value = self._parse(word, what)
        if value.denominator != 1:
            raise self.error(f"{what} must be a whole number, got {word!r} (it is not rounded)")
        if value < low:
            extra = " (every player needs at least one strategy)" if low == 1 else ""
            raise self.error(f"{what} must be >= {low}{extra}, got {word!r}")
        return int(value)

    def strings(self, what: str) -> list[str]:
        self.next("{", f"'{{' opening the {what}")
        out = []
        while self.peek() == "str":
            out.append(self.next("str"))
        self.next("}", f"a quoted label or '}}' closing the {what}")
        return out


def _text_of(source: Any, encoding: str) -> tuple[str, str]:
    """``(text, name)`` from a path, a file object, bytes or the text itself."""
    try:
        codecs.lookup(encoding)
    except (LookupError, TypeError):
        raise DomainError(f"read_nfg: unknown encoding {encoding!r}") from None
    name = "<text>"
    if hasattr(source, "read"):
        name = str(getattr(source, "name", "<file object>"))
        data = source.read()
    elif isinstance(source, (bytes, bytearray, memoryview)):
        name, data = "<bytes>", bytes(source)
    elif isinstance(source, os.PathLike) or (isinstance(source, str) and _looks_like_path(source)):
        path = Path(source)
        name = str(path)
        if not _is_file(path):
            raise DomainError(f"read_nfg: no such file {name!r} (pass a path, a file object or NFG text)")
        data = path.read_bytes()
    elif isinstance(source, str):
        if not source.strip():
            raise DomainError("read_nfg: empty text (pass a path, a file object or NFG text)")
        data = source
    else:
        raise DomainError(f"read_nfg needs a path, a file object or NFG text, got {type(source).__name__}")
    if isinstance(data, (bytes, bytearray)):
        try:
            data = bytes(data).decode("utf-8-sig" if encoding.lower().replace("_", "-") in ("utf-8", "utf8")
                                      else encoding)
        except UnicodeDecodeError as exc:
            line = bytes(data).count(b"\n", 0, exc.start) + 1
            raise DomainError(f"NFG ({name}): not valid {encoding} text: byte {data[exc.start:exc.start + 1]!r} at "
                              f"offset {exc.start} (line {line}) ({exc.reason}); the format does not fix an encoding "
                              f"— if the file was written in another one, pass read_nfg(..., encoding='latin-1') "
                              "(or the right one)") from None
    if not isinstance(data, str):
        raise DomainError(f"read_nfg: {name} returned {type(data).__name__}, not text or bytes")
    return data.lstrip("\ufeff"), name


def _looks_like_path(text: str) -> bool:
    if not text.strip() or text.lstrip().lstrip("\ufeff").startswith("NFG") or len(text) >= 4096:
        return False
    return _is_file(Path(text)) or not text.split()[1:]


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except (OSError, ValueError):  # a name too long, a NUL byte: not an existing file
        return False


@rejects_text(text=('source',), choices=('encoding',))
def read_nfg(source: Any, *, encoding: str = "utf-8", max_profiles: int = MAX_PROFILES) -> Any:
    """Read a Gambit ``.nfg`` game from a path, a file object, bytes or the text itself.

    Parameters
    ----------
    source : str, os.PathLike, bytes or file object
        A path, the ``.nfg`` text (a string starting with ``NFG``), its bytes, or an open file
        (text or binary).
    encoding : str, optional
        How bytes are decoded (files, binary file objects, ``bytes``). Gambit's format does not fix
        an encoding (only labels can hold non-ASCII text); the default is UTF-8 (a byte-order mark
        is skipped). A file in another encoding is refused with a :class:`DomainError` naming the
        file and the encoding rather than guessed — pass e.g. ``encoding="latin-1"`` to read it.
    max_profiles : int, optional
        Size guard: a header declaring more strategy profiles than this (default
        :data:`MAX_PROFILES` = 10**6) is refused before anything is allocated.

    Returns
    -------
    NormalFormGame
        Exact payoffs (Fractions) for an ``R`` file, floats for a ``D`` file.

    Raises
    ------
    DomainError
        Malformed file (with its line and column), wrong counts, non-numeric payoffs, numbers
        outside the bounds of :func:`~gametheory.core._validate.parse_number`, a strategy count
        that is not a positive integer, undecodable bytes, or a game above the size guard.
    """
    from gametheory.core.normal_form import NormalFormGame

    if isinstance(max_profiles, bool) or not isinstance(max_profiles, int) or max_profiles < 1:
        raise DomainError(f"read_nfg: max_profiles must be a positive integer, got {max_profiles!r}")
    text, name = _text_of(source, encoding)
    s = _Stream(text, name)
    if s.peek() != "word" or s.next("word") != "NFG":
        hint = ", or the path given does not exist" if name == "<text>" else ""
        raise s.error(f"file must start with 'NFG' (a Gambit strategic-form file){hint}", 0)
    version = s.next("word", "the version 1")
    if version != "1":
        raise s.error(f"only version 1 is supported, got {version!r}")
    prec = s.next("word", "the precision R or D")
    if prec not in ("R", "D"):
        raise s.error(f"precision must be R or D, got {prec!r}")
    s.next("str", "the quoted title")
    players = s.strings("player list")
    if not players:
        raise s.error("no players")
    n = len(players)
    if n > _MAX_PLAYERS:
        raise s.error(f"{n} players; at most {_MAX_PLAYERS} are supported")
    s.next("{", "'{' opening the strategy counts or labels")
    labels: list[list[str]] | None = None
    if s.peek() == "{":
        labels = []
        while s.peek() == "{":
            labels.append(s.strings(f"strategy labels of player {len(labels) + 1}"))
            if not labels[-1]:
                raise s.error(f"player {len(labels)} has no strategies (an empty label list)")
        s.next("}", "'}' closing the strategy labels")
        counts = [len(lab) for lab in labels]
    else:
        counts = []
        while s.peek() == "word":
            counts.append(s.integer(f"strategy count of player {len(counts) + 1}", 1))
        s.next("}", "a strategy count or '}'")
    if len(counts) != n:
        raise s.error(f"{n} players but strategy counts for {len(counts)}")
    profiles = math.prod(counts)
    if profiles > max_profiles:
        raise s.error(f"the header declares {' x '.join(map(str, counts))} strategies = {profiles:.3g} profiles "
                      f"({n} payoffs each), above the size guard max_profiles={max_profiles:,}; "
                      "pass read_nfg(..., max_profiles=N) to read a larger game")
    if s.peek() == "str":
        s.next("str")  # comment
    values: list[list[Fraction]] = [[] for _ in range(n)]  # in file order: player 1's strategy fastest
    if s.peek() == "{":  # outcome version
        s.next("{")
        outcomes: list[list[Fraction]] = []
        while s.peek() == "{":
            s.next("{")
            if s.peek() == "str":
                s.next("str")
            pays = []
            while s.peek() == "word":
                pays.append(s.number(f"payoff in outcome {len(outcomes) + 1}", prec == "D"))
            s.next("}", f"a payoff or '}}' closing outcome {len(outcomes) + 1}")
            if len(pays) != n:
                raise s.error(f"outcome {len(outcomes) + 1} has {len(pays)} payoffs for {n} players")
            outcomes.append(pays)
        s.next("}", "'{' opening an outcome or '}' closing the outcome list")
        zero = [Fraction(0)] * n
        for k in range(profiles):
            if s.peek() is None:
                raise s.error(f"unexpected end of file after {k} of the {profiles} outcome indices (truncated?)",
                              len(text.rstrip()))
            index = s.integer(f"outcome index of profile {k + 1}", 0)
            if index > len(outcomes):
                raise s.error(f"outcome index {index} out of range 0..{len(outcomes)}")
            for i, v in enumerate(outcomes[index - 1] if index > 0 else zero):
                values[i].append(v)
    else:
        for k in range(profiles):
            for i in range(n):
                if s.peek() is None:
                    raise s.error(f"unexpected end of file after {k * n + i} of the {profiles * n} payoffs "
                                  f"({profiles} profiles x {n} players; truncated, or a count is wrong?)",
                                  len(text.rstrip()))
                values[i].append(s.number(f"payoff of player {i + 1} at profile {k + 1}", prec == "D"))
    if s.peek() is not None:
        s.next()
        raise s.error(f"unexpected trailing content after the {profiles} profile(s) (a count is wrong, "
                      "or a payoff has too many entries?)")
    shape = tuple(counts)
    if prec == "D":  # a double-precision file: payoffs are floats
        arrays = [np.array([float(v) for v in vals], dtype=float).reshape(shape[::-1]).transpose()
                  for vals in values]
    else:
        arrays = []
        for vals in values:
            a = np.empty(len(vals), dtype=object)
            a[:] = vals
            arrays.append(a.reshape(shape[::-1]).transpose())  # player 1's strategy changes fastest
    strategies = labels
    if strategies is not None and any(len(set(lab)) != len(lab) or any(x == "" for x in lab) for lab in strategies):
        strategies = None  # Gambit allows blank/duplicate labels; fall back to defaults
    if len(set(players)) != n or any(p == "" for p in players):
        players = None  # type: ignore[assignment]
    return NormalFormGame(arrays, players=players, strategies=strategies)


def _quote(label: str) -> str:
    return '"' + label.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _fmt(v: Any) -> str:
    if isinstance(v, Fraction):
        for part in (v.numerator, v.denominator):
            if part.bit_length() > MAX_DIGITS * 3.3:  # more than MAX_DIGITS decimal digits
                raise DomainError(f"a payoff has about {int(part.bit_length() * 0.30103)} digits; numbers in .nfg "
                                  f"files are read with at most {MAX_DIGITS} (parse_number), so the file could not "
                                  "be read back — rescale the payoffs")
        return str(v.numerator) if v.denominator == 1 else f"{v.numerator}/{v.denominator}"
    if isinstance(v, (float, np.floating)):
        if not np.isfinite(v):
            raise DomainError(f"NFG files hold finite numbers only, got {v!r}")
        d = Decimal(repr(float(v)))
        text = format(d, "f")
        return text[:-2] if text.endswith(".0") else text
    raise DomainError(f"NFG files hold numbers only, got {v!r}")


@rejects_text(text=('path', 'title'), choices=('format',))
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
    from gametheory.core.normal_form import NormalFormGame

    if not isinstance(game, NormalFormGame):
        raise DomainError(f"write_nfg needs a NormalFormGame, got {type(game).__name__}")
    if not isinstance(title, str):
        raise DomainError(f"title must be a string, got {type(title).__name__}")
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
