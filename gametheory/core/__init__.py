"""Model-agnostic game machinery (never imports from :mod:`gametheory.models`)."""
