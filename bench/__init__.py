"""Benchmarks, run by hand (`python -m bench.<name>`); they print figures. See docs/benchmarks.md."""
