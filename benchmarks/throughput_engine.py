"""The ingest embedding engine: sentence-transformers on torch (`model.encode`, all threads, batches of 64: the
engine ingest used before) against the ONNX Runtime engine (`Embedder.embed` with `embed_engine="onnx"`: the
verified export, one worker thread per core, batches of 16 length-sorted texts on one intra-op thread each).

    .venv/bin/python -m benchmarks.throughput_engine [--corpus corpus] [--block 128] [--pipeline-files 12]
        [--json docs/results/performance/data/throughput_engine.json]

1. Every chunk text the pipeline embeds for the corpus (read, clean, chunk, title line: `embedding_text`), cut
   into blocks; each block goes through both engines back to back, the order alternating from block to block
   (so both see the same load), timed in wall and process CPU time. Cosine of the two vectors of every text.
2. With `--pipeline-files N`: whole ingests (read, clean, chunk, embed, write, BM25) of the seeds and N
   instruments into fresh stores, torch and ONNX alternately (twice each), each against `model.encode` on the
   same texts measured right after it: the "ratio to model.encode" of each engine.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.common import loadavg, log


def engine_pair(texts: list[str], block: int = 128, seed: int = 7) -> dict:
    import numpy as np

    from core.settings import Settings
    from store.embedder import load_embedder

    s = Settings()
    emb = load_embedder(s.model, s.embed_batch_size, "onnx")
    model = emb.model  # torch, for the reference engine (also makes sure the export exists)
    if emb.onnx is None:
        raise SystemExit("No verified ONNX export of the model: the ONNX engine cannot run here.")
    order = list(range(len(texts)))
    random.Random(seed).shuffle(order)  # blocks with the corpus's mix of lengths
    wall = {"torch": 0.0, "onnx": 0.0}
    cpu = {"torch": 0.0, "onnx": 0.0}
    cos: list[float] = []
    loads = []
    for n, start in enumerate(range(0, len(order), block)):
        batch = [texts[i] for i in order[start:start + block]]
        vecs = {}
        for engine in (("torch", "onnx") if n % 2 == 0 else ("onnx", "torch")):
            t, c = time.perf_counter(), time.process_time()
            if engine == "torch":
                vecs[engine] = model.encode(batch, batch_size=s.embed_batch_size, normalize_embeddings=True,
                                            convert_to_numpy=True, show_progress_bar=False)
            else:
                vecs[engine] = emb.embed(batch)  # > small_call_chars: the ONNX ingest engine
            wall[engine] += time.perf_counter() - t
            cpu[engine] += time.process_time() - c
        cos.extend(float(x) for x in (vecs["torch"] * vecs["onnx"]).sum(axis=1))
        loads.append(loadavg())
        log(f"block {n + 1}: {start + len(batch)}/{len(texts)} texts, torch {len(batch) / 1:.0f} in "
            f"{wall['torch']:.0f} s so far, onnx {wall['onnx']:.0f} s so far (load {loads[-1]})")
    arr = np.array(cos)
    return {
        "texts": len(texts), "block": block, "workers": emb.workers, "onnx_batch": emb.ingest_batch_size,
        "torch_batch": s.embed_batch_size,
        "torch_chunks_per_s": len(texts) / wall["torch"], "onnx_chunks_per_s": len(texts) / wall["onnx"],
        "torch_chunks_per_cpu_s": len(texts) / cpu["torch"], "onnx_chunks_per_cpu_s": len(texts) / cpu["onnx"],
        "speedup_wall": wall["torch"] / wall["onnx"], "speedup_cpu": cpu["torch"] / cpu["onnx"],
        "cosine_min": float(arr.min()), "cosine_mean": float(arr.mean()),
        "cosine_below_0999": int((arr < 0.999).sum()), "loadavg": [min(loads), max(loads)],
    }


def pipeline_pair(paths: list[Path], rounds: int = 2, sample: int = 128) -> dict:
    """Whole ingests with each engine, alternately; each followed by `model.encode` on a sample of its texts."""
    from benchmarks.throughput import encode_rate, pipeline_ingest
    from core.settings import Settings

    runs = []
    work = Path(tempfile.mkdtemp(prefix="ua-engine-"))
    try:
        for r in range(rounds):
            for engine in (("torch", "onnx") if r % 2 == 0 else ("onnx", "torch")):
                settings = Settings().with_overrides(embed_engine=engine)
                res, texts, embedder = pipeline_ingest(paths, work / f"store-{engine}", settings=settings)
                picked = random.Random(r).sample(texts, min(sample, len(texts)))
                encode = encode_rate(embedder, picked, embedder.batch_size, "global")
                runs.append({"engine": engine, "round": r, "chunks": res["chunks"], "ingest_s": res["ingest_s"],
                             "chunks_per_s": res["chunks_per_s"], "embed_s": res["embed_s"],
                             "encode_chunks_per_s": encode, "ratio_to_encode": res["chunks_per_s"] / encode,
                             "loadavg": res["loadavg"]})
                log(f"pipeline {engine}: {res['chunks']} chunks in {res['ingest_s']:.1f} s = "
                    f"{res['chunks_per_s']:.2f} chunks/s; model.encode {encode:.2f} chunks/s; ratio "
                    f"{res['chunks_per_s'] / encode:.2f}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return {"runs": runs}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks.throughput_engine", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--corpus", type=Path, default=None, help="default: the bundled corpus/")
    p.add_argument("--block", type=int, default=128)
    p.add_argument("--limit", type=int, default=0, help="only this many chunk texts (0: all)")
    p.add_argument("--pipeline-files", type=int, default=0, help="also time whole ingests of seeds + N instruments")
    p.add_argument("--no-engines", action="store_true", help="skip part 1 (only the whole ingests)")
    p.add_argument("--json", type=Path, default=Path("docs/results/performance/data/throughput_engine.json"))
    args = p.parse_args(argv)

    from benchmarks.throughput import _chunk_texts
    from core.settings import BUNDLED_CORPUS, Settings
    from store.embedder import load_embedder

    corpus = args.corpus or BUNDLED_CORPUS
    s = Settings()
    texts = _chunk_texts([corpus], load_embedder(s.model, s.embed_batch_size, "onnx"))
    if args.limit:
        texts = random.Random(1).sample(texts, min(args.limit, len(texts)))
    log(f"{len(texts)} chunk texts from {corpus}")
    out = json.loads(args.json.read_text()) if args.no_engines and args.json.exists() else {}
    if not args.no_engines:
        out["engines"] = engine_pair(texts, args.block)
        log(json.dumps(out["engines"], indent=1))
    if args.pipeline_files:
        files = sorted((corpus / "instruments").glob("*"))[:args.pipeline_files]
        folder = Path(tempfile.mkdtemp(prefix="ua-engine-corpus-"))
        shutil.copytree(corpus / "seeds", folder / "seeds")
        (folder / "instruments").mkdir()
        for f in files:
            shutil.copy(f, folder / "instruments" / f.name)
        if (corpus / "library.json").exists():
            shutil.copy(corpus / "library.json", folder / "library.json")
        try:
            out["pipeline"] = pipeline_pair([folder])
        finally:
            shutil.rmtree(folder, ignore_errors=True)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(out, indent=2))
    log(f"written {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
