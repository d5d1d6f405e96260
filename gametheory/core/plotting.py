r"""The package's one publication style, and the drawing behind the results' ``.plot()``.

Every figure of the package — the committed ones (``gametheory figures``) and a user's
``result.plot()`` — is drawn in :data:`STYLE` (10 pt type, light grid, no top/right spines, no
legend frame, TrueType fonts in PDF, a fixed SVG hash salt so files are deterministic). The
``"slides"`` preset enlarges type and lines for projection.

``.plot(ax=None, **style)`` exists on :class:`~gametheory.core.regime.RegimeMap` (regions of
equilibrium sets), :class:`~gametheory.core.replicator.Trajectories` (phase portraits on the
square, the cube or the simplex, or shares against time),
:class:`~gametheory.core.replicator.Stability` (a rest point marked by its stability) and
:class:`~gametheory.core.coordinator.PolicySweep` (welfare against λ). Each returns the
matplotlib ``Axes`` it drew on; with ``ax=None`` it makes a new figure in the package style.
Keyword arguments go to the matplotlib call that draws the data (``color=``, ``linewidth=`` …).

matplotlib is imported only when something is drawn.

Examples
--------
>>> import matplotlib; matplotlib.use("Agg")
>>> import sympy as sp
>>> from gametheory import NormalFormGame
>>> a, b = sp.symbols("a b")
>>> stag = NormalFormGame(([[a, 0], [b, b]], [[a, b], [0, b]]))
>>> ax = stag.regime_map(x=(a, -1, 3, 41), y=(b, -1, 3, 41)).plot()
>>> ax.get_xlabel(), ax.get_ylabel()
('$a$', '$b$')
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from gametheory.core.params import DomainError, rejects_text

if TYPE_CHECKING:
    from matplotlib.typing import RcKeyType   # the rc parameter names, a Literal

__all__ = ["STYLE", "PRESETS", "style"]

STYLE: dict[RcKeyType, Any] = {
    "figure.dpi": 100,
    "savefig.dpi": 150,
    "font.size": 10,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "legend.frameon": False,
    "svg.hashsalt": "gametheory",
    "pdf.fonttype": 42,
}

PRESETS: dict[str, dict[RcKeyType, Any]] = {
    "paper": {},
    "slides": {"font.size": 16, "lines.linewidth": 2.5, "lines.markersize": 9, "axes.titlesize": 18,
               "figure.figsize": (10, 6.25)},
}

# text keyword arguments that .plot() passes to matplotlib (text by design: never evaluated)
PLOT_TEXT = ("color", "colors", "c", "cmap", "label", "linestyle", "ls", "linestyles", "marker", "title",
             "xlabel", "ylabel", "zlabel", "edgecolor", "edgecolors", "facecolor", "facecolors", "alpha_label")
# named options of .plot() (validated by the drawing code)
PLOT_CHOICES = ("preset", "kind", "y")


def _check_preset(preset: Any) -> dict[RcKeyType, Any]:
    if preset not in PRESETS:
        raise DomainError(f"preset must be one of {sorted(PRESETS)}, got {preset!r}")
    return {**STYLE, **PRESETS[preset]}


@rejects_text(choices=("preset",))
def style(preset: str = "paper") -> Any:
    """Context manager: matplotlib drawing in the package style (``"paper"`` or ``"slides"``).

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> with style("slides"):
    ...     plt.rcParams["font.size"]
    16.0
    """
    params = _check_preset(preset)
    import matplotlib.pyplot as plt

    return plt.rc_context(params)


def _axes(ax: Any, preset: str, projection: str | None = None) -> Any:
    params = _check_preset(preset)
    if ax is not None:
        if not hasattr(ax, "plot") or not hasattr(ax, "figure"):
            raise DomainError(f"ax must be a matplotlib Axes or None, got {type(ax).__name__}")
        return ax
    import matplotlib.pyplot as plt

    with plt.rc_context(params):
        fig = plt.figure()
        return fig.add_subplot(projection=projection)


def _tex(symbol: Any) -> str:
    import sympy as sp

    return f"${sp.latex(symbol)}$"


def _drawing(preset: str):
    import matplotlib.pyplot as plt

    return plt.rc_context(_check_preset(preset))


# ---------------------------------------------------------------------------------------------
# regime maps
# ---------------------------------------------------------------------------------------------
def _profile_text(profiles: tuple) -> str:
    if not profiles:
        return "no pure equilibrium"
    return ", ".join("(" + ", ".join(str(i) for i in p) + ")" for p in profiles)


def regime_map(rm: Any, ax: Any = None, *, preset: str = "paper", strategies: Any = None,
               legend: bool = True, **kw: Any) -> Any:
    """Regions of the grid by equilibrium set (``pcolormesh`` of ``rm.labels``), one legend
    entry per set; ``strategies`` (labels per player) names the profiles."""
    import matplotlib.colors as mcolors
    from matplotlib.patches import Patch

    ax = _axes(ax, preset)
    n = len(rm.label_sets)
    colours = [f"C{k % 10}" for k in range(n)]
    cmap = kw.pop("cmap", None) or mcolors.ListedColormap(colours)
    names = []
    for s in rm.label_sets:
        if strategies is None:
            names.append(_profile_text(s))
        else:
            names.append("; ".join("(" + ", ".join(strategies[i][k] for i, k in enumerate(p)) + ")" for p in s)
                         or "no pure equilibrium")
    with _drawing(preset):
        ax.pcolormesh(rm.x, rm.y, rm.labels, cmap=cmap, vmin=-0.5, vmax=n - 0.5, shading="nearest",
                      rasterized=True, **kw)
        ax.set_xlabel(_tex(rm.x_symbol))
        ax.set_ylabel(_tex(rm.y_symbol))
        ax.grid(False)
        if legend:
            handles = [Patch(facecolor=cmap(k) if callable(cmap) else colours[k], label=names[k]) for k in range(n)]
            ax.legend(handles=handles, title="pure equilibria", loc="best", fontsize="small")
    return ax


# ---------------------------------------------------------------------------------------------
# trajectories
# ---------------------------------------------------------------------------------------------
_SIMPLEX = np.array([[0.0, 0.0], [1.0, 0.0], [0.5, np.sqrt(3) / 2]])


def simplex_xy(shares: np.ndarray) -> np.ndarray:
    """Barycentric → Cartesian: vertices (0, 0), (1, 0), (1/2, √3/2) for strategies 0, 1, 2."""
    return np.asarray(shares, dtype=float) @ _SIMPLEX


def _phase_kind(tr: Any) -> str:
    sizes = [sl.stop - sl.start for sl in tr.slices]
    if len(sizes) == 2 and sizes == [2, 2]:
        return "square"
    if len(sizes) == 3 and sizes == [2, 2, 2]:
        return "cube"
    if len(sizes) == 1 and sizes[0] == 3:
        return "simplex"
    return "time"


def trajectories(tr: Any, ax: Any = None, *, kind: str | None = None, preset: str = "paper",
                 population: int = 0, strategy: int = 0, rest_points: Any = None, **kw: Any) -> Any:
    """Phase portrait (``"square"``: two populations of two strategies, first-strategy shares;
    ``"cube"``: three such populations; ``"simplex"``: one population of three) or shares of one
    strategy against time (``"time"``). One line per trajectory, start points dotted."""
    from matplotlib.collections import LineCollection

    auto = _phase_kind(tr)
    kind = auto if kind is None else kind
    if kind not in ("square", "cube", "simplex", "time"):
        raise DomainError(f"kind must be 'square', 'cube', 'simplex' or 'time', got {kind!r}")
    if kind != "time" and kind != auto:
        raise DomainError(f"kind={kind!r} does not fit populations of sizes "
                          f"{[sl.stop - sl.start for sl in tr.slices]}; use kind='time' or {auto!r}")
    states = np.asarray(tr.states, dtype=float)           # (T, N, dim)
    starts = [sl.start for sl in tr.slices]
    kw.setdefault("linewidth", 0.8)
    kw.setdefault("color", "C0")
    if kind == "cube":
        from mpl_toolkits.mplot3d.art3d import Line3DCollection

        ax = _axes(ax, preset, projection="3d")
        segs = np.transpose(states[:, :, starts], (1, 0, 2))       # (N, T, 3)
        with _drawing(preset):
            ax.add_collection(Line3DCollection(segs, **kw))
            ax.scatter(*segs[:, 0, :].T, s=6, color="0.3", depthshade=False)
            ax.set_xlim(0, 1), ax.set_ylim(0, 1), ax.set_zlim(0, 1)
            ax.set_xlabel("population 1, strategy 1"), ax.set_ylabel("population 2, strategy 1")
            ax.set_zlabel("population 3, strategy 1")
    else:
        ax = _axes(ax, preset)
        if kind == "square":
            segs = np.transpose(states[:, :, starts], (1, 0, 2))   # (N, T, 2)
            xlabel, ylabel, lim = "population 1: share of strategy 1", "population 2: share of strategy 1", (0, 1)
        elif kind == "simplex":
            segs = np.transpose(simplex_xy(states), (1, 0, 2))
            xlabel, ylabel, lim = "", "", None
        else:
            if not 0 <= population < len(tr.slices):
                raise DomainError(f"population must be in 0..{len(tr.slices) - 1}, got {population!r}")
            sl = tr.slices[population]
            if not 0 <= strategy < sl.stop - sl.start:
                raise DomainError(f"strategy must be in 0..{sl.stop - sl.start - 1}, got {strategy!r}")
            share = states[:, :, sl.start + strategy]                # (T, N)
            segs = np.stack([np.broadcast_to(tr.t[:, None], share.shape), share], axis=-1).transpose(1, 0, 2)
            xlabel, ylabel = "time", f"population {population + 1}: share of strategy {strategy + 1}"
            lim = None
        with _drawing(preset):
            ax.add_collection(LineCollection(segs, **kw))  # type: ignore[arg-type]  # an (N, T, 2) array is documented; the stub says Sequence
            if kind != "time":
                ax.plot(segs[:, 0, 0], segs[:, 0, 1], ".", color="0.3", markersize=3)
            if kind == "simplex":
                tri = np.vstack([_SIMPLEX, _SIMPLEX[:1]])
                ax.plot(tri[:, 0], tri[:, 1], color="0.2", linewidth=0.8)
                for k, (vx, vy) in enumerate(_SIMPLEX):
                    ax.annotate(f"strategy {k + 1}", (vx, vy), textcoords="offset points",
                                xytext=(0, 6 if k == 2 else -12), ha="center", fontsize="small")
                ax.set_aspect("equal"), ax.axis("off")
                ax.set_xlim(-0.05, 1.05), ax.set_ylim(-0.1, 0.95)
            elif lim is not None:
                ax.set_xlim(*lim), ax.set_ylim(*lim), ax.set_aspect("equal")
            else:
                ax.set_xlim(float(tr.t[0]), float(tr.t[-1])), ax.set_ylim(-0.02, 1.02)
            if xlabel:
                ax.set_xlabel(xlabel), ax.set_ylabel(ylabel)
    if rest_points is not None:
        for s in rest_points:
            stability_point(s, ax, preset=preset)
    return ax


# ---------------------------------------------------------------------------------------------
# rest points and their stability
# ---------------------------------------------------------------------------------------------
_MARKERS = {"asymptotically stable": ("o", "full"), "saddle": ("s", "none"), "unstable": ("o", "none"),
            "centre": ("D", "none")}


def rest_point_coordinates(stability: Any) -> np.ndarray:
    """Plot coordinates of a rest point: first-strategy shares (square, cube) or the simplex."""
    shares = stability.rest_point.shares
    try:
        values = [[float(v) for v in pop] for pop in shares]
    except TypeError:
        raise DomainError("this rest point depends on parameters; give them values (Replicator.subs) "
                          "before plotting") from None
    sizes = [len(p) for p in values]
    if sizes == [3]:
        return simplex_xy(np.array(values[0]))
    if all(s == 2 for s in sizes) and len(sizes) in (2, 3):
        return np.array([p[0] for p in values])
    raise DomainError(f"rest points are drawn for populations of sizes [2, 2], [2, 2, 2] or [3]; got {sizes}")


def stability_point(stability: Any, ax: Any = None, *, preset: str = "paper", annotate: bool = True,
                    **kw: Any) -> Any:
    """Mark a rest point: filled circle if asymptotically stable, hollow circle if unstable, square
    if a saddle, diamond if a centre, × when linearisation decides nothing."""
    xy = rest_point_coordinates(stability)
    ax = _axes(ax, preset, projection="3d" if xy.size == 3 else None)
    marker, fill = _MARKERS.get(stability.classification, ("x", "full"))
    kw.setdefault("color", "C3")
    kw.setdefault("markersize", 7)
    with _drawing(preset):
        ax.plot(*[[v] for v in xy], marker=marker, fillstyle=fill, linestyle="none",
                label=stability.classification, **kw)
        if annotate and xy.size == 2:
            ax.annotate(stability.classification, xy, textcoords="offset points", xytext=(5, 5), fontsize="x-small")
    return ax


# ---------------------------------------------------------------------------------------------
# sweeps over the shadow cost of public funds
# ---------------------------------------------------------------------------------------------
_SWEEP_LABELS = {"welfare": "coordinated", "laissez_faire_welfare": "laissez-faire",
                 "first_best_welfare": "first best", "gap_closed": "share of the gap closed"}


def policy_sweep(sweep: Any, ax: Any = None, *, y: Any = None, preset: str = "paper", **kw: Any) -> Any:
    """Welfare against λ: coordinated, laissez-faire and first best (``y=None``), or one series:
    ``y="gap_closed"``, ``y="welfare"`` … or the name of an instrument (its optimal level)."""
    series = {"welfare": sweep.welfare, "laissez_faire_welfare": sweep.laissez_faire_welfare,
              "first_best_welfare": sweep.first_best_welfare, "gap_closed": sweep.gap_closed,
              **{str(k): v for k, v in dict(sweep.policy).items()}}
    if y is None:
        names = [n for n in ("first_best_welfare", "welfare", "laissez_faire_welfare") if series[n] is not None]
    else:
        names = [y] if isinstance(y, str) else list(y)
        for n in names:
            if n not in series or series[n] is None:
                valid = sorted(k for k, v in series.items() if v is not None)
                raise DomainError(f"y must be one of {valid}, got {n!r}")
    ax = _axes(ax, preset)
    styles = {"first_best_welfare": dict(color="0.4", linestyle="--"), "laissez_faire_welfare":
              dict(color="0.4", linestyle=":"), "welfare": dict(color="C0")}
    with _drawing(preset):
        for n in names:
            opts = {**styles.get(n, {}), **kw}
            ax.plot(np.asarray(sweep.shadow_costs, dtype=float), np.asarray(series[n], dtype=float),
                    label=_SWEEP_LABELS.get(n, n), **opts)
        ax.set_xlabel(r"shadow cost of public funds $\lambda$")
        ax.set_ylabel("welfare" if all("welfare" in n for n in names) else ", ".join(names))
        if len(names) > 1:
            ax.legend()
    return ax
