r"""The model families of the source texts, built on :mod:`gametheory.core`.

* :mod:`~gametheory.models.market` — the market block: linear Cournot with its active set
  (symbolic, exact or float; :func:`~gametheory.models.market.cournot_batch` and
  :func:`~gametheory.models.market.cournot_segments` for many markets at once);
* :mod:`~gametheory.models.diffusion` — technology diffusion among leading, middle and lagging
  firms (attitude game, planner, coordinator, licensing, vertical links);
* :mod:`~gametheory.models.brand` — regional-brand free riding (linear and Cournot forms,
  instruments, the repeated game, reputation dynamics);
* :mod:`~gametheory.models.commontech` — provision of common technology (public good, BBV,
  Cournot form, clubs, cost sharing);
* :mod:`~gametheory.models.rd` — R&D with spillovers (d'Aspremont–Jacquemin, KMZ regimes);
* :mod:`~gametheory.models.evolution`, :mod:`~gametheory.models.empirical` and
  :mod:`~gametheory.models.policy` (the family × instrument table of the policy engine).

A new family is a subpackage here: its model classes take numbers or sympy symbols through
:mod:`gametheory.core.params`, decide conditions with :mod:`gametheory.core.conditions`, use the
market block for Cournot stages, declare its instruments to
:class:`gametheory.core.coordinator.Coordinator`, and return frozen
:class:`gametheory.core.results.Result` objects.
"""
