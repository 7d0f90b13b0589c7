"""`python -m benchmarks build-large`: see benchmarks/large.py."""

from __future__ import annotations

from benchmarks.large import build_large


def run(args) -> None:
    bases = [(args.work / "store-legal", "bench"), (args.work / "store-scifact", "bench")]
    build_large(bases, args.work, 20_000 if args.quick else 100_000)
