"""Cross-check: pure Nash equilibria equal pygambit's ``enumpure`` on random n-player games.

pygambit is the independent reference (exact rational arithmetic in C++). Default run: 30 games
(2 to 4 players, 1 to 4 strategies, integer payoffs in [-3, 3] so that ties — degenerate games —
are common) plus 10 games with Fraction payoffs and 10 float games. ``-m slow``: 3000 games.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from gametheory.core.normal_form import NormalFormGame

gbt = pytest.importorskip("pygambit")


def random_game(rng: np.random.Generator, kind: str) -> list[np.ndarray]:
    n = int(rng.integers(2, 5))
    max_actions = {2: 4, 3: 4, 4: 3}[n]
    shape = tuple(int(k) for k in rng.integers(1, max_actions + 1, size=n))
    if kind == "int":
        return [rng.integers(-3, 4, size=shape) for _ in range(n)]
    if kind == "fraction":
        out = []
        for _ in range(n):
            num = rng.integers(-6, 7, size=shape)
            den = rng.integers(1, 4, size=shape)
            arr = np.empty(shape, dtype=object)
            for idx in np.ndindex(shape):
                arr[idx] = Fraction(int(num[idx]), int(den[idx]))
            out.append(arr)
        return out
    return [np.round(rng.normal(size=shape), 3) for _ in range(n)]


def gambit_pure(arrays: list[np.ndarray]) -> set[tuple[int, ...]]:
    game = gbt.Game.from_arrays(*[np.asarray(a, dtype=object) if a.dtype == object else a for a in arrays])
    found = set()
    for prof in gbt.nash.enumpure_solve(game).equilibria:
        found.add(tuple(next(k for k, s in enumerate(pl.strategies) if prof[s] == 1) for pl in game.players))
    return found


def check(seed: int, count: int, kind: str) -> int:
    rng = np.random.default_rng(seed)
    total_equilibria = 0
    for k in range(count):
        arrays = random_game(rng, kind)
        if kind == "float":
            arrays_g = [np.array([Fraction(repr(float(v))) for v in a.ravel()], dtype=object).reshape(a.shape) for a in arrays]
        else:
            arrays_g = arrays
        ours = set(NormalFormGame(arrays).pure_equilibria())
        theirs = gambit_pure(arrays_g)
        assert ours == theirs, f"game {k} (seed {seed}, {kind}): ours {sorted(ours)} vs pygambit {sorted(theirs)}"
        total_equilibria += len(ours)
    return total_equilibria


@pytest.mark.parametrize("kind, count", [("int", 30), ("fraction", 10), ("float", 10)])
def test_pure_equilibria_equal_pygambit_enumpure(kind, count):
    check(2026, count, kind)


@pytest.mark.slow
@pytest.mark.parametrize("kind, count", [("int", 2000), ("fraction", 500), ("float", 500)])
def test_pure_equilibria_equal_pygambit_enumpure_many(kind, count):
    n_eq = check(7, count, kind)
    print(f"\n{count} {kind} games: {n_eq} pure equilibria, all equal to pygambit enumpure")
