"""A throwaway store holding a benchmark's documents, built through the public API.

The benchmarks (BEIR, SQuAD) bring their documents as records, not files; here they are written as
text files with a `library.json` (see `ingest.metadata`) for their titles and ingested with `Assistant.ingest`, so a
benchmark goes through the same loading, cleaning, chunking and embedding as the user's files.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from core.settings import Settings
from core.types import IngestReport, Passage

Progress = Callable[[int, int, str], None]


def write_documents(documents: Mapping[str, tuple[str, str]], folder: Path) -> dict[str, str]:
    """Write `{original id: (title, text)}` as `folder/dNNNNNN.txt` plus titles in `library.json`.

    Returns `{stored document id: original id}` (file stems are the stored ids, so any original id,
    whatever characters it holds, maps back exactly)."""
    folder.mkdir(parents=True, exist_ok=True)
    id_map: dict[str, str] = {}
    sidecar: dict[str, dict[str, str]] = {}
    width = max(6, len(str(len(documents))))
    for n, (original, (title, text)) in enumerate(documents.items()):
        stem = f"d{n:0{width}d}"
        (folder / f"{stem}.txt").write_text(text, encoding="utf-8")
        if title.strip():
            sidecar[f"{stem}.txt"] = {"title": title.strip()}
        id_map[stem] = original
    (folder / "library.json").write_text(json.dumps(sidecar, ensure_ascii=False), encoding="utf-8")
    return id_map


BUILD_KEYS = ("model", "chunk_size", "chunk_overlap")  # what a built store depends on besides the texts


def check_build(root: Path, settings: Settings) -> None:
    """A kept work folder serves only the chunking and model it was built with (ingest skips unchanged
    texts, so a store built with other chunks would be reused silently). Records them on first use."""
    wanted = {k: getattr(settings, k) for k in BUILD_KEYS}
    marker = root / "build.json"
    if marker.is_file():
        built = json.loads(marker.read_text(encoding="utf-8"))
        if built != wanted:
            raise ValueError(f"{root} holds a store built with {built}; these settings need {wanted}. "
                             "Use another work folder (one per chunking) or remove this one.")
        return
    root.mkdir(parents=True, exist_ok=True)
    marker.write_text(json.dumps(wanted), encoding="utf-8")


def temporary_settings(base: Settings | None, store_dir: Path, collection: str) -> Settings:
    """`base` (model, chunking, retrieval knobs) with an embedded store in `store_dir`."""
    data = (base or Settings()).model_dump()
    data.update(store_dir=store_dir, chroma_url=None, collection=collection)
    return Settings(**data)


@contextmanager
def temporary_assistant(documents: Mapping[str, tuple[str, str]], *, settings: Settings | None = None,
                        collection: str = "benchmark", work_dir: Path | str | None = None,
                        progress: Progress | None = None,
                        ) -> Iterator[tuple[object, dict[str, str], IngestReport]]:
    """Yield `(assistant, {stored id: original id}, ingest report)` for a fresh store of `documents`.

    Everything lives in `work_dir` (kept) or in a temporary folder (removed afterwards)."""
    from assistant.api import Assistant

    with tempfile.TemporaryDirectory(prefix="unesco-eval-") as tmp:
        root = Path(work_dir) if work_dir is not None else Path(tmp)
        check_build(root, settings or Settings())
        id_map = write_documents(documents, root / "documents")
        assistant = Assistant.open(temporary_settings(settings, root / "store", collection))
        try:
            report = assistant.ingest([root / "documents"], progress=progress)
            yield assistant, id_map, report
        finally:
            assistant.close()


def rank_documents(passages: list[Passage], id_map: Mapping[str, str], k: int) -> list[str]:
    """Original document ids in the order of their best passage, at most k (max-passage ranking)."""
    ranked: list[str] = []
    seen: set[str] = set()
    for p in passages:
        original = id_map.get(p.chunk.document_id, p.chunk.document_id)
        if original not in seen:
            seen.add(original)
            ranked.append(original)
            if len(ranked) == k:
                break
    return ranked


def retrieve(assistant, query: str, top_k: int, mode: str | None = None) -> list[Passage]:
    """Passages for `query` in one retrieval mode (bm25, dense, hybrid); None: as configured."""
    return assistant.search(query, top_k=top_k, mode=mode)
