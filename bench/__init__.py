"""Benchmarks: synthetic digests of 1,000 to 20,000 papers, built and searched."""
