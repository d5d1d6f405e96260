"""``gametheory explore``: the subcommand is registered, local only, and checks its port."""

from __future__ import annotations

import pytest

from gametheory.outputs.cli import build_parser, main


def test_explore_subcommand_defaults_to_localhost_8050():
    args = build_parser().parse_args(["explore"])
    assert (args.host, args.port, args.open) == ("127.0.0.1", 8050, False)


def test_explore_listens_only_locally():
    with pytest.raises(SystemExit):
        build_parser().parse_args(["explore", "--host", "0.0.0.0"])


def test_explore_refuses_an_impossible_port(capsys):
    pytest.importorskip("dash")
    assert main(["explore", "--port", "70000"]) == 2
    assert "--port must be in 0..65535" in capsys.readouterr().err
