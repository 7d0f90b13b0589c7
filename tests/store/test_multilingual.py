"""The multilingual index (`store.multilingual`), against an embedded Chroma folder and a real `chroma run` server.

Pins down: the second collection holds exactly the main collection's chunk ids, written with each batch; a French
or Arabic question finds the English chunk that answers it; Scope filters (Chroma `where`) apply; replacing and
deleting a document leave no stale vectors; what a crash leaves (vectors without chunks, chunks without vectors) is
repaired by `repair()` and, for an embedded store, by opening it; the store keeps the `Store` contract.
"""

from __future__ import annotations

import pytest

from core.protocols import Store
from core.settings import Settings

from store.multilingual import MultilingualChromaStore, load_multilingual_embedder, open_store
from tests.store.test_store_contract import _document  # one builder of test documents for both store suites

TEXTS = {
    "bridge": ["UNESCO led the reconstruction of the Mostar Bridge in Bosnia and Herzegovina, completed in 2004.",
               "The old bridge is a symbol of peaceful coexistence between communities."],
    "wetlands": ["Each Contracting Party shall designate suitable wetlands within its territory for inclusion in a "
                 "List of Wetlands of International Importance.",
                 "Waterfowl should be considered as an international resource because of their seasonal migrations."],
}


def _write(store, embedder, doc_id: str, version: str = "1", texts: list[str] | None = None) -> None:
    doc, chunks = _document(doc_id, texts or TEXTS[doc_id], version)
    store.write_documents([(doc, chunks, embedder.embed([c.text for c in chunks]))])


def _ml_ids(store) -> set[str]:
    return set(store.multilingual.get(include=[])["ids"])


@pytest.fixture(params=["embedded", pytest.param("server", marks=pytest.mark.server)])
def settings(request, tmp_path):
    if request.param == "embedded":
        return Settings(store_dir=tmp_path / "store")
    url, _, _ = request.getfixturevalue("chroma_server")
    return Settings(chroma_url=url, store_dir=tmp_path / "unused")


@pytest.fixture
def store(settings, embedder):
    s = open_store(settings, embedder)
    for doc_id in TEXTS:
        _write(s, embedder, doc_id)
    yield s
    s.close()


def test_second_collection_mirrors_the_chunks_and_keeps_the_contract(store):
    assert isinstance(store, MultilingualChromaStore) and isinstance(store, Store)
    assert _ml_ids(store) == set(store.chunk_ids()) and len(store.chunk_ids()) == 4
    assert store.multilingual_ready()
    meta = store.multilingual.get(ids=["bridge:1:0"], include=["metadatas"])["metadatas"][0]
    assert meta["doc_id"] == "bridge" and meta["doc_hash"] == "hash-bridge-1"


@pytest.mark.parametrize("question,document", [
    ("Quel pont l'UNESCO a-t-elle aidé à reconstruire en Bosnie ?", "bridge"),
    ("¿Qué debe designar cada Parte Contratante dentro de su territorio?", "wetlands"),
    ("ما هو الجسر الذي ساعدت اليونسكو في إعادة بنائه؟", "bridge"),
])
def test_a_question_in_another_language_finds_the_english_passage(store, question, document):
    hits = store.multilingual_dense(question, 2)
    assert hits[0][0].document_id == document, [(c.id, s) for c, s in hits]
    assert hits[0][0].text in TEXTS[document]  # the English chunk itself, from the main collection


def test_where_filters_apply(store):
    hits = store.multilingual_dense("Quel pont l'UNESCO a-t-elle reconstruit ?", 4,
                                    where={"doc_id": {"$in": ["wetlands"]}})
    assert hits and {c.document_id for c, _ in hits} == {"wetlands"}


def test_replacing_and_deleting_leave_no_stale_vectors(store, embedder):
    _write(store, embedder, "bridge", version="2", texts=["The Mostar Bridge was rebuilt with UNESCO's help."])
    assert _ml_ids(store) == set(store.chunk_ids())
    assert "bridge:2:0" in _ml_ids(store) and "bridge:1:0" not in _ml_ids(store)
    assert store.delete_document("wetlands")
    assert _ml_ids(store) == set(store.chunk_ids()) == {"bridge:2:0"}


def test_repair_embeds_missing_and_deletes_orphans(store):
    # What a crash between the steps of a write leaves: a vector without its chunk, a chunk without its vector.
    store.multilingual.delete(ids=["wetlands:1:1"])
    store.multilingual.upsert(ids=["ghost:1:0"], embeddings=[[0.1] * 512], metadatas=[{"doc_id": "ghost"}])
    assert store.repair() == 0  # the main collection was consistent
    assert _ml_ids(store) == set(store.chunk_ids())
    assert store.multilingual_dense("¿Qué aves migran según las estaciones?", 1)[0][0].id == "wetlands:1:1"


def test_opening_an_embedded_store_syncs_it(tmp_path, embedder):
    settings = Settings(store_dir=tmp_path / "store")
    english_only = open_store(settings.with_overrides(multilingual_model=""), embedder)
    assert not isinstance(english_only, MultilingualChromaStore)
    doc, chunks = _document("bridge", TEXTS["bridge"])
    english_only.write_documents([(doc, chunks, embedder.embed([c.text for c in chunks]))])
    english_only.close()
    reopened = open_store(settings, embedder)  # the multilingual index is derived: built on open
    try:
        assert _ml_ids(reopened) == {"bridge:1:0", "bridge:1:1"} and reopened.multilingual_ready()
    finally:
        reopened.close()


def test_embedder_protocol():
    from core.protocols import Embedder

    e = load_multilingual_embedder("use-multilingual-v3")
    assert isinstance(e, Embedder) and e.dim == 512
    v = e.embed(["Qu'est-ce que la tolérance ?", "Tolerance is respect, acceptance and appreciation."])
    assert v.shape == (2, 512) and abs(float(v[0] @ v[0]) - 1.0) < 1e-3
    assert float(v[0] @ v[1]) > 0.3 and e.tokenize("tolérance")
    assert load_multilingual_embedder("") is None
