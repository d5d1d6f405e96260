"""Helpers of the vertex store: bit keys of tight sets, an append-only row stack.

A vertex of a best-response polytope is identified by its set of tight constraints (its labels);
with at most 64 constraints the set packs into one ``uint64`` key, so "is this edge inside
another vertex's tight set" and "which keys are unpaired" are integer operations on whole arrays.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

__all__ = ["pack_rows", "unpaired", "Rows", "Edges"]


def unpaired(keys: np.ndarray) -> np.ndarray:
    """Indices of keys that occur only once."""
    if len(keys) < 2:
        return np.arange(len(keys))
    srt = np.sort(keys)
    eq = srt[1:] == srt[:-1]
    if eq.sum() * 2 >= len(srt):  # cheap test first: every key paired?
        paired = np.zeros(len(srt), dtype=bool)
        paired[1:] |= eq
        paired[:-1] |= eq
        if paired.all():
            return np.zeros(0, dtype=int)
    # unpaired keys are distinct values, so their positions in sorted order do not depend on how
    # ties are broken: the default (introsort) argsort, 6x faster than a stable one on uint64
    order = np.argsort(keys)
    srt = keys[order]
    eq = srt[1:] == srt[:-1]
    paired = np.zeros(len(srt), dtype=bool)
    paired[1:] |= eq
    paired[:-1] |= eq
    return order[~paired]


class Rows:
    """Append-only stack of equal-length rows with a cached 2-d array view."""

    def __init__(self, width: int, dtype) -> None:
        self._chunks: list[np.ndarray] = []
        self._array = np.zeros((0, width), dtype=dtype)
        self._n = 0

    def append(self, row: np.ndarray) -> None:
        self._chunks.append(np.asarray(row)[None, :])
        self._n += 1

    def extend(self, rows: np.ndarray) -> None:
        if len(rows):
            self._chunks.append(np.asarray(rows))
            self._n += len(rows)

    @property
    def array(self) -> np.ndarray:
        if self._chunks:
            self._array = np.concatenate([self._array] + self._chunks)
            self._chunks = []
        return self._array

    def __len__(self) -> int:
        return self._n

    def __getitem__(self, i: int) -> np.ndarray:
        return self.array[i]


class Edges:
    """Edges at degenerate vertices, in walking order: each vertex's edges together, in order.

    Arrays, so that the certificate checks them all at once: ``owner`` (E,) the vertex, ``face``
    (E, R) the tight rows that contain the edge's line, ``first`` (E, d-1) the edge's first subset
    of rows, from which its direction is computed when needed (-1 where it is ``given``), and
    ``given``: {edge index: (z, sign)} for directions already computed.
    """

    __slots__ = ("owner", "face", "first", "given")

    def __init__(self, owner: np.ndarray, face: np.ndarray, first: np.ndarray, given: dict | None = None) -> None:
        self.owner, self.face, self.first = owner, face, first
        self.given: dict[int, tuple] = given or {}

    def __len__(self) -> int:
        return len(self.owner)

    @classmethod
    def from_lists(cls, lists: dict[int, list], R: int, d: int) -> "Edges":
        """From ``{v: [(z, sign, face, F), ...]}`` (z None: computed later from the subset F)."""
        rows = [(v, e) for v, es in lists.items() for e in es]
        owner = np.array([v for v, _ in rows], dtype=np.intp)
        face = np.array([e[2] for _, e in rows], dtype=bool).reshape(len(rows), R)
        first = np.full((len(rows), max(d - 1, 0)), -1, dtype=np.intp)
        given = {}
        for i, (_, (z, sign, _, F)) in enumerate(rows):
            if z is None:
                first[i] = F
            else:
                given[i] = (z, sign)
        return cls(owner, face, first, given)

    @classmethod
    def ordered(cls, parts: list["Edges"], vs: list[int], R: int, d: int) -> "Edges":
        """The parts together, ordered by the position of their vertex in ``vs`` (stable)."""
        parts = [p for p in parts if len(p)]
        if not parts:
            return cls(np.zeros(0, dtype=np.intp), np.zeros((0, R), dtype=bool),
                       np.zeros((0, max(d - 1, 0)), dtype=np.intp))
        if len(parts) == 1:
            out = parts[0]
        else:
            shift, given = 0, {}
            for p in parts:
                given.update({i + shift: g for i, g in p.given.items()})
                shift += len(p)
            out = cls(np.concatenate([p.owner for p in parts]), np.concatenate([p.face for p in parts]),
                      np.concatenate([p.first for p in parts]), given)
        pos = {v: i for i, v in enumerate(vs)}
        order = np.argsort(np.array([pos[v] for v in out.owner.tolist()], dtype=np.intp), kind="stable")
        if np.array_equal(order, np.arange(len(order))):
            return out
        back = {int(j): i for i, j in enumerate(order.tolist())}
        return cls(out.owner[order], out.face[order], out.first[order],
                   {back[i]: g for i, g in out.given.items()})

    def as_lists(self, vs: list[int]) -> dict[int, list]:
        """``{v: [(z, sign, face, F), ...]}`` for every v in ``vs`` (F None where z is given)."""
        out: dict[int, list] = {v: [] for v in vs}
        for i, v in enumerate(self.owner.tolist()):
            z, sign = self.given.get(i, (None, None))
            out[v].append((z, sign, self.face[i], None if z is not None else tuple(self.first[i].tolist())))
        return out


@lru_cache(maxsize=128)
def row_bits(R: int) -> np.ndarray:
    """``2**r`` for r < R as uint64 (one bit per constraint row, R <= 64): a set of rows' key is
    the sum of its bits (the bitwise or, as the bits are distinct)."""
    out = np.left_shift(np.uint64(1), np.arange(R, dtype=np.uint64))
    out.flags.writeable = False
    return out


def pack_rows(bits: np.ndarray) -> np.ndarray:
    """One hashable, sortable key per row of a Boolean matrix (uint64 when it fits)."""
    packed = np.packbits(bits, axis=1)
    nb = packed.shape[1]
    if nb <= 8:
        out = np.zeros((packed.shape[0], 8), dtype=np.uint8)
        out[:, :nb] = packed
        return out.view(np.uint64).ravel()
    return np.ascontiguousarray(packed).view(np.dtype((np.void, nb))).ravel()


