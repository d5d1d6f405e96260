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

matplotlib.use("Agg", force=True)

settings.register_profile("ci", max_examples=40, deadline=None, derandomize=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("thorough", max_examples=1000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def root() -> Path:
    """The repository root (where derivations/ and figures/ are committed)."""
    return ROOT
