r"""Network dynamics: a small cluster of firms on a graph, simulated live.

Calls :func:`gametheory.dynamics.random_cluster` (a tiered cluster in local markets on a random
sparse graph) and :func:`gametheory.dynamics.simulate` with :class:`gametheory.dynamics.Rules`
(innovation, diffusion along links between willing partners, Cournot payoffs per segment).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from gametheory.explore._view import Control, Page, Table, Value, View, new_figure

__all__ = ["PAGE"]

FORMULAS = r"""
Firms sit on the nodes of a sparse graph, in three tiers (leading, middle, lagging) with unit
costs $c_i$. Each step, a firm innovates with probability $\rho$ (cost cut by a factor
$1 - s$), and knowledge flows along a link $i \to j$ when $c_i < c_j$, the source shares and
the receiver seeks, with absorptive capacity $\beta_j$, diffusion rate $r$ and degree $d_j$:

$$
c_j \leftarrow c_j - \frac{\beta_j\, r}{d_j} \sum_{i \to j} (c_j - c_i) .
$$

Firms in the same segment compete à la Cournot. The capability gap is
$1 - \min_i c_i / \bar c$ (0: everyone at the frontier); welfare is $CS + PS$ summed over
segments.
"""

CONTROLS = (
    Control("n", "firms", 30, 5, 80, 1, integer=True),
    Control("degree", "mean degree of the graph", 4, 1, 10, 1),
    Control("steps", "steps", 40, 1, 100, 1, integer=True),
    Control("diffusion", "diffusion rate r", 0.5, 0, 1, 0.05),
    Control("innovation", "innovation rate ρ", 0.05, 0, 1, 0.05),
    Control("seed", "random seed", 1, 0, 10**6, 1, integer=True),
)


def compute(n: Any, degree: Any, steps: Any, diffusion: Any, innovation: Any, seed: Any) -> View:
    from gametheory.dynamics import Rules, random_cluster, simulate

    cluster = random_cluster(n, float(degree), seed=seed)
    run = simulate(cluster, Rules(diffusion_rate=float(diffusion), innovation_rate=float(innovation)), steps, seed=seed)
    values = (
        Value("final-gap", "Capability gap after the last step", float(run.gap[-1])),
        Value("frontier", "Frontier (lowest) cost", float(run.frontier[-1])),
        Value("mean-cost", "Mean cost", float(run.mean_cost[-1])),
        Value("welfare", "Welfare in the last step", float(run.welfare[-1])),
        Value("flows", "Diffusion events, all steps", int(np.sum(run.diffusion_events))),
        Value("innovations", "Innovations, all steps", int(np.sum(run.innovations))),
    )
    every = max(1, steps // 10)
    rows = tuple((t, float(run.gap[t]), float(run.mean_cost[t]), int(run.diffusion_events[t]))
                 for t in range(0, steps + 1, every))
    tables = (Table("path", "The path (every few steps)", ("step", "gap", "mean cost", "flows"), rows),)
    fig, (ax1, ax2) = new_figure(2, 10.0, 4.0)
    t = np.arange(steps + 1)
    ax1.plot(t, run.gap, label="capability gap")
    ax1.plot(t, run.mean_cost, label="mean cost")
    ax1.plot(t, run.frontier, label="frontier cost")
    ax1.set_xlabel("step")
    ax1.legend()
    ax1.set_title(f"{n} firms, seed {seed}")
    import networkx as nx

    graph = nx.from_scipy_sparse_array(cluster.adjacency) if hasattr(cluster.adjacency, "tocsr") \
        else nx.from_numpy_array(np.asarray(cluster.adjacency))
    pos = nx.spring_layout(graph, seed=int(seed) % (2**32))
    xy = np.array([pos[k] for k in range(n)])
    for i, j in graph.edges():
        ax2.plot(*zip(xy[i], xy[j]), color="0.75", linewidth=0.6, zorder=1)
    sc = ax2.scatter(xy[:, 0], xy[:, 1], c=run.final_costs, cmap="viridis_r", s=40, zorder=2)
    fig.colorbar(sc, ax=ax2, label="unit cost after the last step")
    ax2.set_axis_off()
    ax2.set_title("the cluster (links, final costs)")
    fig.tight_layout()
    return View(values=values, tables=tables, figure=fig)


PAGE = Page("network", "Network dynamics", "A small cluster of firms on a graph, simulated live.",
            FORMULAS, CONTROLS, compute)
