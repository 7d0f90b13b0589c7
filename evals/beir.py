"""BEIR-format retrieval benchmark: `corpus.jsonl`, `queries.jsonl`, `qrels/<split>.tsv`.

The corpus is ingested into a temporary store (title + text, as MTEB and BEIR read it), each query
is run in each retrieval mode, and nDCG@10, Recall@100 and MRR@10 are computed as BEIR does
(pytrec_eval's ndcg_cut and recall, BEIR's own MRR@k, documents equal to the query id ignored).
A document's rank is that of its best passage.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from core.settings import Settings
from evals.metrics import mean, mrr_at_k, ndcg_at_k_graded, recall_at_k
from evals.tempstore import rank_documents, retrieve, temporary_assistant

Progress = Callable[[int, int, str], None]
MODES = ("bm25", "dense", "hybrid")
DEPTH = 100  # documents ranked per query (Recall@100)
PASSAGES_PER_DOCUMENT = 2  # passages fetched per wanted document, so long documents do not crowd the list


class BeirDataError(ValueError):
    """A BEIR folder that cannot be read; the message names the file."""


@dataclass(frozen=True)
class BeirDataset:
    name: str
    corpus: dict[str, tuple[str, str]]  # doc id -> (title, text)
    queries: dict[str, str]  # query id -> text (only queries with judgements in the split)
    qrels: dict[str, dict[str, int]]  # query id -> {doc id: grade}


def load_beir(data_dir: Path | str, split: str = "test", limit: int | None = None) -> BeirDataset:
    """Read a BEIR dataset folder; keeps the queries that have judgements in `split` (the first
    `limit` of them, in qrels order, when given)."""
    root = Path(data_dir)
    paths = {"corpus": root / "corpus.jsonl", "queries": root / "queries.jsonl",
             "qrels": root / "qrels" / f"{split}.tsv"}
    for what, path in paths.items():
        if not path.is_file():
            raise BeirDataError(f"{path}: missing; a BEIR folder holds corpus.jsonl, queries.jsonl and "
                                f"qrels/<split>.tsv ({what}).")
    qrels: dict[str, dict[str, int]] = {}
    with paths["qrels"].open(encoding="utf-8", newline="") as f:
        reader = csv.reader(f, delimiter="\t")
        for n, row in enumerate(reader, start=1):
            if n == 1 and row and not row[-1].lstrip("-").isdigit():
                continue  # header: query-id corpus-id score
            if len(row) < 3:
                raise BeirDataError(f"{paths['qrels']}, line {n}: expected query-id, corpus-id, score.")
            qrels.setdefault(row[0], {})[row[1]] = int(row[2])
    if limit is not None:
        qrels = dict(list(qrels.items())[:limit])

    def records(path: Path):
        with path.open(encoding="utf-8") as f:
            for n, line in enumerate(f, start=1):
                if line.strip():
                    try:
                        yield json.loads(line)
                    except json.JSONDecodeError as exc:
                        raise BeirDataError(f"{path}, line {n}: not valid JSON ({exc.msg}).") from None

    corpus = {str(d["_id"]): (d.get("title") or "", d.get("text") or "") for d in records(paths["corpus"])}
    queries = {str(q["_id"]): q["text"] for q in records(paths["queries"]) if str(q["_id"]) in qrels}
    qrels = {q: rel for q, rel in qrels.items() if q in queries}
    return BeirDataset(root.name, corpus, queries, qrels)


def score_query(ranked_ids: Sequence[str], qrels: dict[str, int], query_id: str) -> dict[str, float]:
    ranked = [d for d in ranked_ids if d != query_id]  # BEIR's ignore_identical_ids
    return {
        "ndcg_at_10": ndcg_at_k_graded(ranked, qrels, 10),
        "recall_at_100": recall_at_k(ranked, qrels, 100),
        "mrr_at_10": mrr_at_k(ranked, qrels, 10),
    }


def rank_corpus(assistant, query: str, id_map: dict[str, str], mode: str, depth: int = DEPTH) -> list[str]:
    """The first `depth` + 1 documents (one spare for an identical id) for `query`, by best passage.

    nDCG@10 and MRR@10 come from one retrieval of `depth * PASSAGES_PER_DOCUMENT` passages. When a
    corpus cut into many chunks per document yields fewer documents than that, a deeper retrieval fills
    ranks past 10 only (fusion scores depend on the pool, so the top ranks are kept as they were)."""
    top_k = depth * PASSAGES_PER_DOCUMENT
    passages = retrieve(assistant, query, top_k, mode)
    ranked = rank_documents(passages, id_map, depth + 1)
    while len(ranked) < depth + 1 and len(passages) == top_k and top_k < depth * 16:
        top_k *= 2
        passages = retrieve(assistant, query, top_k, mode)
        head = ranked[:11]
        ranked = head + [d for d in rank_documents(passages, id_map, depth + 1 + len(head)) if d not in head]
        ranked = ranked[:depth + 1]
    return ranked


def evaluate_modes(assistant, dataset: BeirDataset, id_map: dict[str, str], modes: Sequence[str] = MODES,
                   progress: Progress | None = None) -> dict:
    """Rank the corpus for every query in every mode; `{"results": [{mode, ndcg_at_10, ...}]}`."""
    notify = progress or (lambda done, total, what: None)
    results = []
    total = len(dataset.queries) * len(modes)
    done = 0
    for mode in modes:
        per_query = []
        for qid, text in dataset.queries.items():
            ranked = rank_corpus(assistant, text, id_map, mode)
            per_query.append(score_query(ranked, dataset.qrels[qid], qid))
            done += 1
            notify(done, total, mode)
        results.append({
            "mode": mode,
            **{m: mean([s[m] for s in per_query]) for m in ("ndcg_at_10", "recall_at_100", "mrr_at_10")},
            "queries": len(per_query),
        })
    return {"results": results}


def run_beir(data_dir: Path | str, *, split: str = "test", modes: Sequence[str] = MODES,
             settings: Settings | None = None, limit: int | None = None, work_dir: Path | str | None = None,
             progress: Progress | None = None) -> dict:
    """Ingest a BEIR dataset into a temporary store and score each retrieval mode.

    Returns `{"dataset", "split", "documents", "skipped", "results": [{"mode", "ndcg_at_10",
    "recall_at_100", "mrr_at_10", "queries"}, ...]}`."""
    for mode in modes:
        if mode not in MODES:
            raise ValueError(f"mode must be one of {', '.join(MODES)}. Currently, mode is {mode!r}.")
    dataset = load_beir(data_dir, split, limit)
    with temporary_assistant(dataset.corpus, settings=settings, collection="beir-eval", work_dir=work_dir,
                             progress=progress) as (assistant, id_map, report):
        out = evaluate_modes(assistant, dataset, id_map, modes, progress)
    return {"dataset": dataset.name, "split": split, "documents": len(dataset.corpus),
            "skipped": len(report.skipped), **out}
