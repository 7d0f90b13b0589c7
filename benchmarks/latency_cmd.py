"""`python -m benchmarks latency`: warm latency at three corpus sizes, ANN recall, BM25 load."""

from __future__ import annotations

from benchmarks.ann_cmd import measure_ann
from benchmarks.common import load_json, log, save_json
from benchmarks.corpus import seeds
from benchmarks.latency import keyword_load, measure_store
from benchmarks.queries import latency_questions


def seeds_store(work):
    """The bundled corpus alone, ingested once into WORK/store-seeds."""
    from assistant.api import Assistant
    from evals.tempstore import temporary_settings

    d = work / "store-seeds"
    with Assistant.open(temporary_settings(None, d, "bench")) as a:
        a.ingest([seeds()])
    return d


STORES = {"seeds": "seeds", "legal": "seeds + legal", "large": "large"}


def run(args) -> None:
    """All three sizes, ANN recall and the BM25 load; with `--stores` (e.g. seeds,legal) only those sizes,
    keeping the other results of the last full run."""
    path = args.out / "data" / "latency.json"
    data = load_json(path) or {}
    only = [x.strip() for x in (getattr(args, "stores", None) or "").split(",") if x.strip()]
    unknown = set(only) - set(STORES)
    if unknown:
        raise SystemExit(f"--stores takes {', '.join(STORES)}; not {', '.join(sorted(unknown))}")
    qs = latency_questions(8 if args.quick else 20)
    stores = [("seeds", lambda: seeds_store(args.work), "bench"), ("seeds + legal", lambda: args.work / "store-legal", "bench"),
              ("large", lambda: args.work / "store-100k", "unesco")]
    wanted = {STORES[x] for x in only} or set(STORES.values())
    kept = [x for x in data.get("sizes", []) if x.get("label") not in wanted]
    data["sizes"] = kept
    for label, folder, col in stores:
        if label not in wanted:
            continue
        d = folder()
        if not (d / "store.json").exists():
            log(f"[{label}] no store at {d}: skipped (run throughput / build-large first)")
            continue
        data["sizes"].append(measure_store(label, d, col, qs, rounds=1 if args.quick else 2))
        data["sizes"].sort(key=lambda x: list(STORES.values()).index(x["label"]) if x.get("label") in STORES.values() else 9)
        save_json(path, data)
    if only:
        return
    measure_ann(args, data, path)
    if (args.work / "store-100k" / "store.json").exists():
        data["keyword_100k"] = keyword_load(args.work / "store-100k", "unesco")
        log(f"BM25 at {data['keyword_100k']['chunks']} chunks: fingerprint {data['keyword_100k']['fingerprint_s']:.2f} s, "
            f"cache load {data['keyword_100k']['cache_load_s']:.2f} s, rebuild {data['keyword_100k']['rebuild_s']:.1f} s")
    save_json(path, data)
