"""Embedding backends: sentence-transformers on torch (the product) against ONNX Runtime, fp32 and int8.

sentence-transformers' own `backend="onnx"` needs `optimum` (it imports optimum.onnxruntime to load and
export), and optimum downgrades huggingface-hub and transformers and breaks gradio, so it is not used.
Here the same model is exported with `torch.onnx.export` (needs the small `onnx` package, no optimum),
run with onnxruntime (already installed: chromadb depends on it), mean-pooled and normalised exactly as
the sentence-transformers pipeline does, and quantised with onnxruntime's `quantize_dynamic`.

Speed: chunks/s on the same chunk texts, back to back with `model.encode`, repeated.
Quality: dense nDCG@10 on the SciFact sample, exact search over each backend's own vectors of the same
chunks (documents ranked by their best chunk, as the BEIR eval does), next to the torch vectors.
"""

from __future__ import annotations

import random
import time
from pathlib import Path

import numpy as np

from benchmarks.common import loadavg, log, median

VARIANTS = {  # name -> quantize_dynamic keyword arguments (None: fp32)
    "onnx-fp32": None,
    "onnx-int8": {"op_types_to_quantize": ["MatMul"]},
    "onnx-int8-per-channel": {"op_types_to_quantize": ["MatMul"], "per_channel": True},
}


def export_onnx(embedder, folder: Path) -> Path:
    import torch

    out = folder / "model.onnx"
    if out.exists():
        return out
    folder.mkdir(parents=True, exist_ok=True)
    bert = embedder.model[0].auto_model.eval()

    class Wrap(torch.nn.Module):
        def __init__(self, b):
            super().__init__()
            self.b = b

        def forward(self, input_ids, attention_mask, token_type_ids):
            return self.b(input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids).last_hidden_state

    enc = embedder.tokenizer(["a short one", "and a somewhat longer sentence"], padding=True, return_tensors="pt")
    axes = {"input_ids": {0: "b", 1: "s"}, "attention_mask": {0: "b", 1: "s"}, "token_type_ids": {0: "b", 1: "s"},
            "last_hidden_state": {0: "b", 1: "s"}}
    with torch.no_grad():
        torch.onnx.export(Wrap(bert), (enc["input_ids"], enc["attention_mask"], enc["token_type_ids"]), str(out),
                          input_names=["input_ids", "attention_mask", "token_type_ids"],
                          output_names=["last_hidden_state"], dynamic_axes=axes, opset_version=17, dynamo=False)
    return out


def quantised(fp32: Path, name: str) -> Path:
    kw = VARIANTS[name]
    if kw is None:
        return fp32
    out = fp32.with_name(f"{name}.onnx")
    if not out.exists():
        from onnxruntime.quantization import QuantType, quantize_dynamic

        quantize_dynamic(str(fp32), str(out), weight_type=QuantType.QInt8, **kw)
    return out


class OrtEmbedder:
    """Tokenise, run, mean-pool over the attention mask, normalise: sentence-transformers' recipe."""

    def __init__(self, path: Path, tokenizer, max_len: int = 256, threads: int | None = None) -> None:
        import os

        import onnxruntime as ort

        so = ort.SessionOptions()
        so.intra_op_num_threads = threads or os.cpu_count() or 1
        self.session = ort.InferenceSession(str(path), so, providers=["CPUExecutionProvider"])
        self.tokenizer = tokenizer
        self.max_len = max_len

    def embed(self, texts: list[str], batch_size: int = 64) -> np.ndarray:
        order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))  # length-sorted batches, as ST does
        out = np.zeros((len(texts), 384), dtype=np.float32)
        for s in range(0, len(order), batch_size):
            idx = order[s:s + batch_size]
            enc = self.tokenizer([texts[i] for i in idx], padding=True, truncation=True, max_length=self.max_len,
                                 return_tensors="np")
            h = self.session.run(None, {k: enc[k].astype(np.int64) for k in ("input_ids", "attention_mask", "token_type_ids")})[0]
            m = enc["attention_mask"][..., None].astype(np.float32)
            v = (h * m).sum(1) / np.clip(m.sum(1), 1e-9, None)
            out[idx] = v / np.linalg.norm(v, axis=1, keepdims=True)
        return out


def dense_ndcg(doc_vecs: np.ndarray, chunk_docs: list[str], q_vecs: np.ndarray, qids: list[str], qrels, id_map) -> float:
    from evals.beir import score_query
    from evals.metrics import mean

    scores = q_vecs @ doc_vecs.T
    per = []
    for qi, qid in enumerate(qids):
        ranked, seen = [], set()
        for j in np.argsort(-scores[qi])[:400]:
            d = id_map.get(chunk_docs[j], chunk_docs[j])
            if d not in seen:
                seen.add(d)
                ranked.append(d)
            if len(ranked) > 100:
                break
        per.append(score_query(ranked, qrels[qid], qid)["ndcg_at_10"])
    return mean(per)


