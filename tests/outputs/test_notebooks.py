"""The demo notebooks: they execute, render package results as LaTeX, and are committed current."""

from __future__ import annotations

import json
import re

import matplotlib
import pytest

from gametheory.outputs import notebooks

matplotlib.use("Agg", force=True)

NAMES = notebooks.names()


def _text_outputs(nb):
    """Every output but images (PNG bytes differ between freetype builds): what the reader reads."""
    return [[{k: v for k, v in out.items() if k != "data"} | {"data": {m: d for m, d in out.get("data", {}).items()
                                                                      if not m.startswith("image/")}}
             for out in cell.get("outputs", [])]
            for cell in nb["cells"] if cell["cell_type"] == "code"]


@pytest.fixture(scope="module")
def executed():
    """Each notebook executed once in a real Jupyter kernel (nbclient + ipykernel), cached per module."""
    pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    cache: dict = {}

    def run(name):
        if name not in cache:
            cache[name] = notebooks.run_in_kernel(notebooks.build_notebook(name))
        return cache[name]

    return run


@pytest.mark.parametrize("name", NAMES)
def test_notebook_runs_in_a_real_kernel_with_bounded_outputs(name, executed, root):
    nb = executed(name)
    assert notebooks.oversized_outputs(nb) == [], f"{name}: outputs over {notebooks.OUTPUT_BUDGET} bytes"
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert [c["execution_count"] for c in code] == list(range(1, len(code) + 1))
    assert not [o for c in code for o in c["outputs"] if o["output_type"] == "error"]
    if name in notebooks.CELLS:
        # Jupyter renders package results through their bounded _repr_latex_ / _repr_html_
        rich = [o for c in code for o in c["outputs"] if "text/latex" in o.get("data", {})]
        assert rich, f"notebook {name} displays no package result"
        latex = ["".join(o["data"]["text/latex"]) for o in rich]
        assert all(t.startswith("$") for t in latex)
        assert any(t.startswith("$$") for t in latex), f"notebook {name} displays no package result"   # a Result
        assert any("image/png" in o.get("data", {}) for c in code for o in c["outputs"]), "no figure drawn"
    # the committed notebook carries these very outputs (images aside): regenerated, not stale
    committed = json.loads((root / "derivations" / "notebooks" / f"{name}.ipynb").read_text(encoding="utf-8"))
    assert _text_outputs(committed) == _text_outputs(nb), \
        f"derivations/notebooks/{name}.ipynb has stale outputs: run gametheory reproduce (or notebooks.write_all())"


def test_a_cell_displaying_a_201x201_regime_map_stays_under_100_kB():
    # issue 13 measured 2.35 MB for the LaTeX display of this map: a browser tab froze
    pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    code = ("import sympy as sp\n"
            "from gametheory import NormalFormGame\n"
            "a, b = sp.symbols('a b')\n"
            "stag = NormalFormGame(([[a, 0], [b, b]], [[a, b], [0, b]]))\n"
            "rm = stag.regime_map(x=(a, -1, 3, 201), y=(b, -1, 3, 201))\n"
            "assert rm.labels.shape == (201, 201)\n"
            "rm")
    nb = {"cells": [{"cell_type": "code", "execution_count": None, "id": "map", "metadata": {}, "outputs": [],
                     "source": [code]}],
          "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}},
          "nbformat": 4, "nbformat_minor": 5}
    out = notebooks.run_in_kernel(nb, timeout=300)
    shown = out["cells"][0]["outputs"]
    assert shown and shown[-1]["output_type"] == "execute_result"
    assert {"text/plain", "text/latex", "text/html"} <= set(shown[-1]["data"])
    assert notebooks.oversized_outputs(out, 100_000) == []
    assert len(json.dumps(shown)) < 100_000


def test_oversized_outputs_are_reported():
    nb = {"cells": [{"cell_type": "code", "id": "big", "outputs": [
        {"output_type": "stream", "name": "stdout", "text": ["x" * 120_000]},
        {"output_type": "execute_result", "data": {"text/plain": ["ok"]}, "metadata": {}, "execution_count": 1}]}]}
    assert notebooks.oversized_outputs(nb) == [("big", 120_000)]
    with pytest.raises(ValueError):
        notebooks.oversized_outputs(nb, budget=0)


def test_cleaning_merges_split_streams_and_drops_volatile_parts():
    built = {"cells": [{"cell_type": "code", "execution_count": None, "id": "c", "metadata": {}, "outputs": [],
                        "source": ["print(1); print(2)"]}], "metadata": {"title": "t"}, "nbformat": 4,
             "nbformat_minor": 5}
    ran = {"cells": [{"cell_type": "code", "execution_count": 7, "id": "c",
                      "metadata": {"execution": {"iopub.status.busy": "2026-01-01T00:00:00"}},
                      "outputs": [{"output_type": "stream", "name": "stdout", "text": "1\n"},
                                  {"output_type": "stream", "name": "stdout", "text": "2\n"}]}],
           "metadata": {"language_info": {"version": "3.11.7"}, "title": "t"}}
    clean = notebooks._clean(ran, built)
    assert clean["metadata"] == {"title": "t"}
    cell = clean["cells"][0]
    assert cell["metadata"] == {} and cell["execution_count"] == 1
    assert cell["outputs"] == [{"output_type": "stream", "name": "stdout", "text": ["1\n", "2\n"]}]


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
    committed = json.loads(path.read_text(encoding="utf-8"))
    built = notebooks.build_notebook(name)
    assert notebooks.sources(committed) == notebooks.sources(built) and committed["metadata"] == built["metadata"], \
        f"derivations/notebooks/{name}.ipynb is stale: run gametheory reproduce (or notebooks.write_all())"
    code = [c for c in committed["cells"] if c["cell_type"] == "code"]
    assert all(c["execution_count"] for c in code), f"{name}: committed without its outputs"
    assert any(c["outputs"] for c in code)


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
    paths = notebooks.write_all(tmp_path, execute=False)
    assert sorted(p.stem for p in paths) == NAMES
    before = {p: p.stat().st_mtime_ns for p in paths}
    notebooks.write_all(tmp_path, execute=False)      # unchanged content: files are not rewritten
    assert {p: p.stat().st_mtime_ns for p in paths} == before


def test_demo_without_cell_list_gets_the_narrated_fallback(monkeypatch):
    # every registered demo has a hand-written cell list today; a new one must still get a notebook
    monkeypatch.delitem(notebooks.CELLS, "classic")
    nb = notebooks.build_notebook("classic")
    code = ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]
    assert code[-1] == "from gametheory.outputs.demos import run_demo\n\nrun_demo('classic')"
    assert "gametheory demo classic" in "".join(nb["cells"][0]["source"])
