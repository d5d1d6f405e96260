"""Shared test configuration: Hypothesis profiles and optional-dependency markers.

* ``ci`` (default): a bounded number of examples so the default suite stays fast.
* ``thorough``: ``HYPOTHESIS_PROFILE=thorough pytest -m slow`` for long cross-checks.
"""

from __future__ import annotations

import os
from pathlib import Path

import matplotlib
import pytest
from hypothesis import HealthCheck, settings

from gametheory.core.bimatrix import _pivot

matplotlib.use("Agg", force=True)

# The compiled vertex walk of the bimatrix float path loads itself after 0.4 s of numpy work in a
# process; in the tests it is used only by a test that loads it (tests/core/test_bimatrix_pivot.py,
# ``warm_up``), and only for that test (the fixture below), so which path a test meets does not
# depend on timing or on the tests run before it (the answers are the same; ``method`` differs).
# GAMETHEORY_TEST_WALKS=1 loads the walks for every test instead: the cross-checks against
# pygambit and quantecon then check them (tests that assert the numpy path's ``method`` fail).
_pivot.automatic = False
_WALKS = os.environ.get("GAMETHEORY_TEST_WALKS", "").strip() == "1"

settings.register_profile("ci", max_examples=40, deadline=None, derandomize=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("thorough", max_examples=1000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def _bimatrix_walk_unloaded():
    """After each test, the bimatrix float path is back on numpy (a reload costs nothing)."""
    if _WALKS:
        assert _pivot.load() is not None, "GAMETHEORY_TEST_WALKS=1 needs numba"
    yield
    if not _WALKS:
        _pivot._kernels, _pivot._tried = None, False


@pytest.fixture
def general_path(monkeypatch):
    """The bimatrix code without numba for this test (as ``GAMETHEORY_PURE=1``): for tests of the
    general or lean path's own machinery, which the compiled walks take over when loaded (as under
    ``GAMETHEORY_TEST_WALKS=1``)."""
    monkeypatch.setattr(_pivot, "enabled", False)


@pytest.fixture
def root() -> Path:
    """The repository root (where derivations/ and figures/ are committed)."""
    return ROOT
