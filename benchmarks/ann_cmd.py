"""`python -m benchmarks ann`: approximate-search recall only (also part of `latency`)."""

from __future__ import annotations

from benchmarks.common import load_json, save_json
from benchmarks.latency import ann_recall
from benchmarks.queries import recall_queries


def measure_ann(args, data: dict, path) -> None:
    """Approximate-search recall on each cached store that exists, into `data["ann"]` (saved after each)."""
    rq = recall_queries()
    data["ann"] = []
    for d, col, efs in ((args.work / "store-legal", "bench", ()), (args.work / "store-scifact", "bench", ()),
                        (args.work / "store-100k", "unesco", (20, 40, 200))):
        if (d / "store.json").exists():
            data["ann"].append(ann_recall(d, col, rq, ef_values=efs))
            save_json(path, data)


def run(args) -> None:
    path = args.out / "data" / "latency.json"
    measure_ann(args, load_json(path) or {}, path)
