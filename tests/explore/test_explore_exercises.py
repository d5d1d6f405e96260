"""The exercise notebooks: committed, current, executed, with hidden solutions that still hold."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gametheory.outputs import exercises, notebooks

ROOT = Path(__file__).resolve().parents[2]
NAMES = exercises.names()


def _committed(name):
    path = ROOT / exercises.FOLDER / f"{name}.ipynb"
    assert path.exists(), f"{path} missing: run gametheory.outputs.exercises.write_all(execute=True)"
    return json.loads(path.read_text(encoding="utf-8"))


def test_one_notebook_per_family_and_no_orphans():
    assert NAMES == ["brand", "classic", "diffusion", "evolution", "network", "rd"]
    assert {p.stem for p in (ROOT / exercises.FOLDER).glob("*.ipynb")} == set(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_committed_notebook_is_current_and_executed(name):
    nb = _committed(name)
    assert notebooks.sources(nb) == notebooks.sources(exercises.build_notebook(name)), \
        f"exercises/{name}.ipynb is stale: run gametheory.outputs.exercises.write_all(execute=True)"
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert [c["execution_count"] for c in code] == list(range(1, len(code) + 1))
    assert not [o for c in code for o in c["outputs"] if o["output_type"] == "error"]
    for c in code:   # every exercise and solution cell shows a result
        if set(c["metadata"]["tags"]) & {"exercise", "solution"}:
            assert c["outputs"], (name, c["id"])
    assert notebooks.oversized_outputs(nb) == []


@pytest.mark.parametrize("name", NAMES)
def test_questions_visible_solutions_hidden(name):
    nb = exercises.build_notebook(name)
    questions = [c for c in nb["cells"] if "question" in c["metadata"]["tags"]]
    solutions = [c for c in nb["cells"] if "solution" in c["metadata"]["tags"]]
    assert len(questions) >= 2 and len(solutions) == 2 * len(questions)
    assert all(c["metadata"]["jupyter"] == {"source_hidden": True, "outputs_hidden": True} for c in solutions)
    assert all("jupyter" not in c["metadata"] for c in questions)
    assert all("<details>" in "".join(c["source"]) for c in solutions if c["cell_type"] == "markdown")


@pytest.mark.parametrize("name", NAMES)
def test_notebook_validates_with_nbformat(name):
    nbformat = pytest.importorskip("nbformat")
    nbformat.validate(nbformat.reads(exercises.render(name), as_version=4))


@pytest.mark.parametrize("name", NAMES)
def test_solutions_still_hold(name, tmp_path, monkeypatch):
    import matplotlib

    matplotlib.use("Agg")
    monkeypatch.chdir(tmp_path)
    notebooks.execute(exercises.build_notebook(name))   # each solution cell asserts its hand-derived answer


def test_unknown_name_lists_the_choices(tmp_path):
    with pytest.raises(KeyError, match="valid choices"):
        exercises.build_notebook("no-such-family")
    with pytest.raises(KeyError, match="valid choices"):
        exercises.write_all(tmp_path, ["no-such-family"], execute=False)


def test_write_without_kernel_writes_cells_only_once(tmp_path):
    paths = exercises.write_all(tmp_path, ["rd"], execute=False)
    before = paths[0].stat().st_mtime_ns
    exercises.write_all(tmp_path, ["rd"], execute=False)
    assert paths[0].stat().st_mtime_ns == before
    assert notebooks.sources(json.loads(paths[0].read_text())) == notebooks.sources(exercises.build_notebook("rd"))
