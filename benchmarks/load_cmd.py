"""`python -m benchmarks load`."""

from __future__ import annotations

from benchmarks.common import load_json, log, save_json
from benchmarks.load import run_load
from benchmarks.queries import latency_questions


def run(args) -> None:
    path = args.out / "data" / "load.json"
    big = args.work / "store-100k"
    store, col = (big, "unesco") if (big / "store.json").exists() else (args.work / "store-legal", "bench")
    log(f"load test against {store}")
    soak_s = min(args.soak_s, 60.0) if args.quick else args.soak_s
    levels = ((1, 4), (10, 2), (25, 1)) if args.quick else ((1, 8), (10, 3), (25, 2))
    data = run_load(store, col, latency_questions(10), levels=levels, soak_s=soak_s)
    save_json(path, data)
