"""The model families of the source texts, built on :mod:`gametheory.core`."""
