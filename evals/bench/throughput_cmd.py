"""`python -m evals.bench throughput`: see evals/bench/throughput.py.

Re-running keeps the earlier results under "earlier" (so a code change can be compared with the run before it).
"""

from __future__ import annotations

from evals.bench.common import load_json, log, save_json
from evals.bench.corpus import legal_instruments, scifact_sample_folder, seeds
from evals.bench.throughput import run_throughput

CODE = "length-sorted embedding batches, batched Chroma writes, one-thread small embeds"


def run(args) -> None:
    path = args.out / "data" / "throughput.json"
    data = load_json(path) or {}
    for key in ("legal", "scifact"):
        if key in data:
            data.setdefault("earlier", []).append({**data.pop(key), "key": key})
    data["legal"] = run_throughput("legal", [seeds(), legal_instruments()], args.work, keep_store=args.work / "store-legal")
    data["legal"]["code"] = CODE
    save_json(path, data)
    folder = scifact_sample_folder(args.work, 300 if args.quick else args.scifact_docs)
    data["scifact"] = run_throughput("scifact", [folder], args.work, keep_store=args.work / "store-scifact")
    data["scifact"]["code"] = CODE
    save_json(path, data)
    log(f"throughput: {path}")
