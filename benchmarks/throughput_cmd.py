"""`python -m benchmarks throughput`: see benchmarks/throughput.py.

Re-running keeps the earlier results under "earlier" (so a code change can be compared with the run before it).
"""

from __future__ import annotations

from benchmarks.common import load_json, log, save_json
from benchmarks.corpus import legal_instruments, scifact_sample_folder, seeds
from benchmarks.throughput import run_throughput

CODE = ("length-sorted embedding batches, batched Chroma writes, small calls (short slices) on the ONNX export, "
        "CPU time per stage")


def run(args) -> None:
    path = args.out / "data" / "throughput.json"
    data = load_json(path) or {}
    corpora = [c.strip() for c in getattr(args, "corpora", "legal,scifact").split(",") if c.strip()]
    for key in corpora:
        if key in data:
            data.setdefault("earlier", []).append({**data.pop(key), "key": key})
    if "legal" in corpora:
        data["legal"] = run_throughput("legal", [seeds(), legal_instruments()], args.work, keep_store=args.work / "store-legal")
        data["legal"]["code"] = CODE
        save_json(path, data)
    if "scifact" in corpora:
        folder = scifact_sample_folder(args.work, 300 if args.quick else args.scifact_docs)
        data["scifact"] = run_throughput("scifact", [folder], args.work, keep_store=args.work / "store-scifact")
        (args.work / "store-scifact-sample.txt").write_text(str(300 if args.quick else args.scifact_docs))
        data["scifact"]["code"] = CODE
        save_json(path, data)
    log(f"throughput: {path}")
