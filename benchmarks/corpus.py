"""Benchmark corpora built from the shared datasets (read at run time, never copied into the repo).

- `seeds()`: the bundled corpus folder;
- `legal_instruments()`: ../shared/datasets/unesco-legal-instruments;
- `scifact_documents()`: SciFact's 5,183 abstracts as `{id: (title, text)}` (written out by
  `evals.tempstore.write_documents`, as the BEIR eval does);
- `large_corpus(target_chunks)`: about 100,000 chunks of real text: the seeds, the legal instruments,
  SciFact, SQuAD v1.1 and v2.0 paragraphs (one document per article), World Heritage site descriptions
  and justifications (English and French), then *variants* of those until the estimated chunk count is
  reached. A variant of a document keeps ~85% of its sentences in a seeded random order, and small
  documents (abstracts, sites) are bundled ten to a file in variants, so every variant chunk is new text
  with its own embedding (no exact duplicates to flatter the approximate-search recall).
"""

from __future__ import annotations

import csv
import html
import json
import random
import re
from collections.abc import Iterator
from pathlib import Path

from core.settings import BUNDLED_CORPUS, PROJECT_ROOT

SHARED = Path(PROJECT_ROOT).parent / "shared"
LEGAL = SHARED / "datasets" / "unesco-legal-instruments"
WHC = SHARED / "datasets" / "whc-sites-2021.csv"
SCIFACT = SHARED / "benchmarks" / "scifact"
SQUAD_FILES = (SHARED / "benchmarks" / "squad" / "dev-v1.1.json", SHARED / "benchmarks" / "squad" / "dev-v2.0-half.json")
CHARS_PER_CHUNK = 680  # measured: ~660 chars per chunk on the real documents, ~690 on variants (default chunker)

_SENT = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"“(])")
_TAG = re.compile(r"<[^>]+>")


def seeds() -> Path:
    return BUNDLED_CORPUS


def legal_instruments() -> Path:
    return LEGAL


def scifact_documents(limit: int | None = None) -> dict[str, tuple[str, str]]:
    docs: dict[str, tuple[str, str]] = {}
    with (SCIFACT / "corpus.jsonl").open(encoding="utf-8") as f:
        for line in f:
            if line.strip():
                d = json.loads(line)
                docs[str(d["_id"])] = (d.get("title") or "", d.get("text") or "")
                if limit and len(docs) >= limit:
                    break
    return docs


def squad_documents() -> dict[str, tuple[str, str]]:
    """One document per SQuAD article: its paragraphs separated by blank lines."""
    docs: dict[str, tuple[str, str]] = {}
    for path in SQUAD_FILES:
        data = json.loads(path.read_text(encoding="utf-8"))["data"]
        for art in data:
            title = art["title"].replace("_", " ")
            key = f"squad-{path.stem}-{art['title']}"
            docs[key] = (title, "\n\n".join(p["context"].strip() for p in art["paragraphs"]))
    return docs


def _strip_html(s: str) -> str:
    s = re.sub(r"</p>|<br\s*/?>", "\n\n", s or "")
    return html.unescape(_TAG.sub("", s)).strip()


def whc_documents() -> dict[str, tuple[str, str]]:
    docs: dict[str, tuple[str, str]] = {}
    with WHC.open(encoding="utf-8-sig", newline="") as f:
        for row in csv.DictReader(f):
            parts = [_strip_html(row.get(k, "")) for k in
                     ("short_description_en", "justification_en", "short_description_fr", "justification_fr")]
            text = "\n\n".join(p for p in parts if p)
            if len(text) > 40:
                docs[f"whc-{row['unique_number']}"] = (row["name_en"].strip(), text)
    return docs


def file_documents(folder: Path) -> dict[str, tuple[str, str]]:
    meta = {}  # titles from the library.json of the folder or the one above it (keys relative to that one)
    for lib, prefix in ((folder / "library.json", ""), (folder.parent / "library.json", f"{folder.name}/")):
        if lib.is_file():
            meta = {k[len(prefix):]: v for k, v in json.loads(lib.read_text(encoding="utf-8")).items()
                    if k.startswith(prefix)}
            break
    out = {}
    for p in sorted(folder.glob("*.txt")):
        text = p.read_text(encoding="utf-8", errors="replace").replace("\r\n", "\n")
        if len(text.strip()) > 40:
            out[f"file-{folder.name}-{p.stem}"] = (meta.get(p.name, {}).get("title", ""), text)
    return out


def real_documents() -> dict[str, tuple[str, str]]:
    """Every real text this benchmark uses, once."""
    docs: dict[str, tuple[str, str]] = {}
    docs.update(file_documents(BUNDLED_CORPUS))
    docs.update(file_documents(LEGAL))
    docs.update({f"scifact-{k}": v for k, v in scifact_documents().items()})
    docs.update(squad_documents())
    docs.update(whc_documents())
    return docs


