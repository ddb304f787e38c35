"""Benchmarks for DESIGN.md's performance budget: `python -m benchmarks [NAME]`."""
