"""`python -m benchmarks coldstart`.

Re-running keeps the earlier results under "earlier" (so a code change can be compared with the run before it).
"""

from __future__ import annotations

from benchmarks.coldstart import run_coldstart
from benchmarks.common import load_json, save_json


def run(args) -> None:
    path = args.out / "data" / "coldstart.json"
    data = load_json(path) or {}
    for key in ("seeds_legal", "large"):
        if key in data:
            data.setdefault("earlier", []).append({**data.pop(key), "key": key, "saved_at": data.get("saved_at")})
    store = args.work / "store-legal"
    data["seeds_legal"] = run_coldstart(store, "bench", repeats=2 if args.quick else 3)
    save_json(path, data)
    big = args.work / "store-100k"
    if (big / "store.json").exists() and not args.quick:
        data["large"] = run_coldstart(big, "unesco", repeats=2)
    save_json(path, data)
