"""Model-agnostic game machinery (never imports from :mod:`gametheory.models`).

The core is what every model family builds on; a new family uses its public modules only
(the architecture test forbids private imports across packages):

* **Inputs** — :mod:`~gametheory.core.params` (the one number converter ``classify_number``,
  ``as_param``, ``require``, ``DomainError``, and ``rejects_text``: text is never code).
* **Conditions** — :mod:`~gametheory.core.conditions` (one ``decide`` backed by Farkas /
  Positivstellensatz certificates, ``simplify`` that drops implied inequalities).
* **Finite games** — :mod:`~gametheory.core.normal_form` (``NormalFormGame``, a façade over
  :mod:`~gametheory.core.game_input`, :mod:`~gametheory.core.profiles`,
  :mod:`~gametheory.core.pure`, :mod:`~gametheory.core.mixed`, :mod:`~gametheory.core.interior`,
  :mod:`~gametheory.core.dominance`, :mod:`~gametheory.core.regime`,
  :mod:`~gametheory.core.interop`), with :mod:`~gametheory.core.bimatrix` (every equilibrium of a
  two-player game, exact or in floats, with a completeness certificate).
* **Other game forms** — :mod:`~gametheory.core.continuous` (KKT), :mod:`~gametheory.core.sequential`,
  :mod:`~gametheory.core.repeated`, :mod:`~gametheory.core.replicator` and
  :mod:`~gametheory.core.evolutionary` (dynamics and stability).
* **Policy** — :mod:`~gametheory.core.welfare` (one welfare account) and
  :mod:`~gametheory.core.coordinator` (the welfare-maximising coordinator as the one policy engine).
* **Everyday layer** — :mod:`~gametheory.core.results` (immutable results with repr, LaTeX, HTML,
  ``to_dict``/``to_frame``), :mod:`~gametheory.core.plotting` (the publication style),
  :mod:`~gametheory.core.export`, :mod:`~gametheory.core.lazy_sympy` (numeric paths never import sympy).
"""
