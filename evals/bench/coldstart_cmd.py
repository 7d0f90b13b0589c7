"""`python -m evals.bench coldstart`."""

from __future__ import annotations

from evals.bench.coldstart import run_coldstart
from evals.bench.common import load_json, save_json


def run(args) -> None:
    path = args.out / "data" / "coldstart.json"
    data = load_json(path) or {}
    store = args.work / "store-legal"
    data["seeds_legal"] = run_coldstart(store, "bench", repeats=2 if args.quick else 3)
    big = args.work / "store-100k"
    if (big / "store.json").exists() and not args.quick:
        data["large"] = run_coldstart(big, "unesco", repeats=2)
    save_json(path, data)
