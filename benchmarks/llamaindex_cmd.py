"""`python -m benchmarks llamaindex`: LlamaIndex's documented default pipeline next to ours."""

from __future__ import annotations

import json

from benchmarks.common import load_json, log, save_json
from benchmarks.corpus import legal_instruments, scifact_sample, scifact_sample_folder, scifact_store_sample, seeds


def _scifact_eval_ours(store_dir, id_map, sample, modes=("dense", "hybrid")) -> dict:
    from evals.beir import BeirDataset, evaluate_modes, load_beir
    from benchmarks.latency import open_assistant
    from benchmarks.corpus import SCIFACT

    full = load_beir(SCIFACT, "test")
    ds = BeirDataset("scifact-sample", sample, full.queries, full.qrels)
    with open_assistant(store_dir, "bench") as a:
        return evaluate_modes(a, ds, id_map, modes)


def run(args) -> None:
    from benchmarks.llamaindex import (coverage_ours, llama_beir_ndcg, llama_gold_hits, llama_ingest,
                                        ours_gold_hits)
    from benchmarks.latency import open_assistant
    from benchmarks.throughput import pipeline_ingest

    path = args.out / "data" / "llamaindex.json"
    data = load_json(path) or {}
    # 1. seeds + legal instruments: ingest cost and coverage, back to back (LlamaIndex, then ours)
    index, client, data["llama_legal"] = llama_ingest([seeds(), legal_instruments()], args.work, "legal")
    data["llama_gold"] = llama_gold_hits(index)
    client.close()
    log(f"[llama] gold hit@5 {data['llama_gold']['hit_at_k']:.3f}")
    res, _texts, _emb = pipeline_ingest([seeds(), legal_instruments()], args.work / "tp-legal-again")
    data["ours_legal_ingest"] = {k: v for k, v in res.items() if not isinstance(v, list) or k == "loadavg"}
    data["ours_legal_coverage"] = coverage_ours(args.work / "store-legal", "bench")
    data["ours_legal_ingest"]["s_per_1k_tokens"] = res["ingest_s"] / (data["ours_legal_coverage"]["processed_tokens"] / 1000)
    with open_assistant(args.work / "store-legal", "bench") as a:
        data["ours_gold"] = ours_gold_hits(a)
    log(f"[ours] {res['chunks']} chunks in {res['ingest_s']:.1f} s; reads {data['ours_legal_coverage']['char_share_read']:.0%}; "
        f"gold hit@5 {data['ours_gold']['hit_at_k']:.3f}")
    save_json(path, data)

    # 2. SciFact sample: nDCG@10 (every test query; the sample holds all their relevant abstracts)
    n = scifact_store_sample(args.work, 300 if args.quick else args.scifact_docs)  # the sample store-scifact holds
    sample = scifact_sample(n)
    folder = scifact_sample_folder(args.work, n)
    id_map = json.loads((folder.parent / "id_map.json").read_text())
    llama_dir = folder.parent / "llama-documents"  # title + text in the file, as BEIR reads a document
    if not llama_dir.is_dir():
        llama_dir.mkdir(parents=True)
        for stem, original in id_map.items():
            title, text = sample[original]
            (llama_dir / f"{stem}.txt").write_text(f"{title}\n\n{text}" if title else text, encoding="utf-8")
    index, client, data["llama_scifact"] = llama_ingest([llama_dir], args.work, "scifact")
    from evals.beir import load_beir
    from benchmarks.corpus import SCIFACT

    full = load_beir(SCIFACT, "test")
    data["llama_scifact_quality"] = llama_beir_ndcg(index, full.queries, full.qrels, id_map)
    client.close()
    log(f"[llama] SciFact sample nDCG@10 {data['llama_scifact_quality']['ndcg_at_10']:.4f}")
    store = args.work / "store-scifact"
    if (store / "store.json").exists():
        data["ours_scifact_quality"] = _scifact_eval_ours(store, id_map, sample)
        data["ours_scifact_coverage"] = coverage_ours(store, "bench")
        log(f"[ours] SciFact sample: {data['ours_scifact_quality']}")
    data["scifact_sample_docs"] = n
    save_json(path, data)
