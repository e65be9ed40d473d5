"""Benchmarks and the synthetic national sample they run on: tooling for measuring, never part of the service.

Each module is a Django management command class run by `python -m tests.benchmarks NAME [options]`
(`make bench`, `make bench-pages`, `make loadtest` call them).
"""