def _sentences(text: str) -> list[str]:
    return [s.strip() for para in re.split(r"\n\s*\n", text) for s in _SENT.split(para) if s.strip()]


def _variant_text(text: str, rng: random.Random) -> str:
    sents = _sentences(text)
    kept = [s for s in sents if rng.random() > 0.15] or sents[:1]
    rng.shuffle(kept)
    paras, i = [], 0
    while i < len(kept):
        n = rng.randint(3, 6)
        paras.append(" ".join(kept[i:i + n]))
        i += n
    return "\n\n".join(paras)


def variants(docs: dict[str, tuple[str, str]], round_no: int, bundle_below: int = 3000) -> Iterator[tuple[str, tuple[str, str]]]:
    """Round `round_no` of variants: long documents one by one, short ones ten to a file."""
    rng = random.Random(1000 + round_no)
    small: list[tuple[str, str]] = []
    for key, (title, text) in docs.items():
        if len(text) >= bundle_below:
            yield f"v{round_no}-{key}", (f"{title} (variant {round_no})".strip(), _variant_text(text, rng))
        else:
            small.append((title, text))
    rng.shuffle(small)
    for n in range(0, len(small), 10):
        group = small[n:n + 10]
        body = "\n\n".join(f"{t}. {_variant_text(x, rng)}" if t else _variant_text(x, rng) for t, x in group)
        yield f"v{round_no}-bundle-{n // 10:05d}", (f"Collected abstracts and notes {round_no}-{n // 10}", body)


def large_corpus(target_chunks: int = 100_000, chars_per_chunk: int = CHARS_PER_CHUNK) -> dict[str, tuple[str, str]]:
    """The real documents, then variant rounds until about `target_chunks` chunks (estimated by characters)."""
    base = real_documents()
    out = dict(base)
    total = sum(len(t) for _, t in base.values())
    round_no = 1
    while total / chars_per_chunk < target_chunks:
        for key, (title, text) in variants(base, round_no):
            out[key] = (title, text)
            total += len(text)
            if total / chars_per_chunk >= target_chunks:
                break
        round_no += 1
    return out


def estimate_chunks(docs: dict[str, tuple[str, str]], sample: int = 400, seed: int = 0) -> tuple[float, int]:
    """(characters per chunk, estimated chunks) from chunking a random sample with the real chunker."""
    from core.settings import Settings
    from ingest.chunking import Chunker
    from ingest.clean import clean
    from store.embedder import load_embedder
    from core.types import Document

    s = Settings()
    emb = load_embedder(s.model, s.embed_batch_size)
    chunker = Chunker(emb.tokenize, s.chunk_size, s.chunk_overlap)
    keys = random.Random(seed).sample(sorted(docs), min(sample, len(docs)))
    chars = chunks = 0
    for k in keys:
        c = clean(docs[k][1])
        d = Document(id="x", title=docs[k][0], source="x", format="txt", text=c.text, content_hash="x")
        chunks += len(chunker.chunk(d, c))
        chars += len(docs[k][1])
    per = chars / max(1, chunks)
    return per, int(sum(len(t) for _, t in docs.values()) / per)


def scifact_sample(n: int, seed: int = 0) -> dict[str, tuple[str, str]]:
    """`n` SciFact abstracts: every document judged relevant for the first test queries, then random others
    (so a sampled nDCG@10 is computed over a corpus that holds every relevant document)."""
    import csv as _csv

    docs = scifact_documents()
    rel: list[str] = []
    with (SCIFACT / "qrels" / "test.tsv").open(encoding="utf-8") as f:
        for row in _csv.reader(f, delimiter="\t"):
            if len(row) >= 3 and row[1] in docs and row[1] not in rel:
                rel.append(row[1])
    rng = random.Random(seed)
    others = [d for d in sorted(docs) if d not in set(rel)]
    rng.shuffle(others)
    chosen = (rel + others)[:n]
    return {d: docs[d] for d in chosen}


def scifact_sample_folder(work: Path, n: int) -> Path:
    """The sample written once as files (as `evals.tempstore` does) under WORK/scifact-sample-N."""
    from evals.tempstore import write_documents

    folder = work / f"scifact-sample-{n}" / "documents"
    if not (folder / "library.json").is_file():
        id_map = write_documents(scifact_sample(n), folder)
        (folder.parent / "id_map.json").write_text(json.dumps(id_map))
    return folder


def scifact_store_sample(work: Path, default: int) -> int:
    """How many SciFact abstracts WORK/store-scifact holds (written by `throughput`)."""
    try:
        return int((work / "store-scifact-sample.txt").read_text())
    except (OSError, ValueError):
        return default
