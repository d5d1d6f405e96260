"""The command line: help, errors naming the valid choices, deterministic files."""

from __future__ import annotations

import subprocess
import sys

import pytest

from gametheory.outputs import cli, figures
from gametheory.outputs.registry import catalog


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "gametheory.outputs.cli", *args], capture_output=True, text=True)


def test_help_lists_the_commands():
    out = run("--help")
    assert out.returncode == 0
    for command in ("reproduce", "derive", "figures", "demo"):
        assert command in out.stdout


def test_demo_list_names_every_registered_demo(capsys):
    assert cli.main(["demo", "--list"]) == 0
    listed = capsys.readouterr().out
    for name in catalog().demos:
        assert name in listed


def test_unknown_names_are_errors_that_list_the_valid_choices(capsys):
    assert cli.main(["demo", "nonsense"]) == 2
    err = capsys.readouterr().err
    assert "valid choices" in err and "evolution" in err
    with pytest.raises(SystemExit, match="valid choices"):
        cli.main(["derive", "nonsense"])
    with pytest.raises(SystemExit, match="valid choices"):
        cli.main(["figures", "nonsense"])


def test_figure_files_are_byte_identical_between_runs(tmp_path):
    name = "evolution_coordination_region"
    first = figures.save(name, tmp_path / "a")
    second = figures.save(name, tmp_path / "b")
    for p, q in zip(first, second):
        assert p.read_bytes() == q.read_bytes(), p.name


def test_derive_writes_the_document_and_version_stamp(tmp_path, capsys):
    assert cli.main(["derive", "evolution", "--root", str(tmp_path)]) == 0
    assert (tmp_path / "derivations" / "evolution.md").exists()
    assert (tmp_path / "derivations" / "VERSIONS.json").exists()
    assert "[1/1] derivation evolution" in capsys.readouterr().out


def test_demo_runs_and_writes_its_figures(tmp_path, capsys):
    assert cli.main(["demo", "dynamics", "--outdir", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "Step 1." in out and "figure written" in out
    assert (tmp_path / "figures" / "dynamics_cycles.png").exists()
