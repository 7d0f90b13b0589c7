"""`python -m evals.bench build-large`: see evals/bench/large.py."""

from __future__ import annotations

from evals.bench.large import build_large


def run(args) -> None:
    bases = [(args.work / "store-legal", "bench"), (args.work / "store-scifact", "bench")]
    build_large(bases, args.work, 20_000 if args.quick else 100_000)
