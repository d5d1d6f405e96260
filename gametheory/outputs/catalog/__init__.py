"""One module per model family, each defining ``DERIVATIONS``, ``FIGURES`` and/or ``DEMOS``.

See :mod:`gametheory.outputs.registry`.
"""
