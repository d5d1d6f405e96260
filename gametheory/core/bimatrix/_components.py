"""Connected components and maximal Nash subsets of the extreme-equilibrium graph.

The extreme equilibria of a bimatrix game are the completely labelled vertex pairs (x, y) of the
best-response polytopes. They form a bipartite graph on the row vertices x and column vertices y.
A *Nash subset* is a product ``conv(X) x conv(Y)`` of equilibria; the maximal ones are exactly the
maximal bicliques X x Y of that graph, and every equilibrium lies in one of them (Winkels 1979;
Avis, Rosenberg, Savani & von Stengel 2010, "clique" enumeration). The connected components of the
graph are the topological components of the equilibrium set.
"""

from __future__ import annotations

__all__ = ["components_and_cliques"]


def components_and_cliques(pairs: list[tuple[int, int]], clock=None):
    """Components of a bipartite edge list and, per component, its maximal bicliques.

    Parameters
    ----------
    pairs : list of (i, j)
        Edge k joins row vertex i and column vertex j (edge k = equilibrium k).
    clock : BudgetClock, optional
        Checked while the maximal bicliques are closed under intersection (their number can grow
        exponentially); raises :class:`~gametheory.core.budget.BudgetExceeded`.

    Returns
    -------
    list of (edge indices, list of (row vertices, column vertices))
        Sorted deterministically. A maximal biclique ``(X, Y)`` is closed: ``Y`` is the set of
        common neighbours of ``X`` and ``X`` that of ``Y``; the ``Y`` are exactly the nonempty
        intersections of neighbourhoods of row vertices.

    Examples
    --------
    >>> components_and_cliques([(0, 0), (0, 1), (1, 1), (2, 2)])
    [((0, 1, 2), [((0,), (0, 1)), ((0, 1), (1,))]), ((3,), [((2,), (2,))])]
    """
    parent: dict[tuple[str, int], tuple[str, int]] = {}

    def find(a):
        while parent.setdefault(a, a) != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    for i, j in pairs:
        ra, rb = find(("r", i)), find(("c", j))
        if ra != rb:
            parent[ra] = rb
    comps: dict = {}
    for k, (i, j) in enumerate(pairs):
        comps.setdefault(find(("r", i)), []).append(k)
    out = []
    for edges in comps.values():
        nbr: dict[int, set[int]] = {}
        for k in edges:
            i, j = pairs[k]
            nbr.setdefault(i, set()).add(j)
        family = {frozenset(s) for s in nbr.values()}
        frontier = list(family)
        while frontier:
            new = []
            for a in frontier:
                if clock is not None:
                    clock.spend(len(family), "maximal Nash subsets")
                for b in list(family):
                    c = a & b
                    if c and c not in family:
                        family.add(c)
                        new.append(c)
            frontier = new
        cliques = []
        for Y in family:
            X = tuple(sorted(i for i, s in nbr.items() if Y <= s))
            cliques.append((X, tuple(sorted(Y))))
        cliques.sort()
        out.append((tuple(sorted(edges)), cliques))
    out.sort()
    return out
