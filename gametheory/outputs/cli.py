"""The ``gametheory`` command line.

::

    gametheory reproduce            # every derivation, notebook and figure, bundled defaults
    gametheory derive [NAME ...]    # derivations/*.md
    gametheory figures [NAME ...]   # figures/*.png, *.pdf, *.sha256
    gametheory notebooks            # derivations/notebooks/*.ipynb (the demos as notebooks)
    gametheory demo NAME            # a narrated walk through one model
    gametheory demo --list
    gametheory explore              # the teaching explorer in the browser (needs the explore extra)

Outputs go under ``--root`` (default: the current folder), into ``derivations/`` and
``figures/``. Nothing typed on the command line is evaluated as code.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Sequence
from gametheory.core.params import rejects_text

__all__ = ["main"]

DESCRIPTION = """\
gametheory: game-theoretic models of industrial clusters (technology diffusion among leading,
middle and lagging firms; regional-brand free riding; common-technology provision; R&D with
spillovers), solved exactly where possible and verified everywhere.

The main job, `gametheory reproduce`, regenerates every derivation (derivations/*.md), the demo
notebooks (derivations/notebooks/*.ipynb) and every figure (figures/*.png, *.pdf) with the
bundled defaults, in alphabetical order, with a progress bar (tqdm, from the `reproduce` extra);
the notebooks are executed in a Jupyter kernel and written with their outputs. A second run
changes no file."""


EPILOG = """\
examples:
  gametheory reproduce                      everything, into ./derivations and ./figures
  gametheory derive diffusion brand         two derivation documents
  gametheory figures diffusion_regime_map   one figure (PNG + PDF + data digest)
  gametheory demo --list                    the narrated walk-throughs
  gametheory demo diffusion                 Kuang & Zhang's attitudes, derived step by step

The models are Python objects too: `from gametheory.models.diffusion import TechnologyDiffusion`
(see README.md for a quick start)."""


def _progress(kind: str, total: int):
    count = {"i": 0}

    def report(name: str) -> None:
        count["i"] += 1
        print(f"[{count['i']}/{total}] {kind} {name}", flush=True)

    return report


def _derive(args: argparse.Namespace) -> int:
    from gametheory.outputs import derive
    from gametheory.outputs.registry import catalog

    names = args.names or sorted(catalog().derivations)
    _check(names, catalog().derivations, "derivation")
    derive.write_all(args.root, names, _progress("derivation", len(names)))
    return 0


def _figures(args: argparse.Namespace) -> int:
    from gametheory.outputs import figures
    from gametheory.outputs.registry import catalog

    names = args.names or sorted(catalog().figures)
    _check(names, catalog().figures, "figure")
    figures.save_all(args.root, names, _progress("figure", len(names)))
    return 0


def _notebooks(args: argparse.Namespace) -> int:
    from gametheory.outputs import notebooks

    names = notebooks.names()
    notebooks.write_all(args.root, names, _progress("notebook", len(names)))
    return 0


#: How to get the progress bar of ``gametheory reproduce``.
PROGRESS_HINT = 'pip install "cluster-gametheory[reproduce]"'


class _Bar:
    """One progress bar over every output of ``reproduce``: tqdm when installed, else numbered lines."""

    def __init__(self, total: int) -> None:
        self.total, self.done = total, 0
        try:
            from tqdm.auto import tqdm
        except ImportError:
            self.bar = None
            print(f"(no progress bar: tqdm is not installed; {PROGRESS_HINT} adds it)", flush=True)
        else:
            self.bar = tqdm(total=total, unit="output", desc="reproduce", file=sys.stderr, dynamic_ncols=True)

    def stage(self, kind: str):
        def report(name: str) -> None:
            if self.done:
                self._advance()
            self.done += 1
            if self.bar is None:
                print(f"[{self.done}/{self.total}] {kind} {name}", flush=True)
            else:
                self.bar.set_postfix_str(f"{kind} {name}", refresh=True)

        return report

    def _advance(self) -> None:
        if self.bar is not None:
            self.bar.update(1)

    def close(self) -> None:
        if self.done:
            self._advance()
        if self.bar is not None:
            self.bar.close()


def _reproduce(args: argparse.Namespace) -> int:
    from gametheory.outputs import derive, exercises, figures, notebooks
    from gametheory.outputs.registry import catalog

    derivations, figure_names, notebook_names = sorted(catalog().derivations), sorted(catalog().figures), notebooks.names()
    exercise_names = exercises.names()
    if not notebooks.jupyter_available():
        print("notebooks are written without executing them (kept as committed when their cells are current): "
              f"executing them needs Jupyter: {notebooks.JUPYTER_HINT}", flush=True)
    bar = _Bar(len(derivations) + len(figure_names) + len(notebook_names) + len(exercise_names))
    try:
        derive.write_all(args.root, derivations, bar.stage("derivation"))
        figures.save_all(args.root, figure_names, bar.stage("figure"))
        notebooks.write_all(args.root, notebook_names, bar.stage("notebook"))
        exercises.write_all(args.root, exercise_names, bar.stage("exercise notebook"))
    finally:
        bar.close()
    root = Path(args.root).resolve()
    print(f"done: derivations in {root / 'derivations'}, notebooks in {root / 'derivations' / 'notebooks'} "
          f"(exercises in {root / exercises.FOLDER}), figures in {root / 'figures'}")
    return 0


def _demo(args: argparse.Namespace) -> int:
    from gametheory.outputs import demos

    available = demos.list_demos()
    if args.list or not args.name:
        print("Available demos (gametheory demo NAME):")
        for name, title in available.items():
            print(f"  {name:<14} {title}")
        return 0
    if args.name not in available:
        print(f"unknown demo {args.name!r}; valid choices: {', '.join(available)}", file=sys.stderr)
        return 2
    demos.run_demo(args.name, outdir=args.outdir)
    return 0


def _explore(args: argparse.Namespace) -> int:
    try:
        from gametheory.explore import Server
    except ImportError as err:  # pragma: no cover - depends on the environment
        print(f"the explorer needs its extra: python -m pip install 'cluster-gametheory[explore]' ({err})", file=sys.stderr)
        return 2
    if not 0 <= args.port <= 65535:
        print(f"--port must be in 0..65535, got {args.port}", file=sys.stderr)
        return 2
    print("starting the gametheory explorer ...", flush=True)
    server = Server(host=args.host, port=args.port).warm_up()
    print(f"gametheory explorer at {server.url}/  (Ctrl+C to stop)", flush=True)
    if args.open:
        import webbrowser

        webbrowser.open(server.url + "/")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


def _check(names: Sequence[str], valid: dict, kind: str) -> None:
    unknown = [n for n in names if n not in valid]
    if unknown:
        raise SystemExit(f"unknown {kind} {', '.join(map(repr, unknown))}; valid choices: {', '.join(sorted(valid))}")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="gametheory", description=DESCRIPTION, epilog=EPILOG,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def add_root(p: argparse.ArgumentParser) -> None:
        p.add_argument("--root", default=".", type=Path,
                       help="folder that receives derivations/ and figures/ (default: current folder)")

    p = sub.add_parser("reproduce", help="regenerate every derivation and figure (the main job)",
                       description="Regenerate every derivation and figure with the bundled defaults.")
    add_root(p)
    p.set_defaults(func=_reproduce)

    p = sub.add_parser("derive", help="regenerate derivations/*.md",
                       description="Regenerate the derivation documents (all, or those named).")
    p.add_argument("names", nargs="*", metavar="NAME", help="derivations to write (default: all)")
    add_root(p)
    p.set_defaults(func=_derive)

    p = sub.add_parser("figures", help="regenerate figures/*.png and *.pdf",
                       description="Regenerate the figures (all, or those named).")
    p.add_argument("names", nargs="*", metavar="NAME", help="figures to write (default: all)")
    add_root(p)
    p.set_defaults(func=_figures)

    p = sub.add_parser("notebooks", help="regenerate derivations/notebooks/*.ipynb",
                       description="Regenerate the Jupyter notebooks of the demos, executed in a Jupyter kernel "
                                   "when nbclient and ipykernel are installed (the reproduce extra).")
    add_root(p)
    p.set_defaults(func=_notebooks)

    p = sub.add_parser("demo", help="a narrated, step-by-step walk through one model",
                       description="Run a teaching demo; --list shows them.")
    p.add_argument("name", nargs="?", metavar="NAME", help="the demo to run")
    p.add_argument("--list", action="store_true", help="list the available demos")
    p.add_argument("--outdir", default="gametheory-demo", type=Path, help="where the demo writes its figures")
    p.set_defaults(func=_demo)

    p = sub.add_parser("explore", help="the teaching explorer: one browser page per model family",
                       description="Start the local teaching explorer (works offline) and print its address.")
    p.add_argument("--port", type=int, default=8050, help="port on 127.0.0.1 (default: 8050; 0: any free port)")
    p.add_argument("--host", default="127.0.0.1", choices=("127.0.0.1", "localhost"),
                   help="interface to listen on (local only)")
    p.add_argument("--open", action="store_true", help="open the address in the default web browser")
    p.set_defaults(func=_explore)
    return parser


@rejects_text(text=('argv',))
def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return 0
    return int(args.func(args))


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
