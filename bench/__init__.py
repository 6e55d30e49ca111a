"""Benchmarks, run by hand (`python -m bench.<name>`); they print figures (docs/benchmarks.md)."""
