"""sweep: batching and the progress bar change where runs execute, never their numbers."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

from gametheory.core.params import DomainError
from gametheory.dynamics import Rules, random_cluster, sweep

CLUSTER = random_cluster(150, 5, share=0.5, seed=8)
RULES = Rules(innovation_rate=0.05, update_rule="fermi", update_probability=0.2)
GRID = {"subsidy": [0.0, 0.2, 0.5]}


def _same(a, b):
    for x, y in zip(a.summary_table().values(), b.summary_table().values()):
        assert np.array_equal(x, y)


def test_batch_sizes_and_progress_bar_give_identical_runs():
    serial = sweep(CLUSTER, RULES, GRID, steps=15, replications=3, seed=2, executor="serial")
    with ThreadPoolExecutor(2) as pool:
        for size in (1, 2, 4, 100):
            _same(serial, sweep(CLUSTER, RULES, GRID, steps=15, replications=3, seed=2, executor=pool,
                                batch_size=size, progress=True))
    _same(serial, sweep(CLUSTER, RULES, GRID, steps=15, replications=3, seed=2, executor="serial", progress=True))
    # every run is there, in grid order: point p, replication r
    assert len(serial.runs) == 3 and all(len(row) == 3 for row in serial.runs)
    assert serial.points[1] == (("subsidy", 0.2),)


def test_progress_bar_counts_runs(capsys):
    pytest.importorskip("tqdm")
    sweep(CLUSTER, RULES, GRID, steps=3, replications=2, executor="serial", progress=True)
    assert "6/6" in capsys.readouterr().err


@pytest.mark.parametrize("kwargs, match", [
    (dict(batch_size=0), "batch_size"),
    (dict(batch_size=True), "batch_size"),
    (dict(replications=True), "replications"),
    (dict(executor=object()), "executor"),
])
def test_bad_sweep_arguments(kwargs, match):
    with pytest.raises(DomainError, match=match):
        sweep(CLUSTER, RULES, GRID, steps=1, **kwargs)


def test_auto_executor_runs_small_sweeps_serially(monkeypatch):
    # 3 points x 2 replications x 3 steps x (150 firms + 2 x ~370 links) ≈ 1.6e4 << 5e7: serial
    small = sweep(CLUSTER, RULES, GRID, steps=3, replications=2, seed=5)
    assert small.executor == "serial"
    import importlib

    module = importlib.import_module("gametheory.dynamics.sweep")      # the name `sweep` is the function
    monkeypatch.setattr(module, "AUTO_SERIAL_WORK", 0)
    pooled = sweep(CLUSTER, RULES, GRID, steps=3, replications=2, seed=5, max_workers=2)
    assert pooled.executor == "local processes"
    _same(small, pooled)
