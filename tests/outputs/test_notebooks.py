"""The demo notebooks: they execute, render package results as LaTeX, and are committed current."""

from __future__ import annotations

import json
import re

import matplotlib
import pytest

from gametheory.core.results import Result
from gametheory.outputs import notebooks

matplotlib.use("Agg", force=True)

NAMES = notebooks.names()


@pytest.mark.parametrize("name", NAMES)
def test_notebook_code_cells_execute(name, tmp_path, monkeypatch):
    import matplotlib.pyplot as plt

    monkeypatch.chdir(tmp_path)                 # anything a cell writes lands in a temporary folder
    shown: list = []
    try:
        notebooks.execute(notebooks.build_notebook(name), display=shown.append)
    finally:
        plt.close("all")
    if name in notebooks.CELLS:
        # Jupyter renders package results through _repr_latex_: every notebook shows at least one
        results = [v for v in shown if isinstance(v, Result)]
        assert results, f"notebook {name} displays no package result"
        for r in results:
            latex = r._repr_latex_()
            assert latex.startswith("$$") and latex.endswith("$$")


def test_execute_displays_the_last_expression_like_a_kernel():
    nb = {"cells": [{"cell_type": "markdown", "source": ["# t"]},
                    {"cell_type": "code", "source": ["%matplotlib inline\n", "x = 2\n", "x + 1"]},
                    {"cell_type": "code", "source": ["y = x * 10"]},
                    {"cell_type": "code", "source": ["y"]}]}
    shown: list = []
    ns = notebooks.execute(nb, display=shown.append)
    assert shown == [3, 20] and ns["y"] == 20


def test_execute_raises_on_a_failing_cell():
    nb = {"cells": [{"cell_type": "code", "source": ["1 / 0"]}]}
    with pytest.raises(ZeroDivisionError):
        notebooks.execute(nb)


@pytest.mark.parametrize("name", NAMES)
def test_committed_notebook_is_current(name, root):
    path = root / "derivations" / "notebooks" / f"{name}.ipynb"
    assert path.exists(), f"derivations/notebooks/{name}.ipynb missing: run notebooks.write_all()"
    assert path.read_text(encoding="utf-8") == notebooks.render(name), \
        f"derivations/notebooks/{name}.ipynb is stale: run gametheory.outputs.notebooks.write_all()"


def test_no_orphan_notebooks(root):
    assert {p.stem for p in (root / "derivations" / "notebooks").glob("*.ipynb")} == set(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_notebook_structure_is_nbformat_v4(name):
    text = notebooks.render(name)
    nb = json.loads(text)
    assert nb["nbformat"] == 4 and nb["nbformat_minor"] == 5
    assert nb["metadata"]["kernelspec"]["name"] == "python3"
    ids = [c["id"] for c in nb["cells"]]
    assert len(ids) == len(set(ids)) and all(re.fullmatch(r"[a-zA-Z0-9_-]{1,64}", i) for i in ids)
    for cell in nb["cells"]:
        assert cell["cell_type"] in ("markdown", "code")
        assert isinstance(cell["source"], list) and all(isinstance(s, str) for s in cell["source"])
        if cell["cell_type"] == "code":
            assert cell["execution_count"] is None and cell["outputs"] == []   # deterministic: nothing stored
    assert nb["cells"][0]["cell_type"] == "markdown" and "".join(nb["cells"][0]["source"]).startswith("# ")
    assert notebooks.render(name) == text                                          # deterministic


@pytest.mark.parametrize("name", NAMES)
def test_notebook_validates_with_nbformat_if_installed(name):
    nbformat = pytest.importorskip("nbformat")
    nbformat.validate(nbformat.reads(notebooks.render(name), as_version=4))


def test_unknown_notebook_names_the_choices():
    with pytest.raises(KeyError, match="valid choices"):
        notebooks.build_notebook("no-such-demo")


def test_write_all_writes_every_notebook_once(tmp_path):
    paths = notebooks.write_all(tmp_path)
    assert sorted(p.stem for p in paths) == NAMES
    before = {p: p.stat().st_mtime_ns for p in paths}
    notebooks.write_all(tmp_path)                     # unchanged content: files are not rewritten
    assert {p: p.stat().st_mtime_ns for p in paths} == before


def test_demo_without_cell_list_gets_the_narrated_fallback(monkeypatch):
    # every registered demo has a hand-written cell list today; a new one must still get a notebook
    monkeypatch.delitem(notebooks.CELLS, "classic")
    nb = notebooks.build_notebook("classic")
    code = ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]
    assert code[-1] == "from gametheory.outputs.demos import run_demo\n\nrun_demo('classic')"
    assert "gametheory demo classic" in "".join(nb["cells"][0]["source"])
