"""Evals: gold questions, metrics, public benchmarks and reports."""
