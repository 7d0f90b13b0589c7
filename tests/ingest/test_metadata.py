"""library.json: validated on load, bad entries reported in one line each, metadata on documents and chunks."""

from __future__ import annotations

import json
from pathlib import Path

from core.types import split_aliases
from ingest.metadata import LibraryFinder, load_library
from ingest.pipeline import prepare_document
from tests.conftest import CORPUS, LIBRARY


def write(folder: Path, library: object, files: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    path = folder / "library.json"
    path.write_text(library if isinstance(library, str) else json.dumps(library), encoding="utf-8")
    return path


TEXT = "The States Parties shall protect the cultural heritage situated on their territory.\n"


def test_the_bundled_library_loads_without_problems():
    lib = load_library(LIBRARY / "library.json")
    assert lib.problems == [] and len(lib.entries) == 81
    e = lib.entries["instruments/CONVENTION_0201_013039_1970_paris.txt"]
    assert (e.short_title, e.type, e.year, e.city) == ("1970 Convention", "Convention", 1970, "Paris")


def test_malformed_file_is_one_line_and_its_documents_get_no_metadata(tmp_path):
    path = write(tmp_path, "{not json", {"a.txt": TEXT})
    lib = load_library(path)
    assert len(lib.problems) == 1 and str(path) in lib.problems[0] and "not valid JSON" in lib.problems[0]
    assert lib.entries == {}


def test_bad_entry_and_missing_file_name_the_file_and_the_entry(tmp_path):
    path = write(tmp_path, {"a.txt": {"title": "Good"}, "b.txt": {"title": "Bad", "year": "nineteen"},
                            "c.txt": {"titel": "Typo"}, "gone.txt": {"title": "Missing"}},
                 {"a.txt": TEXT, "b.txt": TEXT, "c.txt": TEXT})
    lib = load_library(path)
    assert set(lib.entries) == {"a.txt"}
    assert len(lib.problems) == 3
    by_entry = {next(k for k in ("'b.txt'", "'c.txt'", "'gone.txt'") if k in p): p for p in lib.problems}
    assert "year" in by_entry["'b.txt'"] and "titel" in by_entry["'c.txt'"]
    assert "does not exist" in by_entry["'gone.txt'"]
    assert all(p.startswith(f"{path}: entry ") for p in lib.problems)


def test_an_alias_claimed_by_two_documents_is_refused_with_both_names(tmp_path):
    path = write(tmp_path, {"a.txt": {"title": "A", "aliases": ["The Paris Text", "A text"]},
                            "b.txt": {"title": "B", "aliases": ["paris text"]}}, {"a.txt": TEXT, "b.txt": TEXT})
    lib = load_library(path)
    assert len(lib.problems) == 1
    assert "'a.txt'" in lib.problems[0] and "'b.txt'" in lib.problems[0] and "paris text" in lib.problems[0]
    assert lib.entries["a.txt"].aliases == ["A text"] and lib.entries["b.txt"].aliases == []


def test_seeds_ingested_alone_find_the_library_above_them():
    doc, _ = prepare_document(CORPUS / "000_ba9ac47ce8679b22.txt", CORPUS, LibraryFinder())
    assert doc.title == "Science Diplomacy" and doc.metadata["doc_type"] == "web page"
    assert doc.origin == "library"


def test_an_instrument_carries_its_identity():
    path = LIBRARY / "instruments" / "CONVENTION_0201_013039_1970_paris.txt"
    doc, _ = prepare_document(path, LIBRARY, LibraryFinder())
    assert doc.title.startswith("Convention on the Means of Prohibiting and Preventing the Illicit Import")
    assert (doc.short_title, doc.year, doc.metadata["city"], doc.origin) == ("1970 Convention", 1970, "Paris",
                                                                           "library")
    assert "1970 UNESCO Convention" in doc.aliases and split_aliases(doc.metadata["aliases"]) == doc.aliases


def test_ingest_with_a_bad_entry_ingests_the_rest_and_reports_it(assistant, tmp_path):
    folder = tmp_path / "lib"
    write(folder, {"good.txt": {"title": "The Good Text", "short_title": "Good", "type": "Convention",
                                "year": 1972, "city": "Paris", "aliases": ["the good one"]},
                   "bad.txt": {"title": "Bad", "year": -5}, "ghost.txt": {"title": "Ghost"}},
          {"good.txt": TEXT, "bad.txt": "Cultural property must be returned to its country of origin.\n",
           "upload.txt": "Museums keep collections for the public.\n"})
    report = assistant.ingest([folder])
    assert sorted(report.added) == ["bad", "good", "upload"]
    assert len(report.warnings) == 2
    assert any("'bad.txt'" in w and "year" in w for w in report.warnings)
    assert any("'ghost.txt'" in w and "does not exist" in w for w in report.warnings)
    docs = {d.id: d for d in assistant.documents()}
    good = docs["good"]
    assert (good.title, good.short_title, good.doc_type, good.year, good.city, good.origin, good.aliases) == (
        "The Good Text", "Good", "Convention", 1972, "Paris", "library", ("the good one",))
    assert docs["upload"].origin == "upload" and docs["upload"].year == 0
    chunk = assistant.store.document_chunks("good")[0]
    assert (chunk.title, chunk.short_title, chunk.doc_type, chunk.year, chunk.origin, chunk.city) == (
        "The Good Text", "Good", "Convention", 1972, "library", "Paris")
    raw = assistant.store.chunks.get(ids=[chunk.id], include=["metadatas"])["metadatas"][0]
    assert raw["year"] == 1972 and raw["doc_type"] == "Convention"  # scalars, filterable with Chroma's `where`
    # metadata is part of the document's identity: a changed short title re-writes its chunks
    lib = json.loads((folder / "library.json").read_text())
    lib["good.txt"]["short_title"] = "Better"
    (folder / "library.json").write_text(json.dumps(lib))
    again = assistant.ingest([folder])
    assert again.updated == ["good"]
    assert assistant.store.document_chunks("good")[0].short_title == "Better"
