"""`search`/`ask` with `--in`, `--type` and `--year`, in real subprocesses over a real store of a small library."""

from __future__ import annotations

import json

import pytest

from tests.conftest import run_cli

LIBRARY = {
    "hague.txt": ({"title": "Convention for the Protection of Cultural Property in the Event of Armed Conflict",
                   "short_title": "Hague Convention", "type": "Convention", "year": 1954},
                  "Article 4\n\nThe High Contracting Parties undertake to respect cultural property situated within "
                  "their own territory and to refrain from any act of hostility directed against such property."),
    "artist.txt": ({"title": "Recommendation concerning the Status of the Artist", "type": "Recommendation",
                    "year": 1980, "aliases": ["1980 Artist Recommendation"]},
                   "Member States should protect the artist's right to freedom of expression and should respect "
                   "cultural property of artists, their works and their professional organizations."),
}


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    root = tmp_path_factory.mktemp("cli-scope")
    folder = root / "library"
    folder.mkdir()
    for name, (_, text) in LIBRARY.items():
        (folder / name).write_text(text, encoding="utf-8")
    meta = {name: {**entry, "origin": "library"} for name, (entry, _) in LIBRARY.items()}
    (folder / "library.json").write_text(json.dumps(meta), encoding="utf-8")
    r = run_cli("ingest", str(folder), "--store", str(root / "store"))
    assert r.returncode == 0, r.stderr
    return str(root / "store")


def test_search_in_an_alias_and_by_type_or_year(store):
    r = run_cli("search", "respect cultural property", "--store", store, "--in", "the hague convention")
    assert r.returncode == 0, r.stderr
    assert "hague" in r.stdout and "artist" not in r.stdout
    r = run_cli("search", "respect cultural property", "--store", store, "--type", "Recommendation",
                "--year", "1980")
    assert r.returncode == 0, r.stderr
    assert "artist" in r.stdout and "hague ›" not in r.stdout


def test_an_unknown_document_is_one_line_naming_close_matches(store):
    r = run_cli("ask", "What must parties respect?", "--store", store, "--in", "the Hauge Convention")
    assert r.returncode == 1
    assert "Traceback" not in r.stderr
    assert "No document called" in r.stderr and "Hague Convention (hague)" in r.stderr
