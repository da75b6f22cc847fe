"""Benchmarks and evaluations, run from the project folder (``python -m bench.eval_entities``)."""