def run_backends(store_dir: Path, id_map: dict[str, str], work: Path, speed_texts: int = 256, repeats: int = 3,
                 full_quality: tuple[str, ...] = ("onnx-int8",)) -> dict:
    from core.settings import Settings
    from core.types import Chunk
    from evals.beir import load_beir
    from benchmarks.corpus import SCIFACT
    from benchmarks.large import read_store
    from store.embedder import load_embedder
    from ingest.pipeline import embedding_text

    emb = load_embedder(Settings().model)
    data = read_store(store_dir, "bench")
    texts = [embedding_text(Chunk(id=i, document_id=m["doc_id"], text=t, start=0, end=0, ordinal=0,
                                  title=m.get("title", ""))) for i, t, m in zip(data["ids"], data["texts"], data["metas"])]
    chunk_docs = [m["doc_id"] for m in data["metas"]]
    full = load_beir(SCIFACT, "test")
    qids = list(full.queries)
    qtexts = [full.queries[q] for q in qids]
    fp32 = export_onnx(emb, work / "onnx-export")
    paths = {name: quantised(fp32, name) for name in VARIANTS}
    engines = {name: OrtEmbedder(p, emb.tokenizer, emb.max_tokens) for name, p in paths.items()}

    sample = random.Random(0).sample(texts, min(speed_texts, len(texts)))
    speed: dict[str, list[float]] = {"torch": [], **{n: [] for n in engines}}
    for r in range(repeats):
        l0 = loadavg()
        t = time.perf_counter()
        emb.model.encode(sample, batch_size=64, normalize_embeddings=True, show_progress_bar=False)
        speed["torch"].append(len(sample) / (time.perf_counter() - t))
        for name, e in engines.items():
            t = time.perf_counter()
            e.embed(sample)
            speed[name].append(len(sample) / (time.perf_counter() - t))
        log(f"[backends] repeat {r + 1}: " + ", ".join(f"{k} {v[-1]:.1f}/s" for k, v in speed.items()) + f" (load {l0})")
    torch_vecs = data["emb"]
    torch_q = emb.embed(qtexts)
    out = {"chunks": len(texts), "speed_texts": len(sample), "repeats": repeats, "backends": []}
    base_ndcg = dense_ndcg(torch_vecs, chunk_docs, torch_q, qids, full.qrels, id_map)
    out["backends"].append({"name": "torch (sentence-transformers)", "chunks_per_s": median(speed["torch"]),
                            "speed_ratio": 1.0, "ndcg_at_10_dense": base_ndcg, "cosine_to_torch_mean": 1.0,
                            "cosine_to_torch_min": 1.0, "file_mb": None})
    for name, e in engines.items():
        if name not in full_quality:  # cosines on the speed sample only (fp32 is the same function as torch)
            vs = e.embed(sample)
            tv = emb.model.encode(sample, batch_size=64, normalize_embeddings=True, show_progress_bar=False)
            cos = (vs * tv).sum(1)
            ratios = [a / b for a, b in zip(speed[name], speed["torch"])]
            out["backends"].append({"name": name, "chunks_per_s": median(speed[name]), "speed_ratio": median(ratios),
                                    "ndcg_at_10_dense": None, "ndcg_delta_points": None,
                                    "cosine_to_torch_mean": float(cos.mean()), "cosine_to_torch_min": float(cos.min()),
                                    "file_mb": paths[name].stat().st_size / 1e6})
            log(f"[backends] {name}: x{median(ratios):.2f} speed, cosine mean {cos.mean():.4f}")
            continue
        t = time.perf_counter()
        vecs = e.embed(texts)
        full_s = time.perf_counter() - t
        q = e.embed(qtexts)
        cos = (vecs * torch_vecs).sum(1)
        nd = dense_ndcg(vecs, chunk_docs, q, qids, full.qrels, id_map)
        ratios = [a / b for a, b in zip(speed[name], speed["torch"])]
        out["backends"].append({"name": name, "chunks_per_s": median(speed[name]), "speed_ratio": median(ratios),
                                "ndcg_at_10_dense": nd, "ndcg_delta_points": (nd - base_ndcg) * 100,
                                "cosine_to_torch_mean": float(cos.mean()), "cosine_to_torch_min": float(cos.min()),
                                "file_mb": paths[name].stat().st_size / 1e6, "full_embed_s": full_s})
        log(f"[backends] {name}: x{median(ratios):.2f} speed, nDCG@10 {nd:.4f} ({(nd - base_ndcg) * 100:+.2f} points), "
            f"cosine mean {cos.mean():.4f}")
    return out
