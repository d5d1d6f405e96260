"""The everyday layer (issue 13): reproduce's progress bar, install hints, error messages."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
import sympy as sp

from gametheory.outputs import cli, derive, exercises, figures, notebooks

ROOT = Path(__file__).resolve().parents[2]


def _fake_outputs(monkeypatch):
    """Replace the writers by stand-ins that only report progress (reproduce's logic, not its work)."""
    seen: list[str] = []

    def fake(kind):
        def write_all(root, names, progress=None, *rest):
            for name in names:
                progress(name)
                seen.append(f"{kind} {name}")
            return []
        return write_all

    monkeypatch.setattr(derive, "write_all", fake("derivation"))
    monkeypatch.setattr(figures, "save_all", fake("figure"))
    monkeypatch.setattr(notebooks, "write_all", fake("notebook"))
    monkeypatch.setattr(exercises, "write_all", fake("exercise"))
    return seen


def test_reproduce_has_one_progress_bar_over_every_output(monkeypatch, tmp_path, capsys):
    pytest.importorskip("tqdm")
    seen = _fake_outputs(monkeypatch)
    assert cli.main(["reproduce", "--root", str(tmp_path)]) == 0
    err = capsys.readouterr().err
    total = len(seen)
    assert total > 20                                          # derivations + figures + notebooks + exercises
    assert sum(x.startswith("exercise ") for x in seen) == len(exercises.names())     # issue 21: exercises too
    assert re.search(rf"reproduce: 100%.*{total}/{total}", err), err[-400:]


def test_reproduce_without_tqdm_says_how_to_get_the_bar(monkeypatch, tmp_path, capsys):
    seen = _fake_outputs(monkeypatch)
    monkeypatch.setitem(sys.modules, "tqdm", None)             # import tqdm -> ImportError
    monkeypatch.setitem(sys.modules, "tqdm.auto", None)
    assert cli.main(["reproduce", "--root", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert 'pip install "cluster-gametheory[reproduce]"' in out
    assert f"[1/{len(seen)}] derivation" in out and f"[{len(seen)}/{len(seen)}] exercise notebook" in out


def test_every_install_hint_names_this_distribution():
    # The name `gametheory` belongs to another project on the public index: a hint that installs
    # it by name would fetch a stranger's package. Hints from a checkout (`pip install -e .`) are fine.
    bad = []
    files = [*ROOT.joinpath("gametheory").rglob("*.py"), ROOT / "README.md", *ROOT.joinpath("gametheory").rglob("*.md")]
    for path in files:
        for k, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for m in re.finditer(r"pip install\s+(?:-[-\w]+\s+)*['\"]?([\w.\-]+)", line):
                target = m.group(1)
                if target not in (".", "cluster-gametheory") and target.startswith("gametheory"):
                    bad.append(f"{path.relative_to(ROOT)}:{k}: {line.strip()}")
            if re.search(r"(?<![\w-])gametheory\[", line):          # an extra named on the wrong project
                bad.append(f"{path.relative_to(ROOT)}:{k}: {line.strip()}")
    assert not bad, "install hints that fetch another project:\n" + "\n".join(bad)


def test_one_version_source():
    import tomllib
    from importlib.metadata import version

    import gametheory

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert "version" not in project and project["dynamic"] == ["version"]
    assert project["name"] == "cluster-gametheory" and project["license"] == "MIT"
    assert (ROOT / "LICENSE").read_text().startswith("MIT License")
    assert version("cluster-gametheory") == gametheory.__version__


def test_cournot_with_an_undecided_symbolic_intercept_names_the_real_cause():
    # a = A (no assumptions), costs (1, 2): firm 2's interior quantity is (A - 2*2 + 1)/3 = A/3 - 1,
    # positive iff A > 3 — undecided, so the active set cannot be chosen (it is not that no firm produces).
    from gametheory.core.params import DomainError
    from gametheory.models.market import Cournot

    A = sp.Symbol("A")
    with pytest.raises(DomainError, match=r"cannot decide which firms produce: firm 2 .*A > 3") as err:
        Cournot(A, 1, (1, 2)).equilibrium()
    assert "no firm produces" not in str(err.value)
    # with the suggested declaration the answer is the textbook duopoly: q1 = (a - 2c1 + c2)/3 = s/3 + 1
    s = sp.Symbol("s", positive=True)
    assert Cournot(3 + s, 1, (1, 2)).equilibrium().quantities == (s / 3 + 1, s / 3)
