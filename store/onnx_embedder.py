"""A verified ONNX Runtime copy of the embedding model: a fast start and fast small calls.

A cold `unesco-assistant ask` spent 10-13 s of its ~17 s importing torch, transformers and
sentence-transformers (which also imports scikit-learn, pandas and scipy) to embed one question. ONNX
Runtime and tokenizers (both installed with chromadb) load the same model in under a second, and embed a
question on one thread in ~11 ms instead of ~28 ms.

sentence-transformers' own `backend="onnx"` needs `optimum`, which downgrades transformers and breaks
gradio, so the model is exported here with `torch.onnx.export`, once per model and user, the first time
sentence-transformers loads it (in practice during the first ingest, which needs it anyway). The export is
kept only for models that are exactly Transformer -> mean pooling -> normalise (all-MiniLM-L6-v2 is), with
the tokenizer sentence-transformers itself uses (saved from its tokenizer object), and only if its vectors
match sentence-transformers' on probe texts (largest difference per component <= 1e-4; 1.4e-7 measured). Any
other model, or a failed export, keeps using sentence-transformers.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import shutil
import tempfile
from pathlib import Path

EXPORT_VERSION = 1
MAX_DIFF = 1e-4  # largest |difference| per vector component accepted against sentence-transformers
INPUTS = ("input_ids", "attention_mask", "token_type_ids")
PROBES = [  # short, long (truncated at the model's limit), accents, digits, other scripts, whitespace
    "Which bridge did UNESCO help rebuild?",
    "  In which year?  ",
    "Science diplomacy " * 200,
    "La Convention de 1972 concernant la protection du patrimoine mondial, culturel et naturel.",
    "Le pont de Mostar (Stari Most) a été reconstruit en 2004 ; 427 m, US$ 15,5 millions.",
    "教育、科学及文化 — التربية والعلم والثقافة",
    "",
]


def cache_root() -> Path:
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("unesco-assistant", appauthor=False)) / "onnx"


def cache_folder(model_path: str) -> Path | None:
    """Where the export of the model folder `model_path` lives: keyed by the folder and its files' sizes and
    modification times, so a changed model is exported again. None for a hub id (not a local folder)."""
    folder = Path(model_path)
    if not folder.is_dir():
        return None
    h = hashlib.sha1(f"{EXPORT_VERSION}\x00{folder.resolve()}".encode())
    for p in sorted(folder.rglob("*")):
        if p.is_file():
            st = p.stat()
            h.update(f"\x00{p.relative_to(folder)}\x00{st.st_size}\x00{st.st_mtime_ns}".encode())
    return cache_root() / h.hexdigest()[:20]


class OnnxEncoder:
    """Tokenise (the model's own tokenizer), run the exported transformer, mean-pool over the attention mask,
    normalise: what sentence-transformers does for a Transformer -> Pooling(mean) -> Normalize model.

    One intra-op thread per call (the small-call policy of `store.embedder`); `run` may be called from
    several threads at once (ONNX Runtime sessions and tokenizers are thread-safe)."""

    def __init__(self, folder: Path) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        meta = json.loads((folder / "meta.json").read_text())
        if meta.get("version") != EXPORT_VERSION:
            raise ValueError(f"export version {meta.get('version')!r}, expected {EXPORT_VERSION}")
        self.dim = int(meta["dim"])
        self.max_tokens = int(meta["max_tokens"])
        options = ort.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")  # no busy-wait on a shared CPU
        options.log_severity_level = 3
        # No CPU memory arena: ONNX Runtime's arena keeps the largest activations it ever held (ingest batches of
        # 16 x 256 tokens on two threads at once) and never gives them back. With it, embedding 325 chunks grew a
        # server by 260 MB, the same again by 63 MB, and a first-run ingest of the library under chat load kept
        # growing; without it, +93 then +7 MB, and the same speed on these cores (docs/reliability.md, Load).
        options.enable_cpu_mem_arena = False
        self.session = ort.InferenceSession(str(folder / "model.onnx"), options, providers=["CPUExecutionProvider"])
        self.inputs = [i.name for i in self.session.get_inputs()]
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.enable_truncation(self.max_tokens)
        self.tokenizer.enable_padding(pad_id=int(meta["pad_id"]), pad_token=meta["pad_token"])
        self._counter = Tokenizer.from_file(str(folder / "tokenizer.json"))  # whole texts: no truncation, no padding
        self._counter.no_truncation()
        self._counter.no_padding()

    def token_ids(self, text: str) -> list[int]:
        """The model tokenizer's ids for `text`, without special tokens: what `tokenizer.encode(text,
        add_special_tokens=False)` of sentence-transformers' own tokenizer returns (the same tokenizer.json), so
        chunking can count tokens without importing torch, transformers and sentence-transformers (~310 MB)."""
        return self._counter.encode(text, add_special_tokens=False).ids

    def encode(self, texts: list[str], batch_size: int = 8):
        import numpy as np

        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))  # similar lengths pad least
        for start in range(0, len(order), batch_size):
            idx = order[start:start + batch_size]
            enc = self.tokenizer.encode_batch([texts[i] for i in idx])
            arrays = {"input_ids": np.array([e.ids for e in enc], dtype=np.int64),
                      "attention_mask": np.array([e.attention_mask for e in enc], dtype=np.int64),
                      "token_type_ids": np.array([e.type_ids for e in enc], dtype=np.int64)}
            hidden = self.session.run(None, {k: arrays[k] for k in self.inputs})[0]
            mask = arrays["attention_mask"][..., None].astype(np.float32)
            pooled = (hidden * mask).sum(axis=1) / np.clip(mask.sum(axis=1), 1e-9, None)
            out[idx] = pooled / np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None)
        return out

    def encode_parallel(self, texts: list[str], workers: int, batch_size: int = 8):
        """The ingest engine: length-sorted batches of `batch_size` spread over `workers` threads, each running
        the session on its own single intra-op thread (ONNX Runtime and tokenizers release the GIL). On these
        shared cores many small one-thread batches beat few big all-thread ones (less padding, no thread
        waiting on a slower sibling): see docs/performance.md."""
        import numpy as np
        from concurrent.futures import ThreadPoolExecutor

        if workers <= 1 or len(texts) <= batch_size:
            return self.encode(texts, batch_size)
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
        slices = [order[s:s + batch_size] for s in range(0, len(order), batch_size)]

        def run(idx: list[int]) -> None:
            out[idx] = self.encode([texts[i] for i in idx], batch_size)

        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="onnx-embed") as pool:
            for _ in pool.map(run, slices):
                pass
        return out


def load(model_path: str) -> OnnxEncoder | None:
    """The verified export of this model, or None (not exported yet, not exportable, or unreadable)."""
    folder = cache_folder(model_path)
    if folder is None or not (folder / "meta.json").exists():
        return None
    try:
        return OnnxEncoder(folder)
    except Exception:  # noqa: BLE001 - damaged or from another version: sentence-transformers serves
        return None


def _exportable(model) -> str:
    """Why `model` (a SentenceTransformer) cannot be exported, or '' when it can."""
    kinds = [type(m).__name__ for m in model]
    if kinds != ["Transformer", "Pooling", "Normalize"]:
        return f"modules {kinds}, not Transformer -> Pooling -> Normalize"
    pooling = model[1].get_config_dict().get("pooling_mode")
    if pooling != "mean" or getattr(model[1], "include_prompt", True) is not True:
        return f"pooling {pooling!r}, not mean"
    if getattr(model[0], "do_lower_case", False):
        return "the model lowercases its input itself"
    if getattr(model[0].tokenizer, "backend_tokenizer", None) is None:
        return "no fast tokenizer"
    return ""


def export(model, model_path: str) -> Path | None:
    """Export `model` (the SentenceTransformer loaded from `model_path`) unless already done; verify it
    against `model.encode`. Returns the export folder, or None when the model cannot be exported (the reason
    is written to `failed.json` there, so the attempt is not repeated at every start)."""
    folder = cache_folder(model_path)
    if folder is None or (folder / "meta.json").exists() or (folder / "failed.json").exists():
        return folder if folder is not None and (folder / "meta.json").exists() else None
    if importlib.util.find_spec("onnx") is None:  # torch.onnx.export needs it; not recorded: it may be installed later
        return None
    reason = _exportable(model)
    if reason:
        _record_failure(folder, reason)
        return None
    folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=folder.parent, prefix=".tmp-"))
    try:
        _write_export(model, tmp)
        diff = _verify(model, tmp)
        if diff > MAX_DIFF:
            raise ValueError(f"vectors differ from sentence-transformers' by up to {diff:.2g}")
        meta = json.loads((tmp / "meta.json").read_text())
        (tmp / "meta.json").write_text(json.dumps({**meta, "max_diff": diff}))
        try:
            tmp.rename(folder)  # atomic: another process never sees half an export
        except OSError:  # another process finished first: keep theirs
            shutil.rmtree(tmp, ignore_errors=True)
        return folder
    except Exception as e:  # noqa: BLE001 - any failure leaves the torch path in charge
        shutil.rmtree(tmp, ignore_errors=True)
        _record_failure(folder, f"{type(e).__name__}: {e}"[:500])
        return None


def _write_export(model, folder: Path) -> None:
    import warnings

    import torch

    transformer = model[0]
    bert = transformer.auto_model.eval()
    tokenizer = transformer.tokenizer

    class LastHiddenState(torch.nn.Module):
        def __init__(self, inner) -> None:
            super().__init__()
            self.inner = inner

        def forward(self, input_ids, attention_mask, token_type_ids):
            return self.inner(input_ids=input_ids, attention_mask=attention_mask,
                              token_type_ids=token_type_ids).last_hidden_state

    sample = tokenizer(["a short one", "and a somewhat longer sentence than that"], padding=True,
                       return_tensors="pt")
    args = tuple(sample.get(k, torch.zeros_like(sample["input_ids"])) for k in INPUTS)
    axes = {k: {0: "batch", 1: "tokens"} for k in (*INPUTS, "last_hidden_state")}
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # tracer and deprecation warnings: the export is verified below
        torch.onnx.export(LastHiddenState(bert), args, str(folder / "model.onnx"), input_names=list(INPUTS),
                          output_names=["last_hidden_state"], dynamic_axes=axes, opset_version=17, dynamo=False)
    backend = tokenizer.backend_tokenizer
    (folder / "tokenizer.json").write_text(backend.to_str())
    get_dim = getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension
    (folder / "meta.json").write_text(json.dumps({
        "version": EXPORT_VERSION, "dim": int(get_dim()),
        "max_tokens": int(model.max_seq_length), "pad_id": int(tokenizer.pad_token_id or 0),
        "pad_token": str(tokenizer.pad_token or "[PAD]"), "torch": torch.__version__,
    }))


def _verify(model, folder: Path) -> float:
    """Largest |difference| between the export's vectors and `model.encode`'s on the probes, in one batch
    (padding) and one by one."""
    import numpy as np

    expected = model.encode(PROBES, batch_size=len(PROBES), normalize_embeddings=True, convert_to_numpy=True,
                            show_progress_bar=False)
    encoder = OnnxEncoder(folder)
    together = encoder.encode(PROBES, batch_size=len(PROBES))
    alone = np.vstack([encoder.encode([t]) for t in PROBES])
    return float(max(np.abs(together - expected).max(), np.abs(alone - expected).max()))


def decline(model_path: str, reason: str) -> None:
    """Record that this model is not to be exported: every start loads it with sentence-transformers."""
    folder = cache_folder(model_path)
    if folder is not None:
        _record_failure(folder, reason)


def _record_failure(folder: Path, reason: str) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "failed.json").write_text(json.dumps({"reason": reason, "version": EXPORT_VERSION}))
    except OSError:
        pass

