"""Ingest into a real Chroma in tmp_path: idempotent, incremental, consistent with the keyword index."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from core.errors import NotFoundError
from tests.conftest import CORPUS


def consistent(a) -> tuple[set[str], set[str]]:
    """Chroma's chunk ids and the keyword index's ids, rebuilt from scratch (must be equal)."""
    chroma = set(a.store.chunk_ids())
    a.store.invalidate_keyword_cache()
    kw = set(a.store.keyword_index().ids)
    assert chroma == kw
    return chroma, kw


def test_ingest_bundled_corpus_then_reingest_does_nothing(assistant):
    r1 = assistant.ingest([CORPUS])
    assert sorted(r1.added) == ["000_ba9ac47ce8679b22", "002_9ad71af9260e04b4"] and not r1.skipped
    assert r1.chunks_written == assistant.store.count() > 0
    ids1, _ = consistent(assistant)
    docs = {d.id: d for d in assistant.documents()}
    assert docs["000_ba9ac47ce8679b22"].title == "Science Diplomacy"  # from corpus/library.json
    assert docs["002_9ad71af9260e04b4"].source == "002_9ad71af9260e04b4.txt"
    assert sum(d.chunks for d in docs.values()) == len(ids1)
    doc = assistant.document("000_ba9ac47ce8679b22")
    assert doc.metadata == {"short_title": "Science Diplomacy", "doc_type": "web page", "publisher": "UNESCO",
                            "origin": "library"}

    r2 = assistant.ingest([CORPUS])
    assert sorted(r2.unchanged) == sorted(r1.added) and r2.chunks_written == 0 and not r2.added
    assert consistent(assistant)[0] == ids1


def test_changed_document_replaces_its_chunks(assistant, tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    f = folder / "note.txt"
    f.write_text("UNESCO protects the old town of Mostar.\n\nThe bridge was rebuilt in 2004.\n")
    assistant.ingest([folder])
    old_ids, _ = consistent(assistant)
    f.write_text("UNESCO protects heritage in Timbuktu.\n\nThe mausoleums were rebuilt after 2012.\n")
    r = assistant.ingest([folder])
    assert r.updated == ["note"] and not r.added
    new_ids, _ = consistent(assistant)
    assert not (old_ids & new_ids)
    texts = " ".join(c.text for c in assistant.store.document_chunks("note"))
    assert "Timbuktu" in texts and "Mostar" not in texts
    assert [h.chunk.document_id for h in assistant.search("Mostar bridge")] == ["note"]
    assert "Timbuktu" in assistant.search("Mostar bridge")[0].chunk.text  # the old text is gone


def test_a_changed_section_rewrites_the_chunks_that_carry_it(assistant, tmp_path, monkeypatch):
    """Session 37: the closing formula became a section of its own and no word changed; the content hash covers the
    headings, so a store ingested before gets the new sections on its next ingest (not only new documents)."""
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "treaty.txt").write_text(
        "Article 1\n\nThe Parties shall protect the old town of Mostar and its bridge.\n\n"
        "Done at Paris this first day of June 2001, in two authentic copies.\n")
    from ingest import clean as module

    monkeypatch.setattr(module, "CLOSING_FORMULAS", False)
    assistant.ingest([folder])
    assert {c.section for c in assistant.store.document_chunks("treaty")} == {"Article 1"}
    monkeypatch.setattr(module, "CLOSING_FORMULAS", True)
    r = assistant.ingest([folder])
    assert r.updated == ["treaty"], r
    sections = {c.section: c.text for c in assistant.store.document_chunks("treaty")}
    assert sections["Closing formula"].startswith("Done at Paris") and "Mostar" in sections["Article 1"]
    consistent(assistant)


def test_delete_document(assistant):
    assistant.ingest([CORPUS])
    assert assistant.delete_document("000_ba9ac47ce8679b22") is True
    assert [d.id for d in assistant.documents()] == ["002_9ad71af9260e04b4"]
    ids, _ = consistent(assistant)
    assert all(i.startswith("002_") for i in ids)
    assert assistant.delete_document("000_ba9ac47ce8679b22") is False


def test_bad_files_are_skipped_and_the_rest_ingested(assistant, tmp_path):
    folder = tmp_path / "mixed"
    shutil.copytree(CORPUS, folder)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4 garbage" * 10)
    (folder / "noise.docx").write_bytes(b"PK\x03\x04 not really a zip")
    (folder / "data.csv").write_text("a,b\n")
    (folder / "blank.md").write_text("   \n\n  \n")
    r = assistant.ingest([folder])
    assert sorted(r.added) == ["000_ba9ac47ce8679b22", "002_9ad71af9260e04b4"]
    reasons = {Path(s.path).name: s.reason for s in r.skipped}
    assert set(reasons) == {"empty.txt", "broken.pdf", "noise.docx", "data.csv", "blank.md"}
    assert all(reasons.values())


def test_missing_path_is_an_error_and_nothing_is_ingested(assistant, tmp_path):
    with pytest.raises(NotFoundError, match="No such file"):
        assistant.ingest([CORPUS, tmp_path / "missing"])
    assert assistant.store.count() == 0


def test_same_file_name_in_two_folders_keeps_both(assistant, tmp_path):
    for sub, text in (("a", "Heritage in Asia is diverse and old."), ("b", "Heritage in Africa is diverse too.")):
        (tmp_path / sub).mkdir()
        (tmp_path / sub / "report.txt").write_text(text)
    r = assistant.ingest([tmp_path / "a", tmp_path / "b"])
    assert len(r.added) == 2 and len(assistant.documents()) == 2


def test_empty_store_question_says_to_ingest(assistant):
    from core.errors import EmptyStoreError

    with pytest.raises(EmptyStoreError, match="unesco-assistant ingest"):
        assistant.ask("What is science diplomacy?")
