"""`python -m benchmarks backends`."""

from __future__ import annotations

import json

from benchmarks.backends import run_backends
from benchmarks.common import log, save_json
from benchmarks.corpus import scifact_sample_folder, scifact_store_sample


def run(args) -> None:
    store = args.work / "store-scifact"
    if not (store / "store.json").exists():
        log("backends: no SciFact store yet (run `throughput` first): skipped")
        return
    folder = scifact_sample_folder(args.work, scifact_store_sample(args.work, args.scifact_docs))
    id_map = json.loads((folder.parent / "id_map.json").read_text())
    data = run_backends(store, id_map, args.work, speed_texts=96 if args.quick else 256, repeats=2 if args.quick else 3)
    save_json(args.out / "data" / "backends.json", data)
