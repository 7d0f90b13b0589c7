"""One contract for the Store seam (`core.protocols.Store`), run against both implementations a user can
choose: an embedded Chroma folder and a real `chroma run` server on 127.0.0.1."""

from __future__ import annotations

import pytest

from core.protocols import Store
from core.settings import Settings
from core.types import Chunk, Document
from store.chroma import open_store

TEXTS = {
    "bridge": ["UNESCO led the reconstruction of the Mostar Bridge in 2004.",
               "The bridge is a symbol of peaceful coexistence."],
    "cern": ["One of UNESCO's first success stories was the creation of CERN in the 1950s.",
             "SESAME is a synchrotron light source in Jordan."],
}


def _document(doc_id: str, texts: list[str], version: str = "1") -> tuple[Document, list[Chunk]]:
    text = "\n\n".join(texts)
    chunks, start = [], 0
    for n, t in enumerate(texts):
        begin = text.index(t, start)
        chunks.append(Chunk(id=f"{doc_id}:{version}:{n}", document_id=doc_id, text=t, start=begin, end=begin + len(t),
                            ordinal=n, section="Section A", title=f"Title of {doc_id}", source=f"{doc_id}.txt"))
        start = begin + len(t)
    doc = Document(id=doc_id, title=f"Title of {doc_id}", source=f"{doc_id}.txt", format="txt", text=text,
                   content_hash=f"hash-{doc_id}-{version}")
    return doc, chunks


@pytest.fixture(params=["embedded", pytest.param("server", marks=pytest.mark.server)])
def store(request, tmp_path, embedder):
    if request.param == "embedded":
        settings = Settings(store_dir=tmp_path / "store")
    else:
        url, _, _ = request.getfixturevalue("chroma_server")
        settings = Settings(chroma_url=url, store_dir=tmp_path / "unused")
    s = open_store(settings, embedder)
    items = []
    for doc_id, texts in TEXTS.items():
        doc, chunks = _document(doc_id, texts)
        items.append((doc, chunks, embedder.embed([c.text for c in chunks])))
    s.write_documents(items)
    yield s
    s.close()


def test_implements_the_protocol(store):
    assert isinstance(store, Store)


def test_documents_and_chunks_round_trip(store):
    assert sorted(d.id for d in store.list_documents()) == ["bridge", "cern"]
    assert store.count() == 4 and sorted(store.chunk_ids()) == sorted(
        f"{d}:1:{n}" for d in TEXTS for n in range(2))
    doc = store.get_document("bridge")
    assert doc.title == "Title of bridge" and "Mostar Bridge" in doc.text
    chunks = store.document_chunks("cern")
    assert [c.ordinal for c in chunks] == [0, 1] and chunks[1].text.startswith("SESAME")
    got = store.get_chunks(["bridge:1:1"])["bridge:1:1"]
    assert doc.text[got.start:got.end] == got.text and got.section == "Section A"


def test_dense_and_keyword_search_find_the_passage(store, embedder):
    hits = store.dense(embedder.embed(["Which bridge was rebuilt?"])[0], 2)
    assert hits[0][0].id == "bridge:1:0" and hits[0][1] > hits[1][1]
    only_cern = store.dense(embedder.embed(["Which bridge was rebuilt?"])[0], 4, where={"doc_id": "cern"})
    assert {c.document_id for c, _ in only_cern} == {"cern"}
    assert store.keyword_index().search("synchrotron Jordan", 1)[0][0] == "cern:1:1"


def test_replacing_a_document_drops_its_stale_chunks(store, embedder):
    doc, chunks = _document("bridge", ["The Mostar Bridge was rebuilt and reopened in 2004."], version="2")
    store.write_documents([(doc, chunks, embedder.embed([c.text for c in chunks]))])
    assert [c.id for c in store.document_chunks("bridge")] == ["bridge:2:0"]
    assert store.count() == 3 and store.repair() == 0
    assert sorted(store.keyword_index().search("reopened", 3))[0][0] == "bridge:2:0"


def test_delete_removes_record_and_chunks(store):
    assert store.delete_document("cern") is True
    assert store.delete_document("cern") is False
    assert [d.id for d in store.list_documents()] == ["bridge"]
    assert all(not i.startswith("cern:") for i in store.chunk_ids())
