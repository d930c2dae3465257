"""Benchmarks: `python -m bench [name ...]` (`make bench`). Numbers go in the issue notes."""
