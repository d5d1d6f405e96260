r"""Outputs: derivation documents, figures, demos and the command line (depends on models, core).

Every output is code: a family's module in :mod:`gametheory.outputs.catalog` registers its
derivations (Markdown built with :class:`~gametheory.outputs.document.Document`), figures
(:class:`~gametheory.outputs.registry.FigureSpec`: data, drawing, declared parameters and a
caption) and narrated demos; ``gametheory reproduce`` regenerates them all, deterministically,
and the tests check that what is committed is current. :mod:`~gametheory.outputs.referee` holds
the checklist every document and figure must meet.
"""
