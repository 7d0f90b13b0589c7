"""The ONNX Runtime export of the embedding model: same vectors as sentence-transformers, used for small calls
only when verified, and never trusted when damaged. Real model, real export, real ONNX Runtime."""

from __future__ import annotations

import json

import numpy as np
import pytest

from tests.conftest import CORPUS


@pytest.fixture(scope="module")
def exported(tmp_path_factory, embedder):
    """A fresh export of the packaged model into a temporary user cache."""
    from store import onnx_embedder

    cache = tmp_path_factory.mktemp("xdg-cache")
    mp = pytest.MonkeyPatch()
    mp.setenv("XDG_CACHE_HOME", str(cache))
    try:
        folder = onnx_embedder.export(embedder.model, embedder.path)
        yield folder, mp
    finally:
        mp.undo()


def _texts() -> list[str]:
    """Real passages of every length (some past the model's 256 word pieces), and short questions."""
    text = (CORPUS / "002_9ad71af9260e04b4.txt").read_text()
    paras = [p.strip() for p in text.split("\n\n") if p.strip()]
    return paras[:24] + [" ".join(paras)[:6000], "Which bridge did UNESCO help rebuild?", "In which year?", "x"]


def test_export_is_written_once_and_verified(exported, embedder):
    from store import onnx_embedder

    folder, _ = exported
    assert folder is not None and (folder / "model.onnx").exists()
    meta = json.loads((folder / "meta.json").read_text())
    assert meta["dim"] == embedder.dim == 384 and meta["max_tokens"] == embedder.max_tokens == 256
    assert meta["max_diff"] <= onnx_embedder.MAX_DIFF
    before = (folder / "model.onnx").stat().st_mtime_ns
    assert onnx_embedder.export(embedder.model, embedder.path) == folder  # already there: not redone
    assert (folder / "model.onnx").stat().st_mtime_ns == before


@pytest.mark.parametrize("batch_size", [1, 8, 64])
def test_export_gives_sentence_transformers_vectors(exported, embedder, batch_size):
    from store.onnx_embedder import OnnxEncoder

    folder, _ = exported
    texts = _texts()
    expected = embedder.model.encode(texts, batch_size=16, normalize_embeddings=True, convert_to_numpy=True,
                                     show_progress_bar=False)
    got = OnnxEncoder(folder).encode(texts, batch_size=batch_size)
    assert got.dtype == np.float32 and got.shape == expected.shape
    assert np.abs(got - expected).max() < 1e-4
    assert np.allclose(np.linalg.norm(got, axis=1), 1.0, atol=1e-5)


def test_embedder_uses_the_export_for_every_call_on_the_onnx_engine(exported, embedder):
    from store.embedder import Embedder

    fresh = Embedder("all-MiniLM-L6-v2")  # default engine "onnx"; the temporary cache holds a verified export
    assert fresh.onnx is not None and fresh._model is None
    big = [f"{i}. " + " ".join(_texts()) for i in range(6)] + _texts()
    assert sum(map(len, big)) > fresh.small_call_chars
    vectors = fresh.embed(big)  # an ingest-sized call: the export on one-thread workers, no torch
    assert fresh._model is None and vectors.shape == (len(big), 384)
    expected = embedder.model.encode(big, batch_size=64, normalize_embeddings=True, convert_to_numpy=True,
                                     show_progress_bar=False)
    assert float((vectors * expected).sum(axis=1).min()) >= 0.999999
    assert np.abs(vectors - expected).max() < 1e-4


def test_the_torch_engine_uses_the_export_for_small_calls_only(exported, embedder):
    from store.embedder import Embedder

    fresh = Embedder("all-MiniLM-L6-v2", engine="torch")  # the temporary cache holds a verified export
    assert fresh.onnx is not None and fresh._model is None  # sentence-transformers not loaded
    assert (fresh.dim, fresh.max_tokens) == (embedder.dim, embedder.max_tokens)
    small = fresh.embed(["Which bridge did UNESCO help rebuild?"])
    assert fresh._model is None
    assert np.abs(small - embedder.model.encode(["Which bridge did UNESCO help rebuild?"],
                                                normalize_embeddings=True)).max() < 1e-4
    big = [f"{i}. " + " ".join(_texts()) for i in range(4)]
    assert sum(map(len, big)) > fresh.small_call_chars
    vectors = fresh.embed(big)  # an ingest-sized call: sentence-transformers, all threads
    assert fresh._model is not None and vectors.shape == (4, 384)


def test_damaged_export_is_ignored(exported, embedder, tmp_path, monkeypatch):
    from store import onnx_embedder
    from store.embedder import Embedder

    folder, _ = exported
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    damaged = onnx_embedder.cache_folder(embedder.path)
    damaged.mkdir(parents=True)
    for name in ("meta.json", "tokenizer.json"):
        (damaged / name).write_text((folder / name).read_text())
    (damaged / "model.onnx").write_bytes(b"not a model")
    assert onnx_embedder.load(embedder.path) is None
    fallback = Embedder("all-MiniLM-L6-v2")
    assert fallback.onnx is None and fallback._model is not None  # sentence-transformers serves


def test_no_export_for_a_model_that_is_not_a_local_folder(tmp_path, monkeypatch):
    from store import onnx_embedder

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert onnx_embedder.cache_folder("sentence-transformers/some-hub-id") is None
    assert onnx_embedder.load("sentence-transformers/some-hub-id") is None
