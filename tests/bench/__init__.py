"""Benchmarks run by ``nox -s bench``: podium against the bare tools, measured in one run."""
