"""Regenerate ``figures/`` (``gametheory figures``): PNG + PDF with fixed metadata, plus digests.

A figure is ``draw(data())`` (see :mod:`gametheory.outputs.registry`). Beside each image we keep
``{name}.sha256``, a digest of the figure's *data* (rounded to 10 significant digits), so that a
test can tell a stale figure from its data rather than from pixels, which differ between
matplotlib/freetype builds. With the same matplotlib build, files are byte-identical between runs.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any, Callable, Iterable

import numpy as np

from gametheory.outputs.registry import FigureSpec, catalog
from gametheory.core.params import rejects_text
from gametheory.core.plotting import STYLE as _STYLE

__all__ = ["REGISTRY", "caption_json", "data_digest", "render", "save", "save_all", "save_captions"]


def __getattr__(name: str):
    if name == "REGISTRY":
        return catalog().figures
    raise AttributeError(name)


def _canonical(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _canonical(v) for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))}
    if isinstance(value, (list, tuple)):
        return [_canonical(v) for v in value]
    if isinstance(value, np.ndarray):
        if value.dtype.kind in "fc":
            return {"shape": list(value.shape), "values": [_canonical(float(v)) for v in value.ravel()]}
        if value.dtype.kind in "iub":
            return {"shape": list(value.shape), "values": value.ravel().tolist()}
        return {"shape": list(value.shape), "values": [_canonical(v) for v in value.ravel()]}
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        v = float(value)
        if not np.isfinite(v):
            return str(v)
        return float(f"{v:.10g}") if v != 0 else 0.0
    return str(value)


@rejects_text
def data_digest(data: dict[str, Any]) -> str:
    """SHA-256 of the canonical JSON of a figure's data (floats to 10 significant digits)."""
    text = json.dumps(_canonical(data), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


@rejects_text(text=('spec',))
def render(spec: FigureSpec, data: dict[str, Any] | None = None):
    """Draw a figure on the Agg backend with the package style; returns the matplotlib figure."""
    import matplotlib

    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt

    with plt.rc_context(STYLE):
        fig = spec.draw(spec.compute() if data is None else data)
        fig.set_size_inches(*spec.size)
    return fig


STYLE = _STYLE  # the package's one publication style (gametheory.core.plotting), also used by .plot()


@rejects_text(text=('spec',))
def caption_json(spec: FigureSpec) -> str:
    """The text of ``figures/{name}.json``: title, caption and the parameters the data came from.

    Parameters are written JSON-safe (exact numbers as strings such as ``"1/2"``); the referee
    test reads them back, recomputes the figure's data and compares the digest.
    """
    from gametheory.core.export import jsonable

    record = {"name": spec.name, "title": spec.title, "caption": spec.caption_text(),
              "params": jsonable(dict(spec.params))}
    return json.dumps(record, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


@rejects_text(text=('name', 'root'))
def save(name: str, root: Path | str = ".") -> list[Path]:
    """Write ``figures/{name}.png``, ``.pdf``, ``.sha256`` (data digest) and ``.json`` (caption) under ``root``."""
    import matplotlib.pyplot as plt

    specs = catalog().figures
    if name not in specs:
        raise KeyError(f"unknown figure {name!r}; valid choices: {', '.join(sorted(specs))}")
    spec = specs[name]
    out = Path(root) / "figures"
    out.mkdir(parents=True, exist_ok=True)
    data = spec.compute()
    fig = render(spec, data)
    png, pdf, digest = out / f"{name}.png", out / f"{name}.pdf", out / f"{name}.sha256"
    (out / f"{name}.json").write_text(caption_json(spec), encoding="utf-8")
    fig.savefig(png, metadata={"Software": None}, bbox_inches="tight")
    fig.savefig(pdf, metadata={"Creator": None, "Producer": None, "CreationDate": None}, bbox_inches="tight")
    plt.close(fig)
    digest.write_text(data_digest(data) + "\n", encoding="utf-8")
    return [png, pdf, digest, out / f"{name}.json"]


@rejects_text(text=('names', 'root'))
def save_captions(root: Path | str = ".", names: Iterable[str] | None = None) -> list[Path]:
    """Write only ``figures/{name}.json`` (caption and parameters) for the registered figures."""
    specs = catalog().figures
    out = Path(root) / "figures"
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for name in names if names is not None else sorted(specs):
        path = out / f"{name}.json"
        path.write_text(caption_json(specs[name]), encoding="utf-8")
        paths.append(path)
    return paths


@rejects_text(text=('names', 'root'))
def save_all(root: Path | str = ".", names: Iterable[str] | None = None,
             progress: Callable[[str], None] | None = None) -> list[Path]:
    """Write every registered figure (alphabetical order)."""
    paths: list[Path] = []
    for name in names if names is not None else sorted(catalog().figures):
        if progress:
            progress(name)
        paths.extend(save(name, root))
    return paths
