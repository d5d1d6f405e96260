"""Helpers of the vertex store: bit keys of tight sets, an append-only row stack.

A vertex of a best-response polytope is identified by its set of tight constraints (its labels);
with at most 64 constraints the set packs into one ``uint64`` key, so "is this edge inside
another vertex's tight set" and "which keys are unpaired" are integer operations on whole arrays.
"""

from __future__ import annotations

import numpy as np

__all__ = ["pack_rows", "unpaired", "Rows"]


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
    order = np.argsort(keys, kind="stable")
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


def pack_rows(bits: np.ndarray) -> np.ndarray:
    """One hashable, sortable key per row of a Boolean matrix (uint64 when it fits)."""
    packed = np.packbits(bits, axis=1)
    nb = packed.shape[1]
    if nb <= 8:
        out = np.zeros((packed.shape[0], 8), dtype=np.uint8)
        out[:, :nb] = packed
        return out.view(np.uint64).ravel()
    return np.ascontiguousarray(packed).view(np.dtype((np.void, nb))).ravel()


