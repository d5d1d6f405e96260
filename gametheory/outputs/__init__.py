"""Outputs: derivation documents, figures, demos and the command line (depends on models, core)."""
